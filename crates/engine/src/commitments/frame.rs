//! Commitments read from the dependency parse: the frame of a predicate marks the commitment
//! (a future or conditional modal, a "to"-clause of "plans"/"pledged"/"is considering", a
//! completed act such as "signed" or "has earmarked"), not its verb's own word. The actor is the
//! predicate's subject or passive agent, or the speaker whose clause holds it ("Qwest has said it
//! will table a new offer"); pronouns and "the company" are resolved to the last compatible name
//! of the article. Only sentences holding a word of the frame lists are parsed.

use std::collections::HashSet;
use std::sync::OnceLock;

use grammar::{Grammar, Parse, Upos};
use quarry_text::knowledge::{Cues, Frame, Knowledge};
use quarry_text::phrases::{words_of, Word};
use quarry_text::{split_sentences, Span};

use super::amount::amounts;
use super::extract::{date, speaker};
use super::mentions::{mentions, Capitals, Mention, Who};
use super::{Commitment, Stage};

/// Words an action phrase may hold at most.
const MAX_ACTION_WORDS: usize = 16;

/// Whether a name stands for a person or for an organisation, a state or a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Person,
    Organisation,
    /// A country, a bloc or a government.
    State,
}

/// A name the article has used: how often, when last, and what it names.
#[derive(Debug)]
struct Seen {
    name: String,
    kind: Kind,
    count: usize,
    last: usize,
    /// Nouns the article has described it by ("football club Borussia Dortmund", "Acme, the
    /// retailer"): what "the club" or "the retailer" can stand for.
    described: Vec<String>,
    /// A person's offices ("Chancellor Gordon Brown"): whom "the chancellor" stands for.
    titles: Vec<String>,
}

/// What earlier sentences of the article tell a later one.
#[derive(Debug, Default)]
struct Context {
    /// Speaker of the current paragraph's quotes.
    speaker: Option<String>,
    /// Every name seen so far; the one named most often (and lately) is what "he" or "the
    /// company" most likely stands for in news, where the story's protagonist recurs.
    seen: Vec<Seen>,
    /// Sentences read so far.
    clock: usize,
    /// A name seen within this many sentences counts this many times more (`[frame]` salience).
    recent_sentences: usize,
    recent_bonus: usize,
    /// Who the list being read belongs to ("Mr Brown has:"), and its items' stage, unless
    /// each item gives its own ("Mr Howard also:").
    list_owner: Option<(String, Option<Stage>)>,
    /// The actors of the commitments found so far, in order.
    committed: Vec<String>,
    /// The named subjects of the sentence read last, with their kinds.
    previous_subjects: Vec<(String, Kind)>,
    /// The plural body of people the sentence read last was about ("A group of five MPs are
    /// calling ..."): what "they" then stands for, rather than the last organisation.
    previous_people: Option<People>,
    /// The plan the sentence read last presented ("set out a childcare strategy"), as its
    /// owner and stage: what a following "It includes ..." details.
    presented_plan: Option<(String, Stage)>,
}

/// A plural noun a sentence was about, what a later "they" stands for.
#[derive(Debug, Clone)]
enum People {
    /// A body that acts as itself ("MPs", "shareholders"), as its actor name.
    Body(String),
    /// People or things in general ("users", "all companies"): no actor.
    Unnamed,
}

impl Context {
    /// How salient a name is: its mentions, with a bonus when it was named lately, then how
    /// lately.
    fn salience(&self, s: &Seen) -> (usize, usize) {
        let recent = self.clock - s.last <= self.recent_sentences;
        (s.count + self.recent_bonus * usize::from(recent), s.last)
    }

    /// The most salient name of one of these kinds: named most often, then most recently.
    fn salient(&self, kinds: &[Kind]) -> Option<String> {
        self.seen
            .iter()
            .filter(|s| kinds.contains(&s.kind))
            .max_by_key(|s| self.salience(s))
            .map(|s| s.name.clone())
    }

    /// The actor who has committed most often so far (the latest on a tie): who pays when an
    /// article says only that money "will be spent".
    fn protagonist(&self) -> Option<String> {
        let count = |name: &String| self.committed.iter().filter(|c| *c == name).count();
        self.committed
            .iter()
            .enumerate()
            .max_by_key(|&(at, name)| (count(name), at))
            .map(|(_, name)| name.clone())
    }

    /// The `n` organisations named last, the most often named first on a tie: what "both
    /// company boards" or "the two firms" stand for.
    fn latest_bodies(&self, n: usize) -> Vec<String> {
        let mut bodies: Vec<&Seen> = self
            .seen
            .iter()
            .filter(|s| s.kind == Kind::Organisation)
            .collect();
        bodies.sort_by_key(|s| std::cmp::Reverse((s.last, s.count)));
        bodies.into_iter().take(n).map(|s| s.name.clone()).collect()
    }

    fn last(&self, kind: Kind) -> Option<String> {
        self.last_of(&[kind])
    }

    /// The name of one of these kinds a pronoun most likely stands for.
    fn last_of(&self, kinds: &[Kind]) -> Option<String> {
        self.previous_subject(kinds).or_else(|| self.salient(kinds))
    }

    /// What "it" or "they" most likely stands for: an organisation or a state.
    fn last_body(&self) -> Option<String> {
        let kinds = [Kind::Organisation, Kind::State];
        self.previous_subject(&kinds)
            .or_else(|| self.salient(&kinds))
    }

    /// The one subject of these kinds the sentence before named: a pronoun continues what the
    /// sentence before was about ("Gordon Brown is expected to unveil his plans. He has
    /// promised to ..."), whoever the story named most.
    fn previous_subject(&self, kinds: &[Kind]) -> Option<String> {
        let mut of_kind = self
            .previous_subjects
            .iter()
            .filter(|(_, k)| kinds.contains(k));
        match (of_kind.next(), of_kind.next()) {
            (Some((name, _)), None) => Some(name.clone()),
            _ => None,
        }
    }

    fn kind_of(&self, name: &str, frame: &Frame) -> Kind {
        let full = self.full_name(name);
        self.seen
            .iter()
            .find(|s| s.name == full)
            .map_or_else(|| kind_of_name(name, frame), |s| s.kind)
    }

    fn saw(&mut self, name: &str, kind: Kind) {
        let full = self.full_name(name);
        let clock = self.clock;
        match self.seen.iter_mut().find(|s| s.name == full) {
            Some(s) => {
                s.count += 1;
                s.last = clock;
            }
            None => self.seen.push(Seen {
                name: full,
                kind,
                count: 1,
                last: clock,
                described: Vec::new(),
                titles: Vec::new(),
            }),
        }
    }

    /// Notes that the article described `name` by `noun`.
    fn described(&mut self, name: &str, noun: &str) {
        let full = self.full_name(name);
        if let Some(s) = self.seen.iter_mut().find(|s| s.name == full) {
            // Described by a noun of a body, it is one, whatever its two words suggested.
            if s.kind == Kind::Person {
                s.kind = Kind::Organisation;
            }
            if !s.described.iter().any(|d| d == noun) {
                s.described.push(noun.to_string());
            }
        }
    }

    /// Notes that the article gave the person `name` the office `title`.
    fn titled(&mut self, name: &str, title: &str) {
        let full = self.full_name(name);
        if let Some(s) = self.seen.iter_mut().find(|s| s.name == full) {
            if !s.titles.iter().any(|t| t == title) {
                s.titles.push(title.to_string());
            }
        }
    }

    /// The person "the chancellor" stands for: the most salient one the article gave that
    /// office, else the most salient one it gave no office at all ("Mr Brown"); never a person
    /// it named with another office ("Prime Minister Tony Blair").
    fn holder_of(&self, title: &str) -> Option<String> {
        let salience = |s: &&Seen| self.salience(s);
        let people = || self.seen.iter().filter(|s| s.kind == Kind::Person);
        people()
            .filter(|s| s.titles.iter().any(|t| t == title))
            .max_by_key(salience)
            .or_else(|| {
                people()
                    .filter(|s| s.titles.is_empty())
                    .max_by_key(salience)
            })
            .map(|s| s.name.clone())
    }

    /// The most salient organisation the article described by `noun`, if any: "the club"
    /// is the club the story named, not the bank named last.
    fn described_by(&self, noun: &str) -> Option<String> {
        self.seen
            .iter()
            .filter(|s| {
                // "the department" after "the Department of Health": the name holds the noun.
                let in_name = s
                    .name
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(noun));
                s.kind == Kind::Organisation && (in_name || s.described.iter().any(|d| d == noun))
            })
            .max_by_key(|s| self.salience(s))
            .map(|s| s.name.clone())
    }

    /// The longest earlier name that ends with this one ("Glazer" → "Malcolm Glazer").
    fn full_name(&self, name: &str) -> String {
        self.seen
            .iter()
            .map(|s| &s.name)
            .filter(|n| n.len() > name.len() && n.ends_with(name))
            .find(|n| n[..n.len() - name.len()].ends_with(' '))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// What one sentence's parse gave.
#[derive(Default)]
struct Read {
    parse: Parse,
    found: Vec<Found>,
    /// Names that are the subject of some verb, in order.
    subjects: Vec<String>,
    /// Whether some would-be predicate was denied (see `Reader::denied`).
    denied: bool,
    /// The plan a commitment of the sentence presented, with its owner and stage.
    presented_plan: Option<(String, Stage)>,
}

/// A commitment found in a parsed sentence.
struct Found {
    actor: String,
    predicate: usize,
    stage: Stage,
}

/// What the parse reads in an article: its commitments, and the sentences whose only candidate
/// predicates it denied (negated, speculative, a condition, a reaction), which no weaker reading
/// should then claim.
#[derive(Debug, Default)]
pub struct Article {
    pub commitments: Vec<Commitment>,
    pub denied: Vec<String>,
}

#[cfg(test)]
pub fn extract(doc: &str, body: &str) -> Vec<Commitment> {
    read_article(doc, body).commitments
}

pub fn read_article(doc: &str, body: &str) -> Article {
    let knowledge = Knowledge::get();
    let cues = &knowledge.cues;
    let capitals = Capitals::of(body);
    let mut context = Context {
        recent_sentences: cues.frame.salience_recent_sentences,
        recent_bonus: cues.frame.salience_recent_bonus,
        ..Context::default()
    };
    let mut out = Vec::new();
    let mut denied = Vec::new();
    let spans = split_sentences(body);
    let sentences: Vec<(Vec<Word>, Vec<Mention>)> = spans
        .iter()
        .map(|&span| {
            let words = words_of(body, span);
            let found = mentions(&words, Some(&capitals));
            (words, found)
        })
        .collect();
    // Who speaks in each sentence; a quote opening a paragraph ("We will ...") is often
    // attributed only at its end ("..., he said." or "said Mr Brown.").
    let speakers: Vec<Option<String>> = sentences
        .iter()
        .zip(&spans)
        .map(|((words, found), span)| {
            speaker(words, found, cues).or_else(|| {
                // "Shareholders United - which has ... - said": the speaker before the aside.
                let text = span.of(body);
                let plain = without_asides(text);
                if plain == text {
                    return None;
                }
                let all = Span {
                    start: 0,
                    end: plain.len(),
                };
                let words = words_of(&plain, all);
                let found = mentions(&words, Some(&capitals));
                speaker(&words, &found, cues)
            })
        })
        .collect();
    // "..., he said.": who the pronoun stands for is known only when its sentence is read.
    let pronoun_speakers: Vec<Option<&'static [Kind]>> = sentences
        .iter()
        .map(|(words, found)| pronoun_speaker(words, found, cues))
        .collect();
    let paragraph_starts: Vec<bool> = spans
        .iter()
        .enumerate()
        .map(|(n, span)| n == 0 || body[spans[n - 1].end..span.start].contains('\n'))
        .collect();
    // Whether the paragraph read so far named its speaker.
    let mut named_speaker = false;
    for (n, (&span, (words, found))) in spans.iter().zip(&sentences).enumerate() {
        if paragraph_starts[n] {
            let paragraph = || (n..spans.len()).take_while(|&k| k == n || !paragraph_starts[k]);
            let named = paragraph().find_map(|k| speakers[k].clone());
            // ""We will cut 900 jobs. We will also close Leeds," he said.": the pronoun that
            // ends the quote stands for the person the story was about before it opened.
            let pronoun = || {
                paragraph()
                    .find_map(|k| pronoun_speakers[k])
                    .and_then(|kinds| context.last_of(kinds))
            };
            // A paragraph of quotation that names no one goes on quoting the speaker of the
            // paragraph before, as news writes a long quote.
            let quoting = span.of(body).trim_start().starts_with(['"', '\u{201c}']);
            context.speaker = named
                .or_else(pronoun)
                .or_else(|| context.speaker.take().filter(|_| quoting));
            named_speaker = false;
        }
        if let Some(name) = &speakers[n] {
            context.speaker = Some(name.clone());
            named_speaker = true;
        } else if let Some(kinds) = pronoun_speakers[n].filter(|_| !named_speaker) {
            // A pronoun speaker continues the name the paragraph gave ("...," said Hynde.
            // "...," she said.); with none, it is the person the story was just about.
            context.speaker = context.last_of(kinds);
        }
        if let Some(name) = context.speaker.take() {
            context.speaker = Some(context.full_name(&name));
        }
        let (words, found) = (words.as_slice(), found.as_slice());
        let text = span.of(body);
        if let Some(item) = list_item(text) {
            let owned = context
                .list_owner
                .as_ref()
                .and_then(|(actor, stage)| Some((actor, stage.or_else(|| item_stage(item))?)));
            if let Some((actor, stage)) = owned {
                out.push(Commitment {
                    doc: doc.to_string(),
                    actor: actor.clone(),
                    action: first_words(item),
                    amount: amounts(item).into_iter().next().map(|(_, a)| a),
                    date: date(words, cues),
                    stage,
                    quote: text.to_string(),
                });
                continue;
            }
        } else {
            context.list_owner = None;
        }
        if text.trim_end().ends_with(':') {
            context.list_owner = list_owner(body, span, &capitals, &context);
            continue;
        }
        let parsed = states_commitments(text) && has_trigger(words);
        // "A group of five MPs are calling ... They have signed a motion": "they" stands for
        // the people the sentence before was about (parsed again here only when needed;
        // the grammar keeps recent parses).
        context.previous_people = None;
        if parsed && n > 0 && words.iter().any(|w| w.key == "they") {
            let before = without_asides(spans[n - 1].of(body));
            context.previous_people =
                people_subject(&parse_in_article(&before, &capitals), &cues.frame);
        }
        let read = if parsed {
            sentence(body, span, &capitals, &context, cues)
        } else {
            Read::default()
        };
        let parse = &read.parse;
        if read.found.is_empty() && read.denied {
            denied.push(text.to_string());
        }
        for f in &read.found {
            let range = clause_range(parse, f.predicate);
            let amount = amounts(text)
                .into_iter()
                .find(|(at, _)| range.contains(at))
                .map(|(_, a)| a);
            out.push(Commitment {
                doc: doc.to_string(),
                actor: f.actor.clone(),
                action: action(text, parse, f.predicate),
                amount,
                date: date(words, cues),
                stage: f.stage,
                quote: text.to_string(),
            });
        }
        remember(words, found, &read, &mut context, cues);
    }
    Article {
        commitments: out,
        denied,
    }
}

/// The kinds of name a pronoun speaker ("..., he said.", "said she") can stand for. "It said"
/// is left alone: a firm and its country are named alike, and "it" may stand for either.
fn pronoun_speaker(words: &[Word], found: &[Mention], cues: &Cues) -> Option<&'static [Kind]> {
    let verb = words.iter().position(|w| cues.speech.contains(&*w.key))?;
    let inverted = cues.speech_inverted.contains(&*words[verb].key);
    let pronoun = found
        .iter()
        .filter(|m| m.who == Who::Anaphor && m.end == m.start + 1)
        .find(|m| m.end == verb || inverted && m.start == verb + 1)?;
    matches!(&*words[pronoun.start].key, "he" | "she").then_some(&[Kind::Person])
}

/// The text of a list item ("- a freeze on petrol duty"), without its bullet.
fn list_item(text: &str) -> Option<&str> {
    let item = text
        .trim_start()
        .strip_prefix(['-', '*', '\u{2022}', '\u{2013}'])?
        .trim();
    (!item.is_empty()).then_some(item)
}

/// The first words of a list item, for its action.
fn first_words(item: &str) -> String {
    let mut words: Vec<&str> = item.split_whitespace().take(MAX_ACTION_WORDS).collect();
    let function = &Knowledge::get().stopwords;
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| function.contains(&w.to_lowercase()))
    {
        words.pop();
    }
    words.join(" ")
}

/// Who the list after "In his budget Mr Brown has:" belongs to, and how firm its items are:
/// the subject of the auxiliary, modal or act that ends the sentence ("has" and "announced"
/// firm, "will" intent). With no verb ("In his speech Mr Howard also:") the list is of what
/// the first name did, each item saying how firmly ("- pledged to hold a referendum").
fn list_owner(
    body: &str,
    span: Span,
    capitals: &Capitals<'_>,
    context: &Context,
) -> Option<(String, Option<Stage>)> {
    let text = span.of(body);
    let parse = parse_in_article(text, capitals);
    let last = parse.words.iter().rposition(|w| w.upos != Upos::Punct)?;
    let frame = &Knowledge::get().cues.frame;
    let lemma = parse.words[last].lemma.to_lowercase();
    let verbless = !parse
        .words
        .iter()
        .any(|w| matches!(w.upos, Upos::Verb | Upos::Aux));
    let stage = if lemma == "have" || frame.firm_acts.contains(&lemma) {
        Some(Stage::Firm)
    } else if frame.intends(&lemma) {
        Some(Stage::Intent)
    } else if verbless {
        None
    } else {
        return None;
    };
    let reader = Reader {
        parse: &parse,
        frame,
        body,
        span,
        capitals,
        context,
    };
    if verbless {
        let name = parse.words.iter().position(|w| {
            w.upos == Upos::Propn && !matches!(w.deprel.as_str(), "flat" | "compound")
        })?;
        return Some((reader.actor(name, name, 0)?, stage));
    }
    let head = match parse.words[last].base_deprel() {
        "aux" => parse.words[last].head?,
        _ => last,
    };
    let subject = reader.subject_heads(head).into_iter().next()?;
    Some((reader.actor(subject, head, 0)?, stage))
}

/// How firm a list item is by its own words, its owner left out: a modal of intent ("- said a
/// Tory government would double prison places") or an act done ("- pledged to hold a
/// referendum"); an item of neither ("- attacked Labour's record") is no commitment.
fn item_stage(item: &str) -> Option<Stage> {
    let parse = Grammar::english().parse(item);
    let frame = &Knowledge::get().cues.frame;
    let lemma = |w: &grammar::Word| w.lemma.to_lowercase();
    let intends = parse
        .words
        .iter()
        .any(|w| w.upos == Upos::Aux && frame.intends(&lemma(w)));
    let first = parse.words.first()?;
    let done = matches!(first.xpos.as_str(), "VBD" | "VBN")
        && (frame.firm_acts.contains(&lemma(first))
            || frame.firm_governors.contains(&lemma(first)));
    if intends {
        Some(Stage::Intent)
    } else {
        done.then_some(Stage::Firm)
    }
}

/// The sentence with asides between a pair of spaced dashes blanked out ("Shareholders United -
/// which has proved adept at rallying opposition - said it would fight"): an aside interrupts
/// the clause it sits in, and the parse of the clause without it is the sounder. Blanks keep
/// every other word at its byte offset.
fn without_asides(text: &str) -> std::borrow::Cow<'_, str> {
    let dashes: Vec<(usize, usize)> = text
        .match_indices([' '])
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            let dash = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '\u{2013}' | '\u{2014}'))?;
            let end = at + 1 + dash.len_utf8();
            text[end..].starts_with(' ').then_some((at, end))
        })
        .collect();
    if dashes.len() != 2 {
        return std::borrow::Cow::Borrowed(text);
    }
    let (start, end) = (dashes[0].0, dashes[1].1);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(std::iter::repeat_n(' ', end - start));
    out.push_str(&text[end..]);
    std::borrow::Cow::Owned(out)
}

/// The parse of a sentence of the article. A capitalised word opening it that the article
/// also capitalises inside sentences is read as the name it is ("Boeing said", "Rowling has"),
/// which the tagger, seeing the capital every sentence opens with, may take for a gerund.
fn parse_in_article(text: &str, capitals: &Capitals<'_>) -> Parse {
    let grammar = Grammar::english();
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let name = first.starts_with(char::is_uppercase)
        && !Knowledge::get().stopwords.contains(&first.to_lowercase())
        && capitals.capitalised_inside(first);
    if name {
        grammar.parse_opening_name(text)
    } else {
        grammar.parse(text)
    }
}

/// A headline or caption (no closing punctuation) or a question states no commitment.
fn states_commitments(text: &str) -> bool {
    let text = text.trim_end();
    let closed = text.ends_with(['.', '!', '"', '\'', '\u{201d}', '\u{2019}', ')', '\u{2026}']);
    let question = text
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .ends_with('?');
    closed && !question
}

/// The words that make a sentence worth parsing (parsing is most of extraction's time).
struct Triggers {
    /// Modal auxiliaries, as word keys.
    modals: HashSet<String>,
    /// Stems of verbs that govern a "to"-clause.
    governors: HashSet<String>,
    /// Stems of completed and weighing acts.
    acts: HashSet<String>,
    /// Stems of light verbs ("make") and of verbs of a plan's contents ("include").
    light: HashSet<String>,
    contents: HashSet<String>,
}

fn triggers() -> &'static Triggers {
    static TRIGGERS: OnceLock<Triggers> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let knowledge = Knowledge::get();
        let f = &knowledge.cues.frame;
        let stems = |lists: &[&quarry_text::phrases::KeySet]| {
            lists
                .iter()
                .copied()
                .flatten()
                .map(|lemma| {
                    let key = quarry_text::word_key(lemma);
                    knowledge.stemmer.stem(&key).into_owned()
                })
                .collect()
        };
        Triggers {
            modals: [&f.intent_modals, &f.conditional_modals, &f.hedge_modals]
                .into_iter()
                .flatten()
                .map(|m| quarry_text::word_key(m))
                .collect(),
            governors: stems(&[
                &f.firm_governors,
                &f.intent_governors,
                &f.hedge_governors,
                &f.hearsay_governors,
                &f.proposal_governors,
            ]),
            acts: stems(&[
                &f.firm_acts,
                &f.hedged_acts,
                &f.priced_acts,
                &f.funding_acts,
            ]),
            light: stems(&[&f.light_verbs]),
            contents: stems(&[&f.plan_content_verbs]),
        }
    })
}

/// Whether the sentence holds a modal, a governor followed by "to", or an act in a finite or
/// participle form ("signed", "is considering", "has cut"); a bare form ("sign") is only a
/// commitment after a modal or "to", which the first two tests already catch.
fn has_trigger(words: &[Word]) -> bool {
    let stemmer = &Knowledge::get().stemmer;
    let t = triggers();
    let frame = &Knowledge::get().cues.frame;
    words.iter().enumerate().any(|(i, w)| {
        let plan = |k: &str| frame.intent_plans.contains(k) || frame.hedged_plans.contains(k);
        if w.possessive && words.get(i + 1).is_some_and(|n| plan(&n.key)) {
            return true;
        }
        if w.capital {
            return false;
        }
        let stem = stemmer.stem(&w.key);
        if frame.goal_nouns.contains(&*w.key) || frame.desire_verbs.contains(&*stem) {
            return true;
        }
        if t.modals.contains(&*w.key) || w.text.ends_with("'ll") || w.text.ends_with("\u{2019}ll") {
            return true;
        }
        if frame.planned_be.contains(&*w.key) && words.get(i + 1).is_some_and(|n| n.key == "to") {
            return true;
        }
        if t.governors.contains(&*stem) && words.iter().skip(i + 1).take(5).any(|n| n.key == "to") {
            return true;
        }
        // "made an offer", "are making a set of proposals"; "the proposals include".
        let noun = |n: &Word| {
            frame.pledge_nouns.contains(&singular(&n.key)) || frame.hedged_plans.contains(&*n.key)
        };
        if t.light.contains(&*stem) && words.iter().skip(i + 1).take(6).any(noun) {
            return true;
        }
        let presented = |n: &Word| noun(n) || plan(&n.key);
        if frame.presenting_particles.contains(&*w.key)
            && words.iter().skip(i + 1).take(4).any(presented)
        {
            return true;
        }
        // "The proposals include", "the package also includes", "It includes" after a plan.
        let plan_before = |p: &Word| plan(&p.key) || matches!(&*p.key, "it" | "this");
        if t.contents.contains(&*stem) && words[i.saturating_sub(2)..i].iter().any(plan_before) {
            return true;
        }
        if !t.acts.contains(&*stem) {
            return false;
        }
        // "signed", "signing" or an irregular form ("bought", "sold"), right after what may be
        // its subject or auxiliary ("Acme signed", "the board has approved", "he also cut",
        // "Acme, which bought"):
        // past forms elsewhere ("prices increased", "the rise announced") are too common to
        // parse every one.
        let inflected = ["ed", "ing"].iter().any(|end| w.key.ends_with(end))
            || stemmer.is_irregular_past(&w.key);
        let after_subject = i.checked_sub(1).is_some_and(|p| {
            let before = &words[p];
            // "the firm", "both firms", "the two companies".
            before.capital
                || frame.agent_nouns.contains(&*before.key)
                || frame.agent_nouns.contains(&singular(&before.key))
                || frame.person_nouns.contains(&*before.key)
                || matches!(
                    &*before.key,
                    "has"
                        | "have"
                        | "had"
                        | "he"
                        | "she"
                        | "it"
                        | "they"
                        | "we"
                        | "who"
                        | "which"
                        | "also"
                        | "and"
                        | "by"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
                        | "been"
                        | "then"
                        | "now"
                        | "already"
                        | "yesterday"
                        | "today"
                        | "finally"
                        | "recently"
                        | "formally"
                        | "officially"
                )
        });
        (inflected || frame.firm_acts.contains(&*w.key)) && after_subject
    })
}

/// A plural word key made singular the regular way ("firms", "companies"), for the quick
/// test of `has_trigger`; other keys come back without their final "s".
fn singular(key: &str) -> String {
    key.strip_suffix("ies")
        .map(|stem| format!("{stem}y"))
        .unwrap_or_else(|| key.trim_end_matches('s').to_string())
}

/// The parse of one sentence and the commitments read from it.
fn sentence(
    body: &str,
    span: Span,
    capitals: &Capitals<'_>,
    context: &Context,
    cues: &Cues,
) -> Read {
    let text = span.of(body);
    let parse = parse_in_article(&without_asides(text), capitals);
    let frame = &cues.frame;
    let reader = Reader {
        parse: &parse,
        frame,
        body,
        span,
        capitals,
        context,
    };
    let mut out: Vec<Found> = Vec::new();
    for i in 0..parse.words.len() {
        let Some(stage) = reader.stage(i) else {
            continue;
        };
        for actor in reader.actors(i) {
            if !out.iter().any(|f| f.actor == actor) {
                out.push(Found {
                    actor,
                    predicate: i,
                    stage,
                });
            }
        }
    }
    // "Mr Howard promised that a Conservative government would cut taxes": what a promise
    // says is the promise, made by whoever promised it, not a second commitment of the
    // clause's subject (a verb both of speech and of undertaking: promise, pledge, vow).
    let promises: Vec<usize> = out
        .iter()
        .map(|f| f.predicate)
        .filter(|&p| reader.promises(p))
        .collect();
    let promised = |i: usize, promise: usize| {
        let mut at = i;
        while let Some(head) = parse.words[at].head {
            if head == promise {
                return parse.words[at].base_deprel() == "ccomp";
            }
            at = head;
        }
        false
    };
    out.retain(|f| !promises.iter().any(|&p| promised(f.predicate, p)));
    let before_claims = out.len();
    out.retain(|f| {
        !reader.claim_about_other(f.predicate, &f.actor) && !reader.commentary(f.predicate)
    });
    let claims = out.len() < before_claims;
    let subjects = (0..parse.words.len())
        .filter(|&i| parse.words[i].deprel == "nsubj" && parse.words[i].upos == Upos::Propn)
        .filter_map(|i| reader.name_at(i))
        .collect();
    // A sentence of advice ("The government should make clear how it intends to ...") is
    // denied as a whole: no clause of it is an undertaking.
    let advice = parse
        .root()
        .is_some_and(|r| reader.has_child(r, "aux", &frame.recommending_modals));
    let denied = advice || claims || (0..parse.words.len()).any(|i| reader.denied(i));
    let presented_plan = out.iter().find_map(|f| {
        let plan = parse.children_with(f.predicate, &["obj"]).next()?;
        Some((f.actor.clone(), reader.plan_stage(plan)?))
    });
    Read {
        parse,
        found: out,
        subjects,
        denied,
        presented_plan,
    }
}

struct Reader<'a> {
    parse: &'a Parse,
    frame: &'a Frame,
    body: &'a str,
    span: Span,
    capitals: &'a Capitals<'a>,
    context: &'a Context,
}

impl Reader<'_> {
    /// The lemmas of the auxiliaries of `i` ("will", "have", "be").
    fn aux_lemmas(&self, i: usize) -> Vec<String> {
        self.parse
            .aux_of(i)
            .iter()
            .map(|&a| self.lemma(a))
            .collect()
    }

    /// The subjects of `i`, with a descriptor the parse split off before a name read as part
    /// of it ("Health Secretary John Reid said", "the union Amicus said" parsed as two
    /// subjects): a clause has one subject, and an English noun phrase ends in its head, so of
    /// two adjacent subjects only the later one stands.
    fn subject_heads(&self, i: usize) -> Vec<usize> {
        // "according to Gartner" read as a subject: the source of a claim, not its actor.
        let marked = |s: usize| {
            self.parse
                .children_with(s, &["case"])
                .any(|c| self.parse.words[c].text.eq_ignore_ascii_case("according"))
        };
        let all: Vec<usize> = self
            .parse
            .subjects_of(i)
            .into_iter()
            .filter(|&s| !marked(s))
            .collect();
        let end = |s: usize| self.parse.subtree(s).into_iter().max().unwrap_or(s);
        let start = |s: usize| self.parse.subtree(s).into_iter().min().unwrap_or(s);
        all.iter()
            .copied()
            .filter(|&s| !all.iter().any(|&t| t > s && start(t) == end(s) + 1))
            .collect()
    }

    fn lemma(&self, i: usize) -> String {
        self.parse.words[i].lemma.to_lowercase()
    }

    fn has_child(&self, i: usize, relation: &str, lemmas: &quarry_text::phrases::KeySet) -> bool {
        self.parse
            .children_with(i, &[relation])
            .any(|j| lemmas.contains(&self.lemma(j)))
    }

    /// Whether `i` has a child of `relation` that is the word `lemma` (a "to" mark, a "by"
    /// case).
    fn has_word_child(&self, i: usize, relation: &str, lemma: &str) -> bool {
        self.parse
            .children_with(i, &[relation])
            .any(|j| self.lemma(j) == lemma)
    }

    /// Whether `i` is a passive whose subject does not act; "is committed to", "is set to" and
    /// "is expected to" keep their subject as the one who acts.
    fn is_passive(&self, i: usize) -> bool {
        let f = self.frame;
        let lemma = self.lemma(i);
        // "is set to", "is committed to": a governor, not a passive, and so mostly when it
        // governs nothing ("the film is set in Paris"); with a particle ("£50m has been set
        // aside", "was set up by") it is one.
        let particle = self
            .parse
            .children(i)
            .any(|j| self.parse.words[j].xpos == "RP");
        if !particle
            && (f.firm_governors.contains(&lemma)
                || f.intent_governors.contains(&lemma)
                || f.hearsay_governors.contains(&lemma))
        {
            return false;
        }
        self.parse.children(i).any(|j| {
            let d = &self.parse.words[j].deprel;
            d == "nsubj:pass" || d == "aux:pass"
        })
    }

    /// Whether `i` is a passive whose subject is what its "to"-clause is about ("BT is
    /// understood to be planning"), not one of its own acts; "it" there ("it was thought to
    /// be like skateboarding") is no one.
    fn is_raised(&self, i: usize) -> bool {
        self.parse.children(i).any(|j| {
            let w = &self.parse.words[j];
            w.deprel == "nsubj:pass" && self.lemma(j) != "it"
        })
    }

    /// The passive agent ("approved by the board"), if any: an oblique that opens with "by"
    /// (the parse may hang the "by" of a name from its first word, "by Kestrel Group").
    fn agent(&self, i: usize) -> Option<usize> {
        // "cut by 10%", "raised by £2bn": "by" a quantity measures the act, it names no agent.
        self.parse.children_with(i, &["obl"]).find(|&j| {
            let first = self.parse.subtree(j).into_iter().next();
            let by = first.is_some_and(|f| {
                self.lemma(f) == "by" && self.parse.words[f].base_deprel() == "case"
            });
            self.parse.words[j].deprel == "obl:agent" || by && !self.is_quantity(j)
        })
    }

    /// Whether `j` is a number, or a noun counted by one ("10%", "800,000 units").
    fn is_quantity(&self, j: usize) -> bool {
        let w = &self.parse.words[j];
        matches!(w.upos, Upos::Num | Upos::Sym)
            || w.upos == Upos::Noun && self.parse.children_with(j, &["nummod"]).next().is_some()
    }

    /// Whether `i` tallies sales: goods counted, no price named ("has sold 800,000 units"),
    /// where a deal disposes of a thing ("sold its stake", "sold the unit for £1bn").
    fn tallies_sales(&self, i: usize) -> bool {
        self.frame.tally_acts.contains(&self.lemma(i))
            && !self.names_money_from(i)
            && self
                .parse
                .children_with(i, &["obj"])
                .any(|o| self.is_quantity(o))
    }

    /// A main clause whose subject is an actor's plan ("Mr Glazer's offer values the club at
    /// £800m"): the plan's owner commits, as firmly as the plan's noun says.
    fn plan_content(&self, i: usize) -> Option<Stage> {
        let w = &self.parse.words[i];
        if w.base_deprel() != "root" {
            return None;
        }
        let subject = self
            .parse
            .children(i)
            .find(|&j| self.parse.words[j].base_deprel() == "nsubj")?;
        let stage = self.plan_stage(subject)?;
        // "Mr Letwin's proposals were attacked by Labour": a plan someone else acts on.
        if self.parse.words[subject].deprel == "nsubj:pass" && self.agent(i).is_some() {
            return None;
        }
        let owned = self.parse.children(subject).any(|j| self.plan_owner(j));
        if self.presented_plan(i, subject) {
            return Some(if stage == Stage::Intent {
                Stage::Firm
            } else {
                stage
            });
        }
        (owned || self.unowned_plan_content(i, subject)).then_some(stage)
    }

    /// The owner and stage of the plan the sentence before presented, when `i` states its
    /// contents with "it" as subject ("He set out a childcare strategy. It includes £285m to
    /// extend maternity leave").
    fn details_presented_plan(&self, i: usize) -> Option<(String, Stage)> {
        let w = &self.parse.words[i];
        let it = self.parse.children_with(i, &["nsubj"]).any(|s| {
            self.parse.words[s].upos == Upos::Pron
                && matches!(self.lemma(s).as_str(), "it" | "this")
        });
        let details = w.base_deprel() == "root"
            && self.frame.plan_content_verbs.contains(&self.lemma(i))
            && it;
        self.context.presented_plan.clone().filter(|_| details)
    }

    /// Whether `i` presents the plan `plan` with no agent named ("The plans were unveiled on
    /// Tuesday", "Ryanair's plans were published"): the owner's act, as "unveiled plans" is
    /// (guideline a); unowned, the plan is the one whose owner committed last.
    fn presented_plan(&self, i: usize, plan: usize) -> bool {
        let named = self
            .parse
            .children(plan)
            .any(|j| self.plan_owner(j) || self.refers_back(j));
        self.parse.words[plan].deprel == "nsubj:pass"
            && self.agentless_act(i)
            && self.modal_stage(i).is_none()
            && named
    }

    /// Whether `j` is the owner of a plan: a name or a body ("Mr Glazer's offer", "the
    /// party's plans") in the possessive.
    fn plan_owner(&self, j: usize) -> bool {
        let c = &self.parse.words[j];
        let possessive = c.deprel == "nmod:poss"
            && (c.upos == Upos::Propn || self.frame.agent_nouns.contains(&self.lemma(j)));
        // "Tory plans", "Conservative proposals": a party or a firm named before the noun.
        let named_before = matches!(c.deprel.as_str(), "compound" | "amod")
            && c.text.starts_with(char::is_uppercase)
            && j > 0;
        possessive || named_before
    }

    /// Whether `j`, hung from a noun, makes it one already named: "the", "this", "its".
    fn refers_back(&self, j: usize) -> bool {
        let c = &self.parse.words[j];
        c.deprel == "nmod:poss" && c.upos == Upos::Pron
            || c.base_deprel() == "det" && self.frame.definite_determiners.contains(&self.lemma(j))
    }

    /// Whether `i` states the contents of a plan the sentence does not own ("The proposals
    /// include closing two depots"): a plan already named, with a verb of contents.
    fn unowned_plan_content(&self, i: usize, plan: usize) -> bool {
        let definite = self.parse.children(plan).any(|j| self.refers_back(j));
        // "The proposals include ...", "The plans would abolish ...", "The manifesto pledges
        // to cut ...": what the plan holds, will do, or promises.
        let f = self.frame;
        let lemma = self.lemma(i);
        let states = f.plan_content_verbs.contains(&lemma)
            || self.promises(i)
            || self.has_intent_modal(i) && !f.not_undertaking.contains(&lemma);
        // "The scheme will be piloted in 10 areas": what will be done to the plan, with no
        // one else named doing it, is its content too.
        let passive_content =
            self.is_passive(i) && self.has_intent_modal(i) && self.agent(i).is_none();
        definite && states && (!self.is_passive(i) || passive_content) && !self.parse.is_negated(i)
    }

    /// Whether `i` is a verb both of speech and of undertaking (promise, pledge, vow): what
    /// it says is what it commits to.
    fn promises(&self, i: usize) -> bool {
        let lemma = self.lemma(i);
        self.frame.speech.contains(&lemma) && self.frame.firm_governors.contains(&lemma)
    }

    /// Whether `predicate` is what one body says another body it names will do ("Yukos warned
    /// that Rosneft will be marketing a stolen product", "the Tories say Labour would raise
    /// taxes"): a body speaks for itself only, so this is a claim about a rival or a forecast,
    /// not an undertaking (guideline b). A person may speak for a body; a body of one kind for
    /// one of another ("the Treasury said the UK would").
    fn claim_about_other(&self, predicate: usize, actor: &str) -> bool {
        let (Some(said_by), Some(speaker)) = (
            self.speech_subject(predicate),
            self.speaker_of(predicate, 0),
        ) else {
            return false;
        };
        // A person named for the first time ("Mr Kennedy said") is one by their title.
        let titled = std::iter::once(said_by)
            .chain(self.parse.children(said_by))
            .any(|j| self.frame.person_titles.contains(&self.lemma(j)));
        // A name the tagger read as a plural noun ("the Tories") is a name all the same.
        let named = self.subjects(predicate).first().is_some_and(|&s| {
            let w = &self.parse.words[s];
            w.upos == Upos::Propn
                || w.text.chars().next().is_some_and(char::is_uppercase)
                    && s > 0
                    && self.name_at(s).is_some()
        });
        let kind = |name: &str| self.context.kind_of(name, self.frame);
        named
            && !titled
            && speaker != actor
            && kind(&speaker) != Kind::Person
            && kind(&speaker) == kind(actor)
    }

    /// Whether `predicate` is what commentators say someone else will do ("Analysts say IPTV
    /// will account for 10%", "critics said Labour would raise taxes"): a forecast or a view.
    fn commentary(&self, predicate: usize) -> bool {
        let commentators = self
            .speech_subject(predicate)
            .is_some_and(|s| self.frame.commentators.contains(&self.lemma(s)));
        let of_others = self
            .subjects(predicate)
            .first()
            .is_some_and(|&s| self.parse.words[s].upos != Upos::Pron);
        commentators && of_others
    }

    /// Whether `i` has a modal of an undertaking to come or of a conditional pledge.
    fn has_intent_modal(&self, i: usize) -> bool {
        let f = self.frame;
        self.parse
            .aux_of(i)
            .iter()
            .any(|&a| f.intends(&self.lemma(a)))
    }

    /// The plan a main clause with a modal is set inside ("Under the plans, families will
    /// receive £300", "Under Labour's proposals, ..."): a plan noun, owned or definite, that
    /// one of `plan_frames` opens.
    fn framing_plan(&self, i: usize) -> Option<usize> {
        let f = self.frame;
        // A main clause, or one a speaker says ("'Under our plans, pensioners would pay less,'
        // he said").
        let w = &self.parse.words[i];
        let said = w.base_deprel() == "ccomp" && self.speech_verb(i) == w.head;
        if !(w.base_deprel() == "root" || said)
            || self.parse.is_negated(i)
            || !self.has_intent_modal(i)
        {
            return None;
        }
        // The parse may take a plan so framed for the subject ("Under the plans, families
        // will ..." with "plans" as nsubj): its preposition tells.
        self.parse.children_with(i, &["obl", "nsubj"]).find(|&j| {
            let framed = self
                .parse
                .children_with(j, &["case"])
                .any(|c| f.plan_frames.contains(&self.lemma(c)));
            let named = self
                .parse
                .children(j)
                .any(|c| self.plan_owner(c) || self.refers_back(c));
            self.plan_stage(j).is_some() && framed && named
        })
    }

    /// The stage a plan's noun gives what it contains: a plan is meant, an offer weighed.
    fn plan_stage(&self, plan: usize) -> Option<Stage> {
        let noun = self.lemma(plan);
        // "Bill O'Reilly said": a plan's noun followed by a capitalised word opens a name.
        let opens_name = self
            .parse
            .words
            .get(plan + 1)
            .is_some_and(|next| next.text.starts_with(char::is_uppercase));
        if opens_name {
            None
        } else if self.frame.intent_plans.contains(&noun) {
            Some(Stage::Intent)
        } else if self.frame.hedged_plans.contains(&noun) {
            Some(Stage::Hedged)
        } else {
            None
        }
    }

    /// Whether the sentence opens with a gerund that is what `i` says of an event ("Snapping up
    /// MCI would give the buyer access"): a hypothetical act, nobody's undertaking. A gerund set
    /// off by a comma ("Speaking in Leeds, Mr Blair said") is an adverbial instead.
    fn hypothetical_subject(&self, i: usize) -> bool {
        let words = &self.parse.words;
        let Some(first) = words.iter().position(|w| w.upos != Upos::Punct) else {
            return false;
        };
        first < i
            && words[first].xpos == "VBG"
            && words[first].head == Some(i)
            && !words[first..i].iter().any(|w| w.text == ",")
    }

    /// Whether `i` says what something would make of a state ("it would make the situation
    /// clearer"): an effect claimed, no undertaking.
    fn makes_effect(&self, i: usize) -> bool {
        self.frame.causatives.contains(&self.lemma(i))
            && self
                .parse
                .children_with(i, &["xcomp"])
                .any(|j| self.parse.words[j].upos == Upos::Adj)
    }

    /// Whether `i` is a verb of looking with a particle of examining ("will look at the tax
    /// system", "is looking into a merger"): an option weighed, like "consider".
    fn examines(&self, i: usize) -> bool {
        let f = self.frame;
        f.examining_verbs.contains(&self.lemma(i))
            && self.parse.children_with(i, &["obl"]).any(|o| {
                self.parse
                    .children_with(o, &["case"])
                    .any(|c| f.examining_particles.contains(&self.lemma(c)))
            })
    }

    /// Whether `i` reports a decision in the past passive with its agent named ("the merger
    /// was approved by shareholders"): the agent's completed act, as the active "shareholders
    /// approved the merger" is. The present passive ("prizes are awarded by a jury") tells a
    /// habit, not an act.
    fn decided(&self, i: usize) -> bool {
        let past_be = self
            .parse
            .aux_of(i)
            .into_iter()
            .any(|a| self.lemma(a) == "be" && self.parse.words[a].xpos == "VBD");
        past_be
            && self.frame.decisions.contains(&self.lemma(i))
            && self.is_passive(i)
            && self.agent(i).is_some()
    }

    /// Whether the sentence's text at `range` (offsets in the sentence) names a sum of money.
    fn names_money(&self, range: std::ops::Range<usize>) -> bool {
        self.span
            .of(self.body)
            .get(range)
            .is_some_and(|text| !amounts(text).is_empty())
    }

    /// Whether the clause of `i`, from `i` on, names a sum of money ("offered £5 a share").
    fn names_money_from(&self, i: usize) -> bool {
        self.names_money(self.parse.words[i].start..self.parse.subtree_range(i).end)
    }

    /// Whether `i` offers a price ("has offered £5 a share for Acme"): a bid, hedged.
    fn bids(&self, i: usize) -> bool {
        self.frame.priced_acts.contains(&self.lemma(i)) && self.names_money_from(i)
    }

    /// Whether `i` passes on a sum of money ("has given councils £1bn", "injected $2bn into
    /// the bank"): funding, as "funded" is.
    fn funds(&self, i: usize) -> bool {
        self.frame.funding_acts.contains(&self.lemma(i)) && self.passes_money(i)
    }

    /// Whether what `i` acts on names a sum of money ("give councils £1bn", "fund a £5.5bn
    /// plan"), not a figure it is measured against ("reduce the cost from £7 a minute").
    fn passes_money(&self, i: usize) -> bool {
        self.parse
            .children_with(i, &["obj", "iobj"])
            .any(|o| self.names_money(self.parse.subtree_range(o)))
    }

    /// The stage a light verb's noun gives it ("made an offer" hedged, "made a pledge" firm).
    fn light_act(&self, i: usize) -> Option<Stage> {
        let f = self.frame;
        // "drew up proposals", "put forward plans", "set out its plans": a verb with a
        // particle of bringing forth presents the plan it takes as object, as "revealed
        // plans" does. A particle stands right after its verb, however the parser hung it
        // ("forward" read as describing "plans", or as an adverb of "brought").
        let particle = |j: usize| f.presenting_particles.contains(&self.lemma(j));
        let brings_forth = f.phrasal_presenting_verbs.contains(&self.lemma(i))
            && (self.parse.children(i).any(|j| {
                matches!(self.parse.words[j].deprel.as_str(), "compound:prt" | "amod")
                    && particle(j)
            }) || (i + 1 < self.parse.words.len() && particle(i + 1)));
        let presents = f.presenting_verbs.contains(&self.lemma(i)) || brings_forth;
        if !presents && !f.light_verbs.contains(&self.lemma(i)) {
            return None;
        }
        self.parse.children_with(i, &["obj"]).find_map(|o| {
            let noun = self.lemma(o);
            if f.pledge_nouns.contains(&noun) || presents && f.intent_plans.contains(&noun) {
                Some(Stage::Firm)
            } else if f.hedged_plans.contains(&noun) {
                Some(Stage::Hedged)
            } else {
                // "a set of far-reaching proposals": the noun the quantity is of.
                self.parse.children_with(o, &["nmod"]).find_map(|n| {
                    let noun = self.lemma(n);
                    (f.hedged_plans.contains(&noun)).then_some(Stage::Hedged)
                })
            }
        })
    }

    /// Whether `i` states a commitment to a thing ("Labour is committed to economic
    /// stability", guideline a): a governor of commitment as the predicate of "be", with a
    /// "to" phrase.
    fn committed_to_thing(&self, i: usize) -> bool {
        let f = self.frame;
        matches!(self.parse.words[i].xpos.as_str(), "JJ" | "VBN")
            && f.firm_governors.contains(&self.lemma(i))
            && self.parse.children_with(i, &["cop"]).next().is_some()
            && self
                .parse
                .children_with(i, &["obl"])
                .any(|o| self.has_word_child(o, "case", "to"))
    }

    /// Whether `i` wants or seeks a thing ("BT wants lighter regulation", "the club is seeking
    /// new investors"): a stated intention, as much as wanting to do something.
    fn wants_thing(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        // "She planned a trip": a past wish narrates, it states no intention now.
        w.upos == Upos::Verb
            && w.xpos != "VBD"
            && self.frame.desire_verbs.contains(&self.lemma(i))
            && self
                .parse
                .children_with(i, &["xcomp", "ccomp"])
                .next()
                .is_none()
            && self
                .parse
                .children_with(i, &["obj"])
                .any(|o| self.parse.words[o].upos == Upos::Noun)
    }

    /// Whether `i` is what a goal is said to be ("the aim was to preserve tradition", "our goal
    /// is to double exports", "the focus will be on job creation").
    fn states_goal(&self, i: usize) -> bool {
        self.parse.children_with(i, &["cop"]).next().is_some()
            && self
                .parse
                .subjects_of(i)
                .into_iter()
                .any(|j| self.frame.goal_nouns.contains(&self.lemma(j)))
    }

    /// Whether `i` is put as a question, a view or left to be done, whatever clause holds it:
    /// a clause opened by a question word, not by "that" ("asked when the firm would cut
    /// jobs", "unclear how much it will spend", "to announce which format it will back") or
    /// followed by a view asserts nothing, and an act "yet" or "still" to come ("has yet to
    /// announce", "is still to decide") is not undertaken.
    fn unasserted(&self, i: usize) -> bool {
        let mut at = i;
        for _ in 0..self.parse.words.len() {
            let w = &self.parse.words[at];
            let asks = matches!(w.base_deprel(), "ccomp" | "csubj" | "parataxis" | "xcomp")
                && self.opens_with_question_word(at);
            let pending = self.parse.children_with(at, &["mark"]).any(|m| {
                self.lemma(m) == "to" && m > 0 && self.frame.pending.contains(&self.lemma(m - 1))
            });
            if asks || pending || self.postposed_view(at) {
                return true;
            }
            match (w.head, w.base_deprel()) {
                (Some(head), "ccomp" | "csubj" | "parataxis" | "xcomp" | "conj" | "advcl") => {
                    at = head
                }
                _ => return false,
            }
        }
        false
    }

    /// Whether the clause `i` opens with a question word, not "that" ("when the firm would
    /// cut jobs", "which format it will back"). After a noun or a comma the word opens a
    /// relative clause the parse misread ("the Foundation which was set up by", "Jay-Z, who
    /// said").
    fn opens_with_question_word(&self, i: usize) -> bool {
        let opener = self.parse.subtree(i).first().copied().unwrap_or(i);
        opener < i
            && matches!(self.parse.words[opener].xpos.as_str(), "WDT" | "WP" | "WRB")
            && self.lemma(opener) != "that"
            && !opener.checked_sub(1).is_some_and(|before| {
                matches!(
                    self.parse.words[before].upos,
                    Upos::Noun | Upos::Propn | Upos::Pron | Upos::Punct
                )
            })
    }

    /// Whether a view put after the clause `i` makes it someone's claim or forecast ("Labour
    /// would raise taxes, Mr Howard claimed", "Acme will close the plant, analysts believe").
    fn postposed_view(&self, i: usize) -> bool {
        self.postposed(i, |v| self.is_view(v) && !self.subject_heads(v).is_empty())
            .is_some()
    }

    /// A verb of the kind `is` picks, put after the clause `i` past a comma ("..., Mr Howard
    /// claimed", "..., Acme said"): who thinks or says the clause.
    fn postposed(&self, i: usize, is: impl Fn(usize) -> bool) -> Option<usize> {
        self.parse
            .children_with(i, &["parataxis", "advcl", "ccomp"])
            .find(|&v| v > i && is(v) && (i + 1..v).any(|c| self.parse.words[c].text == ","))
    }

    /// Whether `i` is a condition or a purpose ("if it raises", "so it can"); a past act in a
    /// clause of time ("when ministers announced a reorganisation") happened all the same.
    fn conditioned(&self, i: usize) -> bool {
        let past = self.parse.words[i].xpos == "VBD";
        self.parse.children_with(i, &["mark"]).any(|j| {
            let mark = self.lemma(j);
            self.frame.conditions.contains(&mark)
                && !(past && self.frame.temporal_marks.contains(&mark))
        })
    }

    /// Whether `i` is a past act in a clause of time ("When ministers announced a
    /// reorganisation, ..."): it happened, whatever the main clause says.
    fn past_time_clause(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        w.base_deprel() == "advcl"
            && w.xpos == "VBD"
            && self
                .parse
                .children_with(i, &["mark", "advmod"])
                .any(|j| j < i && self.frame.temporal_marks.contains(&self.lemma(j)))
    }

    /// Whether `i` is an act done "by" doing it ("angered the unions by signing the deal"): the
    /// act of the main clause's subject.
    fn by_gerund(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        w.base_deprel() == "advcl"
            && w.xpos == "VBG"
            && self.frame.firm_acts.contains(&self.lemma(i))
            && self
                .parse
                .children_with(i, &["mark", "case"])
                .any(|j| self.lemma(j) == "by")
    }

    /// Whether `i` states what its antecedent did ("the authorities, who promised he would
    /// ...", "Acme, which has pledged £5m"): a relative clause whose subject is the pronoun.
    fn relative_act(&self, i: usize) -> bool {
        self.parse.words[i].deprel == "acl:relcl"
            && self.parse.subjects_of(i).into_iter().any(|j| {
                self.parse.words[j].upos == Upos::Pron
                    && matches!(self.lemma(j).as_str(), "who" | "which" | "that")
            })
    }

    /// Whether `i` is a "to"-clause the parser hung as an adverbial clause of a governor
    /// ("is committed to cutting", "called on rich nations to fund").
    fn governed_advcl(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        let Some(head) = w.head.filter(|_| w.base_deprel() == "advcl") else {
            return false;
        };
        let f = self.frame;
        let governor = self.lemma(head);
        let governs = [
            &f.firm_governors,
            &f.intent_governors,
            &f.hedge_governors,
            &f.proposal_governors,
        ]
        .iter()
        .any(|list| list.contains(&governor));
        governs && self.has_word_child(i, "mark", "to")
    }

    /// The noun of commitment whose "to"-clause `i` is ("plans to build", "BT's pledge to cut").
    fn governing_noun(&self, i: usize) -> Option<usize> {
        let w = &self.parse.words[i];
        let head = w.head?;
        let f = self.frame;
        let governor = self.lemma(head);
        let noun = self.parse.words[head].upos == Upos::Noun
            && (f.firm_governors.contains(&governor)
                || f.intent_governors.contains(&governor)
                || f.hedge_governors.contains(&governor));
        let to = self.has_word_child(i, "mark", "to");
        (w.base_deprel() == "acl" && noun && to).then_some(head)
    }

    /// Whether the predicate is a condition, a purpose or a forecast rather than an undertaking.
    fn framed_away(&self, i: usize) -> bool {
        let mut at = i;
        for _ in 0..self.parse.words.len() {
            if self.conditioned(at) || self.has_child(at, "aux", &self.frame.recommending_modals) {
                return true;
            }
            let w = &self.parse.words[at];
            let Some(head) = w.head else {
                return false;
            };
            let rel = w.base_deprel();
            if let Some(noun) = self.governing_noun(at) {
                // The noun's owner acts: "unveiled plans to cut", "Vodafone plans to build";
                // not when the plan is given up ("Gazprom has dropped its plans to bid").
                return matches!(self.parse.words[noun].base_deprel(), "nmod" | "obl")
                    || self.given_up(at)
                    || self.has_child(noun, "mark", &self.frame.conditions);
            }
            if self.governed_advcl(at) || self.by_gerund(at) {
                at = head;
                continue;
            }
            // "a letter saying that it plans to": what a statement says is reported speech,
            // not a description of the noun.
            let reported = rel == "acl" && self.frame.speech.contains(&self.lemma(at));
            if reported
                || self.relative_act(at)
                || self.past_time_clause(at)
                || self.misparsed_main_clause(at)
            {
                return false;
            }
            if matches!(rel, "advcl" | "acl" | "csubj" | "nmod" | "obl" | "amod")
                || rel == "ccomp"
                    && (self.is_view(head) && !self.own_forecast(at, head)
                        || self.frame.refusals.contains(&self.lemma(head)))
                || self.parse.is_negated(head) && rel == "ccomp"
            {
                return true;
            }
            if !matches!(rel, "ccomp" | "conj" | "xcomp" | "parataxis") {
                return false;
            }
            at = head;
        }
        false
    }

    /// Whether `i`, parsed as a relative clause with a subject of its own, is the sentence's
    /// main clause: the noun it hangs from heads the sentence with no verb of its own ("Media
    /// giant Viacom has paid out $3.5m" read as "the giant [that] Viacom has paid"), and every
    /// sentence of news has a finite verb.
    fn misparsed_main_clause(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        let Some(head) = w.head else {
            return false;
        };
        let noun = &self.parse.words[head];
        w.deprel == "acl:relcl"
            && noun.base_deprel() == "root"
            && matches!(noun.upos, Upos::Noun | Upos::Propn)
            && self.parse.children_with(head, &["cop"]).next().is_none()
            && !self.parse.subjects_of(i).is_empty()
    }

    /// The speaker who reports a passive undertaking to come ("Mr Howard said 5,000 more
    /// police would be recruited", "he said tuition fees would be scrapped"): news states a
    /// pledge by what will be done, and the one who says so is the one who pledges.
    fn reported_passive(&self, i: usize) -> Option<usize> {
        let w = &self.parse.words[i];
        let verb = self.speech_verb(i).filter(|&v| w.head == Some(v))?;
        let undertaking =
            self.agentless_act(i) && self.has_intent_modal(i) && w.base_deprel() == "ccomp";
        undertaking.then(|| self.subject_heads(verb).into_iter().next())?
    }

    /// Whether `i` is an agentless passive act to come, in a main clause of an article in which
    /// someone has committed ("Similar posts will also be created in other departments"):
    /// news details a plan so, and the plan is its protagonist's, as money "to be spent" is.
    fn plan_passive(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        // "will be created", or "are to be created".
        let to_come = self.has_intent_modal(i) || self.has_word_child(i, "mark", "to");
        w.base_deprel() == "root"
            && self.agentless_act(i)
            && to_come
            && !self.context.committed.is_empty()
    }

    /// Whether `i` is a verb of opinion or an adjective of attitude, whose clause is a view or a
    /// forecast ("analysts expect", "Acme is confident it will").
    fn is_view(&self, i: usize) -> bool {
        let lemma = self.lemma(i);
        self.frame.opinion.contains(&lemma) || self.frame.attitudes.contains(&lemma)
    }

    /// Whether the clause `clause` under the view `view` is its holder's own act foreseen
    /// ("Acme hopes it will complete the deal by June"): an intention, as "hopes to" is.
    fn own_forecast(&self, clause: usize, view: usize) -> bool {
        let Some(holder) = self.subject_heads(view).into_iter().next() else {
            return false;
        };
        let h = &self.parse.words[holder];
        let named = h.upos == Upos::Propn
            || self.frame.agent_nouns.contains(&self.lemma(holder)) && !self.generic(holder);
        // The pronoun agrees with its holder: "the firms hope that it will" is about a thing.
        let plural = matches!(h.xpos.as_str(), "NNS" | "NNPS");
        let pronoun =
            self.subjects(clause)
                .first()
                .is_some_and(|&s| match self.lemma(s).as_str() {
                    "they" | "we" => true,
                    "it" | "he" | "she" => !plural,
                    _ => false,
                });
        self.frame.own_forecasts.contains(&self.lemma(view)) && pronoun && named
    }

    /// Whether `i` sits in the clause of a view or a forecast.
    fn forecast(&self, i: usize) -> bool {
        let mut at = i;
        for _ in 0..self.parse.words.len() {
            let w = &self.parse.words[at];
            let Some(head) = w.head else {
                return false;
            };
            match w.base_deprel() {
                "ccomp" | "csubj" if self.is_view(head) && !self.own_forecast(at, head) => {
                    return true
                }
                "ccomp" | "conj" | "xcomp" => at = head,
                _ => return false,
            }
        }
        false
    }

    /// The stage of the commitment predicate `i` makes, if it makes one.
    fn stage(&self, i: usize) -> Option<Stage> {
        let w = &self.parse.words[i];
        if self.parse.is_negated(i) || self.framed_away(i) || self.unasserted(i) {
            return None;
        }
        // "may try to", "could sell": speculation, someone else's or the actor's, is no
        // commitment.
        let speculative = |j: usize| self.has_child(j, "aux", &self.frame.speculative_modals);
        if speculative(i) || w.deprel == "xcomp" && w.head.is_some_and(speculative) {
            return None;
        }
        if self.hypothetical_subject(i) || self.makes_effect(i) || self.counterfactual(i) {
            return None;
        }
        if let Some(stage) = self.plan_content(i) {
            return Some(stage);
        }
        if let Some((_, stage)) = self.details_presented_plan(i) {
            return Some(stage);
        }
        if let Some(plan) = self.framing_plan(i) {
            return self.plan_stage(plan);
        }
        if self.states_goal(i) || self.wants_thing(i) {
            return Some(Stage::Intent);
        }
        if self.committed_to_thing(i) {
            return Some(Stage::Firm);
        }
        if w.upos != Upos::Verb {
            return None;
        }
        let lemma = self.lemma(i);
        let f = self.frame;
        let weighs = f.hedged_acts.contains(&lemma) || self.examines(i) || self.bids(i);
        let light = self.light_act(i);
        let undertaking = (!f.not_undertaking.contains(&lemma)
            || weighs
            || light.is_some()
            || self.pursues_goal(i))
            && !self.figurative(i);
        if w.deprel == "xcomp" || self.governing_noun(i).is_some() || self.governed_advcl(i) {
            let head = w.head?;
            // "is going to build" is the future, "went to see" is motion: a governor listed as
            // a form ("going") counts in that form only.
            let form = self.parse.words[head].text.to_lowercase();
            let governor = if f.intent_governors.contains(&form) {
                form
            } else {
                self.lemma(head)
            };
            if f.refusals.contains(&governor) || self.parse.is_negated(head) {
                return None;
            }
            let given = if f.firm_governors.contains(&governor) {
                Some(Stage::Firm)
            } else if f.intent_governors.contains(&governor) {
                Some(Stage::Intent)
            } else if f.hedge_governors.contains(&governor)
                || f.hearsay_governors.contains(&governor) && self.is_raised(head) && undertaking
            {
                Some(Stage::Hedged)
            } else if f.proposal_governors.contains(&governor) {
                // "called on rich nations to fund a £5.5bn plan": a specific proposal, hedged;
                // a call without a sum to pay is a mere call for action ("urged Ofcom to
                // reduce the cost from £7 a minute").
                self.passes_money(i).then_some(Stage::Hedged)
            } else {
                None
            };
            // "began passing secrets" narrates; "will continue to use" still undertakes.
            let aspect = f.aspect_governors.contains(&governor) && self.modal_stage(head).is_none();
            if aspect && !f.firm_acts.contains(&lemma) && !weighs {
                return None;
            }
            if let Some(stage) = given.filter(|_| undertaking) {
                return Some(self.modal_stage(head).map_or(stage, |m| m.min(stage)));
            }
            return None;
        }
        if !undertaking {
            return None;
        }
        if self.is_passive(i)
            && self.agent(i).is_none()
            && (!self.money_passive(i)
                && self.reported_passive(i).is_none()
                && !self.plan_passive(i)
                || self.if_outcome(i))
        {
            return None;
        }
        // "is to build": a copula with a "to" mark on the verb, heading a clause of its own
        // that no wh-word opens ("what Sony is to do next is unclear", "how the firm is to pay"
        // ask, they do not report a plan).
        let asks = self
            .parse
            .children(i)
            .any(|j| j < i && matches!(self.parse.words[j].xpos.as_str(), "WP" | "WDT" | "WRB"));
        let main = !asks && matches!(w.base_deprel(), "root" | "conj" | "ccomp" | "parataxis");
        // "are to be digitised by Google": the passive of the same plan, the agent's (a
        // passive with no agent or money in it was set aside above).
        let to_be = main
            && (self.parse.children_with(i, &["cop"]).next().is_some() || self.is_passive(i))
            && self.has_word_child(i, "mark", "to");
        if to_be {
            return Some(Stage::Intent);
        }
        // "will be produced by Columbia", "has been created by BBC Research": outside the
        // plan that "is to" marks, a passive with its agent named tells who does a task; only
        // a decision ("will be funded by the council", "was approved by shareholders") is the
        // agent's undertaking.
        if self.is_passive(i) && self.agent(i).is_some() && !f.decisions.contains(&lemma) {
            return None;
        }
        if let Some(stage) = self.modal_stage(i) {
            return Some(if weighs {
                Stage::Hedged
            } else {
                light.map_or(stage, |l| l.min(stage))
            });
        }
        let lacks = |relations: &[&str]| self.parse.children_with(i, relations).next().is_none();
        // The parse may take the object for a clause ("increased borrowing" as an xcomp).
        let happened = f.ergative_acts.contains(&lemma)
            && !self.is_passive(i)
            && lacks(&["obj", "iobj", "xcomp", "ccomp"]);
        let habit = f.outlay_acts.contains(&lemma)
            && lacks(&["obj", "iobj", "obl", "xcomp", "ccomp", "nummod"]);
        let acts = f.firm_acts.contains(&lemma) && !happened && !habit && !self.tallies_sales(i)
            || light.is_some()
            || self.funds(i);
        if !acts && !weighs {
            return None;
        }
        // "confirmed they have received", "announced it had reached": a report, whose clause
        // is read on its own.
        // "suggested that broadband was challenging television": with a clause, a verb of
        // opinion states a view, as a speech verb reports one; only with a noun ("suggested a
        // merger") does it advance a proposal.
        let reports = !f.firm_governors.contains(&lemma)
            && (f.speech.contains(&lemma) || f.opinion.contains(&lemma))
            && self.parse.children_with(i, &["ccomp"]).next().is_some();
        let clause = matches!(w.base_deprel(), "root" | "conj" | "ccomp" | "parataxis")
            || self.relative_act(i)
            || self.past_time_clause(i)
            || self.misparsed_main_clause(i);
        if let Some(head) = w.head.filter(|_| self.by_gerund(i)) {
            return Some(self.modal_stage(head).unwrap_or(Stage::Firm));
        }
        if reports || self.concurs(i) || !clause {
            return None;
        }
        let aux = self.aux_lemmas(i);
        // A participle with no auxiliary joined to a past verb ("took legal action and settled
        // for £65,000") is a past tense the tagger misread.
        let past_conj = w.xpos == "VBN"
            && aux.is_empty()
            && w.deprel == "conj"
            && w.head.is_some_and(|h| self.parse.words[h].xpos == "VBD");
        let done = match w.xpos.as_str() {
            "VBD" => true,
            "VBN" if past_conj => true,
            "VBN" => {
                // "was approved by the board": a passive with its agent named is the agent's
                // completed act, as the active "the board approved" is.
                let agentive = self.decided(i);
                aux.iter().any(|a| a == "have")
                    || (f.firm_governors.contains(&lemma) || self.money_passive(i) || agentive)
                        && aux.iter().any(|a| a == "be")
            }
            "VBG" => aux.iter().any(|a| a == "be"),

            _ => false,
        };
        if !done || self.reacts(i) || self.spends_time(i) {
            return None;
        }
        Some(if weighs {
            Stage::Hedged
        } else {
            light.unwrap_or(Stage::Firm)
        })
    }

    /// Whether `i` would be the main predicate of an undertaking (a modal verb, an act) but is
    /// negated, speculative or a reaction.
    fn denied(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        let f = self.frame;
        let lemma = self.lemma(i);
        if w.upos != Upos::Verb || f.not_undertaking.contains(&lemma) {
            return false;
        }
        let candidate = self.modal_stage(i).is_some()
            || f.firm_acts.contains(&lemma)
            || f.hedged_acts.contains(&lemma);
        let main = matches!(w.base_deprel(), "root" | "ccomp" | "conj" | "parataxis");
        let refuted = main
            && (self.parse.is_negated(i)
                || self.has_child(i, "aux", &f.speculative_modals)
                || self.reacts(i));
        candidate
            && (refuted
                || self.given_up(i)
                || self.forecast(i)
                || self.counterfactual(i)
                || self.unasserted(i)
                || self.figurative(i)
                || self.concurs(i))
    }

    /// Whether `i` grants a view rather than undertakes ("agreed that the Mac mini would
    /// sell", "Mr Gardner agreed: ...", "Mr Templeton said he agreed"): nothing agreed to or
    /// on ("agreed a deal", "agreed to sell", "agreed to the regulator's demands", "agreed on
    /// a price").
    fn concurs(&self, i: usize) -> bool {
        let has = |relations: &[&str]| self.parse.children_with(i, relations).next().is_some();
        let agreed_to = self
            .parse
            .children_with(i, &["obl"])
            .any(|o| self.has_word_child(o, "case", "to") || self.has_word_child(o, "case", "on"));
        self.frame.concurring.contains(&self.lemma(i)) && !has(&["obj", "xcomp"]) && !agreed_to
    }

    /// Whether `i` pursues a goal: takes a target or a pledge for object ("will meet its
    /// target"), or stands for office.
    fn pursues_goal(&self, i: usize) -> bool {
        self.parse
            .children_with(i, &["obj"])
            .any(|o| self.frame.goal_objects.contains(&self.lemma(o)))
            || self.stands_for_office(i)
    }

    /// Whether `i` stands for office: against a rival ("to stand against Labour") or for or in
    /// a contest ("will stand for parliament", "to stand in the by-election").
    fn stands_for_office(&self, i: usize) -> bool {
        let f = self.frame;
        f.candidacy_verbs.contains(&self.lemma(i))
            && self.parse.children_with(i, &["obl"]).any(|o| {
                self.has_word_child(o, "case", "against")
                    || self.parse.children_with(o, &["case"]).next().is_some()
                        && f.candidacy_objects.contains(&self.lemma(o))
            })
    }

    /// Whether `i` commits a wrong or speaks in a figure ("committed fraud", "paid tribute").
    fn figurative(&self, i: usize) -> bool {
        self.parse
            .children_with(i, &["obj"])
            .any(|o| self.frame.figurative_objects.contains(&self.lemma(o)))
    }

    /// Whether `i` is what someone refused, denied or gave up ("refused to sign", "denied that
    /// he would sell", "has dropped its plans to bid", however the parse hangs the clause).
    fn given_up(&self, i: usize) -> bool {
        let w = &self.parse.words[i];
        let Some(head) = w.head else {
            return false;
        };
        let refused = |v: usize| self.frame.refusals.contains(&self.lemma(v));
        match w.base_deprel() {
            "xcomp" | "ccomp" => refused(head),
            // "has dropped plans to sell its stake", the "to"-clause hung on the verb.
            "advcl" => refused(head) && self.has_word_child(i, "mark", "to"),
            "acl" => {
                let noun = &self.parse.words[head];
                noun.base_deprel() == "obj" && noun.head.is_some_and(refused)
            }
            _ => false,
        }
    }

    /// Whether `i` is an agentless passive act on a sum of money ("£3.7bn will be spent on the
    /// programme", "£20m has been earmarked"): in news the spender left unsaid is the body the
    /// story is about.
    fn money_passive(&self, i: usize) -> bool {
        if !self.agentless_act(i) {
            return false;
        }
        // The money stands before the verb, as its subject; the parse often splits "£" off.
        !self.parse.subjects_of(i).is_empty() && self.names_money(0..self.parse.words[i].start)
    }

    /// Whether `i` is what would follow if some thing happened ("If the track sold 500,000
    /// copies, £1m would be raised"): a conditional modal with a clause of condition about a
    /// thing hung on it. With no agent named it is an outcome reckoned, not an act anyone set
    /// in train; a condition about who acts ("if Labour won", "if elected") makes a
    /// conditional pledge (guideline a).
    fn if_outcome(&self, i: usize) -> bool {
        let conditional = self
            .aux_lemmas(i)
            .iter()
            .any(|a| self.frame.conditional_modals.contains(a));
        // The parse may hang the condition on the sum ("more than £1m").
        conditional
            && self.parse.subtree(i).into_iter().any(|c| {
                self.parse.words[c].base_deprel() == "advcl"
                    && self.conditioned(c)
                    && self.parse.subjects_of(c).iter().any(|&s| self.is_thing(s))
            })
    }

    /// Whether `s` is a common noun that names no body or person ("the track", "prices").
    fn is_thing(&self, s: usize) -> bool {
        let lemma = self.lemma(s);
        self.parse.words[s].upos == Upos::Noun
            && !self.frame.agent_nouns.contains(&lemma)
            && !self.frame.person_nouns.contains(&lemma)
    }

    /// Whether `i` is the passive of an act of undertaking with no agent named ("£20m has been
    /// earmarked", "tuition fees would be scrapped").
    fn agentless_act(&self, i: usize) -> bool {
        self.is_passive(i)
            && self.agent(i).is_none()
            && self.frame.firm_acts.contains(&self.lemma(i))
    }

    /// Whether `i` reacts to something already there ("Ovum welcomed the move", "his case has
    /// been backed by an expert") rather than deciding on it ("the board backed the deal").
    fn reacts(&self, i: usize) -> bool {
        let f = self.frame;
        if !f.reactions.contains(&self.lemma(i)) {
            return false;
        }
        let passive = self.is_passive(i);
        let objects: Vec<usize> = if passive {
            self.parse.subjects_of(i)
        } else {
            self.parse.children_with(i, &["obj"]).collect()
        };
        let definite = objects.iter().any(|&o| {
            self.parse.children(o).any(|c| {
                let w = &self.parse.words[c];
                w.deprel == "nmod:poss"
                    || w.base_deprel() == "det" && f.definite_determiners.contains(&self.lemma(c))
            })
        });
        let doer = if passive {
            self.agent(i)
        } else {
            self.subjects(i).into_iter().next()
        };
        let decides = doer.is_some_and(|d| f.deciding_bodies.contains(&self.lemma(d)));
        definite && !decides
    }

    /// Whether `i` spends time rather than money ("have spent the past four months").
    fn spends_time(&self, i: usize) -> bool {
        self.parse
            .children_with(i, &["obj"])
            .any(|o| self.frame.durations.contains(&self.lemma(o)))
    }

    /// Whether `i` is a conditional perfect ("it would have done them no good", "we would have
    /// cut it"): what would have happened had things been otherwise, which nobody undertakes.
    fn counterfactual(&self, i: usize) -> bool {
        let aux = self.aux_lemmas(i);
        self.parse.words[i].xpos == "VBN"
            && aux.iter().any(|a| a == "have")
            && aux
                .iter()
                .any(|a| self.frame.conditional_modals.contains(a))
    }

    /// The stage a modal auxiliary of `i` gives it ("will" intent, "could" hedged).
    fn modal_stage(&self, i: usize) -> Option<Stage> {
        let f = self.frame;
        self.parse.aux_of(i).into_iter().find_map(|a| {
            let m = self.lemma(a);
            if f.intends(&m) {
                Some(Stage::Intent)
            } else if f.hedge_modals.contains(&m) {
                Some(Stage::Hedged)
            } else {
                None
            }
        })
    }

    /// The word that bears the subject of predicate `i`: `i` itself, or the verb its clause
    /// shares a subject with ("plans to invest", "cut prices and raised wages").
    fn subjects(&self, i: usize) -> Vec<usize> {
        let mut at = i;
        for _ in 0..self.parse.words.len() {
            // "Verizon's offer is made up of cash": the plan is the subject, its owner acts.
            if self.is_passive(at) && self.plan_content(at).is_none() {
                return self.agent(at).into_iter().collect();
            }
            let own = self.subject_heads(at);
            if !own.is_empty() {
                return own;
            }
            if let Some(noun) = self.governing_noun(at) {
                // The owner's name ends right before the noun ("Air China plans"): its head
                // is the last proper noun compounded to the noun.
                let words = &self.parse.words;
                let by = |j: usize| {
                    words[j].base_deprel() == "nmod" && self.has_word_child(j, "case", "by")
                };
                // "BT's plans to", "plans by BT to".
                let owner = self
                    .parse
                    .children(noun)
                    .find(|&j| words[j].deprel == "nmod:poss" || by(j))
                    .or_else(|| {
                        // "The company plans to cut costs", read with no verb, "plans" a noun:
                        // as the sentence's root, the plan's compound body is its subject.
                        let root = words[noun].base_deprel() == "root";
                        self.parse
                            .children(noun)
                            .filter(|&j| {
                                words[j].deprel == "compound"
                                    && (words[j].upos == Upos::Propn
                                        || root && self.frame.agent_nouns.contains(&self.lemma(j)))
                            })
                            .max()
                    });
                if let Some(owner) = owner {
                    return vec![owner];
                }
                at = noun;
                continue;
            }
            let w = &self.parse.words[at];
            match (w.head, w.base_deprel()) {
                (Some(h), "xcomp" | "conj" | "obj") => at = h,
                (Some(h), "advcl") if self.governed_advcl(at) || self.by_gerund(at) => at = h,
                // "has rejected" misread as "has" heading a clause: "has" is the auxiliary.
                (Some(h), "ccomp") if self.lemma(h) == "have" => at = h,
                // "Jez San, the man behind the group which went into administration, has
                // bought back ...": the parse gave the relative clause's verb both "which"
                // and the name as subjects, and hung the main verb from it; the name is
                // the main verb's.
                (Some(h), "parataxis") if h < at => {
                    let subjects = self.parse.subjects_of(h);
                    let relative =
                        |j: &usize| matches!(self.parse.words[*j].xpos.as_str(), "WDT" | "WP");
                    if !subjects.iter().any(relative) {
                        return Vec::new();
                    }
                    return subjects.into_iter().filter(|j| !relative(j)).collect();
                }
                _ => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// The actors of predicate `i`: its subjects (with subjects joined to them by "and"),
    /// named, resolved or dropped when they are no agent.
    fn actors(&self, i: usize) -> Vec<String> {
        let mut out = Vec::new();
        if self.money_passive(i) {
            // "£3.7bn will be spent on the programme": the article's protagonist pays.
            let payer = self
                .context
                .protagonist()
                .or_else(|| self.context.last_body());
            return payer.into_iter().collect();
        }
        if self.plan_passive(i) {
            return self.context.protagonist().into_iter().collect();
        }
        if let Some(speaker) = self.reported_passive(i) {
            let verb = self.parse.words[i].head.unwrap_or(i);
            return self.actor(speaker, verb, 1).into_iter().collect();
        }
        if let Some((owner, _)) = self.details_presented_plan(i) {
            return vec![owner];
        }
        if let Some(plan) = self.framing_plan(i) {
            // The plan's owner: named in the possessive ("our plans": the speaker's), or
            // whoever committed last.
            let owner = self.parse.children(plan).find(|&j| {
                let c = &self.parse.words[j];
                self.plan_owner(j) || c.deprel == "nmod:poss" && c.upos == Upos::Pron
            });
            let actor = match owner {
                Some(owner) => self.actor(owner, i, 1),
                None => self.context.committed.last().cloned(),
            };
            return actor.into_iter().collect();
        }
        for s in self.subjects(i) {
            let pair = self.frame.agent_nouns.contains(&self.lemma(s))
                && self
                    .parse
                    .children(s)
                    .any(|j| self.frame.pair_words.contains(&self.lemma(j)));
            let bodies = self.context.latest_bodies(2);
            if pair && bodies.len() == 2 {
                for body in bodies {
                    if !out.contains(&body) {
                        out.push(body);
                    }
                }
                continue;
            }
            // A pronoun is read in the clause it is the subject of: "they will fund it by
            // raising the top rate" is the speaker's "they" for "raising" too.
            let clause = self.parse.words[s].head.unwrap_or(i);
            let joined = self.parse.children_with(s, &["conj"]);
            for s in std::iter::once(s).chain(joined) {
                if let Some(name) = self.actor(s, clause, 0) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
        out
    }

    /// `depth` bounds the hops through relative pronouns and speakers (a misparse may loop).
    fn actor(&self, s: usize, predicate: usize, depth: usize) -> Option<String> {
        if depth > 3 {
            return None;
        }
        let w = &self.parse.words[s];
        let lemma = self.lemma(s);
        let f = self.frame;
        if f.goal_nouns.contains(&lemma) && w.upos != Upos::Propn {
            // "our goal", "Mr Blair's aim": the owner; "the aim", unowned: the speaker.
            let owner = self
                .parse
                .children(s)
                .find(|&j| self.parse.words[j].deprel == "nmod:poss");
            return match owner {
                Some(owner) => self.actor(owner, predicate, depth + 1),
                None => self
                    .speaker_of(predicate, depth)
                    .or_else(|| self.context.speaker.clone()),
            };
        }
        match w.upos {
            Upos::Pron => {
                if matches!(lemma.as_str(), "who" | "which" | "that") {
                    let clause = self.clause_of(predicate);
                    let head = self.parse.words[clause].head?;
                    return self.actor(head, predicate, depth + 1);
                }
                if matches!(lemma.as_str(), "we" | "i" | "our" | "my") {
                    return self
                        .speaker_of(predicate, depth)
                        .or_else(|| self.context.speaker.clone());
                }
                if !matches!(lemma.as_str(), "it" | "he" | "she" | "they") {
                    return None;
                }
                // "Qwest said it will": the speaker, when the pronoun can stand for them.
                let person = matches!(lemma.as_str(), "he" | "she");
                let body = self.speaker_is_body(predicate);
                let speaker = self.speaker_of(predicate, depth).filter(|name| {
                    (self.context.kind_of(name, f) == Kind::Person && !body) == person
                });
                if speaker.is_some() {
                    return speaker;
                }
                // "Lib Dem spokesman Mark Oaten said they would oppose it": a spokesperson's
                // "they" or "it" is the body they speak for.
                if let Some(body) = self.body_spoken_for(predicate, depth).filter(|_| !person) {
                    return Some(body);
                }
                if self.unnamed_speakers(predicate) {
                    return None;
                }
                if let Some(name) = self
                    .earlier_subject(s, depth, person)
                    .filter(|_| lemma != "they")
                {
                    return Some(name);
                }
                if matches!(lemma.as_str(), "he" | "she") {
                    self.context.last(Kind::Person)
                } else if lemma == "they" && self.plural_subject_before(s) {
                    // "People are looking for more ..., they want": the people just named.
                    None
                } else if let Some(people) = self
                    .context
                    .previous_people
                    .clone()
                    .filter(|_| lemma == "they")
                {
                    match people {
                        People::Body(name) => Some(name),
                        People::Unnamed => None,
                    }
                } else if lemma == "they" {
                    // News calls a country "it"; "they" with no people before it is a firm
                    // or a body (British usage), not the last state named.
                    self.context.last(Kind::Organisation)
                } else {
                    self.context.last_body()
                }
            }
            // A lower-case "proper noun" ("the ministry said") is a tagging slip.
            Upos::Propn if w.text.chars().next().is_some_and(char::is_uppercase) => self.name_at(s),
            _ if w.text.chars().next().is_some_and(char::is_uppercase)
                && (s > 0 || !f.agent_nouns.contains(&lemma) && self.name_at(s).is_some()) =>
            {
                // A capitalised noun inside the sentence is a name the tagger took for a common
                // noun ("The Beaufort Hunt", "Supporters United"); opening it, one the article
                // also capitalises inside a sentence ("Yukos will appeal"), unless it is a noun
                // for a body ("Police think").
                self.name_at(s)
            }
            _ if f.standalone_nouns.contains(&w.text.to_lowercase())
                && w.text.to_lowercase() != lemma =>
            {
                // A plural body ("ministers", "authorities") stands for itself, not for the
                // last person of its singular ("the minister"); "MPs" keeps its capitals.
                let acronym = w.text.chars().filter(|c| c.is_uppercase()).count() > 1;
                Some(if acronym {
                    w.text.clone()
                } else {
                    w.text.to_lowercase()
                })
            }
            _ if self.represented(s).is_some() => {
                let body = self.represented(s)?;
                self.actor(body, predicate, depth + 1)
            }
            _ => {
                // "Honda chief executive Takeo Fukui", "his budget, Mr Brown": the name.
                let named = self.parse.subtree(s).into_iter().rev().find(|&j| {
                    let c = &self.parse.words[j];
                    c.upos == Upos::Propn
                        && (c.deprel == "appos" || c.deprel == "nmod")
                        && c.head == Some(s)
                });
                // A name hung from the noun with no preposition is its apposition the parse
                // misread ("video game firm Bioware is to hold"), as "firm of Bioware" is not.
                let unmarked = |j: usize| self.parse.children_with(j, &["case"]).next().is_none();
                let titled = f.person_nouns.contains(&lemma)
                    || named.is_some_and(unmarked)
                    || self
                        .parse
                        .children_with(s, &["appos"])
                        .any(|j| self.parse.words[j].upos == Upos::Propn);
                if let Some(name) = named.filter(|_| titled).and_then(|j| self.name_at(j)) {
                    return Some(name);
                }
                if let Some(leader) = self.leader(s, predicate, depth) {
                    return Some(leader);
                }
                if (f.intent_plans.contains(&lemma) || f.hedged_plans.contains(&lemma))
                    && (self.unowned_plan_content(predicate, s)
                        || self.presented_plan(predicate, s))
                {
                    // "The proposals include ...": the plan of whoever committed last.
                    return self.context.committed.last().cloned();
                }
                if let Some(owner) = self
                    .parse
                    .children_with(s, &["nmod"])
                    .find(|&j| self.plan_owner(j))
                {
                    let owns = f.agent_nouns.contains(&lemma)
                        || f.intent_plans.contains(&lemma)
                        || f.hedged_plans.contains(&lemma);
                    if !owns {
                        return None;
                    }
                    // "the party's plans": the body the story named.
                    return if self.parse.words[owner].upos == Upos::Propn {
                        self.name_at(owner)
                    } else {
                        self.actor(owner, predicate, depth + 1)
                    };
                }
                if !f.agent_nouns.contains(&lemma) {
                    return None;
                }
                let capitalised = |j: usize| {
                    let c = &self.parse.words[j];
                    c.upos == Upos::Propn || c.text.chars().next().is_some_and(char::is_uppercase)
                };
                // "the US government", "a Tory government": the state's government, as news
                // names it.
                if f.state_nouns.contains(&lemma) {
                    let modifier = self
                        .parse
                        .children_with(s, &["compound", "amod"])
                        .find(|&j| capitalised(j) && j + 1 == s);
                    if let Some(m) = modifier {
                        let w = &self.parse.words;
                        // "a Tory government would scrap": a government yet to be formed, by
                        // the party that names it; "the US government" is a state's.
                        let hypothetical = self
                            .parse
                            .children_with(s, &["det"])
                            .any(|d| matches!(self.lemma(d).as_str(), "a" | "an"));
                        if hypothetical {
                            return self.name_at(m).or_else(|| Some(w[m].text.clone()));
                        }
                        return Some(format!("{} {}", w[m].text, w[s].text));
                    }
                }
                // "the Acme group" is Acme; "the US firm" is a firm of that state, not the
                // state (its government was read above).
                if let Some(name) = self
                    .parse
                    .children_with(s, &["compound"])
                    .find(|&j| capitalised(j))
                    .and_then(|j| self.name_at(j))
                    .filter(|name| self.context.kind_of(name, f) != Kind::State)
                {
                    return Some(name);
                }
                if !f.standalone_nouns.contains(&lemma) && self.generic(s) {
                    return None;
                }
                // "A Labour spokesman said the party would ...": the body its spokesperson
                // speaks for (a state's government or a person is not such a body).
                let body_noun = !f.person_nouns.contains(&lemma) && !f.state_nouns.contains(&lemma);
                if let Some(body) = self.body_spoken_for(predicate, depth).filter(|_| body_noun) {
                    return Some(body);
                }
                let resolved = if f.person_nouns.contains(&lemma) {
                    self.context.holder_of(&lemma)
                } else if f.state_nouns.contains(&lemma) {
                    // A bloc ("the European Union") has no government of its own: "the
                    // government" is then the home state's, as for the home state itself.
                    let bloc = |name: &str| {
                        Knowledge::get()
                            .actors
                            .list
                            .iter()
                            .any(|a| a.name == name && a.kind == "bloc")
                    };
                    self.context.last(Kind::State).map(|state| {
                        if state == f.home_state || bloc(&state) {
                            lemma.clone()
                        } else {
                            state
                        }
                    })
                } else {
                    self.context
                        .described_by(&lemma)
                        .or_else(|| self.context.last(Kind::Organisation))
                };
                let standalone = f.standalone_nouns.contains(&lemma);
                if standalone && !f.state_nouns.contains(&lemma) {
                    return Some(lemma);
                }
                resolved.or_else(|| standalone.then(|| lemma.clone()))
            }
        }
    }

    /// The named subject of an earlier clause of the sentence that a singular pronoun at `s`
    /// can stand for ("AirLink agreed to buy 20 planes, and it is expected to announce new
    /// routes"): within a sentence, an earlier clause's subject comes before anything named in
    /// the sentences before.
    fn earlier_subject(&self, s: usize, depth: usize, person: bool) -> Option<String> {
        (0..s).rev().find_map(|j| {
            let w = &self.parse.words[j];
            if w.base_deprel() != "nsubj" || w.upos != Upos::Propn || self.parse.is_within(j, s) {
                return None;
            }
            let name = self.actor(j, w.head?, depth + 1)?;
            ((self.context.kind_of(&name, self.frame) == Kind::Person) == person).then_some(name)
        })
    }

    /// Whether a plural common noun is the subject of a clause before word `s` of the
    /// sentence, the nearest thing a "they" at `s` can stand for.
    fn plural_subject_before(&self, s: usize) -> bool {
        (0..s).any(|j| {
            let w = &self.parse.words[j];
            w.base_deprel() == "nsubj"
                && w.xpos == "NNS"
                && !self.frame.standalone_nouns.contains(&w.text.to_lowercase())
        })
    }

    /// Whether the noun `s` names a kind or a new body rather than one the story named: an
    /// indefinite ("another company", "a team") or a bare plural ("mobile operators") introduces
    /// or generalises, only a definite ("the company", "its board") refers back.
    fn generic(&self, s: usize) -> bool {
        let f = self.frame;
        let indefinite = self
            .parse
            .children_with(s, &["det"])
            .any(|d| f.indefinite_determiners.contains(&self.lemma(d)));
        let definite = self.parse.children(s).any(|d| {
            self.parse.words[d].deprel == "nmod:poss"
                || self.parse.words[d].base_deprel() == "det"
                    && f.definite_determiners.contains(&self.lemma(d))
        });
        indefinite || self.parse.words[s].xpos == "NNS" && !definite
    }

    /// The clause head a relative pronoun's predicate hangs from (`acl:relcl`).
    fn clause_of(&self, predicate: usize) -> usize {
        let mut at = predicate;
        for _ in 0..self.parse.words.len() {
            let w = &self.parse.words[at];
            if w.deprel == "acl:relcl" {
                return at;
            }
            match w.head {
                Some(h) if matches!(w.base_deprel(), "xcomp" | "conj") => at = h,
                _ => return at,
            }
        }
        at
    }

    /// The speech verb whose clause holds `predicate` ("Qwest has said it will table ...",
    /// "it will table a new offer, Qwest said").
    fn speech_verb(&self, predicate: usize) -> Option<usize> {
        let mut at = predicate;
        for _ in 0..self.parse.words.len() {
            let said_after = self.postposed(at, |v| self.frame.speech.contains(&self.lemma(v)));
            if said_after.is_some() {
                return said_after;
            }
            let w = &self.parse.words[at];
            let head = w.head?;
            match w.base_deprel() {
                "ccomp" | "parataxis"
                    if self.frame.speech.contains(&self.lemma(head))
                        || self.own_forecast(at, head) =>
                {
                    return Some(head)
                }
                "xcomp" | "conj" | "ccomp" => at = head,
                _ => return None,
            }
        }
        None
    }

    /// The named subject of the speech verb whose clause holds `predicate` ("Qwest has said it
    /// will table ..." → Qwest).
    fn speaker_of(&self, predicate: usize, depth: usize) -> Option<String> {
        let head = self.speech_verb(predicate)?;
        // A speech verb joined to an earlier verb shares its subject ("M&S has rejected a bid
        // and said it would buy back shares"), as a verb's "to"-clause does.
        let mut verb = head;
        while self.subject_heads(verb).is_empty()
            && matches!(self.parse.words[verb].base_deprel(), "conj" | "xcomp")
        {
            let Some(first) = self.parse.words[verb].head else {
                break;
            };
            verb = first;
        }
        // A speech verb the parse left without a subject ("Supporters' group Shareholders
        // United said" read as modifiers): the speaker the words name.
        let subject = self.subject_heads(verb).into_iter().next();
        let Some(subject) = subject.or_else(|| self.sender(verb)) else {
            return self.context.speaker.clone();
        };
        if self.parse.words[subject].upos == Upos::Pron {
            return None;
        }
        self.actor(subject, verb, depth + 1)
    }

    /// Whether the clause of `predicate` is said by people the article does not name ("22%
    /// said they would buy", "Supporters say it would let firms ..."): its pronoun stands for
    /// them or for what they speak of, not for the last body named.
    fn unnamed_speakers(&self, predicate: usize) -> bool {
        self.speech_subject(predicate).is_some_and(|s| {
            let lemma = self.lemma(s);
            matches!(self.parse.words[s].upos, Upos::Noun | Upos::Num | Upos::Sym)
                && self.generic(s)
                && !self.frame.agent_nouns.contains(&lemma)
                && !self.frame.standalone_nouns.contains(&lemma)
                && !self.frame.representatives.contains(&lemma)
        })
    }

    /// The subject of the speech verb whose clause holds `predicate`, as the parse gives it.
    fn speech_subject(&self, predicate: usize) -> Option<usize> {
        let verb = self.speech_verb(predicate)?;
        self.subject_heads(verb)
            .into_iter()
            .next()
            .or_else(|| self.sender(verb))
    }

    /// Who sent the statement that the speech verb `verb` describes ("Notebaert sent a letter
    /// saying that ...", "the firm issued a statement saying"): the subject of the verb the
    /// statement is the object of.
    fn sender(&self, verb: usize) -> Option<usize> {
        let w = &self.parse.words[verb];
        let statement = w.head.filter(|_| w.base_deprel() == "acl")?;
        let sent = self.parse.words[statement].head?;
        self.subject_heads(sent).into_iter().next()
    }

    /// The body a spokesperson who speaks the clause of `predicate` speaks for ("a BT
    /// spokesman said", "Lib Dem spokesman Mark Oaten said").
    fn body_spoken_for(&self, predicate: usize, depth: usize) -> Option<String> {
        let speaker = self.speech_subject(predicate)?;
        let body = std::iter::once(speaker)
            .chain(self.parse.children(speaker))
            .find_map(|j| self.represented(j))?;
        self.actor(body, predicate, depth + 1)
    }

    /// The body a spokesperson `s` speaks for ("a spokesman for the department", "a BT
    /// spokeswoman"): what they say, the body says.
    fn represented(&self, s: usize) -> Option<usize> {
        let f = self.frame;
        let lemma = self.lemma(s);
        // An office in a body speaks for it too ("Qwest chairman Richard Notebaert").
        let office = f.person_nouns.contains(&lemma) && self.parse.words[s].deprel == "nmod:desc";
        if !f.representatives.contains(&lemma) && !office {
            return None;
        }
        let capitalised = |j: usize| {
            self.parse.words[j]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        };
        self.parse
            .children_with(s, &["nmod"])
            .find(|&j| self.has_word_child(j, "case", "for"))
            .or_else(|| {
                self.parse
                    .children_with(s, &["compound"])
                    .find(|&j| capitalised(j))
            })
    }

    /// Whether the speaker of `predicate` is introduced as a body ("a fans' group, Supporters
    /// Together, said it would"): "it" stands for them, whatever their name suggests.
    fn speaker_is_body(&self, predicate: usize) -> bool {
        let f = self.frame;
        let body = |j: usize| {
            let lemma = self.lemma(j);
            f.agent_nouns.contains(&lemma) && !f.person_nouns.contains(&lemma)
        };
        // The noun may head the subject ("the group") or describe its name ("campaign group
        // Clean Rivers", "Clean Rivers, a campaign group").
        self.speech_verb(predicate)
            .and_then(|head| self.subject_heads(head).into_iter().next())
            .is_some_and(|s| {
                body(s)
                    || self
                        .parse
                        .children_with(s, &["compound", "appos", "nmod"])
                        .any(body)
            })
    }

    /// The person whose body `s` is ("her party would cut rates"): who the possessive pronoun
    /// stands for, the speaker when there is one; "the party" a person speaks of ("Mr Kennedy
    /// added that the party would pay") is theirs too.
    fn leader(&self, s: usize, predicate: usize, depth: usize) -> Option<String> {
        if !self.frame.led_bodies.contains(&self.lemma(s)) {
            return None;
        }
        let personal = self.parse.children(s).any(|j| {
            self.parse.words[j].deprel == "nmod:poss"
                && matches!(self.lemma(j).as_str(), "he" | "she" | "his" | "her")
        });
        if !personal {
            let definite = self.has_word_child(s, "det", "the");
            return self
                .speaker_of(predicate, depth)
                .filter(|name| definite && self.context.kind_of(name, self.frame) == Kind::Person);
        }
        self.speaker_of(predicate, depth)
            .or_else(|| self.context.speaker.clone())
            .or_else(|| self.context.last(Kind::Person))
    }

    /// The name of the proper-noun chunk `i` heads, titles dropped and aliases made canonical.
    fn name_at(&self, i: usize) -> Option<String> {
        let words = &self.parse.words;
        // Capitalised neighbours the parse hung from the same head as `i` are the rest of a
        // name it split ("Supporters United" read as two subjects).
        let sibling = |j: usize| words[j].head == words[i].head && words[j].head.is_some();
        let in_chunk = |j: usize| {
            (j == i
                // "nmod:desc" is EWT's label for a name's first word read as describing the
                // rest ("General" of "General Motors").
                || (matches!(words[j].base_deprel(), "compound" | "flat")
                    || words[j].deprel == "nmod:desc")
                    && (self.parse.is_within(j, i)
                        || words[i].base_deprel() == "compound" && words[j].head == words[i].head)
                || sibling(j) && words[j].deprel == words[i].deprel
                // "European Commission", "British Academy": a capitalised adjective opens it.
                || words[j].deprel == "amod" && words[j].head == Some(i)
                // "Trade Secretary Patricia Hewitt": a name in apposition with no comma
                // between is the rest of the title it names.
                || words[j].deprel == "appos" && words[j].head == Some(i))
                && (words[j].upos == Upos::Propn
                    || words[j].text.chars().next().is_some_and(char::is_uppercase))
        };
        let mut start = i;
        while start > 0 && in_chunk(start - 1) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < words.len() && in_chunk(end) {
            end += 1;
        }
        // "T-Mobile", "Coca-Cola", "Rolls-Royce": the tokenizer cuts at a hyphen, but
        // capitalised parts glued to it are one name, as are those an ampersand joins
        // ("Marks & Spencer", "AT&T").
        let glued = |a: usize, b: usize| words[a].end == words[b].start;
        let name_part = |j: usize| {
            words[j]
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        let joins = |j: usize| {
            words[j].text == "&" || words[j].text == "-" && glued(j - 1, j) && glued(j, j + 1)
        };
        while start >= 2 && joins(start - 1) && name_part(start - 2) {
            start -= 2;
        }
        while end + 1 < words.len() && joins(end) && name_part(end + 1) {
            end += 2;
        }
        // "Department of Health", "Department for Education": a body's name joined by "of"
        // or "for" to a capitalised modifier of its own is one name (the mention finder
        // decides where it ends); a person "of Ethiopia" is not.
        let of_name = |j: usize| {
            words[j].text.chars().next().is_some_and(char::is_uppercase)
                && self.parse.is_within(j, i)
        };
        let body_word = self
            .frame
            .organisation_words
            .contains(&words[end - 1].text.to_lowercase());
        if body_word
            && words
                .get(end)
                .is_some_and(|w| w.text == "of" || w.text == "for")
            && end + 1 < words.len()
            && of_name(end + 1)
        {
            end += 1;
            while end < words.len() && of_name(end) {
                end += 1;
            }
        }
        // A lone capitalised word the tagger reads as no noun opens the sentence as an
        // adverb, connective, participle or adjective would ("Rarely", "Once", "Reflecting
        // the need", "Political"): no name, though the article never writes it in lower case.
        if end - start == 1 && !matches!(words[start].upos, Upos::Propn | Upos::Noun | Upos::X) {
            return None;
        }
        let chunk = Span {
            start: self.span.start + words[start].start,
            end: self.span.start + words[end - 1].end,
        };
        let chunk_words = words_of(self.body, chunk);
        // A lone word opening the sentence that the article never writes elsewhere is a name
        // or a plural ("Qantas has ordered", "Users need"): the tagger, which weighs the
        // word's shape and its neighbours, tells them apart better than its final "s".
        let tagged_name = end - start == 1 && words[start].xpos == "NNP";
        let found = mentions(&chunk_words, (!tagged_name).then_some(self.capitals));
        let named: Vec<&Mention> = found.iter().filter(|m| m.name().is_some()).collect();
        // "Dutch brewer Heineken", "telecoms firm Acme": a name after a descriptive noun is the
        // head of the phrase, and the words before it describe it.
        let stopwords = &Knowledge::get().stopwords;
        let described = named.iter().rev().find(|m| {
            chunk_words[..m.start]
                .iter()
                .any(|w| !w.capital && !stopwords.contains(&*w.key))
        });
        let first = *described.or(named.first())?;
        // A chunk of capitalised words the parse joins by compound or flat is one name, headed
        // by its last word ("Air China", "Commercial Services Union"): a name the mention
        // finder ends early ("Air") is extended to the chunk's head.
        let ends_early = matches!(first.who, Who::Named(_))
            && first.end < chunk_words.len()
            && chunk_words[first.end..].iter().all(|w| w.capital);
        // ... and one it starts late ("Athletics" of "UK Athletics", a state's name read as
        // the state) starts where the chunk does, unless what precedes is a title.
        let f = self.frame;
        let cues = &Knowledge::get().cues;
        let starts_late = matches!(first.who, Who::Named(_))
            && first.start > 0
            && chunk_words[..first.start].iter().all(|w| {
                w.capital
                    && !f.person_titles.contains(&*w.key)
                    && !f.person_nouns.contains(&*w.key)
                    && !cues.time_names.contains(&*w.key)
                    && !cues.not_actor.contains(&*w.key)
            });
        let start = if starts_late { 0 } else { first.start };
        let name = if ends_early || starts_late {
            let whole = Span {
                start: chunk_words[start].span.start,
                end: if ends_early {
                    chunk.end
                } else {
                    chunk_words[first.end - 1].span.end
                },
            };
            whole.of(self.body).trim_end_matches("'s").to_string()
        } else {
            first.name()?
        };
        Some(self.context.full_name(&name))
    }
}

/// The main clause's subject when it is a plural body of people that acts on its own ("MPs",
/// "shareholders"), alone or counted by a group noun ("a group of five MPs"), as the actor
/// its noun gives.
fn people_subject(parse: &Parse, frame: &Frame) -> Option<People> {
    let words = &parse.words;
    let subject = parse.children_with(parse.root()?, &["nsubj"]).next()?;
    let counted = frame
        .group_nouns
        .contains(&words[subject].lemma.to_lowercase());
    let who = if counted {
        parse
            .children_with(subject, &["nmod"])
            .find(|&j| words[j].xpos == "NNS")?
    } else {
        subject
    };
    if words[who].xpos != "NNS" {
        return None;
    }
    let text = &words[who].text;
    if !frame.standalone_nouns.contains(&text.to_lowercase()) {
        return Some(People::Unnamed);
    }
    let acronym = text.chars().filter(|c| c.is_uppercase()).count() > 1;
    Some(People::Body(if acronym {
        text.clone()
    } else {
        text.to_lowercase()
    }))
}

/// Byte range of the predicate and what follows it in its clause: where its amount may be
/// (money in an active subject or in a leading "despite a £3bn loss" is not what is committed).
fn clause_range(parse: &Parse, predicate: usize) -> std::ops::Range<usize> {
    let whole = parse.subtree_range(predicate);
    // A passive's subject is what is committed ("£20m will be spent").
    let passive = parse
        .children(predicate)
        .any(|j| parse.words[j].deprel == "nsubj:pass");
    let start = if passive {
        whole.start
    } else {
        parse.words[predicate].start
    };
    start..whole.end
}

/// The predicate and what follows it in its clause, as a readable phrase: from its first
/// auxiliary to the first punctuation, at most a few words, never ending in a function word.
fn action(text: &str, parse: &Parse, predicate: usize) -> String {
    let words = &parse.words;
    let first = parse
        .children(predicate)
        .filter(|&j| j < predicate && matches!(words[j].base_deprel(), "aux" | "advmod" | "mark"))
        .filter(|&j| words[j].lemma != "to")
        .min()
        .unwrap_or(predicate);
    // A passive reads from what is acted on ("plans were unveiled on Tuesday", "£20m will be
    // spent"), its article and any joining word dropped; not from a pronoun ("it", "which"),
    // and not from a subject so long it would crowd out the act.
    let passive = parse
        .children(predicate)
        .find(|&j| words[j].deprel == "nsubj:pass" && j < first && words[j].upos != Upos::Pron)
        .and_then(|s| {
            parse.subtree(s).into_iter().find(|&j| {
                !matches!(words[j].upos, Upos::Cconj | Upos::Adv | Upos::Punct)
                    && !matches!(words[j].lemma.as_str(), "a" | "an" | "the")
            })
        })
        .filter(|&start| first - start <= MAX_ACTION_WORDS / 2);
    let first = passive.unwrap_or(first);
    let subtree = parse.subtree(predicate);
    let mut last = predicate;
    for &j in subtree.iter().filter(|&&j| j > predicate) {
        if words[j].upos == Upos::Punct && words[j].text != "-" || j - first >= MAX_ACTION_WORDS {
            break;
        }
        if j != last + 1 {
            break;
        }
        last = j;
    }
    while last > predicate
        && matches!(
            words[last].upos,
            Upos::Adp | Upos::Cconj | Upos::Sconj | Upos::Det | Upos::Part | Upos::Punct
        )
    {
        last -= 1;
    }
    text[words[first].start..words[last].end].to_string()
}

/// What later sentences may refer back to: the actors found, else the subjects the parse
/// names, else the first name of the sentence that is surely one.
fn remember(words: &[Word], found: &[Mention], read: &Read, context: &mut Context, cues: &Cues) {
    let frame = &cues.frame;
    context.clock += 1;
    context
        .committed
        .extend(read.found.iter().map(|f| f.actor.clone()));
    context.presented_plan = read.presented_plan.clone();
    let sure = |m: &&Mention| {
        !m.possessive
            && match &m.who {
                Who::Known(_) => true,
                Who::Named(n) => m.start > 0 || n.contains(' '),
                Who::FirstPerson | Who::Anaphor => false,
            }
    };
    for m in found.iter().filter(sure) {
        if let Some(name) = m.name() {
            let kind = kind_of(words, m, &name, frame);
            // "the UK retailer", "US tycoon Malcolm Glazer": a state's name before a noun for
            // a body or a person gives their nationality; the story is not about the state,
            // and a later "it" is not the state.
            let nationality = kind == Kind::State
                && words.get(m.end).is_some_and(|next| {
                    let noun = singular(&next.key);
                    next.before.trim().is_empty()
                        && !next.capital
                        && (frame.agent_nouns.contains(&noun) || frame.person_nouns.contains(&noun))
                        && !frame.state_nouns.contains(&noun)
                });
            if nationality {
                continue;
            }
            context.saw(&name, kind);
            for noun in descriptions(words, m, frame) {
                context.described(&name, &noun);
            }
            if kind == Kind::Person {
                for title in titles(words, m, frame) {
                    context.titled(&name, title);
                }
            }
        }
    }
    // The actors found count once more: subjects are what later pronouns refer to.
    let subjects = read.found.iter().map(|f| &f.actor).chain(&read.subjects);
    let subjects: Vec<&String> = subjects.collect();
    context.previous_subjects.clear();
    for name in &subjects {
        let full = context.full_name(name);
        if !context.previous_subjects.iter().any(|(n, _)| *n == full) {
            let kind = context.kind_of(name, frame);
            context.previous_subjects.push((full, kind));
        }
    }
    for name in subjects {
        let kind = context.kind_of(name, frame);
        context.saw(name, kind);
    }
}

/// The nouns of a person's office written with their name: as a title ("Chancellor Gordon
/// Brown", "Tory education spokesman Tim Collins") or in an apposition ("Gordon Brown, the
/// chancellor,").
fn titles<'w>(words: &'w [Word], m: &Mention, frame: &Frame) -> Vec<&'w str> {
    let before = words[m.start.saturating_sub(3)..m.end]
        .iter()
        .rev()
        .take_while(|w| !w.before.contains([',', '.', ';', ':']));
    before
        .chain(apposition(words, m, 4))
        .map(|w| &*w.key)
        .filter(|k| frame.person_nouns.contains(*k))
        .collect()
}

/// The words of an apposition set off by a comma after a mention ("Gordon Brown, the
/// chancellor,"), at most `longest` of them, up to the next punctuation.
fn apposition<'w>(words: &'w [Word], m: &Mention, longest: usize) -> &'w [Word<'w>] {
    if !words.get(m.end).is_some_and(|w| w.before.contains(',')) {
        return &[];
    }
    let rest = &words[m.end..words.len().min(m.end + longest)];
    let stop = rest
        .iter()
        .skip(1)
        .position(|w| w.before.contains([',', '.', ';', ':', '(']))
        .map_or(rest.len(), |p| p + 1);
    &rest[..stop]
}

/// The agent nouns that describe a name: in the words right before it ("German football club
/// Borussia Dortmund") or in an apposition after it ("Borussia Dortmund, Germany's only listed
/// football club"), up to the next punctuation. Nouns are singular ("clubs" → "club").
fn descriptions(words: &[Word], m: &Mention, frame: &Frame) -> Vec<String> {
    // The words of the name's own phrase, back to a comma or a full stop: "police officers,
    // Michael Howard has said" does not describe Michael Howard.
    const LONGEST: usize = 4;
    let stopwords = &Knowledge::get().stopwords;
    let phrase_start = (m.start.saturating_sub(LONGEST)..m.start)
        .rev()
        .take_while(|&j| {
            let w = &words[j];
            !words[j + 1].before.contains([',', '.', ';', ':'])
                && !w.capital
                && !stopwords.contains(&*w.key)
        })
        .last()
        .unwrap_or(m.start);
    words[phrase_start..m.start]
        .iter()
        .rev()
        .chain(apposition(words, m, 8))
        .map(|w| w.key.trim_end_matches('s').to_string())
        .filter(|k| frame.agent_nouns.contains(k) && !frame.person_nouns.contains(k))
        .collect()
}

/// A name with a personal title, or of two or three capitalised words none of which marks an
/// organisation, is a person's; a lexicon actor is what its kind says.
fn kind_of(words: &[Word], m: &Mention, name: &str, frame: &Frame) -> Kind {
    if let Who::Known(i) = m.who {
        return match Knowledge::get().actors.list[i].kind.as_str() {
            "official" => Kind::Person,
            "country" | "bloc" | "government" => Kind::State,
            _ => Kind::Organisation,
        };
    }
    let titled = (m.start..m.end).chain(m.start.checked_sub(1)).any(|j| {
        words
            .get(j)
            .is_some_and(|w| frame.person_titles.contains(&*w.key))
    });
    if titled {
        return Kind::Person;
    }
    kind_of_name(name, frame)
}

/// Two or three capitalised words none of which marks an organisation make a person's name.
fn kind_of_name(name: &str, frame: &Frame) -> Kind {
    if let Some(actor) = Knowledge::get().actors.list.iter().find(|a| a.name == name) {
        return match actor.kind.as_str() {
            "official" => Kind::Person,
            "country" | "bloc" | "government" => Kind::State,
            _ => Kind::Organisation,
        };
    }
    let parts: Vec<&str> = name.split_whitespace().collect();
    // "Education Secretary Ruth Kelly": a name with a person's office is a person's.
    let office = parts
        .iter()
        .any(|p| frame.person_nouns.contains(&p.to_lowercase()));
    let organisation = parts
        .iter()
        .any(|p| frame.organisation_words.contains(&p.to_lowercase()))
        || parts
            .iter()
            .any(|p| p.len() > 1 && p.chars().all(|c| c.is_uppercase()))
        // "Marks & Spencer", "Procter & Gamble": partners joined in a firm's name.
        || parts.contains(&"&");
    if ((2..=3).contains(&parts.len()) || office) && !organisation {
        Kind::Person
    } else {
        Kind::Organisation
    }
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;

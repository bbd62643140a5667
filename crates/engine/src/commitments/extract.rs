//! Commitments of one article, sentence by sentence: find stage cues, then the actor each cue
//! belongs to (subject, passive agent, speaker of a first-person quote, or the antecedent of an
//! anaphor), and the amount and date in the cue's clause.

use super::amount::amounts;
use super::mentions::{mentions, Capitals, Mention, Who};
use super::{Commitment, Stage};
use quarry_text::knowledge::{Cues, Knowledge};
use quarry_text::phrases::{breaks_clause, words_of, PhraseSet, Word};
use quarry_text::{split_sentences, Span};

/// What earlier sentences tell a later one.
#[derive(Debug, Default)]
struct Context {
    /// Speaker of the current paragraph's quotes.
    speaker: Option<String>,
    /// The previous sentence's main actor.
    subject: Option<String>,
    /// The initiative the previous sentence named.
    initiative: Option<String>,
    /// A previous sentence with no cue, whose actor is worked out only if a later one needs it.
    pending: Option<Span>,
}

/// A stage cue: words `start..end`.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    stage: Stage,
}

/// A commitment found in a sentence, before amounts are attached.
struct Found {
    actor: String,
    cue: Cue,
}

const MAX_ACTION_WORDS: usize = 15;

pub fn extract(doc: &str, body: &str) -> Vec<Commitment> {
    let mut context = Context::default();
    let capitals = Capitals::of(body);
    let mut out = Vec::new();
    let mut previous_end = 0;
    for span in split_sentences(body) {
        if body[previous_end..span.start].contains('\n') {
            context.speaker = None;
        }
        previous_end = span.end;
        out.extend(sentence(doc, body, span, &capitals, &mut context));
    }
    out
}

fn sentence(
    doc: &str,
    body: &str,
    span: Span,
    capitals: &Capitals<'_>,
    context: &mut Context,
) -> Vec<Commitment> {
    let cues = &Knowledge::get().cues;
    let words = words_of(body, span);
    let has_cue = (0..words.len())
        .any(|i| cues.stages.starts_at(&words, i) || cues.speech.contains(&*words[i].key));
    if !has_cue {
        context.pending = Some(span);
        return Vec::new();
    }
    if let Some(previous) = context.pending.take() {
        let previous_words = words_of(body, previous);
        let previous_found = mentions(&previous_words, Some(capitals));
        remember(&previous_words, &previous_found, &[], context, cues);
    }
    let found = mentions(&words, Some(capitals));
    if let Some(speaker) = speaker(&words, &found, cues) {
        context.speaker = Some(speaker);
    }
    let text = span.of(body);
    let is_question = text
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .ends_with('?');
    // A headline or a caption (no closing punctuation) states no commitment of its own.
    let is_title = !text.trim_end().ends_with([
        '.', '!', '?', '"', '\'', '\u{201d}', '\u{2019}', ')', '\u{2026}',
    ]);
    let stage_cues = if is_question || is_title {
        Vec::new()
    } else {
        cues_of(&words, &found, cues)
    };

    let mut results: Vec<Found> = Vec::new();
    let mut open: Option<Stage> = None;
    for (n, cue) in stage_cues.iter().enumerate() {
        let clause_broken =
            n > 0 && (stage_cues[n - 1].end..=cue.start).any(|i| is_break(&words, i, cues));
        if clause_broken {
            open = None;
        }
        let stage = match open {
            Some(earlier) if cue.stage == Stage::Firm => earlier,
            _ => cue.stage,
        };
        if cue.stage != Stage::Firm {
            open = Some(cue.stage);
        }
        let cue = Cue { stage, ..*cue };
        for actor in actors_of(&words, &found, cue, &stage_cues, cues, context) {
            if !results.iter().any(|r| r.actor == actor) {
                results.push(Found { actor, cue });
            }
        }
    }

    let mut out = Vec::new();
    for (n, f) in results.iter().enumerate() {
        let scope_end = results
            .get(n + 1)
            .map_or(span.end, |next| words[next.cue.start].span.start);
        let scope = Span {
            start: words[f.cue.start].span.start,
            end: scope_end.max(words[f.cue.start].span.start),
        };
        let amount = amounts(scope.of(body)).into_iter().next().map(|(_, a)| a);
        out.push(Commitment {
            doc: doc.to_string(),
            actor: f.actor.clone(),
            action: action(body, &words, f.cue.start, cues),
            amount,
            date: date(&words, cues),
            stage: f.cue.stage,
            quote: text.to_string(),
        });
    }
    remember(&words, &found, &results, context, cues);
    out
}

/// The speaker named in this sentence: "X said" or "said X".
pub(super) fn speaker(words: &[Word], found: &[Mention], cues: &Cues) -> Option<String> {
    let verb = words.iter().position(|w| cues.speech.contains(&*w.key))?;
    let inverted = cues.speech_inverted.contains(&*words[verb].key);
    // "said Mr Guest", "said keyboard player Nick Rhodes": after an inverted speech verb, the
    // first name with only a title or a description before it, no punctuation between.
    let after_verb = |m: &Mention| {
        m.start > verb
            && m.start <= verb + 3
            && words[verb + 1..=m.start]
                .iter()
                .all(|w| w.before.chars().all(char::is_whitespace))
    };
    found
        .iter()
        .filter(|m| !m.possessive)
        .find(|m| m.end == verb || inverted && after_verb(m))
        .and_then(Mention::name)
}

/// Stage cues not inside a name, not part of a non-commitment phrase and not denied.
fn cues_of(words: &[Word], found: &[Mention], cues: &Cues) -> Vec<Cue> {
    let mut blocked = vec![false; words.len()];
    for i in 0..words.len() {
        if let Some((end, _)) = cues.not_commitment.longest_at(words, i) {
            blocked[i..end].iter_mut().for_each(|b| *b = true);
        }
    }
    let in_name = |i: usize| found.iter().any(|m| (m.start..m.end).contains(&i));
    let mut list = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match cues.stages.longest_at(words, i) {
            Some((end, &stage))
                if !blocked[i..end].contains(&true) && !in_name(i) && !compound(words, i, cues) =>
            {
                if !denied(words, i, end, cues)
                    && undertaken(words, i, end, cues)
                    && !reacts(words, i, end, cues)
                    && gathers(words, i, end, cues)
                {
                    list.push(Cue {
                        start: i,
                        end,
                        stage,
                    });
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    list
}

/// A reaction to something already there ("welcomed the move", "backed the proposals"): support
/// for someone else's act, no commitment of the one who reacts.
fn reacts(words: &[Word], cue: usize, end: usize, cues: &Cues) -> bool {
    end == cue + 1
        && cues.reaction.contains(&*words[cue].key)
        && words
            .get(end)
            .is_some_and(|w| cues.definite.contains(&*w.key))
}

/// Whether a hosting cue has a gathering within a few words of it ("hosted leaders from five
/// countries", "the meeting is being hosted by"); other cues need none.
fn gathers(words: &[Word], cue: usize, end: usize, cues: &Cues) -> bool {
    const REACH: usize = 6;
    let hosts = end == cue + 1 && cues.hosting.contains(&*words[cue].key);
    let near = &words[cue.saturating_sub(REACH)..(end + REACH).min(words.len())];
    !hosts || near.iter().any(|w| cues.gathering.contains(&*w.key))
}

/// A cue inside a compound ("publicity-seeking", "NEC-backed") or a bare verb form that cannot be
/// a verb here ("In the US and Australia, sign language ...").
fn compound(words: &[Word], cue: usize, cues: &Cues) -> bool {
    let before = words[cue].before;
    before == "-" || cue > 0 && cues.bare.contains(&*words[cue].key) && !before.trim().is_empty()
}

/// Whether a gated cue ("will", "is to", reported "would") is followed by a verb of undertaking
/// ("will build", not "will play"); other cues always are.
fn undertaken(words: &[Word], cue: usize, end: usize, cues: &Cues) -> bool {
    let exactly = |set: &PhraseSet<()>| set.longest_at(words, cue).is_some_and(|(e, _)| e == end);
    if !exactly(&cues.gated) {
        return true;
    }
    if exactly(&cues.reported) && !words.iter().any(|w| cues.speech.contains(&*w.key)) {
        return false;
    }
    let mut verb = end;
    while words
        .get(verb)
        .is_some_and(|w| cues.verb_modifiers.contains(&*w.key) || w.key.ends_with("ly"))
    {
        verb += 1;
    }
    cues.commitment_verbs.starts_at(words, verb)
}

/// A negation within the window before the cue ("did not commit", "refused to sign") or right
/// after it ("will not play"); a condition ("if") or an opinion ("analysts predict") before it.
fn denied(words: &[Word], cue: usize, end: usize, cues: &Cues) -> bool {
    let before = (cue.saturating_sub(cues.negation_window)..cue).any(|i| {
        cues.negation
            .longest_at(words, i)
            .is_some_and(|(end, _)| end <= cue)
    });
    let after = cues.negation_after.starts_at(words, end);
    let framed = (0..cue).any(|i| {
        let ends_before =
            |set: &PhraseSet<()>| set.longest_at(words, i).is_some_and(|(e, _)| e <= cue);
        ends_before(&cues.conditional) || ends_before(&cues.opinion)
    });
    before || after || framed
}

fn is_break(words: &[Word], i: usize, cues: &Cues) -> bool {
    words.get(i).is_some_and(|w| {
        breaks_clause(w.before) || (cues.clause_breaks.contains(&*w.key) && w.before.contains(','))
    })
}

/// The actors a cue belongs to: the passive agent, else the subject (and a subject joined to it
/// by "and"); first-person words and anaphors resolved.
fn actors_of(
    words: &[Word],
    found: &[Mention],
    cue: Cue,
    all: &[Cue],
    cues: &Cues,
    context: &Context,
) -> Vec<String> {
    let next = words.get(cue.end);
    if next.is_some_and(|w| cues.agent.contains(&*w.key)) {
        let limit = all
            .iter()
            .map(|c| c.start)
            .find(|&s| s > cue.end)
            .unwrap_or(words.len());
        let limit = (cue.end + 1..limit)
            .find(|&i| {
                words[i].key == "and" || words[i].before.contains(',') || is_break(words, i, cues)
            })
            .unwrap_or(limit);
        return found
            .iter()
            .find(|m| m.start > cue.end && m.end <= limit)
            .and_then(|m| resolve(m, words, cues, context))
            .into_iter()
            .collect();
    }
    if is_participle(words, cue) && passive_without_agent(words, cue.start, cues) {
        return Vec::new();
    }
    // "will be paid", "is expected to be financed": a state to come, not the subject's undertaking
    // (a participle cue with a "by" agent later in the clause names who acts).
    let verb_cue = cues.modal_ends.contains(&*words[cue.end - 1].key);
    let mut after = cue.end;
    while words.get(after).is_some_and(|w| {
        w.key.ends_with("ly") || cues.subject_followers.contains(&*w.key) && w.key != "and"
    }) {
        after += 1;
    }
    if verb_cue && words.get(after).is_some_and(|w| cues.be.contains(&*w.key)) {
        return Vec::new();
    }
    let Some(subject) = subject(words, found, cue.start, cues) else {
        return Vec::new();
    };
    // Reported "would" belongs to the name right before it ("said Acme would cut"), not to an
    // earlier one ("X, editor of Y, said the feud would boost ...").
    let reported = cues
        .reported
        .longest_at(words, cue.start)
        .is_some_and(|(e, _)| e == cue.end);
    if reported && found[subject].end != cue.start {
        return Vec::new();
    }
    let between = words[found[subject].end..cue.start].iter().enumerate();
    let hedged = between.map(|(k, _)| found[subject].end + k).any(|i| {
        cues.speculation
            .longest_at(words, i)
            .is_some_and(|(end, _)| end <= cue.start)
    });
    if hedged {
        return Vec::new();
    }
    let pronoun = found[subject].who == Who::Anaphor
        && cues.pronoun.contains(&*words[found[subject].start].key);
    let earlier = found[..subject]
        .iter()
        .rev()
        .find(|m| !m.possessive && matches!(m.who, Who::Known(_) | Who::Named(_)));
    let mut actors: Vec<String> = match earlier.filter(|_| pronoun) {
        Some(named) => named.name().into_iter().collect(),
        None => resolve(&found[subject], words, cues, context)
            .into_iter()
            .collect(),
    };
    if subject > 0 {
        let (left, right) = (&found[subject - 1], &found[subject]);
        let joined =
            right.start == left.end + 1 && words[left.end].key == "and" && !left.possessive;
        if joined {
            actors.extend(resolve(left, words, cues, context));
        }
    }
    actors
}

fn is_participle(words: &[Word], cue: Cue) -> bool {
    let first = &words[cue.start].key;
    cue.end == cue.start + 1 && !first.ends_with("ing") && !first.ends_with('s')
}

/// "was launched" or "a platform established" with no agent: not the subject's commitment.
fn passive_without_agent(words: &[Word], cue: usize, cues: &Cues) -> bool {
    let mut i = cue;
    while i > 0 && (words[i - 1].key.ends_with("ly") || words[i - 1].key == "also") {
        i -= 1;
    }
    let Some(before) = i.checked_sub(1).map(|b| &words[b]) else {
        return false;
    };
    if cues.be.contains(&*before.key) || cues.determiner.contains(&*before.key) {
        return true;
    }
    let article = i.checked_sub(2).map(|b| &words[b]);
    !before.capital && article.is_some_and(|a| cues.indefinite.contains(&*a.key))
}

/// The mention (index) that is the subject of a cue: the nearest one before it in its clause that
/// is not a possessive; none when that is the object of a preposition (a noun phrase such as
/// "in U.S. plans"), unless a relative clause ("Asia, whose countries aim") makes it the antecedent.
fn subject(words: &[Word], found: &[Mention], cue: usize, cues: &Cues) -> Option<usize> {
    let (index, mention) = found
        .iter()
        .enumerate()
        .rev()
        .find(|(_, m)| m.end <= cue && !m.possessive)?;
    if (mention.end..=cue).any(|i| is_break(words, i, cues)) {
        return None;
    }
    // Inside a relative clause ("The director, who made X, will ..."): the subject is its antecedent.
    let opener = (0..=mention.start)
        .rev()
        .find(|&i| words[i].before.contains(','));
    if let Some(r) = opener.filter(|&r| {
        cues.relative.contains(&*words[r].key)
            && words[mention.end..=cue]
                .iter()
                .any(|w| w.before.contains(','))
    }) {
        return subject(words, found, r, cues);
    }
    // "its US launch": a name after a possessive pronoun modifies a noun.
    let owned = mention
        .start
        .checked_sub(1)
        .is_some_and(|i| cues.possessive_pronoun.contains(&*words[i].key));
    if owned {
        return None;
    }
    let preposition = mention
        .start
        .checked_sub(1)
        .map(|i| &words[i])
        .is_some_and(|w| {
            let key = if w.key == "the" {
                mention
                    .start
                    .checked_sub(2)
                    .map_or("", |j| words[j].key.as_ref())
            } else {
                w.key.as_ref()
            };
            cues.preposition.contains(key)
        });
    let relative = words[mention.end..cue]
        .iter()
        .any(|w| w.before.contains(',') && cues.relative.contains(&*w.key));
    // "The GMB union has vowed": a name followed by an organisation noun is still the subject.
    let named = matches!(mention.who, Who::Named(_));
    let after = match words.get(mention.end) {
        Some(w) if named && w.before == " " && cues.organisation.contains(&*w.key) => {
            mention.end + 1
        }
        _ => mention.end,
    };
    (!preposition || relative)
        .then_some(index)
        .filter(|_| !modifies_noun(words, after, cue, cues))
}

/// Whether the name ending before word `after` modifies a noun ("the US firm") instead of being
/// the subject: a lower-case word follows it directly that is no verb-like follower.
fn modifies_noun(words: &[Word], after: usize, cue: usize, cues: &Cues) -> bool {
    let Some(next) = words.get(after) else {
        return false;
    };
    let direct = next.before.trim().is_empty();
    let follower = after == cue
        || cues.subject_followers.contains(&*next.key)
        || cues.be.contains(&*next.key)
        || next.key.ends_with("ly")
        || cues.negation.starts_at(words, after)
        || cues.stages.starts_at(words, after);
    direct && !next.capital && !follower
}

/// The name a mention stands for; an anaphor that nothing earlier resolves names itself when it is
/// a standalone actor ("The government will spend ..." opening an article: "government").
fn resolve(m: &Mention, words: &[Word], cues: &Cues, context: &Context) -> Option<String> {
    match &m.who {
        Who::Known(_) | Who::Named(_) => m.name(),
        Who::FirstPerson => context.speaker.clone(),
        Who::Anaphor => context
            .initiative
            .clone()
            .or_else(|| context.subject.clone())
            .or_else(|| {
                cues.standalone
                    .longest_at(words, m.start)
                    .filter(|&(end, _)| end == m.end)
                    .map(|_| words[m.end - 1].key.to_string())
            }),
    }
}

/// The cue and what follows it in its clause, up to a few words.
fn action(body: &str, words: &[Word], cue: usize, cues: &Cues) -> String {
    let mut end = cue + 1;
    while end < words.len()
        && end - cue < MAX_ACTION_WORDS
        && !is_break(words, end, cues)
        && (!words[end].before.contains(',') || thousands(words, end))
    {
        end += 1;
    }
    body[words[cue].span.start..words[end - 1].span.end].to_string()
}

/// Whether the comma before word `i` separates thousands ("2,000 jobs"), not clauses.
fn thousands(words: &[Word], i: usize) -> bool {
    let digit_before = i
        .checked_sub(1)
        .is_some_and(|p| words[p].text.ends_with(|c: char| c.is_ascii_digit()));
    words[i].before == ","
        && digit_before
        && words[i].text.starts_with(|c: char| c.is_ascii_digit())
}

/// When, as the sentence says: a day or month name, a year, or "this week".
pub(super) fn date(words: &[Word], cues: &Cues) -> Option<String> {
    words.iter().enumerate().find_map(|(i, w)| {
        if w.capital && cues.time_names.contains(&*w.key) {
            return Some(w.text.to_string());
        }
        if w.key.len() == 4
            && w.key.starts_with(['1', '2'])
            && w.key.bytes().all(|b| b.is_ascii_digit())
        {
            return Some(w.text.to_string());
        }
        let (end, _) = cues.time_relative.longest_at(words, i)?;
        let unit = words
            .get(end)
            .filter(|u| cues.time_units.contains(&*u.key))?;
        Some(format!(
            "{} {}",
            words[i..end]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" "),
            unit.text
        ))
    })
}

/// Keeps what the next sentence may refer back to: its actor and any initiative it names.
fn remember(
    words: &[Word],
    found: &[Mention],
    results: &[Found],
    context: &mut Context,
    cues: &Cues,
) {
    let named = (0..words.len()).find_map(|i| {
        let (end, _) = cues.naming.longest_at(words, i)?;
        found
            .iter()
            .find(|m| m.start == end)
            .and_then(Mention::name)
    });
    let after_cue = results.first().and_then(|r| {
        found
            .iter()
            .find(|m| m.start >= r.cue.end && m.is_initiative())
            .and_then(Mention::name)
    });
    context.initiative = named.or(after_cue).or_else(|| {
        results.first().and_then(|r| {
            let anaphor_subject = found
                .iter()
                .any(|m| m.who == Who::Anaphor && m.end <= r.cue.start);
            anaphor_subject
                .then(|| context.initiative.clone())
                .flatten()
        })
    });
    let first = found
        .iter()
        .find(|m| !m.possessive && matches!(m.who, Who::Known(_) | Who::Named(_)))
        .and_then(Mention::name);
    context.subject = results.first().map(|r| r.actor.clone()).or(first);
}

#[cfg(test)]
#[path = "extract_tests.rs"]
mod tests;

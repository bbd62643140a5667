//! Reading a question: its content units, weighted by rarity, and the kind of answer it wants.

use std::collections::HashSet;

use crate::index::{IndexError, SearchIndex};
use quarry_text::terms::{is_concept, terms};
use quarry_text::Knowledge;
use quarry_text::{stem, word_key, word_spans, Span};

/// The kind of thing a question asks for, read from its opening words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Person,
    Date,
    /// "How much", "what share": money or a number.
    Quantity,
    /// "How many", "how long": a number.
    Number,
    /// "What share": a part of a whole.
    Share,
    /// "What fee": money.
    Money,
    Place,
    /// "Which minerals ...?": several things, named in a list.
    List,
    /// "Which country ...?": a name the question does not give.
    Name,
    Anything,
}

impl Expected {
    /// Whether only a passage with a figure or a date can answer.
    pub fn wants_figure(self) -> bool {
        matches!(
            self,
            Expected::Quantity
                | Expected::Number
                | Expected::Share
                | Expected::Money
                | Expected::Date
        )
    }
}

/// A content unit of the question: a word (with its synonyms) or a named concept.
#[derive(Debug, Clone)]
pub struct Unit {
    pub alternatives: Vec<String>,
    pub weight: f32,
    /// Position among the question's words, for phrase evidence.
    pub position: u32,
    /// A proper name, a concept or a number: what grounds the question in the corpus.
    pub name: bool,
    /// How many index documents hold any alternative.
    pub doc_freq: u64,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub units: Vec<Unit>,
    pub expected: Expected,
    pub broad: bool,
    /// "What is X?": a sentence that defines X ("X is a ...", "... known as X") answers best.
    pub definition: bool,
    /// "How many countries", "which minerals": the stem of what is asked for, which the number
    /// or the list should stand beside.
    pub asked_for: Option<String>,
    /// Word keys of the question, so a name it already gives is not taken for the answer.
    pub keys: HashSet<String>,
    /// "Why ...?": a sentence that gives a cause or a purpose answers best.
    pub why: bool,
}

impl Analysis {
    /// The question names something the corpus never mentions (a name, a number, or the kind
    /// of thing asked for: "which companies", "how many tonnes"), so the corpus cannot answer it.
    pub fn names_unknown(&self) -> bool {
        self.units.iter().any(|u| {
            u.doc_freq == 0 && (u.name || self.asked_for.as_ref() == u.alternatives.first())
        })
    }

    /// The corpus never uses most of the question's content words: there is nothing in it to
    /// ground an answer (a question about an article since removed).
    pub fn mostly_unknown(&self) -> bool {
        let unknown = self.units.iter().filter(|u| u.doc_freq == 0).count();
        2 * unknown > self.units.len()
    }
}

/// Reads the question: content units weighted by rarity, what kind of answer it wants.
pub fn analyze(
    question: &str,
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
) -> Result<Analysis, IndexError> {
    let lexicon = Knowledge::get();
    let Asked {
        expected,
        asked_for,
        type_word,
        why,
    } = asked(question);
    let all = terms(question);
    let question_keys: Vec<String> = word_spans(question)
        .iter()
        .map(|s| word_key(s.of(question)))
        .collect();
    let mut covered: HashSet<u32> = HashSet::new();
    let mut units: Vec<Unit> = Vec::new();
    for term in all.iter().filter(|t| is_concept(&t.text)) {
        if (term.position..term.position + term.words).any(|p| covered.contains(&p)) {
            continue;
        }
        covered.extend(term.position..term.position + term.words);
        units.push(Unit {
            alternatives: with_members(&term.text, &question_keys, term.position + term.words),
            weight: 0.0,
            position: term.position,
            name: true,
            doc_freq: 0,
        });
    }
    let mut seen: HashSet<String> = HashSet::new();
    for term in all
        .iter()
        .filter(|t| !is_concept(&t.text) && !covered.contains(&t.position))
    {
        let key = word_key(term.span.of(question));
        if lexicon.stopwords.contains(&key)
            || type_word.as_ref() == Some(&key)
            || !seen.insert(term.text.clone())
        {
            continue;
        }
        let mut alternatives = vec![term.text.clone()];
        if let Some(same) = lexicon.synonyms.get(&term.text) {
            alternatives.extend(same.iter().cloned());
        }
        let name = is_name(question, term.span);
        units.push(Unit {
            alternatives,
            weight: 0.0,
            position: term.position,
            name,
            doc_freq: 0,
        });
    }
    let total = searcher.num_docs().max(1) as f32;
    for unit in &mut units {
        unit.doc_freq = doc_freq(index, searcher, &unit.alternatives)?;
        // A long word the corpus never uses but one slip of typing from words it does
        // ("Univeristy", "Counil") is taken for them: people mistype, and a question is not
        // about something the corpus lacks for that.
        let word = &unit.alternatives[0];
        if unit.doc_freq == 0 && !is_concept(word) && word.chars().count() >= MISTYPED_LENGTH {
            let near = index.near_terms(searcher, word)?;
            unit.alternatives.extend(near);
            unit.doc_freq = doc_freq(index, searcher, &unit.alternatives)?;
        }
        let df = unit.doc_freq as f32;
        unit.weight = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
    }
    // A common word the corpus never uses ("sent", "handle") cannot tell passages apart and is
    // often a paraphrase of what the corpus says in other words; it counts as half an average
    // word, so paraphrased questions are not abstained on while a question that hinges on such
    // a word ("the population of ...") still is. Unknown names keep their full weight (and make
    // `compose` abstain).
    let seen: Vec<f32> = units
        .iter()
        .filter(|u| u.doc_freq > 0)
        .map(|u| u.weight)
        .collect();
    if !seen.is_empty() {
        let average = seen.iter().sum::<f32>() / seen.len() as f32;
        for unit in units.iter_mut().filter(|u| u.doc_freq == 0 && !u.name) {
            unit.weight = average / 2.0;
        }
    }
    units.sort_by_key(|u| u.position);
    tracing::debug!(
        units = ?units.iter().map(|u| (&u.alternatives[0], u.weight, u.doc_freq, u.name)).collect::<Vec<_>>(),
        "question units"
    );
    let broad = expected == Expected::Anything && (units.len() <= 2 || is_broad_opening(question));
    let keys = question_keys.into_iter().collect();
    let lower = question.trim_start().to_lowercase();
    let definition = Knowledge::get()
        .answer_types
        .definition_openers
        .iter()
        .any(|o| lower.starts_with(o.as_str()));
    Ok(Analysis {
        units,
        expected,
        broad,
        definition,
        asked_for,
        keys,
        why,
    })
}

/// A concept, plus the members of the group it names when the question asks for one of them
/// ("Which Central Asian country": a passage naming Kazakhstan speaks of Central Asia).
fn with_members(concept: &str, question_keys: &[String], next_word: u32) -> Vec<String> {
    let regions = &Knowledge::get().regions;
    let mut alternatives = vec![concept.to_string()];
    let asks_for_member = question_keys
        .get(next_word as usize)
        .is_some_and(|key| regions.member_words.contains(key));
    if let Some(members) = regions.members.get(concept).filter(|_| asks_for_member) {
        alternatives.extend(members.iter().cloned());
    }
    alternatives
}

/// A capitalised word after the first ("Chile", "World Cup") or a number ("2022").
fn is_name(question: &str, span: Span) -> bool {
    let word = span.of(question);
    let opening = question[..span.start]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .is_empty();
    word.chars().any(|c| c.is_ascii_digit())
        || (!opening && word.chars().next().is_some_and(char::is_uppercase))
}

/// What a question's opening words say about its answer.
struct Asked {
    expected: Expected,
    /// "How many X", "which Xs": the stem of X.
    asked_for: Option<String>,
    /// The word that names the kind of answer ("what year", "what share"): it says what the
    /// answer is, not what it is about, so it is no content unit.
    type_word: Option<String>,
    /// The question asks "why".
    why: bool,
}

/// The part of a question whose opening words say what is asked: all of it, or what follows
/// a scene-setting clause and its comma ("When John Fox left, who replaced him?", "In 1990,
/// what was ...?"). A question that opens with a question word other than "when" asks with it.
fn asking_clause(question: &str) -> &str {
    let question_words = &Knowledge::get().answer_types.question_words;
    let first_word = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .map(str::to_lowercase)
    };
    let asks = |text: &str| first_word(text).is_some_and(|w| question_words.contains(&w));
    if asks(question) && first_word(question).as_deref() != Some("when") {
        return question;
    }
    question
        .match_indices(", ")
        .map(|(at, comma)| &question[at + comma.len()..])
        .find(|rest| asks(rest))
        .unwrap_or(question)
}

/// How long a word must be for a word one slip of typing from it to be taken for it: in shorter
/// words one letter makes another word ("bank", "band").
const MISTYPED_LENGTH: usize = 6;

/// How many index documents hold the alternative held most.
fn doc_freq(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    alternatives: &[String],
) -> Result<u64, IndexError> {
    let mut most = 0;
    for term in alternatives {
        most = most.max(index.doc_freq(searcher, term)?);
    }
    Ok(most)
}

/// What kind of answer the question's opening words ask for.
fn asked(question: &str) -> Asked {
    let lexicon = Knowledge::get();
    let words_of = &lexicon.answer_types;
    let lower = asking_clause(question).trim().to_lowercase();
    let all: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let start = all
        .iter()
        .take_while(|w| words_of.leading.contains(**w))
        .count();
    let words = &all[start..];
    let word = |i: usize| words.get(i).copied().unwrap_or("");
    let (plural, typed) = match word(0) {
        "which" | "what" => {
            let rest = &words[1..];
            let phrase = noun_phrase(rest);
            let typed = phrase.iter().find_map(|&(i, noun)| {
                // A type noun heads its phrase: "what price was", not "what price mechanism".
                let heads = rest.get(i + 1).is_none_or(|next| {
                    words_of.auxiliaries.contains(*next)
                        || words_of.leading.contains(*next)
                        || lexicon.stopwords.contains(*next)
                });
                let kinds = [
                    (&words_of.date_nouns, Expected::Date),
                    (&words_of.share_nouns, Expected::Share),
                    (&words_of.money_nouns, Expected::Money),
                    (&words_of.count_nouns, Expected::Quantity),
                ];
                let (_, kind) = kinds.into_iter().find(|(nouns, _)| nouns.contains(noun))?;
                heads.then_some((kind, noun))
            });
            // "What are the goals ...?" is broad; "which critical minerals ...?" wants a list.
            let follows_directly = phrase.first().is_some_and(|&(i, _)| i == 0);
            let nouns: Vec<&str> = phrase.iter().map(|&(_, w)| w).collect();
            (plural_noun(&nouns).filter(|_| follows_directly), typed)
        }
        _ => (None, None),
    };
    let expected = match (word(0), word(1)) {
        ("how", "much" | "large" | "big") => Expected::Quantity,
        ("how", "many") => Expected::Number,
        ("how", measure) if words_of.measures.contains(measure) => Expected::Number,
        ("who" | "whom" | "whose", _) => Expected::Person,
        ("when", _) => Expected::Date,
        ("where", _) => Expected::Place,
        (opener, noun) => match typed {
            Some((kind, _)) => kind,
            None if plural.is_some() => Expected::List,
            None if opener == "which"
                && !noun.is_empty()
                && !words_of.auxiliaries.contains(noun) =>
            {
                Expected::Name
            }
            None => Expected::Anything,
        },
    };
    let asked_for = match expected {
        Expected::Number if word(1) == "many" => Some(word(2)).filter(|w| !w.is_empty()),
        Expected::List => plural,
        _ => None,
    };
    Asked {
        expected,
        asked_for: asked_for.map(|w| stem(w).into_owned()),
        type_word: typed.map(|(_, w)| w.to_string()),
        why: word(0) == "why",
    }
}

/// The first words of the noun phrase after "what", with their places: "was the production
/// budget of" → "production budget of"; "'s the interest rate" → "interest rate".
fn noun_phrase<'a>(words: &[&'a str]) -> Vec<(usize, &'a str)> {
    let auxiliaries = &Knowledge::get().answer_types.auxiliaries;
    words
        .iter()
        .copied()
        .enumerate()
        .skip_while(|(_, w)| auxiliaries.contains(*w) || ["the", "a", "an", "s"].contains(w))
        .take(3)
        .collect()
}

/// The plural noun in the noun phrase after "which"/"what" ("which critical minerals does",
/// "what steps have"); later words belong to the rest of the question.
fn plural_noun<'a>(phrase: &[&'a str]) -> Option<&'a str> {
    let auxiliaries = &Knowledge::get().answer_types.auxiliaries;
    phrase
        .iter()
        .take_while(|w| !auxiliaries.contains(**w))
        .find(|w| {
            w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !w.ends_with("us")
                && !w.ends_with("is")
        })
        .copied()
}

fn is_broad_opening(question: &str) -> bool {
    let lower = question.trim().to_lowercase();
    Knowledge::get()
        .answer_types
        .broad_openers
        .iter()
        .any(|opening| lower.starts_with(opening.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(question: &str) -> Expected {
        asked(question).expected
    }

    #[test]
    fn opening_words_say_what_kind_of_answer_is_wanted() {
        assert_eq!(kind("How much will the bank lend?"), Expected::Quantity);
        assert_eq!(
            kind("What share of reserves does China hold?"),
            Expected::Share
        );
        assert_eq!(kind("What was the production budget?"), Expected::Money);
        assert_eq!(kind("What number was the star?"), Expected::Quantity);
        assert_eq!(
            kind("What's the interest rate on the loan?"),
            Expected::Share
        );
        assert_eq!(kind("How many countries came?"), Expected::Number);
        assert_eq!(kind("How long did the match last?"), Expected::Number);
        assert_eq!(kind("Whose own goal won it?"), Expected::Person);
        assert_eq!(kind("When did Japan act?"), Expected::Date);
        assert_eq!(kind("Which year was it founded?"), Expected::Date);
        assert_eq!(kind("Where was the forum held?"), Expected::Place);
        assert!(asked("Why did Santini quit?").why);
        assert!(asked("In 2004, why did Santini quit?").why);
        assert!(!asked("Who said why?").why);
        assert_eq!(
            kind("Which critical minerals does it have?"),
            Expected::List
        );
        assert_eq!(kind("Which judge set the date?"), Expected::Name);
        assert_eq!(kind("What is Project Vault?"), Expected::Anything);
        assert_eq!(
            kind("What are the goals of the dialogue?"),
            Expected::Anything
        );
    }

    #[test]
    fn the_word_that_names_the_kind_of_answer_is_not_content() {
        assert_eq!(
            asked("In what year was it set up?").type_word.as_deref(),
            Some("year")
        );
        assert_eq!(asked("Which city hosted it?").type_word, None);
    }

    #[test]
    fn a_clause_that_sets_the_scene_does_not_ask_the_question() {
        assert_eq!(
            kind("When John Fox left as head coach, who replaced him?"),
            Expected::Person
        );
        assert_eq!(kind("In 1990, how many mines were open?"), Expected::Number);
        assert_eq!(kind("When did Japan, Korea and China act?"), Expected::Date);
        assert_eq!(kind("Which company, when asked, said no?"), Expected::Name);
    }

    #[test]
    fn a_leading_preposition_does_not_hide_the_question_word() {
        assert_eq!(kind("In which years did Zambia win?"), Expected::Date);
        assert_eq!(kind("For how long is the code valid?"), Expected::Number);
        assert_eq!(kind("From how far out did he shoot?"), Expected::Number);
    }

    #[test]
    fn only_the_noun_after_which_decides_a_list() {
        // "worries" belongs to the rest of the question, not to what is asked for.
        assert_eq!(
            kind("Which US cabinet member voiced worries about China?"),
            Expected::Name
        );
    }

    #[test]
    fn how_many_and_which_name_what_is_asked_for() {
        assert_eq!(
            asked("How many countries sent delegations?").asked_for,
            Some(stem("countries").into_owned())
        );
        assert_eq!(
            asked("Which critical minerals does it have?").asked_for,
            Some(stem("minerals").into_owned())
        );
        assert_eq!(asked("How long did it last?").asked_for, None);
    }
}

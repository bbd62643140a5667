//! The actor mentions of a sentence: names of the actor list and their aliases, capitalised names
//! not in it, first-person words and anaphors.

use quarry_text::knowledge::{Actors, Cues, Knowledge};
use quarry_text::phrases::Word;

/// Who a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// An actor of the lexicon, by index.
    Known(usize),
    /// A capitalised name not in the lexicon, titles dropped.
    Named(String),
    /// "we", "our": the speaker of the quote.
    FirstPerson,
    /// "it", "the initiative": the previous sentence's initiative or actor.
    Anaphor,
}

/// An actor mention: words `start..end` of the sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub who: Who,
    pub possessive: bool,
}

impl Mention {
    /// The actor's name, for known and named mentions.
    pub fn name(&self) -> Option<String> {
        match &self.who {
            Who::Known(i) => Some(Knowledge::get().actors.list[*i].name.clone()),
            Who::Named(n) => Some(n.clone()),
            Who::FirstPerson | Who::Anaphor => None,
        }
    }

    /// Whether the mention names an initiative or forum rather than a state or person.
    pub fn is_initiative(&self) -> bool {
        match &self.who {
            Who::Known(i) => matches!(
                Knowledge::get().actors.list[*i].kind.as_str(),
                "initiative" | "forum"
            ),
            Who::Named(n) => n.split_whitespace().count() >= 2,
            Who::FirstPerson | Who::Anaphor => false,
        }
    }
}

/// How an article writes a word, looked up only for the few sentence openers that need it.
#[derive(Debug)]
pub struct Capitals<'a> {
    body: &'a str,
}

impl<'a> Capitals<'a> {
    pub fn of(body: &'a str) -> Capitals<'a> {
        Capitals { body }
    }

    /// Whether a lone capitalised word opening a sentence is a name: the article capitalises it
    /// inside a sentence too, or never writes it in lower case ("Sony will", not "Money raised").
    fn names(&self, word: &str) -> bool {
        let inside = self.capitalised_inside(word);
        // A plural opening a sentence ("Users need to", "Analysts said") is a common noun
        // unless the article capitalises it inside a sentence too: news opens sentences with
        // plural nouns far more often than with a name that it never writes mid-sentence.
        let plural = word.len() > 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("us")
            && word.chars().rev().nth(1).is_some_and(char::is_lowercase);
        // So are an adverb or a participle opening it ("Rarely now does", "Reflecting the
        // need, it announced"): English makes them with "-ly" and "-ing".
        let derived = word.chars().count() > 5 && (word.ends_with("ly") || word.ends_with("ing"));
        let lower = word.to_lowercase();
        inside
            || !plural
                && !derived
                && !self
                    .body
                    .match_indices(&lower)
                    .any(|(at, _)| self.whole_word(at, lower.len()))
    }

    /// Whether the article writes `word` capitalised inside a sentence, as a name is.
    pub fn capitalised_inside(&self, word: &str) -> bool {
        self.body.match_indices(word).any(|(at, _)| {
            let opener = self.body[..at]
                .trim_end_matches([' ', '\t', '"', '\'', '\u{201c}', '\u{2018}', '('])
                .chars()
                .next_back();
            self.whole_word(at, word.len())
                && opener.is_some_and(|c| !matches!(c, '.' | '!' | '?' | '\n' | '\u{2026}' | ':'))
        })
    }

    fn whole_word(&self, at: usize, len: usize) -> bool {
        let before = self.body[..at].chars().next_back();
        let after = self.body[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

/// Every actor mention of a sentence, in order and not overlapping; `capitals` (when known) tells
/// a name that opens a sentence from an ordinary word.
pub fn mentions(words: &[Word], capitals: Option<&Capitals<'_>>) -> Vec<Mention> {
    let knowledge = Knowledge::get();
    let (actors, cues) = (&knowledge.actors, &knowledge.cues);
    let mut found: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let lower = !w.capital;
        if (lower || i == 0) && cues.anaphor.starts_at(words, i) {
            // "the bank" refers back, "the Bank of England" is a name.
            let anaphor = cues
                .anaphor
                .longest_at(words, i)
                .filter(|&(end, _)| end == i + 1 || !words[end - 1].capital);
            if let Some((end, _)) = anaphor {
                found.push(Mention {
                    start: i,
                    end,
                    who: Who::Anaphor,
                    possessive: possessive(words, end, cues),
                });
                i = end;
                continue;
            }
        }
        // "US", "U.S." in capitals abbreviate a name; the pronoun "us" is never so written,
        // even where it opens a sentence or a quote.
        let abbreviation = w.text.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !w.text.chars().any(char::is_lowercase);
        if cues.first_person.contains(&*w.key)
            && !abbreviation
            && (lower || w.text == "I" || i == 0 || w.before.contains(['"', '\u{201c}']))
        {
            found.push(Mention {
                start: i,
                end: i + 1,
                who: Who::FirstPerson,
                possessive: false,
            });
            i += 1;
            continue;
        }
        if let Some((end, actor)) = actors.known_at(words, i) {
            // A state followed by a name is an official of that state ("U.S. Trade Representative Jane Doe").
            if let Some(named) =
                named_at(words, end, actors, cues).filter(|_| !words[end].before.contains(','))
            {
                found.push(named);
            } else {
                found.push(Mention {
                    start: i,
                    end,
                    who: Who::Known(actor),
                    possessive: possessive(words, end, cues),
                });
            }
            i = found.last().map_or(end, |m| m.end);
            continue;
        }
        let lone_opener = |m: &Mention| {
            m.start == 0 && m.end == 1 && capitals.is_some_and(|c| !c.names(words[0].text))
        };
        if let Some(named) = named_at(words, i, actors, cues).filter(|m| !lone_opener(m)) {
            i = named.end;
            found.push(named);
            continue;
        }
        i += 1;
    }
    found
}

/// A capitalised name not in the lexicon starting at word `at`, with titles dropped.
fn named_at(words: &[Word], at: usize, actors: &Actors, cues: &Cues) -> Option<Mention> {
    let first = words.get(at)?;
    let function_word = Knowledge::get().stopwords.contains(&*first.key);
    // "T-Mobile": a hyphen makes even a function word or a letter part of a name.
    let hyphenated = words
        .get(at + 1)
        .is_some_and(|n| n.before == "-" && n.capital);
    if !first.capital
        || (function_word || cues.not_actor.contains(&*first.key)) && !hyphenated
        || first.before.contains(['"', '\u{201c}']) && at == 0
    {
        return None;
    }
    let mut end = at + 1;
    while let Some(next) = words.get(end) {
        let hyphen = next.before == "-" && next.capital;
        // "Marks & Spencer", "Procter & Gamble": an ampersand joins one name.
        let ampersand = next.before.trim() == "&" && next.capital;
        let joined =
            !next.before.trim().is_empty() && !hyphen && !ampersand || words[end - 1].possessive;
        if joined {
            break;
        }
        if hyphen || ampersand || next.capital && !cues.not_actor.contains(&*next.key) {
            end += 1;
        } else if (next.key == "of"
            // "Department for Education", "Institute for Fiscal Studies": a body's name.
            || next.key == "for" && cues.frame.organisation_words.contains(&*words[end - 1].key))
            && words
                .get(end + 1)
                .is_some_and(|n| n.capital && actors.known_at(words, end + 1).is_none())
        {
            end += 2;
        } else {
            break;
        }
    }
    // Capitals glued by a hyphen to a lower-case word are the front of a compound modifier or
    // number ("Full-time staff", "a New York-based group", "Thirty-five contenders"), not a name.
    if words
        .get(end)
        .is_some_and(|n| n.before == "-" && !n.capital)
    {
        return None;
    }
    // A lone capitalised word that opens the sentence and is followed by a comma is a connective,
    // unless a relative clause follows ("Kingfisher, which owns ...").
    if at == 0
        && end == 1
        && words
            .get(1)
            .is_some_and(|n| n.before.contains(',') && !cues.relative.contains(&*n.key))
    {
        return None;
    }
    let mut start = at;
    // A title opens a person's name, not a firm's ("General Motors", "President Airlines").
    let firm = cues.frame.organisation_words.contains(&*words[end - 1].key);
    while let Some((title_end, _)) = actors.titles.longest_at(words, start) {
        if title_end >= end || words[title_end].key == "of" || firm {
            break;
        }
        start = title_end;
    }
    let mut name = String::new();
    for (k, w) in words[start..end].iter().enumerate() {
        if k > 0 {
            name.push_str(match w.before.trim() {
                "-" if w.before == "-" => "-",
                "&" => " & ",
                _ => " ",
            });
        }
        name.push_str(w.text.trim_end_matches("'s").trim_end_matches("\u{2019}s"));
    }
    Some(Mention {
        start: at,
        end,
        who: Who::Named(name),
        possessive: possessive(words, end, cues),
    })
}

/// Whether the mention ending before word `end` is a possessive ("Japan's reserve"); a name
/// written with "'s" and followed by a verb is the subject ("Sainsbury's wants to raise").
fn possessive(words: &[Word], end: usize, cues: &Cues) -> bool {
    words[end - 1].possessive
        && !words.get(end).is_some_and(|next| {
            cues.be.contains(&*next.key)
                || matches!(next.key.as_ref(), "has" | "had")
                || cues.stages.starts_at(words, end)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quarry_text::Span;

    fn names(text: &str) -> Vec<String> {
        let words = quarry_text::phrases::words_of(
            text,
            Span {
                start: 0,
                end: text.len(),
            },
        );
        mentions(&words, None)
            .iter()
            .filter_map(Mention::name)
            .collect()
    }

    #[test]
    fn a_body_is_named_with_what_it_is_of_or_for() {
        assert_eq!(
            names("The Department for Education and the Bank of England met Labour for talks."),
            ["Department for Education", "Bank of England", "Labour"]
        );
    }

    #[test]
    fn aliases_map_to_canonical_names() {
        assert_eq!(
            names("Washington and Beijing met the EU."),
            ["United States", "China", "European Union"]
        );
        assert_eq!(
            names("The U.S. administration and the Trump administration"),
            ["United States", "Trump administration"]
        );
        assert_eq!(
            names("U.S. Secretary of State Marco Rubio spoke"),
            ["Marco Rubio"]
        );
        assert_eq!(
            names("the administration of Donald Trump"),
            ["Trump administration"]
        );
        assert_eq!(
            names("the U.S. Export-Import Bank lends"),
            ["Export-Import Bank"]
        );
    }

    #[test]
    fn acronyms_match_only_as_written() {
        assert_eq!(names("It helps us and the US"), ["United States"]);
    }

    #[test]
    fn an_adverb_or_participle_opening_a_sentence_is_no_name() {
        for body in [
            "Rarely now does a film launch without a game.",
            "Reflecting the need to be connected, it cut prices.",
        ] {
            let words = quarry_text::phrases::words_of(
                body,
                Span {
                    start: 0,
                    end: body.len(),
                },
            );
            let found = mentions(&words, Some(&Capitals::of(body)));
            assert!(found.iter().all(|m| m.name().is_none()), "{body}");
        }
    }

    #[test]
    fn capitals_glued_to_a_lower_case_word_are_no_name() {
        assert!(names("Full-time staff are being employed.").is_empty());
        assert!(names("It is backed by a New York-based group.").is_empty());
        assert!(names("Thirty-five contenders have bid.").is_empty());
        assert_eq!(names("T-Mobile has launched it."), ["T-Mobile"]);
    }

    #[test]
    fn a_firm_keeps_a_title_word_and_an_ampersand() {
        assert_eq!(names("General Motors will cut jobs."), ["General Motors"]);
        assert_eq!(
            names("Marks & Spencer has a new range."),
            ["Marks & Spencer"]
        );
        assert_eq!(names("General Mike Jackson spoke."), ["Mike Jackson"]);
    }

    #[test]
    fn unknown_names_drop_their_titles() {
        assert_eq!(names("Chancellor Rachel Reeves said"), ["Rachel Reeves"]);
        assert_eq!(
            names("Foreign Minister Yermek Kosherbayev of Kazakhstan"),
            ["Yermek Kosherbayev", "Kazakhstan"]
        );
    }
}

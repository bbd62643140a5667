//! Words of one sentence with their byte spans, and phrases (lists of word keys) matched on them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::words::{word_key, word_spans, FastHash, Span};

/// One word of a sentence: its text, matching key and absolute byte span in the article.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub text: &'a str,
    pub key: Cow<'a, str>,
    pub span: Span,
    /// Starts with a capital letter (or is an acronym such as "C5+1").
    pub capital: bool,
    /// Ends in a possessive "'s".
    pub possessive: bool,
    /// The characters between the previous word (or the sentence start) and this one.
    pub before: &'a str,
}

/// The words of `body[span]`, with spans into `body`.
pub fn words_of<'a>(body: &'a str, span: Span) -> Vec<Word<'a>> {
    let text = span.of(body);
    let mut last = 0;
    word_spans(text)
        .into_iter()
        .map(|s| {
            let raw = s.of(text);
            let word = Word {
                text: raw,
                key: borrowed_key(raw),
                span: Span {
                    start: span.start + s.start,
                    end: span.start + s.end,
                },
                capital: raw.chars().next().is_some_and(char::is_uppercase),
                possessive: raw.ends_with("'s") || raw.ends_with("\u{2019}s"),
                before: &text[last..s.start],
            };
            last = s.end;
            word
        })
        .collect()
}

/// The key of a word, borrowed when the word is already its own key (most words are).
fn borrowed_key(raw: &str) -> Cow<'_, str> {
    let plain = raw
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if plain {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(key_of(raw))
    }
}

/// `word_key` with a fast path for plain ASCII words.
pub fn key_of(raw: &str) -> String {
    if !raw.is_ascii() {
        return word_key(raw);
    }
    let base = raw
        .strip_suffix("'s")
        .or_else(|| raw.strip_suffix("'S"))
        .unwrap_or(raw);
    let mut key = String::with_capacity(base.len());
    for b in base.bytes().filter(|b| !matches!(b, b'.' | b'\'')) {
        key.push(b.to_ascii_lowercase() as char);
    }
    key
}

/// A set of word keys.
pub type KeySet = HashSet<String, FastHash>;

/// Whether the text between two words breaks a clause (semicolon, colon, dash or bracket).
pub fn breaks_clause(between: &str) -> bool {
    between.contains([';', ':', '(', ')', '\u{2014}'])
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Word(String),
    /// Up to two words of any kind.
    Gap,
}

/// A phrase of word keys, as written in a lexicon file ("evinced * interest").
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    parts: Vec<Part>,
}

const GAP_WORDS: usize = 2;

impl Phrase {
    pub fn parse(text: &str) -> Phrase {
        let mut parts = Vec::new();
        for piece in text.split_whitespace() {
            if piece == "*" {
                parts.push(Part::Gap);
            } else {
                parts.extend(
                    word_spans(piece)
                        .iter()
                        .map(|s| Part::Word(key_of(s.of(piece)))),
                );
            }
        }
        Phrase { parts }
    }

    fn first(&self) -> Option<&str> {
        match self.parts.first() {
            Some(Part::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// The end (exclusive word index) of this phrase when it matches at word `at`.
    pub fn match_at(&self, words: &[Word], at: usize) -> Option<usize> {
        match_parts(&self.parts, words, at)
    }
}

fn match_parts(parts: &[Part], words: &[Word], at: usize) -> Option<usize> {
    match parts.split_first() {
        None => Some(at),
        Some((Part::Word(key), rest)) => {
            (*words.get(at)?.key == **key).then_some(())?;
            match_parts(rest, words, at + 1)
        }
        Some((Part::Gap, rest)) => {
            (0..=GAP_WORDS).find_map(|skip| match_parts(rest, words, at + skip))
        }
    }
}

/// Phrases indexed by their first word, longest first, each with a value.
#[derive(Debug, Clone)]
pub struct PhraseSet<T> {
    by_first: HashMap<String, Vec<(Phrase, T)>, FastHash>,
}

impl<T> Default for PhraseSet<T> {
    fn default() -> Self {
        PhraseSet {
            by_first: HashMap::default(),
        }
    }
}

impl<T> PhraseSet<T> {
    pub fn insert(&mut self, phrase: Phrase, value: T) {
        let Some(first) = phrase.first().map(str::to_string) else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((phrase, value));
        list.sort_by_key(|(p, _)| std::cmp::Reverse(p.parts.len()));
    }

    /// The longest phrase matching at word `at` that `accept` takes: its end and value.
    pub fn longest_at_where(
        &self,
        words: &[Word],
        at: usize,
        accept: impl Fn(&T, usize) -> bool,
    ) -> Option<(usize, &T)> {
        let list = self.by_first.get(&*words.get(at)?.key)?;
        list.iter().find_map(|(p, v)| {
            p.match_at(words, at)
                .filter(|&end| accept(v, end))
                .map(|end| (end, v))
        })
    }

    pub fn longest_at(&self, words: &[Word], at: usize) -> Option<(usize, &T)> {
        self.longest_at_where(words, at, |_, _| true)
    }

    /// Whether a phrase matches at `at`.
    pub fn starts_at(&self, words: &[Word], at: usize) -> bool {
        self.longest_at(words, at).is_some()
    }
}

impl PhraseSet<()> {
    pub fn of(texts: &[String]) -> PhraseSet<()> {
        let mut set = PhraseSet::default();
        for t in texts {
            set.insert(Phrase::parse(t), ());
        }
        set
    }
}

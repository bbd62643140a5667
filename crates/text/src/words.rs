//! Text primitives shared by every layer: spans, word spans, keys and folding.
//!
//! Everything here works on byte offsets into the original text, so a quote cut from a span is
//! always a verbatim substring of its article.

use std::hash::{BuildHasherDefault, Hasher};

/// A half-open byte range `[start, end)` into some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Marks that may close a sentence after its final stop.
pub(crate) const CLOSERS: &[char] = &['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '»'];

/// Whether a sentence is a complete statement: it ends in closing punctuation, not in a question
/// mark (an FAQ heading) or in nothing at all (a heading, list item or caption).
pub fn is_statement(sentence: &str) -> bool {
    let trimmed = sentence.trim_end().trim_end_matches(CLOSERS);
    trimmed.ends_with(['.', '!', '…'])
}

/// Folds typographic quotes and dashes to ASCII and lower-cases, for matching only.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{00a0}' => ' ',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Byte spans of the words in `text`: runs of letters and digits, joined across an inner `.`,
/// `'`, `’` or `+` ("U.S", "C5+1", "China's", "1.2"). Hyphens separate words.
pub fn word_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
            continue;
        }
        let joins = matches!(c, '.' | '\'' | '\u{2019}' | '+')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if joins {
            continue;
        }
        if let Some(s) = start.take() {
            spans.push(Span { start: s, end: at });
        }
    }
    if let Some(s) = start {
        spans.push(Span {
            start: s,
            end: text.len(),
        });
    }
    spans
}

/// The matching key of a word: folded, possessive dropped, inner dots removed ("U.S" → "us").
pub fn word_key(word: &str) -> String {
    if word.is_ascii() {
        // The common case, without `fold`'s char-by-char String: ASCII folds to its lower case
        // (and '`' to '\''), which is what `fold` does to it.
        let base = word.len() - ascii_possessive(word);
        let mut key = String::with_capacity(base);
        for b in word.as_bytes()[..base].iter() {
            match b {
                b'.' | b'\'' | b'`' => {}
                _ => key.push(b.to_ascii_lowercase() as char),
            }
        }
        return key;
    }
    let folded = fold(word);
    let base = folded.strip_suffix("'s").unwrap_or(&folded);
    base.replace(['.', '\''], "")
}

/// Length of a trailing possessive ("'s", "'S", "`s") of an ASCII word, which `word_key` drops.
fn ascii_possessive(word: &str) -> usize {
    let bytes = word.as_bytes();
    match bytes {
        [.., b'\'' | b'`', b's' | b'S'] => 2,
        _ => 0,
    }
}

/// Collapses line breaks inside a sentence for one-line display.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let head = &text[..offset.min(text.len())];
    let line = head.matches('\n').count() + 1;
    let column = head.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// "1 article", "3 articles": a count and its noun, plural unless the count is one.
pub fn count_of(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// FNV-1a: word keys are short, and SipHash dominated stemming and extraction time.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Builds [`Fnv`] hashers, for maps keyed by words.
pub type FastHash = BuildHasherDefault<Fnv>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_in_closing_punctuation() {
        assert!(is_statement("It rose."));
        assert!(is_statement("“We will act.”"));
        assert!(!is_statement("What is the C5+1?"));
        assert!(!is_statement(
            "- C5+1 Leaders' Joint Statement - The White House"
        ));
    }

    #[test]
    fn words_join_inner_dots_and_plus_but_split_hyphens() {
        let text = "The U.S. and C5+1 met; rare-earth China’s $1.2bn.";
        let words: Vec<&str> = word_spans(text).iter().map(|s| s.of(text)).collect();
        assert_eq!(
            words,
            [
                "The",
                "U.S",
                "and",
                "C5+1",
                "met",
                "rare",
                "earth",
                "China’s",
                "1.2bn"
            ]
        );
        assert_eq!(word_key("U.S"), "us");
        assert_eq!(word_key("China’s"), "china");
    }

    #[test]
    fn ascii_word_keys_match_the_folding_path() {
        let slow = |word: &str| {
            let folded = fold(word);
            let base = folded.strip_suffix("'s").unwrap_or(&folded);
            base.replace(['.', '\''], "")
        };
        for word in [
            "U.S", "China's", "CHINA'S", "it`s", "O'Neill", "C5+1", "1.2bn", "s", "'s",
        ] {
            assert_eq!(word_key(word), slow(word), "{word}");
        }
        for word in ["Zoë", "China’s", "naïve's"] {
            assert_eq!(word_key(word), slow(word), "{word}");
        }
    }
}

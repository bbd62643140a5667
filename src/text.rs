//! Text primitives shared by every layer: sentence spans, word spans, folding and stems.
//!
//! Everything here works on byte offsets into the original text, so a quote cut from a span is
//! always a verbatim substring of its article.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lexicon::Lexicon;

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

const CLOSERS: &[char] = &['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '»'];
const OPENERS: &[char] = &['"', '\'', '\u{201c}', '\u{2018}', '(', '[', '«'];

/// Splits text into sentences. Line breaks end a sentence unless the next line carries on in
/// lower case (a sentence wrapped by the publisher); `.`, `!`, `?` and `…` end one when the next
/// word starts a sentence, except after initials, numbers and known abbreviations.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let abbreviations = &Lexicon::get().abbreviations;
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '\n' {
            let next = next_non_space(&chars, i + 1);
            let continues = next.is_some_and(|(_, n)| n.is_lowercase());
            if !continues {
                push_trimmed(text, start, at, &mut spans);
                start = at;
            }
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '!' | '?' | '…') || CLOSERS.contains(&chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            let followed_by_space = j >= chars.len() || chars[j].1.is_whitespace();
            if followed_by_space && ends_sentence(text, &chars, i, j, abbreviations) {
                push_trimmed(text, start, end, &mut spans);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), &mut spans);
    spans
}

fn next_non_space(chars: &[(usize, char)], from: usize) -> Option<(usize, char)> {
    chars[from.min(chars.len())..]
        .iter()
        .copied()
        .find(|(_, c)| !c.is_whitespace())
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        spans.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// Whether the terminator at `chars[dot]` (with closers up to `after`) ends a sentence.
fn ends_sentence(
    text: &str,
    chars: &[(usize, char)],
    dot: usize,
    after: usize,
    abbreviations: &crate::lexicon::Abbreviations,
) -> bool {
    let Some((_, next)) = next_non_space(chars, after) else {
        return true;
    };
    let starts_like_sentence =
        next.is_uppercase() || next.is_ascii_digit() || OPENERS.contains(&next) || next == '$';
    if !starts_like_sentence {
        return false;
    }
    if chars[dot].1 != '.' || (dot + 1 != after && chars[dot + 1].1 == '.') {
        return true;
    }
    let word = word_before(text, chars[dot].0);
    let lower = word.to_lowercase();
    if abbreviations.titles.contains(&lower) {
        return false;
    }
    // A single capital letter is an initial ("Jose W. Fernandez").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    if abbreviations.other.contains(&lower) {
        let following = next_word(&text[chars[after.min(chars.len() - 1)].0..]);
        return abbreviations.openers.contains(&following.to_lowercase());
    }
    true
}

/// The word (letters, digits and inner dots) that ends right before byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(end, |(b, _)| b);
    &head[start..]
}

fn next_word(rest: &str) -> &str {
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || OPENERS.contains(&c));
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

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

/// English (Porter 2) stem of a word key; words with digits are kept as they are, and the past
/// form of an irregular verb stems as the verb ("won" → "win").
pub fn stem(key: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<frostem::Stemmer> = OnceLock::new();
    static IRREGULAR: OnceLock<HashMap<String, String>> = OnceLock::new();
    if key.chars().any(|c| c.is_ascii_digit()) {
        return Cow::Borrowed(key);
    }
    let stemmer = STEMMER.get_or_init(|| frostem::Stemmer::new(frostem::Algorithm::English));
    // Checked in and covered by the lexicon's parse test, so an error cannot reach a user.
    let irregular = IRREGULAR.get_or_init(|| crate::lexicon::irregular_verbs().unwrap_or_default());
    match irregular.get(key) {
        Some(verb) => Cow::Owned(stemmer.stem(verb).into_owned()),
        None => stemmer.stem(key),
    }
}

/// Stems remembered per thread: a corpus repeats a few thousand words most of the time, and a
/// lookup costs far less than Porter 2. Bounded; cleared when full.
const STEM_CACHE_LIMIT: usize = 1 << 16;

/// [`stem`] as an owned string, from a per-thread cache of recent words.
pub fn stem_cached(key: &str) -> String {
    use std::cell::RefCell;

    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, Box<str>, FastHash>> =
            const { RefCell::new(HashMap::with_hasher(FastHash)) };
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.get(key) {
            return hit.to_string();
        }
        let stemmed = stem(key).into_owned();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key.into(), stemmed.as_str().into());
        stemmed
    })
}

/// FNV-1a: short keys, no need for SipHash's resistance in a per-thread cache of words.
#[derive(Clone, Copy, Default)]
pub struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn titles_and_country_abbreviations_do_not_end_sentences() {
        let text = "U.S. Secretary of State Marco Rubio spoke. He left.";
        assert_eq!(
            sentences(text),
            ["U.S. Secretary of State Marco Rubio spoke.", "He left."]
        );
    }

    #[test]
    fn initials_stay_with_the_name() {
        let text = "Led by Jose W. Fernandez, the CMD aims high. Next.";
        assert_eq!(
            sentences(text),
            ["Led by Jose W. Fernandez, the CMD aims high.", "Next."]
        );
    }

    #[test]
    fn decimal_amounts_stay_whole() {
        let text = "Australia unveiled a $1.2 billion reserve. It is new.";
        assert_eq!(
            sentences(text),
            ["Australia unveiled a $1.2 billion reserve.", "It is new."]
        );
    }

    #[test]
    fn doctor_and_number_abbreviations() {
        let text = "Dr. Smith met No. 5 on Friday. Then she left.";
        assert_eq!(
            sentences(text),
            ["Dr. Smith met No. 5 on Friday.", "Then she left."]
        );
    }

    #[test]
    fn abbreviation_at_sentence_end_before_an_opener() {
        let text = "The talks were held in the U.S. The next round is in Astana.";
        assert_eq!(
            sentences(text),
            [
                "The talks were held in the U.S.",
                "The next round is in Astana."
            ]
        );
    }

    #[test]
    fn place_abbreviation_inside_a_sentence() {
        let text = "A meeting in Washington, D.C. on Wednesday was held.";
        assert_eq!(sentences(text), [text]);
    }

    #[test]
    fn quotes_keep_their_closing_mark_and_inner_commas() {
        let text = "“We will act,” Vance said. “Our goal is clear.” Next one.";
        assert_eq!(
            sentences(text),
            [
                "“We will act,” Vance said.",
                "“Our goal is clear.”",
                "Next one."
            ]
        );
    }

    #[test]
    fn ellipsis_before_a_capital_ends_a_sentence_and_stays_intact() {
        let text = "They power our defense… Our goal is set. Wait... what?";
        assert_eq!(
            sentences(text),
            [
                "They power our defense…",
                "Our goal is set.",
                "Wait... what?"
            ]
        );
    }

    #[test]
    fn lines_are_sentences_unless_the_next_line_continues_in_lower_case() {
        let text =
            "What's Happening?\nTrump hosted leaders on phones,\nelectric cars, and jets.\nNext";
        assert_eq!(
            sentences(text),
            [
                "What's Happening?",
                "Trump hosted leaders on phones,\nelectric cars, and jets.",
                "Next"
            ]
        );
    }

    #[test]
    fn spans_are_verbatim_and_in_order() {
        let text = "  One.  Two?\n\n Three!  ";
        let spans = split_sentences(text);
        assert_eq!(sentences(text), ["One.", "Two?", "Three!"]);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
    }

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

    #[test]
    fn cached_stems_are_the_stems() {
        for word in ["minerals", "hosting", "running", "2020", "minerals"] {
            assert_eq!(stem_cached(word), stem(word));
        }
    }

    #[test]
    fn stems_fold_inflections_but_keep_numbers() {
        assert_eq!(stem("minerals"), stem("mineral"));
        assert_eq!(stem("hosted"), stem("hosting"));
        assert_eq!(stem("2020"), "2020");
    }

    #[test]
    fn irregular_past_forms_stem_as_their_verb() {
        assert_eq!(stem("won"), stem("win"));
        assert_eq!(stem("led"), stem("leads"));
        assert_eq!(stem("sold"), stem("selling"));
        // Left out on purpose: as often a direction as the past of "leave".
        assert_ne!(stem("left"), stem("leave"));
    }
}

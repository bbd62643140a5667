//! Sentence spans: where one sentence of an article ends and the next begins.
//!
//! Spans are byte offsets into the original text, so a quote cut from one is verbatim.

use crate::knowledge::Knowledge;
use crate::words::{Span, CLOSERS};

const OPENERS: &[char] = &['"', '\'', '\u{201c}', '\u{2018}', '(', '[', '«'];

/// Splits text into sentences. Line breaks end a sentence unless the next line carries on in
/// lower case (a sentence wrapped by the publisher); `.`, `!`, `?` and `…` end one when the next
/// word starts a sentence, except after initials, numbers and known abbreviations.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let abbreviations = &Knowledge::get().abbreviations;
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
    abbreviations: &crate::knowledge::Abbreviations,
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
}

//! The one-line summary of an article: its lede, verbatim.
//!
//! News tells the story in its opening sentence. What may come before it in a file is page
//! furniture: the headline repeated, a byline ("By Jane Smith, BBC News"), a timestamp, a heading,
//! a dateline in front of the lede ("LONDON (Reuters) - "). A lede that is a question, or a
//! quotation whose speaker the sentence does not name, does not tell the story on its own; the
//! next sentence does.

use quarry_text::words::{is_statement, word_key, word_spans};
use quarry_text::Knowledge;

/// Longest summary in chars: a longer lede is cut at a word boundary, with "…" ([`shorten`]).
pub const LEDE_CHARS: usize = 240;

/// The article's lede among its sentences (in reading order), verbatim, a dateline in front of it
/// left out. `None` only when there are no sentences.
pub fn lede<'a>(sentences: &[&'a str], title: &str) -> Option<&'a str> {
    let tells_the_story = |s: &&str| {
        !s.is_empty()
            && is_statement(s)
            && !repeats_headline(s, title)
            && !is_byline(s)
            && !is_timestamp(s)
            && !is_bare_quote(s)
    };
    sentences
        .iter()
        .map(|s| without_dateline(s.trim()))
        .find(tells_the_story)
        .or_else(|| {
            sentences
                .iter()
                .map(|s| s.trim())
                .find(|s| !s.is_empty() && !repeats_headline(s, title))
        })
        .or_else(|| sentences.first().map(|s| s.trim()))
}

fn keys(text: &str) -> Vec<String> {
    word_spans(text)
        .iter()
        .map(|s| word_key(s.of(text)))
        .collect()
}

/// The headline again: the same words, or most of them with the rest of one being the other's
/// tail ("… Supply Chains" under the title "… Supply Chains — The Diplomat").
fn repeats_headline(sentence: &str, title: &str) -> bool {
    let (s, t) = (keys(sentence), keys(title));
    let (shorter, longer) = if s.len() <= t.len() {
        (&s, &t)
    } else {
        (&t, &s)
    };
    !shorter.is_empty() && longer.starts_with(shorter) && shorter.len() * 5 >= longer.len() * 3
}

/// Whether the words of `text` open with one of `openers` (word keys); returns the words after it.
fn after_opener<'a>(text: &'a str, openers: &[Vec<String>]) -> Option<Vec<&'a str>> {
    let words: Vec<&str> = word_spans(text).iter().map(|s| s.of(text)).collect();
    let found: Vec<String> = words.iter().map(|w| word_key(w)).collect();
    openers
        .iter()
        .find(|opener| found.starts_with(opener))
        .map(|opener| words[opener.len()..].to_vec())
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A credit line: "By" and two to six capitalised words of names ("By Jane Smith and Tom Lee"),
/// then at most a short affiliation after a comma ("BBC News", "in Brussels").
fn is_byline(sentence: &str) -> bool {
    let news = &Knowledge::get().news;
    let (names, affiliation) = sentence.split_once(',').unwrap_or((sentence, ""));
    let Some(names) = after_opener(names, &news.byline_openers) else {
        return false;
    };
    let stop = &Knowledge::get().stopwords;
    let capitals = names.iter().filter(|w| capitalised(w)).count();
    let all_names = names
        .iter()
        .all(|w| capitalised(w) || stop.contains(&word_key(w)));
    let affiliation: Vec<&str> = affiliation.split_whitespace().collect();
    let short_credit = affiliation.len() <= 5
        && affiliation.iter().all(|w| {
            let w = w.trim_end_matches(['.', ',']);
            capitalised(w) || stop.contains(&word_key(w))
        });
    all_names && (2..=6).contains(&capitals) && short_credit
}

/// "Published 3 February 2005", "Last updated: 10:42 GMT": when, not what.
fn is_timestamp(sentence: &str) -> bool {
    let news = &Knowledge::get().news;
    after_opener(sentence, &news.timestamp_openers).is_some_and(|rest| rest.len() <= 8)
}

/// A place written in capitals ("WASHINGTON", "NEW YORK"), perhaps with a date, and an agency in
/// brackets ("(Reuters)"), before a dash: the dateline is left out and the lede after it kept.
fn without_dateline(sentence: &str) -> &str {
    const DASHES: [&str; 4] = [" - ", " -- ", " \u{2014} ", " \u{2013} "];
    let head = sentence
        .char_indices()
        .nth(80)
        .map_or(sentence, |(at, _)| &sentence[..at]);
    let Some((at, dash)) = DASHES
        .iter()
        .filter_map(|d| head.find(d).map(|at| (at, *d)))
        .min()
        .or_else(|| head.find('\u{2014}').map(|at| (at, "\u{2014}")))
    else {
        return sentence;
    };
    let prefix = sentence[..at].trim();
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let place = prefix.split([',', '(']).next().unwrap_or_default().trim();
    let in_capitals = !place.is_empty()
        && place.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !place.chars().any(char::is_lowercase);
    let agency = prefix.ends_with(')')
        && prefix
            .rsplit_once('(')
            .is_some_and(|(_, agency)| agency.split_whitespace().all(capitalised));
    if words.is_empty() || words.len() > 10 || !(in_capitals || agency) {
        return sentence;
    }
    sentence[at + dash.len()..].trim_start()
}

/// A quotation with no words outside its quote marks: its speaker is named elsewhere, if at all.
fn is_bare_quote(sentence: &str) -> bool {
    let opens = |c: char| matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'');
    if !sentence.starts_with(opens) {
        return false;
    }
    let chars: Vec<char> = sentence.chars().collect();
    let mut inside: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        let prev_is_letter = i > 0 && chars[i - 1].is_alphanumeric();
        match (inside, c) {
            (None, '"' | '\u{201c}') => inside = Some(c),
            (None, '\u{2018}' | '\'') if !prev_is_letter => inside = Some(c),
            (Some('"'), '"') | (Some('\u{201c}'), '\u{201d}') => inside = None,
            // Inside single quotes, "’" before a letter is an apostrophe ("We’re").
            (Some('\u{2018}' | '\''), '\u{2019}' | '\'') if !next_is_letter => inside = None,
            (None, c) if c.is_alphanumeric() => return false,
            _ => {}
        }
    }
    true
}

/// `text` within `max` chars: whole, or cut at the last word boundary with "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(max.saturating_sub(1))
        .map_or(text.len(), |(at, _)| at);
    let kept = text[..limit]
        .rfind(char::is_whitespace)
        .map_or(&text[..limit], |space| &text[..space]);
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    format!("{kept}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lede_of(sentences: &[&str], title: &str) -> String {
        shorten(lede(sentences, title).unwrap_or_default(), LEDE_CHARS)
    }

    const STORY: &str = "Ministers agreed a new budget for the health service on Monday.";

    #[test]
    fn the_headline_repeated_is_passed_over() {
        assert_eq!(lede_of(&["Budget agreed", STORY], "Budget agreed"), STORY);
        let headline = "Budget agreed for health service";
        assert_eq!(
            lede_of(&[headline, STORY], &format!("{headline} — The Daily Wire")),
            STORY,
            "the title may carry the outlet's name"
        );
        let starts_alike = "Budget agreed after a night of talks between the two parties.";
        assert_eq!(
            lede_of(&[starts_alike, STORY], "Budget agreed"),
            starts_alike
        );
    }

    #[test]
    fn a_dateline_is_left_out_and_the_lede_after_it_kept_verbatim() {
        for (written, lede) in [
            (
                "LONDON (Reuters) - Ministers agreed a budget.",
                "Ministers agreed a budget.",
            ),
            (
                "WASHINGTON \u{2014} The Senate passed the bill.",
                "The Senate passed the bill.",
            ),
            (
                "NEW YORK, Feb 3 (AP) -- Shares rose sharply.",
                "Shares rose sharply.",
            ),
            (
                "Kyiv (AFP) - Talks resumed on Friday.",
                "Talks resumed on Friday.",
            ),
        ] {
            assert_eq!(lede_of(&[written], "T"), lede);
        }
        let dash_in_the_story = "Prices rose - and fast - in March, the ONS said.";
        assert_eq!(lede_of(&[dash_in_the_story], "T"), dash_in_the_story);
        assert_eq!(
            lede_of(&["UK - China talks resumed."], "T"),
            "UK - China talks resumed."
        );
    }

    #[test]
    fn a_byline_or_timestamp_is_passed_over_but_not_a_lede_opening_with_by() {
        for furniture in [
            "By Jane Smith, BBC News",
            "By Jane Smith and Tom Lee, Political Correspondents.",
            "Published 3 February 2005",
            "Last updated: 10:42 GMT, 3 February 2005.",
        ] {
            assert_eq!(lede_of(&[furniture, STORY], "T"), STORY, "{furniture}");
        }
        for story in [
            "By Monday, ministers had agreed a new budget.",
            "By Christmas Day, shops will have raised their prices.",
            "By 2030 the UK will need twice as many nurses.",
        ] {
            assert_eq!(lede_of(&[story, STORY], "T"), story);
        }
    }

    #[test]
    fn a_quotation_without_its_speaker_gives_way_to_the_next_sentence() {
        let said = "The union said its members would strike on Friday.";
        for quote in [
            "\u{201c}We will not back down.\u{201d}",
            "\"Central to the plans are lower wholesale prices and faster services.",
            "\u{2018}We\u{2019}re not going anywhere.\u{2019}",
        ] {
            assert_eq!(lede_of(&[quote, said], "T"), said, "{quote}");
        }
        let with_speaker = "\u{201c}We will act,\u{201d} the minister said.";
        assert_eq!(lede_of(&[with_speaker, said], "T"), with_speaker);
    }

    #[test]
    fn a_question_lede_gives_way_to_the_next_sentence() {
        let answer = "House prices fell for a third month in March, the Nationwide said.";
        assert_eq!(lede_of(&["Is the housing boom over?", answer], "T"), answer);
    }

    #[test]
    fn a_long_lede_is_cut_at_a_word_with_an_ellipsis_and_tiny_articles_still_have_one() {
        let long = format!("{}ended.", "The committee heard evidence ".repeat(20));
        let lede = lede_of(&[&long], "T");
        assert!(lede.chars().count() <= LEDE_CHARS, "{lede}");
        let kept = lede.strip_suffix('\u{2026}').expect("an ellipsis");
        assert!(long.starts_with(kept), "verbatim: {lede}");
        assert!(
            long[kept.len()..].starts_with(' '),
            "cut between words: {lede}"
        );
        assert_eq!(lede_of(&["Short."], "T"), "Short.");
        assert_eq!(lede_of(&["What now?"], "T"), "What now?");
        assert_eq!(super::lede(&[], "T"), None);
    }
}

//! Rule-based English word tokenizer in the style of the Penn Treebank / UD EWT:
//! punctuation, clitics (`'s`, `n't`, ...), currency symbols and `%` are split off,
//! while numbers (`1,000.5`), abbreviations (`U.S.`, `Mr.`), URLs and e-mail addresses
//! stay whole. Tokens are byte ranges into the input, so a caller can always quote the
//! original text exactly.

use std::ops::Range;

/// Byte ranges of the words of `text`, in order, never empty, never overlapping,
/// always on character boundaries.
pub fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                split_chunk(text, s, i, &mut out);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        split_chunk(text, s, text.len(), &mut out);
    }
    out
}

const OPENERS: &[char] = &['"', '\'', '`', '“', '‘', '«', '(', '[', '{', '<', '¿', '¡'];
const CLOSERS: &[char] = &[
    '"', '\'', '’', '”', '»', ')', ']', '}', '>', ',', ';', ':', '!', '?', '…', '%',
];
const CURRENCY: &[char] = &['$', '£', '€', '¥', '₹'];
const APOSTROPHES: &[char] = &['\'', '’'];

/// Whether `c` is a currency sign.
pub(crate) fn is_currency(c: char) -> bool {
    CURRENCY.contains(&c)
}

/// `form` as the treebank would write it for the tagger and the parser: a currency sign as
/// "$", the only one the (American) treebank uses often (256 times in training, "£" once), so
/// that "£1bn will be spent" is read as "$1bn will be spent" is.
pub(crate) fn treebank_form(form: &str) -> &str {
    let mut chars = form.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_currency(c) => "$",
        _ => form,
    }
}

/// `form` with its typographic apostrophes written plain ("We’ll" is "We'll"), as the treebank
/// the tagger and the lemmatiser learned from nearly always writes them.
pub(crate) fn plain_apostrophes(form: &str) -> std::borrow::Cow<'_, str> {
    if form.contains('’') {
        form.replace('’', "'").into()
    } else {
        form.into()
    }
}
const CLITICS: &[&str] = &["s", "m", "d", "re", "ve", "ll"];
/// Words that take a full stop and are not sentence ends (lowercased, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "plc", "vs",
    "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "ft", "lt",
    "gen", "col", "sgt", "capt", "rev", "gov", "sen", "rep", "dept", "est", "approx", "fig", "al",
    "mt", "ave", "blvd", "rd", "univ", "assn", "bros", "cf", "ca",
];
/// Prefixes that EWT keeps attached with their hyphen (`e-mail`, `co-workers`).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "non", "re", "anti", "ex", "multi", "post", "semi", "sub", "mid", "inter",
    "pro", "un", "self",
];

/// One whitespace-free chunk, as a char table so every cut is on a boundary.
struct Chunk<'a> {
    chars: Vec<(usize, char)>,
    end: usize,
    text: &'a str,
}

impl Chunk<'_> {
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.end, |c| c.0)
    }

    fn span(&self, r: Range<usize>) -> Range<usize> {
        self.byte(r.start)..self.byte(r.end)
    }

    fn str(&self, r: Range<usize>) -> &str {
        &self.text[self.span(r)]
    }

    fn c(&self, i: usize) -> char {
        self.chars[i].1
    }
}

fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let chunk = Chunk {
        chars: text[start..end]
            .char_indices()
            .map(|(i, c)| (start + i, c))
            .collect(),
        end,
        text,
    };
    let (mut lo, mut hi) = (0, chunk.chars.len());

    while hi - lo > 1 {
        let c = chunk.c(lo);
        let rest = chunk.str(lo + 1..hi).to_lowercase();
        if APOSTROPHES.contains(&c) && (is_clitic(&rest) || rest.starts_with(char::is_numeric)) {
            break;
        }
        if c == '`' && chunk.c(lo + 1) == '`' {
            out.push(chunk.span(lo..lo + 2));
            lo += 2;
        } else if OPENERS.contains(&c) || (is_currency(c) && chunk.c(lo + 1).is_numeric()) {
            out.push(chunk.span(lo..lo + 1));
            lo += 1;
        } else {
            break;
        }
    }

    let mut tail: Vec<Range<usize>> = Vec::new();
    while hi - lo > 1 {
        let c = chunk.c(hi - 1);
        if c == '.' || c == '!' || c == '?' {
            let mut run = hi - 1;
            while run > lo && chunk.c(run - 1) == c {
                run -= 1;
            }
            if run == lo {
                break;
            }
            if c == '.' && hi - run == 1 && is_abbreviation(chunk.str(lo..hi - 1)) {
                break;
            }
            tail.push(chunk.span(run..hi));
            hi = run;
        } else if c == '-' && hi - lo > 2 && chunk.c(hi - 2) == '-' {
            let mut run = hi - 1;
            while run > lo && chunk.c(run - 1) == '-' {
                run -= 1;
            }
            if run == lo {
                break;
            }
            tail.push(chunk.span(run..hi));
            hi = run;
        } else if CLOSERS.contains(&c) {
            tail.push(chunk.span(hi - 1..hi));
            hi -= 1;
        } else {
            break;
        }
    }

    if !looks_like_address(chunk.str(lo..hi)) {
        let clitic = clitic_start(&chunk, lo, hi);
        split_inner(&chunk, lo, clitic, out);
        if clitic < hi {
            out.push(chunk.span(clitic..hi));
        }
    } else if lo < hi {
        out.push(chunk.span(lo..hi));
    }
    out.extend(tail.into_iter().rev());
}

fn is_clitic(s: &str) -> bool {
    CLITICS.contains(&s) || s == "t"
}

fn is_abbreviation(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() == 1 && chars[0].is_alphabetic() {
        return true;
    }
    if word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

fn looks_like_address(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || (lower.contains('@') && lower.rsplit('@').next().is_some_and(|d| d.contains('.')))
}

/// Where a trailing clitic starts (`hi` if there is none): `n't`, `'s`, `'ll`, ..., and
/// the second half of `cannot`, `gonna`, `wanna`, `gotta`.
fn clitic_start(chunk: &Chunk<'_>, lo: usize, hi: usize) -> usize {
    let n = hi - lo;
    let word = chunk.str(lo..hi).to_lowercase();
    if ["cannot", "gonna", "wanna", "gotta"].contains(&word.as_str()) {
        return hi - if word == "cannot" { 3 } else { 2 };
    }
    if n >= 4
        && APOSTROPHES.contains(&chunk.c(hi - 2))
        && matches!(chunk.c(hi - 1), 't' | 'T')
        && matches!(chunk.c(hi - 3), 'n' | 'N')
        && chunk.c(hi - 4).is_alphabetic()
    {
        return hi - 3;
    }
    for k in [2, 3] {
        if n > k && APOSTROPHES.contains(&chunk.c(hi - k)) && chunk.c(hi - k - 1).is_alphabetic() {
            let rest = chunk.str(hi - k + 1..hi).to_lowercase();
            if CLITICS.contains(&rest.as_str()) {
                return hi - k;
            }
        }
    }
    hi
}

/// Splits inside a word: hyphens and slashes between letters (not between digits, and
/// not after prefixes like `e-` or `co-`), dashes, and brackets or quotes glued inside.
fn split_inner(chunk: &Chunk<'_>, lo: usize, hi: usize, out: &mut Vec<Range<usize>>) {
    let mut start = lo;
    let mut i = lo;
    while i < hi {
        let c = chunk.c(i);
        let prev = (i > lo).then(|| chunk.c(i - 1));
        let next = (i + 1 < hi).then(|| chunk.c(i + 1));
        let cut = match c {
            '-' | '/' if next == Some(c) => {
                let mut run = i;
                while run < hi && chunk.c(run) == c {
                    run += 1;
                }
                Some(run)
            }
            '-' => {
                let letters =
                    prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
                let prefix = chunk.str(start..i).to_lowercase();
                (letters && !HYPHEN_PREFIXES.contains(&prefix.as_str())).then_some(i + 1)
            }
            '/' => (prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic))
                .then_some(i + 1),
            '(' | ')' | '[' | ']' | '"' | '“' | '”' | '…' | ';' => Some(i + 1),
            ',' => (!(prev.is_some_and(char::is_numeric) && next.is_some_and(char::is_numeric)))
                .then_some(i + 1),
            _ => None,
        };
        match cut {
            Some(end) => {
                if i > start {
                    out.push(chunk.span(start..i));
                }
                out.push(chunk.span(i..end));
                start = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if start < hi {
        out.push(chunk.span(start..hi));
    }
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_like_the_treebank() {
        assert_eq!(
            words("Manchester United's board has agreed to give US tycoon Malcolm Glazer access to its books."),
            [
                "Manchester", "United", "'s", "board", "has", "agreed", "to", "give", "US", "tycoon",
                "Malcolm", "Glazer", "access", "to", "its", "books", "."
            ]
        );
        assert_eq!(
            words("\"We can't,\" said Mr. Smith of the U.S. on Friday."),
            [
                "\"", "We", "ca", "n't", ",", "\"", "said", "Mr.", "Smith", "of", "the", "U.S.",
                "on", "Friday", "."
            ]
        );
        assert_eq!(
            words("It cost £1,000.5 (about $1,300) - up 5%!"),
            [
                "It", "cost", "£", "1,000.5", "(", "about", "$", "1,300", ")", "-", "up", "5", "%",
                "!"
            ]
        );
        assert_eq!(
            words("They’re sure it’ll work; the players’ union won’t..."),
            [
                "They", "’re", "sure", "it", "’ll", "work", ";", "the", "players", "’", "union",
                "wo", "n’t", "..."
            ]
        );
        assert_eq!(
            words("“Quote” e-mail Al-Zaman and/or 713-853-3989 see www.example.com/a-b."),
            [
                "“",
                "Quote",
                "”",
                "e-mail",
                "Al",
                "-",
                "Zaman",
                "and",
                "/",
                "or",
                "713-853-3989",
                "see",
                "www.example.com/a-b",
                "."
            ]
        );
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(tokenize("").is_empty());
        assert!(tokenize("   \n\t").is_empty());
        assert_eq!(words("'"), ["'"]);
        assert_eq!(words("..."), ["..."]);
        assert_eq!(words("--"), ["--"]);
        assert_eq!(words("a--b"), ["a", "--", "b"]);
    }
}

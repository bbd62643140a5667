//! Tokenizer offsets always slice the input, whatever it is.

use grammar::tokenize;
use proptest::prelude::*;

fn check(s: &str) -> Result<(), TestCaseError> {
    let spans = tokenize(s);
    let mut last = 0;
    for r in &spans {
        prop_assert!(r.start >= last && r.start < r.end && r.end <= s.len());
        prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        prop_assert!(!s[r.clone()].contains(char::is_whitespace));
        last = r.end;
    }
    // Nothing but whitespace is ever dropped.
    let kept: String = spans.iter().map(|r| &s[r.clone()]).collect();
    let expected: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    prop_assert_eq!(kept, expected);
    Ok(())
}

proptest! {
    #[test]
    fn any_string(s in "\\PC{0,80}") {
        check(&s)?;
    }

    #[test]
    fn punctuation_heavy_strings(s in "[a-zA-Z0-9 .,;:'’\"“”()$£€%!?/@-]{0,60}") {
        check(&s)?;
    }
}

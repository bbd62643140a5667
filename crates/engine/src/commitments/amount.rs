//! Sums of money as written: a currency mark or word, a number and an optional scale
//! ("$10 billion", "€2bn", "£500m", "US$3 million", "5 billion yen").

use std::sync::OnceLock;

use regex::Regex;

use super::Amount;
use quarry_text::Knowledge;

struct Patterns {
    /// Mark, number, scale: "$1.2 billion", "£500m".
    prefixed: Regex,
    /// Number, scale, currency word: "5 billion yen".
    suffixed: Regex,
}

fn alternation<'a>(items: impl Iterator<Item = &'a String>) -> String {
    let mut items: Vec<&String> = items.collect();
    // Longest first, so "US$" wins over "$" and "billion" over "b".
    items.sort_by_key(|s| std::cmp::Reverse(s.len()));
    items
        .iter()
        .map(|s| regex::escape(s))
        .collect::<Vec<_>>()
        .join("|")
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let money = &Knowledge::get().cues.money;
        let (prefix, suffix, scale) = (
            alternation(money.prefix.keys()),
            alternation(money.suffix.keys()),
            alternation(money.scale.keys()),
        );
        let number = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?";
        let build = |pattern: String| match Regex::new(&pattern) {
            Ok(re) => re,
            Err(e) => panic!("money pattern from lexicon/cues.toml: {e}"),
        };
        Patterns {
            prefixed: build(format!(
                r"(?i)(?:^|[^\w$])({prefix})\s?{number}(?:\s?({scale}))?\b"
            )),
            suffixed: build(format!(r"(?i)\b{number}(?:\s?({scale}))?\s({suffix})\b")),
        }
    })
}

/// Every sum of money in `text`, in order.
pub fn amounts(text: &str) -> Vec<(usize, Amount)> {
    let money = &Knowledge::get().cues.money;
    let p = patterns();
    let mut found = Vec::new();
    for c in p.prefixed.captures_iter(text) {
        let (Some(mark), Some(whole)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let end = c.get(4).or(c.get(3)).unwrap_or(whole).end();
        let currency = lookup(&money.prefix, mark.as_str());
        let amount = make(
            &text[mark.start()..end],
            whole.as_str(),
            c.get(3).map(|m| m.as_str()),
            c.get(4).map(|m| m.as_str()),
            currency,
        );
        found.push((mark.start(), amount));
    }
    for c in p.suffixed.captures_iter(text) {
        let (Some(whole), Some(word)) = (c.get(1), c.get(4)) else {
            continue;
        };
        if found
            .iter()
            .any(|(at, a)| (*at..*at + a.text.len()).contains(&whole.start()))
        {
            continue;
        }
        let currency = lookup(&money.suffix, word.as_str());
        let amount = make(
            &text[whole.start()..word.end()],
            whole.as_str(),
            c.get(2).map(|m| m.as_str()),
            c.get(3).map(|m| m.as_str()),
            currency,
        );
        found.push((whole.start(), amount));
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

fn lookup(map: &std::collections::BTreeMap<String, String>, key: &str) -> String {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn make(
    text: &str,
    whole: &str,
    fraction: Option<&str>,
    scale: Option<&str>,
    currency: String,
) -> Amount {
    let number = format!("{}.{}", whole.replace(',', ""), fraction.unwrap_or("0"));
    let scale = scale
        .and_then(|s| {
            Knowledge::get()
                .cues
                .money
                .scale
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(s))
        })
        .map_or(1.0, |(_, v)| *v);
    Amount {
        text: text.to_string(),
        value: number.parse::<f64>().unwrap_or(0.0) * scale,
        currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, f64, String) {
        let found = amounts(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let a = &found[0].1;
        (a.text.clone(), a.value, a.currency.clone())
    }

    #[test]
    fn dollars_with_scale_words() {
        assert_eq!(
            one("a $10 billion loan"),
            ("$10 billion".into(), 1e10, "USD".into())
        );
        assert_eq!(
            one("a $1.2 billion reserve"),
            ("$1.2 billion".into(), 1.2e9, "USD".into())
        );
    }

    #[test]
    fn euros_and_pounds_with_short_scales() {
        assert_eq!(one("a €2bn fund"), ("€2bn".into(), 2e9, "EUR".into()));
        assert_eq!(
            one("pledged £500m for schools"),
            ("£500m".into(), 5e8, "GBP".into())
        );
        assert_eq!(
            one("costs £1,250 a year"),
            ("£1,250".into(), 1250.0, "GBP".into())
        );
    }

    #[test]
    fn us_dollar_mark_and_currency_words() {
        assert_eq!(
            one("a US$3 million grant"),
            ("US$3 million".into(), 3e6, "USD".into())
        );
        assert_eq!(
            one("lend 5 billion yen"),
            ("5 billion yen".into(), 5e9, "JPY".into())
        );
    }

    #[test]
    fn plain_numbers_and_percentages_are_not_money() {
        assert!(amounts("about 60% of 17 minerals in 2020").is_empty());
    }
}

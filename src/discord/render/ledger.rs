//! One page of the commitment ledger: entries grouped by actor, one line each, with numbered
//! sources (title and verbatim quote) below them.

use std::collections::HashMap;

use quarry_engine::commitments::ledger::Entry;
use quarry_text::one_line;

use super::{chars, source_block, truncate, Embed, Rendered, DESCRIPTION, TITLE};

/// Reports cited per entry; the rest are counted ("+2 more reports").
const CITED_PER_ENTRY: usize = 2;
/// Chars the entry lines may take; the sources share the rest of the description.
const LINES_BUDGET: usize = 1500;

/// An article's title and link, for citing it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cited {
    pub title: String,
    pub url: Option<String>,
}

/// A page of ledger entries. `what` names the filter ("United States · firm"), `total` counts
/// every matching entry.
pub fn commitments_page(
    entries: &[Entry],
    articles: &HashMap<String, Cited>,
    what: &str,
    page: usize,
    pages: usize,
    total: usize,
) -> Rendered {
    let title = if what.trim().is_empty() {
        "Commitments".to_string()
    } else {
        format!("Commitments — {}", one_line(what))
    };
    let title = truncate(&title, TITLE);
    if entries.is_empty() {
        return Rendered {
            content: String::new(),
            embeds: vec![Embed {
                title,
                description: "No commitments match. Try fewer options, or /commitments alone."
                    .into(),
                ..Embed::default()
            }],
        };
    }
    let mut lines: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    let mut actor: Option<&str> = None;
    let per_line = LINES_BUDGET / (2 * entries.len()) - 1;
    for entry in entries {
        if actor != Some(entry.actor.as_str()) {
            actor = Some(entry.actor.as_str());
            lines.push(truncate(
                &format!("**{}**", one_line(&entry.actor)),
                per_line,
            ));
        }
        let amounts: Vec<&str> = entry.amounts().iter().map(|a| a.text.as_str()).collect();
        let amounts = if amounts.is_empty() {
            String::new()
        } else {
            format!(" — {}", amounts.join(", "))
        };
        let mut markers = String::new();
        for c in entry.evidence.iter().take(CITED_PER_ENTRY) {
            sources.push(c);
            markers.push_str(&format!(" [{}]", sources.len()));
        }
        let extra = entry.evidence.len().saturating_sub(CITED_PER_ENTRY);
        if extra > 0 {
            markers.push_str(&format!(" +{extra} more"));
        }
        let stage = format!(" ({}){markers}", entry.stage.as_str());
        let action = truncate(
            &one_line(&entry.action),
            per_line
                .saturating_sub(chars(&amounts) + chars(&stage) + 2)
                .max(1),
        );
        lines.push(truncate(&format!("• {action}{amounts}{stage}"), per_line));
    }
    let lines = lines.join("\n");
    let room = DESCRIPTION - chars(&lines) - 2;
    let share = room / sources.len().max(1) - 2;
    let blocks: Vec<String> = sources
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cited = articles.get(&c.doc).cloned().unwrap_or_else(|| Cited {
                title: c.doc.clone(),
                url: None,
            });
            let meta = format!("— {}", c.doc);
            source_block(
                i + 1,
                &cited.title,
                cited.url.as_deref(),
                &c.quote,
                &meta,
                share,
            )
        })
        .collect();
    let description = truncate(&format!("{lines}\n\n{}", blocks.join("\n\n")), DESCRIPTION);
    Rendered {
        content: String::new(),
        embeds: vec![Embed {
            title,
            url: None,
            description,
            fields: Vec::new(),
            footer: format!(
                "Page {} of {} · {total} {}",
                page + 1,
                pages.max(1),
                if total == 1 {
                    "commitment"
                } else {
                    "commitments"
                }
            ),
        }],
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use quarry_engine::commitments::{Amount, Commitment, Stage};

    use super::super::check;
    use super::*;

    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,12}",
                "https://example\\.com/[a-z/]{0,200}",
                "@everyone",
                "\u{1F600}",
                "\\[[0-9]\\]",
                " "
            ],
            0..max / 6,
        )
        .prop_map(|v| v.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_ledger_page_renders_within_limits(
            count in 0usize..=PER_PAGE_MAX,
            reports in 1usize..6,
            actor in text(400),
            action in text(1500),
            quote in text(6000),
            url in proptest::option::of(text(3000)),
        ) {
            let entries: Vec<Entry> = (0..count)
                .map(|i| Entry {
                    id: format!("e{i}"),
                    actor: format!("{actor}{}", i / 2),
                    action: action.clone(),
                    stage: Stage::Hedged,
                    evidence: (0..reports)
                        .map(|r| Commitment {
                            doc: format!("d{r}"),
                            actor: actor.clone(),
                            action: action.clone(),
                            amount: Some(Amount { text: action.clone(), value: 1.0, currency: "USD".into() }),
                            date: None,
                            stage: Stage::Hedged,
                            quote: quote.clone(),
                        })
                        .collect(),
                })
                .collect();
            let articles: HashMap<String, Cited> = (0..reports)
                .map(|r| (format!("d{r}"), Cited { title: actor.clone(), url: url.clone() }))
                .collect();
            let page = commitments_page(&entries, &articles, &actor, 0, 3, 99);
            prop_assert_eq!(check(&page), Ok(()));
        }
    }

    const PER_PAGE_MAX: usize = 10;

    #[test]
    fn entries_are_grouped_by_actor_and_cited() {
        let commitment = |actor: &str, quote: &str| Commitment {
            doc: "doc1".into(),
            actor: actor.into(),
            action: "signed a minerals deal".into(),
            amount: None,
            date: None,
            stage: Stage::Firm,
            quote: quote.into(),
        };
        let entry = |id: &str, actor: &str, quote: &str| Entry {
            id: id.into(),
            actor: actor.into(),
            action: "signed a minerals deal".into(),
            stage: Stage::Firm,
            evidence: vec![commitment(actor, quote)],
        };
        let entries = vec![
            entry("a", "Japan", "Japan signed."),
            entry("b", "Japan", "Japan signed again."),
            entry("c", "Kazakhstan", "Kazakhstan signed."),
        ];
        let articles = HashMap::from([(
            "doc1".to_string(),
            Cited {
                title: "Deals".into(),
                url: None,
            },
        )]);
        let page = commitments_page(&entries, &articles, "", 0, 1, 3);
        let text = &page.embeds[0].description;
        assert_eq!(text.matches("**Japan**").count(), 1, "{text}");
        assert!(
            text.contains("• signed a minerals deal (firm) [2]"),
            "{text}"
        );
        assert!(
            text.contains("**[3]** Deals\n> Kazakhstan signed."),
            "{text}"
        );
        assert_eq!(page.embeds[0].footer, "Page 1 of 1 · 3 commitments");
    }
}

//! One page of the commitment ledger: entries grouped by actor, one line each, with numbered
//! sources (title and verbatim quote) below them.

use std::collections::HashMap;

use quarry::answer::one_line;
use quarry::commitments::ledger::Entry;

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

//! One page of the commitment ledger, most significant first: a line per entry (actor, the action
//! as a clause, amounts, stage, numbered sources), then the numbered sources (title, source and
//! date, verbatim quote). And the answer for an actor the articles name who has committed to
//! nothing yet.

use quarry_engine::actors::Named;
use quarry_engine::citation::Citation;
use quarry_engine::commitments::ledger::Line;
use quarry_engine::engine::Source;
use quarry_text::one_line;
use quarry_text::words::count_of;

use super::{chars, citation_block, source_line, truncate, Embed, Rendered, DESCRIPTION, TITLE};

/// Chars the entry lines may take; the sources share the rest of the description.
const LINES_BUDGET: usize = 1500;
/// Articles listed for an actor without commitments.
pub const LISTED_ARTICLES: usize = 10;

fn page_title(what: &str) -> String {
    let title = if what.trim().is_empty() {
        "Commitments".to_string()
    } else {
        format!("Commitments — {}", one_line(what))
    };
    truncate(&title, TITLE)
}

/// "• **Actor** — clause (amount) (stage) [1] [2]" within `budget` chars, the source numbers kept.
pub(super) fn line_text(line: &Line, budget: usize) -> String {
    let actor = format!("**{}** \u{2014} ", truncate(&one_line(&line.actor), 80));
    let marks = line.marks();
    let room = budget
        .saturating_sub(chars(&actor) + chars(&marks) + 2)
        .max(1);
    let what = truncate(&one_line(&line.what()), room);
    truncate(&format!("\u{2022} {actor}{what}{marks}"), budget)
}

/// A page of ledger lines and the citations they number. `what` names the filter
/// ("United States · firm"), `total` counts every matching entry.
pub fn commitments_page(
    lines: &[Line],
    citations: &[Citation],
    what: &str,
    page: usize,
    pages: usize,
    total: usize,
) -> Rendered {
    let title = page_title(what);
    if lines.is_empty() {
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
    let per_line = LINES_BUDGET / lines.len() - 1;
    let lines = lines
        .iter()
        .map(|l| line_text(l, per_line))
        .collect::<Vec<_>>()
        .join("\n");
    let room = DESCRIPTION - chars(&lines) - 2;
    let share = room / citations.len().max(1) - 2;
    let blocks: Vec<String> = citations.iter().map(|c| citation_block(c, share)).collect();
    let description = truncate(&format!("{lines}\n\n{}", blocks.join("\n\n")), DESCRIPTION);
    Rendered {
        content: String::new(),
        embeds: vec![Embed {
            title,
            url: None,
            description,
            fields: Vec::new(),
            footer: format!(
                "Page {} of {} · {}",
                page + 1,
                pages.max(1),
                count_of(total, "commitment")
            ),
        }],
    }
}

/// "No commitments by Kazakhstan recorded yet — mentioned in 5 articles", and the first of those
/// articles (`articles`, at most [`LISTED_ARTICLES`]).
pub fn actor_without_commitments(named: &Named, articles: &[Source]) -> Rendered {
    let name = one_line(&named.name);
    let mut description = format!(
        "No commitments by {} recorded yet \u{2014} mentioned in {}.",
        truncate(&name, 200),
        count_of(named.articles.len(), "article")
    );
    let shown = &articles[..articles.len().min(LISTED_ARTICLES)];
    if !shown.is_empty() {
        let budget = (DESCRIPTION - chars(&description) - 2) / shown.len() - 1;
        let lines: Vec<String> = shown.iter().map(|s| source_line(s, budget)).collect();
        description = format!("{description}\n\n{}", lines.join("\n"));
    }
    Rendered {
        content: String::new(),
        embeds: vec![Embed {
            title: page_title(&name),
            description: truncate(&description, DESCRIPTION),
            ..Embed::default()
        }],
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use quarry_engine::commitments::Stage;

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

    fn line(actor: &str, action: &str, sources: Vec<usize>) -> Line {
        Line {
            entry: "e".into(),
            actor: actor.into(),
            action: action.into(),
            amounts: vec!["$1 billion".into()],
            stage: Stage::Firm,
            sources,
            more_sources: 1,
            reported_before: false,
        }
    }

    fn citation(n: usize, title: &str, quote: &str, url: Option<String>) -> Citation {
        Citation {
            n,
            doc: format!("d{n}"),
            title: title.into(),
            source: Some(title.into()),
            url,
            published: chrono::NaiveDate::from_ymd_opt(2026, 2, 5),
            quote: quote.into(),
            score: 1.0,
            context: None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_ledger_page_renders_within_limits(
            count in 0usize..=PER_PAGE_MAX,
            actor in text(400),
            action in text(1500),
            quote in text(6000),
            url in proptest::option::of(text(3000)),
            articles in 0usize..30,
        ) {
            let lines: Vec<Line> = (0..count)
                .map(|i| line(&actor, &action, vec![2 * i + 1, 2 * i + 2]))
                .collect();
            let citations: Vec<Citation> = (0..2 * count)
                .map(|i| citation(i + 1, &actor, &quote, url.clone()))
                .collect();
            let page = commitments_page(&lines, &citations, &actor, 0, 3, 99);
            prop_assert_eq!(check(&page), Ok(()));
            let named = Named { name: actor.clone(), commitments: 0, articles: vec!["a".into(); articles] };
            let source = Source {
                id: actor.clone(), title: action.clone(), source: Some(actor.clone()), published: None,
                url: url.clone(), tags: Vec::new(), passages: 1, first_indexed: chrono::Utc::now(),
                lead: quote.clone(),
            };
            let none = actor_without_commitments(&named, &vec![source; articles]);
            prop_assert_eq!(check(&none), Ok(()));
        }
    }

    const PER_PAGE_MAX: usize = 6;

    #[test]
    fn lines_keep_the_order_given_and_cite_source_and_date() {
        let lines = [
            line("Japan", "signed a minerals deal", vec![1]),
            line("Kazakhstan", "opened a mine", vec![2]),
        ];
        let citations = [
            citation(1, "Deals", "Japan signed.", None),
            citation(2, "Mines", "Kazakhstan opened a mine.", None),
        ];
        let page = commitments_page(&lines, &citations, "", 0, 1, 2);
        let text = &page.embeds[0].description;
        assert!(
            text.starts_with(
                "• **Japan** — signed a minerals deal ($1 billion) (firm) [1] +1 more\n• **Kazakhstan**"
            ),
            "{text}"
        );
        assert!(
            text.contains("**[2]** Mines\n> Kazakhstan opened a mine.\n— Mines, 2026-02-05"),
            "{text}"
        );
        assert_eq!(page.embeds[0].footer, "Page 1 of 1 · 2 commitments");
    }

    #[test]
    fn an_actor_without_commitments_is_told_where_it_is_mentioned() {
        let named = Named {
            name: "Kazakhstan".into(),
            commitments: 0,
            articles: vec!["a".into(), "b".into()],
        };
        let source = Source {
            id: "a".into(),
            title: "Steppe minerals".into(),
            source: Some("Wire".into()),
            published: None,
            url: None,
            tags: Vec::new(),
            passages: 3,
            first_indexed: chrono::Utc::now(),
            lead: String::new(),
        };
        let page = actor_without_commitments(&named, &[source]);
        let text = &page.embeds[0].description;
        assert!(
            text.starts_with(
                "No commitments by Kazakhstan recorded yet — mentioned in 2 articles.\n\n`a` Steppe minerals — Wire"
            ),
            "{text}"
        );
    }
}

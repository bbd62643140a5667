//! The daily digest as a message: the headline as content, one embed of new articles, one of
//! commitments by actor (a field per actor), and the post's nonce in the last embed's footer so
//! the schedule can find the post again after a restart.

use quarry_engine::digest::{ArticleLine, Digest};
use quarry_engine::schedule::runner::Post;
use quarry_text::one_line;

use super::{
    chars, check, content, link, link_text, non_empty, note, truncate, Embed, Field, Rendered,
    DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER, TITLE,
};

/// Chars the article list may use, and the commitment fields together: with titles, headline
/// and footer this stays under the 6000 chars Discord allows across a message's embeds.
const ARTICLES_BUDGET: usize = 2700;
const COMMITMENTS_BUDGET: usize = 2700;

/// The footer that marks a digest post; `find` looks for it in the channel.
pub fn digest_marker(nonce: &str) -> String {
    truncate(&format!("quarry digest · {nonce}"), FOOTER)
}

/// A digest post (or the first run's "Tracking N articles" line) within every limit.
pub fn digest_post(post: &Post, nonce: &str) -> Rendered {
    let mut rendered = match post {
        Post::Tracking { .. } => Rendered {
            content: content(post.to_text().trim()),
            embeds: vec![Embed {
                title: "Daily digest".into(),
                description: "The next digest lists what is new from now on.".into(),
                ..Embed::default()
            }],
        },
        Post::Digest(digest) => digest_message(digest),
    };
    if let Some(last) = rendered.embeds.last_mut() {
        last.footer = digest_marker(nonce);
    }
    match check(&rendered) {
        Ok(()) => rendered,
        Err(broken) => {
            tracing::error!("digest breaks a Discord limit ({broken}); posting its headline");
            let mut fallback = note(post.to_text().lines().next().unwrap_or("Daily digest"));
            fallback.embeds.push(Embed {
                title: "Daily digest".into(),
                description: "See /sources and /commitments for what is new.".into(),
                footer: digest_marker(nonce),
                ..Embed::default()
            });
            fallback
        }
    }
}

fn digest_message(digest: &Digest) -> Rendered {
    let mut embeds = Vec::new();
    if !digest.articles.is_empty() {
        embeds.push(articles_embed(digest));
    }
    if !digest.actors.is_empty() {
        embeds.push(commitments_embed(digest));
    }
    if embeds.is_empty() {
        embeds.push(Embed {
            title: "Daily digest".into(),
            description: "Nothing new. Ask with /ask, or browse /sources and /commitments.".into(),
            ..Embed::default()
        });
    }
    Rendered {
        content: content(&format!("**{}**", one_line(&digest.headline))),
        embeds,
    }
}

fn article_block(a: &ArticleLine, budget: usize) -> String {
    let title = non_empty(truncate(&link_text(&a.title), 150), "untitled");
    let head = match link(a.url.as_deref()) {
        Some(url) if chars(&url) <= 300 => format!("**[{title}](<{url}>)**"),
        _ => format!("**{title}**"),
    };
    let meta: Vec<String> = a
        .source
        .iter()
        .map(|s| truncate(&one_line(s), 60))
        .chain(a.published.map(|p| p.to_string()))
        .collect();
    let head = if meta.is_empty() {
        head
    } else {
        format!("{head} — {}", meta.join(", "))
    };
    let summary = one_line(&a.summary);
    let block = if summary.is_empty() {
        head
    } else {
        let room = budget.saturating_sub(chars(&head) + 3).max(1);
        format!("{head}\n> {}", truncate(&summary, room))
    };
    truncate(&block, budget)
}

fn articles_embed(digest: &Digest) -> Embed {
    let more = digest.more_articles_line();
    let reserved = more.as_deref().map_or(0, |m| chars(m) + 2);
    let n = digest.articles.len().max(1);
    let share = (ARTICLES_BUDGET - reserved) / n - 2;
    let mut description = digest
        .articles
        .iter()
        .map(|a| article_block(a, share))
        .collect::<Vec<_>>()
        .join("\n\n");
    if let Some(more) = more {
        description.push_str("\n\n");
        description.push_str(&more);
    }
    Embed {
        title: truncate(&format!("New articles ({})", digest.new_articles), TITLE),
        description: truncate(&description, DESCRIPTION.min(ARTICLES_BUDGET)),
        ..Embed::default()
    }
}

fn commitments_embed(digest: &Digest) -> Embed {
    let shown = &digest.actors[..digest.actors.len().min(FIELDS)];
    let dropped: usize = digest.actors[shown.len()..]
        .iter()
        .map(|g| g.lines.len())
        .sum();
    let field_budget = (COMMITMENTS_BUDGET / shown.len().max(1)).min(FIELD_VALUE);
    let fields = shown
        .iter()
        .map(|group| {
            let name = non_empty(truncate(&one_line(&group.actor), 100), "—");
            let per_line = field_budget.saturating_sub(chars(&name)) / group.lines.len().max(1);
            let value = group
                .lines
                .iter()
                .map(|l| {
                    truncate(
                        &format!("• {}", one_line(&l.to_text())),
                        per_line.max(2) - 1,
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Field {
                name: truncate(&name, FIELD_NAME),
                value: non_empty(
                    truncate(&value, field_budget.saturating_sub(chars(&name)).max(1)),
                    "—",
                ),
            }
        })
        .collect();
    let more = digest.more_commitments + dropped;
    let description = if more > 0 {
        format!(
            "…and {more} more {}: see /commitments",
            if more == 1 {
                "commitment"
            } else {
                "commitments"
            }
        )
    } else {
        String::new()
    };
    Embed {
        title: truncate(
            &format!("New commitments ({})", digest.new_commitments),
            TITLE,
        ),
        description,
        fields,
        ..Embed::default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;
    use quarry_engine::commitments::Stage;
    use quarry_engine::digest::{build, ArticleInput, EvidenceInput, Input};

    use super::*;

    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,12}",
                "https://example\\.com/[a-z/]{0,200}",
                "@everyone",
                "\u{1F600}",
                "[0-9]{1,3}",
                " "
            ],
            0..max / 6,
        )
        .prop_map(|v| v.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_digest_renders_within_limits(
            articles in 0usize..40,
            actors in 0usize..40,
            title in text(600),
            body in text(3000),
            max_items in 1usize..60,
        ) {
            let since = Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).single().expect("time");
            let until = since + chrono::Duration::days(1);
            let input = Input {
                articles: (0..articles)
                    .map(|i| ArticleInput {
                        id: format!("a{i}"),
                        title: title.clone(),
                        source: Some(title.clone()),
                        url: Some(format!("https://example.com/{i}")),
                        published: None,
                        first_indexed: since + chrono::Duration::minutes(i as i64 + 1),
                        sentences: vec![body.clone(), format!("{body} again.")],
                    })
                    .collect(),
                evidence: (0..actors)
                    .map(|i| EvidenceInput {
                        entry: format!("e{i}"),
                        doc: format!("a{}", i % articles.max(1)),
                        actor: format!("{title} {i}"),
                        action: body.clone(),
                        amount: Some("$1 billion".into()),
                        stage: Stage::Firm,
                        quote: body.clone(),
                    })
                    .collect(),
                seen_entries: Default::default(),
            };
            let digest = build(&input, since, until, chrono_tz::Tz::UTC, max_items);
            let rendered = digest_post(&Post::Digest(digest.clone()), "0123456789abcdef");
            prop_assert_eq!(check(&rendered), Ok(()));
            // The real rendering, not the fallback for a broken limit.
            prop_assert!(rendered.content.contains("since"));
            if !digest.articles.is_empty() {
                prop_assert!(rendered.embeds[0].title.starts_with("New articles"));
            }
            prop_assert!(rendered.embeds.last().is_some_and(|e| e.footer == digest_marker("0123456789abcdef")));
            if digest.more_articles > 0 {
                prop_assert!(rendered.embeds[0].description.contains("/sources"));
            }
            let tracking = digest_post(&Post::Tracking { articles }, "n");
            prop_assert_eq!(check(&tracking), Ok(()));
        }
    }

    #[test]
    fn more_than_fit_points_to_the_commands() {
        let since = Utc
            .with_ymd_and_hms(2026, 11, 22, 8, 0, 0)
            .single()
            .expect("time");
        let input = Input {
            articles: (0..5)
                .map(|i| ArticleInput {
                    id: format!("a{i}"),
                    title: format!("Article {i}"),
                    source: None,
                    url: None,
                    published: None,
                    first_indexed: since + chrono::Duration::minutes(i + 1),
                    sentences: vec!["Ministers met.".into()],
                })
                .collect(),
            evidence: (0..5)
                .map(|i| EvidenceInput {
                    entry: format!("e{i}"),
                    doc: format!("a{i}"),
                    actor: "Japan".into(),
                    action: format!("signed deal {i}"),
                    amount: None,
                    stage: Stage::Firm,
                    quote: format!("Japan signed deal {i}."),
                })
                .collect(),
            seen_entries: Default::default(),
        };
        let digest = build(
            &input,
            since,
            since + chrono::Duration::days(1),
            chrono_tz::Tz::UTC,
            2,
        );
        let rendered = digest_post(&Post::Digest(digest), "n");
        let all = format!("{rendered:?}");
        assert!(all.contains("and 3 more articles: see /sources"), "{all}");
        assert!(
            all.contains("and 3 more commitments: see /commitments"),
            "{all}"
        );
    }
}

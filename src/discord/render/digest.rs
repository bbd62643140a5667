//! The daily digest as a message: the headline as content; one embed of new stories, a line each
//! (linked title, lede, where it ran); one of the commitments that matter, a line each, with their
//! numbered sources below; one of the questions the articles could not answer; and the post's
//! nonce in the last embed's footer so the schedule can find the post again after a restart.

use quarry_engine::digest::{more_commitments_line, ArticleLine, Digest};
use quarry_engine::schedule::runner::Post;
use quarry_text::one_line;

use super::ledger::line_text;
use super::{
    chars, check, citation_block, content, link, link_text, non_empty, note, truncate, Embed,
    Rendered, DESCRIPTION, FOOTER, TITLE,
};

/// Chars each embed's description may use: with titles and footer this stays under the 6000
/// chars Discord allows across a message's embeds.
const ARTICLES_BUDGET: usize = 2300;
const COMMITMENTS_BUDGET: usize = 2800;
const UNANSWERED_BUDGET: usize = 600;
/// Share of the commitments embed its lines may take; their sources get the rest.
const LINES_SHARE: usize = 45;

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
    if !digest.commitments.is_empty() {
        embeds.push(commitments_embed(digest));
    }
    if !digest.unanswered.is_empty() {
        embeds.push(unanswered_embed(digest));
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

/// "**[Title](<url>)** — lede *(Wire, 2026-11-20, also in 2 sources)*" within `budget` chars.
fn article_line(a: &ArticleLine, budget: usize) -> String {
    let title = non_empty(truncate(&link_text(&a.title), 150), "untitled");
    let head = match link(a.url.as_deref()) {
        Some(url) if chars(&url) <= 300 => format!("**[{title}](<{url}>)**"),
        _ => format!("**{title}**"),
    };
    let about = truncate(&one_line(&a.about()).replace('*', ""), 100);
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" *({about})*")
    };
    let summary = one_line(&a.summary);
    let line = if summary.is_empty() {
        format!("{head}{about}")
    } else {
        let room = budget
            .saturating_sub(chars(&head) + chars(&about) + 3)
            .max(1);
        format!("{head} \u{2014} {}{about}", truncate(&summary, room))
    };
    truncate(&line, budget)
}

fn articles_embed(digest: &Digest) -> Embed {
    let more = digest.more_articles_line();
    let reserved = more.as_deref().map_or(0, |m| chars(m) + 2);
    let n = digest.articles.len().max(1);
    let share = ((ARTICLES_BUDGET - reserved) / n).saturating_sub(1).max(1);
    let mut description = digest
        .articles
        .iter()
        .map(|a| article_line(a, share))
        .collect::<Vec<_>>()
        .join("\n");
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
    let more = more_commitments_line(digest.more_commitments);
    let reserved = more.as_deref().map_or(0, |m| chars(m) + 1);
    let lines_budget = (COMMITMENTS_BUDGET * LINES_SHARE / 100).saturating_sub(reserved);
    let per_line = (lines_budget / digest.commitments.len().max(1))
        .saturating_sub(1)
        .max(1);
    let mut lines = digest
        .commitments
        .iter()
        .map(|l| line_text(l, per_line))
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(more) = more {
        lines.push('\n');
        lines.push_str(&more);
    }
    let room = COMMITMENTS_BUDGET.saturating_sub(chars(&lines) + 2);
    let share = (room / digest.citations.len().max(1))
        .saturating_sub(2)
        .max(1);
    let blocks: Vec<String> = digest
        .citations
        .iter()
        .map(|c| citation_block(c, share))
        .collect();
    let description = if blocks.is_empty() {
        lines
    } else {
        format!("{lines}\n\n{}", blocks.join("\n\n"))
    };
    Embed {
        title: truncate(&format!("Commitments ({})", digest.new_commitments), TITLE),
        description: truncate(&description, COMMITMENTS_BUDGET),
        ..Embed::default()
    }
}

fn unanswered_embed(digest: &Digest) -> Embed {
    let per_question = (UNANSWERED_BUDGET / digest.unanswered.len().max(1))
        .saturating_sub(3)
        .max(1);
    let description = digest
        .unanswered
        .iter()
        .map(|q| format!("\u{2022} {}", truncate(&one_line(q), per_question)))
        .collect::<Vec<_>>()
        .join("\n");
    Embed {
        title: "What the articles could not answer".into(),
        description: truncate(&description, UNANSWERED_BUDGET),
        ..Embed::default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use proptest::prelude::*;
    use quarry_engine::commitments::ledger::Entry;
    use quarry_engine::commitments::{Commitment, Stage};
    use quarry_engine::digest::{build, ArticleInput, Input};

    use super::*;

    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z]{1,12}",
                "https://example\\.com/[a-z/]{0,200}",
                "@everyone",
                "\u{1F600}",
                "[0-9]{1,3}",
                "\\*\\*",
                " "
            ],
            0..max / 6,
        )
        .prop_map(|v| v.join(" "))
    }

    fn since() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0)
            .single()
            .expect("time")
    }

    fn article(i: usize, title: &str, lede: &str, url: bool) -> ArticleInput {
        ArticleInput {
            id: format!("a{i}"),
            title: title.into(),
            source: Some(title.into()),
            url: url.then(|| format!("https://example.com/{i}")),
            published: None,
            first_indexed: since() + chrono::Duration::minutes(i as i64 + 1),
            lede: lede.into(),
            also_sources: i % 3,
        }
    }

    /// A ledger entry for `actor`, reported by articles `docs`.
    fn entry(i: usize, actor: &str, action: &str, quote: &str, docs: &[usize]) -> Entry {
        let evidence = docs
            .iter()
            .map(|d| Commitment {
                doc: format!("a{d}"),
                actor: actor.into(),
                action: action.into(),
                amount: None,
                date: None,
                stage: Stage::Firm,
                quote: quote.into(),
            })
            .collect();
        Entry::new(
            format!("e{i}"),
            actor.into(),
            action.into(),
            Stage::Firm,
            None,
            evidence,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_digest_renders_within_limits(
            articles in 0usize..40,
            actors in 0usize..40,
            title in text(600),
            body in text(3000),
            questions in proptest::collection::vec(text(600), 0..5),
            max_items in 1usize..60,
        ) {
            let until = since() + chrono::Duration::days(1);
            let n = articles.max(1);
            let input = Input {
                articles: (0..articles).map(|i| article(i, &title, &body, i % 2 == 0)).collect(),
                ledger: (0..actors)
                    .map(|i| entry(i, &format!("{title} {}", i / 3), &body, &body, &[i % n, (i + 1) % n, (i + 2) % n]))
                    .collect::<Vec<_>>()
                    .into(),
                unanswered: questions,
                ..Input::default()
            };
            let digest = build(&input, Some(since()), until, chrono_tz::Tz::UTC, max_items);
            let rendered = digest_post(&Post::Digest(Box::new(digest.clone())), "0123456789abcdef");
            prop_assert_eq!(check(&rendered), Ok(()));
            // The real rendering, not the fallback for a broken limit.
            prop_assert!(rendered.content.contains("since") || rendered.content.contains("Since"));
            if !digest.articles.is_empty() {
                prop_assert!(rendered.embeds[0].title.starts_with("New articles"));
            }
            prop_assert!(rendered.embeds.last().is_some_and(|e| e.footer == digest_marker("0123456789abcdef")));
            if digest.more_articles > 0 {
                prop_assert!(rendered.embeds[0].description.contains("/sources"));
            }
            if !digest.unanswered.is_empty() {
                let last = rendered.embeds.last().map(|e| e.title.as_str());
                prop_assert_eq!(last, Some("What the articles could not answer"));
            }
            let tracking = digest_post(&Post::Tracking { articles }, "n");
            prop_assert_eq!(check(&tracking), Ok(()));
        }
    }

    #[test]
    fn one_line_per_story_and_cited_commitments_point_to_the_commands() {
        let input = Input {
            articles: (0..5)
                .map(|i| {
                    article(
                        i,
                        &format!("Article {i}"),
                        "Ministers met on Monday.",
                        false,
                    )
                })
                .collect(),
            ledger: (0..5)
                .map(|i| {
                    entry(
                        i,
                        "Japan",
                        &format!("signed deal {i}"),
                        "Japan signed.",
                        &[i],
                    )
                })
                .collect::<Vec<_>>()
                .into(),
            unanswered: vec!["Who funds the reserve?".into()],
            ..Input::default()
        };
        let until = since() + chrono::Duration::days(1);
        let digest = build(&input, Some(since()), until, chrono_tz::Tz::UTC, 2);
        let rendered = digest_post(&Post::Digest(Box::new(digest)), "n");
        assert_eq!(
            rendered.content,
            "**Since Sunday 08:00: 5 new articles from 5 sources, 5 commitments (5 firm)**"
        );
        let stories = &rendered.embeds[0].description;
        assert!(
            stories.starts_with(
                "**Article 0** — Ministers met on Monday. *(Article 0)*\n**Article 1**"
            ),
            "{stories}"
        );
        assert!(
            stories.ends_with("\n\n…and 3 more articles: see /sources"),
            "{stories}"
        );
        let commitments = &rendered.embeds[1].description;
        assert!(
            commitments.starts_with("• **Japan** — signed deal 0 (firm) [1]\n• **Japan** — signed deal 1 (firm) [2]\n…and 3 more commitments: see /commitments\n\n**[1]** Article 0\n> Japan signed.\n— Article 0"),
            "{commitments}"
        );
        assert_eq!(rendered.embeds[2].description, "• Who funds the reserve?");
    }
}

//! Feeds: RSS 0.9–2.0, Atom and JSON Feed (feed-rs). Each poll takes the items not seen before,
//! keeps those the feed's include / exclude words allow, and adds each from its link.

use chrono::NaiveDate;
use quarry_engine::config::FeedConfig;
use serde::Serialize;

use crate::error::IngestError;

/// One item of a feed, as much as ingestion needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub guid: Option<String>,
    pub link: Option<String>,
    pub title: String,
    pub summary: String,
    pub published: Option<NaiveDate>,
}

/// What one poll of every feed did.
#[derive(Debug, Default, Serialize)]
pub struct PollReport {
    pub added: Vec<crate::Added>,
    /// Items seen in an earlier poll.
    pub known: usize,
    /// Items that were the same story as an article already in the corpus.
    pub duplicates: Vec<crate::Added>,
    /// Items the feed's include / exclude words left out.
    pub filtered: usize,
    pub failed: Vec<Failure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub feed: String,
    /// The item's link (or title), or `None` when the feed itself failed.
    pub item: Option<String>,
    pub reason: String,
}

impl PollReport {
    /// `2 added, 1 already known, 1 duplicate, 0 filtered, 0 failed`.
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} already known, {} duplicate, {} filtered, {} failed",
            self.added.len(),
            self.known,
            self.duplicates.len(),
            self.filtered,
            self.failed.len()
        )
    }
}

/// The items of a feed document; a document that is no feed, or has no items, is an error.
pub fn parse(bytes: &[u8], url: &str) -> Result<Vec<Item>, IngestError> {
    let bad = |reason: String| IngestError::BadFeed {
        url: url.to_string(),
        reason,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("it is empty".into()));
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| bad(e.to_string()))?;
    if feed.entries.is_empty() {
        return Err(bad("it has no items".into()));
    }
    Ok(feed
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|l| !l.is_empty());
            Item {
                guid: Some(entry.id).filter(|id| !id.trim().is_empty()),
                link,
                title: entry.title.map(|t| t.content).unwrap_or_default(),
                summary: entry.summary.map(|t| t.content).unwrap_or_default(),
                published: entry.published.or(entry.updated).map(|d| d.date_naive()),
            }
        })
        .collect())
}

/// Whether the feed's words let an item in: one `include` word (or phrase) when there are
/// any, and no `exclude` word, in its title or summary.
pub fn wanted(feed: &FeedConfig, item: &Item) -> bool {
    let text = words(&format!("{} {}", item.title, item.summary));
    let mentions = |phrase: &String| {
        let phrase = words(phrase);
        !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase.as_slice())
    };
    (feed.include.is_empty() || feed.include.iter().any(mentions))
        && !feed.exclude.iter().any(mentions)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(include: &[&str], exclude: &[&str]) -> FeedConfig {
        FeedConfig {
            url: "https://example.org/rss".into(),
            name: None,
            include: include.iter().map(|s| s.to_string()).collect(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn rss_atom_and_json_feed_items_are_read() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>One</title><link>https://example.org/1</link><guid>g1</guid>
            <pubDate>Wed, 04 Feb 2026 09:00:00 GMT</pubDate><description>Lithium news</description></item>
            </channel></rss>"#;
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <id>urn:f</id><updated>2026-02-04T09:00:00Z</updated>
            <entry><title>One</title><id>urn:1</id><updated>2026-02-04T09:00:00Z</updated>
            <link rel="alternate" href="https://example.org/1"/></entry></feed>"#;
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"T",
            "items":[{"id":"j1","url":"https://example.org/1","title":"One","date_published":"2026-02-04T09:00:00Z"}]}"#;
        for document in [rss, atom, json] {
            let items = parse(document.as_bytes(), "u").expect(document);
            assert_eq!(items.len(), 1);
            assert_eq!(items[0].link.as_deref(), Some("https://example.org/1"));
            assert_eq!(items[0].title, "One");
            assert_eq!(items[0].published, NaiveDate::from_ymd_opt(2026, 2, 4));
        }
    }

    #[test]
    fn malformed_and_empty_feeds_are_errors() {
        for bad in [
            "",
            "   ",
            "<html><body>not a feed</body></html>",
            "<rss><channel><item>",
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>"#,
        ] {
            assert!(
                matches!(parse(bad.as_bytes(), "u"), Err(IngestError::BadFeed { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn include_and_exclude_words_choose_items() {
        let item = Item {
            guid: None,
            link: None,
            title: "Critical minerals deal signed".into(),
            summary: "Sponsored by a bank".into(),
            published: None,
        };
        assert!(wanted(&feed(&[], &[]), &item));
        assert!(wanted(&feed(&["critical minerals"], &[]), &item));
        assert!(!wanted(&feed(&["lithium"], &[]), &item));
        assert!(!wanted(&feed(&[], &["sponsored"]), &item));
        assert!(!wanted(&feed(&["mineral"], &[]), &item), "whole words only");
    }
}

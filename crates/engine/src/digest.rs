//! The digest: what changed in a window of time, for a team that reads it in thirty seconds. A
//! headline that says what changed; one line per new story, its lede; the commitments that matter
//! first (the ledger's order of significance, at most [`PER_ACTOR`] lines per actor), each with
//! numbered sources; and the questions members asked that the articles could not answer.
//!
//! [`build`] is a pure function of plain data ([`Input`]), the window and `max_items`: no clock,
//! no files, no Discord. "New" means *first indexed* inside the window `(since, until]`, never the
//! article's own publication date. Commitment lines are ledger entries, with the ledger's ids, so
//! a commitment two new articles report is one line citing both. Scheduling and the record of what
//! was posted live in [`crate::schedule`]; turning a [`Digest`] into embeds lives in the Discord
//! surface.

mod lede;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use quarry_text::one_line;
use quarry_text::words::count_of;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::citation::Citation;
use crate::commitments::ledger::{Entry, Line, CITED_PER_LINE};
use crate::commitments::{Commitment, Stage};
pub use lede::{lede, shorten, LEDE_CHARS};

/// Commitment lines one actor may take among those shown; the rest wait behind "…and N more".
pub const PER_ACTOR: usize = 2;
/// Questions listed under "What the articles could not answer".
pub const UNANSWERED: usize = 3;

/// An article as the digest sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleInput {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub first_indexed: DateTime<Utc>,
    /// The article's lede, verbatim (the catalog keeps it).
    pub lede: String,
    /// How many other outlets reported the same story.
    pub also_sources: usize,
}

/// Everything [`build`] reads.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub articles: Vec<ArticleInput>,
    /// The commitment ledger, most significant first (its own order). Entries reported by an
    /// article indexed before the window were "seen" before.
    pub ledger: Arc<[Entry]>,
    /// Entries already covered by earlier digests (from the digest state), also "seen".
    pub seen_entries: BTreeSet<String>,
    /// Questions asked in the window that the articles could not answer, most asked first.
    pub unanswered: Vec<String>,
}

impl Input {
    /// The catalog's articles and the ledger built from it.
    pub fn from_catalog(catalog: &Catalog, ledger: Arc<[Entry]>) -> Input {
        let articles = catalog
            .articles
            .iter()
            .map(|(id, record)| ArticleInput {
                id: id.clone(),
                title: record.title.clone(),
                source: record.meta.source.clone(),
                url: record.meta.url.clone(),
                published: record.meta.published,
                first_indexed: record.first_indexed,
                lede: record.lead.clone(),
                // Hook for stories several outlets reported: front matter names no other
                // outlets yet, so every article counts as reported once.
                also_sources: 0,
            })
            .collect();
        Input {
            articles,
            ledger,
            ..Input::default()
        }
    }
}

/// A new story, ready to show on one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleLine {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// The article's lede, verbatim, cut at a word with "…" past [`LEDE_CHARS`].
    pub summary: String,
    /// How many other outlets reported the same story ("also in 2 sources").
    pub also_sources: usize,
}

impl ArticleLine {
    /// "Wire, 2026-11-20, also in 2 sources": what is known about where the story ran.
    pub fn about(&self) -> String {
        let mut about: Vec<String> = Vec::new();
        about.extend(
            self.source
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty()),
        );
        about.extend(self.published.map(|d| d.to_string()));
        if self.also_sources > 0 {
            about.push(format!("also in {}", count_of(self.also_sources, "source")));
        }
        about.join(", ")
    }
}

/// What changed in `(since, until]`, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    /// Start of the window; `None` when the digest covers everything indexed.
    pub since: Option<DateTime<Utc>>,
    pub until: DateTime<Utc>,
    /// "Since Monday 08:00: 7 new articles from 4 sources, 12 commitments (3 firm)".
    pub headline: String,
    pub new_articles: usize,
    /// Distinct outlets (front matter `source`) among the new articles.
    pub outlets: usize,
    /// Ledger entries the new articles report.
    pub new_commitments: usize,
    /// How many of those are firm.
    pub firm: usize,
    /// How many of those were reported before the window.
    pub reported_before: usize,
    /// At most `max_items` articles, oldest first.
    pub articles: Vec<ArticleLine>,
    pub more_articles: usize,
    /// At most `max_items` lines, most significant first, at most [`PER_ACTOR`] per actor.
    pub commitments: Vec<Line>,
    pub more_commitments: usize,
    /// The numbered sources of the commitment lines.
    pub citations: Vec<Citation>,
    /// Up to [`UNANSWERED`] questions asked in the window that the articles could not answer.
    pub unanswered: Vec<String>,
    /// Every new article id in the window, listed or not: what the digest state records.
    pub covered_articles: Vec<String>,
    /// Every commitment entry id in the window, listed or not.
    pub covered_entries: Vec<String>,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.covered_articles.is_empty() && self.covered_entries.is_empty()
    }

    /// "…and 4 more articles: see /sources" when the article list was cut at `max_items`.
    pub fn more_articles_line(&self) -> Option<String> {
        let n = self.more_articles;
        (n > 0).then(|| format!("…and {}: see /sources", count_of(n, "more article")))
    }

    /// "…and 2 more commitments: see /commitments" when the commitment lines were cut.
    pub fn more_commitments_line(&self) -> Option<String> {
        more_commitments_line(self.more_commitments)
    }

    /// Plain text, as `quarry digest` prints it.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.headline);
        if !self.articles.is_empty() {
            out.push_str("\nNew articles\n");
            for a in &self.articles {
                let mut line = format!("\u{2022} {}", one_line(&a.title));
                if !a.summary.is_empty() {
                    line.push_str(&format!(" \u{2014} {}", one_line(&a.summary)));
                }
                let about = a.about();
                if !about.is_empty() {
                    line.push_str(&format!(" ({about})"));
                }
                if let Some(url) = &a.url {
                    line.push_str(&format!(" {url}"));
                }
                out.push_str(&format!("{line}\n"));
            }
            if let Some(more) = self.more_articles_line() {
                out.push_str(&format!("{more}\n"));
            }
        }
        if !self.commitments.is_empty() {
            out.push_str("\nCommitments\n");
            for line in &self.commitments {
                out.push_str(&format!("\u{2022} {}\n", one_line(&line.to_text())));
            }
            if let Some(more) = self.more_commitments_line() {
                out.push_str(&format!("{more}\n"));
            }
            out.push_str("\nSources\n");
            for c in &self.citations {
                let url = c
                    .url
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "[{}] {} \u{2014} {}{url}\n    \u{201c}{}\u{201d}\n",
                    c.n,
                    one_line(&c.title),
                    c.origin(),
                    c.shown()
                ));
            }
        }
        if !self.unanswered.is_empty() {
            out.push_str("\nWhat the articles could not answer\n");
            for question in &self.unanswered {
                out.push_str(&format!("\u{2022} {}\n", one_line(question)));
            }
        }
        out
    }
}

/// "…and 2 more commitments: see /commitments", for `n > 0`.
pub fn more_commitments_line(n: usize) -> Option<String> {
    (n > 0).then(|| format!("…and {}: see /commitments", count_of(n, "more commitment")))
}

/// Builds the digest of `(since, until]`, or of everything indexed up to `until` when `since` is
/// `None`. `tz` only affects how `since` is written in the headline.
pub fn build(
    input: &Input,
    since: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    tz: Tz,
    max_items: usize,
) -> Digest {
    let in_window = |t: DateTime<Utc>| since.is_none_or(|s| t > s) && t <= until;
    let before_window = |t: DateTime<Utc>| since.is_some_and(|s| t <= s);
    let mut new: Vec<&ArticleInput> = input
        .articles
        .iter()
        .filter(|a| in_window(a.first_indexed))
        .collect();
    new.sort_by(|a, b| {
        a.first_indexed
            .cmp(&b.first_indexed)
            .then_with(|| a.id.cmp(&b.id))
    });
    let order: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let by_id: HashMap<&str, &ArticleInput> =
        input.articles.iter().map(|a| (a.id.as_str(), a)).collect();

    // The entries new articles report, in the ledger's order, each with one report per new article.
    let reported: Vec<(&Entry, Vec<&Commitment>)> = input
        .ledger
        .iter()
        .filter_map(|entry| {
            let mut fresh: Vec<&Commitment> = entry
                .evidence
                .iter()
                .filter(|c| order.contains_key(c.doc.as_str()))
                .collect();
            fresh.sort_by_key(|c| order.get(c.doc.as_str()).copied());
            fresh.dedup_by(|a, b| a.doc == b.doc);
            (!fresh.is_empty()).then_some((entry, fresh))
        })
        .collect();
    let seen = |entry: &Entry| {
        input.seen_entries.contains(&entry.id)
            || entry.evidence.iter().any(|c| {
                by_id
                    .get(c.doc.as_str())
                    .is_some_and(|a| before_window(a.first_indexed))
            })
    };

    let mut per_actor: HashMap<&str, usize> = HashMap::new();
    let mut commitments = Vec::new();
    let mut citations: Vec<Citation> = Vec::new();
    for (entry, fresh) in &reported {
        if commitments.len() == max_items {
            break;
        }
        let lines = per_actor.entry(entry.actor.as_str()).or_default();
        if *lines == PER_ACTOR {
            continue;
        }
        *lines += 1;
        let mut sources = Vec::new();
        for c in fresh.iter().take(CITED_PER_LINE) {
            let article = by_id.get(c.doc.as_str());
            let n = citations.len() + 1;
            citations.push(Citation {
                n,
                doc: c.doc.clone(),
                title: article.map_or_else(|| c.doc.clone(), |a| a.title.clone()),
                source: article.and_then(|a| a.source.clone()),
                url: article.and_then(|a| a.url.clone()),
                published: article.and_then(|a| a.published),
                quote: c.quote.clone(),
                score: 1.0,
                context: None,
            });
            sources.push(n);
        }
        let mut line = Line::of(entry, sources, fresh.len().saturating_sub(CITED_PER_LINE));
        line.reported_before = seen(entry);
        commitments.push(line);
    }
    let firm = reported
        .iter()
        .filter(|(e, _)| e.stage == Stage::Firm)
        .count();
    let reported_before = reported.iter().filter(|(e, _)| seen(e)).count();
    let outlets: BTreeSet<String> = new
        .iter()
        .filter_map(|a| a.source.as_deref())
        .map(|s| one_line(s).to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();

    let articles: Vec<ArticleLine> = new
        .iter()
        .take(max_items)
        .map(|a| ArticleLine {
            id: a.id.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            url: a.url.clone(),
            published: a.published,
            summary: shorten(&a.lede, LEDE_CHARS),
            also_sources: a.also_sources,
        })
        .collect();
    let counts = Counts {
        articles: new.len(),
        outlets: outlets.len(),
        commitments: reported.len(),
        firm,
    };
    Digest {
        since,
        until,
        headline: headline(&counts, since, until, tz),
        new_articles: new.len(),
        outlets: outlets.len(),
        new_commitments: reported.len(),
        firm,
        reported_before,
        more_articles: new.len() - articles.len(),
        articles,
        more_commitments: reported.len() - commitments.len(),
        commitments,
        citations,
        unanswered: input.unanswered.iter().take(UNANSWERED).cloned().collect(),
        covered_articles: new.iter().map(|a| a.id.clone()).collect(),
        covered_entries: reported.iter().map(|(e, _)| e.id.clone()).collect(),
    }
}

/// What the headline counts.
struct Counts {
    articles: usize,
    outlets: usize,
    commitments: usize,
    firm: usize,
}

/// "Since Monday 08:00: 7 new articles from 4 sources, 12 commitments (3 firm)", "Nothing new
/// since Monday 08:00.", or for everything indexed "All 30 articles, 160 commitments".
fn headline(counts: &Counts, since: Option<DateTime<Utc>>, until: DateTime<Utc>, tz: Tz) -> String {
    let Some(since) = since else {
        if counts.articles == 0 {
            return "No articles indexed yet.".into();
        }
        return format!(
            "All {}, {}",
            count_of(counts.articles, "article"),
            count_of(counts.commitments, "commitment")
        );
    };
    let local = since.with_timezone(&tz);
    let gap = until - since;
    let when = if gap < chrono::Duration::days(6) {
        local.format("%A %H:%M").to_string()
    } else if gap < chrono::Duration::days(300) {
        local.format("%A %-d %b %H:%M").to_string()
    } else {
        local.format("%-d %b %Y").to_string()
    };
    let mut parts = Vec::new();
    if counts.articles > 0 {
        let mut part = count_of(counts.articles, "new article");
        if counts.outlets > 0 {
            part.push_str(&format!(" from {}", count_of(counts.outlets, "source")));
        }
        parts.push(part);
    }
    if counts.commitments > 0 {
        let mut part = count_of(counts.commitments, "commitment");
        if counts.firm > 0 {
            part.push_str(&format!(" ({} firm)", counts.firm));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        format!("Nothing new since {when}.")
    } else {
        format!("Since {when}: {}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests;

//! The digest: what is new in a window of time — new articles with a one-line summary, and new
//! commitments grouped by actor, each cited.
//!
//! [`build`] is a pure function of plain data ([`Input`]), the window and `max_items`: no clock,
//! no files, no Discord. "New" means *first indexed* inside the window `(since, until]`, never the
//! article's own publication date. Scheduling and the record of what was posted live in
//! [`crate::schedule`]; turning a [`Digest`] into embeds lives in the Discord surface.

mod summary;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::commitments::{Commitment, Stage};
pub use summary::{central_sentence, summary_of};

/// An article as the digest sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleInput {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub first_indexed: DateTime<Utc>,
    /// The article's sentences in reading order; only needed for new articles.
    pub sentences: Vec<String>,
}

/// One article reporting one commitment ledger entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceInput {
    /// The ledger entry id: the same commitment reported by several articles shares it.
    pub entry: String,
    pub doc: String,
    pub actor: String,
    pub action: String,
    pub amount: Option<String>,
    pub stage: Stage,
    pub quote: String,
}

/// Everything [`build`] reads.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub articles: Vec<ArticleInput>,
    /// Evidence from every article, old and new: old evidence is what makes an entry "seen".
    pub evidence: Vec<EvidenceInput>,
    /// Entries already covered by earlier digests (from the digest state), also "seen".
    pub seen_entries: BTreeSet<String>,
}

impl Input {
    /// Reads the catalog. `sentences_of(id)` is called only for articles new after `since`.
    ///
    /// Until the commitment ledger assigns entry ids, each commitment gets a
    /// [`provisional_entry_id`]; the ledger's ids replace it without changing anything else here.
    pub fn from_catalog(
        catalog: &Catalog,
        since: DateTime<Utc>,
        sentences_of: impl Fn(&str) -> Vec<String>,
    ) -> Input {
        let mut input = Input::default();
        for (id, record) in &catalog.articles {
            let new = record.first_indexed > since;
            input.articles.push(ArticleInput {
                id: id.clone(),
                title: record.title.clone(),
                source: record.meta.source_with_also(),
                url: record.meta.url.clone(),
                published: record.meta.published,
                first_indexed: record.first_indexed,
                sentences: if new { sentences_of(id) } else { Vec::new() },
            });
            input
                .evidence
                .extend(record.commitments.iter().map(|c| EvidenceInput {
                    entry: provisional_entry_id(c),
                    doc: id.clone(),
                    actor: c.actor.clone(),
                    action: c.action.clone(),
                    amount: c.amount.as_ref().map(|a| a.text.clone()),
                    stage: c.stage,
                    quote: c.quote.clone(),
                }));
        }
        input
    }
}

/// A stable id for a commitment before the ledger exists: actor, action and amount, folded.
pub fn provisional_entry_id(c: &Commitment) -> String {
    let amount = c
        .amount
        .as_ref()
        .map(|a| format!("{} {}", a.currency, a.value))
        .unwrap_or_default();
    let key = format!(
        "{}|{}|{}",
        quarry_text::fold(&c.actor),
        quarry_text::fold(&c.action),
        amount
    );
    blake3::hash(key.as_bytes()).to_hex()[..16].to_string()
}

/// A new article, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleLine {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// The article's most central sentence, verbatim.
    pub summary: String,
}

/// The article a commitment line cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    pub doc: String,
    pub title: String,
    pub url: Option<String>,
    pub quote: String,
}

/// One commitment entry in the digest, cited by the first new article that reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentLine {
    pub entry: String,
    pub action: String,
    pub amount: Option<String>,
    pub stage: Stage,
    /// True when the entry was already reported before the window: shown as "also reported by".
    pub also_reported: bool,
    pub citation: Citation,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorGroup {
    pub actor: String,
    pub lines: Vec<CommitmentLine>,
}

/// What is new in `(since, until]`, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// "3 new articles, 5 new commitments since Mon 08:00", or "Nothing new since Mon 08:00."
    pub headline: String,
    pub new_articles: usize,
    pub new_commitments: usize,
    pub also_reported: usize,
    /// At most `max_items` articles, oldest first.
    pub articles: Vec<ArticleLine>,
    pub more_articles: usize,
    /// At most `max_items` commitment lines in all, grouped by actor.
    pub actors: Vec<ActorGroup>,
    pub more_commitments: usize,
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
        (n > 0).then(|| format!("…and {n} more {}: see /sources", plural(n, "article")))
    }

    /// "…and 2 more commitments: see /commitments" when the commitment lines were cut.
    pub fn more_commitments_line(&self) -> Option<String> {
        let n = self.more_commitments;
        (n > 0).then(|| {
            format!(
                "…and {n} more {}: see /commitments",
                plural(n, "commitment")
            )
        })
    }

    /// Plain text, as `quarry digest` prints it.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.headline);
        if !self.articles.is_empty() {
            out.push_str("\nNew articles\n");
            for a in &self.articles {
                let mut about = Vec::new();
                about.extend(a.source.clone());
                about.extend(a.published.map(|d| d.format("%Y-%m-%d").to_string()));
                let about = if about.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", about.join(", "))
                };
                out.push_str(&format!("• {}{about}\n", a.title));
                if !a.summary.is_empty() {
                    out.push_str(&format!("  {}\n", quarry_text::one_line(&a.summary)));
                }
                if let Some(url) = &a.url {
                    out.push_str(&format!("  {url}\n"));
                }
            }
            if let Some(more) = self.more_articles_line() {
                out.push_str(&format!("{more}\n"));
            }
        }
        if !self.actors.is_empty() {
            out.push_str("\nCommitments\n");
            for group in &self.actors {
                out.push_str(&format!("{}\n", group.actor));
                for line in &group.lines {
                    out.push_str(&format!("• {}\n", line.to_text()));
                }
            }
            if let Some(more) = self.more_commitments_line() {
                out.push_str(&format!("{more}\n"));
            }
        }
        out
    }
}

impl CommitmentLine {
    /// "pledged $1 billion (firm) — “quote” [Title]" or "… also reported by [Title]".
    pub fn to_text(&self) -> String {
        let amount = self
            .amount
            .as_ref()
            .map(|a| format!(" {a}"))
            .unwrap_or_default();
        let stage = match self.stage {
            Stage::Intent => "intent",
            Stage::Firm => "firm",
            Stage::Hedged => "hedged",
        };
        let quote = quarry_text::one_line(&self.citation.quote);
        let cite = &self.citation.title;
        if self.also_reported {
            format!(
                "{}{amount} ({stage}) — also reported by [{cite}]: “{quote}”",
                self.action
            )
        } else {
            format!("{}{amount} ({stage}) — “{quote}” [{cite}]", self.action)
        }
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// Builds the digest of `(since, until]`. `tz` only affects how `since` is written in the headline.
pub fn build(
    input: &Input,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    tz: Tz,
    max_items: usize,
) -> Digest {
    let in_window = |t: DateTime<Utc>| t > since && t <= until;
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
    let new_ids: BTreeSet<&str> = new.iter().map(|a| a.id.as_str()).collect();
    let by_id: HashMap<&str, &ArticleInput> =
        input.articles.iter().map(|a| (a.id.as_str(), a)).collect();

    // An entry is "seen" when an article indexed before the window reports it, or an earlier
    // digest covered it.
    let mut seen: BTreeSet<&str> = input.seen_entries.iter().map(String::as_str).collect();
    for e in &input.evidence {
        if by_id
            .get(e.doc.as_str())
            .is_some_and(|a| a.first_indexed <= since)
        {
            seen.insert(&e.entry);
        }
    }
    // The first new article (in the order above) reporting each entry is its citation.
    let order: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut first: BTreeMap<&str, &EvidenceInput> = BTreeMap::new();
    let mut evidence: Vec<&EvidenceInput> = input
        .evidence
        .iter()
        .filter(|e| new_ids.contains(e.doc.as_str()))
        .collect();
    evidence.sort_by_key(|e| order.get(e.doc.as_str()).copied().unwrap_or(usize::MAX));
    for e in evidence {
        first.entry(&e.entry).or_insert(e);
    }
    let lines: Vec<(String, CommitmentLine)> = first
        .values()
        .map(|e| {
            let article = by_id.get(e.doc.as_str());
            let line = CommitmentLine {
                entry: e.entry.clone(),
                action: e.action.clone(),
                amount: e.amount.clone(),
                stage: e.stage,
                also_reported: seen.contains(e.entry.as_str()),
                citation: Citation {
                    doc: e.doc.clone(),
                    title: article
                        .map(|a| a.title.clone())
                        .unwrap_or_else(|| e.doc.clone()),
                    url: article.and_then(|a| a.url.clone()),
                    quote: e.quote.clone(),
                },
            };
            (e.actor.clone(), line)
        })
        .collect();
    let new_commitments = lines.iter().filter(|(_, l)| !l.also_reported).count();
    let also_reported = lines.len() - new_commitments;
    let covered_entries = lines.iter().map(|(_, l)| l.entry.clone()).collect();
    let (actors, more_commitments) = group_by_actor(lines, max_items);

    let articles: Vec<ArticleLine> = new
        .iter()
        .take(max_items)
        .map(|a| ArticleLine {
            id: a.id.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            url: a.url.clone(),
            published: a.published,
            summary: central_sentence(&a.sentences, &a.title)
                .map(|i| a.sentences[i].clone())
                .unwrap_or_default(),
        })
        .collect();
    let headline = headline(new.len(), new_commitments, also_reported, since, until, tz);
    Digest {
        since,
        until,
        headline,
        new_articles: new.len(),
        new_commitments,
        also_reported,
        more_articles: new.len() - articles.len(),
        articles,
        actors,
        more_commitments,
        covered_articles: new.iter().map(|a| a.id.clone()).collect(),
        covered_entries,
    }
}

/// Groups lines by actor (most lines first, then by name; new before "also reported" inside a
/// group) and keeps at most `max_items` lines in all. Returns the groups and how many were left out.
fn group_by_actor(
    lines: Vec<(String, CommitmentLine)>,
    max_items: usize,
) -> (Vec<ActorGroup>, usize) {
    let total = lines.len();
    let mut groups: BTreeMap<String, Vec<CommitmentLine>> = BTreeMap::new();
    for (actor, line) in lines {
        groups.entry(actor).or_default().push(line);
    }
    let mut groups: Vec<ActorGroup> = groups
        .into_iter()
        .map(|(actor, lines)| ActorGroup { actor, lines })
        .collect();
    groups.sort_by(|a, b| {
        b.lines
            .len()
            .cmp(&a.lines.len())
            .then_with(|| a.actor.cmp(&b.actor))
    });
    let mut budget = max_items;
    for group in &mut groups {
        group.lines.sort_by_key(|l| l.also_reported);
        group.lines.truncate(budget);
        budget -= group.lines.len();
    }
    groups.retain(|g| !g.lines.is_empty());
    let shown: usize = groups.iter().map(|g| g.lines.len()).sum();
    (groups, total - shown)
}

fn headline(
    articles: usize,
    commitments: usize,
    again: usize,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    tz: Tz,
) -> String {
    let mut parts = Vec::new();
    if articles > 0 {
        parts.push(format!("{articles} new {}", plural(articles, "article")));
    }
    if commitments > 0 {
        parts.push(format!(
            "{commitments} new {}",
            plural(commitments, "commitment")
        ));
    }
    if again > 0 {
        parts.push(format!(
            "{again} {} reported again",
            plural(again, "commitment")
        ));
    }
    let local = since.with_timezone(&tz);
    let gap = until - since;
    let when = if gap < chrono::Duration::days(6) {
        local.format("%a %H:%M").to_string()
    } else if gap < chrono::Duration::days(300) {
        local.format("%a %-d %b %H:%M").to_string()
    } else {
        local.format("%-d %b %Y").to_string()
    };
    if parts.is_empty() {
        format!("Nothing new since {when}.")
    } else {
        format!("{} since {when}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests;

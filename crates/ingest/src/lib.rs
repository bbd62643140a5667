//! quarry's ingestion: a link or a file becomes a corpus article, safely.
//!
//! [`fetch`] gets a page (http/https only; [`guard`] refuses inside addresses after DNS and on
//! every redirect; size, time and redirects bounded) → [`document`] reads the article
//! ([`html`]: charset, boilerplate removed, Readability, metadata; [`pdf`]; Markdown / text) →
//! [`dedupe`] finds the same story already in the corpus → [`write`] puts a new file in place
//! atomically, or records the other outlet on the existing one → the index is synced.
//! [`feeds`] polls subscribed feeds through the same path, remembering items in [`seen`].
//! Nothing is written when any step fails.

pub mod dedupe;
pub mod document;
pub mod error;
pub mod feeds;
pub mod fetch;
pub mod guard;
pub mod html;
pub mod pdf;
pub mod seen;
pub mod write;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use quarry_engine::corpus::{self, AlsoReported, Meta};
use quarry_engine::engine::Engine;
use serde::Serialize;

pub use document::Extracted;
pub use error::IngestError;
pub use feeds::PollReport;

use document::Kind;
use fetch::Fetcher;

/// What to add.
#[derive(Debug, Clone)]
pub enum Input {
    /// A web page or PDF at an http(s) address.
    Link(String),
    /// A local `.md`, `.txt`, `.html` or `.pdf` file.
    File(PathBuf),
    /// A file uploaded elsewhere (a Discord attachment): its name and where to fetch it.
    Upload { name: String, url: String },
}

/// The article an add produced, or found already there.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Added {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    /// The article already in the corpus that carries the same story; the new source was
    /// recorded on it (`also`) instead of adding a second article.
    pub duplicate_of: Option<String>,
    /// The first commitments found in the article ("Actor — action (amount)").
    #[serde(skip)]
    pub commitments: Vec<String>,
    /// The page's own address for itself, when it names one.
    #[serde(skip)]
    pub canonical: Option<String>,
}

pub struct Ingestor {
    engine: Arc<Engine>,
    fetcher: Fetcher,
    /// One add at a time: two copies of one story arriving together must not both be new.
    adding: tokio::sync::Mutex<()>,
    polling: tokio::sync::Mutex<()>,
}

impl Ingestor {
    pub fn new(engine: Arc<Engine>) -> Result<Ingestor, IngestError> {
        let fetcher = Fetcher::new(&engine.config().ingest)?;
        Ok(Ingestor {
            engine,
            fetcher,
            adding: tokio::sync::Mutex::new(()),
            polling: tokio::sync::Mutex::new(()),
        })
    }

    /// Adds one article: fetched or read, extracted, compared with the corpus, written, indexed.
    pub async fn add(&self, input: Input) -> Result<Added, IngestError> {
        self.add_dated(input, None).await
    }

    /// As [`Ingestor::add`]; `fallback_date` stands when the article carries no date.
    async fn add_dated(
        &self,
        input: Input,
        fallback_date: Option<NaiveDate>,
    ) -> Result<Added, IngestError> {
        let mut article = self.extract(&input).await?;
        article.published = article.published.or(fallback_date);
        article.text = article.text.replace('\0', "");
        let _one_at_a_time = self.adding.lock().await;
        let engine = Arc::clone(&self.engine);
        tokio::task::spawn_blocking(move || store(&engine, article))
            .await
            .map_err(|e| IngestError::Index {
                reason: e.to_string(),
            })?
    }

    async fn extract(&self, input: &Input) -> Result<Extracted, IngestError> {
        match input {
            Input::Link(address) => {
                let page = self.fetcher.get(address).await?;
                let url = page.url.to_string();
                let kind = Kind::of_media_type(page.media_type.as_deref(), &page.bytes)
                    .ok_or_else(|| IngestError::NotAPage {
                        url: url.clone(),
                        content_type: page.media_type.clone().unwrap_or_default(),
                    })?;
                let mut article = tokio::task::spawn_blocking(move || {
                    document::read(kind, &page.bytes, &url, page.charset.as_deref(), Some(&url))
                        .map(|article| (article, url))
                })
                .await
                .map_err(|e| IngestError::Index {
                    reason: e.to_string(),
                })?
                .map(|(mut article, url)| {
                    article.source = article.source.or_else(|| document::host_of(&url));
                    article.url = Some(url);
                    article
                })?;
                article.title = article.title.trim().to_string();
                Ok(article)
            }
            Input::File(path) => {
                let path = path.clone();
                let limit = self.fetcher.max_bytes();
                tokio::task::spawn_blocking(move || read_file(&path, limit))
                    .await
                    .map_err(|e| IngestError::Index {
                        reason: e.to_string(),
                    })?
            }
            Input::Upload { name, url } => {
                let kind = Kind::of_path(Path::new(name))?;
                let upload = self.fetcher.get(url).await?;
                let name = name.clone();
                tokio::task::spawn_blocking(move || {
                    document::read(kind, &upload.bytes, &name, upload.charset.as_deref(), None)
                })
                .await
                .map_err(|e| IngestError::Index {
                    reason: e.to_string(),
                })?
            }
        }
    }

    /// Polls every configured feed once; one feed or item failing leaves the others going in.
    pub async fn poll_feeds(&self) -> PollReport {
        let _one_poll_at_a_time = self.polling.lock().await;
        let config = self.engine.config().clone();
        let seen_path = seen::path_in(&config.data_dir);
        let mut report = PollReport::default();
        let mut seen = match seen::Seen::load(&seen_path) {
            Ok(seen) => seen,
            Err(e) => {
                report.failed.push(feeds::Failure {
                    feed: "all feeds".into(),
                    item: None,
                    reason: e.to_string(),
                });
                return report;
            }
        };
        for feed in &config.feeds {
            let name = feed.name.clone().unwrap_or_else(|| feed.url.clone());
            let items = match self.fetcher.get(&feed.url).await {
                Ok(fetched) => feeds::parse(&fetched.bytes, &feed.url),
                Err(e) => Err(e),
            };
            let items = match items {
                Ok(items) => items,
                Err(e) => {
                    tracing::warn!("feed {name}: {e}");
                    report.failed.push(feeds::Failure {
                        feed: name,
                        item: None,
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            for item in items {
                if !feeds::wanted(feed, &item) {
                    report.filtered += 1;
                    continue;
                }
                let links: Vec<&str> = item.link.iter().map(String::as_str).collect();
                if seen.knows(item.guid.as_deref(), &links) {
                    report.known += 1;
                    continue;
                }
                let Some(link) = item.link.clone() else {
                    report.failed.push(feeds::Failure {
                        feed: name.clone(),
                        item: Some(item.title.clone()),
                        reason: "the item has no link".into(),
                    });
                    continue;
                };
                match self
                    .add_dated(Input::Link(link.clone()), item.published)
                    .await
                {
                    Ok(added) => {
                        let mut urls = vec![link.as_str()];
                        urls.extend(added.url.as_deref());
                        urls.extend(added.canonical.as_deref());
                        seen.remember(item.guid.as_deref(), &urls);
                        // Saved after every item: a crash mid-poll re-adds nothing taken in.
                        if let Err(e) = seen.save(&seen_path) {
                            tracing::error!("cannot record feed items: {e}");
                        }
                        if added.duplicate_of.is_some() {
                            report.duplicates.push(added);
                        } else {
                            report.added.push(added);
                        }
                    }
                    Err(e) => {
                        tracing::warn!("feed {name}: {link}: {e}");
                        report.failed.push(feeds::Failure {
                            feed: name.clone(),
                            item: Some(link),
                            reason: e.to_string(),
                        });
                    }
                }
            }
        }
        report
    }
}

/// Reads a local file of a supported kind, within the size limit.
fn read_file(path: &Path, limit: u64) -> Result<Extracted, IngestError> {
    let kind = Kind::of_path(path)?;
    let failed = |e: std::io::Error| IngestError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(failed)?.len();
    if size > limit {
        return Err(IngestError::TooLarge {
            what: path.display().to_string(),
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(failed)?;
    document::read(kind, &bytes, &path.display().to_string(), None, None)
}

/// Compares with the corpus, then writes the new article or records the other outlet on the
/// one already there, and syncs the index. Blocking.
fn store(engine: &Engine, article: Extracted) -> Result<Added, IngestError> {
    let config = engine.config();
    let corpus_dir = &config.corpus.dir;
    let index_failed = |e: quarry_engine::index::IndexError| IngestError::Index {
        reason: e.to_string(),
    };
    let scan =
        corpus::scan(corpus_dir, config.corpus.max_file_bytes).map_err(|p| IngestError::Index {
            reason: p.to_string(),
        })?;
    let fresh = dedupe::shingles(&article.text);
    let known: Vec<HashSet<u64>> = scan
        .articles
        .iter()
        .map(|a| dedupe::shingles(&a.body))
        .collect();
    if let Some((at, score)) = dedupe::same_story(&fresh, known.iter().enumerate()) {
        let existing = &scan.articles[at];
        let also = AlsoReported {
            source: article.source.clone(),
            url: article.url.clone(),
        };
        let recorded = write::add_also(&existing.path, also)?;
        tracing::info!(
            "{} is the same story as {} (containment {score:.2}); {}",
            article.url.as_deref().unwrap_or(&article.title),
            existing.id,
            if recorded {
                "recorded as also reported"
            } else {
                "already recorded"
            }
        );
        engine.sync().map_err(index_failed)?;
        return Ok(Added {
            commitments: commitments_of(engine, &existing.id),
            id: existing.id.clone(),
            title: existing.title.clone(),
            source: existing.meta.source.clone(),
            published: existing.meta.published,
            url: existing.meta.url.clone(),
            duplicate_of: Some(existing.id.clone()),
            canonical: article.canonical,
        });
    }
    let today = chrono::Utc::now().date_naive();
    let path = write::new_path(corpus_dir, &config.ingest.folder, &article, today);
    let meta = Meta {
        title: Some(article.title.clone()).filter(|t| !t.is_empty()),
        source: article.source.clone(),
        published: article.published,
        url: article.url.clone(),
        tags: article.tags.clone(),
        also: Vec::new(),
    };
    write::atomic(&path, &write::render(&meta, &article.text), false)?;
    let report = match engine.sync() {
        Ok(report) => report,
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            return Err(index_failed(e));
        }
    };
    let id = id_of(corpus_dir, &path);
    let written = path.display().to_string();
    if let Some(problem) = report
        .skipped
        .iter()
        .find(|p| p.to_string().starts_with(&written))
    {
        // The corpus would not take it (e.g. over corpus.max_file_bytes): take it back out.
        let _ = std::fs::remove_file(&path);
        let _ = engine.sync();
        return Err(IngestError::Write {
            path,
            reason: problem.to_string(),
        });
    }
    let title = engine
        .article(&id)
        .map(|record| record.title)
        .unwrap_or_else(|| article.title.clone());
    Ok(Added {
        commitments: commitments_of(engine, &id),
        id,
        title,
        source: article.source,
        published: article.published,
        url: article.url,
        duplicate_of: None,
        canonical: article.canonical,
    })
}

/// An article's id: its path under the corpus without extension, `/`-separated.
fn id_of(corpus: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(corpus).unwrap_or(path).with_extension("");
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Up to three commitments of an indexed article, one line each.
fn commitments_of(engine: &Engine, id: &str) -> Vec<String> {
    let Some(record) = engine.article(id) else {
        return Vec::new();
    };
    record
        .commitments
        .list(id)
        .iter()
        .take(3)
        .map(|c| match &c.amount {
            Some(amount) => format!("{} — {} ({})", c.actor, c.action, amount.text),
            None => format!("{} — {}", c.actor, c.action),
        })
        .collect()
}

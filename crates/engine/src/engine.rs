//! The engine every surface shares: open the index, keep it in sync, answer, search, list.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Utc};

use serde::Serialize;

use crate::answer::{self, Answer, Settings};
use crate::catalog::Catalog;
use crate::commitments::ledger::{self, Entry, Filter};
use crate::config::Config;
use crate::digest::{self, Digest};
use crate::index::{IndexError, SearchIndex, SyncReport};

/// One ranked passage for `search`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub rank: usize,
    pub doc: String,
    pub title: String,
    pub position: u32,
    pub quote: String,
    pub score: f32,
}

/// An article as listed by `sources`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub passages: u32,
    pub first_indexed: chrono::DateTime<chrono::Utc>,
    pub lead: String,
}

pub struct Engine {
    config: Config,
    index: SearchIndex,
    catalog: RwLock<Catalog>,
    /// The commitment ledger of the current catalog, built on first use; cleared when a sync
    /// swaps the catalog. Building it walks every article's commitments.
    ledger: RwLock<Option<Arc<Vec<Entry>>>>,
    syncing: Mutex<()>,
}

impl Engine {
    /// Opens (or creates) the index in the configured data folder. Does not sync.
    pub fn open(config: Config) -> Result<Engine, IndexError> {
        let (index, catalog) = SearchIndex::open(&config.data_dir)?;
        Ok(Engine {
            config,
            index,
            catalog: RwLock::new(catalog),
            ledger: RwLock::new(None),
            syncing: Mutex::new(()),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Brings the index up to date with the corpus folder.
    pub fn sync(&self) -> Result<SyncReport, IndexError> {
        self.sync_with_progress(&|_, _| {})
    }

    /// As [`Engine::sync`], calling `progress(done, total)` as files are checked.
    pub fn sync_with_progress(
        &self,
        progress: &dyn Fn(usize, usize),
    ) -> Result<SyncReport, IndexError> {
        let _one_at_a_time = self.syncing.lock().unwrap_or_else(|p| p.into_inner());
        let corpus = &self.config.corpus;
        // Readers keep answering from the current catalog while the sync runs; only a changed
        // catalog is swapped in, so a sync that finds nothing new copies nothing.
        let (next, report) = {
            let current = self.catalog();
            self.index
                .sync(&corpus.dir, corpus.max_file_bytes, &current, progress)?
        };
        if let Some(next) = next {
            let mut catalog = self.catalog.write().unwrap_or_else(|p| p.into_inner());
            *catalog = next;
            *self.ledger.write().unwrap_or_else(|p| p.into_inner()) = None;
        }
        Ok(report)
    }

    fn catalog(&self) -> std::sync::RwLockReadGuard<'_, Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Answers a question with cited passages, or abstains. An error means the index could not
    /// be read, never that the corpus holds no answer.
    pub fn ask(&self, question: &str) -> Result<Answer, IndexError> {
        if crate::answer::ledger::is_commitment_question(question) {
            let catalog = self.catalog();
            let entries = self.ledger_of(&catalog);
            if let Some(answer) = crate::answer::ledger::answer(question, &entries, &catalog) {
                return Ok(answer);
            }
        }
        let searcher = self.index.searcher();
        let catalog = self.catalog();
        let analysis = answer::analyze(question, &self.index, &searcher)?;
        let ranked = answer::rank(&analysis, &self.index, &searcher, &catalog, question)?;
        let settings = Settings {
            citations: self.config.answer.citations,
            min_coverage: self.config.answer.min_coverage,
            summary_sentences: self.config.answer.summary_sentences,
        };
        Ok(answer::compose(
            question, &analysis, &ranked, &catalog, &settings,
        ))
    }

    /// Every candidate passage for a question with its evidence, best first, and whether the
    /// question names something the corpus never mentions: what the ranker is fitted on
    /// (`quarry-bench features`).
    pub fn candidates(&self, question: &str) -> Result<(bool, Vec<answer::Ranked>), IndexError> {
        let searcher = self.index.searcher();
        let catalog = self.catalog();
        let analysis = answer::analyze(question, &self.index, &searcher)?;
        let ranked = answer::rank(&analysis, &self.index, &searcher, &catalog, question)?;
        Ok((analysis.names_unknown(), ranked))
    }

    /// The best passages for a query, ranked as for answers.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let searcher = self.index.searcher();
        let catalog = self.catalog();
        let analysis = answer::analyze(query, &self.index, &searcher)?;
        let hits = answer::rank(&analysis, &self.index, &searcher, &catalog, query)?
            .into_iter()
            .take(limit)
            .enumerate()
            .map(|(i, r)| Hit {
                rank: i + 1,
                title: catalog
                    .articles
                    .get(&r.passage.doc)
                    .map(|a| a.title.clone())
                    .unwrap_or_default(),
                doc: r.passage.doc,
                position: r.passage.position,
                quote: r.passage.quote,
                score: (r.score * 1000.0).round() / 1000.0,
            })
            .collect();
        Ok(hits)
    }

    /// Every indexed article, by id.
    pub fn sources(&self) -> Vec<Source> {
        self.catalog()
            .articles
            .iter()
            .map(|(id, r)| Source {
                id: id.clone(),
                title: r.title.clone(),
                source: r.meta.source.clone(),
                published: r.meta.published,
                url: r.meta.url.clone(),
                tags: r.meta.tags.clone(),
                passages: r.passages,
                first_indexed: r.first_indexed,
                lead: r.lead.clone(),
            })
            .collect()
    }

    /// The commitment ledger built from every indexed article, narrowed by `filter`.
    pub fn commitments(&self, filter: &Filter) -> Vec<Entry> {
        ledger::select(&self.ledger(), filter)
    }

    /// Every actor in the ledger, sorted and distinct (for autocomplete).
    pub fn actors(&self) -> Vec<String> {
        ledger::actors(&self.ledger())
    }

    fn ledger(&self) -> Vec<Entry> {
        self.ledger_of(&self.catalog()).as_ref().clone()
    }

    /// The ledger of `catalog` (the current one, read-locked by the caller), cached until the
    /// next sync swaps the catalog.
    fn ledger_of(&self, catalog: &Catalog) -> Arc<Vec<Entry>> {
        if let Some(cached) = self
            .ledger
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            return Arc::clone(cached);
        }
        let built = Arc::new(ledger::build(
            catalog.articles.values().flat_map(|r| &r.commitments),
        ));
        *self.ledger.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&built));
        built
    }

    /// The sentences of one indexed article, in reading order (empty for an unknown id).
    pub fn article_sentences(&self, id: &str) -> Result<Vec<String>, IndexError> {
        let searcher = self.index.searcher();
        Ok(self
            .index
            .passages_of(&searcher, id)?
            .iter()
            .map(|p| p.sentence().to_string())
            .collect())
    }

    /// What is new in `(since, until]`: new articles and commitments, per `[digest]` settings.
    /// `seen_entries` are commitment entries earlier digests covered ("also reported" now).
    pub fn digest(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, IndexError> {
        let catalog = self.catalog_snapshot();
        let mut input =
            digest::Input::from_catalog(&catalog, since, |id| self.article_sentences(id))?;
        input.seen_entries = seen_entries.clone();
        let tz = self
            .config
            .digest
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Tz::UTC);
        Ok(digest::build(
            &input,
            since,
            until,
            tz,
            self.config.digest.max_items,
        ))
    }

    /// How many articles are indexed.
    pub fn article_count(&self) -> usize {
        self.catalog().articles.len()
    }

    /// A snapshot of the catalog, for layers that read article records (ledger, digest).
    pub fn catalog_snapshot(&self) -> Catalog {
        self.catalog().clone()
    }
}

//! The engine every surface shares: open the index, keep it in sync, answer, search, list.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use chrono::{DateTime, Utc};

use serde::Serialize;

use crate::actors::{self, Named};
use crate::answer::{self, Answer, Settings};
use crate::catalog::{Catalog, Record};
use crate::citation::Citation;
use crate::commitments::ledger::{self, Entry, Filter};
use crate::config::Config;
use crate::digest::{self, Digest};
use crate::feedback;
use crate::index::{self, IndexError, SearchIndex, SyncReport};
use quarry_text::phrases::words_of;
use quarry_text::{Knowledge, Span};

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
    /// Candidate passages already read from the index, shared by every question.
    passages: answer::Passages,
    catalog: RwLock<Catalog>,
    /// What is derived from the current catalog, built on first use and shared (never copied) by
    /// every caller; replaced by an empty one when a sync swaps the catalog.
    derived: RwLock<Arc<Derived>>,
    syncing: Mutex<()>,
}

/// Views of one catalog, each built once on first use.
#[derive(Default)]
struct Derived {
    /// The commitment ledger, most significant first. Building it walks every commitment.
    ledger: OnceLock<Arc<[Entry]>>,
    /// Every actor the corpus names, for autocomplete.
    actors: OnceLock<Arc<[Named]>>,
    /// Every article, by id, for listings and autocomplete.
    sources: OnceLock<Arc<[Source]>>,
}

impl Engine {
    /// Opens (or creates) the index in the configured data folder. Does not sync.
    pub fn open(config: Config) -> Result<Engine, IndexError> {
        let (index, catalog) = SearchIndex::open(&config.data_dir)?;
        Ok(Engine {
            config,
            index,
            passages: answer::Passages::default(),
            catalog: RwLock::new(catalog),
            derived: RwLock::new(Arc::default()),
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
            *self.derived.write().unwrap_or_else(|p| p.into_inner()) = Arc::default();
        }
        Ok(report)
    }

    fn catalog(&self) -> std::sync::RwLockReadGuard<'_, Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner())
    }

    /// How many passages the ranker weighs for a question: as configured, or as fitted.
    fn candidate_count(&self) -> Result<usize, IndexError> {
        Ok(match self.config.answer.candidates {
            Some(set) => set,
            None => answer::fitted::Parameters::get()?.candidates,
        })
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
        let min_confidence = match self.config.answer.min_confidence {
            Some(set) => set,
            None => answer::fitted::Parameters::get()?.threshold,
        };
        let settings = Settings {
            citations: self.config.answer.citations,
            min_confidence,
            summary_sentences: self.config.answer.summary_sentences,
        };
        let depth = answer::Depth {
            candidates: self.candidate_count()?,
            // Only the passages that may be cited need a confidence.
            confidence_for: answer::candidates_weighed(&settings),
        };
        let ranked = answer::rank(
            &analysis,
            &self.index,
            &self.passages,
            &searcher,
            &catalog,
            question,
            depth,
        )?;
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
        let depth = answer::Depth {
            candidates: self.candidate_count()?,
            confidence_for: usize::MAX,
        };
        let ranked = answer::rank(
            &analysis,
            &self.index,
            &self.passages,
            &searcher,
            &catalog,
            question,
            depth,
        )?;
        Ok((analysis.names_unknown(), ranked))
    }

    /// The best passages for a query, ranked as for answers.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let searcher = self.index.searcher();
        let catalog = self.catalog();
        let analysis = answer::analyze(query, &self.index, &searcher)?;
        let depth = answer::Depth {
            candidates: self.candidate_count()?.max(limit),
            confidence_for: 0,
        };
        let hits = answer::rank(
            &analysis,
            &self.index,
            &self.passages,
            &searcher,
            &catalog,
            query,
            depth,
        )?
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
            doc: r.passage.doc.clone(),
            position: r.passage.position,
            quote: r.passage.quote.clone(),
            score: (r.score * 1000.0).round() / 1000.0,
        })
        .collect();
        Ok(hits)
    }

    /// Every indexed article, by id (shared, not copied).
    pub fn sources(&self) -> Arc<[Source]> {
        let derived = self.derived();
        let sources = derived.sources.get_or_init(|| {
            self.catalog()
                .articles
                .iter()
                .map(|(id, r)| source_of(id, r))
                .collect()
        });
        Arc::clone(sources)
    }

    /// One indexed article.
    pub fn source(&self, id: &str) -> Option<Source> {
        self.catalog()
            .articles
            .get(id)
            .map(|record| source_of(id, record))
    }

    /// Citation number `n` of `quote` in article `doc`, with the article's title, source, date
    /// and link.
    pub fn cite(&self, n: usize, doc: &str, quote: &str) -> Result<Citation, IndexError> {
        let catalog = self.catalog();
        let mut citation = Citation::in_catalog(n, doc, quote, 1.0, &catalog);
        citation.context = self.context_of(&catalog, doc, quote)?;
        Ok(citation)
    }

    /// The sentence before a commitment's evidence sentence when the evidence leans on it: opens
    /// with a pronoun or a phrase that refers back ("The initiative"), so a reader sees what it
    /// refers to.
    fn context_of(
        &self,
        catalog: &Catalog,
        doc: &str,
        sentence: &str,
    ) -> Result<Option<String>, IndexError> {
        let sentence = sentence.trim();
        let words = words_of(
            sentence,
            Span {
                start: 0,
                end: sentence.len(),
            },
        );
        let refers_back = Knowledge::get()
            .cues
            .anaphor
            .longest_at(&words, 0)
            .is_some_and(|(end, _)| end == 1 || !words[end - 1].capital);
        if !refers_back && !index::needs_context(sentence) {
            return Ok(None);
        }
        let passages = catalog.articles.get(doc).map_or(0, |r| r.passages as usize);
        self.index
            .sentence_before(&self.index.searcher(), doc, sentence, passages)
    }

    /// The commitment ledger, most significant first (shared, not copied).
    pub fn ledger(&self) -> Arc<[Entry]> {
        self.ledger_of(&self.catalog())
    }

    /// The ledger narrowed by `filter`, in the ledger's order.
    pub fn commitments(&self, filter: &Filter) -> Arc<[Entry]> {
        let entries = self.ledger();
        if filter.is_empty() {
            return entries;
        }
        ledger::select(entries.iter(), filter)
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
            .into()
    }

    /// Every actor the corpus names or the ledger lists: most commitments first (shared, not
    /// copied; for autocomplete).
    pub fn actors(&self) -> Arc<[Named]> {
        let catalog = self.catalog();
        let ledger = self.ledger_of(&catalog);
        let derived = self.derived();
        let named = derived
            .actors
            .get_or_init(|| actors::directory(&catalog, &ledger).into());
        Arc::clone(named)
    }

    /// The actor `asked` names (canonical name or alias, any case), if the corpus names it.
    pub fn actor(&self, asked: &str) -> Option<Named> {
        actors::find(&self.actors(), asked).cloned()
    }

    fn derived(&self) -> Arc<Derived> {
        Arc::clone(&self.derived.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The ledger of `catalog` (the current one, read-locked by the caller).
    fn ledger_of(&self, catalog: &Catalog) -> Arc<[Entry]> {
        let derived = self.derived();
        let entries = derived.ledger.get_or_init(|| {
            let commitments: Vec<_> = catalog
                .articles
                .iter()
                .flat_map(|(doc, r)| r.commitments.list(doc))
                .collect();
            ledger::build(&commitments, |doc| {
                catalog.articles.get(doc).and_then(|r| r.meta.published)
            })
            .into()
        });
        Arc::clone(entries)
    }

    /// What is new in `(since, until]` (everything indexed when `since` is `None`), per
    /// `[digest]` settings. `seen_entries` are commitment entries earlier digests covered.
    pub fn digest(
        &self,
        since: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, IndexError> {
        let settings = &self.config.digest;
        let catalog = self.catalog();
        let mut input = digest::Input::from_catalog(&catalog, self.ledger_of(&catalog));
        input.seen_entries = seen_entries.clone();
        if settings.include_unanswered {
            input.unanswered = self.unanswered(since, until);
        }
        let tz = settings.timezone.parse().unwrap_or(chrono_tz::Tz::UTC);
        let mut digest = digest::build(&input, since, until, tz, settings.max_items);
        for c in &mut digest.citations {
            c.context = self.context_of(&catalog, &c.doc, &c.quote)?;
        }
        Ok(digest)
    }

    /// Questions asked in the window that were abstained on, from the feedback log; a log that
    /// cannot be read leaves the list out of the digest.
    fn unanswered(&self, since: Option<DateTime<Utc>>, until: DateTime<Utc>) -> Vec<String> {
        let path = feedback::path_in(&self.config.data_dir);
        match feedback::load(&path) {
            Ok((records, _)) => {
                feedback::unanswered_between(&records, since, until, digest::UNANSWERED)
            }
            Err(e) => {
                tracing::warn!(
                    "digest: cannot read {} ({e}); no unanswered questions listed",
                    path.display()
                );
                Vec::new()
            }
        }
    }

    /// The catalog record of one indexed article.
    pub fn article(&self, id: &str) -> Option<crate::catalog::Record> {
        self.catalog().articles.get(id).cloned()
    }

    /// How many articles are indexed.
    pub fn article_count(&self) -> usize {
        self.catalog().articles.len()
    }
}

fn source_of(id: &str, r: &Record) -> Source {
    Source {
        id: id.to_string(),
        title: r.title.clone(),
        source: r.meta.source.clone(),
        published: r.meta.published,
        url: r.meta.url.clone(),
        tags: r.meta.tags.clone(),
        passages: r.passages,
        first_indexed: r.first_indexed,
        lead: r.lead.clone(),
    }
}

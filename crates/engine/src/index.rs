//! The tantivy index under the data folder and its incremental sync with the corpus folder.
//!
//! Two kinds of tantivy documents share one index: an *article* document (its whole text, for
//! article-level evidence) and one *passage* document per sentence (its quote, for citations).
//! Both carry the article id, so an article's documents are replaced or removed together.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, Utc};
use tantivy::collector::TopDocs;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{PreTokenizedStream, PreTokenizedString, Token, Tokenizer};
use tantivy::{
    DocAddress, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, Searcher,
    TantivyDocument,
};

use crate::catalog::{analysis_fingerprint, Catalog, Record};
use crate::corpus::{self, Article, Entry, Problem};
use quarry_text::memo::Memo;
use quarry_text::split_sentences;
use quarry_text::terms;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Semantic(#[from] crate::semantic::SemanticError),
    #[error(transparent)]
    Parameters(#[from] crate::answer::fitted::ParameterError),
    #[error("index at {path}: {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("data folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("corpus folder: {0}")]
    Corpus(Problem),
    #[error(
        "index at {path}: another quarry process (quarry serve or quarry index?) is writing it; \
         waited {waited_secs} s — try again when it is done"
    )]
    Busy { path: PathBuf, waited_secs: u64 },
    #[error("index at {path} cannot be read ({source}); delete the folder and run `quarry index` to rebuild it")]
    Read {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("index at {path} holds a document without its {field}; delete the folder and run `quarry index` to rebuild it")]
    Damaged { path: PathBuf, field: &'static str },
}

/// What one sync changed.
#[derive(Debug, Default, Clone)]
pub struct SyncReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
    pub skipped: Vec<Problem>,
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !(self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty())
    }
}

#[derive(Clone, Copy)]
pub struct Fields {
    pub doc: Field,
    pub kind: Field,
    /// A passage's sentence, searched for passages.
    pub passage_text: Field,
    /// An article's title and body, searched for articles. The two kinds keep their words apart
    /// so that a search for one need not filter the other out; BM25 still counts them as one
    /// collection ([`WholeIndex`]).
    pub article_text: Field,
    pub position: Field,
    pub quote: Field,
    /// Byte offset of the sentence itself within `quote` (the quote may start earlier).
    pub sentence_at: Field,
}

/// The tokenizer of the text fields: quarry's own [`terms`], run by tantivy's indexing threads.
const TOKENIZER: &str = "quarry_terms";

/// Text → quarry's terms (stems and concept terms) as a tantivy tokenizer. Indexing text through
/// it, rather than adding pre-tokenised text, lets tantivy's indexing threads do the work in
/// parallel, and avoids tantivy's JSON round trip of every pre-tokenised value.
#[derive(Clone)]
struct TermsTokenizer;

impl Tokenizer for TermsTokenizer {
    type TokenStream<'a> = PreTokenizedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        PreTokenizedStream::from(pre_tokenized(text))
    }
}

/// How long a sync waits for another process's index lock before it gives up, and its pauses.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
const LOCK_FIRST_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);
const LOCK_LONGEST_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

/// Indexing threads and their memory budget (all threads together) for a sync's writer.
fn writer_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
}
const WRITER_BUDGET_PER_THREAD: usize = 48_000_000;

pub const KIND_ARTICLE: &str = "article";
pub const KIND_PASSAGE: &str = "passage";

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let fields = Fields {
        doc: builder.add_text_field("doc", STRING | STORED),
        kind: builder.add_text_field("kind", STRING),
        passage_text: builder.add_text_field(
            "passage_text",
            TextOptions::default().set_indexing_options(indexing.clone()),
        ),
        article_text: builder.add_text_field(
            "article_text",
            TextOptions::default().set_indexing_options(indexing),
        ),
        position: builder.add_u64_field("position", STORED | INDEXED | FAST),
        quote: builder.add_text_field("quote", STORED),
        sentence_at: builder.add_u64_field("sentence_at", STORED),
    };
    (builder.build(), fields)
}

/// A passage as stored in the index.
#[derive(Debug, Clone)]
pub struct StoredPassage {
    pub doc: String,
    pub position: u32,
    pub quote: String,
    pub sentence_at: usize,
}

impl StoredPassage {
    /// The sentence alone, without any context sentence before it.
    pub fn sentence(&self) -> &str {
        &self.quote[self.sentence_at..]
    }
}

pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    pub fields: Fields,
    /// How many documents hold each term, by searcher generation: a batch of questions asks
    /// for the same terms again and again, and each count reads four term dictionaries.
    holding: Memo<(u64, String), u64>,
}

/// How many terms' document counts [`SearchIndex`] keeps (a few MB at most).
const COUNTED_TERMS: usize = 65_536;

/// Bytes of stored passages compressed together. A question reads some twenty passages from
/// all over the store, and each read decompresses the whole block that holds it.
const STORE_BLOCK: usize = 4_096;

impl SearchIndex {
    /// Opens the index under `data_dir/index`, creating it (or rebuilding it when its schema or
    /// its store blocks are out of date), and the catalog its last commit names.
    pub fn open(data_dir: &Path) -> Result<(SearchIndex, Catalog), IndexError> {
        let dir = data_dir.join("index");
        let io = |source| IndexError::Io {
            path: dir.clone(),
            source,
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let (schema, fields) = schema();
        let tantivy_err = |source| IndexError::Tantivy {
            path: dir.clone(),
            source,
        };
        let opened = Index::open_in_dir(&dir).ok().filter(|index| {
            index.schema() == schema && index.settings().docstore_blocksize == STORE_BLOCK
        });
        let index = match opened {
            Some(index) => index,
            None => {
                clear_dir(&dir).map_err(io)?;
                let settings = IndexSettings {
                    docstore_blocksize: STORE_BLOCK,
                    ..IndexSettings::default()
                };
                Index::builder()
                    .schema(schema)
                    .settings(settings)
                    .create_in_dir(&dir)
                    .map_err(tantivy_err)?
            }
        };
        let generation = index
            .load_metas()
            .map_err(tantivy_err)?
            .payload
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(0);
        let catalog = match Catalog::load(&dir, generation) {
            Some(catalog) if catalog.analysis == analysis_fingerprint() => catalog,
            // No catalog for this commit (a fresh index, a crash before the first commit, or text
            // analysed another way): start empty; the next sync clears the index and re-adds
            // everything.
            _ => Catalog {
                generation,
                ..Catalog::default()
            },
        };
        index.tokenizers().register(TOKENIZER, TermsTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| IndexError::Read {
                path: dir.clone(),
                source,
            })?;
        Ok((
            SearchIndex {
                dir,
                index,
                reader,
                fields,
                holding: Memo::new(COUNTED_TERMS),
            },
            catalog,
        ))
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Brings the index up to date with the corpus folder and returns the new catalog, or `None`
    /// when the catalog is unchanged (the common case: nothing is copied or written then).
    /// Unchanged files (same size and modification time, or same content hash) are not re-read.
    pub fn sync(
        &self,
        corpus_dir: &Path,
        max_bytes: u64,
        catalog: &Catalog,
        progress: &dyn Fn(usize, usize),
    ) -> Result<(Option<Catalog>, SyncReport), IndexError> {
        let entries = corpus::list(corpus_dir).map_err(IndexError::Corpus)?;
        let mut report = SyncReport::default();
        let mut changes: Vec<(Article, Record)> = Vec::new();
        let mut pending: Vec<(Article, u64, u128, DateTime<Utc>)> = Vec::new();
        // Files rewritten with the same content: only their size and time are recorded anew.
        let mut touched: Vec<(&String, u64, u128)> = Vec::new();
        let in_index = self.searcher().num_docs() > 0;
        let catalog_lost = catalog.articles.is_empty() && in_index;
        let total = entries.len();
        for (done, entry) in entries.iter().enumerate() {
            progress(done, total);
            let old = catalog.articles.get(&entry.id);
            let (size, modified) = stat(&entry.path);
            if old.is_some_and(|o| o.size == size && o.modified == modified) {
                report.unchanged += 1;
                continue;
            }
            match corpus::read(entry, max_bytes) {
                Ok(article) => match old.filter(|o| o.hash == article.hash) {
                    Some(_) => {
                        touched.push((&entry.id, size, modified));
                        report.unchanged += 1;
                    }
                    None => {
                        let first_indexed = old.map_or_else(Utc::now, |o| o.first_indexed);
                        if old.is_some() {
                            report.updated.push(entry.id.clone())
                        } else {
                            report.added.push(entry.id.clone())
                        }
                        pending.push((article, size, modified, first_indexed));
                    }
                },
                // A broken edit keeps the last good version searchable: nothing is lost.
                Err(problem) => report.skipped.push(problem),
            }
        }
        changes.extend(records_of(pending));
        progress(total, total);
        let listed: HashSet<&String> = entries.iter().map(|e: &Entry| &e.id).collect();
        report.removed = catalog
            .articles
            .keys()
            .filter(|id| !listed.contains(id))
            .cloned()
            .collect();

        let retouch = |next: &mut Catalog| {
            for (id, size, modified) in &touched {
                if let Some(record) = next.articles.get_mut(*id) {
                    record.size = *size;
                    record.modified = *modified;
                }
            }
        };
        if !report.changed() && !catalog_lost {
            if touched.is_empty() {
                return Ok((None, report));
            }
            let mut same_generation = catalog.clone();
            retouch(&mut same_generation);
            same_generation
                .save(&self.dir)
                .map_err(|source| IndexError::Io {
                    path: self.dir.clone(),
                    source,
                })?;
            return Ok((Some(same_generation), report));
        }
        let mut next = catalog.clone();
        next.analysis = analysis_fingerprint();
        next.generation = catalog.generation + 1;
        for id in &report.removed {
            next.articles.remove(id);
        }
        retouch(&mut next);
        self.commit(&mut next, changes, &report, catalog_lost)?;
        Ok((Some(next), report))
    }

    fn commit(
        &self,
        next: &mut Catalog,
        changes: Vec<(Article, Record)>,
        report: &SyncReport,
        clear_all: bool,
    ) -> Result<(), IndexError> {
        let tantivy_err = |source| IndexError::Tantivy {
            path: self.dir.clone(),
            source,
        };
        // One indexing thread per core (at most 4): tokenising is most of a build's work.
        let threads = writer_threads().min(changes.len().max(1));
        let mut writer = self.writer(threads)?;
        if clear_all {
            // No catalog names what the index holds (first run or a crash before the first
            // commit): start from nothing; every readable file is among `changes`.
            writer.delete_all_documents().map_err(tantivy_err)?;
        }
        for id in report.removed.iter().chain(&report.updated) {
            writer.delete_term(tantivy::Term::from_field_text(self.fields.doc, id));
        }
        let written = changes.len();
        for (article, record) in &changes {
            for document in self.documents(article) {
                writer.add_document(document).map_err(tantivy_err)?;
            }
            next.articles.insert(article.id.clone(), record.clone());
        }
        next.save(&self.dir).map_err(|source| IndexError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let mut prepared = writer.prepare_commit().map_err(tantivy_err)?;
        prepared.set_payload(&next.generation.to_string());
        prepared.commit().map_err(tantivy_err)?;
        if written == next.articles.len() {
            // A question opens every term's postings once per segment: a corpus written whole
            // (the first build, a rebuild) is merged into one, and later syncs add to it.
            let segments = self.index.searchable_segment_ids().map_err(tantivy_err)?;
            if segments.len() > 1 {
                writer.merge(&segments).wait().map_err(tantivy_err)?;
            }
        }
        writer.wait_merging_threads().map_err(tantivy_err)?;
        self.reader.reload().map_err(tantivy_err)?;
        next.remove_others(&self.dir);
        Ok(())
    }

    fn documents(&self, article: &Article) -> Vec<TantivyDocument> {
        let f = self.fields;
        let mut docs = Vec::new();
        let mut whole = TantivyDocument::default();
        whole.add_text(f.doc, &article.id);
        whole.add_text(f.kind, KIND_ARTICLE);
        let title_and_body = format!("{}\n{}", article.title, article.body);
        whole.add_text(f.article_text, &title_and_body);
        docs.push(whole);
        let sentences = split_sentences(&article.body);
        for (i, span) in sentences.iter().enumerate() {
            let sentence = span.of(&article.body);
            let start = if i > 0 && needs_context(sentence) {
                sentences[i - 1].start
            } else {
                span.start
            };
            let mut passage = TantivyDocument::default();
            passage.add_text(f.doc, &article.id);
            passage.add_text(f.kind, KIND_PASSAGE);
            passage.add_text(f.passage_text, sentence);
            passage.add_u64(f.position, i as u64);
            passage.add_text(f.quote, &article.body[start..span.end]);
            passage.add_u64(f.sentence_at, (span.start - start) as u64);
            docs.push(passage);
        }
        docs
    }

    /// The index writer, once another process (say `quarry serve` while `quarry index` runs)
    /// lets go of the lock: waits with a bounded backoff, says so, then gives up clearly.
    fn writer(&self, threads: usize) -> Result<IndexWriter, IndexError> {
        let started = std::time::Instant::now();
        let mut pause = LOCK_FIRST_PAUSE;
        loop {
            match self
                .index
                .writer_with_num_threads(threads, threads * WRITER_BUDGET_PER_THREAD)
            {
                Ok(writer) => return Ok(writer),
                Err(tantivy::TantivyError::LockFailure(..)) if started.elapsed() < LOCK_WAIT => {
                    tracing::warn!(
                        "index at {} is being written by another quarry process; waiting",
                        self.dir.display()
                    );
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(LOCK_LONGEST_PAUSE);
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(IndexError::Busy {
                        path: self.dir.clone(),
                        waited_secs: started.elapsed().as_secs(),
                    })
                }
                Err(source) => {
                    return Err(IndexError::Tantivy {
                        path: self.dir.clone(),
                        source,
                    })
                }
            }
        }
    }

    /// Top passages or articles (by `kind`) for a set of alternative terms, BM25-scored.
    pub fn top(
        &self,
        searcher: &Searcher,
        kind: &str,
        units: &[Vec<String>],
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let field = self.text_field(kind);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for alternatives in units {
            for term in alternatives {
                let term = tantivy::Term::from_field_text(field, term);
                should.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if should.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        searcher
            .search_with_statistics_provider(
                &BooleanQuery::new(should),
                &TopDocs::with_limit(limit).order_by_score(),
                &self.whole(searcher),
            )
            .map_err(|source| self.read_error(source))
    }

    /// BM25's statistics over both kinds of document.
    fn whole<'a>(&'a self, searcher: &'a Searcher) -> WholeIndex<'a> {
        WholeIndex {
            searcher,
            fields: [self.fields.passage_text, self.fields.article_text],
            holding: &self.holding,
        }
    }

    /// The field that holds the words of documents of `kind`.
    fn text_field(&self, kind: &str) -> Field {
        if kind == KIND_ARTICLE {
            self.fields.article_text
        } else {
            self.fields.passage_text
        }
    }

    fn read_error(&self, source: tantivy::TantivyError) -> IndexError {
        IndexError::Read {
            path: self.dir.clone(),
            source,
        }
    }

    fn damaged(&self, field: &'static str) -> IndexError {
        IndexError::Damaged {
            path: self.dir.clone(),
            field,
        }
    }

    /// The stored passage at an address.
    pub fn passage(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<StoredPassage, IndexError> {
        let f = self.fields;
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|source| self.read_error(source))?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64());
        Ok(StoredPassage {
            doc: text(f.doc).ok_or_else(|| self.damaged("article id"))?,
            position: number(f.position).ok_or_else(|| self.damaged("position"))? as u32,
            quote: text(f.quote).ok_or_else(|| self.damaged("quote"))?,
            sentence_at: number(f.sentence_at).ok_or_else(|| self.damaged("sentence offset"))?
                as usize,
        })
    }

    /// The article id stored at an address.
    pub fn doc_id(&self, searcher: &Searcher, address: DocAddress) -> Result<String, IndexError> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|source| self.read_error(source))?;
        doc.get_first(self.fields.doc)
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .ok_or_else(|| self.damaged("article id"))
    }

    /// The sentence before `sentence` in article `doc`, which has `passages` passages.
    pub fn sentence_before(
        &self,
        searcher: &Searcher,
        doc: &str,
        sentence: &str,
        passages: usize,
    ) -> Result<Option<String>, IndexError> {
        let f = self.fields;
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    tantivy::Term::from_field_text(f.doc, doc),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    tantivy::Term::from_field_text(f.kind, KIND_PASSAGE),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let limit = TopDocs::with_limit(passages.max(1)).order_by_score();
        let hits = searcher
            .search(&query, &limit)
            .map_err(|source| self.read_error(source))?;
        let mut stored = hits
            .into_iter()
            .map(|(_, a)| self.passage(searcher, a))
            .collect::<Result<Vec<_>, _>>()?;
        stored.sort_by_key(|p| p.position);
        let before = stored
            .iter()
            .position(|p| p.sentence().trim() == sentence.trim())
            .and_then(|at| at.checked_sub(1));
        Ok(before.map(|b| stored[b].sentence().to_string()))
    }

    /// The terms of the index one slip of typing from `term` (a letter added, dropped or
    /// changed, or two letters swapped), in order. Every word of the index stands in some
    /// article's title or body, so the articles' terms are all of them.
    pub fn near_terms(&self, searcher: &Searcher, term: &str) -> Result<Vec<String>, IndexError> {
        let field = self.fields.article_text;
        let fuzzy = FuzzyTermQuery::new(tantivy::Term::from_field_text(field, term), 1, true);
        let mut near = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            let automaton = fuzzy
                .automaton()
                .map_err(|source| self.read_error(source))?;
            let inverted = segment
                .inverted_index(field)
                .map_err(|source| self.read_error(source))?;
            let mut terms = inverted
                .terms()
                .search(automaton)
                .into_stream()
                .map_err(|source| IndexError::Io {
                    path: self.dir.clone(),
                    source,
                })?;
            while terms.advance() {
                if let Ok(text) = std::str::from_utf8(terms.key()) {
                    near.insert(text.to_string());
                }
            }
        }
        near.remove(term);
        Ok(near.into_iter().collect())
    }

    /// How many documents of the index hold a term (passages and articles together).
    pub fn doc_freq(&self, searcher: &Searcher, term: &str) -> Result<u64, IndexError> {
        self.whole(searcher)
            .holding(term)
            .map_err(|source| self.read_error(source))
    }
}

/// BM25's collection statistics over the documents of both kinds, as one field held them all:
/// the fitted ranker's evidence was measured on scores counted this way.
struct WholeIndex<'a> {
    searcher: &'a Searcher,
    fields: [Field; 2],
    holding: &'a Memo<(u64, String), u64>,
}

impl Bm25StatisticsProvider for WholeIndex<'_> {
    fn total_num_tokens(&self, _: Field) -> tantivy::Result<u64> {
        self.fields
            .iter()
            .map(|&field| self.searcher.total_num_tokens(field))
            .sum()
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &tantivy::Term) -> tantivy::Result<u64> {
        self.holding(term.value().as_str().unwrap_or_default())
    }
}

impl WholeIndex<'_> {
    /// How many documents, of either kind, hold the term `text`.
    fn holding(&self, text: &str) -> tantivy::Result<u64> {
        let key = (self.searcher.generation().generation_id(), text.to_string());
        let count = self.holding.try_get(&key, |_| {
            self.fields
                .iter()
                .map(|&field| {
                    self.searcher
                        .doc_freq(&tantivy::Term::from_field_text(field, text))
                })
                .sum()
        })?;
        Ok(*count)
    }
}

/// A sentence that leans on the one before it ("It has also ...", "This initiative ...").
pub(crate) fn needs_context(sentence: &str) -> bool {
    let first = sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    quarry_text::Knowledge::get().leaning.contains(first)
}

fn pre_tokenized(text: &str) -> PreTokenizedString {
    let tokens = terms(text)
        .into_iter()
        .map(|t| Token {
            offset_from: t.span.start,
            offset_to: t.span.end,
            position: t.position as usize,
            text: t.text,
            position_length: 1,
        })
        .collect();
    PreTokenizedString {
        text: text.to_string(),
        tokens,
    }
}

/// The records of changed articles, in their order, made on every core: extracting
/// commitments (a dependency parse of the sentences that may hold one) is most of a sync's work.
fn records_of(pending: Vec<(Article, u64, u128, DateTime<Utc>)>) -> Vec<(Article, Record)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pending.len().max(1));
    let chunk = pending.len().div_ceil(threads).max(1);
    let mut chunks: Vec<Vec<_>> = Vec::new();
    let mut rest = pending.into_iter();
    loop {
        let next: Vec<_> = rest.by_ref().take(chunk).collect();
        if next.is_empty() {
            break;
        }
        chunks.push(next);
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(article, size, modified, first_indexed)| {
                            let record = record_of(&article, size, modified, first_indexed);
                            (article, record)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(records) => records,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

fn record_of(
    article: &Article,
    size: u64,
    modified: u128,
    first_indexed: chrono::DateTime<Utc>,
) -> Record {
    let sentences = split_sentences(&article.body);
    let texts: Vec<&str> = sentences.iter().map(|s| s.of(&article.body)).collect();
    let lead = crate::digest::lede(&texts, &article.title)
        .unwrap_or_default()
        .to_string();
    Record {
        hash: article.hash.clone(),
        size,
        modified,
        title: article.title.clone(),
        meta: article.meta.clone(),
        passages: sentences.len() as u32,
        first_indexed,
        lead,
        commitments: crate::catalog::Commitments::new(&crate::commitments::extract(
            &article.id,
            &article.body,
        )),
        actors: crate::actors::named_in(&format!("{}\n{}", article.title, article.body)),
    }
}

fn stat(path: &Path) -> (u64, u128) {
    match std::fs::metadata(path) {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (meta.len(), modified)
        }
        Err(_) => (0, 0),
    }
}

fn clear_dir(dir: &Path) -> std::io::Result<()> {
    for item in std::fs::read_dir(dir)? {
        let path = item?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_waits_for_another_writer_to_let_go() {
        let data = tempfile::tempdir().expect("temp dir");
        let corpus = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            corpus.path().join("note.md"),
            "Kazakhstan signed a lithium deal.",
        )
        .expect("write");
        let (index, catalog) = SearchIndex::open(data.path()).expect("open");
        let held = index
            .index
            .writer::<TantivyDocument>(15_000_000)
            .expect("lock");
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(400));
            drop(held);
        });
        let started = std::time::Instant::now();
        let (next, report) = index
            .sync(corpus.path(), 1 << 20, &catalog, &|_, _| {})
            .expect("sync after the other writer is done");
        release.join().expect("thread");
        assert!(started.elapsed() >= std::time::Duration::from_millis(300));
        assert_eq!(report.added, ["note"]);
        assert!(next.is_some());
    }

    #[test]
    fn an_index_stored_in_other_blocks_is_rebuilt_in_small_ones_and_answers() {
        let data = tempfile::tempdir().expect("temp dir");
        let corpus = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            corpus.path().join("deal.md"),
            "Kazakhstan signed a lithium deal.",
        )
        .expect("write");
        // As an earlier quarry left it: this schema, tantivy's default store blocks (16 KiB).
        let dir = data.path().join("index");
        std::fs::create_dir_all(&dir).expect("index dir");
        Index::create_in_dir(&dir, schema().0).expect("earlier index");

        let (index, catalog) = SearchIndex::open(data.path()).expect("open");
        assert_eq!(index.index.settings().docstore_blocksize, STORE_BLOCK);
        let (_, report) = index
            .sync(corpus.path(), 1 << 20, &catalog, &|_, _| {})
            .expect("sync");
        assert_eq!(report.added, ["deal"]);
        let searcher = index.reader.searcher();
        let hits = index
            .top(&searcher, KIND_PASSAGE, &[vec!["lithium".to_string()]], 5)
            .expect("passages");
        let passage = index.passage(&searcher, hits[0].1).expect("passage");
        assert_eq!(passage.sentence(), "Kazakhstan signed a lithium deal.");
    }

    #[test]
    fn articles_and_passages_are_searched_apart_and_counted_together() {
        let data = tempfile::tempdir().expect("temp dir");
        let corpus = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            corpus.path().join("deal.md"),
            "+++\ntitle = \"Tungsten rush\"\n+++\nPrices rose. Kazakhstan signed a lithium deal.",
        )
        .expect("write");
        let (index, catalog) = SearchIndex::open(data.path()).expect("open");
        index
            .sync(corpus.path(), 1 << 20, &catalog, &|_, _| {})
            .expect("sync");
        let searcher = index.reader.searcher();
        let lithium = [vec!["lithium".to_string()]];
        let passages = index
            .top(&searcher, KIND_PASSAGE, &lithium, 5)
            .expect("passages");
        assert_eq!(passages.len(), 1);
        let passage = index.passage(&searcher, passages[0].1).expect("passage");
        assert_eq!(passage.sentence(), "Kazakhstan signed a lithium deal.");
        let articles = index
            .top(&searcher, KIND_ARTICLE, &lithium, 5)
            .expect("articles");
        assert_eq!(articles.len(), 1);
        assert_eq!(index.doc_id(&searcher, articles[0].1).expect("id"), "deal");
        // A title's word is in the article only; the body's in the article and its sentence.
        assert_eq!(index.doc_freq(&searcher, "tungsten").expect("df"), 1);
        assert_eq!(index.doc_freq(&searcher, "lithium").expect("df"), 2);
        let title_word = [vec!["tungsten".to_string()]];
        assert!(index
            .top(&searcher, KIND_PASSAGE, &title_word, 5)
            .expect("passages")
            .is_empty());
        // A slip of typing finds the words of titles and bodies alike.
        assert_eq!(
            index.near_terms(&searcher, "tungstem").expect("near"),
            ["tungsten"]
        );
        assert_eq!(
            index.near_terms(&searcher, "lithiun").expect("near"),
            ["lithium"]
        );
    }

    #[test]
    fn a_corpus_built_whole_is_one_segment_and_counts_follow_later_syncs() {
        let data = tempfile::tempdir().expect("temp dir");
        let corpus = tempfile::tempdir().expect("temp dir");
        for i in 0..8 {
            std::fs::write(
                corpus.path().join(format!("a{i}.md")),
                format!("+++\ntitle = \"Report {i}\"\n+++\nCobalt output rose {i} per cent."),
            )
            .expect("write");
        }
        let (index, catalog) = SearchIndex::open(data.path()).expect("open");
        let (catalog, _) = index
            .sync(corpus.path(), 1 << 20, &catalog, &|_, _| {})
            .expect("sync");
        let searcher = index.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        assert_eq!(index.doc_freq(&searcher, "cobalt").expect("df"), 16);
        std::fs::write(
            corpus.path().join("late.md"),
            "+++\ntitle = \"Late\"\n+++\nCobalt prices fell.",
        )
        .expect("write");
        index
            .sync(
                corpus.path(),
                1 << 20,
                &catalog.expect("catalog"),
                &|_, _| {},
            )
            .expect("sync");
        let searcher = index.searcher();
        assert_eq!(index.doc_freq(&searcher, "cobalt").expect("df"), 18);
    }
}

//! Candidate passages as the ranker reads them: the stored passage with the terms of its quote.
//! A batch of questions meets the same sentences again and again, so each
//! is read and split into terms once and shared.

use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use tantivy::{DocAddress, Searcher};

use crate::index::{IndexError, SearchIndex, StoredPassage};
use quarry_text::memo::Memo;
use quarry_text::terms::{terms, Term};
use quarry_text::words::FastHash;

/// The terms of a text, each with a hash of its text. The ranker looks every term of every
/// candidate up among the question's; hashing the text once, when the passage is first read,
/// makes each later look-up a comparison of numbers.
pub struct Terms {
    pub list: Vec<Term>,
    /// `term_hash` of each term's text, in the order of `list`.
    pub hashes: Vec<u64>,
}

impl Terms {
    pub fn of(text: &str) -> Terms {
        let list = terms(text);
        let hashes = list.iter().map(|t| term_hash(&t.text)).collect();
        Terms { list, hashes }
    }
}

/// The hash [`Terms`] keeps for a term's text.
pub fn term_hash(text: &str) -> u64 {
    FastHash::default().hash_one(text)
}

/// The terms of a title or a sentence, worked out once per process (bounded at some 20 MB).
pub fn terms_of(text: &str) -> Arc<Terms> {
    static TERMS: Memo<String, Terms> = Memo::new(8_192);
    TERMS.get(text, Terms::of)
}

/// A passage as stored, with the terms of its quote and what its sentence holds, each worked
/// out the first time a question asks.
pub struct ReadPassage {
    pub passage: Arc<StoredPassage>,
    pub terms: Terms,
    /// Whether the sentence holds a figure, a share, money or a date (by `rank::figure_slot`)
    /// or gives a reason (`rank::REASON_SLOT`).
    pub holds: [OnceLock<bool>; 5],
    /// The keys of the names the sentence gives (capitalised words past its first).
    pub names: OnceLock<Vec<String>>,
    /// Where the sentence's numbers and lists stand, by `rank::answer_slot`.
    pub answers: [OnceLock<Vec<Range<usize>>>; 2],
    /// The terms of the sentence alone (its spans count from the sentence's start).
    pub sentence_terms: OnceLock<Vec<Term>>,
    /// The sentence's vector in the static sentence model.
    pub vector: OnceLock<Vec<f32>>,
}

/// How many read passages one index keeps (some 80 MB at most). A batch of questions over a
/// corpus of more sentences than this empties the memo again and again, and reads and encodes
/// the same sentences anew: 8k made SQuAD doubled (1,826 paragraphs, ~9k sentences) cost 30%
/// more CPU than 32k.
const READ_PASSAGES: usize = 16_384;

/// The passages of one index already read, and the ids of the articles found, by searcher
/// generation and address (an address names another document once the index changes; the
/// generation changes with it).
pub struct Passages {
    read: Memo<(u64, DocAddress), ReadPassage>,
    article_ids: Memo<(u64, DocAddress), String>,
}

impl Default for Passages {
    fn default() -> Passages {
        Passages {
            read: Memo::new(READ_PASSAGES),
            article_ids: Memo::new(READ_PASSAGES),
        }
    }
}

impl Passages {
    /// The passage at `address` with its terms, read once and shared.
    pub fn read(
        &self,
        index: &SearchIndex,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Arc<ReadPassage>, IndexError> {
        let key = (searcher.generation().generation_id(), address);
        self.read.try_get(&key, |_| {
            let passage = index.passage(searcher, address)?;
            let terms = Terms::of(&passage.quote);
            Ok(ReadPassage {
                passage: Arc::new(passage),
                terms,
                holds: Default::default(),
                names: OnceLock::new(),
                answers: Default::default(),
                sentence_terms: OnceLock::new(),
                vector: OnceLock::new(),
            })
        })
    }

    /// The article id stored at `address`, read once and shared.
    pub fn article_id(
        &self,
        index: &SearchIndex,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Arc<String>, IndexError> {
        let key = (searcher.generation().generation_id(), address);
        self.article_ids
            .try_get(&key, |_| index.doc_id(searcher, address))
    }
}

//! Candidate passages as the ranker reads them: the stored passage with the terms of its quote.
//! A batch of questions meets the same sentences again and again, so each
//! is read and split into terms once and shared.

use std::sync::{Arc, OnceLock};

use tantivy::{DocAddress, Searcher};

use crate::index::{IndexError, SearchIndex, StoredPassage};
use quarry_text::memo::Memo;
use quarry_text::terms::{terms, Term};

/// The terms of a title or a sentence, worked out once per process (bounded at some 20 MB).
pub fn terms_of(text: &str) -> Arc<Vec<Term>> {
    static TERMS: Memo<String, Vec<Term>> = Memo::new(8_192);
    TERMS.get(text, terms)
}

/// A passage as stored, with the terms of its quote and what its sentence holds, each worked
/// out the first time a question asks.
pub struct ReadPassage {
    pub passage: StoredPassage,
    pub terms: Vec<Term>,
    /// Whether the sentence holds a figure, a share, money, a date, a list or an age, by
    /// `rank::figure_slot`.
    pub holds: [OnceLock<bool>; 7],
    /// The keys of the names the sentence gives (capitalised words past its first).
    pub names: OnceLock<Vec<String>>,
}

/// How many read passages one index keeps (some 40 MB at most).
const READ_PASSAGES: usize = 8_192;

/// The passages of one index already read, by searcher generation and address (an address
/// names another passage once the index changes; the generation changes with it).
pub struct Passages {
    read: Memo<(u64, DocAddress), ReadPassage>,
}

impl Default for Passages {
    fn default() -> Passages {
        Passages {
            read: Memo::new(READ_PASSAGES),
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
            let terms = terms(&passage.quote);
            Ok(ReadPassage {
                passage,
                terms,
                holds: Default::default(),
                names: OnceLock::new(),
            })
        })
    }
}

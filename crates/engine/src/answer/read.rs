//! Candidate passages as the ranker reads them: the stored passage with the terms of its quote,
//! each looked up by text. A batch of questions meets the same sentences again and again, so each
//! is read and split into terms once and shared.

use std::sync::{Arc, OnceLock};

use tantivy::{DocAddress, Searcher};

use crate::index::{IndexError, SearchIndex, StoredPassage};
use crate::memo::Memo;
use quarry_text::terms::{terms, Term};

/// The terms of a text, to look terms up by their text.
#[derive(Debug, Clone, Default)]
pub struct TermTable {
    pub terms: Vec<Term>,
    /// Indices into `terms`, ordered by term text (then position): a look-up is a binary search,
    /// and no term text is stored twice.
    by_text: Vec<u32>,
}

impl TermTable {
    pub fn of(text: &str) -> TermTable {
        let terms = terms(text);
        let mut by_text: Vec<u32> = (0..terms.len() as u32).collect();
        by_text.sort_by(|&a, &b| terms[a as usize].text.cmp(&terms[b as usize].text));
        TermTable { terms, by_text }
    }

    /// The positions of `term` in the text, in order.
    pub fn positions<'a>(&'a self, term: &str) -> impl Iterator<Item = u32> + 'a {
        let text_at = |i: &u32| self.terms[*i as usize].text.as_str();
        let start = self.by_text.partition_point(|i| text_at(i) < term);
        let end = start + self.by_text[start..].partition_point(|i| text_at(i) == term);
        self.by_text[start..end]
            .iter()
            .map(|&i| self.terms[i as usize].position)
    }
}

/// The terms of a title or a sentence, worked out once per process (bounded at some 20 MB).
pub fn terms_of(text: &str) -> Arc<TermTable> {
    static TERMS: Memo<String, TermTable> = Memo::new(8_192);
    TERMS.get(text, TermTable::of)
}

/// A passage as stored, with the terms of its quote and what its sentence holds, each worked
/// out the first time a question asks.
pub struct ReadPassage {
    pub passage: StoredPassage,
    pub terms: TermTable,
    /// Whether the sentence holds a figure, a share, money, a date or a list, by
    /// `rank::figure_slot`.
    pub holds: [OnceLock<bool>; 6],
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
            let terms = TermTable::of(&passage.quote);
            Ok(ReadPassage {
                passage,
                terms,
                holds: Default::default(),
                names: OnceLock::new(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quarry_text::stem;

    #[test]
    fn a_term_table_finds_every_position_of_a_term() {
        let table = TermTable::of("Minerals, more minerals and the mineral trade");
        let at: Vec<u32> = table.positions(&stem("minerals")).collect();
        assert_eq!(at.len(), 3);
        assert!(at.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(table.positions("absent").count(), 0);
    }
}

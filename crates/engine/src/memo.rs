//! What is worked out from a text once and asked for again and again: a passage's terms, a
//! sentence's vector. The same candidate sentences come back question after question (a batch
//! of questions over one corpus meets each sentence dozens of times), and working them out again
//! costs most of a question's time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use quarry_text::words::FastHash;

/// Values by the text they were worked out from, shared by every thread. Bounded: emptied when
/// it holds `limit` texts, so memory stays flat on a corpus of any size.
pub struct Memo<V> {
    limit: usize,
    entries: Mutex<Option<HashMap<Box<str>, Arc<V>, FastHash>>>,
}

impl<V> Memo<V> {
    pub const fn new(limit: usize) -> Memo<V> {
        Memo {
            limit,
            entries: Mutex::new(None),
        }
    }

    /// The value for `text`, worked out by `make` the first time (outside the lock, so threads
    /// do not wait on each other's work).
    pub fn get(&self, text: &str, make: impl FnOnce(&str) -> V) -> Arc<V> {
        if let Some(found) = self
            .lock()
            .as_ref()
            .and_then(|entries| entries.get(text).cloned())
        {
            return found;
        }
        let made = Arc::new(make(text));
        let mut entries = self.lock();
        let entries = entries.get_or_insert_with(HashMap::default);
        if entries.len() >= self.limit {
            entries.clear();
        }
        entries.insert(text.into(), Arc::clone(&made));
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<HashMap<Box<str>, Arc<V>, FastHash>>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_text_is_worked_out_once_until_the_memo_fills() {
        let memo: Memo<usize> = Memo::new(2);
        let made = Cell::new(0);
        let len = |t: &str| {
            made.set(made.get() + 1);
            t.len()
        };
        assert_eq!(*memo.get("abc", len), 3);
        assert_eq!(*memo.get("abc", len), 3);
        assert_eq!(made.get(), 1);
        assert_eq!(*memo.get("de", len), 2);
        // Full: the next new text empties it, so "abc" is worked out again.
        assert_eq!(*memo.get("f", len), 1);
        assert_eq!(*memo.get("abc", len), 3);
        assert_eq!(made.get(), 4);
    }
}

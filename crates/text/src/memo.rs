//! What is worked out from a text once and asked for again and again: a passage's terms, a
//! sentence's vector, a sentence's parse. The same candidate sentences come back question after
//! question (a batch of questions over one corpus meets each sentence dozens of times), and news
//! repeats whole sentences across articles; working them out again costs far more than a look-up.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Values by what they were worked out from (a text, a document address), shared by every
/// thread. Bounded: emptied when it holds `limit` keys, so memory stays flat on a corpus of any
/// size. Look-ups far outnumber new values, so threads look up side by side (a read lock).
pub struct Memo<K, V> {
    limit: usize,
    entries: RwLock<Option<HashMap<K, Arc<V>>>>,
}

impl<K: Hash + Eq, V> Memo<K, V> {
    pub const fn new(limit: usize) -> Memo<K, V> {
        Memo {
            limit,
            entries: RwLock::new(None),
        }
    }

    /// The value for `key`, worked out by `make` the first time (outside the lock, so threads
    /// do not wait on each other's work).
    pub fn get<Q>(&self, key: &Q, make: impl FnOnce(&Q) -> V) -> Arc<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        self.try_get(key, |key| Ok::<V, std::convert::Infallible>(make(key)))
            .unwrap_or_else(|never| match never {})
    }

    /// As [`Memo::get`], for a value whose making may fail (nothing is kept then).
    pub fn try_get<Q, E>(&self, key: &Q, make: impl FnOnce(&Q) -> Result<V, E>) -> Result<Arc<V>, E>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(found) = self
            .read()
            .as_ref()
            .and_then(|entries| entries.get(key).cloned())
        {
            return Ok(found);
        }
        let made = Arc::new(make(key)?);
        let mut entries = self.write();
        let entries = entries.get_or_insert_with(HashMap::default);
        if entries.len() >= self.limit {
            entries.clear();
        }
        entries.insert(key.to_owned(), Arc::clone(&made));
        Ok(made)
    }

    fn read(&self) -> RwLockReadGuard<'_, Option<HashMap<K, Arc<V>>>> {
        self.entries.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Option<HashMap<K, Arc<V>>>> {
        self.entries.write().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_text_is_worked_out_once_until_the_memo_fills() {
        let memo: Memo<String, usize> = Memo::new(2);
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

//! The bot's small typed state: everything a command or handler needs, in one `Data`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use poise::serenity_prelude as serenity;
use quarry_engine::commitments::ledger::Entry;
use quarry_engine::engine::{Engine, Hit, Source};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// A question the bot answered, kept so buttons under the answer know what it was about.
#[derive(Debug, Clone)]
pub struct Asked {
    pub question: String,
}

/// Results behind a paginated message, keyed by the invocation id in its buttons.
#[derive(Debug, Clone)]
pub enum Paged {
    Search {
        query: String,
        hits: Vec<Hit>,
    },
    /// Shared with the engine, never copied.
    Sources(Arc<[Source]>),
    Commitments {
        what: String,
        entries: Arc<[Entry]>,
    },
}

pub struct Data {
    pub engine: Arc<Engine>,
    pub feedback_path: PathBuf,
    pub qa_channels: HashSet<serenity::ChannelId>,
    /// Answer id (interaction or message id) → the question it answered.
    pub answers: Recent<String, Asked>,
    /// Invocation id → results being paged through.
    pub pages: Recent<u64, Paged>,
    /// Threads the bot opened in Q&A channels → the question that opened them.
    pub threads: Recent<serenity::ChannelId, String>,
}

impl Data {
    pub fn new(engine: Arc<Engine>, qa_channels: HashSet<serenity::ChannelId>) -> Data {
        let feedback_path = quarry_engine::feedback::path_in(&engine.config().data_dir);
        Data {
            engine,
            feedback_path,
            qa_channels,
            answers: Recent::new(5000),
            pages: Recent::new(500),
            threads: Recent::new(5000),
        }
    }

    /// Runs a (sync, short) engine call off the async workers.
    pub async fn engine<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Engine) -> T + Send + 'static,
    ) -> Result<T, Error> {
        let engine = Arc::clone(&self.engine);
        Ok(tokio::task::spawn_blocking(move || call(&engine)).await?)
    }

    /// Appends a feedback record; a failure is logged, never shown as the answer's failure.
    pub async fn record(&self, record: quarry_engine::feedback::Record) {
        let path = self.feedback_path.clone();
        let result =
            tokio::task::spawn_blocking(move || quarry_engine::feedback::append(&path, &record))
                .await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("cannot append to {}: {e}", self.feedback_path.display()),
            Err(e) => tracing::warn!("feedback task failed: {e}"),
        }
    }
}

/// A map that keeps only the most recently inserted `capacity` entries.
pub struct Recent<K, V> {
    capacity: usize,
    inner: Mutex<(HashMap<K, V>, VecDeque<K>)>,
}

impl<K: Eq + Hash + Clone, V: Clone> Recent<K, V> {
    pub fn new(capacity: usize) -> Recent<K, V> {
        Recent {
            capacity,
            inner: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    pub fn insert(&self, key: K, value: V) {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *guard;
        if map.insert(key.clone(), value).is_none() {
            order.push_back(key);
        }
        while order.len() > self.capacity {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .get(key)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::Recent;

    #[test]
    fn recent_forgets_the_oldest() {
        let recent = Recent::new(2);
        recent.insert(1, "a");
        recent.insert(2, "b");
        recent.insert(3, "c");
        assert_eq!(
            (recent.get(&1), recent.get(&2), recent.get(&3)),
            (None, Some("b"), Some("c"))
        );
    }
}

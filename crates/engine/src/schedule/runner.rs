//! The digest loop: sleep until due, build the digest, post it, record it.
//!
//! # Order of writes: never duplicated, never lost
//!
//! 1. Build the digest of `(covered_until, now]`.
//! 2. Save a [`Pending`] record (nonce, window, covered ids, content hash) — before sending.
//! 3. Send the message; it carries the nonce where [`Poster::find`] can see it.
//! 4. Only when Discord confirms (returns a message id), save the confirmed record
//!    (`covered_until = until`, message id, covered ids) and drop the pending one.
//!
//! Before every attempt, and so first thing after a restart, a leftover pending record is
//! resolved by asking the channel for a message carrying its nonce: found means the crash came
//! between 3 and 4, so the post is recorded and not repeated; not found means it never arrived,
//! so the record is dropped and a fresh digest covers the whole gap. If the channel cannot be
//! searched the runner waits and asks again; it never posts blind over a pending record.
//!
//! So the state never claims a window Discord did not accept (no digest is lost), and a crash
//! between sending and recording costs one missed record that the next start recovers from the
//! channel instead of a duplicate. The residual trade-off: if that message was deleted from the
//! channel before the restart, the window is posted again.

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use quarry_text::words::count_of;
use serde::Serialize;

use super::state::{Pending, StateError, StateStore};
use super::{next_due, slot_after, Clock};
use crate::config::DigestConfig;
use crate::digest::Digest;
use crate::engine::Engine;
use crate::index::IndexError;

/// What the runner posts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Post {
    /// The first run on an existing corpus: one short line instead of a flood.
    Tracking { articles: usize },
    /// Boxed: a digest is large, the tracking line tiny.
    Digest(Box<Digest>),
}

impl Post {
    pub fn to_text(&self) -> String {
        match self {
            Post::Tracking { articles } => format!(
                "Tracking {}; from now on the daily digest lists what is new.\n",
                count_of(*articles, "article")
            ),
            Post::Digest(digest) => digest.to_text(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostError {
    /// 5xx, 429, timeouts, connection resets: worth retrying. The post may or may not have arrived.
    #[error("Discord is unavailable: {reason}")]
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// Missing permissions, unknown channel, invalid body: retrying now will not help.
    #[error("Discord refused the post: {0}")]
    Refused(String),
}

/// The Discord side of the digest, behind a small trait so the logic is tested without Discord.
pub trait Poster: Send + Sync {
    /// Posts into `channel` with mentions suppressed; the message must carry `nonce` where
    /// [`Poster::find`] can see it. Returns the message id once Discord accepted it.
    fn post(
        &self,
        channel: &str,
        post: &Post,
        nonce: &str,
    ) -> impl Future<Output = Result<String, PostError>> + Send;
    /// The id of a recent message in `channel` that carries `nonce`, if there is one.
    fn find(
        &self,
        channel: &str,
        nonce: &str,
    ) -> impl Future<Output = Result<Option<String>, PostError>> + Send;
}

/// Where digests come from; the [`Engine`] in production, plain data in tests.
pub trait DigestSource: Send + Sync {
    fn digest(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, IndexError>;
    fn article_count(&self) -> usize;
}

impl DigestSource for Engine {
    fn digest(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, IndexError> {
        // No sync here: the corpus rescan keeps the index current, and a full sync does not
        // belong on the way to a post.
        Engine::digest(self, Some(since), until, seen_entries)
    }

    fn article_count(&self) -> usize {
        Engine::article_count(self)
    }
}

/// A shared source (the bot holds its engine in an `Arc`).
impl<T: DigestSource + ?Sized> DigestSource for std::sync::Arc<T> {
    fn digest(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, IndexError> {
        (**self).digest(since, until, seen_entries)
    }

    fn article_count(&self) -> usize {
        (**self).article_count()
    }
}

/// The digest settings the runner needs, from `[digest]`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub channel: String,
    pub time: NaiveTime,
    pub tz: Tz,
    pub post_when_empty: bool,
}

impl Settings {
    /// `None` when no channel is configured. The config was validated when loaded.
    pub fn from_config(config: &DigestConfig) -> Option<Settings> {
        Some(Settings {
            channel: config.channel_id.clone()?,
            time: config.local_time()?,
            tz: config.timezone.parse().ok()?,
            post_when_empty: config.post_when_empty,
        })
    }
}

/// What one attempt did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Tracking {
        message_id: String,
    },
    Posted {
        message_id: String,
    },
    /// A post found in the channel after a restart, recorded without posting again.
    Recovered {
        message_id: String,
    },
    /// Nothing new and `post_when_empty` is off: the window is marked covered, nothing posted.
    SkippedEmpty,
}

#[derive(Debug, thiserror::Error)]
pub enum AttemptError {
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Post(#[from] PostError),
    #[error("cannot build the digest: {0}")]
    Digest(#[from] IndexError),
    #[error("the digest build stopped unexpectedly: {0}")]
    Build(#[from] tokio::task::JoinError),
}

const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(600);

pub struct Runner<S, P, C> {
    pub settings: Settings,
    pub store: StateStore,
    pub source: S,
    pub poster: P,
    pub clock: C,
}

impl<S: DigestSource + Clone + 'static, P: Poster, C: Clock> Runner<S, P, C> {
    /// When the next attempt is due: now while a post is pending, else per [`next_due`].
    pub fn next_due(&self) -> Result<DateTime<Utc>, StateError> {
        let state = self.store.channel(&self.settings.channel)?;
        let now = self.clock.now();
        if state.pending.is_some() {
            return Ok(now);
        }
        Ok(next_due(
            state.covered_until,
            now,
            self.settings.time,
            self.settings.tz,
        ))
    }

    /// Runs forever (or, when `stop` is given, until the next attempt would come after it).
    /// After a failed slot the next attempt waits for the next slot, and covers everything since
    /// the last successful post.
    pub async fn run_until(&self, stop: Option<DateTime<Utc>>) {
        let mut not_before: Option<DateTime<Utc>> = None;
        loop {
            let due = match self.next_due() {
                Ok(due) => due.max(not_before.unwrap_or(due)),
                Err(e) => {
                    tracing::error!("digest: {e}");
                    not_before.unwrap_or_else(|| {
                        slot_after(self.clock.now(), self.settings.time, self.settings.tz)
                    })
                }
            };
            if stop.is_some_and(|stop| due > stop) {
                return;
            }
            self.clock.sleep_until(due).await;
            not_before = match self.attempt_with_retry().await {
                Some(_) => None,
                None => Some(slot_after(
                    self.clock.now(),
                    self.settings.time,
                    self.settings.tz,
                )),
            };
        }
    }

    /// Attempts until success, retrying transient failures with exponential backoff (or as long
    /// as Discord's `retry_after` asks) until the next slot. `None` when it gave up.
    pub async fn attempt_with_retry(&self) -> Option<Outcome> {
        let give_up_at = slot_after(self.clock.now(), self.settings.time, self.settings.tz);
        let mut delay = FIRST_RETRY;
        loop {
            match self.attempt().await {
                Ok(outcome) => {
                    tracing::info!("digest: {outcome:?}");
                    return Some(outcome);
                }
                Err(AttemptError::Post(PostError::Transient {
                    reason,
                    retry_after,
                })) => {
                    let wait =
                        retry_after.map_or(delay, |asked| asked.max(Duration::from_millis(100)));
                    let at = self.clock.now()
                        + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
                    if at >= give_up_at {
                        tracing::warn!("digest: Discord unavailable ({reason}); the next digest will cover this one");
                        return None;
                    }
                    tracing::warn!("digest: Discord unavailable ({reason}); retrying in {wait:?}");
                    self.clock.sleep_until(at).await;
                    delay = (delay * 2).min(LONGEST_RETRY);
                }
                Err(e) => {
                    tracing::error!("digest: {e}; trying again at the next scheduled time");
                    return None;
                }
            }
        }
    }

    /// One attempt: resolve a pending post, then post what is due and record it.
    pub async fn attempt(&self) -> Result<Outcome, AttemptError> {
        let channel = self.settings.channel.as_str();
        let mut state = self.store.channel(channel)?;
        if let Some(pending) = state.pending.clone() {
            match self.poster.find(channel, &pending.nonce).await? {
                Some(message_id) => {
                    state.confirm(&pending, message_id.clone(), self.clock.now());
                    self.store.save(channel, &state)?;
                    return Ok(Outcome::Recovered { message_id });
                }
                None => state.pending = None,
            }
        }
        let now = self.clock.now();
        let (post, since) = match state.covered_until {
            None => (
                Post::Tracking {
                    articles: self.source.article_count(),
                },
                None,
            ),
            Some(since) => {
                let digest = self.build(since, now, &state.entries).await?;
                if digest.is_empty() && !self.settings.post_when_empty {
                    state.covered_until = Some(now);
                    self.store.save(channel, &state)?;
                    return Ok(Outcome::SkippedEmpty);
                }
                (Post::Digest(Box::new(digest)), Some(since))
            }
        };
        let pending = self.pending_for(&post, since, now);
        state.pending = Some(pending.clone());
        self.store.save(channel, &state)?;
        let message_id = self.poster.post(channel, &post, &pending.nonce).await?;
        // Discord confirmed: only now does the window count as covered.
        state.confirm(&pending, message_id.clone(), self.clock.now());
        self.store.save(channel, &state)?;
        Ok(match post {
            Post::Tracking { .. } => Outcome::Tracking { message_id },
            Post::Digest(_) => Outcome::Posted { message_id },
        })
    }

    fn pending_for(
        &self,
        post: &Post,
        since: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
    ) -> Pending {
        let text = post.to_text();
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        let key = format!("{}|{}|{hash}", self.settings.channel, until.to_rfc3339());
        let (articles, entries) = match post {
            Post::Digest(d) => (d.covered_articles.clone(), d.covered_entries.clone()),
            Post::Tracking { .. } => (Vec::new(), Vec::new()),
        };
        Pending {
            nonce: blake3::hash(key.as_bytes()).to_hex()[..16].to_string(),
            since,
            until,
            hash,
            articles,
            entries,
        }
    }

    /// Builds a digest on a blocking thread: reading every new article must not hold up the
    /// async workers that keep the gateway alive.
    async fn build(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen_entries: &BTreeSet<String>,
    ) -> Result<Digest, AttemptError> {
        let source = self.source.clone();
        let seen_entries = seen_entries.clone();
        let digest =
            tokio::task::spawn_blocking(move || source.digest(since, until, &seen_entries))
                .await??;
        Ok(digest)
    }

    /// The digest that would be posted now, for `/digest` and previews: the state is not touched.
    pub async fn preview(&self) -> Result<Digest, AttemptError> {
        let state = self.store.channel(&self.settings.channel)?;
        let now = self.clock.now();
        let since = state
            .covered_until
            .unwrap_or(now - chrono::Duration::hours(24));
        self.build(since, now, &state.entries).await
    }
}

/// Where `quarry digest` starts by default: the end of the last recorded digest, else 24 h ago.
pub fn default_since(store: &StateStore, now: DateTime<Utc>) -> Result<DateTime<Utc>, StateError> {
    Ok(store
        .latest()?
        .and_then(|s| s.covered_until)
        .unwrap_or(now - chrono::Duration::hours(24)))
}

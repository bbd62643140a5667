//! The digest state: per channel, the window last covered, what it covered, the message that
//! carried it, and any post in flight. One JSON file, `data_dir/digest-state.json`, replaced
//! atomically (temp file, fsync, rename, fsync of the folder) on every change.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "digest-state.json";

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("digest state {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "digest state {path} is unreadable ({message}); fix or remove it (removing it restarts the digest from now)"
    )]
    Corrupt { path: PathBuf, message: String },
}

/// A post sent (or about to be sent) whose confirmation has not been recorded yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// Carried by the message, so the channel can be searched for it after a restart.
    pub nonce: String,
    pub since: Option<DateTime<Utc>>,
    pub until: DateTime<Utc>,
    /// blake3 of the posted text.
    pub hash: String,
    pub articles: Vec<String>,
    pub entries: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelState {
    /// End of the last window covered: posted, or found empty and skipped. `None`: never ran.
    pub covered_until: Option<DateTime<Utc>>,
    /// When Discord last accepted a post, and its message id.
    pub posted_at: Option<DateTime<Utc>>,
    pub message_id: Option<String>,
    /// Article ids the last post covered.
    pub articles: Vec<String>,
    /// Every commitment entry id a post has covered: these show as "also reported" afterwards.
    pub entries: BTreeSet<String>,
    pub pending: Option<Pending>,
}

impl ChannelState {
    /// Records a post Discord accepted (or that was found in the channel after a restart).
    pub fn confirm(&mut self, pending: &Pending, message_id: String, at: DateTime<Utc>) {
        self.covered_until = Some(pending.until);
        self.posted_at = Some(at);
        self.message_id = Some(message_id);
        self.articles = pending.articles.clone();
        self.entries.extend(pending.entries.iter().cloned());
        self.pending = None;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct StateFile {
    channels: BTreeMap<String, ChannelState>,
}

/// Reads and writes the state file. Only one process should post digests for a data folder.
#[derive(Debug, Clone)]
pub struct StateStore {
    dir: PathBuf,
}

impl StateStore {
    pub fn new(data_dir: &Path) -> StateStore {
        StateStore {
            dir: data_dir.to_path_buf(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn load(&self) -> Result<StateFile, StateError> {
        let path = self.path();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| StateError::Corrupt {
                path,
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StateFile::default()),
            Err(source) => Err(StateError::Io { path, source }),
        }
    }

    /// The state of one channel (default when it never had a digest).
    pub fn channel(&self, channel: &str) -> Result<ChannelState, StateError> {
        Ok(self.load()?.channels.remove(channel).unwrap_or_default())
    }

    /// The channel whose digest covers the most recent window, for "since the last digest".
    pub fn latest(&self) -> Result<Option<ChannelState>, StateError> {
        Ok(self
            .load()?
            .channels
            .into_values()
            .filter(|c| c.covered_until.is_some())
            .max_by_key(|c| c.covered_until))
    }

    /// Replaces one channel's state durably: when this returns, a crash cannot undo it.
    pub fn save(&self, channel: &str, state: &ChannelState) -> Result<(), StateError> {
        let mut file = self.load()?;
        file.channels.insert(channel.to_string(), state.clone());
        let path = self.path();
        let io = |source| StateError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir).map_err(io)?;
        serde_json::to_writer_pretty(&mut tmp, &file).map_err(|e| io(e.into()))?;
        tmp.flush().map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        tmp.persist(&path).map_err(|e| io(e.error))?;
        // The rename itself is durable only once the folder is synced (not possible on Windows).
        #[cfg(unix)]
        std::fs::File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(io)?;
        Ok(())
    }
}

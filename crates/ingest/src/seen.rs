//! Feed items already taken in, by guid and by address, kept in the data folder so a second poll
//! and a restart add nothing twice.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::IngestError;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Seen {
    #[serde(default)]
    guids: BTreeSet<String>,
    #[serde(default)]
    urls: BTreeSet<String>,
}

pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join("feeds-seen.json")
}

impl Seen {
    /// The store at `path`; a missing file is an empty store, an unreadable one an error (it
    /// is never silently replaced, which would re-add every item).
    pub fn load(path: &Path) -> Result<Seen, IngestError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| IngestError::File {
                path: path.to_path_buf(),
                reason: format!("{e}; move the file aside to start afresh (every feed item would be fetched again)"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Seen::default()),
            Err(e) => Err(IngestError::File {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }),
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), IngestError> {
        let text = serde_json::to_string_pretty(self).map_err(|e| IngestError::Write {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        crate::write::atomic(path, &text, true)
    }

    pub fn knows(&self, guid: Option<&str>, urls: &[&str]) -> bool {
        guid.is_some_and(|g| self.guids.contains(g))
            || urls.iter().any(|u| self.urls.contains(&normal(u)))
    }

    pub fn remember(&mut self, guid: Option<&str>, urls: &[&str]) {
        if let Some(guid) = guid.filter(|g| !g.is_empty()) {
            self.guids.insert(guid.to_string());
        }
        for url in urls.iter().filter(|u| !u.is_empty()) {
            self.urls.insert(normal(url));
        }
    }
}

/// An address without its fragment and trailing slash, so trivial variants match.
fn normal(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_items_survive_a_restart_and_a_broken_store_is_not_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        let mut seen = Seen::load(&path).expect("empty");
        assert!(!seen.knows(Some("g1"), &["https://a.example/1"]));
        seen.remember(Some("g1"), &["https://a.example/1/"]);
        seen.save(&path).expect("saves");
        let again = Seen::load(&path).expect("loads");
        assert!(again.knows(Some("g1"), &[]));
        assert!(again.knows(None, &["https://a.example/1#top"]));
        std::fs::write(&path, "{broken").expect("write");
        assert!(Seen::load(&path).is_err());
    }
}

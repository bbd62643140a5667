//! The catalog: what the index holds, one record per article, saved beside the tantivy index.
//!
//! Each index commit names the catalog generation it belongs to (the commit payload), and a
//! catalog file is written completely before the commit that names it. So after a crash at any
//! point the index and the catalog it names agree: either both old or both new.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::commitments::Commitment;
use crate::corpus::Meta;

/// Bump when the index layout or the way text becomes terms changes: the index is rebuilt.
const SCHEMA_VERSION: u32 = 1;

/// Identifies how text became index terms: the schema version and every lexicon file that
/// shapes terms or extraction. A catalog with another fingerprint means a rebuild.
pub fn analysis_fingerprint() -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&SCHEMA_VERSION.to_le_bytes());
    for source in crate::lexicon::INDEXED_SOURCES {
        hasher.update(source.as_bytes());
    }
    hasher.finalize().to_hex()[..16].to_string()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub hash: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, to skip hashing unchanged files.
    pub modified: u128,
    pub title: String,
    pub meta: Meta,
    pub passages: u32,
    /// When quarry first indexed this article: what "new" means for the digest.
    pub first_indexed: DateTime<Utc>,
    /// The article's opening sentence, for listings.
    pub lead: String,
    pub commitments: Vec<Commitment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    /// The [`analysis_fingerprint`] the index was built with.
    pub analysis: String,
    pub generation: u64,
    pub articles: BTreeMap<String, Record>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            analysis: analysis_fingerprint(),
            generation: 0,
            articles: BTreeMap::new(),
        }
    }
}

fn file_name(generation: u64) -> String {
    format!("catalog-{generation}.json")
}

impl Catalog {
    /// Loads the catalog of `generation` from `dir`; `None` when it is missing or unreadable.
    pub fn load(dir: &Path, generation: u64) -> Option<Catalog> {
        let bytes = std::fs::read(dir.join(file_name(generation))).ok()?;
        match serde_json::from_slice::<Catalog>(&bytes) {
            Ok(catalog) if catalog.generation == generation => Some(catalog),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(
                    "catalog generation {generation} is unreadable ({e}); rebuilding the index"
                );
                None
            }
        }
    }

    /// Writes this catalog durably (temp file, fsync, rename) and returns its path.
    pub fn save(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let path = dir.join(file_name(self.generation));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer(&mut tmp, self)?;
        tmp.flush()?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(path)
    }

    /// Removes catalog files of every other generation (left by earlier runs or a crash).
    pub fn remove_others(&self, dir: &Path) {
        let keep = file_name(self.generation);
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for item in read.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with("catalog-") && name.ends_with(".json") && name != keep {
                if let Err(e) = std::fs::remove_file(item.path()) {
                    tracing::warn!("cannot remove stale {name}: {e}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_catalog_loads_only_under_its_generation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let catalog = Catalog {
            generation: 7,
            ..Catalog::default()
        };
        catalog.save(dir.path()).expect("save");
        assert!(Catalog::load(dir.path(), 7).is_some());
        assert!(Catalog::load(dir.path(), 6).is_none());
        Catalog {
            generation: 8,
            ..Catalog::default()
        }
        .save(dir.path())
        .expect("save");
        catalog.remove_others(dir.path());
        assert!(Catalog::load(dir.path(), 8).is_none());
        assert!(Catalog::load(dir.path(), 7).is_some());
    }
}

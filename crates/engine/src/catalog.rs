//! The catalog: what the index holds, one record per article, saved beside the tantivy index.
//!
//! Each index commit names the catalog generation it belongs to (the commit payload), and a
//! catalog file is written completely before the commit that names it. So after a crash at any
//! point the index and the catalog it names agree: either both old or both new.
//!
//! The file is compact binary (MessagePack, records as arrays, after a magic line): every command
//! loads it, and at 100k articles it loads several times faster than JSON. A JSON catalog left by an
//! earlier version is still read, so upgrading does not rebuild the index.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::commitments::Commitment;
use crate::corpus::Meta;

/// The engine's code that decides what an index and its catalog hold: the schema and the context
/// rule (`index`), front matter (`corpus`), extraction (`commitments`), the record (`catalog`) and
/// what it keeps of each article (the actors it names, its lede).
const SHAPING_CODE: &[&str] = &[
    include_str!("index.rs"),
    include_str!("corpus.rs"),
    include_str!("catalog.rs"),
    include_str!("commitments/mod.rs"),
    include_str!("commitments/extract.rs"),
    include_str!("commitments/frame.rs"),
    include_str!("commitments/mentions.rs"),
    include_str!("commitments/amount.rs"),
    include_str!("actors.rs"),
    include_str!("digest/lede.rs"),
];

/// Identifies how text became index terms and commitments: every knowledge file, the code that
/// shapes terms, sentences and extraction, in this crate and in `quarry-text`, and the grammar
/// (model and code) the extraction parses with. Derived, never
/// bumped by hand: a catalog with another fingerprint means a rebuild.
pub fn analysis_fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT
        .get_or_init(|| {
            let mut hasher = blake3::Hasher::new();
            let knowledge = quarry_text::knowledge::FILES.iter().map(|(_, text)| *text);
            let parses = grammar::shaping_inputs();
            for source in knowledge
                .chain(quarry_text::SHAPING_CODE.iter().copied())
                .chain(SHAPING_CODE.iter().copied())
                .map(str::as_bytes)
                .chain(parses.iter().copied())
            {
                hasher.update(&(source.len() as u64).to_le_bytes());
                hasher.update(source);
            }
            hasher.finalize().to_hex()[..16].to_string()
        })
        .clone()
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
    /// The article's lede (its opening sentence that tells the story, verbatim), for listings and
    /// the digest.
    pub lead: String,
    pub commitments: Commitments,
    /// The known actors the article names (title or body), by canonical name, sorted.
    #[serde(default)]
    pub actors: Vec<String>,
}

/// An article's commitments as its record keeps them: encoded (MessagePack), read only when the
/// ledger is built. They are half of a catalog's bytes and most of its strings, every command
/// loads the catalog, and most (an answer, a sync that finds nothing new) never read them: at
/// 10k articles decoding them was a tenth of a fresh `quarry ask`.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Commitments(#[serde(with = "serde_bytes")] Vec<u8>);

impl Commitments {
    pub fn new(list: &[Commitment]) -> Commitments {
        // Plain strings, numbers and enums: MessagePack encodes any of them.
        Commitments(rmp_serde::to_vec(list).unwrap_or_default())
    }

    /// The commitments, in the order extraction found them. A record damaged inside this
    /// field (the catalog as a whole decoded) gives none, and says which article to re-index.
    pub fn list(&self, doc: &str) -> Vec<Commitment> {
        if self.0.is_empty() {
            return Vec::new();
        }
        rmp_serde::from_slice(&self.0).unwrap_or_else(|e| {
            tracing::warn!(
                "the catalog's commitments of {doc} are unreadable ({e}); touch the file or delete the data folder's index to extract them again"
            );
            Vec::new()
        })
    }
}

impl std::fmt::Debug for Commitments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Commitments({} bytes)", self.0.len())
    }
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

const MAGIC: &[u8] = b"quarry-catalog-msgpack-1\n";

fn file_name(generation: u64) -> String {
    format!("catalog-{generation}.bin")
}

fn legacy_file_name(generation: u64) -> String {
    format!("catalog-{generation}.json")
}

fn decode(bytes: &[u8]) -> Result<Catalog, String> {
    match bytes.strip_prefix(MAGIC) {
        Some(body) => rmp_serde::from_slice(body).map_err(|e| e.to_string()),
        None => Err("not a quarry catalog".into()),
    }
}

impl Catalog {
    /// Loads the catalog of `generation` from `dir`; `None` when it is missing or unreadable.
    pub fn load(dir: &Path, generation: u64) -> Option<Catalog> {
        let read = match std::fs::read(dir.join(file_name(generation))) {
            Ok(bytes) => decode(&bytes),
            Err(_) => {
                let bytes = std::fs::read(dir.join(legacy_file_name(generation))).ok()?;
                serde_json::from_slice::<Catalog>(&bytes).map_err(|e| e.to_string())
            }
        };
        match read {
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
        let tmp = tempfile::NamedTempFile::new_in(dir)?;
        // Buffered: unbuffered, every field of every record was its own write system call.
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp);
        out.write_all(MAGIC)?;
        rmp_serde::encode::write(&mut out, self).map_err(std::io::Error::other)?;
        let tmp = out.into_inner().map_err(|e| e.into_error())?;
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
            let catalog_file = name.ends_with(".bin") || name.ends_with(".json");
            if name.starts_with("catalog-") && catalog_file && name != keep {
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

    fn record(commitments: Vec<Commitment>, meta: Meta) -> Record {
        Record {
            hash: "h".into(),
            size: 12,
            modified: u128::MAX - 1,
            title: "Title “quoted”".into(),
            meta,
            passages: 3,
            first_indexed: Utc::now(),
            lead: "Lead.".into(),
            commitments: Commitments::new(&commitments),
            actors: vec!["Japan".into()],
        }
    }

    /// Records are written as arrays, without field names: this round-trips records with every
    /// optional part empty and with every part set.
    #[test]
    fn records_round_trip_empty_and_full() {
        use crate::commitments::{Amount, Stage};
        let full_meta = Meta {
            title: Some("T".into()),
            source: Some("S".into()),
            published: chrono::NaiveDate::from_ymd_opt(2025, 1, 2),
            url: Some("https://example.org".into()),
            tags: vec!["a".into()],
            also: vec![crate::corpus::AlsoReported {
                source: Some("Other".into()),
                url: None,
            }],
        };
        let commitment = Commitment {
            doc: "d".into(),
            actor: "A".into(),
            action: "pledged".into(),
            amount: Some(Amount {
                text: "£5m".into(),
                value: 5e6,
                currency: "GBP".into(),
            }),
            date: Some("2025".into()),
            stage: Stage::Firm,
            quote: "q".into(),
        };
        let empty_commitment = Commitment {
            amount: None,
            date: None,
            ..commitment.clone()
        };
        let mut catalog = Catalog {
            generation: 3,
            ..Catalog::default()
        };
        catalog
            .articles
            .insert("empty".into(), record(Vec::new(), Meta::default()));
        let both = vec![commitment, empty_commitment];
        catalog
            .articles
            .insert("full".into(), record(both.clone(), full_meta));
        let dir = tempfile::tempdir().expect("temp dir");
        catalog.save(dir.path()).expect("save");
        let loaded = Catalog::load(dir.path(), 3).expect("loads");
        assert_eq!(
            serde_json::to_value(&loaded).ok(),
            serde_json::to_value(&catalog).ok()
        );
        assert_eq!(loaded.articles["full"].commitments.list("full"), both);
        assert!(loaded.articles["empty"]
            .commitments
            .list("empty")
            .is_empty());
    }

    /// Commitments are decoded only when read: a record damaged there still loads with the
    /// catalog, and reading it gives none instead of failing the ledger.
    #[test]
    fn damaged_commitments_read_as_none() {
        let damaged = Commitments(vec![0x93, 0xc1]);
        assert!(damaged.list("doc").is_empty());
    }

    #[test]
    fn a_json_catalog_of_an_earlier_version_still_loads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut catalog = Catalog {
            generation: 4,
            ..Catalog::default()
        };
        catalog
            .articles
            .insert("a".into(), record(Vec::new(), Meta::default()));
        std::fs::write(
            dir.path().join("catalog-4.json"),
            serde_json::to_vec(&catalog).expect("json"),
        )
        .expect("write");
        assert_eq!(
            Catalog::load(dir.path(), 4).map(|c| c.articles.len()),
            Some(1)
        );
        catalog.save(dir.path()).expect("save");
        catalog.remove_others(dir.path());
        assert!(dir.path().join("catalog-4.bin").exists());
    }

    #[test]
    fn a_truncated_catalog_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let catalog = Catalog {
            generation: 2,
            ..Catalog::default()
        };
        let path = catalog.save(dir.path()).expect("save");
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 1]).expect("write");
        assert!(Catalog::load(dir.path(), 2).is_none());
    }
}

//! Writing articles into the corpus: `<folder>/<date>-<slug>.md` with TOML front matter, through
//! a temp file and a rename, so a crash never leaves half an article.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quarry_engine::corpus::{self, AlsoReported, Meta};

use crate::document::Extracted;
use crate::error::IngestError;

/// Longest slug taken from a title.
const SLUG_CHARS: usize = 60;

/// The front matter and body of a corpus file.
pub fn render(meta: &Meta, body: &str) -> String {
    let mut table = toml::Table::new();
    let mut put = |key: &str, value: Option<toml::Value>| {
        if let Some(value) = value {
            table.insert(key.into(), value);
        }
    };
    let text = |s: &Option<String>| s.clone().map(toml::Value::String);
    put("title", text(&meta.title));
    put("source", text(&meta.source));
    put(
        "published",
        meta.published.and_then(|d| {
            d.format("%Y-%m-%d")
                .to_string()
                .parse::<toml::value::Datetime>()
                .ok()
                .map(toml::Value::Datetime)
        }),
    );
    put("url", text(&meta.url));
    if !meta.tags.is_empty() {
        put(
            "tags",
            Some(toml::Value::Array(
                meta.tags.iter().cloned().map(toml::Value::String).collect(),
            )),
        );
    }
    if !meta.also.is_empty() {
        let also = meta
            .also
            .iter()
            .map(|a| {
                let mut entry = toml::Table::new();
                if let Some(source) = &a.source {
                    entry.insert("source".into(), toml::Value::String(source.clone()));
                }
                if let Some(url) = &a.url {
                    entry.insert("url".into(), toml::Value::String(url.clone()));
                }
                toml::Value::Table(entry)
            })
            .collect();
        put("also", Some(toml::Value::Array(also)));
    }
    let front = toml::to_string(&table).unwrap_or_default();
    format!("+++\n{front}+++\n{body}")
}

/// Where a new article goes: `<folder with {site}>/<date>-<slug>.md` under the corpus, the
/// first free name (`-2`, `-3`, … when taken).
pub fn new_path(corpus: &Path, folder: &str, article: &Extracted, today: NaiveDate) -> PathBuf {
    let site = article
        .url
        .as_deref()
        .and_then(crate::document::host_of)
        .or_else(|| article.source.clone())
        .map(|s| slug(&s, true))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "files".into());
    let folder = folder.replace("{site}", &site);
    let date = article.published.unwrap_or(today).format("%Y-%m-%d");
    let name = match slug(&article.title, false) {
        s if s.is_empty() => "article".to_string(),
        s => s,
    };
    let dir = corpus.join(folder);
    let mut path = dir.join(format!("{date}-{name}.md"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{date}-{name}-{n}.md"));
        n += 1;
    }
    path
}

/// Lower-case ASCII letters and digits joined by `-` (dots kept for host names).
fn slug(text: &str, keep_dots: bool) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à'..='å' => 'a',
            'ç' => 'c',
            'è'..='ë' => 'e',
            'ì'..='ï' => 'i',
            'ñ' => 'n',
            'ò'..='ö' | 'ø' => 'o',
            'ù'..='ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() || (keep_dots && c == '.' && !slug.is_empty()) {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= SLUG_CHARS {
            break;
        }
    }
    slug.trim_matches(['-', '.']).to_string()
}

/// Writes a new file (never replacing one) or replaces `path` whole: temp file in the same
/// folder (hidden, so a scan never reads it), fsync, rename.
pub fn atomic(path: &Path, text: &str, replace: bool) -> Result<(), IngestError> {
    let failed = |e: std::io::Error| IngestError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
    temp.write_all(text.as_bytes()).map_err(failed)?;
    temp.as_file().sync_all().map_err(failed)?;
    if replace {
        temp.persist(path).map_err(|e| failed(e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| failed(e.error))?;
    }
    if let Ok(folder) = std::fs::File::open(dir) {
        // The rename is durable once the folder is; a failure here loses nothing already written.
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Records on an existing article that another outlet carried the same story. Returns whether
/// the file changed (not when that outlet's address is already there).
pub fn add_also(path: &Path, also: AlsoReported) -> Result<bool, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let entry = corpus::Entry {
        id: String::new(),
        path: path.to_path_buf(),
    };
    let article = corpus::parse(&entry, &bytes).map_err(|problem| IngestError::Write {
        path: path.to_path_buf(),
        reason: problem.to_string(),
    })?;
    let mut meta = article.meta;
    let known = |url: &Option<String>| url.is_some() && *url == also.url;
    if known(&meta.url) || meta.also.iter().any(|a| known(&a.url) || *a == also) {
        return Ok(false);
    }
    meta.also.push(also);
    atomic(path, &render(&meta, &article.body), true)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_round_trips_through_the_corpus_reader() {
        let meta = Meta {
            title: Some("A \"quoted\" title".into()),
            source: Some("Example News".into()),
            published: NaiveDate::from_ymd_opt(2026, 2, 4),
            url: Some("https://example.org/a".into()),
            tags: vec!["minerals".into()],
            also: vec![AlsoReported {
                source: Some("Wire".into()),
                url: Some("https://wire.example/a".into()),
            }],
        };
        let body = "First paragraph.\n\nSecond “one”.\n";
        let text = render(&meta, body);
        let entry = corpus::Entry {
            id: "x".into(),
            path: "x.md".into(),
        };
        let article = corpus::parse(&entry, text.as_bytes()).expect("parses");
        assert_eq!(article.meta, meta);
        assert_eq!(article.body, body);
    }

    #[test]
    fn paths_are_site_date_slug_and_never_taken() {
        let dir = tempfile::tempdir().expect("temp dir");
        let article = Extracted {
            title: "Kazakhstan signs tungsten deal — with the U.S.!".into(),
            url: Some("https://www.example.org/news/1".into()),
            published: NaiveDate::from_ymd_opt(2026, 2, 4),
            ..Extracted::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let path = new_path(dir.path(), "{site}", &article, today);
        assert_eq!(
            path,
            dir.path()
                .join("example.org/2026-02-04-kazakhstan-signs-tungsten-deal-with-the-u-s.md")
        );
        atomic(&path, "x", false).expect("writes");
        let next = new_path(dir.path(), "inbox", &article, today);
        assert!(next.starts_with(dir.path().join("inbox")));
        let again = new_path(dir.path(), "{site}", &article, today);
        assert!(again.to_string_lossy().ends_with("-2.md"), "{again:?}");
        assert!(
            atomic(&path, "y", false).is_err(),
            "never replaces a new file"
        );
    }

    #[test]
    fn also_is_added_once_and_the_body_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        std::fs::write(&path, "Headline\nBody text.\n").expect("write");
        let wire = AlsoReported {
            source: Some("Wire".into()),
            url: Some("https://wire.example/a".into()),
        };
        assert!(add_also(&path, wire.clone()).expect("adds"));
        assert!(!add_also(&path, wire).expect("known"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.ends_with("+++\nHeadline\nBody text.\n"), "{text}");
        assert_eq!(text.matches("wire.example").count(), 1);
    }
}

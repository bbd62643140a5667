//! The article folder: files, front matter, ids, and the reasons a file is skipped.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use quarry_text::words::line_column;

/// What the front matter between `+++` lines may say about an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: Option<String>,
    pub source: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Other outlets that carried the same story (syndicated copies found on ingestion).
    #[serde(default)]
    pub also: Vec<AlsoReported>,
}

/// Another outlet that carried the same story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlsoReported {
    pub source: Option<String>,
    pub url: Option<String>,
}

impl Meta {
    /// The names (else addresses) of the other outlets that carried the story.
    pub fn also_reported_by(&self) -> Vec<String> {
        self.also.iter().map(|a| a.label().to_string()).collect()
    }
}

impl AlsoReported {
    /// The outlet's name, else its address.
    pub fn label(&self) -> &str {
        self.source
            .as_deref()
            .or(self.url.as_deref())
            .unwrap_or("another outlet")
    }
}

/// A date written as a TOML date (`2025-11-06`) or as a string (`"2025-11-06"`).
fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Option::<Written>::deserialize(deserializer)? {
        None => return Ok(None),
        Some(Written::Toml(datetime)) => datetime.to_string(),
        Some(Written::Text(text)) => text,
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "published = {text:?} is not a date; write it as 2025-11-06"
            ))
        })
}

/// An article ready to index. `body` is the file's text after the front matter, unchanged.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path under the corpus folder without extension, with `/` separators.
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    pub meta: Meta,
    pub body: String,
    /// Content hash of the whole file (front matter included).
    pub hash: String,
}

/// Why a file was skipped. Every variant names the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("{path}: cannot read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset}); re-save it as UTF-8")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: looks binary (contains NUL bytes); only .md and .txt text files belong in the corpus")]
    Binary { path: PathBuf },
    #[error("{path}: empty article; add text or remove the file")]
    Empty { path: PathBuf },
    #[error("{path}: {size} bytes is over the limit of {limit} (corpus.max_file_bytes)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{path}:{line}:{column}: front matter: {message}")]
    FrontMatter {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: front matter opened with +++ on line 1 but never closed; end it with a +++ line"
    )]
    UnclosedFrontMatter { path: PathBuf },
}

/// The result of reading the corpus folder: usable articles and skipped files.
#[derive(Debug, Default)]
pub struct Scan {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// A file found in the corpus folder, before it is read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
}

/// Lists `*.md` and `*.txt` under `dir`, sorted by id. Hidden files and folders are ignored.
pub fn list(dir: &Path) -> Result<Vec<Entry>, Problem> {
    let mut entries = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let read = std::fs::read_dir(&folder).map_err(|e| Problem::Unreadable {
            path: folder.clone(),
            reason: e.to_string(),
        })?;
        for item in read.flatten() {
            let path = item.path();
            let name = item.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            // The entry's type comes with the directory listing: no stat per file here.
            let is_dir = match item.file_type() {
                Ok(kind) if kind.is_symlink() => path.is_dir(),
                Ok(kind) => kind.is_dir(),
                Err(_) => path.is_dir(),
            };
            if is_dir {
                stack.push(path);
            } else if let Some(id) = article_id(dir, &path) {
                entries.push(Entry { id, path });
            }
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(entries)
}

fn article_id(root: &Path, path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?;
    if !matches!(ext, "md" | "txt") {
        return None;
    }
    let relative = path.strip_prefix(root).ok()?.with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Content hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Reads and checks one file.
pub fn read(entry: &Entry, max_bytes: u64) -> Result<Article, Problem> {
    let path = &entry.path;
    let size = std::fs::metadata(path)
        .map_err(|e| Problem::Unreadable {
            path: path.clone(),
            reason: e.to_string(),
        })?
        .len();
    if size > max_bytes {
        return Err(Problem::TooLarge {
            path: path.clone(),
            size,
            limit: max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| Problem::Unreadable {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    parse(entry, &bytes)
}

/// Checks and parses the bytes of one file.
pub fn parse(entry: &Entry, bytes: &[u8]) -> Result<Article, Problem> {
    let path = &entry.path;
    if bytes.contains(&0) {
        return Err(Problem::Binary { path: path.clone() });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Problem::NotUtf8 {
        path: path.clone(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (meta, body) = split_front_matter(text, path)?;
    if body.trim().is_empty() {
        return Err(Problem::Empty { path: path.clone() });
    }
    let title = meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            body.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .to_string()
        });
    Ok(Article {
        id: entry.id.clone(),
        path: path.clone(),
        title,
        meta,
        body: body.to_string(),
        hash: hash(bytes),
    })
}

fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<(Meta, &'a str), Problem> {
    let Some(rest) = text
        .strip_prefix("+++")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    else {
        return Ok((Meta::default(), text));
    };
    let rest = rest
        .trim_start_matches('\r')
        .strip_prefix('\n')
        .unwrap_or(rest);
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml_text = &rest[..offset];
            let meta: Meta = toml::from_str(toml_text).map_err(|e| {
                let (line, column) = e.span().map_or((0, 0), |s| line_column(toml_text, s.start));
                // +1: the opening +++ line sits above the TOML.
                Problem::FrontMatter {
                    path: path.into(),
                    line: line + 1,
                    column,
                    message: e.message().to_string(),
                }
            })?;
            return Ok((meta, &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(Problem::UnclosedFrontMatter { path: path.into() })
}

/// Reads every file of the corpus folder; a bad file becomes a problem, the rest still load.
pub fn scan(dir: &Path, max_bytes: u64) -> Result<Scan, Problem> {
    let mut scan = Scan::default();
    for entry in list(dir)? {
        match read(&entry, max_bytes) {
            Ok(article) => scan.articles.push(article),
            Err(problem) => scan.problems.push(problem),
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            id: name.trim_end_matches(".md").into(),
            path: PathBuf::from(name),
        }
    }

    #[test]
    fn front_matter_is_read_and_body_kept_verbatim() {
        let text = "+++\ntitle = \"T\"\nsource = \"S\"\npublished = 2025-11-06\ntags = [\"a\"]\n+++\nBody “one”.\n";
        let article = parse(&entry("x.md"), text.as_bytes()).expect("parses");
        assert_eq!(article.title, "T");
        assert_eq!(article.meta.source.as_deref(), Some("S"));
        assert_eq!(article.meta.published, NaiveDate::from_ymd_opt(2025, 11, 6));
        assert_eq!(article.body, "Body “one”.\n");
    }

    #[test]
    fn without_front_matter_the_title_is_the_first_line() {
        let article = parse(&entry("x.md"), b"\nHeadline here\nBody.").expect("parses");
        assert_eq!(article.title, "Headline here");
        assert_eq!(article.body, "\nHeadline here\nBody.");
    }

    #[test]
    fn unknown_key_reports_line_and_column() {
        let err = parse(
            &entry("x.md"),
            b"+++\ntitle = \"T\"\nauthor = \"A\"\n+++\nBody.",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("x.md:3:1: front matter:"), "{message}");
        assert!(message.contains("author"), "{message}");
    }

    #[test]
    fn bad_toml_and_unclosed_front_matter_are_reported() {
        let err = parse(&entry("x.md"), b"+++\ntitle = T\n+++\nBody.").unwrap_err();
        assert!(matches!(err, Problem::FrontMatter { line: 2, .. }), "{err}");
        let err = parse(&entry("x.md"), b"+++\ntitle = \"T\"\nBody.").unwrap_err();
        assert!(matches!(err, Problem::UnclosedFrontMatter { .. }), "{err}");
    }

    #[test]
    fn empty_binary_and_non_utf8_files_are_refused() {
        assert!(matches!(
            parse(&entry("x.md"), b"  \n\n"),
            Err(Problem::Empty { .. })
        ));
        assert!(matches!(
            parse(&entry("x.md"), b"+++\ntitle = \"T\"\n+++\n \n"),
            Err(Problem::Empty { .. })
        ));
        assert!(matches!(
            parse(&entry("x.md"), b"ab\0cd"),
            Err(Problem::Binary { .. })
        ));
        assert!(matches!(
            parse(&entry("x.md"), b"caf\xe9 au lait"),
            Err(Problem::NotUtf8 { offset: 3, .. })
        ));
    }

    #[test]
    fn scan_skips_bad_files_and_keeps_the_rest_with_ids_from_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("politics")).expect("mkdir");
        std::fs::write(dir.path().join("a.md"), "Good one.").expect("write");
        std::fs::write(dir.path().join("politics/b.txt"), "Good two.").expect("write");
        std::fs::write(dir.path().join("c.md"), [0xff, 0xfe]).expect("write");
        std::fs::write(dir.path().join("big.md"), "x".repeat(200)).expect("write");
        std::fs::write(dir.path().join("notes.pdf"), "ignored").expect("write");
        let scan = scan(dir.path(), 100).expect("scan");
        let ids: Vec<&str> = scan.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "politics/b"]);
        assert_eq!(scan.problems.len(), 2);
        assert!(scan
            .problems
            .iter()
            .any(|p| matches!(p, Problem::TooLarge { .. })));
    }
}

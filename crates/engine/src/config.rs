//! `config.toml`: every setting, its default, and errors that name the file, line and key.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The most passages a question may weigh: past some hundreds an answer costs milliseconds more
/// and ranks no better.
const MOST_CANDIDATES: usize = 1_000;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where quarry keeps what it writes: index, feedback, digest state.
    pub data_dir: PathBuf,
    pub corpus: CorpusConfig,
    pub answer: AnswerConfig,
    pub discord: DiscordConfig,
    pub digest: DigestConfig,
    pub ingest: IngestConfig,
    /// Feeds `quarry feeds poll` (and `quarry serve`, on its schedule) reads new articles from.
    pub feeds: Vec<FeedConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CorpusConfig {
    pub dir: PathBuf,
    pub max_file_bytes: u64,
    pub rescan_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnswerConfig {
    /// How many numbered citations an answer carries.
    pub citations: usize,
    /// quarry answers (and cites a passage) only when its confidence that the passage answers
    /// the question reaches this (0..1): the estimated precision of what it answers. Unset: the
    /// threshold fitted with the confidence (`crates/engine/ranker.toml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_confidence: Option<f32>,
    /// How many passages, best by BM25, the ranker weighs for each question. Unset: the count
    /// fitted with the ranker (`crates/engine/ranker.toml`), the fewest that rank as well as more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<usize>,
    /// Most sentences in the extractive summary.
    pub summary_sentences: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    pub api_base: String,
    pub guild_id: Option<String>,
    pub qa_channels: Vec<String>,
    pub cooldown_secs: u64,
    pub admin_roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DigestConfig {
    pub enabled: bool,
    pub channel_id: Option<String>,
    pub time: String,
    pub timezone: String,
    pub max_items: usize,
    pub post_when_empty: bool,
    /// List up to three questions members asked in the window that the articles could not answer.
    pub include_unanswered: bool,
}

/// How articles get in: `quarry add`, `/add` and feeds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// Fetch pages on loopback, private, link-local and unique-local addresses (tests only).
    pub allow_private_addresses: bool,
    /// Pages, feeds and files larger than this are refused.
    pub max_page_bytes: u64,
    /// Seconds one fetch may take, connection to last byte.
    pub timeout_secs: u64,
    /// Minutes between two feed polls of `quarry serve` (0: never).
    pub feed_every_minutes: u64,
    /// Folder under the corpus for new articles; `{site}` stands for the site's name.
    pub folder: String,
    /// Roles (ids) that may use /add, besides members with Manage Server.
    pub add_roles: Vec<String>,
}

/// One subscribed feed (RSS 0.9–2.0, Atom or JSON Feed).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    /// Shown in reports; the feed's URL when unset.
    pub name: Option<String>,
    /// Only items whose title or summary mentions one of these words (all items when empty).
    #[serde(default)]
    pub include: Vec<String>,
    /// Never items whose title or summary mentions one of these words.
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            allow_private_addresses: false,
            max_page_bytes: 5_000_000,
            timeout_secs: 20,
            feed_every_minutes: 30,
            folder: "{site}".into(),
            add_roles: Vec::new(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            corpus: CorpusConfig::default(),
            answer: AnswerConfig::default(),
            discord: DiscordConfig::default(),
            digest: DigestConfig::default(),
            ingest: IngestConfig::default(),
            feeds: Vec::new(),
        }
    }
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            dir: PathBuf::from("corpus"),
            max_file_bytes: 5_000_000,
            rescan_secs: 300,
        }
    }
}

impl Default for AnswerConfig {
    fn default() -> Self {
        AnswerConfig {
            citations: 3,
            min_confidence: None,
            candidates: None,
            summary_sentences: 3,
        }
    }
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            api_base: "https://discord.com".into(),
            guild_id: None,
            qa_channels: Vec::new(),
            cooldown_secs: 5,
            admin_roles: Vec::new(),
        }
    }
}

impl Default for DigestConfig {
    fn default() -> Self {
        DigestConfig {
            enabled: false,
            channel_id: None,
            time: "08:00".into(),
            timezone: "UTC".into(),
            max_items: 10,
            post_when_empty: false,
            include_unanswered: true,
        }
    }
}

impl DigestConfig {
    /// The local time of the daily post: `HH:MM`, or `HH:MM:SS` when seconds matter (tests).
    pub fn local_time(&self) -> Option<chrono::NaiveTime> {
        let time = self.time.trim();
        chrono::NaiveTime::parse_from_str(time, "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(time, "%H:%M:%S"))
            .ok()
    }
}

impl Config {
    /// Reads a config file. A missing file is an error only when `required` (the user named it).
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default())
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.into(),
                    source,
                })
            }
        };
        let config = Config::parse(&text, path)?;
        // Relative paths in a config file are relative to the folder that holds it.
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Ok(config.relative_to(base))
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((0, 0), |span| line_column(text, span.start));
            ConfigError::Parse {
                path: path.into(),
                line,
                column,
                message: replaced_setting(e.message()),
            }
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn relative_to(mut self, base: &Path) -> Config {
        if base != Path::new(".") {
            if self.data_dir.is_relative() {
                self.data_dir = base.join(&self.data_dir);
            }
            if self.corpus.dir.is_relative() {
                self.corpus.dir = base.join(&self.corpus.dir);
            }
        }
        self
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| {
            Err(ConfigError::Invalid {
                path: path.into(),
                message,
            })
        };
        if self.answer.citations == 0 || self.answer.citations > 10 {
            return invalid(format!(
                "answer.citations is {}; use 1 to 10",
                self.answer.citations
            ));
        }
        if let Some(min) = self.answer.min_confidence {
            if !(0.0..=1.0).contains(&min) {
                return invalid(format!(
                    "answer.min_confidence is {min}; use a probability from 0 to 1 (or leave it out for the fitted one)"
                ));
            }
        }
        if let Some(candidates) = self.answer.candidates {
            if !(1..=MOST_CANDIDATES).contains(&candidates) {
                return invalid(format!(
                    "answer.candidates is {candidates}; use 1 to {MOST_CANDIDATES} (or leave it out for the fitted count)"
                ));
            }
        }
        if self.digest.local_time().is_none() {
            return invalid(format!(
                "digest.time is {:?}; write it as HH:MM (or HH:MM:SS), e.g. \"08:00\"",
                self.digest.time
            ));
        }
        if self.digest.timezone.parse::<chrono_tz::Tz>().is_err() {
            return invalid(format!(
                "digest.timezone is {:?}; use an IANA name such as \"Europe/Berlin\"",
                self.digest.timezone
            ));
        }
        let ids = self
            .discord
            .guild_id
            .iter()
            .chain(&self.discord.qa_channels)
            .chain(&self.digest.channel_id);
        for id in ids
            .chain(&self.discord.admin_roles)
            .chain(&self.ingest.add_roles)
        {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
                return invalid(format!("{id:?} is not a Discord id; ids are digits in quotes, e.g. \"1100000000000000100\""));
            }
        }
        if self.ingest.timeout_secs == 0 || self.ingest.max_page_bytes == 0 {
            return invalid("ingest.timeout_secs and ingest.max_page_bytes must be above 0".into());
        }
        let folder = std::path::Path::new(&self.ingest.folder);
        let leaves_corpus = folder.is_absolute()
            || folder
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if self.ingest.folder.trim().is_empty() || leaves_corpus {
            return invalid(format!(
                "ingest.folder is {:?}; use a folder inside the corpus such as \"{{site}}\" or \"inbox\"",
                self.ingest.folder
            ));
        }
        for feed in &self.feeds {
            if !(feed.url.starts_with("http://") || feed.url.starts_with("https://")) {
                return invalid(format!(
                    "[[feeds]] url {:?} is not an http:// or https:// address",
                    feed.url
                ));
            }
        }
        if self.digest.enabled && self.digest.channel_id.is_none() {
            return invalid("digest.enabled is true but digest.channel_id is not set".into());
        }
        Ok(())
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let head = &text[..offset.min(text.len())];
    let line = head.matches('\n').count() + 1;
    let column = head.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// A parse error's message, with what to write instead where the key was a setting that
/// has been replaced.
fn replaced_setting(message: &str) -> String {
    if message.contains("unknown field `min_coverage`") {
        "answer.min_coverage is gone: quarry now abstains on its fitted confidence. Write \
         `min_confidence = 0.3` (the estimated precision of what is answered, 0 to 1) instead, \
         or remove the line to use the fitted threshold"
            .to_string()
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_config_is_valid_and_matches_defaults() {
        let text = include_str!("../../../config.toml");
        let config = Config::parse(text, Path::new("config.toml")).expect("config.toml parses");
        assert_eq!(config.answer.citations, AnswerConfig::default().citations);
        assert_eq!(config.corpus.dir, PathBuf::from("corpus"));
        assert!(config.digest.include_unanswered);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse(
            "data_dir = \"d\"\n[answer]\ncitatons = 3\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("c.toml:3:"), "{message}");
        assert!(message.contains("citatons"), "{message}");
    }

    #[test]
    fn a_candidate_count_of_zero_is_refused_with_the_range() {
        let error = Config::parse("[answer]\ncandidates = 0\n", Path::new("c.toml"))
            .expect_err("zero candidates");
        let message = error.to_string();
        assert!(
            message.contains("answer.candidates is 0; use 1 to"),
            "{message}"
        );
        let config = Config::parse("[answer]\ncandidates = 40\n", Path::new("c.toml"))
            .expect("a count is read");
        assert_eq!(config.answer.candidates, Some(40));
    }

    #[test]
    fn the_replaced_min_coverage_points_to_min_confidence() {
        let err = Config::parse("[answer]\nmin_coverage = 0.5\n", Path::new("c.toml"))
            .expect_err("min_coverage is no longer a setting");
        let message = err.to_string();
        assert!(message.starts_with("c.toml:2:"), "{message}");
        assert!(message.contains("min_confidence"), "{message}");
        let config = Config::parse("[answer]\nmin_confidence = 0.3\n", Path::new("c.toml"))
            .expect("min_confidence is read");
        assert_eq!(config.answer.min_confidence, Some(0.3));
        let err = Config::parse("[answer]\nmin_confidence = 30\n", Path::new("c.toml"))
            .expect_err("not a probability");
        assert!(err.to_string().contains("from 0 to 1"), "{err}");
    }

    #[test]
    fn wrong_type_and_bad_values_are_explained() {
        let err =
            Config::parse("[answer]\ncitations = \"three\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
        let err = Config::parse(
            "[digest]\ntimezone = \"Mars/Olympus\"\n",
            Path::new("c.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("IANA"), "{err}");
        let err =
            Config::parse("[discord]\nguild_id = \"abc\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("not a Discord id"), "{err}");
    }

    #[test]
    fn digest_time_is_hh_mm_or_hh_mm_ss() {
        let time =
            |t: &str| Config::parse(&format!("[digest]\ntime = \"{t}\"\n"), Path::new("c.toml"));
        let at = |h, m, s| chrono::NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(
            time("07:30").expect("HH:MM").digest.local_time(),
            at(7, 30, 0)
        );
        assert_eq!(
            time("23:59:58").expect("HH:MM:SS").digest.local_time(),
            at(23, 59, 58)
        );
        let err = time("7h30").unwrap_err();
        assert!(err.to_string().contains("HH:MM"), "{err}");
    }

    #[test]
    fn feeds_and_ingest_settings_are_read_and_checked() {
        let config = Config::parse(
            "[ingest]\nfeed_every_minutes = 5\nfolder = \"inbox\"\n[[feeds]]\nurl = \"https://example.org/rss\"\ninclude = [\"lithium\"]\n",
            Path::new("c.toml"),
        )
        .expect("parses");
        assert_eq!(config.ingest.feed_every_minutes, 5);
        assert_eq!(config.feeds[0].include, ["lithium"]);
        assert!(!config.ingest.allow_private_addresses);
        for bad in [
            "[[feeds]]\nurl = \"ftp://example.org/rss\"\n",
            "[ingest]\nfolder = \"../outside\"\n",
            "[ingest]\nadd_roles = [\"editors\"]\n",
        ] {
            assert!(Config::parse(bad, Path::new("c.toml")).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_paths_follow_the_config_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("quarry.toml");
        std::fs::write(&path, "data_dir = \"state\"\n").expect("write config");
        let config = Config::load(&path, true).expect("loads");
        assert_eq!(config.data_dir, dir.path().join("state"));
    }
}

//! Test support: the loopback Discord and the real `quarry serve` process connected to it.

#![allow(dead_code)]

pub mod fake_discord;
pub mod site;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fake_discord::{FakeDiscord, GUILD_ID, QA_CHANNEL};

/// Obviously fake; the loopback Discord accepts only this one.
pub const TOKEN: &str = "FAKE.TEST.TOKEN-not-a-real-discord-token";

/// End-to-end tests run one at a time: each starts a bot, and timings are asserted on 2 cores.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A running `quarry serve` with its own config, data folder and copy of the corpus.
pub struct Bot {
    pub child: tokio::process::Child,
    pub dir: tempfile::TempDir,
}

impl Bot {
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// What the bot logged so far (stderr).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("stderr.log")).unwrap_or_default()
    }

    /// Asks the bot to stop (SIGTERM to this child, by its id) and waits for its exit code.
    pub async fn stop(&mut self, within: Duration) -> Option<i32> {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
        }
        match tokio::time::timeout(within, self.child.wait()).await {
            Ok(Ok(status)) => status.code(),
            _ => None,
        }
    }
}

/// A temp folder holding the repo's corpus (plus `extra` articles) and a config for the bot.
pub fn workspace(extra_config: &str, extra: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(&repo).expect("repo corpus") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).expect("copy article");
    }
    for (name, text) in extra {
        std::fs::write(corpus.join(name), text).expect("write article");
    }
    let config = format!(
        "data_dir = \"data\"\n[corpus]\ndir = \"corpus\"\nrescan_secs = 1\n[discord]\nguild_id = \"{GUILD_ID}\"\nqa_channels = [\"{QA_CHANNEL}\"]\n{extra_config}\n"
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    dir
}

/// Spawns `quarry serve` against the loopback Discord with `token`.
pub fn spawn(fake: &FakeDiscord, dir: tempfile::TempDir, token: Option<&str>) -> Bot {
    let log = std::fs::File::create(dir.path().join("stderr.log")).expect("log file");
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_quarry"));
    command
        .arg("--config")
        .arg(dir.path().join("config.toml"))
        .arg("serve")
        .env("DISCORD_API_BASE", fake.base())
        .env("QUARRY_LOG", "info,serenity=warn,tracing=warn")
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .kill_on_drop(true);
    if let Some(token) = token {
        command.env("DISCORD_TOKEN", token);
    }
    let child = command.spawn().expect("spawn quarry serve");
    Bot { child, dir }
}

/// Loopback Discord plus a connected bot, commands registered.
pub async fn start(extra_config: &str, extra: &[(&str, String)]) -> (FakeDiscord, Bot) {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = spawn(&fake, workspace(extra_config, extra), Some(TOKEN));
    if !fake.ready(Duration::from_secs(30)).await {
        panic!(
            "bot did not connect and register commands; its log:\n{}",
            bot.log()
        );
    }
    (fake, bot)
}

/// Text with runs of whitespace collapsed, as answers quote it on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every corpus file of the workspace, on one line each.
pub fn corpus_text(bot: &Bot) -> Vec<String> {
    std::fs::read_dir(bot.corpus())
        .expect("corpus")
        .map(|e| one_line(&std::fs::read_to_string(e.expect("entry").path()).expect("article")))
        .collect()
}

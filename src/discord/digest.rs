//! The daily digest in Discord: the serenity [`Poster`], and the background task of
//! `quarry serve` that runs the schedule (`quarry_engine::schedule::runner`) for `digest.channel_id`.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use quarry_engine::config::Config;
use quarry_engine::engine::Engine;
use quarry_engine::schedule::runner::{Post, PostError, Poster, Runner, Settings};
use quarry_engine::schedule::state::StateStore;
use quarry_engine::schedule::SystemClock;

use super::render;
use super::reply;

/// How many recent channel messages `find` searches for a post's nonce.
const FIND_AMONG: u8 = 50;

/// Posts digests through serenity's REST client, as the bot user `bot`.
pub struct DiscordPoster {
    pub http: Arc<serenity::Http>,
    pub bot: serenity::UserId,
}

fn channel_id(channel: &str) -> Result<serenity::ChannelId, PostError> {
    channel
        .parse::<u64>()
        .ok()
        .filter(|&id| id != 0)
        .map(serenity::ChannelId::new)
        .ok_or_else(|| PostError::Refused(format!("{channel:?} is not a channel id")))
}

/// Whether Discord answering with `status` is worth asking again: rate limits and server errors.
fn retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// 429, 5xx and network trouble are transient; any other refusal is not.
fn classify(error: serenity::Error) -> PostError {
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response)) = &error {
        if !retryable(response.status_code.as_u16()) {
            return PostError::Refused(error.to_string());
        }
    }
    PostError::Transient {
        reason: error.to_string(),
        retry_after: None,
    }
}

impl Poster for DiscordPoster {
    async fn post(&self, channel: &str, post: &Post, nonce: &str) -> Result<String, PostError> {
        let message = reply::message(&render::digest_post(post, nonce), Vec::new())
            .nonce(serenity::Nonce::String(nonce.to_string()))
            .enforce_nonce(true);
        let sent = channel_id(channel)?
            .send_message(&self.http, message)
            .await
            .map_err(classify)?;
        Ok(sent.id.to_string())
    }

    async fn find(&self, channel: &str, nonce: &str) -> Result<Option<String>, PostError> {
        let recent = channel_id(channel)?
            .messages(&self.http, serenity::GetMessages::new().limit(FIND_AMONG))
            .await
            .map_err(classify)?;
        let marker = render::digest_marker(nonce);
        Ok(recent
            .into_iter()
            .find(|m| {
                m.author.id == self.bot
                    && m.embeds
                        .iter()
                        .any(|e| e.footer.as_ref().is_some_and(|f| f.text == marker))
            })
            .map(|m| m.id.to_string()))
    }
}

/// The digest schedule for `channel` (`digest.channel_id` by default), posting through `poster`.
pub fn runner(
    config: &Config,
    engine: Arc<Engine>,
    poster: DiscordPoster,
    channel: Option<String>,
) -> Option<Runner<Arc<Engine>, DiscordPoster, SystemClock>> {
    let mut digest = config.digest.clone();
    if channel.is_some() {
        digest.channel_id = channel;
    }
    Some(Runner {
        settings: Settings::from_config(&digest)?,
        store: StateStore::new(&config.data_dir),
        source: engine,
        poster,
        clock: SystemClock,
    })
}

/// The background task of `quarry serve`: posts the digest at `digest.time`, day after day.
pub async fn schedule(engine: Arc<Engine>, poster: DiscordPoster) {
    let config = engine.config().clone();
    match runner(&config, engine, poster, None) {
        Some(runner) => {
            tracing::info!(
                "daily digest at {} {} into channel {}",
                config.digest.time,
                config.digest.timezone,
                runner.settings.channel
            );
            runner.run_until(None).await;
        }
        None => tracing::error!("digest: digest.channel_id, time or timezone is unusable"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_429_and_5xx_are_retried() {
        for status in [429, 500, 502, 503] {
            assert!(retryable(status), "{status}");
        }
        for status in [400, 401, 403, 404] {
            assert!(!retryable(status), "{status}");
        }
        assert!(matches!(channel_id("general"), Err(PostError::Refused(_))));
    }
}

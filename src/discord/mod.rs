//! `quarry serve`: the Discord surface. poise on serenity, over the same [`Engine`] the CLI uses.
//!
//! Start-up: check the token (`GET /users/@me`), open and sync the index, connect the gateway,
//! register the slash commands (to `discord.guild_id` when set, else globally), then answer until
//! SIGINT/SIGTERM. The corpus is rescanned every `corpus.rescan_secs` in the background, and
//! with `digest.enabled` the daily digest is posted to `digest.channel_id` (see `digest.rs`).

mod buttons;
mod commands;
mod digest;
mod framework;
mod qa;
pub mod render;
mod reply;
mod types;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use poise::serenity_prelude as serenity;
use quarry_engine::config::Config;
use quarry_engine::engine::Engine;

use types::Data;

const DISCORD: &str = "https://discord.com";

/// Runs the bot until it is stopped; returns the process exit code.
pub fn serve(config: Config) -> Result<i32> {
    let token = match std::env::var("DISCORD_TOKEN") {
        Ok(token) if !token.trim().is_empty() => token.trim().to_string(),
        _ => {
            eprintln!("error: DISCORD_TOKEN is not set; copy your bot's token from the Discord Developer Portal (Bot → Reset Token) and run: DISCORD_TOKEN=... quarry serve (see docs/discord.md)");
            return Ok(2);
        }
    };
    let api_base = std::env::var("DISCORD_API_BASE")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| config.discord.api_base.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run(
        config,
        token,
        api_base.trim_end_matches('/').to_string(),
    ))
}

/// Whether a serenity error means Discord refused the token.
fn is_rejected_token(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response)) => {
            response.status_code.as_u16() == 401
        }
        serenity::Error::Gateway(serenity::GatewayError::InvalidAuthentication) => true,
        _ => false,
    }
}

const REJECTED: &str = "error: Discord rejected DISCORD_TOKEN (401 Unauthorized); reset the bot's token in the Discord Developer Portal (Bot → Reset Token) and set DISCORD_TOKEN to the new one";

const INTENTS: &str = "error: Discord refused the Message Content intent; in the Developer Portal open your application → Bot → Privileged Gateway Intents, switch on Message Content Intent, save, and start quarry again";

async fn run(config: Config, token: String, api_base: String) -> Result<i32> {
    let mut http = serenity::HttpBuilder::new(&token);
    if api_base != DISCORD {
        // serenity's ratelimiter builds requests without the proxy, so a custom base needs it off.
        http = http.proxy(api_base.clone()).ratelimiter_disabled(true);
    }
    let http = http.build();
    let me = match http.get_current_user().await {
        Ok(me) => me,
        Err(e) if is_rejected_token(&e) => {
            eprintln!("{REJECTED}");
            return Ok(2);
        }
        Err(e) => anyhow::bail!("cannot reach Discord at {api_base}: {e}"),
    };
    tracing::info!("token accepted for {} ({})", me.name, me.id);

    let engine = tokio::task::spawn_blocking(move || -> Result<Engine> {
        let engine = Engine::open(config).context("cannot open the index")?;
        let report = engine
            .sync()
            .context("cannot sync the index with the corpus")?;
        for problem in &report.skipped {
            tracing::warn!("skipped {problem}");
        }
        Ok(engine)
    })
    .await??;
    let engine = Arc::new(engine);
    let ingest = Arc::new(
        quarry_ingest::Ingestor::new(Arc::clone(&engine)).context("cannot set up ingestion")?,
    );
    let discord = engine.config().discord.clone();
    let rescan = Duration::from_secs(engine.config().corpus.rescan_secs);
    let guild = discord
        .guild_id
        .as_deref()
        .and_then(|g| g.parse::<u64>().ok())
        .map(serenity::GuildId::new);
    let qa_channels: HashSet<serenity::ChannelId> = discord
        .qa_channels
        .iter()
        .filter_map(|c| c.parse::<u64>().ok())
        .map(serenity::ChannelId::new)
        .collect();

    let setup_engine = Arc::clone(&engine);
    let setup_ingest = Arc::clone(&ingest);
    let framework = poise::Framework::builder()
        .options(framework::options(Duration::from_secs(
            discord.cooldown_secs,
        )))
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                let registered = match guild {
                    Some(guild) => poise::builtins::register_in_guild(ctx, commands, guild).await,
                    None => poise::builtins::register_globally(ctx, commands).await,
                };
                let place = guild.map_or("globally".to_string(), |g| format!("in guild {g}"));
                match registered {
                    Ok(()) => tracing::info!("{} commands registered {place}", commands.len()),
                    // Commands registered earlier keep working; Q&A channels need none.
                    Err(e) => tracing::error!("cannot register the commands {place}: {e}"),
                }
                tracing::info!("ready as {}", ready.user.name);
                Ok(Data::new(setup_engine, setup_ingest, qa_channels))
            })
        })
        .build();

    let intents = serenity::GatewayIntents::GUILDS
        | serenity::GatewayIntents::GUILD_MESSAGES
        | serenity::GatewayIntents::MESSAGE_CONTENT;
    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await
        .context("cannot build the Discord client")?;

    let shards = Arc::clone(&client.shard_manager);
    tokio::spawn(async move {
        wait_for_stop().await;
        tracing::info!("stopping: closing the gateway");
        shards.shutdown_all().await;
    });
    if engine.config().digest.enabled {
        let poster = digest::DiscordPoster {
            http: Arc::clone(&client.http),
            bot: me.id,
        };
        tokio::spawn(digest::schedule(Arc::clone(&engine), poster));
    }
    if !rescan.is_zero() {
        tokio::spawn(rescan_every(Arc::clone(&engine), rescan));
    }
    let feed_every = Duration::from_secs(engine.config().ingest.feed_every_minutes * 60);
    if !engine.config().feeds.is_empty() && !feed_every.is_zero() {
        tokio::spawn(poll_feeds_every(Arc::clone(&ingest), feed_every));
    }

    match client.start().await {
        Ok(()) => Ok(0),
        Err(e) if is_rejected_token(&e) => {
            eprintln!("{REJECTED}");
            Ok(2)
        }
        Err(serenity::Error::Gateway(
            serenity::GatewayError::DisallowedGatewayIntents
            | serenity::GatewayError::InvalidGatewayIntents,
        )) => {
            eprintln!("{INTENTS}");
            Ok(2)
        }
        Err(e) => Err(anyhow::anyhow!("the Discord connection failed: {e}")),
    }
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(e) => {
                    tracing::warn!("cannot listen for SIGTERM: {e}");
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Polls the feeds now and then every `every`; new articles are indexed as they are added, so
/// they reach the next digest like any new article.
async fn poll_feeds_every(ingest: Arc<quarry_ingest::Ingestor>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let report = ingest.poll_feeds().await;
        tracing::info!("feeds polled: {}", report.summary());
        for failure in &report.failed {
            tracing::warn!(
                "feed {} {}: {}",
                failure.feed,
                failure.item.as_deref().unwrap_or(""),
                failure.reason
            );
        }
    }
}

/// Keeps the index in step with the corpus; a failed scan is logged and retried next time.
async fn rescan_every(engine: Arc<Engine>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let engine = Arc::clone(&engine);
        match tokio::task::spawn_blocking(move || engine.sync()).await {
            Ok(Ok(report)) => {
                for problem in &report.skipped {
                    tracing::warn!("rescan skipped {problem}");
                }
                if report.changed() {
                    tracing::info!(
                        "rescan: {} added, {} updated, {} removed",
                        report.added.len(),
                        report.updated.len(),
                        report.removed.len()
                    );
                }
            }
            Ok(Err(e)) => tracing::error!("rescan failed: {e}"),
            Err(e) => tracing::error!("rescan task failed: {e}"),
        }
    }
}

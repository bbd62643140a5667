//! `/digest`: posts what is new into the current channel now, for members with Manage Server
//! or a role in `discord.admin_roles`. The schedule's state is never touched.

use std::sync::Arc;

use quarry_engine::schedule::runner::Post;

use crate::discord::digest::{self, DiscordPoster};
use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Context, Error};
use quarry_engine::schedule::runner::Poster;

const REFUSAL: &str = "Only members with Manage Server or an admin role can post the digest.";

/// Post the digest of what is new into this channel now (Manage Server or an admin role).
#[poise::command(slash_command, guild_only)]
pub async fn digest(ctx: Context<'_>) -> Result<(), Error> {
    if !may_post(ctx).await {
        ctx.send(reply::reply(&render::note(REFUSAL), Vec::new(), true))
            .await?;
        return Ok(());
    }
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let config = data.engine.config().clone();
    let here = ctx.channel_id().to_string();
    // Since the last scheduled digest when there is a schedule, else the last 24 hours.
    let state_of = config.digest.channel_id.is_none().then(|| here.clone());
    let poster = || DiscordPoster {
        http: Arc::clone(&ctx.serenity_context().http),
        bot: ctx.framework().bot_id(),
    };
    let Some(runner) = digest::runner(&config, Arc::clone(&data.engine), poster(), state_of) else {
        return Err("digest settings are unusable".into());
    };
    let preview = runner.preview().await?;
    let nonce = blake3::hash(format!("manual|{}", ctx.id()).as_bytes()).to_hex()[..16].to_string();
    poster()
        .post(&here, &Post::Digest(Box::new(preview)), &nonce)
        .await?;
    ctx.send(reply::reply(
        &render::note("Posted the digest in this channel."),
        Vec::new(),
        true,
    ))
    .await?;
    Ok(())
}

/// Manage Server (or Administrator), or one of the configured admin roles.
async fn may_post(ctx: Context<'_>) -> bool {
    let admin_roles = &ctx.data().engine.config().discord.admin_roles;
    let Some(member) = ctx.author_member().await else {
        return false;
    };
    member
        .permissions
        .is_some_and(|p| p.manage_guild() || p.administrator())
        || member
            .roles
            .iter()
            .any(|role| admin_roles.contains(&role.to_string()))
}

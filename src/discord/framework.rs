//! Framework policy in one place: which commands, cooldowns, mentions off, error handling,
//! logging, and the events (buttons, Q&A messages) that are not slash commands.

use std::time::Duration;

use poise::serenity_prelude as serenity;

use super::commands;
use super::render;
use super::reply;
use super::types::{Data, Error};
use super::{buttons, qa};

pub fn options(cooldown: Duration) -> poise::FrameworkOptions<Data, Error> {
    let mut commands = commands::all();
    if !cooldown.is_zero() {
        for command in commands
            .iter_mut()
            .filter(|c| commands::COOLED.iter().any(|name| c.name == *name))
        {
            command.cooldown_config = std::sync::RwLock::new(poise::CooldownConfig {
                user: Some(cooldown),
                ..Default::default()
            });
        }
    }
    poise::FrameworkOptions {
        commands,
        on_error: |error| Box::pin(on_error(error)),
        pre_command: |ctx| {
            Box::pin(async move {
                tracing::info!(user = %ctx.author().id, "/{} started", ctx.command().name)
            })
        },
        post_command: |ctx| {
            Box::pin(async move {
                tracing::info!(user = %ctx.author().id, "/{} done", ctx.command().name)
            })
        },
        allowed_mentions: Some(reply::no_mentions()),
        prefix_options: poise::PrefixFrameworkOptions {
            prefix: None,
            mention_as_prefix: false,
            ..Default::default()
        },
        initialize_owners: true,
        event_handler: |framework, event| Box::pin(on_event(framework, event)),
        ..Default::default()
    }
}

/// Tells the user briefly (and only them); the detail goes to the log.
async fn tell(ctx: poise::Context<'_, Data, Error>, text: &str) {
    if let Err(e) = ctx
        .send(reply::reply(&render::note(text), Vec::new(), true))
        .await
    {
        tracing::warn!("cannot tell the user about an error: {e}");
    }
}

/// What a member is told when a command fails: an unreadable index is not a passing glitch.
fn failure_note(error: &(dyn std::error::Error + 'static)) -> &'static str {
    if error.is::<quarry_engine::index::IndexError>() {
        "The article index cannot be read right now, so I cannot answer from it. \
         A server admin should run `quarry index` (the bot's log has the details)."
    } else {
        "Sorry, something went wrong answering that. Please try again in a moment."
    }
}

async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!("/{} failed: {error}", ctx.command().name);
            tell(ctx, failure_note(&*error)).await;
        }
        poise::FrameworkError::CooldownHit {
            remaining_cooldown,
            ctx,
            ..
        } => {
            let seconds = remaining_cooldown.as_secs_f32().ceil().max(1.0);
            tell(
                ctx,
                &format!(
                    "One moment please: you can use /{} again in {seconds} s.",
                    ctx.command().name
                ),
            )
            .await;
        }
        poise::FrameworkError::ArgumentParse { error, ctx, .. } => {
            tracing::warn!("/{}: bad arguments: {error}", ctx.command().name);
            let help = ctx.command().description.as_deref().unwrap_or("");
            tell(
                ctx,
                &format!(
                    "I could not read those options. /{}: {help}",
                    ctx.command().name
                ),
            )
            .await;
        }
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!("start-up failed: {error}");
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!("handling {} failed: {error}", event.snake_case_name());
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!("while handling an error: {e}");
            }
        }
    }
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let ctx = framework.serenity_context;
    let data = framework.user_data;
    match event {
        serenity::FullEvent::Ready { data_about_bot } => {
            tracing::info!(
                "connected as {} ({})",
                data_about_bot.user.name,
                data_about_bot.user.id
            );
        }
        serenity::FullEvent::Resume { .. } => tracing::info!("gateway session resumed"),
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(click),
        } => {
            if let Err(e) = buttons::handle(ctx, data, click).await {
                tracing::error!("button {} failed: {e}", click.data.custom_id);
                let note = reply::response(
                    &render::note("Sorry, that did not work. Please try again."),
                    Vec::new(),
                    true,
                );
                let _ = click.create_response(&ctx.http, note).await;
            }
        }
        serenity::FullEvent::Message { new_message } => {
            if let Err(e) = qa::handle(ctx, data, framework.bot_id(), new_message).await {
                tracing::error!("answering message {} failed: {e}", new_message.id);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_index_is_told_apart_from_a_passing_failure() {
        let damaged = quarry_engine::index::IndexError::Damaged {
            path: "data/index".into(),
            field: "quote",
        };
        assert!(failure_note(&damaged).contains("quarry index"));
        let passing = std::io::Error::other("connection reset");
        assert!(failure_note(&passing).contains("try again"));
    }
}

//! `/add url:<link>` or `/add file:<attachment>`, and the message command "Add to quarry" (a
//! message holding a link or an attachment): for members with Manage Server or a role in
//! `ingest.add_roles`.
//!
//! Fetching can take longer than Discord's 3 s, so the command defers first. Discord fixes a
//! reply's visibility when it is deferred, and failures must stay private: the deferral is
//! ephemeral, the result is told to the member privately, and an added article is also
//! announced in the channel for the team.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use quarry_ingest::Input;

use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Context, Error};

const REFUSAL: &str =
    "Only members with Manage Server or a role in ingest.add_roles can add articles.";

/// Add an article from a link or a file (Manage Server or an ingest role)
#[poise::command(slash_command, guild_only)]
pub async fn add(
    ctx: Context<'_>,
    #[description = "Link to the article (http or https)"] url: Option<String>,
    #[description = "The article as a .md, .txt, .html or .pdf file"] file: Option<
        serenity::Attachment,
    >,
) -> Result<(), Error> {
    let input = match (url, file) {
        (Some(url), None) => Input::Link(url.trim().to_string()),
        (None, Some(file)) => upload(&file),
        _ => {
            return tell(
                ctx,
                "Give either url (a link) or file (an attachment), one of them.",
            )
            .await
        }
    };
    run(ctx, input).await
}

/// Adds the link or attachment of a message to quarry.
#[poise::command(context_menu_command = "Add to quarry", guild_only)]
pub async fn add_message(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    let input = match (message.attachments.first(), first_link(&message.content)) {
        (Some(file), _) => upload(file),
        (None, Some(link)) => Input::Link(link),
        (None, None) => return tell(ctx, "That message holds no link or attachment to add.").await,
    };
    run(ctx, input).await
}

fn upload(file: &serenity::Attachment) -> Input {
    Input::Upload {
        name: file.filename.clone(),
        url: file.url.clone(),
    }
}

/// The first http(s) link in a message, without the `<…>` Discord uses to hide previews.
fn first_link(content: &str) -> Option<String> {
    content
        .split_whitespace()
        .map(|word| {
            word.trim_start_matches('<')
                .trim_end_matches(['>', ')', ',', '.'])
        })
        .find(|word| word.starts_with("http://") || word.starts_with("https://"))
        .map(str::to_string)
}

async fn run(ctx: Context<'_>, input: Input) -> Result<(), Error> {
    if !may_add(ctx).await {
        return tell(ctx, REFUSAL).await;
    }
    ctx.defer_ephemeral().await?;
    let ingestor = Arc::clone(&ctx.data().ingest);
    match ingestor.add(input).await {
        Ok(added) => {
            tracing::info!(user = %ctx.author().id, "added {} ({:?})", added.id, added.duplicate_of);
            let rendered = render::added(&added);
            // The article is in whatever happens to the reply; the channel still hears of it.
            if let Err(e) = ctx.send(reply::reply(&rendered, Vec::new(), true)).await {
                tracing::warn!("cannot reply about {}: {e}", added.id);
            }
            if added.duplicate_of.is_none() {
                let announcement = render::added_announcement(&added, &ctx.author().name);
                if let Err(e) = ctx
                    .channel_id()
                    .send_message(ctx.http(), reply::message(&announcement, Vec::new()))
                    .await
                {
                    tracing::warn!("cannot announce {} in the channel: {e}", added.id);
                }
            }
        }
        Err(e) => {
            tracing::info!(user = %ctx.author().id, "add refused: {e}");
            let text = format!("Could not add that: {e}");
            ctx.send(reply::reply(&render::note(&text), Vec::new(), true))
                .await?;
        }
    }
    Ok(())
}

/// A short answer only the member sees.
async fn tell(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    ctx.send(reply::reply(&render::note(text), Vec::new(), true))
        .await?;
    Ok(())
}

/// Manage Server (or Administrator), or one of the roles in `ingest.add_roles`.
async fn may_add(ctx: Context<'_>) -> bool {
    super::manages_server_or_has_role(ctx, &ctx.data().engine.config().ingest.add_roles).await
}

#[cfg(test)]
mod tests {
    use super::first_link;

    #[test]
    fn the_first_link_of_a_message_is_found() {
        assert_eq!(
            first_link("read this <https://example.org/a>, it's good").as_deref(),
            Some("https://example.org/a")
        );
        assert_eq!(first_link("no link here"), None);
    }
}

//! `/help`: what each command does, from the commands' own descriptions.

use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Context, Error};

/// What quarry can do, and how to ask.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let mut text =
        String::from("**quarry** answers from the team's news articles and quotes its sources.\n");
    for command in &ctx.framework().options().commands {
        let about = command.description.as_deref().unwrap_or("");
        text.push_str(&format!("\n`/{}` — {}", command.name, about));
    }
    text.push_str(
        "\n\nIn Q&A channels, just ask: a message ending in \"?\" gets a cited answer in a thread.",
    );
    ctx.send(reply::reply(&render::note(&text), Vec::new(), true))
        .await?;
    Ok(())
}

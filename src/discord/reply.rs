//! Rendered messages → serenity builders. Every builder made here carries an EMPTY
//! `allowed_mentions`, so nothing the bot posts can ping anyone.

use poise::serenity_prelude as serenity;
use poise::CreateReply;
use serenity::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage, CreateMessage,
};

use super::render::{self, Embed, Rendered};

/// No pings: no `@everyone`, no users, no roles, not even the replied-to author.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// The message itself when it holds every limit; otherwise (a rendering bug) a short note, so
/// serenity never refuses it and the user still hears back. The detail is logged.
fn checked(r: &Rendered) -> Rendered {
    match render::check(r) {
        Ok(()) => r.clone(),
        Err(broken) => {
            tracing::error!(
                "rendered message breaks a Discord limit ({broken}); sending a note instead"
            );
            render::note("Sorry, that answer could not be shown. Please try another question.")
        }
    }
}

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new().title(&e.title).colour(0x2f6f9f);
    if let Some(url) = &e.url {
        out = out.url(url);
    }
    if !e.description.is_empty() {
        out = out.description(&e.description);
    }
    for f in &e.fields {
        out = out.field(&f.name, &f.value, false);
    }
    if !e.footer.is_empty() {
        out = out.footer(CreateEmbedFooter::new(&e.footer));
    }
    out
}

pub fn embeds(r: &Rendered) -> Vec<CreateEmbed> {
    r.embeds.iter().map(embed).collect()
}

/// 👍 / 👎 / "More sources" under an answer.
pub fn answer_buttons(answer_id: &str) -> Vec<CreateActionRow> {
    vec![CreateActionRow::Buttons(vec![
        CreateButton::new(format!("vote:up:{answer_id}"))
            .label("👍")
            .style(ButtonStyle::Secondary),
        CreateButton::new(format!("vote:down:{answer_id}"))
            .label("👎")
            .style(ButtonStyle::Secondary),
        CreateButton::new(format!("more:{answer_id}"))
            .label("More sources")
            .style(ButtonStyle::Primary),
    ])]
}

/// ◀ ▶ for page `page` of `pages`, keyed to the invocation that made them; none for one page.
pub fn page_buttons(key: u64, page: usize, pages: usize) -> Vec<CreateActionRow> {
    if pages <= 1 {
        return Vec::new();
    }
    let previous = page.saturating_sub(1);
    let next = (page + 1).min(pages - 1);
    vec![CreateActionRow::Buttons(vec![
        CreateButton::new(format!("page:{key}:{previous}"))
            .label("◀")
            .style(ButtonStyle::Secondary)
            .disabled(page == 0),
        CreateButton::new(format!("page:{key}:{next}"))
            .label("▶")
            .style(ButtonStyle::Secondary)
            .disabled(page + 1 >= pages),
    ])]
}

/// A poise reply (slash commands).
pub fn reply(r: &Rendered, components: Vec<CreateActionRow>, ephemeral: bool) -> CreateReply {
    let r = &checked(r);
    let mut out = CreateReply::default()
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions());
    if !r.content.is_empty() {
        out = out.content(&r.content);
    }
    for e in embeds(r) {
        out = out.embed(e);
    }
    if !components.is_empty() {
        out = out.components(components);
    }
    out
}

/// A channel message (Q&A channels and threads).
pub fn message(r: &Rendered, components: Vec<CreateActionRow>) -> CreateMessage {
    let r = &checked(r);
    let mut out = CreateMessage::new()
        .allowed_mentions(no_mentions())
        .embeds(embeds(r));
    if !r.content.is_empty() {
        out = out.content(&r.content);
    }
    if !components.is_empty() {
        out = out.components(components);
    }
    out
}

/// A new interaction response message (button clicks).
pub fn response(
    r: &Rendered,
    components: Vec<CreateActionRow>,
    ephemeral: bool,
) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(response_message(r, components).ephemeral(ephemeral))
}

/// Replaces the message the clicked button sits on (pagination).
pub fn update(r: &Rendered, components: Vec<CreateActionRow>) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(response_message(r, components))
}

fn response_message(
    r: &Rendered,
    components: Vec<CreateActionRow>,
) -> CreateInteractionResponseMessage {
    let r = &checked(r);
    let mut out = CreateInteractionResponseMessage::new()
        .allowed_mentions(no_mentions())
        .embeds(embeds(r));
    if !r.content.is_empty() {
        out = out.content(&r.content);
    }
    out.components(components)
}

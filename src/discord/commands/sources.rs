//! `/sources` (the article list, paged) and `/source` (one article, with autocomplete).

use poise::serenity_prelude as serenity;

use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Context, Error, Paged};

pub const PER_PAGE: usize = 10;

/// List the indexed articles.
#[poise::command(slash_command)]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    let data = ctx.data();
    // By id, as the catalog keeps them.
    let all = data.engine(|engine| engine.sources()).await?;
    let pages = all.len().div_ceil(PER_PAGE).max(1);
    let rendered = render::sources_page(&all[..all.len().min(PER_PAGE)], 0, pages, all.len());
    data.pages.insert(ctx.id(), Paged::Sources(all));
    ctx.send(reply::reply(
        &rendered,
        reply::page_buttons(ctx.id(), 0, pages),
        false,
    ))
    .await?;
    Ok(())
}

/// Show one article: its source, date, tags and opening.
#[poise::command(slash_command)]
pub async fn source(
    ctx: Context<'_>,
    #[description = "Article id (start typing a title or id)"]
    #[autocomplete = "article_ids"]
    id: String,
) -> Result<(), Error> {
    let data = ctx.data();
    let wanted = id.trim().to_string();
    let found = data.engine(move |engine| engine.source(&wanted)).await?;
    let rendered = match &found {
        Some(source) => render::source(source),
        None => render::note(&format!(
            "No article has the id `{}`. Try /sources.",
            render::truncate(id.trim(), 100)
        )),
    };
    ctx.send(reply::reply(&rendered, Vec::new(), found.is_none()))
        .await?;
    Ok(())
}

/// Article ids whose id or title contains what was typed (at most 25).
async fn article_ids(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase();
    let Ok(sources) = ctx.data().engine(|engine| engine.sources()).await else {
        return serenity::CreateAutocompleteResponse::new();
    };
    let choices = sources
        .iter()
        .filter(|s| s.id.chars().count() <= render::CHOICE_NAME && !s.id.is_empty())
        .filter(|s| {
            typed.is_empty()
                || s.id.to_lowercase().contains(&typed)
                || s.title.to_lowercase().contains(&typed)
        })
        .take(render::CHOICES)
        .map(|s| {
            serenity::AutocompleteChoice::new(
                render::choice_name(&format!("{} — {}", s.title, s.id)),
                s.id.clone(),
            )
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

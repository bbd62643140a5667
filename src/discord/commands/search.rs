//! `/search`: ranked passages, five to a page, paged with ◀ ▶.

use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Context, Error, Paged};

pub const PER_PAGE: usize = 5;
const LIMIT: usize = 50;

/// Search the articles for passages matching your words.
#[poise::command(slash_command)]
pub async fn search(
    ctx: Context<'_>,
    #[description = "Words to look for"]
    #[max_length = 1000]
    query: String,
) -> Result<(), Error> {
    let data = ctx.data();
    let asked = query.clone();
    let hits = data
        .engine(move |engine| engine.search(&asked, LIMIT))
        .await??;
    let pages = hits.len().div_ceil(PER_PAGE).max(1);
    let rendered = render::hits_page(&query, &hits[..hits.len().min(PER_PAGE)], 0, pages);
    data.pages.insert(ctx.id(), Paged::Search { query, hits });
    ctx.send(reply::reply(
        &rendered,
        reply::page_buttons(ctx.id(), 0, pages),
        false,
    ))
    .await?;
    Ok(())
}

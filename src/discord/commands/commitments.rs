//! `/commitments`: the commitment ledger — who committed to what — most significant first, cited,
//! six entries to a page. `actor` autocompletes from every actor the articles name; one who has
//! committed to nothing yet is told where the articles mention it.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use quarry_engine::actors::Named;
use quarry_engine::commitments::ledger::{Entry, Filter, Line, CITED_PER_LINE};
use quarry_engine::commitments::Stage;
use quarry_engine::engine::Source;
use quarry_engine::index::IndexError;
use quarry_text::words::count_of;

use crate::discord::render::{self, Rendered};
use crate::discord::reply;
use crate::discord::types::{Context, Data, Error, Paged};

pub const PER_PAGE: usize = 6;

/// How firm a commitment is, as offered in the `stage` option.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum StageChoice {
    #[name = "intent"]
    Intent,
    #[name = "firm"]
    Firm,
    #[name = "hedged"]
    Hedged,
}

impl From<StageChoice> for Stage {
    fn from(choice: StageChoice) -> Stage {
        match choice {
            StageChoice::Intent => Stage::Intent,
            StageChoice::Firm => Stage::Firm,
            StageChoice::Hedged => Stage::Hedged,
        }
    }
}

/// Who committed to what, with the articles that report it; filter by actor, topic or stage.
#[poise::command(slash_command)]
pub async fn commitments(
    ctx: Context<'_>,
    #[description = "Who committed (start typing a name)"]
    #[autocomplete = "actor_names"]
    #[max_length = 100]
    actor: Option<String>,
    #[description = "Words the commitment must mention"]
    #[max_length = 200]
    topic: Option<String>,
    #[description = "How firm: intent, firm or hedged"] stage: Option<StageChoice>,
) -> Result<(), Error> {
    let data = ctx.data();
    let filter = Filter {
        actor: actor.filter(|a| !a.trim().is_empty()),
        topic: topic.filter(|t| !t.trim().is_empty()),
        stage: stage.map(Stage::from),
    };
    let what: Vec<String> = filter
        .actor
        .iter()
        .chain(filter.topic.iter())
        .cloned()
        .chain(filter.stage.map(|s| s.as_str().to_string()))
        .collect();
    let what = what.join(" · ");
    let asked = filter.actor.clone();
    let entries = data
        .engine(move |engine| engine.commitments(&filter))
        .await?;
    if let (true, Some(asked)) = (entries.is_empty(), asked) {
        let unrecorded = data
            .engine(move |engine| {
                let named = engine.actor(&asked).filter(|n| n.commitments == 0)?;
                let articles: Vec<Source> = named
                    .articles
                    .iter()
                    .take(render::LISTED_ARTICLES)
                    .filter_map(|id| engine.source(id))
                    .collect();
                Some((named, articles))
            })
            .await?;
        if let Some((named, articles)) = unrecorded {
            let rendered = render::actor_without_commitments(&named, &articles);
            ctx.send(reply::reply(&rendered, Vec::new(), false)).await?;
            return Ok(());
        }
    }
    let (rendered, pages) = page(data, &what, Arc::clone(&entries), 0).await?;
    data.pages
        .insert(ctx.id(), Paged::Commitments { what, entries });
    ctx.send(reply::reply(
        &rendered,
        reply::page_buttons(ctx.id(), 0, pages),
        false,
    ))
    .await?;
    Ok(())
}

/// Page `page` (clamped) of ledger entries, each cited by its first reports, and how many pages
/// there are.
pub async fn page(
    data: &Data,
    what: &str,
    entries: Arc<[Entry]>,
    page: usize,
) -> Result<(Rendered, usize), Error> {
    let pages = entries.len().div_ceil(PER_PAGE).max(1);
    let page = page.min(pages - 1);
    let what = what.to_string();
    let rendered = data
        .engine(move |engine| {
            let slice = &entries
                [(page * PER_PAGE).min(entries.len())..((page + 1) * PER_PAGE).min(entries.len())];
            let mut citations = Vec::new();
            let mut lines = Vec::new();
            for entry in slice {
                let mut numbers = Vec::new();
                for c in entry.evidence.iter().take(CITED_PER_LINE) {
                    numbers.push(citations.len() + 1);
                    citations.push(engine.cite(citations.len() + 1, &c.doc, &c.quote)?);
                }
                let more = entry.evidence.len().saturating_sub(CITED_PER_LINE);
                lines.push(Line::of(entry, numbers, more));
            }
            Ok::<_, IndexError>(render::commitments_page(
                &lines,
                &citations,
                &what,
                page,
                pages,
                entries.len(),
            ))
        })
        .await??;
    Ok((rendered, pages))
}

/// Actors whose name contains what was typed, most commitments first (at most 25, names and
/// values 1 to 100 chars): every actor the articles name, with or without commitments.
async fn actor_names(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase();
    let choices = match ctx.data().engine(|engine| engine.actors()).await {
        Ok(actors) => actors
            .iter()
            .filter(|a| !a.name.trim().is_empty() && a.name.chars().count() <= render::CHOICE_NAME)
            .filter(|a| typed.is_empty() || a.name.to_lowercase().contains(&typed))
            .take(render::CHOICES)
            .map(|a| {
                serenity::AutocompleteChoice::new(render::choice_name(&label(a)), a.name.clone())
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// "United States · 12 commitments", "Kazakhstan · in 5 articles".
fn label(actor: &Named) -> String {
    if actor.commitments > 0 {
        format!(
            "{} · {}",
            actor.name,
            count_of(actor.commitments, "commitment")
        )
    } else {
        format!(
            "{} · in {}",
            actor.name,
            count_of(actor.articles.len(), "article")
        )
    }
}

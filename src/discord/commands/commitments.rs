//! `/commitments`: the commitment ledger — who committed to what — grouped by actor, cited,
//! six entries to a page. `actor` autocompletes from the ledger's actors.

use std::collections::HashMap;

use poise::serenity_prelude as serenity;
use quarry_engine::commitments::ledger::Filter;
use quarry_engine::commitments::Stage;

use crate::discord::render::{self, Cited};
use crate::discord::reply;
use crate::discord::types::{Context, Error, Paged};

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
    let (entries, articles) = data
        .engine(move |engine| {
            let articles: HashMap<String, Cited> = engine
                .sources()
                .into_iter()
                .map(|s| {
                    let cited = Cited {
                        title: s.title,
                        url: s.url,
                    };
                    (s.id, cited)
                })
                .collect();
            (engine.commitments(&filter), articles)
        })
        .await?;
    let pages = entries.len().div_ceil(PER_PAGE).max(1);
    let rendered = render::commitments_page(
        &entries[..entries.len().min(PER_PAGE)],
        &articles,
        &what,
        0,
        pages,
        entries.len(),
    );
    data.pages.insert(
        ctx.id(),
        Paged::Commitments {
            what,
            entries,
            articles,
        },
    );
    ctx.send(reply::reply(
        &rendered,
        reply::page_buttons(ctx.id(), 0, pages),
        false,
    ))
    .await?;
    Ok(())
}

/// Actors whose name contains what was typed (at most 25, names and values 1 to 100 chars).
async fn actor_names(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase();
    let actors = ctx
        .data()
        .engine(|engine| engine.actors())
        .await
        .unwrap_or_default();
    let choices = actors
        .into_iter()
        .filter(|a| !a.trim().is_empty() && a.chars().count() <= render::CHOICE_NAME)
        .filter(|a| typed.is_empty() || a.to_lowercase().contains(&typed))
        .take(render::CHOICES)
        .map(|a| serenity::AutocompleteChoice::new(render::choice_name(&a), a))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

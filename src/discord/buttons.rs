//! Button clicks under answers and paged lists. Custom ids say what to do:
//! `vote:up:<answer>`, `vote:down:<answer>`, `more:<answer>`, `page:<invocation>:<page>`.

use poise::serenity_prelude as serenity;
use quarry_engine::feedback::{Record, Vote};

use super::commands;
use super::render;
use super::reply;
use super::types::{Data, Error, Paged};

/// What a button asks for.
#[derive(Debug, PartialEq)]
enum Click<'a> {
    Vote(Vote, &'a str),
    More(&'a str),
    Page(u64, usize),
}

fn parse(custom_id: &str) -> Option<Click<'_>> {
    let mut parts = custom_id.splitn(3, ':');
    match (parts.next()?, parts.next()?, parts.next()) {
        ("vote", "up", Some(id)) => Some(Click::Vote(Vote::Up, id)),
        ("vote", "down", Some(id)) => Some(Click::Vote(Vote::Down, id)),
        ("more", id, None) => Some(Click::More(id)),
        ("page", key, Some(page)) => Some(Click::Page(key.parse().ok()?, page.parse().ok()?)),
        _ => None,
    }
}

pub async fn handle(
    ctx: &serenity::Context,
    data: &Data,
    click: &serenity::ComponentInteraction,
) -> Result<(), Error> {
    let user = click.user.id.to_string();
    let response = match parse(&click.data.custom_id) {
        Some(Click::Vote(vote, answer_id)) => {
            let question = data
                .answers
                .get(&answer_id.to_string())
                .map(|a| a.question)
                .unwrap_or_default();
            data.record(Record::voted(&user, &question, answer_id, vote))
                .await;
            let thanks = match vote {
                Vote::Up => "Thanks! Noted 👍",
                Vote::Down => "Thanks, noted 👎. The team reviews down-voted answers.",
            };
            reply::response(&render::note(thanks), Vec::new(), true)
        }
        Some(Click::More(answer_id)) => match data.answers.get(&answer_id.to_string()) {
            Some(asked) => {
                let question = asked.question.clone();
                let hits = data
                    .engine(move |engine| engine.search(&question, 8))
                    .await??;
                reply::response(
                    &render::more_sources(&asked.question, &hits),
                    Vec::new(),
                    true,
                )
            }
            None => reply::response(
                &render::note("That answer is too old for more sources; please ask again."),
                Vec::new(),
                true,
            ),
        },
        Some(Click::Page(key, page)) => match data.pages.get(&key) {
            Some(paged) => {
                let (rendered, pages) = page_of(data, paged, page).await?;
                reply::update(
                    &rendered,
                    reply::page_buttons(key, page.min(pages - 1), pages),
                )
            }
            None => reply::response(
                &render::note("These results have expired; please run the command again."),
                Vec::new(),
                true,
            ),
        },
        None => reply::response(
            &render::note("This button is no longer supported."),
            Vec::new(),
            true,
        ),
    };
    click.create_response(&ctx.http, response).await?;
    Ok(())
}

/// Page `page` (clamped) of paged results, and how many pages there are.
async fn page_of(
    data: &Data,
    paged: Paged,
    page: usize,
) -> Result<(render::Rendered, usize), Error> {
    Ok(match paged {
        Paged::Search { query, hits } => {
            let per = commands::SEARCH_PER_PAGE;
            let pages = hits.len().div_ceil(per).max(1);
            let page = page.min(pages - 1);
            let slice = &hits[(page * per).min(hits.len())..((page + 1) * per).min(hits.len())];
            (render::hits_page(&query, slice, page, pages), pages)
        }
        Paged::Sources(all) => {
            let per = commands::SOURCES_PER_PAGE;
            let pages = all.len().div_ceil(per).max(1);
            let page = page.min(pages - 1);
            let slice = &all[(page * per).min(all.len())..((page + 1) * per).min(all.len())];
            (render::sources_page(slice, page, pages, all.len()), pages)
        }
        Paged::Commitments { what, entries } => {
            commands::commitments_page(data, &what, entries, page).await?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        assert_eq!(parse("vote:up:123"), Some(Click::Vote(Vote::Up, "123")));
        assert_eq!(parse("vote:down:9"), Some(Click::Vote(Vote::Down, "9")));
        assert_eq!(parse("more:77"), Some(Click::More("77")));
        assert_eq!(parse("page:42:3"), Some(Click::Page(42, 3)));
        assert_eq!(parse("page:x:3"), None);
        assert_eq!(parse("other"), None);
    }
}

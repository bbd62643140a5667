//! `/ask`: a cited answer, with 👍 / 👎 / "More sources" under it.

use std::time::Duration;

use quarry_engine::feedback::Record;

use crate::discord::render;
use crate::discord::reply;
use crate::discord::types::{Asked, Context, Error};

/// How long the engine may take before the interaction is deferred (Discord allows 3 s).
const ANSWER_DIRECTLY_WITHIN: Duration = Duration::from_millis(1500);

/// Ask a question; the answer quotes the articles it comes from, with numbered sources.
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, in plain words"]
    #[max_length = 1000]
    question: String,
    #[description = "Show the answer only to you"] private: Option<bool>,
) -> Result<(), Error> {
    let private = private.unwrap_or(false);
    let data = ctx.data();
    let asked = question.clone();
    let engine = std::sync::Arc::clone(&data.engine);
    let mut task = tokio::task::spawn_blocking(move || engine.ask(&asked));
    let answer = match tokio::time::timeout(ANSWER_DIRECTLY_WITHIN, &mut task).await {
        Ok(answer) => answer??,
        Err(_) => {
            if private {
                ctx.defer_ephemeral().await?;
            } else {
                ctx.defer().await?;
            }
            task.await??
        }
    };
    let answer_id = ctx.id().to_string();
    data.answers.insert(
        answer_id.clone(),
        Asked {
            question: question.clone(),
        },
    );
    let rendered = render::answer(&answer);
    ctx.send(reply::reply(
        &rendered,
        reply::answer_buttons(&answer_id),
        private,
    ))
    .await?;
    data.record(Record::asked(
        &ctx.author().id.to_string(),
        &question,
        &answer_id,
        answer.answered,
    ))
    .await;
    Ok(())
}

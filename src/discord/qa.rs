//! Team Q&A channels: a question posted there gets a cited answer in a new public thread on
//! it; a follow-up in that thread is answered there with the thread's first question as context.
//! Anywhere else the bot answers only when mentioned. It never answers bots, itself included.

use poise::serenity_prelude as serenity;
use quarry_engine::answer::Answer;
use quarry_engine::feedback::Record;

use super::render;
use super::reply;
use super::types::{Asked, Data, Error};

/// What to do with a message.
#[derive(Debug, PartialEq)]
pub enum Action {
    Ignore,
    /// Open a thread on the message and answer there.
    Thread(String),
    /// Answer a follow-up in the thread, given the thread's first question.
    FollowUp {
        question: String,
        first: String,
    },
    /// Answer with a reply in the same channel.
    Reply(String),
}

/// The message text without mentions of the bot.
fn question_text(content: &str, bot: serenity::UserId) -> String {
    let plain = content
        .replace(&format!("<@{bot}>"), " ")
        .replace(&format!("<@!{bot}>"), " ");
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decides from plain facts about a message; no Discord calls.
pub fn decide(
    content: &str,
    from_bot: bool,
    mentioned: bool,
    in_qa_channel: bool,
    thread_first: Option<String>,
    bot: serenity::UserId,
) -> Action {
    if from_bot {
        return Action::Ignore;
    }
    let question = question_text(content, bot);
    if question.is_empty() {
        return Action::Ignore;
    }
    if let Some(first) = thread_first {
        return Action::FollowUp { question, first };
    }
    if in_qa_channel && (question.ends_with('?') || mentioned) {
        return Action::Thread(question);
    }
    if mentioned {
        return Action::Reply(question);
    }
    Action::Ignore
}

pub async fn handle(
    ctx: &serenity::Context,
    data: &Data,
    bot: serenity::UserId,
    message: &serenity::Message,
) -> Result<(), Error> {
    let mentioned = message.mentions.iter().any(|u| u.id == bot)
        || message.content.contains(&format!("<@{bot}>"));
    let from_bot = message.author.bot || message.author.id == bot;
    let action = decide(
        &message.content,
        from_bot,
        mentioned,
        data.qa_channels.contains(&message.channel_id),
        data.threads.get(&message.channel_id),
        bot,
    );
    let answer_id = message.id.to_string();
    let user = message.author.id.to_string();
    // Each action decides where the answer goes; posting and recording are the same for all.
    let (question, answer, channel, reply_to) = match action {
        Action::Ignore => return Ok(()),
        Action::Thread(question) => {
            let answer = ask(data, &question).await?;
            let thread = message
                .channel_id
                .create_thread_from_message(
                    &ctx.http,
                    message.id,
                    serenity::CreateThread::new(render::thread_name(&question))
                        .auto_archive_duration(serenity::AutoArchiveDuration::OneDay),
                )
                .await?;
            data.threads.insert(thread.id, question.clone());
            (question, answer, thread.id, None)
        }
        Action::FollowUp { question, first } => {
            let mut answer = ask(data, &question).await?;
            if !answer.answered {
                let combined = ask(data, &format!("{first} {question}")).await?;
                if combined.answered {
                    answer = Answer {
                        question: question.clone(),
                        ..combined
                    };
                }
            }
            (question, answer, message.channel_id, None)
        }
        Action::Reply(question) => {
            let answer = ask(data, &question).await?;
            (question, answer, message.channel_id, Some(message))
        }
    };
    post(ctx, data, channel, reply_to, &question, &answer, &answer_id).await?;
    data.record(Record::asked(&user, &question, &answer_id, answer.answered))
        .await;
    Ok(())
}

async fn ask(data: &Data, question: &str) -> Result<Answer, Error> {
    let question = question.to_string();
    Ok(data.engine(move |engine| engine.ask(&question)).await??)
}

async fn post(
    ctx: &serenity::Context,
    data: &Data,
    channel: serenity::ChannelId,
    reply_to: Option<&serenity::Message>,
    question: &str,
    answer: &Answer,
    answer_id: &str,
) -> Result<(), Error> {
    data.answers.insert(
        answer_id.to_string(),
        Asked {
            question: question.to_string(),
        },
    );
    let mut message = reply::message(&render::answer(answer), reply::answer_buttons(answer_id));
    if let Some(original) = reply_to {
        message = message.reference_message(original);
    }
    channel.send_message(&ctx.http, message).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOT: serenity::UserId = serenity::UserId::new(42);

    #[test]
    fn questions_in_qa_channels_open_threads() {
        assert_eq!(
            decide("Who is Rubio?", false, false, true, None, BOT),
            Action::Thread("Who is Rubio?".into())
        );
        assert_eq!(
            decide("<@42> Rubio", false, true, true, None, BOT),
            Action::Thread("Rubio".into())
        );
        assert_eq!(
            decide("just chatting", false, false, true, None, BOT),
            Action::Ignore
        );
    }

    #[test]
    fn elsewhere_only_mentions_and_never_bots() {
        assert_eq!(
            decide("Who is Rubio?", false, false, false, None, BOT),
            Action::Ignore
        );
        assert_eq!(
            decide("<@!42> who?", false, true, false, None, BOT),
            Action::Reply("who?".into())
        );
        assert_eq!(
            decide("Who is Rubio?", true, true, true, None, BOT),
            Action::Ignore
        );
        assert_eq!(
            decide("<@42>", false, true, true, None, BOT),
            Action::Ignore
        );
    }

    #[test]
    fn thread_messages_are_follow_ups() {
        let action = decide(
            "and when?",
            false,
            false,
            false,
            Some("Who is Rubio?".into()),
            BOT,
        );
        assert_eq!(
            action,
            Action::FollowUp {
                question: "and when?".into(),
                first: "Who is Rubio?".into()
            }
        );
    }
}

//! End-to-end: the real `quarry serve` process against a loopback Discord (tests/support).

#![recursion_limit = "256"]

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::fake_discord::{
    self as fake, FakeDiscord, Recorded, APP_ID, BOT_ID, HUMAN_ID, OTHER_BOT_ID, QA_CHANNEL,
};
use support::{Bot, SERIAL, TOKEN};

const THREE_SECONDS: Duration = Duration::from_secs(3);

/// The message an interaction was answered with: the callback's data, or the follow-up after
/// a deferral. Also returns how long the first response took after `sent`.
async fn answer_of(fake: &FakeDiscord, interaction: &Value, sent: Instant) -> (Value, Duration) {
    let callback = fake
        .callback(interaction, Duration::from_secs(10))
        .await
        .expect("the interaction gets a callback");
    let took = callback.at.duration_since(sent);
    if callback.body["type"] == 5 {
        let token = interaction["token"].as_str().expect("token");
        let path = format!("/webhooks/{APP_ID}/{token}");
        let follow = fake
            .wait_for(Duration::from_secs(10), |r| r.path.starts_with(&path))
            .await
            .expect("a follow-up");
        return (follow.body, took);
    }
    (callback.body["data"].clone(), took)
}

async fn ask(
    fake: &FakeDiscord,
    user: u64,
    question: &str,
    private: bool,
) -> (Value, Value, Duration) {
    let id = fake.next_id();
    let mut options = vec![("question", 3, json!(question))];
    if private {
        options.push(("private", 5, json!(true)));
    }
    let interaction = fake::slash(id, user, "ask", &options);
    let sent = Instant::now();
    fake.dispatch("INTERACTION_CREATE", interaction.clone());
    let (message, took) = answer_of(fake, &interaction, sent).await;
    (interaction, message, took)
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// Discord's limits on one outgoing message body, and no pings.
fn assert_valid_message(m: &Value) {
    assert!(chars(&m["content"]) <= 2000, "content over 2000 chars");
    let mentions = &m["allowed_mentions"];
    assert_eq!(
        mentions["parse"],
        json!([]),
        "allowed_mentions must parse nothing: {m}"
    );
    assert!(mentions["users"].as_array().is_none_or(|u| u.is_empty()));
    assert!(mentions["roles"].as_array().is_none_or(|r| r.is_empty()));
    let embeds = m["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= 10);
    let mut total = 0;
    for e in &embeds {
        assert!(chars(&e["title"]) <= 256);
        assert!(chars(&e["description"]) <= 4096);
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= 25);
        for f in &fields {
            assert!(
                (1..=256).contains(&chars(&f["name"])) && (1..=1024).contains(&chars(&f["value"]))
            );
            total += chars(&f["name"]) + chars(&f["value"]);
        }
        total += chars(&e["title"]) + chars(&e["description"]) + chars(&e["footer"]["text"]);
    }
    assert!(total <= 6000, "embeds hold {total} chars");
}

/// Every message the bot sent, wherever it went, holds the limits and pings nobody.
fn assert_every_message_valid(fake: &FakeDiscord) {
    for r in fake.requests() {
        let message = if r.path.ends_with("/callback") {
            match r.body["type"].as_u64() {
                Some(4) | Some(7) => r.body["data"].clone(),
                _ => continue,
            }
        } else if (r.path.contains("/webhooks/") && r.method != "GET")
            || (r.path.ends_with("/messages") && r.method == "POST")
        {
            r.body.clone()
        } else {
            continue;
        };
        assert_valid_message(&message);
    }
}

/// Quotes in an answer's embed: lines starting with "> ", ellipsis removed.
fn quotes(message: &Value) -> Vec<String> {
    let description = message["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    description
        .lines()
        .filter_map(|l| l.strip_prefix("> "))
        .map(|q| q.trim_end_matches('…').trim().to_string())
        .collect()
}

fn custom_ids(message: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for row in message["components"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        for button in row["components"].as_array().cloned().unwrap_or_default() {
            ids.push(button["custom_id"].as_str().unwrap_or_default().to_string());
        }
    }
    ids
}

fn dump(bot: &Bot, fake: &FakeDiscord) -> String {
    let requests: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.body))
        .collect();
    format!(
        "bot log:\n{}\nrequests:\n{}",
        bot.log(),
        requests.join("\n")
    )
}

#[test]
fn payloads_parse_as_serenity_models() {
    use serenity::model::prelude::*;
    serde_json::from_value::<Ready>(fake::ready(1, 1)).expect("READY");
    serde_json::from_value::<Guild>(fake::guild()).expect("GUILD_CREATE");
    serde_json::from_value::<CurrentApplicationInfo>(fake::application()).expect("application");
    serde_json::from_value::<CurrentUser>(fake::user(BOT_ID, "quarry", true)).expect("user");
    let on = fake::message(5, 6, fake::user(BOT_ID, "quarry", true), "hi");
    serde_json::from_value::<Message>(on.clone()).expect("message");
    serde_json::from_value::<Message>(fake::message_create(
        5,
        6,
        fake::user(HUMAN_ID, "h", false),
        "hi",
        vec![],
    ))
    .expect("MESSAGE_CREATE");
    for interaction in [
        fake::slash(7, HUMAN_ID, "ask", &[("question", 3, json!("q"))]),
        fake::autocomplete(8, "source", "id", "00"),
        fake::slash_by(10, HUMAN_ID, "digest", "32", &[fake::ADMIN_ROLE]),
        fake::click(9, HUMAN_ID, "vote:up:1", on),
    ] {
        let parsed = serde_json::from_value::<Interaction>(interaction.clone());
        assert!(parsed.is_ok(), "{interaction}: {parsed:?}");
    }
}

#[tokio::test]
async fn missing_or_rejected_token_is_one_clear_line() {
    let _serial = SERIAL.lock().await;
    let fake = FakeDiscord::start(TOKEN).await;
    for (token, expected) in [
        (None, "DISCORD_TOKEN is not set"),
        (Some("FAKE.WRONG.TOKEN"), "rejected DISCORD_TOKEN"),
    ] {
        let mut bot = support::spawn(&fake, support::workspace("", &[]), token);
        let status = tokio::time::timeout(Duration::from_secs(20), bot.child.wait())
            .await
            .expect("exits")
            .expect("status");
        assert_ne!(status.code(), Some(0));
        let log = bot.log();
        assert!(log.contains(expected), "{log}");
        assert!(
            !log.contains("FAKE.WRONG.TOKEN"),
            "the token must never be logged: {log}"
        );
    }
}

#[tokio::test]
async fn startup_registers_valid_commands_and_cools_down_and_stops_on_sigterm() {
    let _serial = SERIAL.lock().await;
    let (fake, mut bot) = support::start("cooldown_secs = 30", &[]).await;
    let identify = fake.identifies().first().cloned().expect("IDENTIFY");
    let sent = identify["token"].as_str().unwrap_or_default();
    assert_eq!(
        sent.trim_start_matches("Bot "),
        TOKEN,
        "identifies with the token"
    );
    let intents = identify["intents"].as_u64().expect("intents");
    assert_eq!(
        intents & (1 | 512 | 32768),
        1 | 512 | 32768,
        "GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT"
    );
    let registration = fake
        .requests()
        .into_iter()
        .find(|r| {
            r.method == "PUT"
                && r.path
                    .ends_with(&format!("/guilds/{}/commands", fake::GUILD_ID))
        })
        .expect("commands registered in the configured guild");
    let commands = registration.body.as_array().expect("command list");
    let names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    for wanted in [
        "ask",
        "search",
        "sources",
        "source",
        "commitments",
        "digest",
        "help",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    let valid_name = |n: &str| {
        (1..=32).contains(&n.chars().count())
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    };
    let valid_description = |d: &Value| (1..=100).contains(&chars(d));
    for command in commands {
        assert!(
            valid_name(command["name"].as_str().unwrap_or("")),
            "{command}"
        );
        assert!(valid_description(&command["description"]), "{command}");
        for option in command["options"].as_array().cloned().unwrap_or_default() {
            assert!(
                valid_name(option["name"].as_str().unwrap_or("")),
                "{option}"
            );
            assert!(valid_description(&option["description"]), "{option}");
        }
    }

    // Per-user cooldown: the second /ask within 30 s gets a friendly ephemeral note.
    let (_, first, _) = ask(
        &fake,
        HUMAN_ID,
        "Who hosted the critical minerals ministerial?",
        false,
    )
    .await;
    assert!(!first["content"].as_str().unwrap_or("").contains("again in"));
    let (_, second, took) = ask(
        &fake,
        HUMAN_ID,
        "Who hosted the critical minerals ministerial?",
        false,
    )
    .await;
    assert!(took < THREE_SECONDS);
    assert!(
        second["content"]
            .as_str()
            .unwrap_or("")
            .contains("again in"),
        "{second}"
    );
    assert_eq!(
        second["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "cooldown note is ephemeral"
    );

    // /help answers, privately.
    let help = fake::slash(fake.next_id(), HUMAN_ID + 1, "help", &[]);
    fake.dispatch("INTERACTION_CREATE", help.clone());
    let (message, _) = answer_of(&fake, &help, Instant::now()).await;
    let listed = message["content"].as_str().unwrap_or("");
    assert!(
        listed.contains("/ask") && listed.contains("/commitments") && listed.contains("/digest"),
        "{message}"
    );
    assert_every_message_valid(&fake);

    assert_eq!(
        bot.stop(Duration::from_secs(10)).await,
        Some(0),
        "{}",
        bot.log()
    );
}

#[tokio::test]
async fn ask_gives_verbatim_citations_abstains_and_goes_private() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("", &[]).await;
    let corpus = support::corpus_text(&bot);

    let (_, message, took) = ask(
        &fake,
        HUMAN_ID,
        "What did Marco Rubio say about critical minerals?",
        false,
    )
    .await;
    assert!(took < THREE_SECONDS, "answered after {took:?}");
    assert!(
        message["content"].as_str().unwrap_or("").contains("[1]"),
        "{message}"
    );
    let found = quotes(&message);
    assert!(!found.is_empty(), "{message}");
    for quote in &found {
        assert!(
            corpus.iter().any(|text| text.contains(quote.as_str())),
            "not verbatim: {quote}"
        );
    }
    assert_eq!(
        message["flags"].as_u64().unwrap_or(0) & 64,
        0,
        "public by default"
    );
    let buttons = custom_ids(&message);
    assert_eq!(buttons.len(), 3, "👍 / 👎 / More sources: {buttons:?}");

    let (_, message, took) =
        ask(&fake, HUMAN_ID + 1, "What is the capital of France?", false).await;
    assert!(took < THREE_SECONDS);
    assert!(
        message["content"]
            .as_str()
            .unwrap_or("")
            .starts_with("Not in the corpus"),
        "{message}"
    );
    assert!(message["embeds"].as_array().is_none_or(|e| e.is_empty()));

    let (_, message, took) = ask(
        &fake,
        HUMAN_ID + 2,
        "Who hosted the critical minerals ministerial?",
        true,
    )
    .await;
    assert!(took < THREE_SECONDS);
    assert_eq!(
        message["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "private answers are ephemeral"
    );
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn autocomplete_offers_at_most_25_valid_choices() {
    let _serial = SERIAL.lock().await;
    let extra: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("extra_{i:02}.md"),
                format!(
                    "+++\ntitle = \"Extra article {i} {}\"\n+++\nExtra body number {i}.\n",
                    "long ".repeat(40)
                ),
            )
        })
        .collect();
    let extra: Vec<(&str, String)> = extra.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (fake, bot) = support::start("", &extra).await;
    for partial in ["", "extra", "00", "minerals"] {
        let interaction = fake::autocomplete(fake.next_id(), "source", "id", partial);
        let sent = Instant::now();
        fake.dispatch("INTERACTION_CREATE", interaction.clone());
        let callback = fake
            .callback(&interaction, THREE_SECONDS)
            .await
            .unwrap_or_else(|| panic!("no autocomplete; {}", dump(&bot, &fake)));
        assert!(callback.at.duration_since(sent) < THREE_SECONDS);
        assert_eq!(callback.body["type"], json!(8), "autocomplete result");
        let choices = callback.body["data"]["choices"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            !choices.is_empty() && choices.len() <= 25,
            "{partial:?}: {} choices",
            choices.len()
        );
        for choice in choices {
            assert!((1..=100).contains(&chars(&choice["name"])), "{choice}");
            assert!((1..=100).contains(&chars(&choice["value"])), "{choice}");
        }
    }
    // The background rescan picks up a new article; a broken file is logged and skipped.
    std::fs::write(
        bot.corpus().join("late_arrival.md"),
        "+++\ntitle = \"A late arrival\"\n+++\nIt came late.\n",
    )
    .expect("write");
    std::fs::write(
        bot.corpus().join("broken.md"),
        "+++\ntitle = [unclosed\n+++\nBody.\n",
    )
    .expect("write");
    let mut seen = false;
    for _ in 0..40 {
        let interaction = fake::autocomplete(fake.next_id(), "source", "id", "late");
        fake.dispatch("INTERACTION_CREATE", interaction.clone());
        let callback = fake
            .callback(&interaction, THREE_SECONDS)
            .await
            .expect("autocomplete answered");
        if callback.body["data"]["choices"]
            .to_string()
            .contains("late_arrival")
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        seen,
        "the rescan did not pick up the new article; {}",
        bot.log()
    );
    assert!(
        bot.log().contains("broken"),
        "the broken file is logged: {}",
        bot.log()
    );

    // Choosing an id shows the article.
    let interaction = fake::slash(
        fake.next_id(),
        HUMAN_ID,
        "source",
        &[("id", 3, json!("002_bfb5eda7d35dfa94"))],
    );
    fake.dispatch("INTERACTION_CREATE", interaction.clone());
    let (message, _) = answer_of(&fake, &interaction, Instant::now()).await;
    assert!(
        message["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .contains("Central Asia"),
        "{message}"
    );
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn qa_channel_question_gets_a_thread_and_bots_get_nothing() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("", &[]).await;
    let human = fake::user(HUMAN_ID, "reporter", false);
    let question_id = fake.next_id();
    let question = "What did Marco Rubio say about critical minerals?";
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(question_id, QA_CHANNEL, human.clone(), question, vec![]),
    );
    let thread_path = format!("/channels/{QA_CHANNEL}/messages/{question_id}/threads");
    let thread = fake
        .wait_for(Duration::from_secs(5), |r| {
            r.method == "POST" && r.path == format!("/api/v10{thread_path}")
        })
        .await;
    let thread = thread.unwrap_or_else(|| panic!("no thread; {}", dump(&bot, &fake)));
    assert!((1..=100).contains(&chars(&thread.body["name"])));
    let reply = fake
        .wait_for(Duration::from_secs(5), |r| {
            r.method == "POST"
                && r.path.ends_with("/messages")
                && !r.path.contains(&QA_CHANNEL.to_string())
        })
        .await
        .expect("an answer posted in the thread");
    assert!(
        reply.body["content"].as_str().unwrap_or("").contains("[1]"),
        "{}",
        reply.body
    );
    let thread_id: u64 = reply
        .path
        .trim_start_matches("/api/v10/channels/")
        .trim_end_matches("/messages")
        .parse()
        .expect("thread id");

    // A follow-up inside the thread is answered there.
    let before = fake.requests().len();
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            thread_id,
            human.clone(),
            "And what did Vance say?",
            vec![],
        ),
    );
    let follow = fake
        .wait_for(Duration::from_secs(5), |r| {
            r.method == "POST"
                && r.path == format!("/api/v10/channels/{thread_id}/messages")
                && r.body != reply.body
        })
        .await;
    assert!(
        follow.is_some(),
        "no follow-up answer; {}",
        dump(&bot, &fake)
    );

    // Bots (and chatter without a question) get nothing; elsewhere only mentions are answered.
    let posts_before = fake.requests().len();
    let other_bot = fake::user(OTHER_BOT_ID, "otherbot", true);
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            QA_CHANNEL,
            other_bot,
            "Who is Marco Rubio?",
            vec![],
        ),
    );
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            QA_CHANNEL,
            fake::user(BOT_ID, "quarry", true),
            "Who is Marco Rubio?",
            vec![],
        ),
    );
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            fake::OTHER_CHANNEL,
            human.clone(),
            "Who is Marco Rubio?",
            vec![],
        ),
    );
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            QA_CHANNEL,
            human.clone(),
            "good morning all",
            vec![],
        ),
    );
    let mention = format!("<@{BOT_ID}> Who hosted the critical minerals ministerial?");
    let mention_id = fake.next_id();
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            mention_id,
            fake::OTHER_CHANNEL,
            human,
            &mention,
            vec![fake::user(BOT_ID, "quarry", true)],
        ),
    );
    let answered = fake
        .wait_for(Duration::from_secs(5), |r| {
            r.method == "POST"
                && r.path == format!("/api/v10/channels/{}/messages", fake::OTHER_CHANNEL)
        })
        .await
        .expect("a mention elsewhere is answered");
    assert_eq!(
        answered.body["message_reference"]["message_id"],
        json!(mention_id.to_string())
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after: Vec<Recorded> = fake
        .requests()
        .into_iter()
        .skip(posts_before)
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(after.len(), 1, "only the mention is answered: {after:?}");
    assert!(before < posts_before);
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn hostile_article_pings_nobody_and_every_limit_holds() {
    let _serial = SERIAL.lock().await;
    let mut long = String::from(
        "The quokka council told @everyone and <@123> and <@&456> that the zebra tariff",
    );
    while long.len() < 10_000 {
        long.push_str(" would rise again under the quokka council plan with https://example.com/zebra/tariff/plan and [7] notes");
    }
    long.push('.');
    let article = format!(
        "+++\ntitle = \"@everyone: the quokka council and the zebra tariff <@123>\"\nsource = \"@here Gazette\"\nurl = \"https://example.com/quokka\"\n+++\n{long}\n\nThe quokka council met @everyone on Monday.\n"
    );
    let (fake, bot) = support::start("", &[("hostile.md", article)]).await;
    let (_, message, took) = ask(
        &fake,
        HUMAN_ID,
        "What did the quokka council tell everyone about the zebra tariff?",
        false,
    )
    .await;
    assert!(took < THREE_SECONDS);
    assert_valid_message(&message);
    assert!(
        message["content"]
            .as_str()
            .unwrap_or("")
            .contains("@everyone"),
        "the hostile text is shown: {message}"
    );
    let corpus = support::corpus_text(&bot);
    for quote in quotes(&message) {
        assert!(
            corpus.iter().any(|t| t.contains(quote.as_str())),
            "not verbatim: {quote}"
        );
    }
    // The article page and search results too.
    let search = fake::slash(
        fake.next_id(),
        HUMAN_ID + 1,
        "search",
        &[("query", 3, json!("quokka council zebra tariff"))],
    );
    fake.dispatch("INTERACTION_CREATE", search.clone());
    answer_of(&fake, &search, Instant::now()).await;
    let source = fake::slash(
        fake.next_id(),
        HUMAN_ID + 2,
        "source",
        &[("id", 3, json!("hostile"))],
    );
    fake.dispatch("INTERACTION_CREATE", source.clone());
    let (page, _) = answer_of(&fake, &source, Instant::now()).await;
    assert!(
        page["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .contains("quokka"),
        "{page}"
    );
    // In a Q&A thread as well.
    fake.dispatch(
        "MESSAGE_CREATE",
        fake::message_create(
            fake.next_id(),
            QA_CHANNEL,
            fake::user(HUMAN_ID, "r", false),
            "What did the quokka council tell everyone?",
            vec![],
        ),
    );
    let posted = fake
        .wait_for(Duration::from_secs(5), |r| {
            r.method == "POST" && r.path.ends_with("/messages")
        })
        .await;
    assert!(posted.is_some(), "{}", dump(&bot, &fake));
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn pagination_and_feedback_buttons_work() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("", &[]).await;
    let search = fake::slash(
        fake.next_id(),
        HUMAN_ID,
        "search",
        &[("query", 3, json!("critical minerals"))],
    );
    fake.dispatch("INTERACTION_CREATE", search.clone());
    let (page_one, _) = answer_of(&fake, &search, Instant::now()).await;
    let ids = custom_ids(&page_one);
    let next = ids
        .iter()
        .find(|id| id.ends_with(":1"))
        .unwrap_or_else(|| panic!("a ▶ button: {page_one}"))
        .clone();
    assert!(
        next.contains(search["id"].as_str().unwrap_or("")),
        "buttons are keyed to the invocation id"
    );
    let on = fake::message(
        fake.next_id(),
        fake::OTHER_CHANNEL,
        fake::user(BOT_ID, "quarry", true),
        "",
    );
    let click = fake::click(fake.next_id(), HUMAN_ID, &next, on.clone());
    fake.dispatch("INTERACTION_CREATE", click.clone());
    let update = fake
        .callback(&click, THREE_SECONDS)
        .await
        .unwrap_or_else(|| panic!("{}", dump(&bot, &fake)));
    assert_eq!(
        update.body["type"],
        json!(7),
        "the page is replaced in place"
    );
    let footer = update.body["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap_or("");
    assert!(footer.starts_with("Page 2 of"), "{footer}");
    assert_ne!(
        update.body["data"]["embeds"][0]["description"],
        page_one["embeds"][0]["description"]
    );

    // /sources is paged the same way (one page here, so no buttons needed).
    let sources = fake::slash(fake.next_id(), HUMAN_ID, "sources", &[]);
    fake.dispatch("INTERACTION_CREATE", sources.clone());
    let (list, _) = answer_of(&fake, &sources, Instant::now()).await;
    assert!(
        list["embeds"][0]["description"]
            .as_str()
            .unwrap_or("")
            .contains("000_aae66816bacd60e7"),
        "{list}"
    );

    // 👍 / 👎 / More sources under an answer; votes land in feedback.jsonl.
    let question = "What did Marco Rubio say about critical minerals?";
    let (asked, answer, _) = ask(&fake, HUMAN_ID + 1, question, false).await;
    let ids = custom_ids(&answer);
    for (n, id) in ids.iter().enumerate() {
        let click = fake::click(fake.next_id(), HUMAN_ID + 2 + n as u64, id, on.clone());
        fake.dispatch("INTERACTION_CREATE", click.clone());
        let response = fake
            .callback(&click, THREE_SECONDS)
            .await
            .unwrap_or_else(|| panic!("{id}: {}", dump(&bot, &fake)));
        assert_eq!(response.body["type"], json!(4));
        assert_eq!(
            response.body["data"]["flags"].as_u64().unwrap_or(0) & 64,
            64,
            "button answers are ephemeral"
        );
        if id.starts_with("more:") {
            assert!(
                response.body["data"]["embeds"][0]["description"]
                    .as_str()
                    .unwrap_or("")
                    .contains("> "),
                "{}",
                response.body
            );
        }
    }
    let path = bot.data().join("feedback.jsonl");
    let mut lines = Vec::new();
    for _ in 0..100 {
        lines = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect();
        if lines.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let records: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let answer_id = asked["id"].as_str().expect("id");
    let votes: Vec<&Value> = records
        .iter()
        .filter(|r| r["answer_id"] == json!(answer_id) && r.get("vote").is_some())
        .collect();
    assert_eq!(votes.len(), 2, "{records:?}");
    assert!(votes.iter().all(|v| v["question"] == json!(question)
        && v["time"].is_string()
        && v["user"].is_string()));
    assert!(
        votes.iter().any(|v| v["vote"] == json!("up"))
            && votes.iter().any(|v| v["vote"] == json!("down"))
    );

    // The CLI summary reads the same file.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["--config"])
        .arg(bot.dir.path().join("config.toml"))
        .args(["feedback", "--json"])
        .output()
        .expect("quarry feedback");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("summary json");
    assert_eq!(summary["votes"], json!(2), "{summary}");
    assert_eq!(
        summary["top_questions"][0]["question"],
        json!(question),
        "{summary}"
    );
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn fifty_concurrent_asks_are_each_answered_within_3s() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("cooldown_secs = 5", &[]).await;
    let questions = [
        "What did Marco Rubio say about critical minerals?",
        "Who hosted the critical minerals ministerial?",
        "What is the capital of France?",
        "What is the C5+1 format?",
    ];
    let mut sent = Vec::new();
    for i in 0..50u64 {
        let options = [(
            "question",
            3,
            json!(questions[i as usize % questions.len()]),
        )];
        let interaction = fake::slash(fake.next_id(), HUMAN_ID + 100 + i, "ask", &options);
        fake.dispatch("INTERACTION_CREATE", interaction.clone());
        sent.push((interaction, Instant::now()));
    }
    for (interaction, at) in &sent {
        let callback = fake
            .callback(interaction, Duration::from_secs(10))
            .await
            .unwrap_or_else(|| panic!("unanswered; {}", bot.log()));
        let took = callback.at.duration_since(*at);
        assert!(took < THREE_SECONDS, "answered after {took:?}");
        let (message, _) = answer_of(&fake, interaction, *at).await;
        assert!(
            !message["content"]
                .as_str()
                .unwrap_or("")
                .contains("again in"),
            "distinct users are not cooled down"
        );
        assert!(!message["content"].as_str().unwrap_or("").is_empty());
    }
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn gateway_disconnect_reconnects_and_keeps_answering() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("", &[]).await;
    let (_, before, _) = ask(
        &fake,
        HUMAN_ID,
        "Who hosted the critical minerals ministerial?",
        false,
    )
    .await;
    assert!(before["content"].as_str().unwrap_or("").contains("[1]"));
    let sessions = fake.sessions();
    fake.close_gateway();
    let reconnected = fake
        .until(Duration::from_secs(30), |f| {
            f.sessions() > sessions && f.ready_now()
        })
        .await;
    assert!(
        reconnected,
        "no RESUME or IDENTIFY after the close; {}",
        bot.log()
    );
    let (_, after, took) = ask(
        &fake,
        HUMAN_ID + 1,
        "What did Marco Rubio say about critical minerals?",
        false,
    )
    .await;
    assert!(took < THREE_SECONDS);
    assert!(
        after["content"].as_str().unwrap_or("").contains("[1]"),
        "{after}"
    );
    assert_every_message_valid(&fake);
}

/// Every actor and quote `quarry commitments --json` lists for the bot's workspace.
fn ledger_of(bot: &Bot) -> Vec<Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--config")
        .arg(bot.dir.path().join("config.toml"))
        .args(["commitments", "--json"])
        .output()
        .expect("quarry commitments");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

#[tokio::test]
async fn commitments_offer_every_named_actor_list_the_ledger_in_order_and_quote_verbatim() {
    let _serial = SERIAL.lock().await;
    let (fake, bot) = support::start("", &[]).await;
    let registration = fake
        .wait_for(Duration::from_secs(1), |r| {
            r.method == "PUT" && r.path.ends_with("/commands")
        })
        .await
        .expect("registration");
    let command = registration
        .body
        .as_array()
        .and_then(|c| {
            c.iter()
                .find(|c| c["name"] == json!("commitments"))
                .cloned()
        })
        .expect("/commitments registered");
    let options = command["options"].as_array().cloned().unwrap_or_default();
    let option = |name: &str| {
        options
            .iter()
            .find(|o| o["name"] == json!(name))
            .cloned()
            .unwrap_or_else(|| panic!("option {name}: {command}"))
    };
    assert_eq!(option("actor")["autocomplete"], json!(true), "{command}");
    let stage = option("stage");
    let stages: Vec<&str> = stage["choices"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(stages, ["intent", "firm", "hedged"], "{command}");

    let ledger = ledger_of(&bot);
    assert!(!ledger.is_empty(), "the sample corpus has commitments");
    let actors: Vec<String> = ledger
        .iter()
        .filter_map(|e| e["actor"].as_str().map(str::to_string))
        .collect();
    let mut offered = Vec::new();
    for partial in ["", "a", "united", "zzzz"] {
        let interaction = fake::autocomplete(fake.next_id(), "commitments", "actor", partial);
        let sent = Instant::now();
        fake.dispatch("INTERACTION_CREATE", interaction.clone());
        let callback = fake
            .callback(&interaction, THREE_SECONDS)
            .await
            .unwrap_or_else(|| panic!("no autocomplete; {}", dump(&bot, &fake)));
        assert!(callback.at.duration_since(sent) < THREE_SECONDS);
        assert_eq!(callback.body["type"], json!(8), "autocomplete result");
        let choices = callback.body["data"]["choices"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            choices.len() <= 25,
            "{partial:?}: {} choices",
            choices.len()
        );
        if partial.is_empty() {
            assert!(!choices.is_empty(), "every actor is offered");
        }
        for choice in choices {
            assert!((1..=100).contains(&chars(&choice["name"])), "{choice}");
            let value = choice["value"].as_str().unwrap_or_default().to_string();
            let known = quarry_text::Knowledge::get()
                .actors
                .lookup(&value)
                .is_some();
            assert!(
                actors.contains(&value) || known,
                "{value} is neither a ledger actor nor one the articles name"
            );
            assert!(
                value.to_lowercase().contains(partial),
                "{value} for {partial:?}"
            );
            offered.push(value);
        }
    }

    // Every actor the articles name is offered, also one without commitments.
    let interaction = fake::autocomplete(fake.next_id(), "commitments", "actor", "kaz");
    fake.dispatch("INTERACTION_CREATE", interaction.clone());
    let callback = fake
        .callback(&interaction, THREE_SECONDS)
        .await
        .unwrap_or_else(|| panic!("no autocomplete; {}", dump(&bot, &fake)));
    let values: Vec<&str> = callback.body["data"]["choices"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["value"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(values, ["Kazakhstan"], "{}", callback.body);
    assert!(!actors.iter().any(|a| a == "Kazakhstan"), "no commitments");
    let interaction = fake::slash(
        fake.next_id(),
        HUMAN_ID,
        "commitments",
        &[("actor", 3, json!("Kazakhstan"))],
    );
    let sent = Instant::now();
    fake.dispatch("INTERACTION_CREATE", interaction.clone());
    let (message, took) = answer_of(&fake, &interaction, sent).await;
    assert!(took < THREE_SECONDS, "answered after {took:?}");
    assert_valid_message(&message);
    let description = message["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        description.starts_with("No commitments by Kazakhstan recorded yet — mentioned in "),
        "{message}"
    );
    assert!(
        description.contains("\n`"),
        "the articles are listed: {description}"
    );

    // The whole ledger, then one actor's entries: quotes are verbatim from the articles.
    let corpus = support::corpus_text(&bot);
    let actor = offered.first().cloned().expect("an actor");
    for options in [
        vec![],
        vec![("actor", 3, json!(actor.clone()))],
        vec![("stage", 4, json!(1))],
    ] {
        let interaction = fake::slash(fake.next_id(), HUMAN_ID, "commitments", &options);
        let sent = Instant::now();
        fake.dispatch("INTERACTION_CREATE", interaction.clone());
        let (message, took) = answer_of(&fake, &interaction, sent).await;
        assert!(took < THREE_SECONDS, "answered after {took:?}");
        assert_valid_message(&message);
        let description = message["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default();
        let found = quotes(&message);
        assert!(!found.is_empty(), "{options:?}: {message}");
        for quote in &found {
            assert!(
                corpus.iter().any(|text| text.contains(quote.as_str())),
                "not verbatim: {quote}"
            );
        }
        assert!(
            description.contains("[1]"),
            "numbered sources: {description}"
        );
        if options.is_empty() {
            // The ledger's order: its most significant entry first; Project Vault on page one.
            let first = description.lines().next().unwrap_or_default();
            let top = ledger[0]["actor"].as_str().unwrap_or_default();
            assert!(
                first.starts_with(&format!("• **{top}** — ")),
                "{description}"
            );
            assert!(description.contains("Project Vault"), "{description}");
        }
        if !options.is_empty() && options[0].0 == "actor" {
            assert!(description.contains(&actor), "{actor}: {description}");
        }
        if !options.is_empty() && options[0].0 == "stage" {
            assert!(description.contains("(firm)"), "{description}");
        }
    }
    assert_every_message_valid(&fake);
}

/// Indexes the workspace with the CLI and records, as the runner would after a post, that the
/// digest channel is covered until now: the bot's first digest is then a real one, not the
/// "Tracking N articles" line of a first run.
fn index_and_seed_state(dir: &std::path::Path, channel: u64) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("index")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("quarry index");
    assert!(status.success());
    let now = chrono::Utc::now().to_rfc3339();
    let state = json!({"channels": {channel.to_string(): {
        "covered_until": now, "posted_at": now, "message_id": "1", "articles": [], "entries": [],
        "pending": null
    }}});
    std::fs::write(
        dir.join("data").join("digest-state.json"),
        state.to_string(),
    )
    .expect("seed digest state");
}

#[tokio::test]
async fn daily_digest_arrives_on_time_and_lists_the_new_article() {
    let _serial = SERIAL.lock().await;
    // Due 8 s from now, written in the configured zone (HH:MM:SS is accepted for this).
    let tz: chrono_tz::Tz = "Asia/Kolkata".parse().expect("zone");
    let due = chrono::Utc::now() + chrono::Duration::seconds(8);
    let time = due.with_timezone(&tz).format("%H:%M:%S");
    let config = format!(
        "[digest]\nenabled = true\nchannel_id = \"{}\"\ntime = \"{time}\"\ntimezone = \"Asia/Kolkata\"\n",
        fake::DIGEST_CHANNEL
    );
    let dir = support::workspace(&config, &[]);
    index_and_seed_state(dir.path(), fake::DIGEST_CHANNEL);
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = support::spawn(&fake, dir, Some(TOKEN));
    assert!(fake.ready(Duration::from_secs(20)).await, "{}", bot.log());

    // A new article arrives; the 1 s rescan indexes it before the digest is due.
    let title = "Mongolia pledges rare earth refinery at quokka summit";
    std::fs::write(
        bot.corpus().join("late_digest.md"),
        format!("+++\ntitle = \"{title}\"\nsource = \"Steppe Times\"\n+++\nMongolia pledged a rare earth refinery at the quokka summit on Tuesday. Officials said the plant would open next year.\n"),
    )
    .expect("write article");
    let rescanned = fake
        .until(Duration::from_secs(5), |_| {
            bot.log().contains("rescan: 1 added")
        })
        .await;
    assert!(
        rescanned,
        "the rescan did not pick up the article; {}",
        bot.log()
    );
    let path = format!("/api/v10/channels/{}/messages", fake::DIGEST_CHANNEL);
    let posted = tokio::time::timeout(
        Duration::from_secs(20),
        fake.wait_for(Duration::from_secs(20), |r| {
            r.method == "POST" && r.path == path
        }),
    )
    .await
    .ok()
    .flatten()
    .unwrap_or_else(|| panic!("no digest; {}", dump(&bot, &fake)));
    let arrived = chrono::Utc::now();
    assert!(
        arrived >= due - chrono::Duration::milliseconds(1500),
        "posted before it was due"
    );
    let message = &posted.body;
    assert_valid_message(message);
    assert_eq!(message["allowed_mentions"]["parse"], json!([]));
    assert!(
        message["nonce"].is_string() && message["enforce_nonce"] == json!(true),
        "{message}"
    );
    let content = message["content"].as_str().unwrap_or_default();
    assert!(content.contains("1 new article"), "{message}");
    let text = message.to_string();
    assert!(text.contains(title), "the new article is listed: {message}");
    assert!(
        !text.contains("Trump hosts Central Asian leaders"),
        "articles indexed before the window are not new: {message}"
    );
    let footer = message["embeds"]
        .as_array()
        .and_then(|e| e.last())
        .map(|e| e["footer"]["text"].clone())
        .unwrap_or_default();
    assert!(
        footer
            .as_str()
            .unwrap_or("")
            .contains(message["nonce"].as_str().unwrap_or("?")),
        "the nonce is in the footer: {message}"
    );

    // Recorded only after Discord confirmed: the state now covers the window and names the post.
    let state_path = bot.data().join("digest-state.json");
    let mut recorded = Value::Null;
    for _ in 0..100 {
        recorded = std::fs::read_to_string(&state_path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or(Value::Null);
        if recorded["channels"][fake::DIGEST_CHANNEL.to_string()]["message_id"] != json!("1") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let channel = &recorded["channels"][fake::DIGEST_CHANNEL.to_string()];
    assert!(channel["pending"].is_null(), "{recorded}");
    assert!(
        channel["articles"].to_string().contains("late_digest"),
        "{recorded}"
    );
    assert_every_message_valid(&fake);
}

#[tokio::test]
async fn digest_command_needs_manage_server_or_an_admin_role() {
    let _serial = SERIAL.lock().await;
    let config = format!("admin_roles = [\"{}\"]", fake::ADMIN_ROLE);
    let (fake, bot) = support::start(&config, &[]).await;
    let channel_posts = |fake: &FakeDiscord| {
        fake.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.starts_with("/api/v10/channels/"))
            .collect::<Vec<_>>()
    };

    // No permission, no admin role: a short refusal only they see, and nothing posted.
    let refused = fake::slash_by(fake.next_id(), HUMAN_ID, "digest", "0", &[]);
    fake.dispatch("INTERACTION_CREATE", refused.clone());
    let callback = fake
        .callback(&refused, THREE_SECONDS)
        .await
        .unwrap_or_else(|| panic!("no reply; {}", dump(&bot, &fake)));
    assert_eq!(callback.body["type"], json!(4));
    assert_eq!(
        callback.body["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "the refusal is ephemeral"
    );
    assert!(
        callback.body["data"]["content"]
            .as_str()
            .unwrap_or("")
            .contains("Manage Server"),
        "{}",
        callback.body
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(channel_posts(&fake).is_empty(), "nothing is posted");

    // An admin role, then Manage Server (bit 32): the digest is posted in the current channel.
    for (n, (permissions, roles)) in [("0", vec![fake::ADMIN_ROLE]), ("32", vec![])]
        .into_iter()
        .enumerate()
    {
        let allowed = fake::slash_by(fake.next_id(), HUMAN_ID + 1, "digest", permissions, &roles);
        fake.dispatch("INTERACTION_CREATE", allowed.clone());
        let callback = fake
            .callback(&allowed, THREE_SECONDS)
            .await
            .unwrap_or_else(|| panic!("no reply; {}", dump(&bot, &fake)));
        assert_eq!(
            callback.body["data"]["flags"].as_u64().unwrap_or(0) & 64,
            64,
            "the confirmation is ephemeral"
        );
        let here = format!("/api/v10/channels/{}/messages", fake::OTHER_CHANNEL);
        assert!(
            fake.until(Duration::from_secs(10), |f| channel_posts(f).len() > n)
                .await,
            "no digest posted; {}",
            dump(&bot, &fake)
        );
        let post = channel_posts(&fake)[n].clone();
        assert_eq!(post.path, here, "posted in the channel it was asked in");
        assert_valid_message(&post.body);
        assert!(
            post.body["content"]
                .as_str()
                .unwrap_or("")
                .starts_with("**Since "),
            "{}",
            post.body
        );
    }
    assert!(
        !bot.data().join("digest-state.json").exists(),
        "/digest never touches the schedule's state"
    );
    assert_every_message_valid(&fake);
}

//! A loopback Discord: REST (API v10 JSON) and a gateway WebSocket on 127.0.0.1, enough for
//! serenity and poise to start, register commands, receive test-driven dispatches and answer.
//! Everything the bot sends is recorded (method, path, JSON body) for assertions.
//!
//! serenity silently drops gateway events whose JSON lacks a field it requires, so every payload
//! here is complete; `payloads_parse_as_serenity_models` (tests/discord.rs) checks that.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = APP_ID;
pub const GUILD_ID: u64 = 1_100_000_000_000_000_100;
pub const QA_CHANNEL: u64 = 1_100_000_000_000_000_300;
pub const OTHER_CHANNEL: u64 = 1_100_000_000_000_000_301;
pub const DIGEST_CHANNEL: u64 = 1_100_000_000_000_000_302;
pub const ADMIN_ROLE: u64 = 1_100_000_000_000_000_500;
pub const HUMAN_ID: u64 = 1_200_000_000_000_000_001;
pub const OTHER_BOT_ID: u64 = 1_200_000_000_000_000_999;

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub at: Instant,
}

enum Out {
    Frame(Value),
    Close,
}

struct Shared {
    token: String,
    port: u16,
    requests: Mutex<Vec<Recorded>>,
    /// The writer of the live gateway session, once it is READY or RESUMED.
    gateway: Mutex<Option<mpsc::UnboundedSender<Out>>>,
    identifies: Mutex<Vec<Value>>,
    resumes: AtomicUsize,
    ids: AtomicU64,
}

#[derive(Clone)]
pub struct FakeDiscord {
    shared: Arc<Shared>,
    pub addr: SocketAddr,
}

impl FakeDiscord {
    /// Starts the server on an ephemeral loopback port; `token` is the only one it accepts.
    pub async fn start(token: &str) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            token: token.to_string(),
            port: addr.port(),
            requests: Mutex::new(Vec::new()),
            gateway: Mutex::new(None),
            identifies: Mutex::new(Vec::new()),
            resumes: AtomicUsize::new(0),
            ids: AtomicU64::new(1_300_000_000_000_000_000),
        });
        let app = Router::new()
            .route("/gateway", get(gateway))
            .route("/", get(gateway))
            .route("/api/v10/{*rest}", any(rest))
            .with_state(Arc::clone(&shared));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeDiscord { shared, addr }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn next_id(&self) -> u64 {
        self.shared.ids.fetch_add(1, Ordering::Relaxed)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn identifies(&self) -> Vec<Value> {
        self.shared.identifies.lock().unwrap().clone()
    }

    pub fn resumes(&self) -> usize {
        self.shared.resumes.load(Ordering::Relaxed)
    }

    /// Sessions opened so far (IDENTIFY + RESUME).
    pub fn sessions(&self) -> usize {
        self.identifies().len() + self.resumes()
    }

    /// Waits until a recorded request matches, or `within` passes.
    pub async fn wait_for(
        &self,
        within: Duration,
        matches: impl Fn(&Recorded) -> bool,
    ) -> Option<Recorded> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(found) = self.requests().into_iter().find(|r| matches(r)) {
                return Some(found);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until `done()` holds, or `within` passes.
    pub async fn until(&self, within: Duration, done: impl Fn(&FakeDiscord) -> bool) -> bool {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if done(self) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        done(self)
    }

    /// Whether a gateway session is live (READY or RESUMED sent).
    pub fn ready_now(&self) -> bool {
        self.shared.gateway.lock().unwrap().is_some()
    }

    /// Waits for a live gateway session, and commands registered.
    pub async fn ready(&self, within: Duration) -> bool {
        self.until(within, |d| {
            d.shared.gateway.lock().unwrap().is_some()
                && d.requests()
                    .iter()
                    .any(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        })
        .await
    }

    /// Sends a dispatch (op 0) on the live gateway session.
    pub fn dispatch(&self, event: &str, data: Value) {
        let sender = self
            .shared
            .gateway
            .lock()
            .unwrap()
            .clone()
            .expect("a live gateway session");
        sender
            .send(Out::Frame(json!({"op": 0, "t": event, "d": data})))
            .expect("gateway session open");
    }

    /// Closes the live gateway socket (code 4000, resumable), forcing a reconnect.
    pub fn close_gateway(&self) {
        if let Some(sender) = self.shared.gateway.lock().unwrap().take() {
            let _ = sender.send(Out::Close);
        }
    }

    /// Requests answering the interaction `id` (its callback, and follow-ups or edits by token).
    pub fn replies_to(&self, interaction: &Value) -> Vec<Recorded> {
        let id = interaction["id"].as_str().unwrap_or_default().to_string();
        let token = interaction["token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.requests()
            .into_iter()
            .filter(|r| {
                r.path.contains(&format!("/interactions/{id}/"))
                    || r.path.contains(&format!("/webhooks/{APP_ID}/{token}"))
            })
            .collect()
    }

    /// The callback the bot sent for an interaction, waiting up to `within`.
    pub async fn callback(&self, interaction: &Value, within: Duration) -> Option<Recorded> {
        let path = format!(
            "/interactions/{}/{}/callback",
            interaction["id"].as_str()?,
            interaction["token"].as_str()?
        );
        self.wait_for(within, |r| r.path.ends_with(&path)).await
    }
}

// ---------------------------------------------------------------- payloads

pub fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(), "username": name, "discriminator": "0", "global_name": name,
        "avatar": null, "bot": bot, "banner": null, "accent_color": null, "public_flags": 0, "flags": 0
    })
}

pub fn member(user_id: u64) -> Value {
    json!({
        "user": user(user_id, &format!("user{}", user_id % 1000), false),
        "nick": null, "avatar": null, "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00",
        "premium_since": null, "deaf": false, "mute": false, "flags": 0, "pending": false,
        "permissions": "2248473465835073", "communication_disabled_until": null
    })
}

fn channel(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(), "type": 0, "guild_id": GUILD_ID.to_string(), "name": name, "position": 0,
        "permission_overwrites": [], "nsfw": false, "topic": null, "last_message_id": null,
        "rate_limit_per_user": 0, "parent_id": null, "flags": 0
    })
}

pub fn ready(port: u16, session: usize) -> Value {
    json!({
        "v": 10, "user": user(BOT_ID, "quarry", true),
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": format!("fake-session-{session}"),
        "resume_gateway_url": format!("ws://127.0.0.1:{port}/gateway"),
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0}
    })
}

pub fn guild() -> Value {
    json!({
        "id": GUILD_ID.to_string(), "name": "Newsroom", "icon": null, "icon_hash": null, "splash": null,
        "discovery_splash": null, "owner_id": HUMAN_ID.to_string(), "afk_channel_id": null, "afk_timeout": 300,
        "widget_enabled": false, "widget_channel_id": null, "verification_level": 0,
        "default_message_notifications": 0, "explicit_content_filter": 0,
        "roles": [{
            "id": GUILD_ID.to_string(), "name": "@everyone", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "icon": null, "unicode_emoji": null, "position": 0, "permissions": "2248473465835073",
            "managed": false, "mentionable": false, "flags": 0
        }, {
            "id": ADMIN_ROLE.to_string(), "name": "editors", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "icon": null, "unicode_emoji": null, "position": 1, "permissions": "0",
            "managed": false, "mentionable": false, "flags": 0
        }],
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null, "system_channel_id": null,
        "system_channel_flags": 0, "rules_channel_id": null, "max_presences": null, "max_members": 500000,
        "vanity_url_code": null, "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US", "public_updates_channel_id": null,
        "max_video_channel_users": 25, "max_stage_video_channel_users": 50, "nsfw_level": 0, "stickers": [],
        "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
        "joined_at": "2025-01-01T00:00:00.000000+00:00", "large": false, "unavailable": false, "member_count": 2,
        "voice_states": [], "members": [member(HUMAN_ID)],
        "channels": [channel(QA_CHANNEL, "team-qa"), channel(OTHER_CHANNEL, "general"),
            channel(DIGEST_CHANNEL, "digest")],
        "threads": [], "presences": [], "stage_instances": [], "guild_scheduled_events": []
    })
}

/// A message as Discord returns or dispatches it.
pub fn message(id: u64, channel_id: u64, author: Value, content: &str) -> Value {
    json!({
        "id": id.to_string(), "channel_id": channel_id.to_string(), "author": author, "content": content,
        "timestamp": "2025-06-01T12:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": false, "type": 0, "flags": 0, "components": []
    })
}

fn base_interaction(id: u64, kind: u8, data: Value, user_id: u64, channel_id: u64) -> Value {
    json!({
        "id": id.to_string(), "application_id": APP_ID.to_string(), "type": kind, "data": data,
        "guild_id": GUILD_ID.to_string(),
        "channel": {"id": channel_id.to_string(), "type": 0, "name": "general", "permissions": "2248473465835073"},
        "channel_id": channel_id.to_string(), "member": member(user_id),
        "token": format!("interaction-token-{id}"), "version": 1, "app_permissions": "2248473465835073",
        "locale": "en-US", "guild_locale": "en-US", "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()}, "context": 0,
        "attachment_size_limit": 26214400
    })
}

/// A slash command invocation (type 2); options as (name, type, value).
pub fn slash(id: u64, user_id: u64, name: &str, options: &[(&str, u8, Value)]) -> Value {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, t, v)| json!({"name": n, "type": t, "value": v}))
        .collect();
    let data = json!({"id": "1400000000000000001", "name": name, "type": 1, "options": options});
    base_interaction(id, 2, data, user_id, OTHER_CHANNEL)
}

/// A slash command by a member holding `permissions` (a decimal bit set) and `roles`.
pub fn slash_by(id: u64, user_id: u64, name: &str, permissions: &str, roles: &[u64]) -> Value {
    let mut interaction = slash(id, user_id, name, &[]);
    interaction["member"]["permissions"] = json!(permissions);
    interaction["member"]["roles"] = json!(roles.iter().map(u64::to_string).collect::<Vec<_>>());
    interaction
}

/// An attachment as Discord describes an uploaded file; `url` is where it can be fetched.
pub fn attachment(id: u64, filename: &str, url: &str, size: u64) -> Value {
    json!({
        "id": id.to_string(), "filename": filename, "size": size, "url": url, "proxy_url": url,
        "content_type": null, "height": null, "width": null, "description": null
    })
}

/// A slash command with one attachment option (type 11) resolved to `file`.
pub fn slash_with_file(id: u64, user_id: u64, name: &str, option: &str, file: Value) -> Value {
    let file_id = file["id"].clone();
    let mut interaction = slash(id, user_id, name, &[(option, 11, file_id.clone())]);
    let key = file_id.as_str().unwrap_or_default().to_string();
    interaction["data"]["resolved"] = json!({"attachments": {key: file}});
    interaction
}

/// A message context-menu command (data type 3) on `target`, a message payload.
pub fn message_command(id: u64, user_id: u64, name: &str, target: Value) -> Value {
    let target_id = target["id"].clone();
    let key = target_id.as_str().unwrap_or_default().to_string();
    let data = json!({"id": "1400000000000000002", "name": name, "type": 3,
        "target_id": target_id, "resolved": {"messages": {key: target}}});
    base_interaction(id, 2, data, user_id, OTHER_CHANNEL)
}

/// The same interaction, by a member holding `permissions` (decimal bit set) and `roles`.
pub fn by_member(mut interaction: Value, permissions: &str, roles: &[u64]) -> Value {
    interaction["member"]["permissions"] = json!(permissions);
    interaction["member"]["roles"] = json!(roles.iter().map(u64::to_string).collect::<Vec<_>>());
    interaction
}

/// An autocomplete request (type 4) for `option`, typed so far `partial`.
pub fn autocomplete(id: u64, name: &str, option: &str, partial: &str) -> Value {
    let data = json!({"id": "1400000000000000001", "name": name, "type": 1,
        "options": [{"name": option, "type": 3, "value": partial, "focused": true}]});
    base_interaction(id, 4, data, HUMAN_ID, OTHER_CHANNEL)
}

/// A button click (type 3) on `on` (a message the bot sent).
pub fn click(id: u64, user_id: u64, custom_id: &str, on: Value) -> Value {
    let mut interaction = base_interaction(
        id,
        3,
        json!({"custom_id": custom_id, "component_type": 2}),
        user_id,
        OTHER_CHANNEL,
    );
    interaction["message"] = on;
    interaction
}

/// A MESSAGE_CREATE payload in the test guild.
pub fn message_create(
    id: u64,
    channel_id: u64,
    author: Value,
    content: &str,
    mentions: Vec<Value>,
) -> Value {
    let mut m = message(id, channel_id, author, content);
    m["guild_id"] = json!(GUILD_ID.to_string());
    m["mentions"] = json!(mentions);
    m
}

fn thread(id: u64, parent: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(), "type": 11, "guild_id": GUILD_ID.to_string(), "name": name,
        "parent_id": parent.to_string(), "owner_id": BOT_ID.to_string(), "last_message_id": null,
        "rate_limit_per_user": 0, "message_count": 0, "member_count": 1, "flags": 0,
        "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
            "archive_timestamp": "2025-06-01T12:00:00.000000+00:00", "locked": false}
    })
}

pub fn application() -> Value {
    json!({
        "id": APP_ID.to_string(), "name": "quarry", "icon": null, "description": "", "bot_public": false,
        "bot_require_code_grant": false, "owner": user(HUMAN_ID, "owner", false), "verify_key": "00",
        "team": null, "flags": 0
    })
}

// ---------------------------------------------------------------- REST

async fn rest(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(rest): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    shared.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
        at: Instant::now(),
    });
    let authorised = headers.get("authorization").and_then(|h| h.to_str().ok())
        == Some(&format!("Bot {}", shared.token));
    // Interaction callbacks and webhooks authenticate with the interaction token, not the bot's.
    let by_interaction = rest.starts_with("interactions/") || rest.starts_with("webhooks/");
    if !authorised && !by_interaction {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "401: Unauthorized", "code": 0})),
        )
            .into_response();
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let id = || shared.ids.fetch_add(1, Ordering::Relaxed);
    let gateway_url = format!("ws://127.0.0.1:{}/gateway", shared.port);
    let reply = |value: Value| Json(value).into_response();
    match (method.as_str(), parts.as_slice()) {
        ("GET", ["gateway"]) => reply(json!({"url": gateway_url})),
        ("GET", ["gateway", "bot"]) => reply(json!({"url": gateway_url, "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})),
        ("GET", ["users", "@me"]) => reply(user(BOT_ID, "quarry", true)),
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            reply(application())
        }
        ("PUT", ["applications", _, "commands"]) => reply(registered(&body, None, &id)),
        ("PUT", ["applications", _, "guilds", guild, "commands"]) => {
            reply(registered(&body, Some(guild), &id))
        }
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("POST", ["webhooks", _, _])
        | ("PATCH", ["webhooks", _, _, "messages", _])
        | ("GET", ["webhooks", _, _, "messages", _]) => reply(echo(id(), OTHER_CHANNEL, &body)),
        ("POST", ["channels", channel, "messages"]) => {
            reply(echo(id(), channel.parse().unwrap_or(0), &body))
        }
        ("POST", ["channels", channel, "messages", _, "threads"]) => {
            let name = body["name"].as_str().unwrap_or("thread");
            reply(thread(id(), channel.parse().unwrap_or(0), name))
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "404: Not Found", "code": 0})),
        )
            .into_response(),
    }
}

fn registered(body: &Value, guild: Option<&str>, id: &dyn Fn() -> u64) -> Value {
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .into_iter()
            .map(|mut c| {
                c["id"] = json!(id().to_string());
                c["application_id"] = json!(APP_ID.to_string());
                c["version"] = json!(id().to_string());
                c["guild_id"] = guild.map_or(Value::Null, |g| json!(g));
                if c.get("type").is_none() {
                    c["type"] = json!(1);
                }
                if c.get("description").is_none() {
                    // Message commands have none; Discord answers with an empty one.
                    c["description"] = json!("");
                }
                if c.get("default_member_permissions").is_none() {
                    c["default_member_permissions"] = Value::Null;
                }
                c
            })
            .collect(),
    )
}

/// The message Discord would store for a send: the bot as author, content and flags from the body.
fn echo(id: u64, channel: u64, body: &Value) -> Value {
    let mut m = message(
        id,
        channel,
        user(BOT_ID, "quarry", true),
        body["content"].as_str().unwrap_or(""),
    );
    m["flags"] = body.get("flags").cloned().unwrap_or(json!(0));
    m
}

// ---------------------------------------------------------------- gateway

async fn gateway(State(shared): State<Arc<Shared>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| session(shared, socket))
}

async fn session(shared: Arc<Shared>, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    let mut seq: u64 = 0;
    let frame = |v: Value| Message::Text(v.to_string().into());
    if sink
        .send(frame(json!({"op": 10, "d": {"heartbeat_interval": 41250}})))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let Some(Ok(message)) = incoming else { break };
                let payload: Value = match message {
                    Message::Text(text) => serde_json::from_str(text.as_str()).unwrap_or(Value::Null),
                    Message::Binary(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                    Message::Close(_) => break,
                    _ => continue,
                };
                match payload["op"].as_u64() {
                    Some(1) => {
                        let _ = sink.send(frame(json!({"op": 11}))).await;
                    }
                    Some(2) => {
                        let count = {
                            let mut identifies = shared.identifies.lock().unwrap();
                            identifies.push(payload["d"].clone());
                            identifies.len()
                        };
                        seq += 1;
                        let _ = sink.send(frame(json!({"op": 0, "t": "READY", "s": seq, "d": ready(shared.port, count)}))).await;
                        seq += 1;
                        let _ = sink.send(frame(json!({"op": 0, "t": "GUILD_CREATE", "s": seq, "d": guild()}))).await;
                        *shared.gateway.lock().unwrap() = Some(tx.clone());
                    }
                    Some(6) => {
                        shared.resumes.fetch_add(1, Ordering::Relaxed);
                        seq += 1;
                        let _ = sink.send(frame(json!({"op": 0, "t": "RESUMED", "s": seq, "d": {}}))).await;
                        *shared.gateway.lock().unwrap() = Some(tx.clone());
                    }
                    _ => {}
                }
            }
            outgoing = rx.recv() => {
                match outgoing {
                    Some(Out::Frame(mut value)) => {
                        seq += 1;
                        value["s"] = json!(seq);
                        if sink.send(frame(value)).await.is_err() {
                            break;
                        }
                    }
                    Some(Out::Close) | None => {
                        let close = CloseFrame { code: 4000, reason: "test closes the session".into() };
                        let _ = sink.send(Message::Close(Some(close))).await;
                        break;
                    }
                }
            }
        }
    }
}

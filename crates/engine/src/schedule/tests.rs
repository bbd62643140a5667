use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::runner::{DigestSource, Outcome, Post, PostError, Poster, Runner, Settings};
use super::state::StateStore;
use super::*;
use crate::digest::{self, ArticleInput, Digest, Input};
use crate::index::IndexError;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid time")
}

fn hm(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").expect("HH:MM")
}

fn zone(name: &str) -> Tz {
    name.parse().expect("IANA zone")
}

// ---------------------------------------------------------------- next_due and DST

#[test]
fn berlin_slots_keep_local_time_across_both_dst_changes() {
    let berlin = zone("Europe/Berlin");
    // 2026-03-29: clocks go 02:00 → 03:00 (CET → CEST). 08:00 local is 07:00 UTC before, 06:00 after.
    assert_eq!(
        slot_after(utc(2026, 3, 28, 7, 0), hm("08:00"), berlin),
        utc(2026, 3, 29, 6, 0)
    );
    assert_eq!(
        slot_after(utc(2026, 3, 29, 6, 0), hm("08:00"), berlin),
        utc(2026, 3, 30, 6, 0)
    );
    // 2026-10-25: clocks go 03:00 → 02:00 (CEST → CET).
    assert_eq!(
        slot_after(utc(2026, 10, 24, 6, 0), hm("08:00"), berlin),
        utc(2026, 10, 25, 7, 0)
    );
}

#[test]
fn a_skipped_local_time_becomes_the_first_valid_instant_after() {
    let berlin = zone("Europe/Berlin");
    // 02:30 does not exist on 2026-03-29: the first valid instant after is 03:00 CEST = 01:00 UTC.
    assert_eq!(
        slot_after(utc(2026, 3, 28, 12, 0), hm("02:30"), berlin),
        utc(2026, 3, 29, 1, 0)
    );
    // The next day 02:30 exists again (CEST).
    assert_eq!(
        slot_after(utc(2026, 3, 29, 1, 0), hm("02:30"), berlin),
        utc(2026, 3, 30, 0, 30)
    );
}

#[test]
fn a_repeated_local_time_is_taken_the_first_time_and_only_once() {
    let berlin = zone("Europe/Berlin");
    // 02:30 happens twice on 2026-10-25: 00:30 UTC (CEST) and 01:30 UTC (CET). Take the earlier.
    let first = slot_after(utc(2026, 10, 24, 12, 0), hm("02:30"), berlin);
    assert_eq!(first, utc(2026, 10, 25, 0, 30));
    // After posting at the earlier one, the repeat an hour later is not another slot.
    assert_eq!(
        slot_after(first, hm("02:30"), berlin),
        utc(2026, 10, 26, 1, 30)
    );
}

#[test]
fn new_york_daily_slots_through_a_year_are_one_per_local_day_at_local_time() {
    let ny = zone("America/New_York");
    let mut slots = vec![slot_after(utc(2026, 1, 1, 5, 0), hm("08:00"), ny)];
    loop {
        let next = slot_after(slots[slots.len() - 1], hm("08:00"), ny);
        if next >= utc(2027, 1, 1, 5, 0) {
            break;
        }
        slots.push(next);
    }
    assert_eq!(slots.len(), 365);
    assert!(slots
        .iter()
        .all(|s| s.with_timezone(&ny).time() == hm("08:00")));
    let gaps: Vec<i64> = slots
        .windows(2)
        .map(|w| (w[1] - w[0]).num_hours())
        .collect();
    // 2026-03-08 spring forward (23 h day) and 2026-11-01 fall back (25 h day); all others 24 h.
    assert_eq!(gaps.iter().filter(|&&h| h == 23).count(), 1);
    assert_eq!(gaps.iter().filter(|&&h| h == 25).count(), 1);
    assert!(gaps.iter().all(|&h| (23..=25).contains(&h)));
}

#[test]
fn next_due_is_now_on_first_run_and_in_the_past_after_downtime() {
    let now = utc(2026, 11, 26, 10, 0);
    assert_eq!(next_due(None, now, hm("08:00"), Tz::UTC), now);
    let due = next_due(Some(utc(2026, 11, 23, 8, 0)), now, hm("08:00"), Tz::UTC);
    assert_eq!(due, utc(2026, 11, 24, 8, 0));
    assert!(due < now, "missed days are due at once");
}

// ---------------------------------------------------------------- fakes

/// A clock that jumps instead of sleeping.
struct FakeClock {
    now: Mutex<DateTime<Utc>>,
}

impl FakeClock {
    fn at(t: DateTime<Utc>) -> FakeClock {
        FakeClock { now: Mutex::new(t) }
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock")
    }

    async fn sleep_until(&self, t: DateTime<Utc>) {
        let mut now = self.now.lock().expect("clock");
        *now = (*now).max(t);
    }
}

/// Articles that arrive (are first indexed) at given instants.
#[derive(Clone)]
struct FakeSource {
    articles: Vec<ArticleInput>,
}

impl FakeSource {
    fn with(arrivals: &[(&str, DateTime<Utc>)]) -> FakeSource {
        let articles = arrivals
            .iter()
            .map(|(id, at)| ArticleInput {
                id: id.to_string(),
                title: format!("Article {id}"),
                source: None,
                url: None,
                published: None,
                first_indexed: *at,
                lede: format!("Article {id} reports on the reserve talks in detail today."),
                also_sources: 0,
            })
            .collect();
        FakeSource { articles }
    }
}

impl DigestSource for FakeSource {
    fn digest(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        seen: &BTreeSet<String>,
    ) -> Result<Digest, IndexError> {
        // Only what has arrived by `until` exists yet.
        let articles = self
            .articles
            .iter()
            .filter(|a| a.first_indexed <= until)
            .cloned()
            .collect();
        let input = Input {
            articles,
            seen_entries: seen.clone(),
            ..Input::default()
        };
        Ok(digest::build(&input, Some(since), until, Tz::UTC, 10))
    }

    fn article_count(&self) -> usize {
        self.articles.len()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// Fails before Discord sees the message (5xx).
    Unavailable,
    /// 429 with a retry-after.
    RateLimited(u64),
    /// Discord accepts the message but the confirmation never arrives (crash or lost reply).
    AcceptedButLost,
    /// The channel cannot be searched either.
    SearchFails,
}

#[derive(Debug, Clone)]
struct Message {
    id: String,
    nonce: String,
    text: String,
    post: Post,
}

/// A channel that records messages, with scripted faults.
#[derive(Default)]
struct FakeDiscord {
    messages: Mutex<Vec<Message>>,
    faults: Mutex<VecDeque<Fault>>,
}

impl FakeDiscord {
    fn failing(faults: &[Fault]) -> FakeDiscord {
        FakeDiscord {
            faults: Mutex::new(faults.iter().copied().collect()),
            ..FakeDiscord::default()
        }
    }

    fn messages(&self) -> Vec<Message> {
        self.messages.lock().expect("messages").clone()
    }

    fn next_fault(&self) -> Option<Fault> {
        self.faults.lock().expect("faults").pop_front()
    }
}

impl Poster for &FakeDiscord {
    async fn post(&self, _channel: &str, post: &Post, nonce: &str) -> Result<String, PostError> {
        let fault = self.next_fault();
        match fault {
            Some(Fault::Unavailable) => {
                return Err(PostError::Transient {
                    reason: "503".into(),
                    retry_after: None,
                });
            }
            Some(Fault::RateLimited(secs)) => {
                return Err(PostError::Transient {
                    reason: "429".into(),
                    retry_after: Some(Duration::from_secs(secs)),
                });
            }
            _ => {}
        }
        let mut messages = self.messages.lock().expect("messages");
        let id = format!("m{}", messages.len() + 1);
        messages.push(Message {
            id: id.clone(),
            nonce: nonce.into(),
            text: post.to_text(),
            post: post.clone(),
        });
        if fault == Some(Fault::AcceptedButLost) {
            return Err(PostError::Transient {
                reason: "connection reset".into(),
                retry_after: None,
            });
        }
        Ok(id)
    }

    async fn find(&self, _channel: &str, nonce: &str) -> Result<Option<String>, PostError> {
        if self.faults.lock().expect("faults").front() == Some(&Fault::SearchFails) {
            self.next_fault();
            return Err(PostError::Transient {
                reason: "502".into(),
                retry_after: None,
            });
        }
        Ok(self
            .messages()
            .into_iter()
            .find(|m| m.nonce == nonce)
            .map(|m| m.id))
    }
}

fn settings(post_when_empty: bool) -> Settings {
    Settings {
        channel: "200".into(),
        time: hm("08:00"),
        tz: Tz::UTC,
        post_when_empty,
    }
}

fn runner<'a>(
    dir: &std::path::Path,
    source: FakeSource,
    discord: &'a FakeDiscord,
    now: DateTime<Utc>,
    post_when_empty: bool,
) -> Runner<FakeSource, &'a FakeDiscord, FakeClock> {
    Runner {
        settings: settings(post_when_empty),
        store: StateStore::new(dir),
        source,
        poster: discord,
        clock: FakeClock::at(now),
    }
}

fn digests(discord: &FakeDiscord) -> Vec<Digest> {
    discord
        .messages()
        .into_iter()
        .filter_map(|m| match m.post {
            Post::Digest(d) => Some(*d),
            Post::Tracking { .. } => None,
        })
        .collect()
}

/// A channel state as left by a successful post at `at`.
fn posted_at(dir: &std::path::Path, at: DateTime<Utc>) {
    let state = state::ChannelState {
        covered_until: Some(at),
        posted_at: Some(at),
        ..Default::default()
    };
    StateStore::new(dir)
        .save("200", &state)
        .expect("save state");
}

// ---------------------------------------------------------------- runner

#[tokio::test]
async fn first_run_posts_one_tracking_line_then_only_what_is_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut arrivals: Vec<(String, DateTime<Utc>)> = (0..40)
        .map(|i| (format!("old{i}"), utc(2026, 11, 1, 9, 0)))
        .collect();
    arrivals.push(("fresh".into(), utc(2026, 11, 23, 12, 0)));
    let arrivals: Vec<(&str, DateTime<Utc>)> =
        arrivals.iter().map(|(id, at)| (id.as_str(), *at)).collect();
    let discord = FakeDiscord::default();
    let r = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 23, 10, 0),
        false,
    );
    r.run_until(Some(utc(2026, 11, 24, 9, 0))).await;
    let messages = discord.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0].text,
        "Tracking 41 articles; from now on the daily digest lists what is new.\n"
    );
    let digest = &digests(&discord)[0];
    assert_eq!(digest.covered_articles, ["fresh"]);
    assert_eq!(digest.since, Some(utc(2026, 11, 23, 10, 0)));
    assert_eq!(digest.until, utc(2026, 11, 24, 8, 0));
}

#[tokio::test]
async fn catch_up_after_one_hour_down_posts_exactly_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let source = FakeSource::with(&[
        ("a", utc(2026, 11, 23, 20, 0)),
        ("b", utc(2026, 11, 24, 8, 30)),
    ]);
    let discord = FakeDiscord::default();
    // Down from 07:45 to 08:45 on Tuesday: the 08:00 slot was missed.
    let r = runner(
        dir.path(),
        source,
        &discord,
        utc(2026, 11, 24, 8, 45),
        false,
    );
    r.run_until(Some(utc(2026, 11, 24, 23, 0))).await;
    let posted = digests(&discord);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].since, Some(utc(2026, 11, 23, 8, 0)));
    assert_eq!(posted[0].covered_articles, ["a", "b"]);
    assert_eq!(r.next_due().expect("state"), utc(2026, 11, 25, 8, 0));
}

#[tokio::test]
async fn catch_up_after_three_days_down_is_one_digest_covering_the_gap() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let source = FakeSource::with(&[
        ("tue", utc(2026, 11, 24, 9, 0)),
        ("wed", utc(2026, 11, 25, 9, 0)),
        ("thu", utc(2026, 11, 26, 9, 0)),
    ]);
    let discord = FakeDiscord::default();
    let r = runner(
        dir.path(),
        source,
        &discord,
        utc(2026, 11, 26, 10, 0),
        false,
    );
    r.run_until(Some(utc(2026, 11, 27, 7, 59))).await;
    let posted = digests(&discord);
    assert_eq!(posted.len(), 1, "one digest for the whole gap");
    assert_eq!(posted[0].covered_articles, ["tue", "wed", "thu"]);
    assert_eq!(posted[0].headline, "Since Monday 08:00: 3 new articles");
}

#[tokio::test]
async fn restart_after_posting_before_recording_posts_no_duplicate() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let arrivals = [("a", utc(2026, 11, 23, 12, 0))];
    let discord = FakeDiscord::failing(&[Fault::AcceptedButLost]);
    let first = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 8, 0),
        false,
    );
    // Discord took the message but the process never learned it (crash / lost reply).
    assert!(first.attempt().await.is_err());
    let state = StateStore::new(dir.path()).channel("200").expect("state");
    assert!(
        state.pending.is_some(),
        "the intent was recorded before sending"
    );
    assert_eq!(
        state.covered_until,
        Some(utc(2026, 11, 23, 8, 0)),
        "nothing recorded without confirmation"
    );
    // Restart a minute later.
    let restarted = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 8, 1),
        false,
    );
    assert_eq!(
        restarted.attempt().await.expect("recovers"),
        Outcome::Recovered {
            message_id: "m1".into()
        }
    );
    restarted.run_until(Some(utc(2026, 11, 24, 23, 0))).await;
    assert_eq!(discord.messages().len(), 1, "no duplicate");
    let state = StateStore::new(dir.path()).channel("200").expect("state");
    assert_eq!(state.covered_until, Some(utc(2026, 11, 24, 8, 0)));
    assert_eq!(state.message_id.as_deref(), Some("m1"));
    assert_eq!(state.articles, ["a"]);
    assert!(state.pending.is_none());
}

#[tokio::test]
async fn restart_after_recording_the_intent_but_before_sending_posts_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let arrivals = [
        ("a", utc(2026, 11, 23, 12, 0)),
        ("b", utc(2026, 11, 24, 8, 30)),
    ];
    let discord = FakeDiscord::failing(&[Fault::Unavailable]);
    let first = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 8, 0),
        false,
    );
    assert!(first.attempt().await.is_err());
    assert!(discord.messages().is_empty());
    // Restart an hour later: nothing in the channel, so one fresh digest covers the whole gap.
    let restarted = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 9, 0),
        false,
    );
    restarted.run_until(Some(utc(2026, 11, 24, 23, 0))).await;
    let posted = digests(&discord);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].covered_articles, ["a", "b"]);
}

#[tokio::test]
async fn a_pending_post_is_never_reposted_blind_when_the_channel_cannot_be_searched() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let arrivals = [("a", utc(2026, 11, 23, 12, 0))];
    let discord = FakeDiscord::failing(&[
        Fault::AcceptedButLost,
        Fault::SearchFails,
        Fault::SearchFails,
    ]);
    let r = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 8, 0),
        false,
    );
    r.run_until(Some(utc(2026, 11, 24, 23, 0))).await;
    assert_eq!(discord.messages().len(), 1);
    assert_eq!(
        StateStore::new(dir.path())
            .channel("200")
            .expect("state")
            .message_id
            .as_deref(),
        Some("m1")
    );
}

#[tokio::test]
async fn transient_failures_are_retried_with_backoff_and_retry_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let discord = FakeDiscord::failing(&[
        Fault::Unavailable,
        Fault::Unavailable,
        Fault::RateLimited(30),
    ]);
    let r = runner(
        dir.path(),
        FakeSource::with(&[("a", utc(2026, 11, 23, 12, 0))]),
        &discord,
        utc(2026, 11, 24, 8, 0),
        false,
    );
    let outcome = r.attempt_with_retry().await;
    assert_eq!(
        outcome,
        Some(Outcome::Posted {
            message_id: "m1".into()
        })
    );
    // 2 s, then 4 s, then the 30 s Discord asked for.
    assert_eq!(
        r.clock.now(),
        utc(2026, 11, 24, 8, 0) + chrono::Duration::seconds(36)
    );
    assert_eq!(
        digests(&discord)[0].until,
        r.clock.now(),
        "the digest covers up to the moment it is sent"
    );
}

#[tokio::test]
async fn an_outage_past_the_next_slot_still_ends_in_one_digest_covering_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    // Discord is down long enough (each retry waits up to 10 minutes) to miss Tuesday's slot.
    let discord = FakeDiscord::failing(&[Fault::Unavailable; 200]);
    let arrivals = [
        ("a", utc(2026, 11, 23, 12, 0)),
        ("b", utc(2026, 11, 24, 20, 0)),
    ];
    let r = runner(
        dir.path(),
        FakeSource::with(&arrivals),
        &discord,
        utc(2026, 11, 24, 8, 0),
        false,
    );
    r.run_until(Some(utc(2026, 11, 26, 7, 0))).await;
    let posted = digests(&discord);
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0].since, Some(utc(2026, 11, 23, 8, 0)));
    assert_eq!(posted[0].covered_articles, ["a", "b"]);
}

#[tokio::test]
async fn refused_posts_wait_for_the_next_slot_and_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    struct Refusing<'a>(&'a FakeDiscord, Mutex<u32>);
    impl Poster for Refusing<'_> {
        async fn post(&self, channel: &str, post: &Post, nonce: &str) -> Result<String, PostError> {
            let refuse = {
                let mut refusals = self.1.lock().expect("count");
                *refusals += 1;
                *refusals == 1
            };
            if refuse {
                return Err(PostError::Refused("Missing Access".into()));
            }
            (&self.0).post(channel, post, nonce).await
        }
        async fn find(&self, channel: &str, nonce: &str) -> Result<Option<String>, PostError> {
            (&self.0).find(channel, nonce).await
        }
    }
    let discord = FakeDiscord::default();
    let r = Runner {
        settings: settings(false),
        store: StateStore::new(dir.path()),
        source: FakeSource::with(&[("a", utc(2026, 11, 23, 12, 0))]),
        poster: Refusing(&discord, Mutex::new(0)),
        clock: FakeClock::at(utc(2026, 11, 24, 8, 0)),
    };
    r.run_until(Some(utc(2026, 11, 25, 9, 0))).await;
    let posted = digests(&discord);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].since, Some(utc(2026, 11, 23, 8, 0)));
    assert_eq!(posted[0].until, utc(2026, 11, 25, 8, 0));
}

#[tokio::test]
async fn post_when_empty_on_posts_nothing_new_and_off_skips_the_day() {
    for post_when_empty in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
        let discord = FakeDiscord::default();
        let r = runner(
            dir.path(),
            FakeSource::with(&[]),
            &discord,
            utc(2026, 11, 23, 9, 0),
            post_when_empty,
        );
        r.run_until(Some(utc(2026, 11, 25, 9, 0))).await;
        let texts: Vec<String> = discord.messages().into_iter().map(|m| m.text).collect();
        if post_when_empty {
            assert_eq!(
                texts,
                [
                    "Nothing new since Monday 08:00.\n",
                    "Nothing new since Tuesday 08:00.\n"
                ]
            );
        } else {
            assert!(texts.is_empty(), "{texts:?}");
            let state = StateStore::new(dir.path()).channel("200").expect("state");
            assert_eq!(
                state.covered_until,
                Some(utc(2026, 11, 25, 8, 0)),
                "the empty days are covered"
            );
        }
    }
}

#[tokio::test]
async fn preview_does_not_move_the_schedule() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let discord = FakeDiscord::default();
    let r = runner(
        dir.path(),
        FakeSource::with(&[("a", utc(2026, 11, 23, 12, 0))]),
        &discord,
        utc(2026, 11, 23, 13, 0),
        false,
    );
    let before = std::fs::read(r.store.path()).expect("state file");
    assert_eq!(r.preview().await.expect("preview").covered_articles, ["a"]);
    assert_eq!(std::fs::read(r.store.path()).expect("state file"), before);
    assert_eq!(r.next_due().expect("due"), utc(2026, 11, 24, 8, 0));
}

#[test]
fn state_survives_reopening_and_a_corrupt_file_is_reported_not_reset() {
    let dir = tempfile::tempdir().expect("temp dir");
    posted_at(dir.path(), utc(2026, 11, 23, 8, 0));
    let store = StateStore::new(dir.path());
    assert_eq!(
        store.channel("200").expect("state").covered_until,
        Some(utc(2026, 11, 23, 8, 0))
    );
    assert_eq!(
        store.channel("999").expect("state"),
        state::ChannelState::default()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from(state::FILE_NAME)],
        "no temp files left"
    );
    std::fs::write(store.path(), "{ not json").expect("write");
    let err = store.channel("200").unwrap_err().to_string();
    assert!(
        err.contains("digest-state.json") && err.contains("unreadable"),
        "{err}"
    );
}

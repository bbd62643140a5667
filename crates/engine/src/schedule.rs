//! When the daily digest is due, and the loop that posts it exactly once.
//!
//! - [`next_due`]: the next daily slot at a local `HH:MM` in an IANA zone, daylight saving handled.
//! - [`state`]: what was posted per channel, in `data_dir/digest-state.json`, written atomically.
//! - [`runner`]: the loop — sleep until due, build the digest, post it through a [`runner::Poster`],
//!   record it — with an injected [`Clock`] so tests never sleep for real.
//!
//! Missed days collapse: the schedule is driven by the end of the last covered window, so after
//! any downtime the first slot after it is already in the past, the runner posts at once, and that
//! one digest covers the whole gap.

pub mod runner;
pub mod state;

use std::future::Future;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The source of "now" and of waiting; tests inject a fake that jumps instead of sleeping.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Returns at `t` or later; at once when `t` has passed.
    fn sleep_until(&self, t: DateTime<Utc>) -> impl Future<Output = ()> + Send;
}

/// The wall clock and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    async fn sleep_until(&self, t: DateTime<Utc>) {
        let wait = (t - Utc::now()).to_std().unwrap_or_default();
        tokio::time::sleep(wait).await;
    }
}

/// The instant of local `time` on local `date` in `tz`. A time skipped by a spring-forward
/// change becomes the first valid instant after it; a time repeated by a fall-back change is
/// taken the first time it occurs.
pub fn local_slot(date: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = date.and_time(time);
    // Gaps are whole minutes in every zone in use (at most a few hours): walk forward to the end.
    for minutes in 0..=24 * 60 {
        match tz.from_local_datetime(&(local + Duration::minutes(minutes))) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(earlier, _) => return earlier.with_timezone(&Utc),
            LocalResult::None => continue,
        }
    }
    // Unreachable for real zones; fall back to reading the wall time as UTC.
    local.and_utc()
}

/// The first daily slot strictly after `t`.
pub fn slot_after(t: DateTime<Utc>, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let today = t.with_timezone(&tz).date_naive();
    let mut date = today - Duration::days(1);
    loop {
        let slot = local_slot(date, time, tz);
        if slot > t {
            return slot;
        }
        date += Duration::days(1);
    }
}

/// When the next digest is due. With a previous post it is the first slot after that post — in
/// the past after downtime, meaning "now, once, covering the whole gap". Without one it is `now`:
/// the first run posts its short "tracking N articles" line at once.
pub fn next_due(
    last_post: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    time: NaiveTime,
    tz: Tz,
) -> DateTime<Utc> {
    match last_post {
        Some(last) => slot_after(last, time, tz),
        None => now,
    }
}

#[cfg(test)]
mod tests;

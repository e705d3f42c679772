//! The unit's clock: every time a person reads — on papers, in the window,
//! in file names — is in the unit's time zone (default Asia/Ho_Chi_Minh,
//! UTC+07:00, which has no daylight saving), whatever zone the laptop is set
//! to. A laptop left on UTC would otherwise print times seven hours off.
//! What is stored stays in UTC.

use std::sync::atomic::{AtomicI32, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// UTC+07:00, the time of Vietnam.
pub const VIETNAM_MINUTES: i32 = 7 * 60;

static OFFSET_MINUTES: AtomicI32 = AtomicI32::new(VIETNAM_MINUTES);

/// Use the unit's offset from UTC (set when a vault is unlocked).
pub fn set_offset_minutes(minutes: i32) {
    if (-14 * 60..=14 * 60).contains(&minutes) {
        OFFSET_MINUTES.store(minutes, Ordering::Relaxed);
    }
}

pub fn offset_minutes() -> i32 {
    OFFSET_MINUTES.load(Ordering::Relaxed)
}

pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(VIETNAM_MINUTES * 60).expect("+07:00 is valid"))
}

/// Now, on the unit's clock.
pub fn now() -> NaiveDateTime {
    Utc::now().with_timezone(&offset()).naive_local()
}

/// Today, on the unit's clock.
pub fn today() -> NaiveDate {
    now().date()
}

/// A stored UTC time as the unit reads it.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&offset()).naive_local()
}

/// A stored RFC 3339 time as the unit reads it (`None` when it is not one).
pub fn local_rfc3339(ts: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(ts)
        .ok()
        .map(|t| local(t.with_timezone(&Utc)))
}

/// "UTC+07:00".
pub fn label(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_on_the_units_clock() {
        let t = DateTime::parse_from_rfc3339("2026-03-07T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // The default: Vietnam, seven hours ahead of UTC (the next day here).
        assert_eq!(local(t).to_string(), "2026-03-08 03:30:00");
        assert_eq!(label(VIETNAM_MINUTES), "UTC+07:00");
        assert_eq!(label(-210), "UTC-03:30");
    }
}

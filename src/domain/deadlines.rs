//! Deadlines the UI shows: the verification request within 3 days of
//! reception, essential support up to 120 days (Decree 162/2025).

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::case::{CaseRecord, Status};

pub const VERIFICATION_DAYS: i64 = 3;
pub const SUPPORT_DAYS: i64 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    Done,
    Due,
    Overdue,
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub verification_due: Option<NaiveDate>,
    pub verification: DeadlineState,
    pub support_ends: Option<NaiveDate>,
    pub support: DeadlineState,
}

impl Deadlines {
    pub fn any_overdue(&self) -> bool {
        self.verification == DeadlineState::Overdue || self.support == DeadlineState::Overdue
    }
}

/// The two deadlines of a case on `today`.
pub fn deadlines(c: &CaseRecord, today: NaiveDate) -> Deadlines {
    let Some(received) = c.received_on else {
        return Deadlines {
            verification_due: None,
            verification: DeadlineState::NotApplicable,
            support_ends: None,
            support: DeadlineState::NotApplicable,
        };
    };
    verification_and_support(
        received,
        c.status,
        c.verification_requested_on.is_some(),
        today,
    )
}

/// The same from the indexed columns of a list row.
pub fn verification_and_support(
    received: NaiveDate,
    status: Status,
    verification_requested: bool,
    today: NaiveDate,
) -> Deadlines {
    let vdue = received + Duration::days(VERIFICATION_DAYS);
    let send = received + Duration::days(SUPPORT_DAYS);
    let verification = if verification_requested {
        DeadlineState::Done
    } else if !status.is_open() {
        DeadlineState::NotApplicable
    } else if today > vdue {
        DeadlineState::Overdue
    } else {
        DeadlineState::Due
    };
    let support = if !status.is_open() {
        DeadlineState::Done
    } else if today > send {
        DeadlineState::Overdue
    } else {
        DeadlineState::Due
    };
    Deadlines {
        verification_due: Some(vdue),
        verification,
        support_ends: Some(send),
        support,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_days_then_overdue() {
        let r = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let d = verification_and_support(r, Status::Received, false, r + Duration::days(3));
        assert_eq!(d.verification, DeadlineState::Due);
        let d = verification_and_support(r, Status::Received, false, r + Duration::days(4));
        assert_eq!(d.verification, DeadlineState::Overdue);
        assert!(d.any_overdue());
        let d = verification_and_support(r, Status::Screened, true, r + Duration::days(4));
        assert_eq!(d.verification, DeadlineState::Done);
        let d = verification_and_support(r, Status::Referred, true, r + Duration::days(121));
        assert_eq!(d.support, DeadlineState::Overdue);
        let d = verification_and_support(r, Status::Closed, true, r + Duration::days(121));
        assert_eq!(d.support, DeadlineState::Done);
    }
}

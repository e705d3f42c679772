//! Saving a reception batch: the header and every person in one
//! transaction, then what the officer decided for people who match an
//! existing case (the same person received again, or a different person).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{AppError, Result};
use crate::domain::batch::BatchRecord;
use crate::domain::case::{self, CaseRecord};
use crate::domain::papers::PaperKind;
use crate::vault::Vault;
use crate::vault::cases::CaseSaved;

/// What the officer decided for a person whose ID or passport number is
/// already in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The same person received again: the new case is linked to the earlier one.
    RepeatReturn { existing: String },
    /// A different person: recorded with the officer's reason.
    Different { existing: String, reason: String },
}

/// A person of the batch and the decision about their match, if any.
pub struct Person {
    pub record: CaseRecord,
    pub decision: Option<Match>,
}

/// Save a batch and its people; returns each saved case, in order.
pub fn save(v: &mut Vault, batch: &mut BatchRecord, people: Vec<Person>) -> Result<Vec<CaseSaved>> {
    let today = crate::clock::today();
    let mut records = Vec::with_capacity(people.len());
    let mut decisions = Vec::with_capacity(people.len());
    for p in people {
        let mut r = p.record;
        r.normalize();
        let problems = case::validate(&r, today);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        records.push(r);
        decisions.push(p.decision);
    }
    let mut saved = v.create_batch(batch, &mut records)?;
    for (s, d) in saved.iter_mut().zip(decisions) {
        match d {
            Some(Match::RepeatReturn { existing }) => {
                v.link_duplicate(&s.id, &existing)?;
                s.duplicates.retain(|h| h.case_id != existing);
            }
            Some(Match::Different { existing, reason }) => {
                v.dismiss_duplicate_because(&s.id, &existing, &reason)?;
                s.duplicates.retain(|h| h.case_id != existing);
            }
            None => {}
        }
    }
    Ok(saved)
}

/// A batch's reception record once issued: its number and date, and the
/// case numbers it names. From then on no one joins the batch (the vault
/// refuses with [`crate::vault::VaultError::ReceptionIssued`]); a batch
/// that took people before that rule existed may hold some it does not name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedReception {
    pub number: String,
    pub issued_on: NaiveDate,
    /// The case numbers on the record's list; `None` for a record kept
    /// without them.
    named: Option<BTreeSet<String>>,
}

impl IssuedReception {
    /// The case numbers of `numbers` (the batch's people) the record does not name.
    pub fn missing<'a>(&self, numbers: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
        let Some(named) = &self.named else {
            return Vec::new();
        };
        numbers
            .into_iter()
            .filter(|n| !named.contains(*n))
            .collect()
    }
}

/// The batch's reception record, if it has been issued.
pub fn issued_reception(v: &Vault, batch_id: &str) -> Result<Option<IssuedReception>> {
    let Some(p) = v.issued_paper(PaperKind::Reception, batch_id)? else {
        return Ok(None);
    };
    let named = p
        .data
        .get("people")
        .and_then(|p| p.as_array())
        .and_then(|rows| {
            rows.iter()
                .map(|r| {
                    r.get("case_number")
                        .and_then(|n| n.as_str())
                        .map(str::to_string)
                })
                .collect()
        });
    Ok(Some(IssuedReception {
        number: p.number.trim().to_string(),
        issued_on: p.issued_on,
        named,
    }))
}

//! Organisations the unit works with: the agencies people are referred or
//! handed over to, the border gates, and the handover of people who are not
//! victims to their home locality.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::papers::{self, AgencyKind, GateKind, Person};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agency {
    pub id: i64,
    pub name: String,
    /// An `AgencyKind` key.
    pub kind: String,
    pub address: String,
    pub active: bool,
    pub contact: String,
    pub phone: String,
    /// The province it serves (a home-province police, a Sở Y tế).
    pub province_code: Option<u32>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl Agency {
    pub fn kind(&self) -> AgencyKind {
        AgencyKind::from_key(&self.kind).unwrap_or(AgencyKind::Other)
    }

    /// Whether it can be chosen for an act on `d`: active and in force
    /// then. A retired agency still prints on the papers of its time.
    pub fn valid_on(&self, d: NaiveDate) -> bool {
        self.active && papers::valid_on(self.valid_from, self.valid_to, d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gate {
    pub id: i64,
    pub name: String,
    pub is_other: bool,
    pub active: bool,
    /// A `GateKind` key.
    pub kind: String,
    pub province_code: Option<u32>,
}

impl Gate {
    pub fn kind(&self) -> GateKind {
        GateKind::from_key(&self.kind).unwrap_or(GateKind::Other)
    }
}

/// The record of handing people who are not victims, from one batch, to
/// one receiver (the home-province police, a commune People's Committee,
/// the family): "Biên bản bàn giao công dân" with its list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CitizenHandover {
    pub id: String,
    pub batch_id: String,
    pub agency_id: Option<i64>,
    /// The receiver as the paper names it (the agency's name, or the
    /// family's).
    pub receiver: String,
    /// The person who signs for the receiver.
    pub receiver_person: Person,
    /// The unit's officers who hand over.
    pub giver_person: Person,
    /// When the handover began and ended (never made up: blank on the
    /// paper when not recorded).
    pub started_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub place: String,
    /// The cases handed over, in the list's order.
    pub case_ids: Vec<String>,
    pub notes: String,
    pub created_by: String,
}

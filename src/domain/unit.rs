//! The installing unit (a border-guard station, a police unit) as its papers name it.

use serde::{Deserialize, Serialize};

/// The kinds of installing unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    BorderGuardStation,
    ProvincialPolice,
    CommunePolice,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] = [
        UnitKind::BorderGuardStation,
        UnitKind::ProvincialPolice,
        UnitKind::CommunePolice,
        UnitKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::BorderGuardStation => "border_guard_station",
            UnitKind::ProvincialPolice => "provincial_police",
            UnitKind::CommunePolice => "commune_police",
            UnitKind::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    pub province_code: Option<u32>,
    pub code: String,
}

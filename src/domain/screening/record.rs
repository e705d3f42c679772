//! A screening as recorded: the answers and notes, the computed result, the
//! evidence sources of Law 53/2024 art. 32, the officer's decision and the
//! supervisor's approval.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Exploitation, ScreeningInput, ScreeningResult};

/// The officer's decision, separate from the computed advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// "Người đang trong quá trình xác định là nạn nhân".
    SuspectedVictim,
    NotVictim,
    NeedsVerification,
}

impl Decision {
    pub const ALL: [Decision; 3] = [
        Decision::SuspectedVictim,
        Decision::NeedsVerification,
        Decision::NotVictim,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Decision::SuspectedVictim => "suspected_victim",
            Decision::NotVictim => "not_victim",
            Decision::NeedsVerification => "needs_verification",
        }
    }

    pub fn from_key(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    Pending,
    Approved,
    Returned,
}

impl Approval {
    pub fn key(self) -> &'static str {
        match self {
            Approval::Pending => "pending",
            Approval::Approved => "approved",
            Approval::Returned => "returned",
        }
    }

    pub fn from_key(s: &str) -> Option<Approval> {
        [Approval::Pending, Approval::Approved, Approval::Returned]
            .into_iter()
            .find(|a| a.key() == s)
    }
}

/// The evidence sources of Law 53/2024 art. 32(1), letters a–i.
pub const EVIDENCE_SOURCES: [&str; 9] = ["a", "b", "c", "d", "dd", "e", "g", "h", "i"];

/// The signs of art. 32(2), considered when the sources are not enough.
pub const FALLBACK_SIGNS: [&str; 8] = [
    "found_with_victims",
    "held_in_exploitation_place",
    "papers_confiscated",
    "movement_restricted",
    "debt_bondage",
    "deceived_job_or_marriage",
    "exploited",
    "child_transferred_for_benefit",
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Evidence {
    /// Letters of art. 32(1) relied on.
    pub sources: Vec<String>,
    /// Whether background, absence period and its reason were verified as consistent (art. 32(2)).
    pub background_verified: bool,
    /// Signs of art. 32(2) observed.
    pub signs: Vec<String>,
    pub note: String,
}

/// A screening of one case, in one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningRecord {
    pub id: String,
    pub case_id: String,
    pub version: i64,
    pub catalog_version: String,
    pub input: ScreeningInput,
    /// Notes per indicator code.
    pub notes: BTreeMap<String, String>,
    pub result: ScreeningResult,
    pub evidence: Evidence,
    pub decision: Option<Decision>,
    pub decision_reason: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub approval: Option<Approval>,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    pub approval_note: String,
    pub interviewer: String,
    pub created_at: String,
    pub updated_at: String,
}

impl ScreeningRecord {
    /// Once approved, a screening is final; a re-screening is a new version.
    pub fn is_final(&self) -> bool {
        self.approval == Some(Approval::Approved)
    }

    pub fn exploitation(&self) -> Exploitation {
        self.input.exploitation
    }

    /// Whether the result was computed by the rule of this catalog. A screening
    /// saved under an earlier catalog (e.g. `ilo2009-vn-1`, without the legal
    /// elements) is shown with its own stored result, not re-evaluated.
    pub fn is_current_rule(&self, catalog: &super::Catalog) -> bool {
        self.catalog_version == catalog.version
    }
}

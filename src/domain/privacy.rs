//! Personal data protection (Law 91/2025/QH15 on Personal Data Protection,
//! Decree 356/2025/NĐ-CP, in force 01/01/2026): the notice given to a person
//! at intake and the optional uses they agreed to, the register of the
//! person's requests (access, correction, withdrawal of consent, deletion,
//! objection), and the retention rules.
//!
//! Reception and verification under Law 53/2024 are the unit's duties and need
//! no consent (Law 91/2025 art. 19(1)); only the optional uses do. Consent
//! counts only when it was given: silence, a box nobody ticked and a box
//! ticked in advance are never consent (Law 91/2025 art. 9) — a use counts
//! only when the person's answer is recorded as "agreed" on a notice that
//! was actually given (date, language, the officer who recorded it).
//!
//! Children (Law 91/2025 art. 24): the legal representative acts for a child,
//! and the processing of a child's data aged 7 or more needs the consent of
//! both the child and the representative; the child's own refusal is a
//! refusal whatever the guardian says. The app asks for the guardian for
//! every person under 18 (the child procedures of Law 53/2024, with the
//! presumption of minority), which is stricter than art. 24 alone (under 16).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::screening::AgeReading;

/// The uses of a person's data that need their consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionalUse {
    /// Sharing with support organisations outside the state (NGOs, IOM).
    ShareNgo,
    /// Photographs of the person kept in the record.
    Photos,
    /// Contacting the person (or the family) after the handover.
    FollowUp,
    /// Giving the family's contact to the receiving agency with a referral.
    ShareFamilyContact,
}

impl OptionalUse {
    pub const ALL: [OptionalUse; 4] = [
        OptionalUse::ShareNgo,
        OptionalUse::Photos,
        OptionalUse::FollowUp,
        OptionalUse::ShareFamilyContact,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OptionalUse::ShareNgo => "share_ngo",
            OptionalUse::Photos => "photos",
            OptionalUse::FollowUp => "follow_up",
            OptionalUse::ShareFamilyContact => "share_family_contact",
        }
    }

    pub fn from_key(s: &str) -> Option<OptionalUse> {
        OptionalUse::ALL.into_iter().find(|u| u.key() == s)
    }
}

/// A person's answer to one question. Nothing is ever pre-set: a new notice
/// starts with every answer "not asked", which never counts as consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    #[default]
    NotAsked,
    Agreed,
    Refused,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::NotAsked, Choice::Agreed, Choice::Refused];

    pub fn key(self) -> &'static str {
        match self {
            Choice::NotAsked => "not_asked",
            Choice::Agreed => "agreed",
            Choice::Refused => "refused",
        }
    }

    pub fn from_key(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// What was told to a person at intake ("Thông báo về xử lý dữ liệu cá
/// nhân") and what they answered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Notice {
    pub id: String,
    pub case_id: String,
    /// The day the notice was given (read or explained to the person).
    pub given_on: Option<NaiveDate>,
    /// The language it was given in.
    pub language: String,
    /// The interpreter's name, when one explained it.
    pub interpreter: String,
    /// The person's own answer per optional use (a child of 7 or more
    /// answers for themselves; for a younger child the guardian answers).
    pub uses: BTreeMap<OptionalUse, Choice>,
    /// For a person under 18: the guardian (legal representative), the
    /// relation, and the guardian's consent to the uses agreed.
    pub guardian_name: String,
    pub guardian_relation: String,
    pub guardian: Choice,
    /// The officer who recorded it (username) and when (set by the store).
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Who must agree, by the person's age as the law reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties {
    /// The person's own answer counts (adults, and children of 7 or more).
    pub own: bool,
    /// A guardian's consent is needed as well (under 18, or presumed so).
    pub guardian: bool,
}

/// The effective age that decides the parties: an uncertain age is read
/// lower (the presumption of minority), like the screening rule's.
pub fn parties(age: &AgeReading) -> Parties {
    let minor = age.under_18();
    let young = age.effective.is_some_and(|a| a < 7);
    Parties {
        own: !young,
        guardian: minor,
    }
}

/// Why a notice cannot be saved as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeProblem {
    /// The date it was given is missing.
    NoDate,
    /// The language it was given in is missing.
    NoLanguage,
    /// A use is agreed for a person under 18 without the guardian's name.
    GuardianName,
}

impl NoticeProblem {
    pub const ALL: [NoticeProblem; 3] = [
        NoticeProblem::NoDate,
        NoticeProblem::NoLanguage,
        NoticeProblem::GuardianName,
    ];

    pub fn key(self) -> &'static str {
        match self {
            NoticeProblem::NoDate => "no_date",
            NoticeProblem::NoLanguage => "no_language",
            NoticeProblem::GuardianName => "guardian_name",
        }
    }
}

impl Notice {
    /// A new notice for the same case: the language, interpreter and
    /// guardian are carried over, never the answers (no box is ticked in
    /// advance, not even with the person's earlier answer).
    pub fn renewed(prev: Option<&Notice>, case_id: &str) -> Notice {
        let mut n = Notice {
            case_id: case_id.to_string(),
            ..Notice::default()
        };
        if let Some(p) = prev {
            n.language = p.language.clone();
            n.interpreter = p.interpreter.clone();
            n.guardian_name = p.guardian_name.clone();
            n.guardian_relation = p.guardian_relation.clone();
        }
        n
    }

    pub fn answer(&self, u: OptionalUse) -> Choice {
        self.uses.get(&u).copied().unwrap_or_default()
    }

    /// Given: a date, a language and the officer who recorded it.
    pub fn is_given(&self) -> bool {
        self.given_on.is_some() && !self.language.trim().is_empty() && !self.recorded_by.is_empty()
    }

    pub fn problems(&self, age: &AgeReading) -> Vec<NoticeProblem> {
        let mut p = Vec::new();
        if self.given_on.is_none() {
            p.push(NoticeProblem::NoDate);
        }
        if self.language.trim().is_empty() {
            p.push(NoticeProblem::NoLanguage);
        }
        let any_agreed = self.uses.values().any(|c| *c == Choice::Agreed);
        if parties(age).guardian && any_agreed && self.guardian_name.trim().is_empty() {
            p.push(NoticeProblem::GuardianName);
        }
        p
    }
}

/// What a person agreed to, all things considered: the latest notice, their
/// age and a withdrawal of consent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Consents {
    pub agreed: Vec<OptionalUse>,
    /// Consent was withdrawn (a request in the register): nothing counts.
    pub withdrawn: bool,
}

impl Consents {
    pub fn allows(&self, u: OptionalUse) -> bool {
        !self.withdrawn && self.agreed.contains(&u)
    }
}

/// The uses that count. A use counts only when the notice was given and the
/// answer is "agreed" — by the person when their own answer counts (7 or
/// more), and by the guardian, named, when one is needed. "Not asked" (an
/// empty box) is never consent, nor is a guardian's yes over a child's no.
pub fn consents(notice: Option<&Notice>, age: &AgeReading, withdrawn: bool) -> Consents {
    let Some(n) = notice.filter(|n| n.is_given()) else {
        return Consents {
            agreed: Vec::new(),
            withdrawn,
        };
    };
    let who = parties(age);
    let guardian_ok = n.guardian == Choice::Agreed && !n.guardian_name.trim().is_empty();
    let agreed = OptionalUse::ALL
        .into_iter()
        .filter(|u| {
            let own = n.answer(*u) == Choice::Agreed;
            // Under 7 the guardian's answer is the one recorded per use.
            own && (!who.guardian || guardian_ok)
        })
        .collect();
    Consents { agreed, withdrawn }
}

/// The case as a referral carries it: only what the receiving agency needs.
/// The family's contact goes only when the person agreed to share it; the
/// statements about the journey (how they left, who recruited them) never go.
pub fn for_referral(case: &super::case::CaseRecord, c: &Consents) -> super::case::CaseRecord {
    let mut out = case.clone();
    if !c.allows(OptionalUse::ShareFamilyContact) {
        out.family = super::case::FamilyContact::default();
    }
    let j = &case.journey;
    out.journey = super::case::Journey {
        destination_country: j.destination_country.clone(),
        destination_place: j.destination_place.clone(),
        ..super::case::Journey::default()
    };
    out
}

// ---- the register of requests --------------------------------------------------------

/// What a person asks for (Law 91/2025 art. 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A copy of their data.
    #[default]
    Access,
    /// Correction of a value.
    Correction,
    /// Withdrawal of consent: effective when it is registered.
    Withdrawal,
    /// Deletion of their data.
    Deletion,
    /// Objection to (or restriction of) a processing.
    Objection,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        RequestKind::Access,
        RequestKind::Correction,
        RequestKind::Withdrawal,
        RequestKind::Deletion,
        RequestKind::Objection,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Correction => "correction",
            RequestKind::Withdrawal => "withdrawal",
            RequestKind::Deletion => "deletion",
            RequestKind::Objection => "objection",
        }
    }

    pub fn from_key(s: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// The administrator's decision on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestDecision {
    Granted,
    PartlyGranted,
    Refused,
}

impl RequestDecision {
    pub const ALL: [RequestDecision; 3] = [
        RequestDecision::Granted,
        RequestDecision::PartlyGranted,
        RequestDecision::Refused,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RequestDecision::Granted => "granted",
            RequestDecision::PartlyGranted => "partly_granted",
            RequestDecision::Refused => "refused",
        }
    }

    pub fn from_key(s: &str) -> Option<RequestDecision> {
        RequestDecision::ALL.into_iter().find(|k| k.key() == s)
    }
}

/// One request in the register.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RightsRequest {
    pub id: String,
    pub case_id: String,
    pub kind: RequestKind,
    /// Who asked (the person, or their guardian or representative) and the relation.
    pub requester: String,
    pub requester_relation: String,
    pub received_on: Option<NaiveDate>,
    /// What is asked (e.g. which value to correct).
    pub details: String,
    /// The deadline the administrator sets.
    pub deadline: Option<NaiveDate>,
    pub decision: Option<RequestDecision>,
    pub reason: String,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub recorded_by: String,
}

impl RightsRequest {
    pub fn is_open(&self) -> bool {
        self.decision.is_none()
    }

    /// A withdrawal takes effect when registered (the law does not make it
    /// wait for a decision); only a refusal (a request entered by mistake,
    /// with its reason) lifts it.
    pub fn withdraws(&self) -> bool {
        self.kind == RequestKind::Withdrawal && self.decision != Some(RequestDecision::Refused)
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.deadline.is_some_and(|d| d < today)
    }
}

/// Why a request cannot be registered or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestProblem {
    NoRequester,
    NoDate,
    /// A refusal or a partial grant needs its reason.
    NoReason,
    AlreadyDecided,
}

impl RequestProblem {
    pub fn key(self) -> &'static str {
        match self {
            RequestProblem::NoRequester => "no_requester",
            RequestProblem::NoDate => "no_date",
            RequestProblem::NoReason => "no_reason",
            RequestProblem::AlreadyDecided => "already_decided",
        }
    }
}

impl RightsRequest {
    pub fn problems(&self) -> Vec<RequestProblem> {
        let mut p = Vec::new();
        if self.requester.trim().is_empty() {
            p.push(RequestProblem::NoRequester);
        }
        if self.received_on.is_none() {
            p.push(RequestProblem::NoDate);
        }
        p
    }

    pub fn decision_problems(&self, d: RequestDecision, reason: &str) -> Vec<RequestProblem> {
        let mut p = Vec::new();
        if !self.is_open() {
            p.push(RequestProblem::AlreadyDecided);
        }
        if d != RequestDecision::Granted && reason.trim().is_empty() {
            p.push(RequestProblem::NoReason);
        }
        p
    }
}

// ---- retention ------------------------------------------------------------------------

/// The retention periods an administrator sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    /// Screening answers of a person decided "not a victim" (decision
    /// approved) are removed this many months after the handover.
    pub screening_months: u32,
    /// Closed cases are reduced to the anonymised facts the reports count
    /// this many years after they were closed.
    pub closed_years: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            screening_months: 12,
            closed_years: 5,
        }
    }
}

/// The bounds an administrator may set (a period of 0 would remove records
/// the day they are closed, before any complaint or review could reach them).
pub const SCREENING_MONTHS: (u32, u32) = (6, 120);
pub const CLOSED_YEARS: (u32, u32) = (1, 100);

impl RetentionPolicy {
    pub fn is_valid(&self) -> bool {
        (SCREENING_MONTHS.0..=SCREENING_MONTHS.1).contains(&self.screening_months)
            && (CLOSED_YEARS.0..=CLOSED_YEARS.1).contains(&self.closed_years)
    }

    /// The last day a record that ended on that day may still be touched:
    /// records that ended on or before the returned day are due.
    pub fn screening_cutoff(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(chrono::Months::new(self.screening_months))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn closed_cutoff(&self, today: NaiveDate) -> NaiveDate {
        NaiveDate::from_ymd_opt(
            today.year() - self.closed_years as i32,
            today.month(),
            today.day().min(28),
        )
        .unwrap_or(NaiveDate::MIN)
    }
}

/// What a retention run would remove (or removed): counts per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RetentionDue {
    /// Cases whose screening answers are due for removal.
    pub screening_answers: usize,
    /// Cases due to be reduced to the anonymised report facts.
    pub cases: usize,
}

// ---- the other records' classification ---------------------------------------------------

use super::fields::{Sensitive as S, Sensitivity};

/// The personal-data classification of the records beside the case (whose
/// fields are classified in `fields::FIELDS`): (record, class, the paths of
/// that class). A path covers everything under it. The test below checks that
/// every field of each record is covered, so a field added without a class
/// fails it.
pub static RECORD_FIELDS: &[(&str, Sensitivity, &[&str])] = &[
    (
        "referral",
        Sensitivity::None,
        &[
            "id",
            "case_id",
            "number",
            "agency_id",
            "status",
            "acknowledged_on",
            "created_by",
            "approved_by",
            "approved_on",
        ],
    ),
    (
        "referral",
        Sensitivity::Basic,
        &["consent", "handover", "acknowledged_note"],
    ),
    (
        "referral",
        Sensitivity::Sensitive(S::Health),
        &["services", "services_other"],
    ),
    (
        "referral",
        Sensitivity::Sensitive(S::PrivateLife),
        &["wishes", "no_consent_reason"],
    ),
    (
        "referral",
        Sensitivity::Sensitive(S::CrimeData),
        &["protection_concerns"],
    ),
    // The screening: every answer and note is a statement about a crime
    // collected by a law-enforcement body.
    (
        "screening",
        Sensitivity::Sensitive(S::CrimeData),
        &[
            "input",
            "notes",
            "result",
            "evidence",
            "decision",
            "decision_reason",
            "approval_note",
        ],
    ),
    (
        "notice",
        Sensitivity::None,
        &["id", "case_id", "given_on", "recorded_by", "recorded_at"],
    ),
    (
        "notice",
        Sensitivity::Basic,
        &["uses", "language", "interpreter", "guardian"],
    ),
    (
        "notice",
        Sensitivity::Sensitive(S::PrivateLife),
        &["guardian_name", "guardian_relation"],
    ),
    (
        "request",
        Sensitivity::None,
        &[
            "id",
            "case_id",
            "received_on",
            "deadline",
            "decision",
            "decided_by",
            "decided_on",
            "recorded_by",
        ],
    ),
    ("request", Sensitivity::Basic, &["kind", "requester"]),
    (
        "request",
        Sensitivity::Sensitive(S::PrivateLife),
        &["requester_relation", "details", "reason"],
    ),
    (
        "batch",
        Sensitivity::None,
        &[
            "id",
            "number",
            "received_at",
            "gate_id",
            "place",
            "handing_party",
            "receiving_officers",
            "receiving_units",
            "source",
        ],
    ),
    ("batch", Sensitivity::Basic, &["documents", "notes"]),
];

/// The class of a field of one of the other records (`None` when it has none).
pub fn record_class(record: &str, path: &str) -> Option<Sensitivity> {
    let covers = |p: &&str| path == *p || path.starts_with(&format!("{p}."));
    RECORD_FIELDS
        .iter()
        .find(|(r, _, paths)| *r == record && paths.iter().any(covers))
        .map(|(_, s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adult() -> AgeReading {
        AgeReading::new(Some(30), false)
    }

    fn given(uses: &[(OptionalUse, Choice)]) -> Notice {
        Notice {
            given_on: NaiveDate::from_ymd_opt(2026, 11, 20),
            language: "Tiếng Việt".into(),
            recorded_by: "canbo".into(),
            uses: uses.iter().copied().collect(),
            ..Notice::default()
        }
    }

    #[test]
    fn an_empty_or_unanswered_consent_never_counts() {
        // No notice at all.
        assert!(consents(None, &adult(), false).agreed.is_empty());
        // A notice given but nothing answered: every box empty.
        let n = given(&[]);
        assert!(consents(Some(&n), &adult(), false).agreed.is_empty());
        // "Not asked" is not consent.
        let n = given(&[(OptionalUse::ShareNgo, Choice::NotAsked)]);
        assert!(!consents(Some(&n), &adult(), false).allows(OptionalUse::ShareNgo));
        // "Agreed" on a notice that was never given (no date, no language,
        // nobody recorded it: a box ticked in advance) does not count.
        let mut n = given(&[(OptionalUse::ShareNgo, Choice::Agreed)]);
        n.given_on = None;
        assert!(consents(Some(&n), &adult(), false).agreed.is_empty());
        let mut n = given(&[(OptionalUse::ShareNgo, Choice::Agreed)]);
        n.recorded_by.clear();
        assert!(consents(Some(&n), &adult(), false).agreed.is_empty());
        // A renewed notice carries no earlier answer.
        let prev = given(&[(OptionalUse::ShareNgo, Choice::Agreed)]);
        let next = Notice::renewed(Some(&prev), "c1");
        assert_eq!(next.answer(OptionalUse::ShareNgo), Choice::NotAsked);
        assert!(next.uses.is_empty());
        assert_eq!(next.language, "Tiếng Việt");
        // And the real thing counts, one use at a time.
        let n = given(&[
            (OptionalUse::ShareNgo, Choice::Agreed),
            (OptionalUse::Photos, Choice::Refused),
        ]);
        let c = consents(Some(&n), &adult(), false);
        assert_eq!(c.agreed, vec![OptionalUse::ShareNgo]);
        // Withdrawn: nothing counts.
        assert!(!consents(Some(&n), &adult(), true).allows(OptionalUse::ShareNgo));
    }

    #[test]
    fn a_child_needs_their_own_yes_and_the_guardian() {
        let child = AgeReading::new(Some(12), false);
        let mut n = given(&[(OptionalUse::FollowUp, Choice::Agreed)]);
        // The child agreed, no guardian.
        assert!(consents(Some(&n), &child, false).agreed.is_empty());
        assert!(n.problems(&child).contains(&NoticeProblem::GuardianName));
        n.guardian_name = "Nguyễn Văn Cha".into();
        n.guardian_relation = "Bố".into();
        // Named, but the guardian's consent not recorded.
        assert!(consents(Some(&n), &child, false).agreed.is_empty());
        n.guardian = Choice::Agreed;
        assert_eq!(
            consents(Some(&n), &child, false).agreed,
            vec![OptionalUse::FollowUp]
        );
        // The child refuses: the guardian's yes does not override it.
        n.uses.insert(OptionalUse::FollowUp, Choice::Refused);
        assert!(consents(Some(&n), &child, false).agreed.is_empty());
        // 16–17 and an uncertain 19 (read as 17) need the guardian too.
        let mut m = given(&[(OptionalUse::ShareNgo, Choice::Agreed)]);
        for age in [
            AgeReading::new(Some(17), false),
            AgeReading::new(Some(19), true),
        ] {
            assert!(parties(&age).guardian);
            assert!(consents(Some(&m), &age, false).agreed.is_empty());
        }
        m.guardian_name = "Trần Thị Mẹ".into();
        m.guardian = Choice::Agreed;
        assert!(
            consents(Some(&m), &AgeReading::new(Some(17), false), false)
                .allows(OptionalUse::ShareNgo)
        );
        // Under 7: the guardian answers; the child's own answer is not asked.
        let p = parties(&AgeReading::new(Some(5), false));
        assert!(p.guardian && !p.own);
        assert!(parties(&AgeReading::new(Some(7), false)).own);
    }

    #[test]
    fn requests_and_decisions() {
        let mut r = RightsRequest {
            kind: RequestKind::Withdrawal,
            ..RightsRequest::default()
        };
        assert_eq!(
            r.problems(),
            vec![RequestProblem::NoRequester, RequestProblem::NoDate]
        );
        // Effective as soon as it is registered.
        assert!(r.withdraws());
        assert_eq!(
            r.decision_problems(RequestDecision::Refused, " "),
            vec![RequestProblem::NoReason]
        );
        r.decision = Some(RequestDecision::Refused);
        assert!(!r.withdraws());
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let open = RightsRequest {
            deadline: NaiveDate::from_ymd_opt(2026, 11, 30),
            ..RightsRequest::default()
        };
        assert!(open.is_overdue(today));
    }

    /// Every field of the other records is classified (the case record's
    /// own test is in `fields`).
    #[test]
    fn every_field_of_the_other_records_is_classified() {
        let records = [
            (
                "referral",
                serde_json::to_value(super::super::referral::Referral::default()),
            ),
            ("notice", serde_json::to_value(Notice::default())),
            ("request", serde_json::to_value(RightsRequest::default())),
            (
                "batch",
                serde_json::to_value(super::super::batch::BatchRecord::default()),
            ),
        ];
        for (name, v) in records {
            for leaf in &crate::domain::testing::leaf_paths(&v.unwrap()) {
                assert!(
                    record_class(name, leaf).is_some(),
                    "{name}.{leaf} is not classified"
                );
            }
        }
        // The screening record's fields that hold what the person said.
        for p in ["input.answers", "notes", "decision_reason"] {
            assert_eq!(
                record_class("screening", p),
                Some(Sensitivity::Sensitive(S::CrimeData))
            );
        }
    }

    #[test]
    fn retention_cutoffs() {
        let p = RetentionPolicy::default();
        assert!(p.is_valid());
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(
            p.screening_cutoff(today),
            NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()
        );
        assert_eq!(
            p.closed_cutoff(today),
            NaiveDate::from_ymd_opt(2021, 12, 1).unwrap()
        );
        assert!(
            !RetentionPolicy {
                screening_months: 0,
                closed_years: 5
            }
            .is_valid()
        );
    }
}

//! Referral to social services (since 2025 the provincial Department of
//! Health): consent, services requested, and the workflow
//! draft -> approved -> handed over -> acknowledged.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    #[default]
    Draft,
    Approved,
    HandedOver,
    Acknowledged,
}

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 4] = [
        ReferralStatus::Draft,
        ReferralStatus::Approved,
        ReferralStatus::HandedOver,
        ReferralStatus::Acknowledged,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "draft",
            ReferralStatus::Approved => "approved",
            ReferralStatus::HandedOver => "handed_over",
            ReferralStatus::Acknowledged => "acknowledged",
        }
    }

    pub fn from_key(s: &str) -> Option<ReferralStatus> {
        ReferralStatus::ALL.into_iter().find(|x| x.key() == s)
    }

    /// The only allowed next step.
    pub fn next(self) -> Option<ReferralStatus> {
        match self {
            ReferralStatus::Draft => Some(ReferralStatus::Approved),
            ReferralStatus::Approved => Some(ReferralStatus::HandedOver),
            ReferralStatus::HandedOver => Some(ReferralStatus::Acknowledged),
            ReferralStatus::Acknowledged => None,
        }
    }
}

/// Services that can be requested (Law 53/2024 chapter V, Decree 162/2025).
pub const SERVICES: [&str; 10] = [
    "essential_needs",
    "shelter",
    "medical",
    "psychological",
    "legal_aid",
    "travel_home",
    "education_vocational",
    "hardship_allowance",
    "loan",
    "interpretation",
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Consent {
    /// The person agreed to the referral and to sharing the data listed.
    pub given: bool,
    /// What the person was told (purpose, agency, data shared, rights).
    pub told: String,
    /// The language it was explained in.
    pub language: String,
    /// For a child: the guardian who consented, and the relation.
    pub guardian_name: String,
    pub guardian_relation: String,
    pub recorded_on: Option<chrono::NaiveDate>,
    /// For a child of 7 or more: the child's own agreement, beside the
    /// guardian's (Law 91/2025 art. 24).
    pub child_agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Handover {
    pub at: Option<chrono::NaiveDateTime>,
    pub place: String,
    pub receiver_name: String,
    pub receiver_title: String,
    pub documents: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Referral {
    pub id: String,
    pub case_id: String,
    pub number: String,
    pub agency_id: Option<i64>,
    pub status: ReferralStatus,
    pub services: Vec<String>,
    pub services_other: String,
    pub wishes: String,
    pub protection_concerns: String,
    pub consent: Consent,
    /// Why the referral proceeds without consent (e.g. the person is a child
    /// without a reachable guardian, or in danger).
    pub no_consent_reason: String,
    pub handover: Handover,
    pub acknowledged_on: Option<chrono::NaiveDate>,
    pub acknowledged_note: String,
    pub created_by: String,
    pub approved_by: Option<String>,
    /// The day of approval: the date of the referral letter.
    pub approved_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralProblem {
    NoAgency,
    NoConsentOrReason,
    ConsentDetails,
    GuardianRequired,
    OwnApproval,
    NotSupervisor,
    WrongStep,
    HandoverDetails,
    /// A child of 7 or more must agree themselves, beside the guardian.
    ChildConsent,
    /// The person withdrew their consent: no new referral.
    ConsentWithdrawn,
}

impl ReferralProblem {
    pub const ALL: [ReferralProblem; 10] = [
        ReferralProblem::NoAgency,
        ReferralProblem::NoConsentOrReason,
        ReferralProblem::ConsentDetails,
        ReferralProblem::GuardianRequired,
        ReferralProblem::OwnApproval,
        ReferralProblem::NotSupervisor,
        ReferralProblem::WrongStep,
        ReferralProblem::HandoverDetails,
        ReferralProblem::ChildConsent,
        ReferralProblem::ConsentWithdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReferralProblem::NoAgency => "no_agency",
            ReferralProblem::NoConsentOrReason => "no_consent_or_reason",
            ReferralProblem::ConsentDetails => "consent_details",
            ReferralProblem::GuardianRequired => "guardian_required",
            ReferralProblem::OwnApproval => "own_approval",
            ReferralProblem::NotSupervisor => "not_supervisor",
            ReferralProblem::WrongStep => "wrong_step",
            ReferralProblem::HandoverDetails => "handover_details",
            ReferralProblem::ChildConsent => "child_consent",
            ReferralProblem::ConsentWithdrawn => "consent_withdrawn",
        }
    }
}

impl Referral {
    /// What stands in the way of approval by `approver` (a supervisor or not).
    /// A referral needs consent (what was told, in which language; a guardian
    /// for a child) or a recorded reason to proceed without it, and an
    /// officer cannot approve their own referral.
    pub fn approval_problems(
        &self,
        approver: &str,
        approver_supervises: bool,
        is_child: bool,
    ) -> Vec<ReferralProblem> {
        let mut p = Vec::new();
        if self.status != ReferralStatus::Draft {
            p.push(ReferralProblem::WrongStep);
        }
        if self.agency_id.is_none() {
            p.push(ReferralProblem::NoAgency);
        }
        let reason = !self.no_consent_reason.trim().is_empty();
        if !self.consent.given && !reason {
            p.push(ReferralProblem::NoConsentOrReason);
        }
        if self.consent.given {
            if self.consent.told.trim().is_empty() || self.consent.language.trim().is_empty() {
                p.push(ReferralProblem::ConsentDetails);
            }
            if is_child && self.consent.guardian_name.trim().is_empty() && !reason {
                p.push(ReferralProblem::GuardianRequired);
            }
        }
        if !approver_supervises {
            p.push(ReferralProblem::NotSupervisor);
        }
        if self.created_by == approver {
            p.push(ReferralProblem::OwnApproval);
        }
        p
    }

    /// What the person's age and a withdrawal of consent add to
    /// [`Self::approval_problems`]: a child of 7 or more who is referred
    /// with consent needs both their own agreement and the guardian's
    /// (Law 91/2025 art. 24); after a withdrawal no referral proceeds.
    pub fn privacy_problems(
        &self,
        age: &crate::domain::screening::AgeReading,
        withdrawn: bool,
    ) -> Vec<ReferralProblem> {
        let mut p = Vec::new();
        if withdrawn {
            p.push(ReferralProblem::ConsentWithdrawn);
        }
        let who = crate::domain::privacy::parties(age);
        let reason = !self.no_consent_reason.trim().is_empty();
        if self.consent.given && who.guardian {
            if who.own && !self.consent.child_agreed {
                p.push(ReferralProblem::ChildConsent);
            }
            if self.consent.guardian_name.trim().is_empty() && !reason {
                p.push(ReferralProblem::GuardianRequired);
            }
        }
        p
    }

    pub fn handover_problems(&self) -> Vec<ReferralProblem> {
        let mut p = Vec::new();
        if self.status != ReferralStatus::Approved {
            p.push(ReferralProblem::WrongStep);
        }
        if self.handover.at.is_none() || self.handover.receiver_name.trim().is_empty() {
            p.push(ReferralProblem::HandoverDetails);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Referral {
        Referral {
            agency_id: Some(2),
            created_by: "canbo".into(),
            ..Referral::default()
        }
    }

    #[test]
    fn consent_or_reason_is_required() {
        let r = draft();
        assert!(
            r.approval_problems("chihuy", true, false)
                .contains(&ReferralProblem::NoConsentOrReason)
        );
        let mut r = draft();
        r.no_consent_reason =
            "Người được chuyển gửi đang bị đe dọa, cần đưa đến nơi an toàn ngay".into();
        assert!(r.approval_problems("chihuy", true, false).is_empty());
        let mut r = draft();
        r.consent.given = true;
        assert!(
            r.approval_problems("chihuy", true, false)
                .contains(&ReferralProblem::ConsentDetails)
        );
        r.consent.told = "Mục đích chuyển gửi, cơ quan nhận, thông tin được chia sẻ".into();
        r.consent.language = "Tiếng Việt".into();
        assert!(r.approval_problems("chihuy", true, false).is_empty());
        assert!(
            r.approval_problems("chihuy", true, true)
                .contains(&ReferralProblem::GuardianRequired)
        );
    }

    #[test]
    fn a_childs_referral_needs_the_child_and_the_guardian() {
        use crate::domain::screening::AgeReading;
        let child = AgeReading::new(Some(13), false);
        let mut r = draft();
        r.consent.given = true;
        r.consent.told = "Mục đích chuyển gửi".into();
        r.consent.language = "Tiếng Việt".into();
        let p = r.privacy_problems(&child, false);
        assert!(p.contains(&ReferralProblem::ChildConsent), "{p:?}");
        assert!(p.contains(&ReferralProblem::GuardianRequired), "{p:?}");
        // The guardian alone is not enough.
        r.consent.guardian_name = "Lê Thị Mẹ".into();
        r.consent.guardian_relation = "Mẹ".into();
        assert_eq!(
            r.privacy_problems(&child, false),
            vec![ReferralProblem::ChildConsent]
        );
        // Nor the child alone.
        r.consent.child_agreed = true;
        r.consent.guardian_name.clear();
        assert_eq!(
            r.privacy_problems(&child, false),
            vec![ReferralProblem::GuardianRequired]
        );
        r.consent.guardian_name = "Lê Thị Mẹ".into();
        assert!(r.privacy_problems(&child, false).is_empty());
        // An adult's own consent is enough; a withdrawal stops everything.
        let adult = AgeReading::new(Some(30), false);
        let mut a = draft();
        a.consent.given = true;
        assert!(a.privacy_problems(&adult, false).is_empty());
        assert_eq!(
            a.privacy_problems(&adult, true),
            vec![ReferralProblem::ConsentWithdrawn]
        );
    }

    #[test]
    fn no_one_approves_their_own() {
        let mut r = draft();
        r.no_consent_reason = "khẩn cấp".into();
        assert!(
            r.approval_problems("canbo", true, false)
                .contains(&ReferralProblem::OwnApproval)
        );
        assert!(
            r.approval_problems("khac", false, false)
                .contains(&ReferralProblem::NotSupervisor)
        );
    }
}

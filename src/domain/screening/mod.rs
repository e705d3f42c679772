//! Trafficking screening: the ILO/EC 2009 indicator catalog and the decision
//! rule, the age bands and the presumption of minority, and the elements of
//! Law 53/2024 art. 2(1) read beside the ILO advice.

pub mod age;
mod catalog;
pub mod record;
mod rule;

pub use age::{AgeBand, AgeReading, effective_age};
pub use catalog::{Catalog, CatalogError, DimensionInfo, Indicator};
pub use record::{Approval, Decision, Evidence, ScreeningRecord};
pub use rule::{
    Answer, DimensionResult, Element, Exploitation, LegalElements, Means, Outcome, Purpose,
    RuleError, ScreeningInput, ScreeningResult, Signs, age_for_rule, choose_list, evaluate,
    proposed_decision,
};

use serde::{Deserialize, Serialize};

/// The six dimensions of the Palermo definition, in catalog order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    DeceptiveRecruitment,
    CoerciveRecruitment,
    RecruitmentAbuseOfVulnerability,
    ExploitativeConditions,
    CoercionAtDestination,
    AbuseOfVulnerabilityAtDestination,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::DeceptiveRecruitment,
        Dimension::CoerciveRecruitment,
        Dimension::RecruitmentAbuseOfVulnerability,
        Dimension::ExploitativeConditions,
        Dimension::CoercionAtDestination,
        Dimension::AbuseOfVulnerabilityAtDestination,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Dimension::DeceptiveRecruitment => "deceptive_recruitment",
            Dimension::CoerciveRecruitment => "coercive_recruitment",
            Dimension::RecruitmentAbuseOfVulnerability => "recruitment_abuse_of_vulnerability",
            Dimension::ExploitativeConditions => "exploitative_conditions",
            Dimension::CoercionAtDestination => "coercion_at_destination",
            Dimension::AbuseOfVulnerabilityAtDestination => "abuse_of_vulnerability_at_destination",
        }
    }

    /// The two-letter prefix of the indicator codes of this dimension.
    pub fn prefix(self) -> &'static str {
        match self {
            Dimension::DeceptiveRecruitment => "DR",
            Dimension::CoerciveRecruitment => "CR",
            Dimension::RecruitmentAbuseOfVulnerability => "VR",
            Dimension::ExploitativeConditions => "EX",
            Dimension::CoercionAtDestination => "CD",
            Dimension::AbuseOfVulnerabilityAtDestination => "VD",
        }
    }

    pub fn from_key(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.key() == key)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The grade of an indicator in one list.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(prefix = "grade-", serialize_all = "kebab-case")]
pub enum Grade {
    Strong,
    Medium,
    Weak,
}

impl Grade {
    fn parse(s: &str) -> Option<Option<Grade>> {
        match s.trim() {
            "" => Some(None),
            "strong" => Some(Some(Grade::Strong)),
            "medium" => Some(Some(Grade::Medium)),
            "weak" => Some(Some(Grade::Weak)),
            _ => None,
        }
    }
}

/// The four indicator lists of ILO/EC 2009.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    AdultLabour,
    ChildLabour,
    AdultSexual,
    ChildSexual,
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::AdultLabour,
        ListKind::ChildLabour,
        ListKind::AdultSexual,
        ListKind::ChildSexual,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ListKind::AdultLabour => "adult_labour",
            ListKind::ChildLabour => "child_labour",
            ListKind::AdultSexual => "adult_sexual",
            ListKind::ChildSexual => "child_sexual",
        }
    }

    pub fn from_key(key: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|l| l.key() == key)
    }

    pub fn is_child(self) -> bool {
        matches!(self, ListKind::ChildLabour | ListKind::ChildSexual)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// HTCDS "Methods of Control" shown by the yes answers of a screening.
pub fn methods_of_control(
    answers: &std::collections::BTreeMap<String, Answer>,
) -> Vec<&'static str> {
    const MAP: [(&[&str], &str); 10] = [
        (&["CD01", "CR05"], "WithholdsDocuments"),
        (&["CD02", "CR04"], "DebtBondage"),
        (&["CD03", "CR06"], "RestrictsMovement"),
        (&["CD04", "CR01"], "PhysicalAbuse"),
        (&["CD05", "CR02", "CD13", "CR09"], "Threats"),
        (&["EX01"], "ExcessiveWorkingHours"),
        (&["CD14", "CR10", "EX03"], "TakesEarnings"),
        (&["CD11", "CR07"], "ThreatOfLawEnforcement"),
        (&["CD08"], "PsychoactiveSubstances"),
        (&["DR01", "DR02", "DR03"], "FalsePromises"),
    ];
    MAP.iter()
        .filter(|(codes, _)| codes.iter().any(|c| answers.get(*c) == Some(&Answer::Yes)))
        .map(|(_, m)| *m)
        .collect()
}

/// Every method of control the map above can name.
pub const METHODS_OF_CONTROL: [&str; 10] = [
    "WithholdsDocuments",
    "DebtBondage",
    "RestrictsMovement",
    "PhysicalAbuse",
    "Threats",
    "ExcessiveWorkingHours",
    "TakesEarnings",
    "ThreatOfLawEnforcement",
    "PsychoactiveSubstances",
    "FalsePromises",
];

/// What a dimension still needs to be positive (rule 1), the shortest way:
/// how many more "yes" answers of each grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needed {
    pub strong: u32,
    pub medium: u32,
    pub weak: u32,
    /// Of any grade other than strong (medium or weak).
    pub other: u32,
}

/// The fewest further answers that make a dimension with these counts
/// positive (`None` when it already is). On a tie, "1 strong + 1 other" is
/// preferred, the combination officers meet most.
pub fn still_needed(strong: u32, medium: u32, weak: u32) -> Option<Needed> {
    let positive = strong >= 2
        || (strong >= 1 && medium + weak >= 1)
        || medium >= 3
        || (medium >= 2 && weak >= 1);
    if positive {
        return None;
    }
    let b = Needed {
        strong: 1u32.saturating_sub(strong),
        other: u32::from(medium + weak == 0),
        ..Needed::default()
    };
    let a = Needed {
        strong: 2u32.saturating_sub(strong),
        ..Needed::default()
    };
    let c = Needed {
        medium: 3u32.saturating_sub(medium),
        ..Needed::default()
    };
    let d = Needed {
        medium: 2u32.saturating_sub(medium),
        weak: 1u32.saturating_sub(weak),
        ..Needed::default()
    };
    let total = |n: &Needed| n.strong + n.medium + n.weak + n.other;
    [b, a, c, d].into_iter().min_by_key(total)
}

#[cfg(test)]
mod needed_tests {
    use super::*;

    #[test]
    fn the_shortest_way_to_a_positive_dimension() {
        assert_eq!(
            still_needed(0, 0, 0),
            Some(Needed {
                strong: 1,
                other: 1,
                ..Needed::default()
            })
        );
        assert_eq!(
            still_needed(1, 0, 0),
            Some(Needed {
                other: 1,
                ..Needed::default()
            })
        );
        assert_eq!(
            still_needed(0, 2, 0),
            Some(Needed {
                strong: 1,
                ..Needed::default()
            })
        );
        assert_eq!(still_needed(1, 1, 0), None);
        assert_eq!(still_needed(0, 3, 0), None);
        assert_eq!(still_needed(0, 2, 1), None);
    }
}

//! The ILO/EC 2009 decision rule, exactly as DESIGN.md states it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Catalog, Dimension, Grade, ListKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Unknown,
    Declined,
}

impl Answer {
    pub const ALL: [Answer; 4] = [Answer::Yes, Answer::No, Answer::Unknown, Answer::Declined];

    pub fn key(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
            Answer::Declined => "declined",
        }
    }

    pub fn from_key(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exploitation {
    Labour,
    Sexual,
}

/// The input of one screening evaluation (the contract of `tiepnhan screen`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreeningInput {
    pub age_years: Option<u32>,
    #[serde(default)]
    pub age_uncertain: bool,
    pub exploitation: Exploitation,
    #[serde(default)]
    pub moved_by_someone: Option<bool>,
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    SuspectedVictim,
    NeedsFurtherInterview,
    ExploitationOnly,
    NoIndicators,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::SuspectedVictim,
        Outcome::NeedsFurtherInterview,
        Outcome::ExploitationOnly,
        Outcome::NoIndicators,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::SuspectedVictim => "suspected_victim",
            Outcome::NeedsFurtherInterview => "needs_further_interview",
            Outcome::ExploitationOnly => "exploitation_only",
            Outcome::NoIndicators => "no_indicators",
        }
    }

    pub fn from_key(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DimensionResult {
    pub positive: bool,
    pub strong: u32,
    pub medium: u32,
    pub weak: u32,
    /// Codes answered yes and graded in the chosen list, in catalog order.
    pub indicators: Vec<String>,
}

impl DimensionResult {
    /// Rule 1: 2 strong, or 1 strong + 1 medium or weak, or 3 medium, or 2 medium + 1 weak.
    fn is_positive(strong: u32, medium: u32, weak: u32) -> bool {
        strong >= 2
            || (strong >= 1 && medium + weak >= 1)
            || medium >= 3
            || (medium >= 2 && weak >= 1)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningResult {
    pub list: ListKind,
    pub presumed_child: bool,
    pub outcome: Outcome,
    pub unknown_could_change: bool,
    pub dimensions: BTreeMap<String, DimensionResult>,
}

impl ScreeningResult {
    pub fn dimension(&self, d: Dimension) -> &DimensionResult {
        &self.dimensions[d.key()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("unknown indicator code '{0}'")]
    UnknownCode(String),
}

/// Which list applies, and whether the child list is used by presumption of minority.
pub fn choose_list(input: &ScreeningInput) -> (ListKind, bool) {
    let under_18 = input.age_years.is_some_and(|a| a < 18);
    let presumed = !under_18 && input.age_uncertain && input.age_years.is_none();
    let child = under_18 || presumed;
    let list = match (child, input.exploitation) {
        (false, Exploitation::Labour) => ListKind::AdultLabour,
        (true, Exploitation::Labour) => ListKind::ChildLabour,
        (false, Exploitation::Sexual) => ListKind::AdultSexual,
        (true, Exploitation::Sexual) => ListKind::ChildSexual,
    };
    (list, presumed)
}

struct Tally {
    dims: [DimensionResult; 6],
    strong_yes: bool,
}

fn tally(
    catalog: &Catalog,
    list: ListKind,
    answers: &BTreeMap<String, Answer>,
    unknown_as_yes: bool,
) -> Tally {
    let mut dims: [DimensionResult; 6] = Default::default();
    let mut strong_yes = false;
    for ind in catalog.indicators() {
        let Some(grade) = ind.grade(list) else {
            continue;
        };
        let yes = match answers.get(&ind.code) {
            Some(Answer::Yes) => true,
            Some(Answer::Unknown) => unknown_as_yes,
            _ => false,
        };
        if !yes {
            continue;
        }
        let d = &mut dims[ind.dimension.index()];
        match grade {
            Grade::Strong => {
                d.strong += 1;
                strong_yes = true;
            }
            Grade::Medium => d.medium += 1,
            Grade::Weak => d.weak += 1,
        }
        d.indicators.push(ind.code.clone());
    }
    for d in &mut dims {
        d.positive = DimensionResult::is_positive(d.strong, d.medium, d.weak);
    }
    Tally { dims, strong_yes }
}

/// The outcome without the unknown-answers step (rules 2, 3 and 4 minus its second clause).
fn plain_outcome(t: &Tally, child: bool, moved: bool) -> Outcome {
    let pos = |d: Dimension| t.dims[d.index()].positive;
    let ex = pos(Dimension::ExploitativeConditions);
    let suspected = if child {
        ex && moved
    } else {
        (pos(Dimension::DeceptiveRecruitment)
            || pos(Dimension::CoerciveRecruitment)
            || pos(Dimension::RecruitmentAbuseOfVulnerability))
            && ex
            && (pos(Dimension::CoercionAtDestination)
                || pos(Dimension::AbuseOfVulnerabilityAtDestination))
    };
    if suspected {
        Outcome::SuspectedVictim
    } else if ex {
        Outcome::ExploitationOnly
    } else if t.dims.iter().any(|d| d.positive) || t.strong_yes {
        Outcome::NeedsFurtherInterview
    } else {
        Outcome::NoIndicators
    }
}

/// Evaluate a screening. Codes not in the catalog are rejected.
pub fn evaluate(catalog: &Catalog, input: &ScreeningInput) -> Result<ScreeningResult, RuleError> {
    if let Some(code) = input.answers.keys().find(|c| catalog.get(c).is_none()) {
        return Err(RuleError::UnknownCode(code.clone()));
    }
    let (list, presumed_child) = choose_list(input);
    let child = list.is_child();

    let actual = tally(catalog, list, &input.answers, false);
    let hopeful = tally(catalog, list, &input.answers, true);
    let base = plain_outcome(&actual, child, input.moved_by_someone == Some(true));
    let if_unknown_yes = plain_outcome(&hopeful, child, input.moved_by_someone != Some(false));

    let outcome = if base != Outcome::SuspectedVictim && if_unknown_yes == Outcome::SuspectedVictim
    {
        Outcome::NeedsFurtherInterview
    } else {
        base
    };
    let dimensions = Dimension::ALL
        .into_iter()
        .zip(actual.dims)
        .map(|(d, r)| (d.key().to_string(), r))
        .collect();
    Ok(ScreeningResult {
        list,
        presumed_child,
        outcome,
        unknown_could_change: if_unknown_yes != base,
        dimensions,
    })
}

#[cfg(test)]
mod tests {
    use super::DimensionResult;

    #[test]
    fn positivity_thresholds() {
        // (strong, medium, weak, positive)
        let table = [
            (2, 0, 0, true),
            (1, 1, 0, true),
            (1, 0, 1, true),
            (0, 3, 0, true),
            (0, 2, 1, true),
            (1, 0, 0, false),
            (0, 2, 0, false),
            (0, 1, 2, false),
            (0, 0, 5, false),
            (0, 1, 1, false),
            (0, 0, 0, false),
            (3, 4, 5, true),
        ];
        for (s, m, w, expected) in table {
            assert_eq!(
                DimensionResult::is_positive(s, m, w),
                expected,
                "strong={s} medium={m} weak={w}"
            );
        }
    }
}

//! The ILO/EC 2009 decision rule, exactly as DESIGN.md states it, with the
//! v2 changes (catalog `ilo2009-vn-2`): the effective age and the presumption
//! of minority, the child rule's act, the "exploitation only" refinement and
//! the elements of Law 53/2024 art. 2(1) beside the ILO advice.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::age::{AgeBand, AgeReading};
use super::record::Decision;
use super::{Catalog, Dimension, Grade, ListKind};
use crate::domain::case::CaseRecord;

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

/// A purpose of exploitation named by Law 53/2024 art. 2(1) (the "purpose"
/// element), as the officer records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Sold for money, property or another material benefit.
    SoldForBenefit,
    SexualExploitation,
    ForcedLabour,
    /// Removal of organs or tissue.
    OrganRemoval,
    /// Other inhumane purposes.
    OtherInhumane,
}

impl Purpose {
    pub const ALL: [Purpose; 5] = [
        Purpose::SoldForBenefit,
        Purpose::SexualExploitation,
        Purpose::ForcedLabour,
        Purpose::OrganRemoval,
        Purpose::OtherInhumane,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Purpose::SoldForBenefit => "sold_for_benefit",
            Purpose::SexualExploitation => "sexual_exploitation",
            Purpose::ForcedLabour => "forced_labour",
            Purpose::OrganRemoval => "organ_removal",
            Purpose::OtherInhumane => "other_inhumane",
        }
    }

    pub fn from_key(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.key() == s)
    }
}

/// The input of one screening evaluation (the contract of `tiepnhan screen`).
/// Every field added since catalog v1 has a default, so a v1 input stays valid.
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
    /// The purposes of exploitation recorded (Law 53/2024 art. 2(1)).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub purposes: BTreeSet<Purpose>,
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
    /// The age band of the effective age. `None` only in a result saved
    /// under catalog v1 (`ilo2009-vn-1`), which did not compute it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// The elements of Law 53/2024 art. 2(1). `None` only in a result saved
    /// under catalog v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal: Option<LegalElements>,
}

impl ScreeningResult {
    pub fn dimension(&self, d: Dimension) -> &DimensionResult {
        &self.dimensions[d.key()]
    }
}

/// The "means" element: a yes/no/unknown, or not required (under 18).
/// In JSON: `true`, `false`, `null` or `"not_required"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Means {
    Present,
    Absent,
    Unknown,
    NotRequired,
}

impl Means {
    /// True, or not required: the element does not stand in the way.
    pub fn satisfied(self) -> bool {
        matches!(self, Means::Present | Means::NotRequired)
    }

    fn from_bool(b: Option<bool>) -> Means {
        match b {
            Some(true) => Means::Present,
            Some(false) => Means::Absent,
            None => Means::Unknown,
        }
    }
}

impl Serialize for Means {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Means::Present => s.serialize_bool(true),
            Means::Absent => s.serialize_bool(false),
            Means::Unknown => s.serialize_none(),
            Means::NotRequired => s.serialize_str("not_required"),
        }
    }
}

impl<'de> Deserialize<'de> for Means {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Means, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Text(String),
        }
        match Option::<Raw>::deserialize(d)? {
            None => Ok(Means::Unknown),
            Some(Raw::Bool(b)) => Ok(Means::from_bool(Some(b))),
            Some(Raw::Text(t)) if t == "not_required" => Ok(Means::NotRequired),
            Some(Raw::Text(t)) => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&t),
                &"true, false, null or \"not_required\"",
            )),
        }
    }
}

/// What the three elements together show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signs {
    /// Act and purpose are present, and means is present or not required.
    Present,
    /// At least one element is absent.
    Insufficient,
    /// Otherwise: an element is not known yet.
    Unknown,
}

impl Signs {
    pub fn key(self) -> &'static str {
        match self {
            Signs::Present => "present",
            Signs::Insufficient => "insufficient",
            Signs::Unknown => "unknown",
        }
    }
}

/// One element of the offence, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    Act,
    Purpose,
    Means,
}

impl Element {
    pub const ALL: [Element; 3] = [Element::Act, Element::Purpose, Element::Means];

    pub fn key(self) -> &'static str {
        match self {
            Element::Act => "act",
            Element::Purpose => "purpose",
            Element::Means => "means",
        }
    }
}

/// The elements of trafficking in persons under Law 53/2024 art. 2(1): an
/// act (recruiting, transporting, transferring, harbouring, receiving) for a
/// purpose by means; for a person under 18 no means is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalElements {
    /// True: `moved_by_someone` is yes, or a DR, CR or VR indicator of the
    /// list is answered yes. False: `moved_by_someone` is no and none is.
    /// Otherwise null.
    pub act: Option<bool>,
    /// True: a purpose is recorded or EX is positive. Null: EX would be
    /// positive with every unknown answer read as yes. Otherwise false.
    pub purpose: Option<bool>,
    /// Not required on the child lists. True: a DR, CR, VR, CD or VD
    /// dimension is positive or one of their strong indicators is yes. Null:
    /// that would hold with every unknown answer read as yes. Otherwise false.
    pub means: Means,
    pub signs: Signs,
    /// Among act, purpose, means (in that order), those not true and not
    /// "not required".
    pub missing: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("unknown indicator code '{0}'")]
    UnknownCode(String),
}

fn list_for(child: bool, exploitation: Exploitation) -> ListKind {
    match (child, exploitation) {
        (false, Exploitation::Labour) => ListKind::AdultLabour,
        (true, Exploitation::Labour) => ListKind::ChildLabour,
        (false, Exploitation::Sexual) => ListKind::AdultSexual,
        (true, Exploitation::Sexual) => ListKind::ChildSexual,
    }
}

/// Which list applies, and whether the child list is used by presumption of
/// minority (see [`AgeReading`]).
pub fn choose_list(input: &ScreeningInput) -> (ListKind, bool) {
    let age = AgeReading::new(input.age_years, input.age_uncertain);
    (
        list_for(age.child_list, input.exploitation),
        age.presumed_child,
    )
}

/// The age passed to the rule for a case: the age at reception, whether or
/// not it is certain. The presumption of minority is the rule's (it reads
/// `age_uncertain`), so the window, the demo and `tiepnhan screen` decide alike.
pub fn age_for_rule(case: &CaseRecord) -> Option<u32> {
    case.age()
}

impl ScreeningInput {
    /// The input for a case: its age and uncertainty as the rule reads them.
    pub fn for_case(
        case: &CaseRecord,
        exploitation: Exploitation,
        moved_by_someone: Option<bool>,
        purposes: BTreeSet<Purpose>,
        answers: BTreeMap<String, Answer>,
    ) -> ScreeningInput {
        ScreeningInput {
            age_years: age_for_rule(case),
            age_uncertain: case.identity.age_uncertain,
            exploitation,
            moved_by_someone,
            answers,
            purposes,
        }
    }
}

struct Tally {
    dims: [DimensionResult; 6],
    strong_yes: bool,
}

const RECRUITMENT: [Dimension; 3] = [
    Dimension::DeceptiveRecruitment,
    Dimension::CoerciveRecruitment,
    Dimension::RecruitmentAbuseOfVulnerability,
];

const MEANS_DIMENSIONS: [Dimension; 5] = [
    Dimension::DeceptiveRecruitment,
    Dimension::CoerciveRecruitment,
    Dimension::RecruitmentAbuseOfVulnerability,
    Dimension::CoercionAtDestination,
    Dimension::AbuseOfVulnerabilityAtDestination,
];

impl Tally {
    fn positive(&self, d: Dimension) -> bool {
        self.dims[d.index()].positive
    }

    /// A DR, CR or VR indicator of the list answered yes.
    fn recruitment_yes(&self) -> bool {
        RECRUITMENT
            .iter()
            .any(|d| !self.dims[d.index()].indicators.is_empty())
    }

    /// The means element as these answers show it.
    fn means(&self) -> bool {
        MEANS_DIMENSIONS.iter().any(|d| {
            let r = &self.dims[d.index()];
            r.positive || r.strong > 0
        })
    }
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

/// The outcome without the unknown-answers step (rules 2, 3 and 4 minus its
/// second clause), with the v2 refinement: exploitation with the act present
/// is worth a further interview, not "exploitation only".
fn plain_outcome(t: &Tally, child: bool, act: bool) -> Outcome {
    let ex = t.positive(Dimension::ExploitativeConditions);
    let suspected = if child {
        ex && act
    } else {
        RECRUITMENT.iter().any(|d| t.positive(*d))
            && ex
            && (t.positive(Dimension::CoercionAtDestination)
                || t.positive(Dimension::AbuseOfVulnerabilityAtDestination))
    };
    if suspected {
        Outcome::SuspectedVictim
    } else if ex && act {
        Outcome::NeedsFurtherInterview
    } else if ex {
        Outcome::ExploitationOnly
    } else if t.dims.iter().any(|d| d.positive) || t.strong_yes {
        Outcome::NeedsFurtherInterview
    } else {
        Outcome::NoIndicators
    }
}

/// The three elements of Law 53/2024 art. 2(1) from the answers as given
/// (`actual`) and with every unknown read as yes (`hopeful`).
fn legal_elements(
    actual: &Tally,
    hopeful: &Tally,
    child: bool,
    act: Option<bool>,
    purposes: &BTreeSet<Purpose>,
) -> LegalElements {
    let ex = Dimension::ExploitativeConditions;
    let purpose = if !purposes.is_empty() || actual.positive(ex) {
        Some(true)
    } else if hopeful.positive(ex) {
        None
    } else {
        Some(false)
    };
    let means = if child {
        Means::NotRequired
    } else if actual.means() {
        Means::Present
    } else if hopeful.means() {
        Means::Unknown
    } else {
        Means::Absent
    };
    let signs = if act == Some(false) || purpose == Some(false) || means == Means::Absent {
        Signs::Insufficient
    } else if act == Some(true) && purpose == Some(true) && means.satisfied() {
        Signs::Present
    } else {
        Signs::Unknown
    };
    let missing = [
        (Element::Act, act == Some(true)),
        (Element::Purpose, purpose == Some(true)),
        (Element::Means, means.satisfied()),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(e, _)| e)
    .collect();
    LegalElements {
        act,
        purpose,
        means,
        signs,
        missing,
    }
}

/// Evaluate a screening. Codes not in the catalog are rejected.
pub fn evaluate(catalog: &Catalog, input: &ScreeningInput) -> Result<ScreeningResult, RuleError> {
    if let Some(code) = input.answers.keys().find(|c| catalog.get(c).is_none()) {
        return Err(RuleError::UnknownCode(code.clone()));
    }
    let age = AgeReading::new(input.age_years, input.age_uncertain);
    let child = age.child_list;
    let list = list_for(child, input.exploitation);

    let actual = tally(catalog, list, &input.answers, false);
    let hopeful = tally(catalog, list, &input.answers, true);
    // The act element on the answers as given ...
    let act = match (input.moved_by_someone, actual.recruitment_yes()) {
        (Some(true), _) | (_, true) => Some(true),
        (Some(false), false) => Some(false),
        (None, false) => None,
    };
    // ... and with every unknown read as yes: a null `moved_by_someone` counts as yes.
    let act_if_unknown_yes = input.moved_by_someone != Some(false) || hopeful.recruitment_yes();
    let base = plain_outcome(&actual, child, act == Some(true));
    let if_unknown_yes = plain_outcome(&hopeful, child, act_if_unknown_yes);

    let outcome = if base != Outcome::SuspectedVictim && if_unknown_yes == Outcome::SuspectedVictim
    {
        Outcome::NeedsFurtherInterview
    } else {
        base
    };
    let legal = legal_elements(&actual, &hopeful, child, act, &input.purposes);
    let dimensions = Dimension::ALL
        .into_iter()
        .zip(actual.dims)
        .map(|(d, r)| (d.key().to_string(), r))
        .collect();
    Ok(ScreeningResult {
        list,
        presumed_child: age.presumed_child,
        outcome,
        unknown_could_change: if_unknown_yes != base,
        dimensions,
        age_band: Some(age.band),
        legal: Some(legal),
    })
}

/// The decision proposed to the officer (who still decides, with a reason):
/// "suspected" when either the ILO advice or the legal elements say so; "not
/// a victim" when there are no indicators and the legal elements are absent;
/// otherwise "needs verification".
pub fn proposed_decision(r: &ScreeningResult) -> Decision {
    let signs = r.legal.as_ref().map(|l| l.signs);
    if r.outcome == Outcome::SuspectedVictim || signs == Some(Signs::Present) {
        Decision::SuspectedVictim
    } else if r.outcome == Outcome::NoIndicators && signs != Some(Signs::Unknown) {
        Decision::NotVictim
    } else {
        Decision::NeedsVerification
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Answer::{Declined, No, Unknown, Yes};

    fn catalog() -> &'static Catalog {
        Catalog::builtin().expect("catalog")
    }

    fn input(
        age: Option<u32>,
        uncertain: bool,
        moved: Option<bool>,
        answers: &[(&str, Answer)],
        purposes: &[Purpose],
    ) -> ScreeningInput {
        ScreeningInput {
            age_years: age,
            age_uncertain: uncertain,
            exploitation: Exploitation::Labour,
            moved_by_someone: moved,
            answers: answers.iter().map(|(c, a)| (c.to_string(), *a)).collect(),
            purposes: purposes.iter().copied().collect(),
        }
    }

    fn run(i: &ScreeningInput) -> (ScreeningResult, LegalElements) {
        let r = evaluate(catalog(), i).unwrap();
        let l = r.legal.clone().expect("v2 computes the legal elements");
        (r, l)
    }

    const ADULT: Option<u32> = Some(30);
    const CHILD: Option<u32> = Some(15);

    /// Answers as the tables write them.
    type Answers = &'static [(&'static str, Answer)];

    #[test]
    fn effective_age_bands_child_list_and_presumption() {
        use AgeBand::*;
        // (age, uncertain, list, band, presumed child)
        let table = [
            (Some(30), false, ListKind::AdultLabour, Adult, false),
            (Some(18), false, ListKind::AdultLabour, Adult, false),
            (Some(17), false, ListKind::ChildLabour, From16To17, false),
            (Some(16), false, ListKind::ChildLabour, From16To17, false),
            (Some(15), false, ListKind::ChildLabour, Under16, false),
            // Uncertain ages are read two years lower.
            (Some(19), true, ListKind::ChildLabour, From16To17, true),
            (Some(18), true, ListKind::ChildLabour, From16To17, true),
            (Some(20), true, ListKind::AdultLabour, Adult, false),
            (Some(17), true, ListKind::ChildLabour, Under16, false),
            (Some(25), true, ListKind::AdultLabour, Adult, false),
            // No estimate: unknown; the child list only when the age is uncertain.
            (None, true, ListKind::ChildLabour, Unknown, true),
            (None, false, ListKind::AdultLabour, Unknown, false),
        ];
        for (age, uncertain, list, band, presumed) in table {
            let (r, _) = run(&input(age, uncertain, None, &[], &[]));
            assert_eq!(r.list, list, "{age:?} uncertain={uncertain}");
            assert_eq!(r.age_band, Some(band), "{age:?} uncertain={uncertain}");
            assert_eq!(r.presumed_child, presumed, "{age:?} uncertain={uncertain}");
            assert_eq!(
                choose_list(&input(age, uncertain, None, &[], &[])),
                (list, presumed)
            );
        }
    }

    #[test]
    fn the_act_element() {
        // (moved_by_someone, answers, act) on the adult labour list.
        let table: [(Option<bool>, Answers, Option<bool>); 11] = [
            (Some(true), &[], Some(true)),
            (None, &[("DR02", Yes)], Some(true)),
            (Some(false), &[("CR03", Yes)], Some(true)),
            (Some(false), &[("VR06", Yes)], Some(true)),
            (Some(false), &[], Some(false)),
            // An unknown recruitment answer is not a yes.
            (Some(false), &[("DR01", Unknown)], Some(false)),
            (Some(false), &[("EX01", Yes), ("CD01", Yes)], Some(false)),
            // DR11 is not graded in the labour list: ignored.
            (Some(false), &[("DR11", Yes)], Some(false)),
            (None, &[], None),
            (None, &[("DR01", No), ("CR01", Declined)], None),
            (None, &[("DR01", Unknown)], None),
        ];
        for (moved, answers, act) in table {
            let (_, l) = run(&input(ADULT, false, moved, answers, &[]));
            assert_eq!(l.act, act, "moved={moved:?} {answers:?}");
        }
    }

    #[test]
    fn the_purpose_element() {
        let table: [(&[Purpose], Answers, Option<bool>); 8] = [
            (&[], &[], Some(false)),
            (&[Purpose::ForcedLabour], &[], Some(true)),
            (
                &[Purpose::OrganRemoval, Purpose::SoldForBenefit],
                &[],
                Some(true),
            ),
            (&[], &[("EX01", Yes), ("EX02", Yes)], Some(true)),
            // EX would be positive with the unknown read as yes.
            (&[], &[("EX01", Yes), ("EX02", Unknown)], None),
            (&[], &[("EX01", Unknown), ("EX02", Unknown)], None),
            (&[], &[("EX02", Yes)], Some(false)),
            (&[], &[("EX01", Yes), ("EX02", Declined)], Some(false)),
        ];
        for (purposes, answers, purpose) in table {
            let (_, l) = run(&input(ADULT, false, Some(true), answers, purposes));
            assert_eq!(l.purpose, purpose, "{purposes:?} {answers:?}");
        }
    }

    #[test]
    fn the_means_element() {
        let table: [(Option<u32>, Answers, Means); 13] = [
            (ADULT, &[], Means::Absent),
            // One clear deception, violence, confinement: a means in law.
            (ADULT, &[("DR01", Yes)], Means::Present),
            (ADULT, &[("CR01", Yes)], Means::Present),
            (ADULT, &[("CD04", Yes)], Means::Present),
            // A positive dimension of medium indicators.
            (
                ADULT,
                &[("DR02", Yes), ("DR03", Yes), ("DR04", Yes)],
                Means::Present,
            ),
            (
                ADULT,
                &[("VD01", Yes), ("VD02", Yes), ("VD03", Yes)],
                Means::Present,
            ),
            (ADULT, &[("DR02", Yes)], Means::Absent),
            (ADULT, &[("VD01", Yes), ("VD02", Yes)], Means::Absent),
            // DR10 is weak for adults (strong only on the child lists).
            (ADULT, &[("DR10", Yes)], Means::Absent),
            // EX is exploitation, not a means.
            (ADULT, &[("EX01", Yes), ("EX02", Yes)], Means::Absent),
            (
                ADULT,
                &[("VD01", Yes), ("VD02", Yes), ("VD03", Unknown)],
                Means::Unknown,
            ),
            (ADULT, &[("DR01", Unknown)], Means::Unknown),
            // Under 18: no means is needed, whatever the answers.
            (CHILD, &[("DR01", Yes)], Means::NotRequired),
        ];
        for (age, answers, means) in table {
            let (_, l) = run(&input(age, false, Some(true), answers, &[]));
            assert_eq!(l.means, means, "{age:?} {answers:?}");
        }
        let (_, l) = run(&input(None, true, None, &[], &[]));
        assert_eq!(l.means, Means::NotRequired, "presumed under 18");
    }

    #[test]
    fn signs_and_missing() {
        use Element::{Act, Means as M, Purpose as P};
        let scam = [
            ("DR01", Yes),
            ("EX01", Yes),
            ("EX02", Yes),
            ("CD01", Yes),
            ("CD03", Yes),
            ("CD04", Yes),
            ("CD06", Yes),
        ];
        #[allow(clippy::type_complexity)]
        let table: Vec<(
            Option<u32>,
            Option<bool>,
            Vec<(&str, Answer)>,
            Vec<Purpose>,
            Signs,
            Vec<Element>,
        )> = vec![
            (ADULT, None, scam.to_vec(), vec![], Signs::Present, vec![]),
            (
                ADULT,
                Some(false),
                vec![],
                vec![],
                Signs::Insufficient,
                vec![Act, P, M],
            ),
            (
                ADULT,
                None,
                vec![("EX01", Yes), ("EX02", Yes)],
                vec![],
                Signs::Insufficient,
                vec![Act, M],
            ),
            (
                ADULT,
                None,
                vec![("EX01", Yes), ("EX02", Yes), ("CD01", Unknown)],
                vec![],
                Signs::Unknown,
                vec![Act, M],
            ),
            (
                ADULT,
                Some(true),
                vec![("EX01", Yes), ("EX02", Yes), ("CD01", Unknown)],
                vec![],
                Signs::Unknown,
                vec![M],
            ),
            (
                ADULT,
                Some(true),
                vec![("CR01", Yes)],
                vec![Purpose::ForcedLabour],
                Signs::Present,
                vec![],
            ),
            (
                CHILD,
                Some(true),
                vec![("EX01", Yes), ("EX02", Yes)],
                vec![],
                Signs::Present,
                vec![],
            ),
            (
                CHILD,
                None,
                vec![],
                vec![Purpose::SoldForBenefit],
                Signs::Unknown,
                vec![Act],
            ),
            (
                CHILD,
                Some(false),
                vec![],
                vec![Purpose::SexualExploitation],
                Signs::Insufficient,
                vec![Act],
            ),
        ];
        for (age, moved, answers, purposes, signs, missing) in table {
            let (_, l) = run(&input(age, false, moved, &answers, &purposes));
            assert_eq!(l.signs, signs, "{age:?} {moved:?} {answers:?} {purposes:?}");
            assert_eq!(
                l.missing, missing,
                "{age:?} {moved:?} {answers:?} {purposes:?}"
            );
        }
    }

    #[test]
    fn the_typical_scam_compound_case() {
        // Forced online fraud: DR01, EX01, EX02, CD01, CD03, CD04, CD06.
        let codes = ["DR01", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06"];
        let answers: Vec<(&str, Answer)> = codes.iter().map(|c| (*c, Yes)).collect();
        for moved in [None, Some(true), Some(false)] {
            let (r, l) = run(&input(Some(24), false, moved, &answers, &[]));
            assert_eq!(r.list, ListKind::AdultLabour);
            assert_eq!(r.outcome, Outcome::NeedsFurtherInterview, "moved={moved:?}");
            assert_eq!(l.signs, Signs::Present, "moved={moved:?}");
            assert_eq!(
                (l.act, l.purpose, l.means),
                (Some(true), Some(true), Means::Present)
            );
            assert!(l.missing.is_empty());
            assert_eq!(proposed_decision(&r), Decision::SuspectedVictim);
        }
    }

    #[test]
    fn the_child_rule_act_and_the_refinement() {
        let ex = [("EX01", Yes), ("EX02", Yes)];
        let with = |extra: &[(&'static str, Answer)]| -> Vec<(&'static str, Answer)> {
            ex.iter().chain(extra).copied().collect()
        };
        // (age, moved, answers, outcome, unknown_could_change)
        #[allow(clippy::type_complexity)]
        let table: Vec<(
            Option<u32>,
            Option<bool>,
            Vec<(&str, Answer)>,
            Outcome,
            bool,
        )> = vec![
            // Adults: exploitation with the act is worth a further interview ...
            (
                ADULT,
                Some(true),
                with(&[]),
                Outcome::NeedsFurtherInterview,
                false,
            ),
            (
                ADULT,
                Some(false),
                with(&[("DR02", Yes)]),
                Outcome::NeedsFurtherInterview,
                false,
            ),
            // ... without it, it stays "exploitation only".
            (
                ADULT,
                Some(false),
                with(&[]),
                Outcome::ExploitationOnly,
                false,
            ),
            (ADULT, None, with(&[]), Outcome::ExploitationOnly, true),
            // Under 18: the act is the act element, not `moved_by_someone` alone.
            (
                Some(16),
                Some(true),
                with(&[]),
                Outcome::SuspectedVictim,
                false,
            ),
            (
                Some(16),
                Some(false),
                with(&[("CR03", Yes)]),
                Outcome::SuspectedVictim,
                false,
            ),
            (
                Some(16),
                Some(false),
                with(&[]),
                Outcome::ExploitationOnly,
                false,
            ),
            // Unknown answers: a null `moved_by_someone` counts as yes, and the
            // act is recomputed with the unknown recruitment answers as yes.
            (
                Some(16),
                None,
                with(&[]),
                Outcome::NeedsFurtherInterview,
                true,
            ),
            (
                Some(16),
                Some(false),
                with(&[("VR06", Unknown)]),
                Outcome::NeedsFurtherInterview,
                true,
            ),
            // Nothing positive, nothing strong.
            (
                ADULT,
                Some(true),
                vec![("EX02", Yes)],
                Outcome::NoIndicators,
                false,
            ),
            (
                ADULT,
                Some(true),
                vec![("CD04", Yes)],
                Outcome::NeedsFurtherInterview,
                false,
            ),
        ];
        for (age, moved, answers, outcome, could_change) in table {
            let (r, _) = run(&input(age, false, moved, &answers, &[]));
            assert_eq!(r.outcome, outcome, "{age:?} {moved:?} {answers:?}");
            assert_eq!(
                r.unknown_could_change, could_change,
                "{age:?} {moved:?} {answers:?}"
            );
        }
    }

    #[test]
    fn the_proposed_decision() {
        #[allow(clippy::type_complexity)]
        let table: [(Option<u32>, Option<bool>, Answers, &[Purpose], Decision); 5] = [
            // ILO advice: suspected.
            (
                ADULT,
                Some(true),
                &[
                    ("DR01", Yes),
                    ("DR02", Yes),
                    ("EX01", Yes),
                    ("EX02", Yes),
                    ("CD01", Yes),
                    ("CD04", Yes),
                ],
                &[],
                Decision::SuspectedVictim,
            ),
            // Legal elements present, ILO advice only "further interview".
            (
                ADULT,
                Some(true),
                &[("CR01", Yes)],
                &[Purpose::ForcedLabour],
                Decision::SuspectedVictim,
            ),
            // No indicators and the elements absent.
            (ADULT, Some(false), &[], &[], Decision::NotVictim),
            // No indicators, but elements not known.
            (
                ADULT,
                Some(true),
                &[("DR01", Unknown)],
                &[Purpose::ForcedLabour],
                Decision::NeedsVerification,
            ),
            (
                ADULT,
                Some(false),
                &[("EX01", Yes), ("EX02", Yes)],
                &[],
                Decision::NeedsVerification,
            ),
        ];
        for (age, moved, answers, purposes, decision) in table {
            let (r, _) = run(&input(age, false, moved, answers, purposes));
            assert_eq!(proposed_decision(&r), decision, "{answers:?} {purposes:?}");
        }
    }

    #[test]
    fn json_contract_and_v1_compatibility() {
        // A v1 input (no purposes) is valid; purposes parse; an unknown one is refused.
        let v1: ScreeningInput = serde_json::from_str(
            r#"{"age_years": 24, "exploitation": "labour", "moved_by_someone": true, "answers": {"DR01": "yes"}}"#,
        )
        .unwrap();
        assert!(v1.purposes.is_empty());
        let v2: ScreeningInput = serde_json::from_str(
            r#"{"age_years": 24, "exploitation": "labour", "purposes": ["forced_labour", "sold_for_benefit", "forced_labour"]}"#,
        )
        .unwrap();
        assert_eq!(
            v2.purposes.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["sold_for_benefit", "forced_labour"]
        );
        let bad = serde_json::from_str::<ScreeningInput>(
            r#"{"age_years": 24, "exploitation": "labour", "purposes": ["begging"]}"#,
        );
        assert!(bad.unwrap_err().to_string().contains("begging"));
        // The output: age_band and legal with true/false/null/"not_required".
        let (r, _) = run(&input(Some(15), false, None, &[], &[Purpose::ForcedLabour]));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["age_band"], "under_16");
        assert_eq!(
            v["legal"],
            serde_json::json!({"act": null, "purpose": true, "means": "not_required", "signs": "unknown", "missing": ["act"]})
        );
        let (r, _) = run(&input(ADULT, false, Some(false), &[], &[]));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v["legal"],
            serde_json::json!({"act": false, "purpose": false, "means": false, "signs": "insufficient", "missing": ["act", "purpose", "means"]})
        );
        let back: ScreeningResult = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
        for m in [
            Means::Present,
            Means::Absent,
            Means::Unknown,
            Means::NotRequired,
        ] {
            let j = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<Means>(&j).unwrap(), m, "{j}");
        }
        assert!(serde_json::from_str::<Means>(r#""maybe""#).is_err());
        // A result saved under v1 has neither field, and keeps it that way.
        let stored = r#"{"list":"adult_labour","presumed_child":false,"outcome":"exploitation_only","unknown_could_change":false,"dimensions":{}}"#;
        let old: ScreeningResult = serde_json::from_str(stored).unwrap();
        assert_eq!(old.age_band, None);
        assert_eq!(old.legal, None);
        assert_eq!(old.outcome, Outcome::ExploitationOnly);
        assert_eq!(serde_json::to_string(&old).unwrap(), stored);
    }

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

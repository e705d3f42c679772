//! Table-driven tests of the ILO/EC 2009 decision rule against the shipped catalog.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use tiepnhan::domain::screening::{
    Answer, Catalog, Dimension, Exploitation, Grade, ListKind, Outcome, ScreeningInput, evaluate,
};

fn catalog() -> &'static Catalog {
    Catalog::builtin().expect("catalog")
}

fn input(
    age: Option<u32>,
    uncertain: bool,
    ex: Exploitation,
    moved: Option<bool>,
    answers: &[(&str, Answer)],
) -> ScreeningInput {
    ScreeningInput {
        age_years: age,
        age_uncertain: uncertain,
        exploitation: ex,
        moved_by_someone: moved,
        answers: answers.iter().map(|(c, a)| (c.to_string(), *a)).collect(),
        purposes: Default::default(),
    }
}

fn adult(answers: &[(&str, Answer)]) -> ScreeningInput {
    input(Some(30), false, Exploitation::Labour, Some(true), answers)
}

use Answer::{Declined, No, Unknown, Yes};

/// Codes of a dimension with a grade in a list, in catalog order.
fn codes(d: Dimension, list: ListKind, g: Grade) -> Vec<String> {
    catalog()
        .in_dimension(d)
        .filter(|i| i.grade(list) == Some(g))
        .map(|i| i.code.clone())
        .collect()
}

#[test]
fn every_dimension_meets_each_threshold_it_can() {
    // The four thresholds, and near misses, built from each dimension's own codes
    // in whichever list offers the grades needed.
    let shapes: [(usize, usize, usize, bool); 9] = [
        (2, 0, 0, true),
        (1, 1, 0, true),
        (1, 0, 1, true),
        (0, 3, 0, true),
        (0, 2, 1, true),
        (1, 0, 0, false),
        (0, 2, 0, false),
        (0, 1, 1, false),
        (0, 0, 2, false),
    ];
    let mut exercised = 0;
    for d in Dimension::ALL {
        for (s, m, w, expected) in shapes {
            let Some((list, answers)) = ListKind::ALL.into_iter().find_map(|list| {
                let (cs, cm, cw) = (
                    codes(d, list, Grade::Strong),
                    codes(d, list, Grade::Medium),
                    codes(d, list, Grade::Weak),
                );
                (cs.len() >= s && cm.len() >= m && cw.len() >= w).then(|| {
                    let mut a: Vec<String> = cs[..s].to_vec();
                    a.extend_from_slice(&cm[..m]);
                    a.extend_from_slice(&cw[..w]);
                    (list, a)
                })
            }) else {
                continue;
            };
            let (age, ex) = match list {
                ListKind::AdultLabour => (30, Exploitation::Labour),
                ListKind::ChildLabour => (15, Exploitation::Labour),
                ListKind::AdultSexual => (30, Exploitation::Sexual),
                ListKind::ChildSexual => (15, Exploitation::Sexual),
            };
            let ans: Vec<(&str, Answer)> = answers.iter().map(|c| (c.as_str(), Yes)).collect();
            let r = evaluate(catalog(), &input(Some(age), false, ex, Some(false), &ans)).unwrap();
            assert_eq!(r.list, list);
            let dr = r.dimension(d);
            assert_eq!(
                dr.positive, expected,
                "{:?} with {s} strong, {m} medium, {w} weak in {:?}",
                d, list
            );
            assert_eq!(
                (dr.strong as usize, dr.medium as usize, dr.weak as usize),
                (s, m, w)
            );
            exercised += 1;
        }
    }
    // Every dimension has at least the medium thresholds available.
    assert!(
        exercised >= 6 * 5,
        "only {exercised} threshold cases could be built"
    );
}

#[test]
fn typical_scam_compound_case_is_a_suspected_victim() {
    // Forced online fraud: DR01, EX01, EX02, CD01, CD03, CD04, CD06.
    let ans = [
        ("DR01", Yes),
        ("DR02", Yes),
        ("EX01", Yes),
        ("EX02", Yes),
        ("CD01", Yes),
        ("CD03", Yes),
        ("CD04", Yes),
        ("CD06", Yes),
    ];
    let r = evaluate(catalog(), &adult(&ans)).unwrap();
    assert_eq!(r.list, ListKind::AdultLabour);
    assert_eq!(r.outcome, Outcome::SuspectedVictim);
    assert!(!r.unknown_could_change);
    assert!(r.dimension(Dimension::DeceptiveRecruitment).positive);
    assert!(r.dimension(Dimension::ExploitativeConditions).positive);
    assert!(r.dimension(Dimension::CoercionAtDestination).positive);
    assert_eq!(
        r.dimension(Dimension::CoercionAtDestination).indicators,
        vec!["CD01", "CD03", "CD04", "CD06"]
    );
}

#[test]
fn adult_rule_needs_recruitment_exploitation_and_coercion() {
    let recruit = [("DR01", Yes), ("DR02", Yes)];
    let exploit = [("EX01", Yes), ("EX02", Yes)];
    let coerce = [("CD01", Yes), ("CD04", Yes)];
    let vuln_dest = [("VD01", Yes), ("VD02", Yes), ("VD03", Yes)];
    let coerced_recruit = [("CR01", Yes), ("CR02", Yes)];
    let vuln_recruit = [("VR01", Yes), ("VR02", Yes), ("VR03", Yes)];
    let cat = |parts: &[&[(&'static str, Answer)]]| -> Vec<(&'static str, Answer)> {
        parts.iter().flat_map(|p| p.iter().copied()).collect()
    };
    let table: Vec<(Vec<(&str, Answer)>, Outcome)> = vec![
        (
            cat(&[&recruit, &exploit, &coerce]),
            Outcome::SuspectedVictim,
        ),
        (
            cat(&[&coerced_recruit, &exploit, &coerce]),
            Outcome::SuspectedVictim,
        ),
        (
            cat(&[&vuln_recruit, &exploit, &coerce]),
            Outcome::SuspectedVictim,
        ),
        (
            cat(&[&recruit, &exploit, &vuln_dest]),
            Outcome::SuspectedVictim,
        ),
        // Missing one element each time. Since catalog v2 (issue 26),
        // exploitation with the act present (here: moved by someone) is a
        // further interview rather than "exploitation only".
        (cat(&[&exploit, &coerce]), Outcome::NeedsFurtherInterview),
        (cat(&[&recruit, &coerce]), Outcome::NeedsFurtherInterview),
        (cat(&[&recruit, &exploit]), Outcome::NeedsFurtherInterview),
        (cat(&[&exploit]), Outcome::NeedsFurtherInterview),
        (cat(&[&recruit]), Outcome::NeedsFurtherInterview),
        // One strong indicator alone: not positive, but worth a further interview.
        (vec![("CD04", Yes)], Outcome::NeedsFurtherInterview),
        // Medium indicators below every threshold: no indicators.
        (
            vec![("DR02", Yes), ("EX02", Yes), ("CD05", Yes)],
            Outcome::NoIndicators,
        ),
        (vec![], Outcome::NoIndicators),
        (
            vec![("DR01", No), ("EX01", Declined)],
            Outcome::NoIndicators,
        ),
    ];
    for (answers, expected) in table {
        let r = evaluate(catalog(), &adult(&answers)).unwrap();
        assert_eq!(r.outcome, expected, "answers {answers:?}");
    }
    // Nobody moved the person and no recruitment indicator: exploitation only.
    for answers in [cat(&[&exploit, &coerce]), cat(&[&exploit])] {
        let r = evaluate(
            catalog(),
            &input(Some(30), false, Exploitation::Labour, Some(false), &answers),
        )
        .unwrap();
        assert_eq!(r.outcome, Outcome::ExploitationOnly, "answers {answers:?}");
    }
}

#[test]
fn child_rule_needs_exploitation_and_the_act_only() {
    let ex = [("EX01", Yes), ("EX02", Yes)];
    // Under 18, moved by someone, exploitation: suspected victim, no means needed.
    let r = evaluate(
        catalog(),
        &input(Some(16), false, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::ChildLabour);
    assert!(!r.presumed_child);
    assert_eq!(r.outcome, Outcome::SuspectedVictim);
    // Not moved by anyone: exploitation only.
    let r = evaluate(
        catalog(),
        &input(Some(16), false, Exploitation::Labour, Some(false), &ex),
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::ExploitationOnly);
    assert!(!r.unknown_could_change);
    // Unknown whether moved: the act could make it suspected -> further interview.
    let r = evaluate(
        catalog(),
        &input(Some(16), false, Exploitation::Labour, None, &ex),
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::NeedsFurtherInterview);
    assert!(r.unknown_could_change);
    // The same answers for an adult: no suspected victim without the means;
    // with the act present, a further interview (issue 26), not "exploitation only".
    let r = evaluate(
        catalog(),
        &input(Some(18), false, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::AdultLabour);
    assert_eq!(r.outcome, Outcome::NeedsFurtherInterview);
    // Sexual exploitation of a child uses the child sexual list.
    let r = evaluate(
        catalog(),
        &input(
            Some(15),
            false,
            Exploitation::Sexual,
            Some(true),
            &[("EX02", Yes), ("EX06", Yes)],
        ),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::ChildSexual);
    assert_eq!(r.outcome, Outcome::SuspectedVictim);
}

#[test]
fn presumption_of_minority() {
    let ex = [("EX01", Yes), ("EX02", Yes)];
    // Age unknown and uncertain: child list, presumed child.
    let r = evaluate(
        catalog(),
        &input(None, true, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::ChildLabour);
    assert!(r.presumed_child);
    assert_eq!(r.outcome, Outcome::SuspectedVictim);
    let r = evaluate(
        catalog(),
        &input(None, true, Exploitation::Sexual, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::ChildSexual);
    assert!(r.presumed_child);
    // Age unknown but not uncertain: adult list.
    let r = evaluate(
        catalog(),
        &input(None, false, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::AdultLabour);
    assert!(!r.presumed_child);
    // An estimated age of 17 is under 18: child list, but not by presumption.
    let r = evaluate(
        catalog(),
        &input(Some(17), true, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::ChildLabour);
    assert!(!r.presumed_child);
    // An estimated age of 25, uncertain: adult list.
    let r = evaluate(
        catalog(),
        &input(Some(25), true, Exploitation::Labour, Some(true), &ex),
    )
    .unwrap();
    assert_eq!(r.list, ListKind::AdultLabour);
}

#[test]
fn grades_follow_the_chosen_list() {
    // DR10 is weak for adults and strong for children; DR11 is only in the sexual lists.
    let ans = [("DR10", Yes), ("DR11", Yes), ("DR02", Yes)];
    let labour = evaluate(catalog(), &adult(&ans)).unwrap();
    let d = labour.dimension(Dimension::DeceptiveRecruitment);
    assert_eq!((d.strong, d.medium, d.weak), (0, 1, 1));
    assert_eq!(
        d.indicators,
        vec!["DR02", "DR10"],
        "DR11 is not graded in the labour list"
    );
    let child = evaluate(
        catalog(),
        &input(Some(12), false, Exploitation::Sexual, Some(false), &ans),
    )
    .unwrap();
    let d = child.dimension(Dimension::DeceptiveRecruitment);
    assert_eq!((d.strong, d.medium, d.weak), (1, 2, 0));
    assert!(d.positive);
}

#[test]
fn unknown_answers_check() {
    // Coercion unknown: answering it yes would make a suspected victim.
    let ans = [
        ("DR01", Yes),
        ("DR02", Yes),
        ("EX01", Yes),
        ("EX02", Yes),
        ("CD01", Unknown),
        ("CD04", Unknown),
    ];
    let r = evaluate(catalog(), &adult(&ans)).unwrap();
    assert_eq!(r.outcome, Outcome::NeedsFurtherInterview);
    assert!(r.unknown_could_change);
    // The counts only show the yes answers.
    assert_eq!(r.dimension(Dimension::CoercionAtDestination).strong, 0);
    // Unknown answers that could raise the outcome but not to a suspected victim.
    let ans = [("EX01", Unknown), ("EX02", Unknown)];
    let r = evaluate(catalog(), &adult(&ans)).unwrap();
    assert_eq!(r.outcome, Outcome::NoIndicators);
    assert!(r.unknown_could_change);
    // Unknown answers that change nothing.
    let ans = [
        ("DR01", Yes),
        ("DR02", Yes),
        ("EX01", Yes),
        ("EX02", Yes),
        ("CD01", Yes),
        ("CD04", Yes),
        ("VD07", Unknown),
    ];
    let r = evaluate(catalog(), &adult(&ans)).unwrap();
    assert_eq!(r.outcome, Outcome::SuspectedVictim);
    assert!(!r.unknown_could_change);
    // Declined is not yes, and not unknown either.
    let ans = [
        ("DR01", Yes),
        ("DR02", Yes),
        ("EX01", Yes),
        ("EX02", Yes),
        ("CD01", Declined),
        ("CD04", Declined),
    ];
    let r = evaluate(catalog(), &adult(&ans)).unwrap();
    // Exploitation and the act (DR answers, moved by someone): a further
    // interview since catalog v2 (issue 26); v1 said "exploitation only".
    assert_eq!(r.outcome, Outcome::NeedsFurtherInterview);
    assert!(!r.unknown_could_change);
}

#[test]
fn unknown_codes_are_rejected() {
    let r = evaluate(catalog(), &adult(&[("ZZ99", Yes)]));
    assert!(r.is_err());
    let bad_answer = r#"{"age_years": 20, "age_uncertain": false, "exploitation": "labour", "moved_by_someone": true, "answers": {"DR01": "maybe"}}"#;
    assert!(serde_json::from_str::<ScreeningInput>(bad_answer).is_err());
    let _: BTreeMap<String, Answer> = BTreeMap::new();
}

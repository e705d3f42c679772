//! The interview's `update` without a window: answering by keys alone, the
//! draft kept on every way out, and the supervisor's confirmation.

use super::*;
use crate::domain::case::CaseRecord;

fn case(age_estimate: Option<u32>, uncertain: bool) -> CaseView {
    let mut record = CaseRecord {
        id: "c1".into(),
        number: "MB-2026-00001".into(),
        received_on: Some(crate::clock::today()),
        ..CaseRecord::default()
    };
    record.identity.full_name = "Võ Thị Lan".into();
    record.identity.age_estimate = age_estimate;
    record.identity.age_uncertain = uncertain;
    CaseView {
        record,
        version: 1,
        batch_number: None,
        receptions: vec![],
        screening_outcome: None,
        decision: None,
        created_by: "canbo".into(),
        updated_at: String::new(),
    }
}

fn opened(c: CaseView) -> (Interview, Session) {
    let s = Session::detached();
    let (mut i, _) = Interview::open(c.record.id.clone(), &s);
    let _ = i.update(
        Message::Loaded(Ok(Box::new(Loaded {
            case: c,
            history: vec![],
            names: Default::default(),
            draft: None,
        }))),
        &s,
    );
    (i, s)
}

#[test]
fn keys_alone_answer_and_move_on() {
    let (mut i, s) = opened(case(Some(28), false));
    let first = i.codes()[0].clone();
    let _ = i.update(Message::Key(1), &s);
    assert_eq!(i.answers.get(&first), Some(&Answer::Yes), "1 is Có");
    assert_eq!(i.cursor, 1, "the next question is current");
    let second = i.codes()[1].clone();
    let _ = i.update(Message::Key(2), &s);
    assert_eq!(i.answers.get(&second), Some(&Answer::No), "2 is Không");
    let _ = i.update(Message::StepQuestion(-1), &s);
    let _ = i.update(Message::Key(3), &s);
    assert_eq!(
        i.answers.get(&second),
        Some(&Answer::Unknown),
        "3 is Chưa rõ"
    );
    // Page down: the next dimension, from its first question.
    let _ = i.update(Message::StepDimension(1), &s);
    assert_eq!(i.dimension, Dimension::CoerciveRecruitment);
    assert_eq!(i.cursor, 0);
    // The last question of a dimension answered moves to the next dimension.
    let _ = i.update(Message::Dimension(Dimension::DeceptiveRecruitment), &s);
    let n = i.codes().len();
    for _ in 0..n {
        let _ = i.update(Message::Key(2), &s);
    }
    assert_eq!(i.dimension, Dimension::CoerciveRecruitment);
}

#[test]
fn answers_and_notes_are_a_draft_until_saved() {
    let (mut i, s) = opened(case(Some(30), false));
    assert!(i.draft().is_none(), "nothing typed, nothing to keep");
    let _ = i.update(Message::Answer("DR01".into(), Answer::Yes), &s);
    let _ = i.update(
        Message::Note("DR01".into(), "Hứa việc nhẹ lương cao".into()),
        &s,
    );
    let _ = i.update(Message::Reason("Bị lừa sang Campuchia".into()), &s);
    assert!(i.needs_autosave());
    let (slot, payload) = i.draft().expect("a draft");
    assert_eq!(slot, "screening:c1");
    // Reopened after a lock: the draft comes back.
    let s2 = Session::detached();
    let (mut j, _) = Interview::open("c1".into(), &s2);
    let _ = j.update(
        Message::Loaded(Ok(Box::new(Loaded {
            case: case(Some(30), false),
            history: vec![],
            names: Default::default(),
            draft: Some(payload),
        }))),
        &s2,
    );
    assert_eq!(j.answers.get("DR01"), Some(&Answer::Yes));
    assert_eq!(
        j.notes.get("DR01").map(String::as_str),
        Some("Hứa việc nhẹ lương cao")
    );
    assert_eq!(j.reason, "Bị lừa sang Campuchia");
    assert!(j.restored_draft);
}

#[test]
fn an_uncertain_age_of_nineteen_is_screened_on_the_child_list() {
    let (i, _) = opened(case(Some(19), true));
    assert!(i.result.as_ref().is_some_and(|r| r.list.is_child()));
}

/// The case opened with an earlier screening of it (approved or not).
fn reopened(c: CaseView, answers: &[(&str, Answer)], approved: bool) -> (Interview, Session) {
    let catalog = Catalog::builtin().unwrap();
    let answers: BTreeMap<String, Answer> = answers
        .iter()
        .map(|(code, a)| (code.to_string(), *a))
        .collect();
    let input = ScreeningInput::for_case(
        &c.record,
        Exploitation::Labour,
        None,
        BTreeSet::new(),
        answers,
    );
    let earlier = ScreeningRecord {
        id: "s1".into(),
        case_id: c.record.id.clone(),
        version: 1,
        catalog_version: catalog.version.clone(),
        result: evaluate(catalog, &input).unwrap(),
        input,
        notes: BTreeMap::new(),
        evidence: Evidence::default(),
        decision: Some(Decision::NotVictim),
        decision_reason: "Không có dấu hiệu".into(),
        decided_by: Some("canbo".into()),
        decided_at: None,
        approval: approved.then_some(Approval::Approved),
        approved_by: approved.then(|| "chihuy".into()),
        approved_at: None,
        approval_note: String::new(),
        interviewer: "canbo".into(),
        created_at: String::new(),
        updated_at: String::new(),
    };
    let s = Session::detached();
    let (mut i, _) = Interview::open(c.record.id.clone(), &s);
    let draft = Draft {
        answers: [("DR02".to_string(), Answer::Yes)].into(),
        ..Draft::default()
    };
    let _ = i.update(
        Message::Loaded(Ok(Box::new(Loaded {
            case: c,
            history: vec![earlier],
            names: Default::default(),
            draft: serde_json::to_string(&draft).ok(),
        }))),
        &s,
    );
    (i, s)
}

fn indicators(i: &Interview) -> Vec<String> {
    let r = i.result.as_ref().expect("a result");
    r.dimension(i.dimension).indicators.clone()
}

#[test]
fn an_answer_recomputes_the_result_and_the_same_answer_takes_it_back() {
    let (mut i, s) = opened(case(Some(30), false));
    let code = i.codes()[0].clone();
    assert!(indicators(&i).is_empty(), "nothing answered, no indicator");
    let _ = i.update(Message::Answer(code.clone(), Answer::Yes), &s);
    assert_eq!(indicators(&i), vec![code.clone()], "the yes counts");
    let _ = i.update(Message::Answer(code.clone(), Answer::No), &s);
    assert!(indicators(&i).is_empty(), "a no does not");
    assert_eq!(i.answers.get(&code), Some(&Answer::No));
    // Clicking the chosen answer again takes it off.
    let _ = i.update(Message::Answer(code.clone(), Answer::No), &s);
    assert_eq!(i.answers.get(&code), None);
    assert!(i.is_dirty(), "changed since opened");
}

#[test]
fn the_kind_of_exploitation_chooses_the_list_of_questions() {
    let (mut i, s) = opened(case(Some(30), false));
    assert_eq!(i.list(), ListKind::AdultLabour);
    let sexual = Choice {
        value: Exploitation::Sexual,
        label: String::new(),
    };
    let _ = i.update(Message::Exploitation(sexual), &s);
    assert_eq!(i.list(), ListKind::AdultSexual, "the result is recomputed");
    assert!(i.needs_autosave());
}

#[test]
fn keys_other_than_one_to_four_answer_nothing() {
    let (mut i, s) = opened(case(Some(28), false));
    for k in [0, 5, 9] {
        let _ = i.update(Message::Key(k), &s);
    }
    assert!(i.answers.is_empty());
    assert_eq!(i.cursor, 0);
    assert!(!i.is_dirty() && !i.needs_autosave(), "nothing to keep");
}

#[test]
fn moving_between_questions_and_dimensions_stops_at_the_ends() {
    let (mut i, s) = opened(case(Some(28), false));
    let first = Dimension::ALL[0];
    let last = Dimension::ALL[Dimension::ALL.len() - 1];
    let _ = i.update(Message::StepDimension(-1), &s);
    assert_eq!(i.dimension, first, "no dimension before the first");
    let _ = i.update(Message::StepQuestion(-1), &s);
    assert_eq!(i.cursor, 0, "no question before the first");
    let _ = i.update(Message::StepQuestion(100), &s);
    assert_eq!(i.cursor, i.codes().len() - 1, "none after the last");
    // Another dimension starts at its first question.
    let _ = i.update(Message::Dimension(last), &s);
    assert_eq!((i.dimension, i.cursor), (last, 0));
    let _ = i.update(Message::StepDimension(1), &s);
    assert_eq!(i.dimension, last, "no dimension after the last");
    // A click on a question makes it current; the next key answers it.
    let _ = i.update(Message::Dimension(first), &s);
    let third = i.codes()[2].clone();
    let _ = i.update(Message::Focus(2), &s);
    let _ = i.update(Message::Key(1), &s);
    assert_eq!(i.answers.get(&third), Some(&Answer::Yes));
    assert_eq!(i.cursor, 3);
}

#[test]
fn an_autosave_that_fails_is_tried_again_and_said() {
    let (mut i, s) = opened(case(Some(30), false));
    let _ = i.update(Message::Answer("DR01".into(), Answer::Yes), &s);
    assert!(i.needs_autosave());
    let _ = i.update(Message::Autosave, &s);
    assert!(!i.needs_autosave(), "the draft is on its way to the vault");
    let _ = i.update(Message::DraftSaved(Err(jobs::UiError::Locked)), &s);
    assert!(i.needs_autosave(), "tried again at the next tick");
    assert!(matches!(i.notice, Some(Notice::DraftFailed(_))));
    let _ = i.update(Message::Autosave, &s);
    let _ = i.update(Message::DraftSaved(Ok(())), &s);
    assert!(!i.needs_autosave(), "saved: nothing left to keep");
    assert!(i.draft().is_some(), "still unsaved as a screening");
}

#[test]
fn a_draft_comes_back_over_an_open_screening_not_over_an_approved_one() {
    let earlier = [("DR01", Answer::Yes)];
    let (open, _) = reopened(case(Some(30), false), &earlier, false);
    // The draft holds all that was typed since: it replaces the answers.
    assert_eq!(open.answers.get("DR02"), Some(&Answer::Yes));
    assert_eq!(open.answers.get("DR01"), None);
    assert!(open.restored_draft && open.is_dirty());
    let (mut approved, s) = reopened(case(Some(30), false), &earlier, true);
    assert!(!approved.restored_draft, "an approved screening is final");
    assert_eq!(approved.answers.get("DR01"), Some(&Answer::Yes));
    // Final: neither keys nor clicks change its answers.
    let _ = approved.update(Message::Key(2), &s);
    let _ = approved.update(Message::Answer("DR01".into(), Answer::No), &s);
    assert_eq!(approved.answers.get("DR01"), Some(&Answer::Yes));
    assert!(!approved.is_dirty());
}

#[test]
fn answers_wait_while_the_screening_is_written() {
    let (mut i, s) = opened(case(Some(28), false));
    let first = i.codes()[0].clone();
    let _ = i.update(Message::Key(1), &s);
    let _ = i.update(Message::Save, &s);
    assert!(i.is_saving());
    // The saved record replaces the form when it comes back: a key pressed
    // now would be shown as saved without being saved.
    let _ = i.update(Message::StepQuestion(-1), &s);
    let _ = i.update(Message::Key(2), &s);
    assert_eq!(i.answers.get(&first), Some(&Answer::Yes));
    let note = Message::Note(first.clone(), "Bị giữ hộ chiếu".into());
    let _ = i.update(note, &s);
    assert!(!i.notes.contains_key(&first));
}

#[test]
fn ctrl_s_on_an_approved_screening_writes_no_new_version() {
    let (mut i, s) = reopened(case(Some(28), false), &[("DR01", Answer::No)], true);
    assert!(i.locked());
    let (task, _) = i.update(Message::Save, &s);
    assert_eq!(task.units(), 0, "only \"screen again\" opens a new version");
    assert!(!i.is_saving());
}

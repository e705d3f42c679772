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

//! Screenings in the store: versions, the officer's decision, a supervisor's
//! approval (never of one's own), the queue and the case status.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use common::*;
use tiepnhan::domain::batch::{BatchRecord, QuickRow};
use tiepnhan::domain::case::{Sex, Status};
use tiepnhan::domain::screening::{
    Answer, Approval, Decision, Evidence, Exploitation, Outcome, ScreeningInput,
};
use tiepnhan::domain::security::Role;

#[test]
fn screening_decision_and_approval() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut admin = new_vault(&dir);
    admin
        .create_user("canbo", "Cán bộ", Role::Officer, PASSWORD)
        .unwrap();
    admin
        .create_user("chihuy", "Chỉ huy", Role::Supervisor, PASSWORD)
        .unwrap();
    let b = BatchRecord {
        received_at: (chrono::Local::now() - chrono::Duration::days(1))
            .naive_local()
            .into(),
        gate_id: Some(1),
        handing_party: "Phía Campuchia".into(),
        ..BatchRecord::default()
    };
    let today = chrono::Local::now().date_naive();
    let mut people: Vec<_> = ["Lý Văn Một", "Lý Thị Hai"]
        .iter()
        .map(|n| {
            QuickRow {
                full_name: n.to_string(),
                sex: Sex::Male,
                age: "1995".into(),
                ..Default::default()
            }
            .to_case(&b, today)
            .unwrap()
        })
        .collect();
    let mut b = b;
    let saved = admin.create_batch(&mut b, &mut people).unwrap();
    admin.close_quietly();
    let case_id = saved[0].id.clone();

    let mut officer = unlock(&dir, "canbo");
    let (queue, total) = officer.screening_queue(10).unwrap();
    assert_eq!(total, 2);
    assert_eq!(queue.len(), 2);
    let answers: BTreeMap<String, Answer> = [
        "DR01", "DR02", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06",
    ]
    .iter()
    .map(|c| (c.to_string(), Answer::Yes))
    .collect();
    let input = ScreeningInput {
        age_years: Some(30),
        age_uncertain: false,
        exploitation: Exploitation::Labour,
        moved_by_someone: Some(true),
        answers,
    };
    let evidence = Evidence {
        sources: vec!["e".into(), "b".into()],
        ..Evidence::default()
    };
    let s1 = officer
        .save_screening(&case_id, None, &input, &BTreeMap::new(), &evidence)
        .unwrap();
    assert_eq!(s1.version, 1);
    assert_eq!(s1.result.outcome, Outcome::SuspectedVictim);
    assert_eq!(
        officer.screening_queue(10).unwrap().1,
        1,
        "a screened case leaves the queue"
    );
    assert_eq!(
        officer.read_case(&case_id).unwrap().record.status,
        Status::Screened
    );
    // A reason is required; then the decision waits for approval.
    assert!(
        officer
            .record_decision(&s1.id, Decision::SuspectedVictim, "  ")
            .is_err()
    );
    let d = officer
        .record_decision(
            &s1.id,
            Decision::SuspectedVictim,
            "Bị lừa sang Campuchia, bị giam giữ, đánh đập",
        )
        .unwrap();
    assert_eq!(d.approval, Some(Approval::Pending));
    // An officer cannot approve.
    assert!(officer.review_decision(&s1.id, true, "").is_err());
    officer.close_quietly();

    let mut sup = unlock(&dir, "chihuy");
    assert_eq!(sup.pending_decisions().unwrap().len(), 1);
    // Returning needs a note.
    assert!(sup.review_decision(&s1.id, false, "").is_err());
    let r = sup.review_decision(&s1.id, true, "Đồng ý").unwrap();
    assert_eq!(r.approval, Some(Approval::Approved));
    assert_eq!(
        sup.read_case(&case_id).unwrap().record.status,
        Status::BeingIdentified
    );
    // Re-screening keeps the earlier version.
    let s2 = sup
        .save_screening(
            &case_id,
            Some(&s1.id),
            &input,
            &BTreeMap::new(),
            &Evidence::default(),
        )
        .unwrap();
    assert_eq!(s2.version, 2);
    let all = sup.screenings_of(&case_id).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].approval, Some(Approval::Approved));
    // A supervisor cannot approve their own decision.
    let d2 = sup
        .record_decision(&s2.id, Decision::SuspectedVictim, "Xác nhận lại")
        .unwrap();
    assert!(sup.review_decision(&d2.id, true, "").is_err());
    let actions: Vec<String> = {
        let mut s = sup
            .conn()
            .prepare("SELECT action FROM audit WHERE target = ?1 ORDER BY seq")
            .unwrap();
        s.query_map([&case_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for a in ["screening_saved", "decision_recorded", "decision_approved"] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} not audited: {actions:?}"
        );
    }
}

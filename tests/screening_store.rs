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

#[test]
fn screening_decision_and_approval() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut admin = new_vault_with_staff(&dir);
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
        purposes: Default::default(),
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

/// A screening saved under catalog v1 (`ilo2009-vn-1`, before the legal
/// elements) keeps its version, answers and result; a new screening of the
/// same case is made by the rule in force.
#[test]
fn a_v1_screening_keeps_its_version_answers_and_result() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let case_id = batch_of(&mut v, &[("Lý Văn Ba", Sex::Male, "1990")])[0]
        .id
        .clone();
    // Exactly what v1 wrote: no purposes, no age_band, no legal elements; an
    // exploitation-only result although someone moved the person (v2 would
    // say "needs further interview").
    let stored = format!(
        r#"{{"id":"0190a0a0-0000-7000-8000-000000000001","case_id":"{case_id}","version":1,
        "catalog_version":"ilo2009-vn-1",
        "input":{{"age_years":35,"age_uncertain":false,"exploitation":"labour","moved_by_someone":true,
                 "answers":{{"EX01":"yes","EX02":"yes"}}}},
        "notes":{{}},
        "result":{{"list":"adult_labour","presumed_child":false,"outcome":"exploitation_only","unknown_could_change":false,
                  "dimensions":{{"exploitative_conditions":{{"positive":true,"strong":1,"medium":1,"weak":0,"indicators":["EX01","EX02"]}}}}}},
        "evidence":{{"sources":[],"background_verified":false,"signs":[],"note":""}},
        "decision":"not_victim","decision_reason":"Không có dấu hiệu","decided_by":"admin","decided_at":"2026-01-02T10:00:00.000Z",
        "approval":"approved","approved_by":"chihuy","approved_at":"2026-01-03T09:00:00.000Z","approval_note":"",
        "interviewer":"admin","created_at":"2026-01-02T09:00:00.000Z","updated_at":"2026-01-03T09:00:00.000Z"}}"#
    );
    let old: tiepnhan::domain::screening::ScreeningRecord = serde_json::from_str(&stored).unwrap();
    v.insert_screenings(std::slice::from_ref(&old)).unwrap();
    v.close_quietly();

    let mut v = unlock(&dir, "admin");
    let back = v.screenings_of(&case_id).unwrap().remove(0);
    assert_eq!(back, old);
    assert_eq!(back.catalog_version, "ilo2009-vn-1");
    assert_eq!(back.result.outcome, Outcome::ExploitationOnly);
    assert_eq!(back.result.legal, None);
    assert_eq!(back.result.age_band, None);
    let catalog = tiepnhan::domain::screening::Catalog::builtin().unwrap();
    assert!(!back.is_current_rule(catalog));
    // The stored JSON has not gained fields it never had.
    let data: String = v
        .conn()
        .query_row(
            "SELECT tn_json(data) FROM screenings WHERE id = ?1",
            [&old.id],
            |r| r.get(0),
        )
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(json["result"].get("legal").is_none() && json["input"].get("purposes").is_none());

    // Screening again (the v1 version is approved, so final): a new version by v2.
    let s2 = v
        .save_screening(
            &case_id,
            Some(&old.id),
            &old.input,
            &BTreeMap::new(),
            &Evidence::default(),
        )
        .unwrap();
    assert_eq!(s2.version, 2);
    assert_eq!(s2.catalog_version, "ilo2009-vn-2");
    assert!(s2.is_current_rule(catalog));
    assert_eq!(s2.result.outcome, Outcome::NeedsFurtherInterview);
    assert!(s2.result.legal.is_some());
    let all = v.screenings_of(&case_id).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1], old, "the v1 version is untouched");
}

/// Migration 0009 gives the cases of an existing vault their age band and
/// re-reads "under 18" with the presumption of minority (an uncertain 19 is 17).
#[test]
fn migration_0009_backfills_age_bands() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    // (age as typed, band, under 18)
    let table = [
        ("15", "under_16", true),
        ("17", "16_17", true),
        ("~19", "16_17", true),
        ("~20", "adult", false),
        ("?", "unknown", true),
        ("30", "adult", false),
    ];
    let names: Vec<String> = table
        .iter()
        .map(|(age, _, _)| format!("Người tuổi {age}"))
        .collect();
    let people: Vec<(&str, Sex, &str)> = table
        .iter()
        .zip(&names)
        .map(|((age, _, _), name)| (name.as_str(), Sex::Female, *age))
        .collect();
    let saved = batch_of(&mut v, &people);
    let read = |v: &tiepnhan::vault::Vault| -> Vec<(String, bool)> {
        saved
            .iter()
            .map(|s| {
                v.conn()
                    .query_row(
                        "SELECT age_band, is_child FROM cases WHERE id = ?1",
                        [&s.id],
                        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? != 0)),
                    )
                    .unwrap()
            })
            .collect()
    };
    let read_old = |v: &tiepnhan::vault::Vault| -> Vec<bool> {
        saved
            .iter()
            .map(|s| {
                v.conn()
                    .query_row("SELECT is_child FROM cases WHERE id = ?1", [&s.id], |r| {
                        Ok(r.get::<_, i64>(0)? != 0)
                    })
                    .unwrap()
            })
            .collect()
    };
    let expected: Vec<(String, bool)> = table
        .iter()
        .map(|(_, band, u18)| (band.to_string(), *u18))
        .collect();
    assert_eq!(read(&v), expected, "written with the case");
    // Back to the schema of version 8 for what 0009 changes, with is_child as
    // it was computed then; then 0009's own SQL runs on those rows (later
    // migrations are not undone: the test does not depend on them; the
    // report triggers of 0030, which read age_band, are dropped first; the
    // records are text again, as 0009 read them; the two report facts 0100
    // removed are back, since 0009's index names them).
    v.conn()
        .execute_batch(
            "DROP INDEX IF EXISTS cases_report;
             DROP TRIGGER cases_report_insert;
             DROP TRIGGER cases_report_delete;
             DROP TRIGGER cases_report_update;
             ALTER TABLE cases DROP COLUMN age_band;
             ALTER TABLE cases ADD COLUMN dest_country TEXT NOT NULL DEFAULT '';
             ALTER TABLE cases ADD COLUMN exploitation TEXT;
             UPDATE cases SET data = tn_json(data);
             UPDATE cases SET is_child = CASE WHEN age IS NULL THEN 1 ELSE age < 18 END;
             CREATE INDEX cases_report ON cases (
                 received_on, sex, age, source, gate_id, dest_country, exploitation,
                 screening_outcome, decision, is_child, sup_meals, sup_clothing, sup_shelter,
                 sup_medical, sup_travel, sup_interpretation, person_id);",
        )
        .unwrap();
    // Under the old rule the uncertain "~19" was an adult.
    assert!(!read_old(&v)[2], "~19 was not under 18 before 0009");
    v.conn()
        .execute_batch(&format!(
            "BEGIN; {} COMMIT;",
            tiepnhan::vault::migrations::MIGRATIONS[8].sql()
        ))
        .unwrap();
    v.close_quietly();
    let v = unlock(&dir, "admin");
    assert_eq!(read(&v), expected, "backfilled by the migration");
    let uses_band: String = value(
        &v,
        "SELECT sql FROM sqlite_master WHERE name = 'cases_report'",
    );
    assert!(uses_band.contains("age_band"), "{uses_band}");
}

//! Personal data protection (issue 17): retention counts exactly what it
//! removes, removes it for real (search, screening rows) and leaves the
//! report totals of past periods as they were; a withdrawal of consent
//! blocks new referrals and bundles; the person's own copy opens with 7-Zip
//! and holds their data and nothing of anyone else.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use tiepnhan::domain::case::{CaseRecord, Sex};
use tiepnhan::domain::privacy::{RequestDecision, RequestKind, RetentionDue, RightsRequest};
use tiepnhan::domain::referral::Referral;
use tiepnhan::vault::Vault;
use tiepnhan::vault::cases::CaseQuery;

fn open_demo(dir: &Path) -> Vault {
    demo_vault(dir, 300);
    Vault::unlock(dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap()
}

fn search(v: &Vault, text: &str) -> Vec<String> {
    let q = CaseQuery {
        text: text.into(),
        per_page: 500,
        ..CaseQuery::default()
    };
    tiepnhan::vault::cases::list_cases(v.conn(), &q, tiepnhan::clock::today())
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Everything of the demo vault has happened "now"; retention is run as of
/// a day 20 years on, so every closed case and every approved "not a
/// victim" screening is past its period.
#[test]
fn retention_counts_what_it_removes_and_keeps_past_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = open_demo(&dir);
    let later = tiepnhan::clock::today() + chrono::Duration::days(365 * 20);
    let (from, to) = (
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2100, 12, 31).unwrap(),
    );
    // People found not to be victims who were released or handed over to
    // their home police (the demo leaves them "received").
    v.conn()
        .execute(
            "UPDATE cases SET status = 'released' WHERE decision = 'not_victim' AND status <> 'closed'",
            [],
        )
        .unwrap();
    let before = v.report(from, to, "csv").unwrap();

    // A closed case with an open request of the person must be kept.
    let held: String = value(
        &v,
        "SELECT id FROM cases WHERE status = 'closed' ORDER BY rid LIMIT 1",
    );
    let mut req = RightsRequest {
        case_id: held.clone(),
        kind: RequestKind::Objection,
        requester: "Chính người được tiếp nhận".into(),
        received_on: Some(tiepnhan::clock::today()),
        ..RightsRequest::default()
    };
    v.register_request(&mut req).unwrap();

    // An anonymised case's name was found by search before.
    let victim: (String, String, i64) = v
        .conn()
        .query_row(
            "SELECT id, full_name, rid FROM cases WHERE status = 'closed' AND id <> ?1
             ORDER BY rid LIMIT 1",
            [&held],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(search(&v, &victim.1).contains(&victim.0));

    let due = v.retention_due(later).unwrap();
    assert!(due.cases > 0 && due.screening_answers > 0, "{due:?}");
    // The dry run removed nothing.
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM cases WHERE anonymised_on IS NOT NULL"
        ),
        0
    );
    let screenings_before = count(&v, "SELECT count(*) FROM screenings");
    let done = v.apply_retention(later).unwrap();
    assert_eq!(done, due, "the dry run counts exactly what the run removes");
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM cases WHERE anonymised_on IS NOT NULL"
        ) as usize,
        due.cases
    );
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM cases WHERE screening_removed_on IS NOT NULL AND anonymised_on IS NULL"
        ) as usize,
        due.screening_answers
    );
    // Every case touched has no screening row left, and there are fewer rows.
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM screenings s JOIN cases c ON c.id = s.case_id
             WHERE c.screening_removed_on IS NOT NULL"
        ),
        0
    );
    assert!(count(&v, "SELECT count(*) FROM screenings") < screenings_before);
    // The held case is untouched.
    assert!(!v.is_anonymised(&held).unwrap());
    // The removed case is found by no search, and the index holds no entry for it.
    assert!(v.is_anonymised(&victim.0).unwrap());
    assert!(!search(&v, &victim.1).contains(&victim.0));
    let token = tiepnhan::domain::text::fold(&victim.1);
    let token = token.split_whitespace().last().unwrap().to_string();
    let indexed: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH ?1 AND rowid = ?2",
            rusqlite::params![format!("\"{token}\""), victim.2],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 0);
    // The search vocabulary keeps no word that no remaining case holds.
    let orphans = count(
        &v,
        "SELECT count(*) FROM search_words w WHERE NOT EXISTS
           (SELECT 1 FROM cases_fts WHERE cases_fts MATCH '\"' || w.word || '\"')",
    );
    assert_eq!(orphans, 0);
    assert!(count(&v, "SELECT count(*) FROM search_words") > 0);
    let row: (String, String, String) = v
        .conn()
        .query_row(
            "SELECT full_name, id_number, tn_json(data) FROM cases WHERE id = ?1",
            [&victim.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((row.0.as_str(), row.1.as_str()), ("", ""));
    assert!(!row.2.contains(&victim.1));
    // The report totals of the past are the same.
    let after = v.report(from, to, "csv").unwrap();
    assert_eq!(before.tables, after.tables);
    // One audit event per case, with no name in it.
    let events: Vec<String> = {
        let mut s = v
            .conn()
            .prepare("SELECT details FROM audit WHERE action = 'retention_removed'")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(events.len(), due.cases + due.screening_answers);
    assert!(events.iter().all(|d| !d.contains(&victim.1)));
    // Nothing is due any more.
    assert_eq!(v.retention_due(later).unwrap(), RetentionDue::default());
    // Not an administrator: refused.
    v.close_quietly();
    let mut officer = Vault::unlock(&dir, "canbo", DEMO_PASS, chrono::Utc::now()).unwrap();
    assert!(officer.retention_due(later).is_err());
    assert!(officer.apply_retention(later).is_err());
    officer.close_quietly();
}

fn a_case(v: &mut Vault, name: &str, age: u32) -> String {
    let mut c = CaseRecord {
        received_on: Some(tiepnhan::clock::today()),
        ..CaseRecord::default()
    };
    c.identity.full_name = name.into();
    c.identity.sex = Sex::Female;
    c.identity.age_estimate = Some(age);
    v.create_case(&mut c).unwrap();
    c.id
}

#[test]
fn withdrawal_blocks_a_new_referral_and_a_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let id = a_case(&mut v, "Trần Thị Rút", 30);
    // A draft made before the withdrawal.
    let mut draft = Referral {
        case_id: id.clone(),
        agency_id: Some(1),
        ..Referral::default()
    };
    draft.consent.given = true;
    draft.consent.told = "Mục đích chuyển gửi".into();
    draft.consent.language = "Tiếng Việt".into();
    v.save_referral(&mut draft).unwrap();
    let mut w = RightsRequest {
        case_id: id.clone(),
        kind: RequestKind::Withdrawal,
        requester: "Trần Thị Rút".into(),
        requester_relation: "Bản thân".into(),
        received_on: Some(tiepnhan::clock::today()),
        ..RightsRequest::default()
    };
    v.register_request(&mut w).unwrap();
    // Effective at once, before any decision.
    assert!(v.consent_withdrawn(&id).unwrap());
    let mut r = Referral {
        case_id: id.clone(),
        agency_id: Some(1),
        ..Referral::default()
    };
    let e = v.save_referral(&mut r).unwrap_err().to_string();
    assert!(e.contains("consent_withdrawn"), "{e}");
    let e = v.approve_referral(&draft.id).unwrap_err().to_string();
    assert!(e.contains("consent_withdrawn"), "{e}");
    // A bundle that would carry the person's data is refused, naming the case.
    let out = tmp.path().join("b.tnb");
    let e = tiepnhan::app::transfer::export_to(
        &mut v,
        &out,
        tiepnhan::export::bundle::Seal::Passphrase("mot cum tu rat dai cho goi du lieu"),
        false,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("consent withdrawn"), "{e}");
    assert!(!out.exists());
    // Another person is not affected.
    let other = a_case(&mut v, "Lê Văn Khác", 40);
    assert!(!v.consent_withdrawn(&other).unwrap());
    let mut ok = Referral {
        case_id: other,
        agency_id: Some(1),
        ..Referral::default()
    };
    v.save_referral(&mut ok).unwrap();
    // The administrator decides; a refusal needs its reason.
    assert!(
        v.decide_request(
            &w.id,
            RequestDecision::Refused,
            " ",
            tiepnhan::clock::today()
        )
        .is_err()
    );
    let d = v
        .decide_request(
            &w.id,
            RequestDecision::Granted,
            "",
            tiepnhan::clock::today(),
        )
        .unwrap();
    assert_eq!(d.decision, Some(RequestDecision::Granted));
    assert!(v.consent_withdrawn(&id).unwrap());
    v.close_quietly();
}

#[test]
fn a_childs_referral_needs_the_child_and_the_guardian() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let id = a_case(&mut v, "Nguyễn Thị Bé", 12);
    let mut r = Referral {
        case_id: id,
        agency_id: Some(1),
        ..Referral::default()
    };
    r.consent.given = true;
    r.consent.told = "Mục đích chuyển gửi".into();
    r.consent.language = "Tiếng Việt".into();
    r.consent.guardian_name = "Nguyễn Văn Bố".into();
    r.consent.guardian_relation = "Bố".into();
    v.save_referral(&mut r).unwrap();
    let e = v.approve_referral(&r.id).unwrap_err().to_string();
    assert!(e.contains("child_consent"), "{e}");
    r.consent.child_agreed = true;
    r.consent.guardian_name.clear();
    v.save_referral(&mut r).unwrap();
    let e = v.approve_referral(&r.id).unwrap_err().to_string();
    assert!(e.contains("guardian_required"), "{e}");
    assert!(!e.contains("child_consent"), "{e}");
    v.close_quietly();
}

#[test]
fn notices_count_only_what_was_agreed() {
    use tiepnhan::domain::privacy::{Choice, Notice, OptionalUse};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let id = a_case(&mut v, "Phạm Văn Đồng Ý", 30);
    // Nothing recorded: nothing counts.
    assert!(v.consents_of(&id).unwrap().agreed.is_empty());
    // A notice without its date or language is refused.
    let mut n = Notice::renewed(None, &id);
    assert!(v.save_notice(&mut n).is_err());
    n.given_on = Some(tiepnhan::clock::today());
    n.language = "Tiếng Việt".into();
    n.uses
        .insert(OptionalUse::ShareFamilyContact, Choice::Agreed);
    n.uses.insert(OptionalUse::Photos, Choice::Refused);
    // Whatever the caller says, the store records who recorded it.
    n.recorded_by = "someone-else".into();
    v.save_notice(&mut n).unwrap();
    let c = v.consents_of(&id).unwrap();
    assert_eq!(c.agreed, vec![OptionalUse::ShareFamilyContact]);
    assert_eq!(v.latest_notice(&id).unwrap().unwrap().recorded_by, "admin");
    // A child without the guardian's consent: nothing counts.
    let child = a_case(&mut v, "Phạm Thị Nhỏ", 10);
    let mut n = Notice::renewed(None, &child);
    n.given_on = Some(tiepnhan::clock::today());
    n.language = "Tiếng Việt".into();
    n.uses.insert(OptionalUse::FollowUp, Choice::Agreed);
    assert!(
        v.save_notice(&mut n).is_err(),
        "a guardian's name is needed"
    );
    n.guardian_name = "Phạm Văn Lớn".into();
    v.save_notice(&mut n).unwrap();
    assert!(v.consents_of(&child).unwrap().agreed.is_empty());
    v.close_quietly();
}

#[test]
fn the_subject_copy_opens_with_7zip_and_holds_only_this_person() {
    need("7z");
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = open_demo(&dir);
    // A case of a person with family contact and screening answers.
    let (id, number, person): (String, String, String) = v
        .conn()
        .query_row(
            "SELECT c.id, c.number, c.person_id FROM cases c
             WHERE EXISTS (SELECT 1 FROM screenings s WHERE s.case_id = c.id)
               AND json_extract(tn_json(c.data), '$.family.phone') <> ''
             ORDER BY c.rid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let me = v.read_case(&id).unwrap().record;
    let others: Vec<(String, String)> = {
        let mut s = v
            .conn()
            .prepare("SELECT full_name, number FROM cases WHERE person_id <> ?1")
            .unwrap();
        s.query_map([&person], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    v.close_quietly();
    let zip = tmp.path().join("ban-sao.zip");
    let out = as_demo_ok(
        &dir,
        &[
            "subject",
            "export",
            "--case",
            &number,
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    let pass = stdout(&out).lines().last().unwrap().trim().to_string();
    let x = tmp.path().join("x");
    unzip_7z(&zip, &pass, &x);
    let json = std::fs::read_to_string(x.join("subject.json")).unwrap();
    let j: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(j["person"]["full_name"], me.identity.full_name);
    let cases = j["cases"].as_array().unwrap();
    assert!(cases.iter().any(|c| c["case_number"] == number));
    assert!(
        cases[0]["screening"]["answers"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    let pdf = Command::new("pdftotext")
        .args([x.join("ban-sao-du-lieu-ca-nhan.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(pdf.stdout).unwrap();
    assert!(text.contains("BẢN SAO DỮ LIỆU CÁ NHÂN"));
    assert!(text.contains(&me.identity.full_name));
    // Nothing of anyone else: no other person's name or case number, not
    // the family's phone.
    for (name, n) in &others {
        if !me.identity.full_name.contains(name.as_str()) {
            assert!(
                !json.contains(&format!("\"{name}\"")),
                "{name} in subject.json"
            );
            assert!(!text.contains(name.as_str()), "{name} in the PDF");
        }
        assert!(!json.contains(n.as_str()), "{n} in subject.json");
    }
    assert!(!json.contains(&me.family.phone));
    assert!(!json.contains(&me.family.name) || me.family.name.is_empty());
    // The manifest lists both files.
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(x.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["kind"], "subject_copy");
    // An officer may not take a person's whole copy.
    let out = run(
        &[
            "subject",
            "export",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "canbo",
            "--case",
            &number,
            "--out",
            tmp.path().join("no.zip").to_str().unwrap(),
        ],
        &format!("{DEMO_PASS}\n"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn the_retention_command_counts_then_applies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = open_demo(&dir);
    // Age the closed cases and the "not a victim" decisions by ten years.
    v.conn()
        .execute_batch(
            "UPDATE cases SET status = 'released' WHERE decision = 'not_victim' AND status <> 'closed';
             UPDATE cases SET updated_at = '2015-06-01T00:00:00.000Z';
             UPDATE screenings SET updated_at = '2015-06-01T00:00:00.000Z';
             UPDATE referrals SET updated_at = '2015-06-01T00:00:00.000Z';",
        )
        .unwrap();
    v.close_quietly();
    let retention = |dry: bool| {
        let d = dir.to_str().unwrap();
        let mut args = vec!["retention", "--vault", d, "--user", "demo"];
        if dry {
            args.push("--dry-run");
        }
        let out = run(&args, &format!("{DEMO_PASS}\n"));
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let dry = retention(true);
    assert_eq!(dry["applied"], false);
    let n = dry["due"]["cases"].as_u64().unwrap();
    let s = dry["due"]["screening_answers"].as_u64().unwrap();
    assert!(n > 0 && s > 0, "{dry}");
    let done = retention(false);
    assert_eq!(done["applied"], true);
    assert_eq!(done["due"], dry["due"]);
    let again = retention(true);
    assert_eq!(again["due"]["cases"], 0);
    assert_eq!(again["due"]["screening_answers"], 0);
    // The audit chain still checks.
    run_ok(
        &["check", "--vault", dir.to_str().unwrap(), "--user", "demo"],
        &format!("{DEMO_PASS}\n"),
    );
    // An officer is refused (exit 1, one line).
    let out = run(
        &[
            "retention",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "canbo",
            "--dry-run",
        ],
        &format!("{DEMO_PASS}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
}

/// The notice paper: one sheet (two pages at most), the answers as recorded, the guardian's
/// signature block for a child. (`TIEPNHAN_KEEP_PDF=DIR` keeps a copy to look at.)
#[test]
fn the_notice_paper_is_one_sheet_with_the_answers() {
    use tiepnhan::app::documents::{Doc, build};
    use tiepnhan::domain::privacy::{Choice, Notice, OptionalUse};
    need("pdftotext");
    need("pdfinfo");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let id = a_case(&mut v, "Võ Thị Thông Báo", 15);
    let mut n = Notice::renewed(None, &id);
    n.given_on = Some(tiepnhan::clock::today());
    n.language = "Tiếng Việt".into();
    n.interpreter = "Sok Dara".into();
    n.guardian_name = "Võ Văn Giám Hộ".into();
    n.guardian_relation = "Bố".into();
    n.guardian = Choice::Agreed;
    n.uses.insert(OptionalUse::ShareNgo, Choice::Agreed);
    n.uses.insert(OptionalUse::Photos, Choice::Refused);
    v.save_notice(&mut n).unwrap();
    let pdf = build(&mut v, &Doc::Notice(id.clone()), false).unwrap();
    let path = tmp.path().join("notice.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Ok(keep) = std::env::var("TIEPNHAN_KEEP_PDF") {
        std::fs::write(Path::new(&keep).join("thong-bao.pdf"), &pdf).unwrap();
    }
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    // In the body size of every paper (13 pt, Decree 30/2020) the notice
    // of a child with an interpreter fills one sheet printed on both sides.
    assert!(
        matches!(pages.as_str(), "1" | "2"),
        "the notice runs to {pages} pages: {info}"
    );
    let text = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        "THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "Võ Thị Thông Báo",
        "111",
        "Không đồng ý",
        "Chưa hỏi",
        "Võ Văn Giám Hộ",
        "Sok Dara",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    // A child of 15 is addressed as "em", never "anh/chị"; the consent is
    // the child's and a parent's or guardian's (Law 91/2025 art. 24).
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Quyền của em",
        "Em dưới 16 tuổi",
        "cả em và cha, mẹ hoặc người giám hộ cùng đồng ý",
        "CHA, MẸ HOẶC NGƯỜI GIÁM HỘ",
    ] {
        assert!(flat.contains(want), "{want} missing:\n{flat}");
    }
    assert!(!flat.to_lowercase().contains("anh/chị"), "{flat}");
    // The paper is audited as an export of the case.
    let n: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'export' AND target = ?1
             AND details LIKE '%privacy_notice%'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    v.close_quietly();
}

//! Intake through the store: batches, cases, folded search, Vietnamese order,
//! duplicates and their audit trail.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use tiepnhan::domain::batch::{BatchRecord, QuickRow};
use tiepnhan::domain::case::{CaseRecord, Sex, Source, Status};
use tiepnhan::domain::dedupe::MatchKind;
use tiepnhan::vault::cases::{CaseQuery, SortOrder};

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn batch() -> BatchRecord {
    BatchRecord {
        received_at: (today() - chrono::Duration::days(1)).and_hms_opt(9, 30, 0),
        gate_id: Some(1),
        handing_party: "Cảnh sát tỉnh Svay Rieng".into(),
        source: Source::HandedOver,
        ..BatchRecord::default()
    }
}

fn person(name: &str, sex: Sex, age: &str, province: u32, doc: &str) -> CaseRecord {
    QuickRow {
        full_name: name.into(),
        sex,
        age: age.into(),
        province_code: Some(province),
        document: doc.into(),
    }
    .to_case(&batch(), today())
    .expect("valid row")
}

fn audit_actions(v: &tiepnhan::vault::Vault) -> Vec<(String, String, String)> {
    rows(
        v,
        "SELECT action, target, details FROM audit ORDER BY seq",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

#[test]
fn batch_search_order_and_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let mut b = batch();
    let mut people = vec![
        person("Đặng Văn Đức", Sex::Male, "1999", 38, "038099001234"),
        person("Nguyễn Thị Hương", Sex::Female, "~17", 80, ""),
        person("Ánh Lê", Sex::Female, "25", 1, "C1234567"),
    ];
    let saved = v.create_batch(&mut b, &mut people).unwrap();
    assert_eq!(saved.len(), 3);
    assert!(b.number.starts_with("DTN-"));
    assert!(saved.iter().all(
        |s| s.number.contains(&format!("-{}-", today().format("%Y"))) || !s.number.is_empty()
    ));
    assert!(saved.iter().all(|s| s.duplicates.is_empty()));

    // Folded search: "dang duc" finds Đặng Văn Đức; so do the ID, the case number and the passport.
    for q in [
        "dang duc",
        "ĐẶNG",
        "đức",
        "038099001234",
        "c1234567",
        saved[0].number.as_str(),
    ] {
        let page = v
            .search_cases(
                &CaseQuery {
                    text: q.into(),
                    per_page: 50,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert!(!page.rows.is_empty(), "{q} finds nothing");
        assert!(
            page.rows
                .iter()
                .any(|r| r.full_name == "Đặng Văn Đức" || q == "c1234567"),
            "{q}"
        );
    }
    let page = v
        .search_cases(
            &CaseQuery {
                text: "huong".into(),
                per_page: 50,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert!(page.rows[0].is_child, "~17 is a child");

    // Vietnamese order: Ánh (A) before Đặng (Đ, after D) before Nguyễn.
    let page = v
        .search_cases(
            &CaseQuery {
                per_page: 50,
                sort: SortOrder::Name,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    let names: Vec<&str> = page.rows.iter().map(|r| r.full_name.as_str()).collect();
    assert_eq!(names, ["Ánh Lê", "Đặng Văn Đức", "Nguyễn Thị Hương"]);

    // A new case with the same CCCD: a strong alert.
    let mut again = person("Dang Van Duc", Sex::Male, "1999", 38, "038 099 001 234");
    again.batch_id = None;
    let s = v.create_case(&mut again).unwrap();
    assert_eq!(s.duplicates.len(), 1);
    assert_eq!(s.duplicates[0].kind, MatchKind::SameIdNumber);
    assert!(!s.duplicates[0].same_person);
    // Linking makes them one person with two receptions: a repeated return.
    v.link_duplicate(&s.id, &saved[0].id).unwrap();
    let view = v.open_case(&s.id).unwrap();
    assert_eq!(view.receptions.len(), 2);
    let list = v
        .search_cases(
            &CaseQuery {
                text: "dang van duc".into(),
                per_page: 50,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    assert!(list.rows.iter().all(|r| r.receptions == 2));

    // A similar name, same year and province, no document: a possible duplicate, dismissed.
    let mut similar = person("Nguyễn Thị Hường", Sex::Female, "~17", 80, "");
    let s2 = v.create_case(&mut similar).unwrap();
    assert_eq!(s2.duplicates.len(), 1);
    assert_eq!(s2.duplicates[0].kind, MatchKind::SimilarName);
    v.dismiss_duplicate(&s2.id, &s2.duplicates[0].case_id)
        .unwrap();
    let rec = v.read_case(&s2.id).unwrap().record;
    assert!(
        v.duplicates_for(&rec).unwrap().is_empty(),
        "a dismissed alert is not raised again"
    );

    // Every choice is audited, with ids and never names.
    let events = audit_actions(&v);
    assert!(
        events
            .iter()
            .any(|(a, t, _)| a == "duplicate_linked" && t == &s.id)
    );
    assert!(
        events
            .iter()
            .any(|(a, t, _)| a == "duplicate_dismissed" && t == &s2.id)
    );
    assert!(
        events
            .iter()
            .any(|(a, t, _)| a == "case_viewed" && t == &s.id)
    );
    assert_eq!(
        events
            .iter()
            .filter(|(a, _, _)| a == "case_created")
            .count(),
        5
    );
    for (_, t, d) in &events {
        for secret in ["Đặng", "Dang", "Hương", "038099001234", "C1234567"] {
            assert!(
                !t.contains(secret) && !d.contains(secret),
                "audit leaks {secret}: {t} {d}"
            );
        }
    }
    assert!(v.verify_audit().unwrap().broken.is_none());
}

#[test]
fn edits_are_audited_by_field_and_versioned() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let mut c = person("Trần Văn Bình", Sex::Male, "1990", 80, "");
    let s = v.create_case(&mut c).unwrap();
    let view = v.open_case(&s.id).unwrap();
    let mut edited = view.record.clone();
    edited.journey.destination_country = "Campuchia".into();
    edited.journey.work_done = "Lừa đảo trực tuyến".into();
    edited.identity.phone = "0912 345 678".into();
    let s2 = v.update_case(&mut edited, view.version).unwrap();
    assert_eq!(s2.version, view.version + 1);
    // The old version cannot overwrite the new one.
    let mut stale = view.record.clone();
    assert!(v.update_case(&mut stale, view.version).is_err());
    let events = audit_actions(&v);
    let (_, _, details) = events
        .iter()
        .rev()
        .find(|(a, _, _)| a == "case_updated")
        .unwrap();
    let d: serde_json::Value = serde_json::from_str(details).unwrap();
    let fields: Vec<&str> = d["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "identity.phone",
            "journey.destination_country",
            "journey.work_done"
        ]
    );
    assert!(!details.contains("Campuchia") && !details.contains("0912"));
    // The phone is searchable after the edit.
    let page = v
        .search_cases(
            &CaseQuery {
                text: "0912345678".into(),
                per_page: 10,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    // Text is stored in NFC even when typed decomposed.
    let mut nfd = view.record.clone();
    nfd.identity.full_name = "Tra\u{0302}\u{0300}n Va\u{0306}n Bi\u{0300}nh".into();
    v.update_case(&mut nfd, s2.version).unwrap();
    assert_eq!(
        v.read_case(&s.id).unwrap().record.identity.full_name,
        "Trần Văn Bình"
    );
}

#[test]
fn filters_and_overdue() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let mut old = person("Lê Văn Cũ", Sex::Male, "1980", 80, "");
    old.received_on = Some(today() - chrono::Duration::days(10));
    v.create_case(&mut old).unwrap();
    let mut fresh = person("Lê Thị Mới", Sex::Female, "16", 80, "");
    v.create_case(&mut fresh).unwrap();
    let q = |f: fn(&mut CaseQuery)| {
        let mut q = CaseQuery {
            per_page: 50,
            ..Default::default()
        };
        f(&mut q);
        q
    };
    let overdue = v
        .search_cases(&q(|q| q.overdue_only = true), today())
        .unwrap();
    assert_eq!(overdue.rows.len(), 1);
    assert_eq!(overdue.rows[0].full_name, "Lê Văn Cũ");
    assert_eq!(
        v.search_cases(&q(|q| q.child = Some(true)), today())
            .unwrap()
            .rows
            .len(),
        1
    );
    assert_eq!(
        v.search_cases(&q(|q| q.sex = Some(Sex::Female)), today())
            .unwrap()
            .rows
            .len(),
        1
    );
    assert_eq!(
        v.search_cases(&q(|q| q.status = Some(Status::Received)), today())
            .unwrap()
            .rows
            .len(),
        2
    );
    assert_eq!(
        v.search_cases(&q(|q| q.outcome = Some("none".into())), today())
            .unwrap()
            .rows
            .len(),
        2
    );
}

#[test]
fn demo_prints_json_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let out = run_ok(
        &[
            "demo",
            "--vault",
            a.to_str().unwrap(),
            "--cases",
            "300",
            "--seed",
            "7",
        ],
        "mật khẩu demo 1\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["user"], "demo");
    assert_eq!(v["cases"], 300);
    assert_eq!(v["vault"], a.to_str().unwrap());
    let numbers = v["sample_case_numbers"].as_array().unwrap();
    assert!(numbers.len() >= 5);
    // Same seed, same people.
    let names = |dir: &std::path::Path| -> Vec<String> {
        let v = tiepnhan::vault::Vault::unlock(dir, "demo", "mật khẩu demo 1", chrono::Utc::now())
            .unwrap();
        let mut s = v
            .conn()
            .prepare("SELECT full_name FROM cases ORDER BY rid")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let b = tmp.path().join("b");
    let out = run(
        &[
            "demo",
            "--vault",
            b.to_str().unwrap(),
            "--cases",
            "300",
            "--seed",
            "7",
        ],
        "mật khẩu demo 1\n",
    );
    assert!(out.status.success());
    let (na, nb) = (names(&a), names(&b));
    assert_eq!(na, nb);
    // A realistic surname spread: Nguyễn is the most common.
    let nguyen = na.iter().filter(|n| n.starts_with("Nguyễn ")).count();
    assert!((60..=170).contains(&nguyen), "{nguyen} of 300 are Nguyễn");
    // And check passes on the demo vault.
    assert!(
        run(
            &["check", "--vault", a.to_str().unwrap(), "--user", "demo"],
            "mật khẩu demo 1\n"
        )
        .status
        .success()
    );
}

#[test]
fn a_full_name_finds_that_name_not_every_name_sharing_its_prefixes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = new_vault(&tmp.path().join("v"));
    let mut b = batch();
    let mut people = vec![
        person("Nguyễn Thị Hoa", Sex::Female, "30", 38, ""),
        person("Nguyễn Thị Hoài", Sex::Female, "31", 38, ""),
        person("Nguyễn Hoàng Thịnh", Sex::Male, "32", 38, ""),
    ];
    v.create_batch(&mut b, &mut people).unwrap();
    let mut names = |q: &str| -> Vec<String> {
        let mut n: Vec<String> = v
            .search_cases(
                &CaseQuery {
                    text: q.into(),
                    per_page: 50,
                    sort: SortOrder::Name,
                    ..Default::default()
                },
                today(),
            )
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.full_name)
            .collect();
        n.sort();
        n
    };
    // The words typed are whole words; the last one may still be being typed.
    assert_eq!(
        names("nguyen thi hoa"),
        ["Nguyễn Thị Hoa", "Nguyễn Thị Hoài"]
    );
    assert_eq!(
        names("Nguyễn Thị Hoa"),
        ["Nguyễn Thị Hoa", "Nguyễn Thị Hoài"]
    );
    assert_eq!(
        names("nguyen thi ho"),
        ["Nguyễn Thị Hoa", "Nguyễn Thị Hoài"]
    );
    assert_eq!(names("nguyen hoang th"), ["Nguyễn Hoàng Thịnh"]);
    assert_eq!(names("ngu"), {
        let mut all = vec!["Nguyễn Hoàng Thịnh", "Nguyễn Thị Hoa", "Nguyễn Thị Hoài"];
        all.sort();
        all
    });
}

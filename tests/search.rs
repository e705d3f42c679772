//! The case search spells a typed prefix out as the words of the vault it
//! begins (issue 22: a common surname costs what a rare one does). What it
//! finds must be exactly what the prefix itself finds.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use tiepnhan::vault::Vault;
use tiepnhan::vault::cases::{CaseQuery, SortOrder};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The ids the window lists for `typed`, newest first (every page).
fn listed(v: &mut Vault, typed: &str) -> (Vec<String>, usize) {
    let page = v
        .search_cases(
            &CaseQuery {
                text: typed.into(),
                per_page: 500,
                sort: SortOrder::Newest,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    (page.rows.into_iter().map(|r| r.id).collect(), page.total)
}

/// What the plain FTS5 prefix query (the last word as `"word"*`) finds.
fn by_prefix(v: &Vault, typed: &str) -> Vec<String> {
    let folded = tiepnhan::domain::text::fold(typed);
    let tokens: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let (last, whole) = tokens.split_last().unwrap();
    let mut terms: Vec<String> = whole.iter().map(|t| format!("\"{t}\"")).collect();
    terms.push(format!("\"{last}\"*"));
    let mut s = v
        .conn()
        .prepare(
            "SELECT c.id FROM cases_fts JOIN cases c ON c.rid = cases_fts.rowid
             WHERE cases_fts MATCH ?1 ORDER BY cases_fts.rowid DESC LIMIT 500",
        )
        .unwrap();
    s.query_map([terms.join(" ")], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn a_spelt_out_prefix_finds_exactly_what_the_prefix_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    demo_vault(&dir, 400);
    let mut v = Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    // A passport and an ID number of the demo, typed in part.
    let (passport, id_number): (String, String) = v
        .conn()
        .query_row(
            "SELECT (SELECT passport_number FROM cases WHERE passport_number <> '' LIMIT 1),
                    (SELECT id_number FROM cases WHERE id_number <> '' LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let typed = [
        "n",
        "ng",
        "Nguy",
        "nguyễn",
        "NGUYEN",
        "nguyen v",
        "nguyễn thị h",
        "tran thi",
        "hoa",
        "đ",
        "mb-2025",
        "MB-2026-0001",
        &passport[..4],
        &id_number[..5],
        "zzzz",
    ];
    let mut found_some = 0;
    for t in typed {
        let (ids, total) = listed(&mut v, t);
        let expected = by_prefix(&v, t);
        assert_eq!(ids, expected, "typed {t:?}");
        assert_eq!(total, expected.len(), "the count of {t:?}");
        found_some += usize::from(!ids.is_empty());
    }
    assert!(found_some >= 12, "the demo's names are not found");
    // And the names were spelt out, not left to the prefix.
    let q = tiepnhan::vault::cases::fts_query(v.conn(), "nguyen thi h")
        .unwrap()
        .unwrap();
    assert!(q.starts_with("\"nguyen\" AND \"thi\" AND (\"h"), "{q}");
    assert!(!q.contains('*'), "{q}");
}

#[test]
fn a_new_or_renamed_case_is_found_by_the_start_of_its_new_name() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = new_vault(&tmp.path().join("v"));
    let mut c = case_with("Nguyễn Văn An", |c| c.identity.age_estimate = Some(30));
    let saved = v.create_case(&mut c).unwrap();
    assert_eq!(listed(&mut v, "nguy").0, vec![saved.id.clone()]);
    assert!(listed(&mut v, "khuc").0.is_empty());
    let mut c = v.read_case(&saved.id).unwrap();
    c.record.identity.full_name = "Khúc Thừa Dụ".into();
    v.update_case(&mut c.record, c.version).unwrap();
    assert_eq!(listed(&mut v, "khu").0, vec![saved.id.clone()]);
    assert_eq!(listed(&mut v, "khúc thừa").0, vec![saved.id.clone()]);
    assert!(
        listed(&mut v, "nguy").0.is_empty(),
        "the old name still found"
    );
    // The replaced record is kept in the case's history, and reads back.
    let history = v.case_history(&saved.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].0, 1);
    assert_eq!(history[0].1.identity.full_name, "Nguyễn Văn An");
}

/// The indexes of a vault, as SQLite holds them.
fn indexes(v: &Vault) -> Vec<(String, String)> {
    rows(
        v,
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A demo vault is filled in bulk, its randomly ordered indexes built after
/// the rows: afterwards it has every index a new vault has, as defined, and
/// the list by name is read from its index again.
#[test]
fn a_vault_filled_in_bulk_has_every_index_a_new_vault_has() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = new_vault(&tmp.path().join("fresh"));
    let expected = indexes(&fresh);
    for name in tiepnhan::vault::cases::BULK_DEFERRED {
        assert!(expected.iter().any(|(n, _)| n == name), "{name}");
    }
    let dir = tmp.path().join("demo");
    tiepnhan::demo::create_demo_vault(&dir, DEMO_PASS, 300, 4).unwrap();
    let mut v = Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    assert_eq!(indexes(&v), expected);
    let plan: String = v
        .conn()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT rid FROM cases ORDER BY tn_sort_key(full_name), rid LIMIT 50",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("COVERING INDEX cases_name_sort"), "{plan}");
    // And the people are all there, found by name.
    let (all, total) = listed(&mut v, "");
    assert_eq!((all.len(), total), (300, 300));
    // The report aggregates were counted after the load, and their triggers
    // are back: a case saved now is counted too.
    let drift = |v: &Vault| tiepnhan::vault::reports::report_days_drift(v.conn()).unwrap();
    assert_eq!(drift(&v), Vec::new());
    assert!(count(&v, "SELECT count(*) FROM report_days") > 0);
    v.create_case(&mut case_with("Lò Thị Mai", |c| {
        c.identity.age_estimate = Some(24)
    }))
    .unwrap();
    assert_eq!(drift(&v), Vec::new());
    assert_eq!(
        count(&v, "SELECT sum(n) FROM report_days WHERE dim = 'sex_age'"),
        301
    );
}

/// A vault whose name keys were made by another collation (an upgrade that
/// changed it) has its name indexes rebuilt at the next sign-in, and the list
/// by name is in Vietnamese order again.
#[test]
fn a_changed_collation_rebuilds_the_name_order_at_sign_in() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    for name in [
        "Nguyễn Văn An",
        "Đặng Thị Bình",
        "Ánh Dương",
        "Dương Văn Cường",
    ] {
        v.create_case(&mut case_with(name, |c| c.identity.age_estimate = Some(30)))
            .unwrap();
    }
    v.conn()
        .execute(
            "UPDATE settings SET value = 'an-older-collation' WHERE key = 'sort_key_version'",
            [],
        )
        .unwrap();
    v.close_quietly();
    let mut v = unlock(&dir, "admin");
    let version: String = value(
        &v,
        "SELECT value FROM settings WHERE key = 'sort_key_version'",
    );
    assert_eq!(version, tiepnhan::domain::text::SORT_KEY_VERSION);
    let names: Vec<String> = v
        .search_cases(
            &CaseQuery {
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
    assert_eq!(
        names,
        [
            "Ánh Dương",
            "Dương Văn Cường",
            "Đặng Thị Bình",
            "Nguyễn Văn An"
        ]
    );
}

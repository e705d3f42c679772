//! A vault written by an earlier release opens in this one, migrates, and
//! passes `check` with its cases, screenings, referrals, attachment, audit
//! log and report aggregates intact (issue 22: storage may change, old
//! vaults must not be lost).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use common::*;
use tiepnhan::vault::cases::{CasePage, CaseQuery};
use tiepnhan::vault::{self, Vault};

/// `tests/fixtures/vault-0.1.0`: written by tiepnhan 0.1.0 (commit ce4731b,
/// schema 17) with `tiepnhan demo --cases 60` and one `tiepnhan attach`
/// (a PNG on MB-2024-00002); user "demo".
const FIXTURE_PASS: &str = "tiepnhan-demo-2026";

fn fixture_copy(tmp: &Path) -> PathBuf {
    let dir = tmp.join("v");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vault-0.1.0"),
        &dir,
    );
    dir
}

/// The first 100 cases the case list shows for `text` (all of them when empty).
fn search(v: &mut Vault, text: &str) -> CasePage {
    let q = CaseQuery {
        text: text.into(),
        per_page: 100,
        ..Default::default()
    };
    v.search_cases(&q, chrono::Local::now().date_naive())
        .unwrap()
}

#[test]
fn a_populated_vault_of_release_0_1_opens_migrates_and_passes_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixture_copy(tmp.path());
    let dir_s = dir.to_str().unwrap();

    // Before the first sign-in an older schema is no damage...
    let check = || {
        let out = run(
            &["check", "--vault", dir_s, "--user", "demo", "--json"],
            &format!("{FIXTURE_PASS}\n"),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()
    };
    let before = check();
    assert_eq!(before["ok"], true, "{before}");
    assert_eq!(before["schema_version"], 17);
    // ...the sign-in migrates it, and the check passes on the new schema.
    Vault::unlock(&dir, "demo", FIXTURE_PASS, chrono::Utc::now())
        .unwrap()
        .close_quietly();
    let report = check();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(
        report["schema_version"],
        vault::migrations::MIGRATIONS.len() as i64
    );
    assert_eq!(report["attachments"]["count"], 1);

    // Everything reads back.
    let mut v = Vault::unlock(&dir, "demo", FIXTURE_PASS, chrono::Utc::now()).unwrap();
    let page = search(&mut v, "");
    assert_eq!(page.total, 60);
    let mut screened = 0;
    for row in &page.rows {
        let case = v.read_case(&row.id).unwrap().record;
        assert_eq!(case.number, row.number);
        assert_eq!(case.identity.full_name, row.full_name);
        screened += usize::from(!v.screenings_of(&row.id).unwrap().is_empty());
    }
    assert!(screened > 0, "the demo's screenings are gone");
    // The migration packed every record it had written as text, and they
    // read back (above, and the referrals here).
    for table in ["cases", "screenings", "referrals", "case_history"] {
        let text: i64 = v
            .conn()
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE typeof(data) <> 'blob'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(text, 0, "{table} still holds text records");
    }
    // The audit events kept before the upgrade, the check run on the old
    // schema among them, still chain without their stored previous hash.
    let prev_col = count(
        &v,
        "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'prev_hash'",
    );
    assert_eq!(prev_col, 0, "the audit log still stores the previous hash");
    assert!(v.verify_audit().unwrap().broken.is_none());
    let referred = page
        .rows
        .iter()
        .map(|r| v.referrals_of(&r.id).unwrap().len())
        .sum::<usize>();
    assert!(referred > 0, "the demo's referrals are gone");

    // A name search finds its person.
    let first = &page.rows[0];
    let word = first
        .full_name
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();
    assert!(search(&mut v, &word).rows.iter().any(|r| r.id == first.id));
    // The search index keeps no copy of its text (0100) and lost no case:
    // every one is found by its own full name.
    let search_col = count(
        &v,
        "SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'search'",
    );
    assert_eq!(search_col, 0, "the cases still store their search text");
    // The list by name is in Vietnamese order, read from the indexes the
    // migration rebuilt on the name's key (the rows keep no key of their own).
    let keys: Vec<Vec<u8>> = page
        .rows
        .iter()
        .map(|r| tiepnhan::domain::text::sort_key(&r.full_name))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "the list is not in Vietnamese order"
    );
    for row in &page.rows {
        let found = search(&mut v, &row.full_name);
        assert!(
            found.rows.iter().any(|r| r.id == row.id),
            "{} is not found by its name",
            row.number
        );
    }
    // The search vocabulary the migration filled spells a prefix out.
    let prefix: String = tiepnhan::domain::text::fold(&first.full_name)
        .chars()
        .take(3)
        .collect();
    let q = vault::cases::fts_query(v.conn(), &prefix).unwrap().unwrap();
    assert!(!q.contains('*'), "{q}");
    assert!(
        search(&mut v, &prefix)
            .rows
            .iter()
            .any(|r| r.id == first.id)
    );
    // The report aggregates still equal a recount of every case.
    assert_eq!(
        vault::reports::report_days_drift(v.conn()).unwrap(),
        Vec::new()
    );
    // And the audit log, extended by this release, still verifies.
    let chain = v.verify_audit().unwrap();
    assert!(chain.broken.is_none(), "{:?}", chain.broken);
    assert!(chain.events > 200);
}

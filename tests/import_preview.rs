//! Property: an import changes no case, screening or referral row that its
//! preview did not list. Random bundles (cases new, imported before, changed
//! here, taken from the desk's own cases; screening and referral ids fresh,
//! kept, or taken from other cases) against a desk that has its own cases,
//! imported cases and local edits.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::copy_dir;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use tiepnhan::demo;
use tiepnhan::domain::bundle::{ImportAction, Payload, Preview};
use tiepnhan::vault::Vault;

const POST: &str = "mật khẩu đồn biên phòng";
const DESK: &str = "mật khẩu bàn tỉnh 1";
const SENDER: &str = "AAAA BBBB CCCC DDDD";

fn unlock_as(dir: &Path, pass: &str) -> Vault {
    Vault::unlock(dir, "demo", pass, chrono::Utc::now()).unwrap()
}

type Rows = BTreeMap<String, String>;

/// Every case, screening and referral row, by id.
fn snapshot(v: &Vault) -> [Rows; 3] {
    let rows = |sql: &str| -> Rows {
        let mut s = v.conn().prepare(sql).unwrap();
        s.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    [
        rows(
            "SELECT id, number || '|' || tn_json(data) || '|' || version || '|' || updated_at || '|' || status FROM cases",
        ),
        rows(
            "SELECT id, case_id || '|' || version || '|' || tn_json(data) || '|' || updated_at || '|' || outcome
             || '|' || COALESCE(decision, '') || '|' || COALESCE(approval, '') FROM screenings",
        ),
        rows(
            "SELECT id, case_id || '|' || number || '|' || status || '|' || tn_json(data) || '|' || updated_at FROM referrals",
        ),
    ]
}

fn listed(p: &Preview) -> [BTreeSet<String>; 3] {
    let mut out: [BTreeSet<String>; 3] = Default::default();
    for i in &p.items {
        if matches!(i.action, ImportAction::New | ImportAction::Update) {
            out[0].insert(i.case_id.clone());
            out[1].extend(i.screenings.iter().cloned());
            out[2].extend(i.referrals.iter().cloned());
        }
    }
    out
}

/// One bundle case's mutation: (case id: keep / fresh / a desk case's,
/// index, revision: same / newer / older, screening id and referral id:
/// keep / fresh / a desk record's / another bundle case's, index, note).
type Op = (u8, u8, u8, u8, u8, u8, bool);

struct World {
    base: Payload,
    desk_cases: Vec<String>,
    desk_screenings: Vec<String>,
    desk_referrals: Vec<String>,
}

fn mutate(w: &World, ops: &[Op]) -> Payload {
    let mut p = w.base.clone();
    p.sequence = 1_000;
    let mut out = Vec::new();
    let others: Vec<(Option<String>, Option<String>)> = w
        .base
        .cases
        .iter()
        .map(|c| {
            (
                c.screenings.first().map(|s| s.id.clone()),
                c.referrals.first().map(|r| r.id.clone()),
            )
        })
        .collect();
    for (bc, &(id_mode, idx, rev, s_mode, r_mode, j, note)) in p.cases.iter().zip(ops) {
        let mut bc = bc.clone();
        let pick = |v: &[String], i: u8| v[i as usize % v.len()].clone();
        match id_mode % 4 {
            0 => continue,
            1 => {}
            2 => bc.record.id = uuid::Uuid::now_v7().to_string(),
            _ => bc.record.id = pick(&w.desk_cases, idx),
        }
        match rev % 16 {
            0..=7 => {}
            8..=14 => bc.revision = "2999-01-01T00:00:00.000Z".into(),
            _ => bc.revision = "2000-01-01T00:00:00.000Z".into(),
        }
        if note {
            bc.record.notes = format!("ghi chú {idx}");
        }
        let other = &others[j as usize % others.len()];
        for s in &mut bc.screenings {
            s.case_id = bc.record.id.clone();
        }
        for r in &mut bc.referrals {
            r.case_id = bc.record.id.clone();
        }
        if let Some(s) = bc.screenings.first_mut() {
            match s_mode % 4 {
                0 => {}
                1 => s.id = uuid::Uuid::now_v7().to_string(),
                2 => s.id = pick(&w.desk_screenings, j),
                _ => {
                    if let Some(o) = &other.0 {
                        s.id = o.clone();
                    }
                }
            }
        }
        if let Some(r) = bc.referrals.first_mut() {
            match r_mode % 4 {
                0 => {}
                1 => r.id = uuid::Uuid::now_v7().to_string(),
                2 => r.id = pick(&w.desk_referrals, j),
                _ => {
                    if let Some(o) = &other.1 {
                        r.id = o.clone();
                    }
                }
            }
        }
        out.push(bc);
    }
    p.cases = out;
    p
}

#[test]
fn random_bundles_never_change_a_record_the_preview_did_not_list() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("post");
    let desk = tmp.path().join("desk");
    demo::create_demo_vault(&post, POST, 16, 3).unwrap();
    demo::create_demo_vault(&desk, DESK, 24, 4).unwrap();
    let base = {
        let v = unlock_as(&post, POST);
        let p = v.bundle_payload("passphrase", false).unwrap();
        v.close_quietly();
        p
    };
    // The desk imported the first ten cases once, then edited two of them.
    {
        let mut d = unlock_as(&desk, DESK);
        let mut first = base.clone();
        first.cases.truncate(10);
        d.apply_import(&first, SENDER).unwrap();
        for bc in &first.cases[..2] {
            let view = d.read_case(&bc.record.id).unwrap();
            let mut r = view.record.clone();
            r.notes = "sửa tại tỉnh".into();
            d.update_case(&mut r, view.version).unwrap();
        }
        d.close_quietly();
    }
    let world = {
        let d = unlock_as(&desk, DESK);
        let ids = |sql: &str| -> Vec<String> {
            let mut s = d.conn().prepare(sql).unwrap();
            s.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let w = World {
            base: base.clone(),
            desk_cases: ids("SELECT id FROM cases WHERE created_by <> 'import' ORDER BY id"),
            desk_screenings: ids("SELECT id FROM screenings ORDER BY id"),
            desk_referrals: ids("SELECT id FROM referrals ORDER BY id"),
        };
        d.close_quietly();
        w
    };
    assert!(!world.desk_referrals.is_empty() && !world.desk_screenings.is_empty());

    let op = (
        0u8..4,
        any::<u8>(),
        0u8..16,
        0u8..4,
        0u8..4,
        any::<u8>(),
        any::<bool>(),
    );
    let strategy = proptest::collection::vec(op, base.cases.len());
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let round = std::cell::Cell::new(0);
    let (applied, conflicts) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(&strategy, |ops| {
            round.set(round.get() + 1);
            let p = mutate(&world, &ops);
            if tiepnhan::domain::bundle::validate(&p).is_err() {
                return Ok(());
            }
            let dir = tmp.path().join(format!("round{}", round.get()));
            copy_dir(&desk, &dir);
            let mut d = unlock_as(&dir, DESK);
            let before = snapshot(&d);
            let preview = d.preview_import(&p, SENDER);
            let applied_preview = d.apply_import(&p, SENDER);
            let after = snapshot(&d);
            d.close_quietly();
            let preview = match (preview, applied_preview) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(&a, &b, "the import did what its preview said");
                    a
                }
                (Err(_), Err(_)) => {
                    prop_assert_eq!(&before, &after, "a refused import changed the vault");
                    return Ok(());
                }
                (a, b) => {
                    return Err(TestCaseError::fail(format!(
                        "preview {:?} but import {:?}",
                        a.map(|_| ()),
                        b.map(|_| ())
                    )));
                }
            };
            applied.set(applied.get() + 1);
            conflicts.set(conflicts.get() + preview.conflicts);
            let allowed = listed(&preview);
            for (t, name) in ["cases", "screenings", "referrals"].iter().enumerate() {
                let keys: BTreeSet<&String> = before[t].keys().chain(after[t].keys()).collect();
                for k in keys {
                    if before[t].get(k) != after[t].get(k) {
                        prop_assert!(
                            allowed[t].contains(k),
                            "{} row {} changed but the preview did not list it: {:?}",
                            name,
                            k,
                            preview.items
                        );
                    }
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
            Ok(())
        })
        .unwrap();
    assert!(applied.get() >= 8, "only {} bundles applied", applied.get());
    assert!(conflicts.get() > 0, "no conflict was ever produced");
}

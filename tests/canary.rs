//! The canary scan: a marker entered through every input path (batch, case
//! fields, screening notes and decision, referral, drafts, account names,
//! search, exports, printing, backup) never appears in plain bytes in the
//! vault folder, the temp folder or the exports folder: not while it is in
//! use, and not after it is deleted.
//!
//! One test in its own binary, because it points TMPDIR at a folder of its own.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use tiepnhan::domain::security::Role;
use tiepnhan::domain::text;
use tiepnhan::vault::Vault;
use tiepnhan::vault::cases::{CaseQuery, SortOrder};

const PASS: &str = "mật khẩu canary 2026";

/// The forms the marker could take in a file: as typed (NFC), decomposed,
/// folded for search, upper-cased, and as UTF-16 (Windows APIs, PDFs).
fn needles(canary: &str) -> Vec<(String, Vec<u8>)> {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = canary.nfd().collect();
    let utf16: Vec<u8> = canary
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let utf16be: Vec<u8> = canary
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    vec![
        ("nfc".into(), canary.as_bytes().to_vec()),
        ("nfd".into(), nfd.into_bytes()),
        ("folded".into(), text::fold(canary).into_bytes()),
        ("upper".into(), canary.to_uppercase().into_bytes()),
        ("ascii core".into(), b"QXCANARY".to_vec()),
        ("ascii core lower".into(), b"qxcanary".to_vec()),
        ("utf-16le".into(), utf16),
        ("utf-16be".into(), utf16be),
    ]
}

fn scan(places: &[&Path], canary: &str, when: &str) {
    for dir in places {
        for (form, needle) in needles(canary) {
            let hits = files_containing(dir, &needle);
            assert!(
                hits.is_empty(),
                "{when}: the marker ({form}) is readable in {hits:?}"
            );
        }
    }
}

fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

#[test]
fn a_marker_entered_everywhere_is_never_readable_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let own_tmp = tmp.path().join("tmp");
    std::fs::create_dir(&own_tmp).unwrap();
    // SAFETY: this binary holds this one test; nothing else reads the environment concurrently.
    unsafe { std::env::set_var("TMPDIR", &own_tmp) };
    assert_eq!(std::env::temp_dir(), own_tmp);

    let dir = tmp.path().join("vault");
    let summary = tiepnhan::demo::create_demo_vault(&dir, PASS, 60, 3).unwrap();
    let exports = dir.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let canary = "Đặng Thị QXCANARY Huyền";
    let today = chrono::Local::now().date_naive();

    let mut v = Vault::unlock(&dir, "demo", PASS, chrono::Utc::now()).unwrap();
    // A case with an approved referral (exportable), renamed to the marker
    // and with the marker in every free-text field.
    let number = &summary.sample_case_numbers[0];
    let case_id = v.case_id_by_number(number).unwrap();
    let mut view = v.open_case(&case_id).unwrap();
    let c = &mut view.record;
    c.identity.full_name = canary.into();
    c.identity.other_names = canary.into();
    c.notes = format!("Ghi chú: {canary}");
    c.address.as_on_papers = format!("Thôn {canary}");
    c.address.detail = canary.into();
    c.family.name = canary.into();
    c.family.address = canary.into();
    c.journey.recruiter_contacts = canary.into();
    c.journey.employer = canary.into();
    c.journey.how_recruited = canary.into();
    c.journey.exit_gate = canary.into();
    c.place = canary.into();
    v.update_case(c, view.version).unwrap();

    // A new case typed with the marker, and a batch.
    let mut batch = v
        .open_batch(view.record.batch_id.as_deref().unwrap())
        .unwrap()
        .0;
    batch.handing_party = format!("Bàn giao bởi {canary}");
    batch.notes = canary.into();
    v.update_batch(&mut batch).unwrap();
    let mut fresh = view.record.clone();
    fresh.id = String::new();
    fresh.number = String::new();
    fresh.person_id = String::new();
    // A case the form creates belongs to no batch (the demo's batches have
    // their reception records issued and take no one more).
    fresh.batch_id = None;
    fresh.identity.id_number = String::new();
    fresh.identity.passport_number = String::new();
    v.create_case(&mut fresh).unwrap();

    // Screening notes and a decision reason, on a case not yet screened.
    let (queue, _) = v.screening_queue(5).unwrap();
    let target = queue.first().expect("an unscreened case").case_id.clone();
    let mut notes = BTreeMap::new();
    notes.insert("DR01".to_string(), canary.to_string());
    let input = tiepnhan::domain::screening::ScreeningInput {
        age_years: Some(24),
        age_uncertain: false,
        exploitation: tiepnhan::domain::screening::Exploitation::Labour,
        moved_by_someone: Some(true),
        answers: BTreeMap::new(),
        purposes: Default::default(),
    };
    let s = v
        .save_screening(&target, None, &input, &notes, &Default::default())
        .unwrap();
    v.record_decision(
        &s.id,
        tiepnhan::domain::screening::Decision::NeedsVerification,
        &format!("Lý do: {canary}"),
    )
    .unwrap();

    // The referral's free text.
    let mut r = v.referrals_of(&case_id).unwrap().remove(0);
    r.wishes = canary.into();
    r.protection_concerns = canary.into();
    let _ = v.save_referral(&mut r);

    // Drafts, an account, a search.
    v.save_draft("case:new", &format!("{{\"full_name\":\"{canary}\"}}"))
        .unwrap();
    v.create_user("canary", canary, Role::Officer, PASS)
        .unwrap();
    let q = CaseQuery {
        text: canary.into(),
        sort: SortOrder::Newest,
        ..CaseQuery::default()
    };
    let found = v.search_cases(&q, today).unwrap();
    assert!(found.total >= 1, "the marker case is found by search");
    v.close_quietly();

    // Exports: the referral package (AES zip), the anonymised dataset, a backup.
    let pkg = exports.join("package.zip");
    run_ok(
        &[
            "export",
            "referral",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "demo",
            "--case",
            number,
            "--out",
            pkg.to_str().unwrap(),
        ],
        &format!("{PASS}\n"),
    );
    assert!(pkg.exists());
    run_ok(
        &[
            "report",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "demo",
            "--format",
            "dataset",
            "--from",
            "2000-01-01",
            "--to",
            "2100-12-31",
            "--out",
            exports.join("dataset.csv").to_str().unwrap(),
        ],
        &format!("{PASS}\n"),
    );
    let backups = tmp.path().join("usb");
    std::fs::create_dir(&backups).unwrap();
    run_ok(
        &[
            "backup",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "demo",
            "--out",
            backups.to_str().unwrap(),
        ],
        &format!("{PASS}\n"),
    );
    // No file anywhere is named after the person.
    for f in all_files(tmp.path()) {
        let name = f.to_string_lossy().to_lowercase();
        assert!(
            !name.contains("qxcanary") && !name.contains("dang"),
            "{name}"
        );
    }

    // Printing: the PDF for the system viewer exists only until the vault is locked.
    let mut v = Vault::unlock(&dir, "demo", PASS, chrono::Utc::now()).unwrap();
    let pdf = tiepnhan::app::documents::build(
        &mut v,
        &tiepnhan::app::documents::Doc::Reception(batch.id.clone()),
        true,
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let copies =
        tiepnhan::vault::print_copies::PrintCopies::open_in(&tmp.path().join("print")).unwrap();
    let printed = copies.write(&pdf, "pdf").unwrap();
    let print_dir = copies.dir().to_path_buf();

    let places = [
        dir.as_path(),
        own_tmp.as_path(),
        exports.as_path(),
        backups.as_path(),
    ];
    // While in use (the print file excepted: it is the one plain copy the
    // officer asked for, and is checked to be gone below).
    std::fs::rename(&printed, tmp.path().join("printed.pdf")).unwrap();
    scan(&places, canary, "while in use");
    std::fs::rename(tmp.path().join("printed.pdf"), &printed).unwrap();

    // Deletion: the draft is discarded, the notes are edited away, the vault is locked.
    v.delete_draft("case:new").unwrap();
    let mut view = v.open_case(&case_id).unwrap();
    view.record.notes = String::new();
    v.update_case(&mut view.record, view.version).unwrap();
    v.lock().unwrap();
    assert_eq!(copies.wipe(), 1);
    assert!(
        all_files(&print_dir).is_empty(),
        "the print file outlived the lock"
    );
    scan(&places, canary, "after deletion and lock");
    // And the TMPDIR holds nothing at all from us.
    assert!(all_files(&own_tmp).is_empty(), "{:?}", all_files(&own_tmp));
}

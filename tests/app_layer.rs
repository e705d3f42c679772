//! One use case, two ways in: the period report written by `tiepnhan report`
//! (the CLI) and by the use case the window calls (`app::reports::export`)
//! are the same file, byte for byte, for every format that has no creation
//! time inside. And a save that bypasses the form is still validated.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use tiepnhan::app::reports::{self, Format};
use tiepnhan::i18n::Lang;

#[test]
fn the_cli_and_the_window_export_the_same_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    demo_vault(&dir, 120);
    let (from, to) = (
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2030, 12, 31).unwrap(),
    );
    for format in [Format::Csv, Format::Dataset] {
        let out = tmp.path().join(format!("cli.{}", format.ext()));
        as_demo_ok(
            &dir,
            &[
                "report",
                "--from",
                "2020-01-01",
                "--to",
                "2030-12-31",
                "--format",
                format.key(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let cli = std::fs::read(&out).unwrap();
        let mut v =
            tiepnhan::vault::Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
        let window = reports::export(&mut v, from, to, format, Lang::Vi).unwrap();
        v.close_quietly();
        assert!(!cli.is_empty());
        assert_eq!(
            cli, window.bytes,
            "{format:?} differs between the CLI and the window"
        );
    }
}

#[test]
fn a_save_that_bypasses_the_form_is_validated() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = new_vault(&tmp.path().join("v"));
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = "Lê Thị Hợp Lệ".into();
    c.identity.birth_year = Some(1995);
    c.identity.id_number = "0791".into();
    let today = chrono::Local::now().date_naive();
    let e = tiepnhan::app::cases::save(&mut v, c.clone(), None, today).unwrap_err();
    assert!(
        matches!(&e, tiepnhan::app::AppError::Invalid(p) if p.iter().any(|x| x.field == "id_number")),
        "{e}"
    );
    let e = v.create_case(&mut c).unwrap_err();
    assert!(
        e.to_string().contains("id_number"),
        "the vault refuses it too: {e}"
    );
    c.identity.id_number = "079123456789".into();
    let saved = tiepnhan::app::cases::save(&mut v, c, None, today).unwrap();
    assert!(!saved.number.is_empty());
    v.close_quietly();
}

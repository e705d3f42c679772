//! Intake as an officer does it (iced_test, tiny-skia): a batch of three people
//! typed row by row with Enter and saved with Ctrl+S, the duplicate-ID alert,
//! a case opened and its journey filled and saved, the case found again by a
//! query typed without diacritics; and typing that survives a killed process.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::case_form;
use tiepnhan::ui::screens::{batches, cases, shell};
use tiepnhan::ui::{App, KeyAction, Message};

const EXISTING_ID: &str = "072099012345";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

fn key(rt: &tokio::runtime::Runtime, app: &mut App, k: KeyAction) {
    let t = app.update(Message::Key(k));
    settle(rt, app, t);
}

#[test]
fn a_batch_by_keyboard_then_a_case_journey_then_a_folded_search() {
    // A person received last year, with an ID card number.
    let mut old = case_with("Trần Văn Cũ", |c| {
        c.identity.age_uncertain = true;
        c.identity.id_number = EXISTING_ID.into();
        c.received_on = Some(chrono::Local::now().date_naive() - chrono::Duration::days(300));
    });
    let (_tmp, dir) = vault_with([&mut old]);
    let old_number = old.number.clone();

    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "batch-new"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, batches::ID_HANDING, "Cảnh sát tỉnh Svay Rieng", false);
    feed(&rt, &mut app, m);

    let people = [
        ("Nguyễn Thị Hoa", "nữ", "24", "Tây Ninh", ""),
        ("Lê Văn Bình", "nam", "31", "An Giang", EXISTING_ID),
        ("Phạm Đức Anh", "nam", "16", "Đồng Tháp", ""),
    ];
    for (i, (name, sex, age, province, doc)) in people.iter().enumerate() {
        let last = i == people.len() - 1;
        for (col, value) in [
            ("name", *name),
            ("sex", *sex),
            ("age", *age),
            ("province", *province),
            ("document", *doc),
        ] {
            if value.is_empty() && col != "document" {
                continue;
            }
            let id: &'static str = Box::leak(batches::row_id(i, col).into_boxed_str());
            // Enter on the last cell of a row opens the next row.
            let enter = col == "document" && !last;
            let m = type_into(&app, id, value, enter);
            feed(&rt, &mut app, m);
        }
    }
    // The ID card number already in the vault is named under its row while
    // typing, before anything is created.
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s.contains(&old_number) && s.contains("Trần Văn Cũ")),
        "no duplicate warning in the row: {shown:?}"
    );
    // Saving waits for the officer to say who this is.
    key(&rt, &mut app, KeyAction::Save);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "batch-dup-undecided", count = 1)),
        "saved without a decision: {shown:?}"
    );
    // The same person received again.
    let m = click_text(&app, &t!(Lang::Vi, "dup-repeat-return"));
    feed(&rt, &mut app, m);
    key(&rt, &mut app, KeyAction::Save);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "batch-saved-title", count = 3)),
        "the batch was not saved: {shown:?}"
    );
    // Each new case number stands beside the person it was given to, so the
    // officer can hand each one their notice.
    for (name, ..) in &people {
        assert!(shown.iter().any(|s| s == name), "{name} not in {shown:?}");
    }
    {
        // The new case and the earlier one are the same person now.
        let tiepnhan::ui::State::Unlocked(shell) = &app.state else {
            panic!("locked")
        };
        let persons: i64 = shell
            .session
            .db
            .with(|v| {
                Ok(v.conn().query_row(
                    "SELECT count(DISTINCT person_id) FROM cases WHERE id_number = ?1",
                    [EXISTING_ID],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(
            persons, 1,
            "the repeat return is linked to the earlier case"
        );
    }

    // Open the first case and fill its journey.
    let m = click_text(&app, &t!(Lang::Vi, "batch-open-case"));
    feed(&rt, &mut app, m);
    assert!(texts(&app).iter().any(|s| s == "Nguyễn Thị Hoa"));
    let m = click_text(&app, &t!(Lang::Vi, "case-section-journey"));
    feed(&rt, &mut app, m);
    for (f, value) in [
        ("exit_date", "15/03/2025"),
        ("exit_gate", "Đường mòn gần cửa khẩu Mộc Bài"),
        ("destination_country", "Campuchia"),
        ("destination_place", "Sihanoukville"),
        ("employer", "Khu tổ hợp lừa đảo trực tuyến"),
        (
            "how_recruited",
            "Quảng cáo việc làm lương cao trên Facebook",
        ),
        ("months_abroad", "8"),
    ] {
        let m = type_into(&app, case_form::widget_id(f), value, false);
        feed(&rt, &mut app, m);
    }
    key(&rt, &mut app, KeyAction::Save);
    let shown = texts(&app);
    assert!(
        shown.iter().any(|s| s.starts_with("Đã lưu hồ sơ")),
        "the case was not saved: {shown:?}"
    );

    // Found again by a query typed without diacritics.
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    let m = type_into(&app, cases::ID_SEARCH, "nguyen thi hoa", true);
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(shown.iter().any(|s| s == "Nguyễn Thị Hoa"), "{shown:?}");
    assert!(
        !shown.iter().any(|s| s == "Lê Văn Bình"),
        "the search did not filter"
    );

    // The journey is in the vault as typed.
    key(&rt, &mut app, KeyAction::Lock);
    let mut v = unlock(&dir, "admin");
    let page = cases_matching(&mut v, "hoa");
    let id = page.rows[0].id.clone();
    let c = v.read_case(&id).unwrap().record;
    assert_eq!(c.journey.destination_country, "Campuchia");
    assert_eq!(c.journey.months_abroad, Some(8));
    assert_eq!(
        c.journey.exit_date,
        chrono::NaiveDate::from_ymd_opt(2025, 3, 15)
    );
    assert_eq!(c.identity.full_name, "Nguyễn Thị Hoa");
    v.close_quietly();
}

#[test]
fn a_killed_app_keeps_what_was_typed_up_to_the_last_autosave() {
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = unlocked_app(&dir);
    new_case_named(&rt, &mut app, "Hà Thị Đang Gõ");
    // The 3-second autosave tick.
    let t = app.update(Message::Autosave);
    settle(&rt, &mut app, t);
    // The process dies: no lock, no clean shutdown. The vault lock is released
    // with the process; here, with the app value.
    drop(app);
    drop(rt);
    let v = unlock(&dir, "admin");
    let drafts = v.list_drafts().unwrap();
    assert_eq!(drafts.len(), 1, "no draft after the autosave");
    assert!(
        v.load_draft(&drafts[0].0)
            .unwrap()
            .unwrap()
            .contains("Hà Thị Đang Gõ")
    );
    v.close_quietly();
}

/// The case form open in the shell, if any.
fn open_case(app: &App) -> Option<&case_form::CaseForm> {
    match &app.state {
        tiepnhan::ui::State::Unlocked(s) => match &s.detail {
            Some(shell::Detail::Case(f)) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn a_case_edit_survives_the_sidebar() {
    let mut c = case_with("Lò Văn Sửa", |c| c.identity.birth_year = Some(1990));
    let (_tmp, dir) = vault_with([&mut c]);
    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, "Lò Văn Sửa");
    feed(&rt, &mut app, m);
    // The officer corrects the name (unsaved) and leaves by the sidebar.
    // (The field holds the name: the correction is typed at its end.)
    let m = type_into(&app, case_form::ID_FULL_NAME, " Đổi", false);
    feed(&rt, &mut app, m);
    assert_eq!(open_case(&app).unwrap().get("full_name"), "Lò Văn Sửa Đổi");
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    // Back in Cases: the edit is waiting, and "Tiếp tục nhập" reopens it.
    if open_case(&app).is_none() {
        let shown = texts(&app);
        let resume = t!(Lang::Vi, "cases-draft-resume");
        assert!(
            shown.iter().any(|s| s == &resume),
            "the unsaved edit is offered again: {shown:?}"
        );
        let m = click_text(&app, &resume);
        feed(&rt, &mut app, m);
    }
    assert_eq!(
        open_case(&app).expect("the case form").get("full_name"),
        "Lò Văn Sửa Đổi",
        "the edit survives the sidebar"
    );
}

#[test]
fn locking_while_a_new_case_is_created_leaves_no_draft_to_create_it_again() {
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = unlocked_app(&dir);
    new_case_named(&rt, &mut app, "Lò Văn Khóa");
    let form = |m| Message::Shell(shell::Message::CaseForm(m));
    let _ = app.update(form(case_form::Message::Text("age_estimate", "30".into())));
    // The 3-second autosave has kept the typing as a draft.
    let t = app.update(Message::Autosave);
    settle(&rt, &mut app, t);
    // Ctrl+S: no one alike (the duplicate check's answer), so the case is
    // being written when the officer presses Ctrl+L.
    let _check = app.update(form(case_form::Message::Save));
    let save = app.update(form(case_form::Message::Checked(Ok(Vec::new()))));
    let lock = app.update(Message::Key(KeyAction::Lock));
    settle(&rt, &mut app, save);
    settle(&rt, &mut app, lock);
    let mut v = unlock(&dir, "admin");
    let page = cases_matching(&mut v, "khoa");
    assert_eq!(page.rows.len(), 1, "the case is created once");
    let drafts = v.list_drafts().unwrap();
    assert!(
        drafts.is_empty(),
        "a draft resumed after sign-in would create it again: {drafts:?}"
    );
    v.close_quietly();
}

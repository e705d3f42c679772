//! A handover list imported in the window as an officer does it (iced_test,
//! tiny-skia): the new batch's header typed, the list file read, its
//! columns, converted TCVN3 text, flagged rows (a person already in the
//! vault, a name without diacritics, a person listed twice, a row with a
//! problem) shown before anything is created; a column changed; nothing
//! written until confirmed; then every person in one transaction with one
//! audit event; and the list written back as XLSX.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use rust_xlsxwriter::Workbook;
use tiepnhan::domain::handover_list::Field;
use tiepnhan::domain::legacy_text::{self, Legacy};
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::batches::{self, Mode, import};
use tiepnhan::ui::screens::shell;
use tiepnhan::ui::widgets::Choice;
use tiepnhan::ui::{App, Message, State};

const EXISTING_ID: &str = "072099012345";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

fn shell(app: &App) -> &shell::Shell {
    let State::Unlocked(s) = &app.state else {
        panic!("locked")
    };
    s
}

fn list_import(app: &App) -> &import::ListImport {
    match &shell(app).batches.mode {
        Mode::Import(i) => i,
        _ => panic!("not on the import screen"),
    }
}

fn count(app: &App, sql: &str) -> i64 {
    shell(app)
        .session
        .db
        .with(|v| Ok(v.conn().query_row(sql, [], |r| r.get(0))?))
        .unwrap()
}

/// The list as a .VnTime sheet saves it: every text cell in TCVN3.
fn tcvn3_list(path: &std::path::Path) {
    let enc = |t: &str| legacy_text::encode(t, Legacy::Tcvn3);
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Quê quán",
        "Số CCCD",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, enc(h)).unwrap();
    }
    let rows = [
        ("Nguyễn Thị Hoa", "Nữ", 1998, "Tây Ninh", ""),
        ("Lê Văn Bình", "Nam", 1990, "An Giang", EXISTING_ID),
        ("NGUYEN VAN NAM", "Nam", 1995, "Long An", ""),
        ("Phạm Thị Lỗi", "Không biết", 1992, "Đồng Tháp", ""),
        ("Nguyễn Thị Hoa", "Nữ", 1998, "Tây Ninh", ""),
    ];
    for (i, (name, sex, year, home, id)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        s.write_number(r, 0, (i + 1) as f64).unwrap();
        s.write_string(r, 1, enc(name)).unwrap();
        s.write_string(r, 2, enc(sex)).unwrap();
        s.write_number(r, 3, f64::from(*year)).unwrap();
        s.write_string(r, 4, enc(home)).unwrap();
        if !id.is_empty() {
            s.write_string(r, 5, *id).unwrap();
        }
    }
    std::fs::write(path, wb.save_to_buffer().unwrap()).unwrap();
}

fn column(app: &mut App, rt: &tokio::runtime::Runtime, col: usize, field: Option<Field>) {
    let m = Message::Shell(shell::Message::Batches(batches::Message::Import(
        import::Message::Column(
            col,
            Choice {
                value: field,
                label: String::new(),
            },
        ),
    )));
    feed(rt, app, vec![m]);
}

#[test]
fn a_tcvn3_list_previewed_checked_and_imported_in_one_step() {
    let mut old = case_with("Lê Văn Bình", |c| {
        c.identity.age_uncertain = true;
        c.identity.id_number = EXISTING_ID.into();
        c.received_on = Some(chrono::Local::now().date_naive() - chrono::Duration::days(200));
    });
    let (tmp, dir) = vault_with([&mut old]);
    let old_number = old.number.clone();
    let list = tmp.path().join("danh-sach.xlsx");
    tcvn3_list(&list);

    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "batch-new"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, batches::ID_HANDING, "Cảnh sát tỉnh Svay Rieng", false);
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "list-import"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, import::ID_PATH, list.to_str().unwrap(), true);
    feed(&rt, &mut app, m);

    let shown = texts(&app);
    let has = |s: &str| shown.iter().any(|x| x.contains(s));
    // The columns, under their headers converted to Unicode.
    assert!(has("B · Họ và tên"), "{shown:?}");
    // (TCVN3 shares some codes between capitals and small letters: "Số" reads back "SỐ".)
    assert!(has("F · SỐ CCCD") || has("F · Số CCCD"), "{shown:?}");
    let p = list_import(&app).preview.clone().unwrap();
    assert_eq!(p.mapping.field_of(1), Some(Field::FullName));
    assert_eq!(p.mapping.field_of(5), Some(Field::IdNumber));
    // TCVN3 before -> after, for the officer to confirm.
    assert!(has("NguyÔn ThÞ Hoa"), "the text as in the file: {shown:?}");
    assert!(shown.iter().any(|x| x == "Nguyễn Thị Hoa"), "{shown:?}");
    // The person already in the vault, with the existing case number.
    let dup = t!(
        Lang::Vi,
        "list-dup-vault",
        reason = t!(Lang::Vi, "dup-same-id"),
        number = old_number.clone(),
        name = "Lê Văn Bình"
    );
    assert!(shown.contains(&dup), "{dup} not in {shown:?}");
    // Listed twice.
    assert!(
        has(&t!(
            Lang::Vi,
            "list-dup-list",
            line = 2,
            reason = t!(Lang::Vi, "list-dup-similar")
        )),
        "{shown:?}"
    );
    // A name without diacritics, in title case.
    assert!(shown.iter().any(|x| x == "Nguyen Van Nam"), "{shown:?}");
    assert!(
        has(&t!(Lang::Vi, "list-flag-name_without_diacritics")),
        "{shown:?}"
    );
    // The batch table's own message for a sex it cannot read.
    assert!(has("Giới tính:"), "{shown:?}");
    // Nothing is written yet.
    assert_eq!(count(&app, "SELECT count(*) FROM cases"), 1);

    // The officer leaves the ID column out: the match goes; back: it returns.
    column(&mut app, &rt, 5, None);
    assert!(!texts(&app).contains(&dup));
    column(&mut app, &rt, 5, Some(Field::IdNumber));
    assert!(texts(&app).contains(&dup));

    // Confirming waits for the conversions to be checked, then for a word
    // about the row with a problem.
    let confirm = t!(Lang::Vi, "list-confirm", count = 4);
    let m = click_text(&app, &confirm);
    feed(&rt, &mut app, m);
    assert!(texts(&app).contains(&t!(Lang::Vi, "list-conversions-needed")));
    let m = click_text(&app, &t!(Lang::Vi, "list-conversions-ok"));
    feed(&rt, &mut app, m);
    let m = click_text(&app, &confirm);
    feed(&rt, &mut app, m);
    assert!(texts(&app).contains(&t!(Lang::Vi, "list-invalid-block", count = 1)));
    assert_eq!(count(&app, "SELECT count(*) FROM cases"), 1);
    let m = click_text(&app, &t!(Lang::Vi, "list-skip-invalid", count = 1));
    feed(&rt, &mut app, m);
    let m = click_text(&app, &confirm);
    feed(&rt, &mut app, m);

    // The batch, with its people.
    let Mode::Detail { batch, people } = &shell(&app).batches.mode else {
        panic!("not on the batch: {:?}", texts(&app))
    };
    let number = batch.number.clone();
    assert_eq!(people.len(), 4);
    let shown = texts(&app);
    assert!(
        shown.contains(&t!(
            Lang::Vi,
            "list-imported-skipped",
            count = 4,
            number = number.clone(),
            skipped = 1
        )),
        "{shown:?}"
    );
    assert_eq!(batch.handing_party, "Cảnh sát tỉnh Svay Rieng");
    assert_eq!(count(&app, "SELECT count(*) FROM cases"), 5);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit WHERE action = 'list_imported'"
        ),
        1
    );

    // The list back, in its own columns.
    let m = click_text(&app, &t!(Lang::Vi, "list-export"));
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    let saved = shown
        .iter()
        .find(|s| s.starts_with("Đã xuất danh sách 4 người"))
        .unwrap_or_else(|| panic!("{shown:?}"));
    let path = saved.rsplit(": ").next().unwrap();
    let book = tiepnhan::export::sheet_reader::read_path(std::path::Path::new(path), None).unwrap();
    let cells: Vec<String> = book
        .grid
        .rows
        .iter()
        .flatten()
        .map(|c| c.display())
        .collect();
    assert!(cells.iter().any(|c| c == "Nguyễn Thị Hoa"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "Họ và tên"), "{cells:?}");

    // Names NFC, found by a folded search.
    let t = app.update(Message::Key(tiepnhan::ui::KeyAction::Lock));
    settle(&rt, &mut app, t);
    let mut v = unlock(&dir, "admin");
    let page = v
        .search_cases(
            &tiepnhan::vault::cases::CaseQuery {
                text: "nguyen thi hoa".into(),
                per_page: 10,
                ..Default::default()
            },
            chrono::Local::now().date_naive(),
        )
        .unwrap();
    assert_eq!(
        page.rows.len(),
        2,
        "both rows of Nguyễn Thị Hoa were imported"
    );
    assert!(page.rows.iter().all(|r| r.full_name == "Nguyễn Thị Hoa"));
    v.close_quietly();
}

#[test]
fn a_file_that_is_not_a_list_is_refused_and_writes_nothing() {
    let (tmp, dir) = empty_vault();
    let list = tmp.path().join("hong.xlsx");
    let mut bytes = Vec::new();
    {
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "Họ tên").unwrap();
        bytes.extend(wb.save_to_buffer().unwrap());
    }
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&list, &bytes).unwrap();

    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "batch-new"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, batches::ID_HANDING, "Cảnh sát tỉnh Svay Rieng", false);
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "list-import"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, import::ID_PATH, list.to_str().unwrap(), true);
    feed(&rt, &mut app, m);
    assert!(
        texts(&app).contains(&t!(Lang::Vi, "list-error-unreadable")),
        "{:?}",
        texts(&app)
    );
    assert!(list_import(&app).preview.is_none());
    assert_eq!(count(&app, "SELECT count(*) FROM cases"), 0);
    // Back to the batch being typed, its header kept.
    let m = click_text(&app, &t!(Lang::Vi, "case-back"));
    feed(&rt, &mut app, m);
    assert!(matches!(shell(&app).batches.mode, Mode::New));
    assert!(texts(&app).iter().any(|s| s == "Cảnh sát tỉnh Svay Rieng"));
}

#[test]
fn a_batch_whose_reception_record_is_issued_takes_no_more_people() {
    let (_tmp, dir) = empty_vault();
    let mut v = unlock(&dir, "admin");
    batch_of(
        &mut v,
        &[("Trần Văn Hùng", tiepnhan::domain::case::Sex::Male, "30")],
    );
    let (id, batch_number): (String, String) = {
        let id = value(&v, "SELECT id FROM batches");
        (id, value(&v, "SELECT number FROM batches"))
    };
    v.close_quietly();

    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let open = || {
        Message::Shell(shell::Message::Batches(batches::Message::OpenBatch(
            id.clone(),
        )))
    };
    feed(&rt, &mut app, vec![open()]);
    // Before the record is printed: the officer is told printing closes the
    // list, and more people can still be imported.
    let closes = t!(Lang::Vi, "batch-reception-closes");
    assert!(texts(&app).contains(&closes), "{:?}", texts(&app));
    let m = click_text(&app, &t!(Lang::Vi, "list-import-more"));
    feed(&rt, &mut app, m);
    assert!(matches!(&shell(&app).batches.mode, Mode::Import(_)));

    // Back on the batch, the record is printed: the detail learns it is issued.
    feed(&rt, &mut app, vec![open()]);
    let (number, on) = {
        let State::Unlocked(s) = &app.state else {
            panic!("locked")
        };
        s.session
            .db
            .with(|v| Ok(issue_the_reception(v)))
            .map(|(_, n, on)| (n, on))
            .unwrap()
    };
    let printed = tiepnhan::ui::print::Done {
        path: std::path::PathBuf::from("bien-ban-tiep-nhan.pdf"),
        opened: true,
    };
    let done = Message::Shell(shell::Message::DocumentDone(Ok(printed)));
    feed(&rt, &mut app, vec![done]);
    let paper = format!("số {} ngày {}", number.trim(), on.format("%d/%m/%Y"));
    let hint = t!(Lang::Vi, "batch-reception-issued", paper = paper.clone());
    assert!(texts(&app).contains(&hint), "{:?}", texts(&app));
    assert!(!texts(&app).contains(&closes));
    // "Import more" is not offered.
    assert!(click_text(&app, &t!(Lang::Vi, "list-import-more")).is_empty());
    // Asked for anyway, it is refused with why.
    let more = Message::Shell(shell::Message::Batches(batches::Message::ImportInto(
        id.clone(),
        batch_number,
    )));
    feed(&rt, &mut app, vec![more]);
    let refused = t!(Lang::Vi, "error-reception-issued", paper = paper);
    assert!(
        texts(&app).iter().any(|t| t.contains(&refused)),
        "{:?}",
        texts(&app)
    );
    assert!(matches!(&shell(&app).batches.mode, Mode::Detail { .. }));
}

//! Identity read from papers in the window (iced_test, tiny-skia): a CCCD's
//! QR line typed by a scanner into the batch table fills the row and the
//! saved case (old ID number and address too); a number that disagrees
//! with the card's or the typed sex is a warning under the row; a passport
//! MRZ with a wrong check digit names the field; in the case form a pasted
//! line fills the identity.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::domain::identity::Td3;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::batches::{self, Col};
use tiepnhan::ui::screens::shell;
use tiepnhan::ui::{App, KeyAction, Message, State};

const LINE: &str = "072090123456|123456789|Nguyễn Văn An|01011990|Nam|Ấp Thạnh Phước, xã Thạnh Đức, huyện Gò Dầu, tỉnh Tây Ninh|15042021";
/// The 4th digit says female (1), the card says Nam.
const LINE_SEX: &str = "072190123457||Trần Văn Bảo|02021990|Nam|Ấp 2, xã Long Thuận, huyện Bến Cầu, tỉnh Tây Ninh|15042021";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

fn batch(app: &mut App, rt: &tokio::runtime::Runtime, m: batches::Message) {
    feed(rt, app, vec![Message::Shell(shell::Message::Batches(m))]);
}

fn cell(row: usize, col: &str) -> &'static str {
    Box::leak(batches::row_id(row, col).into_boxed_str())
}

#[test]
fn a_scanned_cccd_fills_the_row_and_the_case() {
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "batch-new"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, batches::ID_HANDING, "Cảnh sát tỉnh Svay Rieng", false);
    feed(&rt, &mut app, m);

    // The scanner types the line into the name cell and ends with Enter.
    let m = type_into(&app, cell(0, "name"), LINE, true);
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    for v in [
        "Nguyễn Văn An",
        "Nam",
        "01/01/1990",
        "Tây Ninh",
        "072090123456",
    ] {
        assert!(shown.iter().any(|s| s == v), "{v} not filled: {shown:?}");
    }
    assert!(
        shown.contains(&t!(Lang::Vi, "id-filled-cccd", name = "Nguyễn Văn An")),
        "{shown:?}"
    );
    // Enter opened the next row, where the next scan goes.
    let m = type_into(&app, cell(1, "name"), LINE_SEX, true);
    feed(&rt, &mut app, m);
    let warning = t!(
        Lang::Vi,
        "id-warning-sex_digit",
        number = t!(Lang::Vi, "sex-female"),
        who = t!(Lang::Vi, "id-stated-card"),
        stated = t!(Lang::Vi, "sex-male")
    );
    let shown = texts(&app);
    assert!(shown.contains(&warning), "{warning} not in {shown:?}");
    assert!(shown.iter().any(|s| s == "Trần Văn Bảo"), "{shown:?}");

    // The officer corrects the sex by hand: the number agrees, the warning
    // about what was typed goes (the card's own disagreement stays named).
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(1, Col::Sex, "Nữ".into()),
    );
    let typed_warning = t!(
        Lang::Vi,
        "id-warning-sex_digit",
        number = t!(Lang::Vi, "sex-female"),
        who = t!(Lang::Vi, "id-stated-officer"),
        stated = t!(Lang::Vi, "sex-male")
    );
    assert!(!texts(&app).contains(&typed_warning));
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(1, Col::Sex, "Nam".into()),
    );
    assert!(texts(&app).contains(&typed_warning), "{:?}", texts(&app));

    // A passport MRZ with a wrong check digit in the number: the scanner's
    // Enter between the lines stays in the cell; the message names the field.
    let mrz = Td3 {
        surname: "LE",
        given_names: "THI MAI",
        number: "C7654321",
        nationality: "VNM",
        birth_yymmdd: "950607",
        sex: 'F',
        expiry_yymmdd: "320101",
        personal: "",
    }
    .build();
    let (l1, l2) = mrz.split_once('\n').unwrap();
    let mut bad2: Vec<char> = l2.chars().collect();
    bad2[9] = if bad2[9] == '0' { '1' } else { '0' };
    let bad2: String = bad2.into_iter().collect();
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(2, Col::Name, l1.into()),
    );
    batch(&mut app, &rt, batches::Message::RowSubmit(2));
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(2, Col::Name, format!("{l1}{bad2}")),
    );
    batch(&mut app, &rt, batches::Message::RowSubmit(2));
    let shown = texts(&app);
    let named = t!(
        Lang::Vi,
        "id-error-mrz_check",
        field = t!(Lang::Vi, "mrz-field-document_number")
    );
    assert!(shown.contains(&named), "{named} not in {shown:?}");
    // The right MRZ fills the row, the name for the officer to add marks to.
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(2, Col::Name, l1.into()),
    );
    batch(
        &mut app,
        &rt,
        batches::Message::Cell(2, Col::Name, format!("{l1}{l2}")),
    );
    let shown = texts(&app);
    assert!(shown.iter().any(|s| s == "Le Thi Mai"), "{shown:?}");
    assert!(shown.iter().any(|s| s == "C7654321"), "{shown:?}");

    let t = app.update(Message::Key(KeyAction::Save));
    settle(&rt, &mut app, t);
    assert!(
        texts(&app).contains(&t!(Lang::Vi, "batch-saved-title", count = 3)),
        "{:?}",
        texts(&app)
    );
    let t = app.update(Message::Key(KeyAction::Lock));
    settle(&rt, &mut app, t);
    let mut v = unlock(&dir, "admin");
    let page = v
        .search_cases(
            &tiepnhan::vault::cases::CaseQuery {
                text: "nguyen van an".into(),
                per_page: 10,
                ..Default::default()
            },
            chrono::Local::now().date_naive(),
        )
        .unwrap();
    let c = v.read_case(&page.rows[0].id).unwrap().record;
    assert_eq!(c.identity.full_name, "Nguyễn Văn An");
    assert_eq!(c.identity.id_number, "072090123456");
    assert_eq!(c.identity.old_id_number, "123456789");
    assert_eq!(
        c.identity.birth_date,
        chrono::NaiveDate::from_ymd_opt(1990, 1, 1)
    );
    assert!(c.address.as_on_papers.ends_with("tỉnh Tây Ninh"));
    v.close_quietly();
}

#[test]
fn a_pasted_cccd_line_fills_the_case_form() {
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = unlocked_app(&dir);
    new_case_named(&rt, &mut app, LINE);
    let State::Unlocked(s) = &app.state else {
        panic!("locked")
    };
    let Some(shell::Detail::Case(f)) = &s.detail else {
        panic!("no case form")
    };
    assert_eq!(f.get("full_name"), "Nguyễn Văn An");
    assert_eq!(f.get("id_number"), "072090123456");
    assert_eq!(f.get("old_id_number"), "123456789");
    assert_eq!(f.get("birth_date"), "01/01/1990");
    assert_eq!(f.get("sex"), "male");
    assert!(f.get("as_on_papers").ends_with("tỉnh Tây Ninh"));
    let shown = texts(&app);
    assert!(
        shown.contains(&t!(Lang::Vi, "id-filled-cccd", name = "Nguyễn Văn An")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|s| s == "123456789"),
        "the old ID is shown"
    );
}

//! The handover of people who are not victims, as an officer at a border
//! post does it in the window (iced_test, tiny-skia): on a demo vault, a
//! batch of four people screened as not victims; two of them handed to a
//! commune People's Committee with its representative and the time typed,
//! confirmed (Enter alone records nothing), then the rest to the police
//! of their home province as proposed; two records with the right people,
//! and papers that name the receiver, the typed times and both parties.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::ui::*;
use common::*;
use tiepnhan::app::documents::{Doc, build};
use tiepnhan::domain::org::Agency;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::batches::handover_form::{self, Pick, Text};
use tiepnhan::ui::screens::{batches, shell, unlock};
use tiepnhan::ui::widgets::Choice;
use tiepnhan::ui::{App, Message, State};
use tiepnhan::vault::Vault;

const COMMUNE: &str = "Ủy ban nhân dân xã Phước Chỉ";
const POLICE: &str = "Công an tỉnh An Giang";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

/// Scroll the form to its end, then act.
fn scrolled(app: &App, act: impl FnOnce(&mut iced_test::Simulator<'_, Message>)) -> Vec<Message> {
    use iced::mouse::{Event as Mouse, ScrollDelta};
    let mut ui = sim(app);
    ui.point_at((800.0, 500.0));
    let _ = ui.simulate([iced::Event::Mouse(Mouse::WheelScrolled {
        delta: ScrollDelta::Lines { x: 0.0, y: -40.0 },
    })]);
    act(&mut ui);
    ui.into_messages().collect()
}

fn type_scrolled(app: &App, t: Text, value: &str, enter: bool) -> Vec<Message> {
    scrolled(app, |ui| {
        ui.click(iced_test::selector::id(t.id()))
            .unwrap_or_else(|e| panic!("no field {t:?}: {e:?}"));
        let _ = ui.typewrite(value);
        if enter {
            let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
        }
    })
}

fn click_scrolled(app: &App, label: &str) -> Vec<Message> {
    scrolled(app, |ui| {
        ui.click(label)
            .unwrap_or_else(|e| panic!("no button {label:?}: {e:?}"));
    })
}

fn form(rt: &tokio::runtime::Runtime, app: &mut App, m: handover_form::Message) {
    let m = Message::Shell(shell::Message::Batches(batches::Message::HandoverForm(m)));
    feed(rt, app, vec![m]);
}

/// The records made for the batch.
fn records(app: &App, batch: &str) -> usize {
    let State::Unlocked(shell) = &app.state else {
        panic!("locked")
    };
    shell
        .session
        .db
        .with(|v| {
            Ok(v.conn().query_row(
                "SELECT count(*) FROM citizen_handovers WHERE batch_id = ?1",
                [batch],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .unwrap() as usize
}

fn today_at(h: u32, m: u32) -> String {
    format!(
        "{} {h:02}:{m:02}",
        chrono::Local::now().date_naive().format("%d/%m/%Y")
    )
}

fn pdftotext(pdf: &[u8], path: &std::path::Path) -> String {
    std::fs::write(path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn two_to_the_commune_the_rest_to_the_police_each_on_its_own_record() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    demo_vault(&dir, 30);
    let mut v = Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    v.set_user_title("demo", "Thiếu tá", "Phó Đồn trưởng")
        .unwrap();
    let commune = v
        .save_agency(&Agency {
            name: COMMUNE.into(),
            kind: "commune_committee".into(),
            active: true,
            province_code: Some(80),
            address: "Xã Phước Chỉ, tỉnh Tây Ninh".into(),
            ..Agency::default()
        })
        .unwrap();
    let people = [
        ("Lý Văn Một", 91),
        ("Lý Thị Hai", 91),
        ("Trần Văn Ba", 91),
        ("Đỗ Thị Bốn", 91),
    ];
    let (batch, ids) = not_victims_batch(&mut v, &people);
    let numbers: Vec<String> = ids
        .iter()
        .map(|id| v.read_case(id).unwrap().record.number)
        .collect();
    v.close_quietly();

    let (mut app, rt) = app_for(&dir);
    let m = type_into(&app, unlock::ID_USERNAME, "demo", false);
    feed(&rt, &mut app, m);
    let m = type_into(&app, unlock::ID_PASSWORD, DEMO_PASS, true);
    feed(&rt, &mut app, m);
    assert!(matches!(app.state, State::Unlocked(_)));
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let open = Message::Shell(shell::Message::Batches(batches::Message::OpenBatch(
        batch.clone(),
    )));
    feed(&rt, &mut app, vec![open]);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "batch-handover-pending", count = 4)),
        "{shown:?}"
    );

    // The first record: two people to the commune People's Committee.
    let m = click_text(&app, &t!(Lang::Vi, "batch-handover-make"));
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "handover-proposal", count = 4, receiver = POLICE)),
        "the plan is not proposed: {shown:?}"
    );
    // The giver is the signed-in officer.
    for want in ["Thiếu tá", "Phó Đồn trưởng", "Người dùng thử"] {
        assert!(shown.iter().any(|s| s == want), "{want}: {shown:?}");
    }
    form(
        &rt,
        &mut app,
        handover_form::Message::Receiver(Choice {
            value: Pick::Agency(commune),
            label: String::new(),
        }),
    );
    // Untick everyone, then tick the first two by their lines.
    let m = click_text(&app, &t!(Lang::Vi, "handover-all"));
    feed(&rt, &mut app, m);
    for n in &numbers[..2] {
        let line = texts(&app)
            .into_iter()
            .find(|s| s.starts_with(n.as_str()))
            .unwrap_or_else(|| panic!("{n} is not offered"));
        let m = click_text(&app, &line);
        feed(&rt, &mut app, m);
    }
    assert!(
        texts(&app)
            .iter()
            .any(|s| s == &t!(Lang::Vi, "handover-people", ticked = 2, total = 4))
    );
    let (start, wrong_end) = (today_at(8, 30), today_at(8, 5));
    for (f, value) in [
        (Text::RepPost, "Phó Chủ tịch Ủy ban nhân dân xã"),
        (Text::RepName, "Nguyễn Thị Lan"),
        (
            Text::Place,
            "Trụ sở Đồn Biên phòng cửa khẩu quốc tế Mộc Bài",
        ),
        (Text::Started, start.as_str()),
        (Text::Ended, wrong_end.as_str()),
    ] {
        let m = type_scrolled(&app, f, value, false);
        feed(&rt, &mut app, m);
    }
    // Enter in a field checks the form: the closing time is before the opening.
    let m = type_scrolled(&app, Text::Notes, "02 hộ chiếu, 01 điện thoại", true);
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "handover-problem-end-before-start")),
        "{shown:?}"
    );
    assert!(
        !shown.iter().any(|s| s == &t!(Lang::Vi, "handover-confirm")),
        "confirmation asked for a form with a problem"
    );
    // Retype the closing time.
    form(
        &rt,
        &mut app,
        handover_form::Message::Input(Text::Ended, String::new()),
    );
    let m = type_scrolled(&app, Text::Ended, &today_at(9, 10), true);
    feed(&rt, &mut app, m);
    let confirm_text = t!(
        Lang::Vi,
        "handover-confirm-text",
        count = 2,
        receiver = COMMUNE
    );
    let shown = texts(&app);
    assert!(shown.iter().any(|s| s == &confirm_text), "{shown:?}");
    // Enter again in a field does not record: only the confirmation does.
    let m = type_scrolled(&app, Text::Notes, "", true);
    feed(&rt, &mut app, m);
    assert_eq!(
        records(&app, &batch),
        0,
        "recorded without the confirmation"
    );
    let m = click_scrolled(&app, &t!(Lang::Vi, "handover-confirm"));
    feed(&rt, &mut app, m);
    assert_eq!(records(&app, &batch), 1);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("Đã lập biên bản bàn giao số ")
                && s.ends_with(&format!("/BB-ĐMB: 2 công dân cho {COMMUNE}."))),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "batch-handover-pending", count = 2)),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|s| s
            == &t!(
                Lang::Vi,
                "batch-handover-record",
                receiver = COMMUNE,
                count = 2
            )),
        "the record is not listed: {shown:?}"
    );

    // The second record: the rest, to the police of their home province as proposed.
    let m = click_text(&app, &t!(Lang::Vi, "batch-handover-make"));
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        !shown.iter().any(|s| s.starts_with(numbers[0].as_str())),
        "a person already handed over is offered again: {shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "handover-people", ticked = 2, total = 2)),
        "{shown:?}"
    );
    assert!(shown.iter().any(|s| s == POLICE), "{shown:?}");
    let start = today_at(10, 0);
    for (f, value) in [
        (Text::RepRank, "Trung úy"),
        (Text::RepPost, "Cán bộ Phòng Quản lý xuất nhập cảnh"),
        (Text::RepName, "Phạm Minh Đức"),
        (Text::Started, start.as_str()),
    ] {
        let m = type_scrolled(&app, f, value, false);
        feed(&rt, &mut app, m);
    }
    let m = click_scrolled(&app, &t!(Lang::Vi, "handover-review"));
    feed(&rt, &mut app, m);
    let m = click_scrolled(&app, &t!(Lang::Vi, "handover-confirm"));
    feed(&rt, &mut app, m);
    assert_eq!(records(&app, &batch), 2);
    assert!(
        texts(&app)
            .iter()
            .any(|s| s == &t!(Lang::Vi, "batch-handover-none-pending"))
    );

    // In the vault: one record per receiver, with the right people and what was typed.
    let t = app.update(Message::Key(tiepnhan::ui::KeyAction::Lock));
    settle(&rt, &mut app, t);
    let mut v = Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let made = v.citizen_handovers_of(&batch).unwrap();
    assert_eq!(made.len(), 2);
    let (first, second) = (&made[0], &made[1]);
    assert_eq!(first.agency_id, Some(commune));
    assert_eq!(first.receiver, COMMUNE);
    assert_eq!(first.case_ids, ids[..2]);
    assert_eq!(first.receiver_person.name, "Nguyễn Thị Lan");
    assert_eq!(
        first.started_at.unwrap().format("%H:%M").to_string(),
        "08:30"
    );
    assert_eq!(first.ended_at.unwrap().format("%H:%M").to_string(), "09:10");
    assert_eq!(first.giver_person.rank, "Thiếu tá");
    assert_eq!(second.receiver, POLICE);
    assert_eq!(second.case_ids, ids[2..]);
    assert_eq!(second.ended_at, None, "a closing time was made up");

    // The papers name the receiver, the typed times and both parties.
    let paper = |v: &mut Vault, id: &str, name: &str| {
        let pdf = build(v, &Doc::CitizenHandover(id.to_string()), false).unwrap();
        pdftotext(&pdf, &tmp.path().join(name))
    };
    let text = paper(&mut v, &first.id, "commune.pdf");
    for want in [
        "BÊN NHẬN: ỦY BAN NHÂN DÂN XÃ PHƯỚC CHỈ",
        "Hồi 08 giờ 30 phút",
        "kết thúc hồi 09 giờ 10 phút cùng ngày",
        "Thiếu tá Người dùng thử, Phó Đồn trưởng",
        "Nguyễn Thị Lan, Phó Chủ tịch Ủy ban nhân dân xã",
        "02 hộ chiếu, 01 điện thoại",
        "Lý Văn Một",
        "Lý Thị Hai",
    ] {
        assert!(text.contains(want), "{want:?} not in the paper: {text}");
    }
    assert!(!text.contains("Trần Văn Ba"));
    let text = paper(&mut v, &second.id, "police.pdf");
    for want in [
        "BÊN NHẬN: CÔNG AN TỈNH AN GIANG",
        "Hồi 10 giờ 00 phút",
        "Trung úy Phạm Minh Đức, Cán bộ Phòng Quản lý xuất nhập cảnh",
        "Thiếu tá Người dùng thử, Phó Đồn trưởng",
        "Trần Văn Ba",
        "Đỗ Thị Bốn",
    ] {
        assert!(text.contains(want), "{want:?} not in the paper: {text}");
    }
    // No closing time typed: the paper leaves it blank to be written in.
    assert!(!text.contains("kết thúc hồi 1"), "{text}");
    v.close_quietly();
}

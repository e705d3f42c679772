//! The handover form's `update`, message in and state out, without a
//! window: the defaults from the plan and the signed-in officer, each
//! validation message where the officer sees it, the confirmation step
//! (nothing is recorded without it), and the record as typed.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::*;
use crate::app::handovers::Group;
use crate::domain::case::{Sex, Status};
use crate::domain::screening::AgeBand;

fn row(id: &str, name: &str, province: u32) -> CaseRow {
    CaseRow {
        id: id.into(),
        number: format!("MB-2026-{id}"),
        full_name: name.into(),
        sex: Sex::Male,
        age: Some(30),
        is_child: false,
        age_band: AgeBand::Adult,
        home_province: Some(province),
        received_on: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
        gate: None,
        status: Status::Screened,
        screening_outcome: None,
        verification_requested: false,
        receptions: 1,
    }
}

fn agency(id: i64, name: &str, kind: &str) -> Agency {
    Agency {
        id,
        name: name.into(),
        kind: kind.into(),
        active: true,
        ..Agency::default()
    }
}

fn received() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 4)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn data(proposal: bool) -> FormData {
    let police = agency(7, "Công an tỉnh An Giang", "police");
    FormData {
        people: vec![
            row("a", "Lý Văn Một", 91),
            row("b", "Lý Thị Hai", 91),
            row("c", "Trần Văn Ba", 80),
        ],
        receivers: vec![
            police.clone(),
            agency(9, "Ủy ban nhân dân xã Phước Chỉ", "commune_committee"),
        ],
        proposal: proposal.then(|| Group {
            agency: police,
            case_ids: vec!["a".into(), "b".into()],
        }),
        others: if proposal { 1 } else { 0 },
        giver: Person {
            name: "Lê Văn Tâm".into(),
            rank: "Đại úy".into(),
            post: "Trợ lý trinh sát".into(),
        },
        default_place: "Đồn Biên phòng Mộc Bài".into(),
        received_at: Some(received()),
    }
}

fn form(proposal: bool) -> (Form, Session) {
    let s = Session::detached();
    let mut f = Form::new("batch".into(), "MB-2026-0001".into());
    let _ = f.update(Message::Loaded(Ok(data(proposal))), &s);
    (f, s)
}

fn send(f: &mut Form, s: &Session, m: Message) -> Option<Event> {
    f.update(m, s).1
}

fn typed(f: &mut Form, s: &Session, t: Text, v: &str) {
    send(f, s, Message::Input(t, v.into()));
}

fn pick_receiver(f: &mut Form, s: &Session, p: Pick) {
    send(
        f,
        s,
        Message::Receiver(Choice {
            value: p,
            label: String::new(),
        }),
    );
}

/// The message the officer reads under the field of `slot`.
fn assert_shown(f: &Form, l: Lang, slot: Slot, expected: &str) {
    let shown = f
        .problem(slot)
        .map(|p| problem_text(l, p, Some(received())));
    assert_eq!(shown.as_deref(), Some(expected), "under {slot:?}");
}

/// A time that is after the reception and not in the future.
fn today_at(h: u32, m: u32) -> String {
    format!("{} {h:02}:{m:02}", crate::clock::today().format("%d/%m/%Y"))
}

#[test]
fn starts_from_the_plan_and_the_signed_in_officer() {
    let (f, _) = form(true);
    assert_eq!(f.receiver(), Some(&Pick::Agency(7)));
    assert_eq!(f.ticked(), ["a", "b"]);
    assert_eq!(f.text(Text::GiverRank), "Đại úy");
    assert_eq!(f.text(Text::GiverPost), "Trợ lý trinh sát");
    assert_eq!(f.text(Text::GiverName), "Lê Văn Tâm");
    // Nothing is invented: no time, no receiver's representative.
    for t in [Text::Started, Text::Ended, Text::RepName, Text::RepRank] {
        assert_eq!(f.text(t), "");
    }
    // Without a plan nobody is chosen for the officer, and everyone is ticked.
    let (f, _) = form(false);
    assert_eq!(f.receiver(), None);
    assert_eq!(f.ticked(), ["a", "b", "c"]);
}

#[test]
fn no_receiver_and_nobody_ticked_are_said_where_they_are() {
    let (mut f, s) = form(false);
    send(&mut f, &s, Message::TickAll(false));
    send(&mut f, &s, Message::Review);
    assert!(!f.confirming, "a form with problems asked for confirmation");
    assert_shown(&f, Lang::Vi, Slot::Receiver, "Chọn bên nhận.");
    assert_shown(
        &f,
        Lang::Vi,
        Slot::People,
        "Chọn ít nhất một người để bàn giao.",
    );
    assert_shown(
        &f,
        Lang::En,
        Slot::People,
        "Tick at least one person to hand over.",
    );
    // Once checked, the messages follow the changes.
    send(&mut f, &s, Message::Tick("c".into(), true));
    assert_eq!(f.problem(Slot::People), None);
    assert_eq!(f.problem(Slot::Receiver), Some(Problem::NoReceiver));
    pick_receiver(&mut f, &s, Pick::Agency(9));
    assert!(f.problems().is_empty(), "{:?}", f.problems());
}

#[test]
fn a_family_receiver_needs_its_name() {
    let (mut f, s) = form(true);
    pick_receiver(&mut f, &s, Pick::Named);
    send(&mut f, &s, Message::Review);
    assert_shown(
        &f,
        Lang::Vi,
        Slot::ReceiverName,
        "Ghi tên bên nhận (ví dụ: Gia đình ông Nguyễn Văn A).",
    );
    typed(
        &mut f,
        &s,
        Text::ReceiverName,
        "  Gia đình ông Nguyễn Văn A ",
    );
    send(&mut f, &s, Message::Review);
    assert!(f.confirming);
    let (new, _) = f.check(crate::clock::now());
    assert_eq!(
        new.unwrap().receiver,
        Receiver::Named("Gia đình ông Nguyễn Văn A".into())
    );
}

#[test]
fn times_are_checked_as_typed() {
    let (mut f, s) = form(true);
    let now = crate::clock::now();
    let problem = |f: &mut Form, s: &Session, start: &str, end: &str| {
        typed(f, s, Text::Started, start);
        typed(f, s, Text::Ended, end);
        send(f, s, Message::Review);
        (f.problem(Slot::Started), f.problem(Slot::Ended))
    };
    let (ten_thirty, nine_fifteen) = (today_at(10, 30), today_at(9, 15));
    let tomorrow = (now + Duration::days(2))
        .format("%d/%m/%Y 08:00")
        .to_string();
    // The opening and closing times as typed, and the problem under each:
    // a closing time before the opening time or without one, a time in the
    // future or before the batch was received.
    let cases: [(&str, &str, Option<Problem>, Option<Problem>); 6] = [
        ("hôm nay 8 giờ", "", Some(Problem::TimeFormat), None),
        ("31/02/2026 08:00", "", Some(Problem::TimeInvalid), None),
        (
            &ten_thirty,
            &nine_fifteen,
            None,
            Some(Problem::EndBeforeStart),
        ),
        ("", &nine_fifteen, None, Some(Problem::EndWithoutStart)),
        (&tomorrow, "", Some(Problem::Future), None),
        ("04/03/2026 08:59", "", Some(Problem::BeforeReception), None),
    ];
    for (start, end, started, ended) in cases {
        let shown = problem(&mut f, &s, start, end);
        assert_eq!(shown, (started, ended), "{start:?} {end:?}");
    }
    // What the officer reads under the field.
    let said = |l| {
        [
            Problem::TimeFormat,
            Problem::EndBeforeStart,
            Problem::BeforeReception,
        ]
        .map(|p| problem_text(l, p, Some(received())))
    };
    assert_eq!(
        said(Lang::Vi),
        [
            "Ghi dd/mm/yyyy hh:mm, ví dụ 05/3/2026 08:30.",
            "Thời gian kết thúc trước thời gian bắt đầu.",
            "Trước lúc tiếp nhận đợt (04/03/2026 09:00).",
        ]
    );
    assert_eq!(
        said(Lang::En)[1],
        "The closing time is before the opening time."
    );
    assert_shown(
        &f,
        Lang::Vi,
        Slot::Started,
        "Trước lúc tiếp nhận đợt (04/03/2026 09:00).",
    );
    assert!(!f.confirming);
    // Blank stays blank; both typed and in order is fine.
    assert_eq!(problem(&mut f, &s, "", ""), (None, None));
    assert!(f.confirming);
    assert_eq!(
        problem(&mut f, &s, &today_at(8, 30), &today_at(9, 45)),
        (None, None)
    );
    let new = f.check(now).0.unwrap();
    assert_eq!(new.started_at.unwrap().format("%H:%M").to_string(), "08:30");
    assert_eq!(new.ended_at.unwrap().format("%H:%M").to_string(), "09:45");
}

#[test]
fn nothing_is_recorded_without_the_confirmation() {
    let (mut f, s) = form(true);
    // Confirm before the review does nothing.
    send(&mut f, &s, Message::Confirm);
    assert!(!f.busy);
    send(&mut f, &s, Message::Review);
    assert!(f.confirming);
    // Enter in a field while confirming asks again; it does not record.
    send(&mut f, &s, Message::Review);
    assert!(f.confirming && !f.busy);
    // A change goes back to the form.
    typed(&mut f, &s, Text::Notes, "02 hộ chiếu");
    assert!(!f.confirming);
    send(&mut f, &s, Message::Review);
    send(&mut f, &s, Message::Back);
    assert!(!f.confirming);
    send(&mut f, &s, Message::Confirm);
    assert!(!f.busy, "recorded without the confirmation");
    send(&mut f, &s, Message::Review);
    send(&mut f, &s, Message::Confirm);
    assert!(f.busy, "the confirmed record was not sent");
    // A refusal from the vault comes back to the form, which stays as typed.
    send(
        &mut f,
        &s,
        Message::Recorded(Err(crate::ui::jobs::UiError::Invalid("x".into()))),
    );
    assert!(!f.busy && !f.confirming);
    assert!(matches!(f.notice(), Some(Notice::Error(_))));
    assert_eq!(f.text(Text::Notes), "02 hộ chiếu");
}

#[test]
fn the_record_is_what_was_typed_in_the_batch_order() {
    let (mut f, s) = form(true);
    pick_receiver(&mut f, &s, Pick::Agency(9));
    send(&mut f, &s, Message::TickAll(false));
    send(&mut f, &s, Message::Tick("c".into(), true));
    send(&mut f, &s, Message::Tick("a".into(), true));
    send(&mut f, &s, Message::Tick("zzz".into(), true));
    let start = today_at(8, 0);
    for (t, v) in [
        (Text::RepRank, " "),
        (Text::RepPost, "Phó Chủ tịch UBND xã"),
        (Text::RepName, "Nguyễn Thị Lan "),
        (Text::GiverRank, "Thiếu tá"),
        (Text::Place, "Trụ sở Đồn"),
        (Text::Started, start.as_str()),
        (Text::Notes, "02 hộ chiếu"),
    ] {
        typed(&mut f, &s, t, v);
    }
    let new = f.check(crate::clock::now()).0.unwrap();
    assert_eq!(new.receiver, Receiver::Agency(9));
    assert_eq!(
        new.case_ids,
        ["a", "c"],
        "the batch's order, known people only"
    );
    assert_eq!(
        new.receiver_person,
        Person {
            name: "Nguyễn Thị Lan".into(),
            rank: String::new(),
            post: "Phó Chủ tịch UBND xã".into(),
        }
    );
    assert_eq!(new.giver_person.rank, "Thiếu tá");
    assert_eq!(new.giver_person.name, "Lê Văn Tâm");
    assert_eq!(new.place, "Trụ sở Đồn");
    assert_eq!(new.ended_at, None);
    assert_eq!(new.notes, "02 hộ chiếu");
    let r = Recorded {
        handover: crate::domain::org::CitizenHandover {
            receiver: "Ủy ban nhân dân xã Phước Chỉ".into(),
            case_ids: new.case_ids.clone(),
            ..Default::default()
        },
        number: "12/BB-ĐMB".into(),
    };
    let Some(Event::Recorded(n)) = send(&mut f, &s, Message::Recorded(Ok(r))) else {
        panic!("no event")
    };
    assert_eq!(
        n.text(Lang::Vi),
        "Đã lập biên bản bàn giao số 12/BB-ĐMB: 2 công dân cho Ủy ban nhân dân xã Phước Chỉ."
    );
}

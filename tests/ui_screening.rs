//! Screening in the app (iced_test, tiny-skia): an officer answers the
//! questionnaire for a case from the queue, the suggested outcome is
//! "suspected victim", the officer records the decision with a reason, and a
//! supervisor approves it from the pending list.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::domain::screening::{Answer, Decision};
use tiepnhan::domain::security::Role;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::labels::{self, Choice};
use tiepnhan::ui::screens::{screening, shell};
use tiepnhan::ui::{App, KeyAction, Message, State};

const SUPERVISOR_PASS: &str = "chỉ huy đồn 2026";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

/// In one simulator: scroll the decision column down (as a user would with
/// the wheel), then act on a widget there; returns the messages.
fn scrolled(app: &App, act: impl FnOnce(&mut iced_test::Simulator<'_, Message>)) -> Vec<Message> {
    use iced::mouse::{Event as Mouse, ScrollDelta};
    let mut ui = sim(app);
    ui.point_at((1000.0, 500.0));
    let _ = ui.simulate([iced::Event::Mouse(Mouse::WheelScrolled {
        delta: ScrollDelta::Lines { x: 0.0, y: -40.0 },
    })]);
    act(&mut ui);
    ui.into_messages().collect()
}

fn interview(rt: &tokio::runtime::Runtime, app: &mut App, m: screening::Message) {
    let t = app.update(Message::Shell(shell::Message::Interview(m)));
    settle(rt, app, t);
}

#[test]
fn screen_to_suspected_victim_record_the_decision_and_approve() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    v.create_user("chihuy", "Trần Quốc Bảo", Role::Supervisor, PASSWORD)
        .unwrap();
    v.set_user_title("chihuy", "Thiếu tá", "Phó Đồn trưởng")
        .unwrap();
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = "Võ Thị Lan".into();
    c.identity.birth_year = Some(1998);
    v.create_case(&mut c).unwrap();
    v.close_quietly();
    // The supervisor has already set their own password (first sign-in done).
    let mut s = unlock(&dir, "chihuy");
    s.change_own_password(PASSWORD, SUPERVISOR_PASS).unwrap();
    s.close_quietly();

    let (mut app, rt) = signed_in(&dir, "admin", PASSWORD);

    // The queue lists the case; clicking the name opens the questionnaire.
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, "Võ Thị Lan");
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        shown.iter().any(|s| s.contains("DR01")),
        "the questionnaire is not open: {shown:?}"
    );

    // The first question of the first dimension, answered by clicking "Có".
    let m = click_text(&app, &format!("1 {}", t!(Lang::Vi, "answer-yes")));
    feed(&rt, &mut app, m);
    // The rest of a forced online-fraud account (each is one "Có" click).
    for code in ["DR02", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06"] {
        interview(
            &rt,
            &mut app,
            screening::Message::Answer(code.into(), Answer::Yes),
        );
    }
    let suspected = labels::outcome(Lang::Vi, "suspected_victim");
    let shown = texts(&app);
    assert!(
        shown.iter().any(|s| s.contains(&suspected)),
        "the suggested outcome is not shown: {shown:?}"
    );

    // Save the questionnaire (Ctrl+S), then the decision with its reason.
    let t = app.update(Message::Key(KeyAction::Save));
    settle(&rt, &mut app, t);
    assert!(
        texts(&app)
            .iter()
            .any(|s| s == &t!(Lang::Vi, "screening-saved"))
    );
    interview(
        &rt,
        &mut app,
        screening::Message::Decision(Choice {
            value: Decision::SuspectedVictim,
            label: t!(Lang::Vi, "decision-suspected_victim"),
        }),
    );
    let m = scrolled(&app, |ui| {
        ui.click(iced_test::selector::id(screening::ID_REASON))
            .expect("the reason field, after scrolling");
        let _ = ui.typewrite("Bị lừa sang Campuchia, bị giữ giấy tờ, ép lừa đảo trực tuyến");
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
    });
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with(&t!(Lang::Vi, "approval-pending", by = "Quản trị"))),
        "the decision is not awaiting approval: {shown:?}"
    );

    // The supervisor signs in, finds it in the pending list and approves it.
    let t = app.update(Message::Key(KeyAction::Lock));
    settle(&rt, &mut app, t);
    sign_in(&rt, &mut app, "chihuy", SUPERVISOR_PASS);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    assert!(
        texts(&app)
            .iter()
            .any(|s| s == &t!(Lang::Vi, "screening-pending-title", count = 1))
    );
    let m = click_text(&app, "Võ Thị Lan");
    feed(&rt, &mut app, m);
    let m = scrolled(&app, |ui| {
        ui.click(t!(Lang::Vi, "screening-approve").as_str())
            .expect("the approve button, after scrolling");
    });
    feed(&rt, &mut app, m);
    // Nothing happens before the confirmation.
    assert!(
        texts(&app)
            .iter()
            .any(|s| s == &t!(Lang::Vi, "screening-confirm-approve")),
        "the approval asks for a confirmation"
    );
    let m = scrolled(&app, |ui| {
        ui.click(t!(Lang::Vi, "action-confirm").as_str())
            .expect("the confirm button");
    });
    feed(&rt, &mut app, m);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s == &t!(Lang::Vi, "screening-approved")),
        "{shown:?}"
    );
    // The approval names the approver by rank and full name, not the account.
    let approved_by = t!(Lang::Vi, "approval-approved", by = "Thiếu tá Trần Quốc Bảo");
    assert!(
        shown.iter().any(|s| s.starts_with(&approved_by)),
        "{approved_by:?} not in {shown:?}"
    );
    let t = app.update(Message::Key(KeyAction::Lock));
    settle(&rt, &mut app, t);

    // In the vault: the approved decision, by two different people.
    let v = unlock(&dir, "admin");
    let (decision, approval, decided_by): (String, String, String) = v
        .conn()
        .query_row(
            "SELECT decision, approval, decided_by FROM screenings",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(decision, "suspected_victim");
    assert_eq!(approval, "approved");
    assert_eq!(decided_by, "admin");
    let outcome: String = value(&v, "SELECT screening_outcome FROM cases");
    assert_eq!(outcome, "suspected_victim");
    v.close_quietly();
}

/// The interview open in the shell (panics with what is open instead).
fn open_interview(app: &App) -> &screening::Interview {
    let State::Unlocked(s) = &app.state else {
        panic!("not signed in")
    };
    match &s.detail {
        Some(shell::Detail::Interview(i, _)) => i,
        _ => panic!("no interview is open"),
    }
}

fn key(rt: &tokio::runtime::Runtime, app: &mut App, k: KeyAction) {
    let t = app.update(Message::Key(k));
    settle(rt, app, t);
}

#[test]
fn the_questionnaire_by_keys_alone_survives_the_sidebar_and_the_auto_lock() {
    let mut c = case_with("Đinh Văn Phím", |c| c.identity.birth_year = Some(1995));
    let (_tmp, dir) = vault_with([&mut c]);
    let (mut app, rt) = signed_in(&dir, "admin", PASSWORD);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, "Đinh Văn Phím");
    feed(&rt, &mut app, m);

    // 1 = Có, 2 = Không, 3 = Chưa rõ, 4 = Không trả lời; each moves on.
    let first = open_interview(&app).dimension;
    for k in [1, 2, 3, 4] {
        key(&rt, &mut app, KeyAction::Digit(k));
    }
    let i = open_interview(&app);
    let answered: Vec<Option<Answer>> = ["DR01", "DR02", "DR03", "DR04"]
        .iter()
        .map(|c| i.answers.get(*c).copied())
        .collect();
    assert_eq!(
        answered,
        [
            Some(Answer::Yes),
            Some(Answer::No),
            Some(Answer::Unknown),
            Some(Answer::Declined)
        ],
        "keys 1-4 answer the questions in order: {:?}",
        i.answers
    );
    assert_eq!(i.cursor, 4, "each key moves to the next question");
    // Page Down: the next dimension, its first question; 1 answers it.
    key(&rt, &mut app, KeyAction::Page(1));
    let i = open_interview(&app);
    assert_ne!(i.dimension, first, "Page Down changes the dimension");
    assert_eq!(i.cursor, 0);
    key(&rt, &mut app, KeyAction::Digit(1));
    let answers_before = open_interview(&app).answers.clone();
    assert_eq!(answers_before.len(), 5, "{answers_before:?}");

    // The sidebar to Cases and back: the answers are still there.
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    if !matches!(
        &app.state,
        State::Unlocked(s) if matches!(s.detail, Some(shell::Detail::Interview(..)))
    ) {
        let m = click_text(&app, "Đinh Văn Phím");
        feed(&rt, &mut app, m);
    }
    assert_eq!(
        open_interview(&app).answers,
        answers_before,
        "the answers survive the sidebar"
    );

    // Auto-lock after the unit's idle time, then sign in again: the
    // interview is back with its answers.
    let t = app.update(Message::Tick(
        std::time::Instant::now() + std::time::Duration::from_secs(3600),
    ));
    settle(&rt, &mut app, t);
    assert!(matches!(app.state, State::Locked(_)), "auto-lock");
    sign_in(&rt, &mut app, "admin", PASSWORD);
    if !matches!(
        &app.state,
        State::Unlocked(s) if matches!(s.detail, Some(shell::Detail::Interview(..)))
    ) {
        let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
        settle(&rt, &mut app, t);
        let m = click_text(&app, "Đinh Văn Phím");
        feed(&rt, &mut app, m);
    }
    assert_eq!(
        open_interview(&app).answers,
        answers_before,
        "the answers survive the auto-lock"
    );
}

#[test]
fn an_uncertain_nineteen_is_on_the_child_list_and_purposes_feed_the_law() {
    use tiepnhan::domain::screening::{ListKind, Purpose};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let today = chrono::Local::now().date_naive();
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(today),
        ..Default::default()
    };
    c.identity.full_name = "Sầm Văn Tuổi".into();
    c.identity.age_estimate = Some(19);
    c.identity.age_uncertain = true;
    v.create_case(&mut c).unwrap();
    v.close_quietly();
    let (mut app, rt) = signed_in(&dir, "admin", PASSWORD);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Screening)));
    settle(&rt, &mut app, t);
    // The queue marks the person as under 18 (the presumption of minority).
    let badged = format!("Sầm Văn Tuổi · {}", t!(Lang::Vi, "cases-child"));
    let m = click_text(&app, &badged);
    feed(&rt, &mut app, m);

    interview(
        &rt,
        &mut app,
        screening::Message::Answer("EX01".into(), Answer::Yes),
    );
    let r = open_interview(&app).result.clone().expect("a result");
    assert_eq!(
        r.list,
        ListKind::ChildLabour,
        "an uncertain 19 is read as 17"
    );
    assert!(r.presumed_child);
    let shown = texts(&app);
    let child_list = t!(Lang::Vi, "list-child_labour");
    assert!(
        shown.iter().any(|s| s.contains(&child_list)),
        "the window names the child list: {shown:?}"
    );
    assert_ne!(r.legal.as_ref().and_then(|l| l.purpose), Some(true));

    // Ticking "sold for money or benefit" makes the purpose element present.
    interview(
        &rt,
        &mut app,
        screening::Message::Purpose(Purpose::SoldForBenefit, true),
    );
    let r = open_interview(&app).result.clone().expect("a result");
    assert_eq!(r.legal.and_then(|l| l.purpose), Some(true));
}

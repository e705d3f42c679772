//! Personal data in the window (iced_test, tiny-skia): a withdrawal of
//! consent registered in the register, then the referral screen says so
//! and offers no new referral; the notice step opened from the case form
//! starts with nothing ticked and saves only what the officer pressed.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::domain::privacy::{Choice, OptionalUse};
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::shell::{self, Detail};
use tiepnhan::ui::{App, Message, State};

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

fn shell_of(app: &App) -> &shell::Shell {
    match &app.state {
        State::Unlocked(s) => s,
        _ => panic!("not unlocked"),
    }
}

#[test]
fn withdrawal_in_the_register_then_the_notice_step() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(tiepnhan::clock::today()),
        ..Default::default()
    };
    c.identity.full_name = "Đinh Thị Quyền".into();
    c.identity.age_estimate = Some(30);
    let number = v.create_case(&mut c).unwrap().number;
    let id = c.id.clone();
    v.close_quietly();

    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Privacy)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "rights-kind-withdrawal"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, "rights-case", &number, false);
    feed(&rt, &mut app, m);
    let m = type_into(&app, "rights-requester", "Đinh Thị Quyền", false);
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "rights-register"));
    feed(&rt, &mut app, m);
    let rows = &shell_of(&app).privacy.rows;
    assert_eq!(rows.len(), 1, "{:?}", shell_of(&app).privacy.notice);
    assert_eq!(rows[0].case_number, number);
    assert!(texts(&app).contains(&t!(Lang::Vi, "rights-open")));

    // The case form, then its referrals: the withdrawal is said there.
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    let t = app.update(Message::Shell(shell::Message::Cases(
        tiepnhan::ui::screens::cases::Message::Open(id.clone()),
    )));
    settle(&rt, &mut app, t);
    assert!(matches!(shell_of(&app).detail, Some(Detail::Case(_))));
    // ("Chuyển gửi" is also the sidebar's label: the form's button by its message.)
    let t = app.update(Message::Shell(shell::Message::CaseForm(
        tiepnhan::ui::screens::case_form::Message::Refer,
    )));
    settle(&rt, &mut app, t);
    assert!(
        texts(&app).contains(&t!(Lang::Vi, "referral-withdrawn")),
        "{:?}",
        texts(&app)
    );
    let m = click_text(&app, &t!(Lang::Vi, "case-back"));
    feed(&rt, &mut app, m);

    // The notice step: nothing ticked when it opens.
    let m = click_text(&app, &t!(Lang::Vi, "case-notice"));
    feed(&rt, &mut app, m);
    let Some(Detail::Notice(n, _)) = &shell_of(&app).detail else {
        panic!("the notice did not open");
    };
    assert!(n.form.uses.is_empty());
    assert!(texts(&app).contains(&t!(Lang::Vi, "notice-never-default")));
    // The officer presses "agreed" for the first use only, and saves.
    let m = click_text(&app, &t!(Lang::Vi, "notice-choice-agreed"));
    feed(&rt, &mut app, m);
    let m = type_into(&app, "notice-language", "Tiếng Việt", false);
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "notice-save"));
    feed(&rt, &mut app, m);
    let Some(Detail::Notice(n, _)) = &shell_of(&app).detail else {
        panic!("the notice closed");
    };
    assert!(n.saved, "{:?}", n.notice);
    assert!(texts(&app).contains(&t!(Lang::Vi, "doc-open")));
    drop(app);
    let v = unlock(&dir, "admin");
    let saved = v.latest_notice(&id).unwrap().unwrap();
    assert_eq!(saved.answer(OptionalUse::ShareNgo), Choice::Agreed);
    assert_eq!(saved.answer(OptionalUse::Photos), Choice::NotAsked);
    // Recorded, but withdrawn: nothing counts.
    let c = v.consents_of(&id).unwrap();
    assert!(c.withdrawn && !c.allows(OptionalUse::ShareNgo));
    v.close_quietly();
}

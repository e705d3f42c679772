//! Keys in the window (iced_test, tiny-skia): deactivating an officer
//! re-keys the vault off the UI thread and shows the new recovery code once;
//! the deactivated password opens nothing; an administrator renews the code;
//! a weak password is refused with its reason in Vietnamese; a deleted
//! lockout record is an alarm the administrator sees after signing in.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::domain::security::Role;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::{admin, shell};
use tiepnhan::ui::{App, Message};
use tiepnhan::vault::Vault;

const OFFICER_PASSWORD: &str = "cán bộ Lê Văn An ở Xa Mát 2026";

fn texts(app: &App) -> Vec<String> {
    visible_texts(&mut sim(app))
}

/// The recovery code on screen (6 groups of 5).
fn code_on_screen(app: &App) -> Option<String> {
    texts(app).into_iter().find(|s| {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 6 && groups.iter().all(|g| g.len() == 5)
    })
}

fn to_admin(app: &mut App, rt: &tokio::runtime::Runtime) {
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Admin)));
    settle(rt, app, t);
}

#[test]
fn deactivating_re_keys_and_shows_the_new_code_once_then_renewal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let (mut v, first_code) = new_vault_with_code(&dir);
    v.create_user("canbo", "Lê Văn An", Role::Officer, OFFICER_PASSWORD)
        .unwrap();
    v.close_quietly();

    let (mut app, rt) = unlocked_app(&dir);
    to_admin(&mut app, &rt);
    assert!(code_on_screen(&app).is_none());
    let m = click_text(&app, "canbo");
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "admin-deactivate"));
    feed(&rt, &mut app, m);
    // The re-key runs off the UI thread: its progress is on screen at once.
    let t = app.update(Message::Shell(shell::Message::Admin(
        admin::Message::ConfirmDeactivate,
    )));
    assert!(
        texts(&app).contains(&t!(Lang::Vi, "rekey-title")),
        "no progress while re-keying: {:?}",
        texts(&app)
    );
    settle(&rt, &mut app, t);

    let shown = texts(&app);
    assert!(
        shown.contains(&t!(Lang::Vi, "recovery-new-title")),
        "{shown:?}"
    );
    let code = code_on_screen(&app).unwrap_or_else(|| panic!("no code: {shown:?}"));
    assert_ne!(code, first_code);
    assert!(shown.contains(&t!(Lang::Vi, "recovery-print")));
    // The deactivated officer's password opens nothing now.
    assert!(
        Vault::unlock(&dir, "canbo", OFFICER_PASSWORD, chrono::Utc::now()).is_err(),
        "a deactivated password still opens the vault"
    );
    // Shown once: hidden, it does not come back.
    let m = click_text(&app, &t!(Lang::Vi, "recovery-hide"));
    feed(&rt, &mut app, m);
    assert!(code_on_screen(&app).is_none());
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    to_admin(&mut app, &rt);
    assert!(code_on_screen(&app).is_none());

    // Renewal at any time: another new code.
    let m = click_text(&app, &t!(Lang::Vi, "admin-renew-recovery"));
    feed(&rt, &mut app, m);
    let renewed = code_on_screen(&app).unwrap_or_else(|| panic!("{:?}", texts(&app)));
    assert_ne!(renewed, code);
    assert!(texts(&app).contains(&t!(Lang::Vi, "admin-recovery-renewed")));
}

#[test]
fn a_weak_password_is_refused_with_its_reason() {
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = unlocked_app(&dir);
    to_admin(&mut app, &rt);
    let m = type_into(&app, admin::ID_NEW_USERNAME, "canbo2", false);
    feed(&rt, &mut app, m);
    for m in [
        admin::Message::NewDisplay("Trần Thị Bé".into()),
        admin::Message::NewPassword("password1234".into()),
        admin::Message::NewConfirm("password1234".into()),
        admin::Message::CreateUser,
    ] {
        feed(
            &rt,
            &mut app,
            vec![Message::Shell(shell::Message::Admin(m))],
        );
    }
    let shown = texts(&app);
    let reasons = [
        t!(Lang::Vi, "error-password-common"),
        t!(Lang::Vi, "error-password-guessable"),
    ];
    assert!(
        shown.iter().any(|s| reasons.contains(s)),
        "no Vietnamese reason: {shown:?}"
    );
}

#[test]
fn a_deleted_lockout_record_is_an_alarm_for_the_administrator() {
    let (_tmp, dir) = empty_vault();
    let mut t = chrono::Utc::now() - chrono::Duration::minutes(30);
    for _ in 0..4 {
        let _ = Vault::unlock(&dir, "admin", "sai mật khẩu rồi", t);
        t += chrono::Duration::minutes(2);
    }
    let p = dir.join("keyring.json");
    let mut k: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    k.as_object_mut().unwrap().remove("lockout");
    std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();

    let (app, _rt) = unlocked_app(&dir);
    let shown = texts(&app);
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with(&t!(Lang::Vi, "alarm-lockout"))),
        "{shown:?}"
    );
}

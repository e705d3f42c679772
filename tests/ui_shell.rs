//! The desktop shell through iced_test (tiny-skia): setup wizard, unlock with
//! a wrong passphrase, auto-lock, and the language switch.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::ui::*;
use common::*;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::jobs::UiError;
use tiepnhan::ui::screens::{setup, shell, unlock};
use tiepnhan::ui::{Message, State};
use tiepnhan::vault::keyring::KdfParams;

/// UI tests share fonts and a renderer: run them one at a time.
static UI: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn setup_wizard_by_keyboard_to_the_unlocked_shell() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let (mut app, rt) = app_for(&dir);
    let State::Setup(s) = &mut app.state else {
        panic!("first run must open the setup wizard")
    };
    s.kdf = Some(KdfParams::FLOOR);

    // Step 1: a unit name typed all in capitals is refused, with the reason
    // (papers print it inside their sentences as typed).
    let m = type_into(&app, setup::ID_UNIT_NAME, "DON BIEN PHONG XA MAT", true);
    feed(&rt, &mut app, m);
    {
        let mut ui = sim(&app);
        assert!(
            ui.find(t!(Lang::Vi, "setup-error-unit-name-capitals"))
                .is_ok(),
            "the officer is told to type the name as in a sentence"
        );
    }
    let State::Setup(s) = &mut app.state else {
        panic!()
    };
    assert_eq!(
        s.step,
        setup::Step::Unit,
        "the name in capitals is not taken"
    );
    let _ = s.update(setup::Message::UnitName(String::new()));

    // The unit name as written in a sentence, then Enter (kind and province
    // have sensible defaults).
    let m = type_into(
        &app,
        setup::ID_UNIT_NAME,
        "Đồn Biên phòng cửa khẩu Xa Mát",
        true,
    );
    feed(&rt, &mut app, m);
    let State::Setup(s) = &app.state else {
        panic!()
    };
    assert_eq!(s.step, setup::Step::Admin, "Enter moves to the admin step");

    // Step 2: a too-short password is refused with a Vietnamese message.
    for (id, value) in [
        (setup::ID_USERNAME, "quantri"),
        (setup::ID_DISPLAY, "Trần Văn Quản"),
        (setup::ID_PASSWORD, "ngắn"),
        (setup::ID_CONFIRM, "ngắn"),
    ] {
        let m = type_into(&app, id, value, false);
        feed(&rt, &mut app, m);
    }
    let m = type_into(&app, setup::ID_CONFIRM, "", true);
    feed(&rt, &mut app, m);
    {
        let mut ui = sim(&app);
        assert!(
            ui.find(t!(
                Lang::Vi,
                "error-password-short",
                min = tiepnhan::domain::security::MIN_PASSWORD_CHARS
            ))
            .is_ok()
        );
    }
    for id in [setup::ID_PASSWORD, setup::ID_CONFIRM] {
        let m = type_into(&app, id, " đủ dài rồi nhé", false);
        feed(&rt, &mut app, m);
    }
    let m = type_into(&app, setup::ID_CONFIRM, "", true);
    feed(&rt, &mut app, m);

    // Step 3: the recovery code, confirmed by typing its last group.
    let State::Setup(s) = &app.state else {
        panic!("still in setup")
    };
    assert_eq!(s.step, setup::Step::Recovery);
    let code = {
        let mut ui = sim(&app);
        visible_texts(&mut ui)
            .into_iter()
            .find(|t| t.len() == 35 && t.matches('-').count() == 5)
            .expect("the recovery code is shown")
    };
    let wrong = type_into(&app, setup::ID_CODE_CHECK, "ZZZZZ", true);
    feed(&rt, &mut app, wrong);
    assert!(
        matches!(app.state, State::Setup(_)),
        "a wrong group does not finish"
    );
    let last = code.rsplit('-').next().unwrap().to_string();
    let State::Setup(s) = &mut app.state else {
        panic!()
    };
    let _ = s.update(setup::Message::CodeCheck(String::new()));
    let m = type_into(&app, setup::ID_CODE_CHECK, &last, true);
    feed(&rt, &mut app, m);

    let State::Unlocked(shell) = &app.state else {
        panic!("setup ends in the unlocked shell")
    };
    assert_eq!(shell.session.user.username, "quantri");
    let mut ui = sim(&app);
    assert!(ui.find("Đồn Biên phòng cửa khẩu Xa Mát").is_ok());
    assert!(ui.find(t!(Lang::Vi, "nav-admin")).is_ok());
    drop(ui);
    let t = app.update(Message::Shell(shell::Message::Lock));
    settle(&rt, &mut app, t);
    // The code shown is the vault's recovery code.
    assert!(tiepnhan::vault::Vault::recover(&dir, &code, chrono::Utc::now()).is_ok());
}

#[test]
fn wrong_passphrase_shows_the_error_and_the_delay() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = app_for(&dir);
    assert!(
        matches!(app.state, State::Locked(_)),
        "an existing vault opens on the lock screen"
    );

    let m = type_into(&app, unlock::ID_USERNAME, "admin", false);
    feed(&rt, &mut app, m);
    for attempt in 1..=3u32 {
        let m = type_into(&app, unlock::ID_PASSWORD, "sai mật khẩu", true);
        feed(&rt, &mut app, m);
        let State::Locked(u) = &app.state else {
            panic!()
        };
        assert_eq!(
            u.error,
            Some(UiError::WrongCredentials { failures: attempt })
        );
    }
    let State::Locked(u) = &app.state else {
        panic!()
    };
    assert!(u.is_waiting(), "the third failure imposes a delay");
    let texts = visible_texts(&mut sim(&app));
    let banner = texts
        .iter()
        .find(|t| t.starts_with("Tên đăng nhập hoặc mật khẩu không đúng (3 lần liên tiếp)"))
        .unwrap_or_else(|| panic!("no error banner in {texts:?}"));
    assert!(
        banner.contains("Vui lòng đợi") && banner.contains("giây"),
        "{banner}"
    );
    // While waiting, even the right password is not sent.
    let m = type_into(&app, unlock::ID_PASSWORD, PASSWORD, true);
    feed(&rt, &mut app, m);
    assert!(matches!(app.state, State::Locked(_)));
    // After the delay, the right password opens the shell.
    let State::Locked(u) = &mut app.state else {
        panic!()
    };
    u.tick(Instant::now() + Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(2100));
    let m = type_into(&app, unlock::ID_PASSWORD, "", true);
    feed(&rt, &mut app, m);
    assert!(
        matches!(app.state, State::Unlocked(_)),
        "unlocked after the wait"
    );
}

#[test]
fn a_slow_sign_in_says_why_it_can_take_minutes() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let (_tmp, dir) = empty_vault();
    let (mut app, rt) = app_for(&dir);
    let m = type_into(&app, unlock::ID_USERNAME, "admin", false);
    feed(&rt, &mut app, m);
    let _ = app.update(Message::Unlock(unlock::Message::Password(PASSWORD.into())));
    // The vault is opening (its work is not run here: it takes as long as
    // the first sign-in after an update that migrates a large vault).
    let _opening = app.update(Message::Unlock(unlock::Message::Submit));
    let hint = "Lần đầu đăng nhập sau khi cập nhật phần mềm";
    let shown = |app: &tiepnhan::ui::App| {
        visible_texts(&mut sim(app))
            .iter()
            .any(|t| t.contains(hint))
    };
    let State::Locked(u) = &mut app.state else {
        panic!()
    };
    assert!(u.is_busy());
    u.tick(Instant::now() + Duration::from_secs(1));
    assert!(
        !shown(&app),
        "a usual sign-in shows only that it is opening"
    );
    let State::Locked(u) = &mut app.state else {
        panic!()
    };
    u.tick(Instant::now() + Duration::from_secs(4));
    assert!(shown(&app), "after a few seconds the officer is told why");
}

#[test]
fn auto_lock_returns_to_the_lock_screen_with_no_data() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let mut c = case_with("Phạm Thị Canary", |c| c.identity.age_uncertain = true);
    let (_tmp, dir) = vault_with([&mut c]);
    let (mut app, rt) = unlocked_app(&dir);

    // An administrator sets a short auto-lock time.
    for m in [
        tiepnhan::ui::screens::admin::Message::AutoLock("1".into()),
        tiepnhan::ui::screens::admin::Message::SaveAutoLock,
    ] {
        let t = app.update(Message::Shell(shell::Message::Admin(m)));
        settle(&rt, &mut app, t);
    }
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Cases)));
    settle(&rt, &mut app, t);
    assert!(
        visible_texts(&mut sim(&app))
            .iter()
            .any(|t| t.contains("Phạm Thị Canary")),
        "data shown while unlocked"
    );

    // The officer starts a new case and types a name, unsaved.
    let m = click_text(&app, &t!(Lang::Vi, "cases-new"));
    feed(&rt, &mut app, m);
    let m = type_into(
        &app,
        tiepnhan::ui::screens::case_form::ID_FULL_NAME,
        "Lê Văn Dở Dang",
        false,
    );
    feed(&rt, &mut app, m);

    // 30 s idle: still unlocked. 61 s idle: locked.
    let t = app.update(Message::Tick(Instant::now() + Duration::from_secs(30)));
    settle(&rt, &mut app, t);
    assert!(matches!(app.state, State::Unlocked(_)));
    let t = app.update(Message::Tick(Instant::now() + Duration::from_secs(61)));
    settle(&rt, &mut app, t);
    let State::Locked(_) = &app.state else {
        panic!("auto-lock did not happen")
    };
    let texts = visible_texts(&mut sim(&app));
    assert!(
        texts
            .iter()
            .all(|t| !t.contains("Canary") && !t.contains("Dở Dang")),
        "the lock screen shows no data: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == &t!(Lang::Vi, "unlock-auto-locked-drafts", minutes = 1)),
        "the lock message says the input was kept: {texts:?}"
    );

    // The vault is closed (another process can open it), the lock is audited,
    // and the unsaved name was kept as a draft inside the vault.
    let v = unlock(&dir, "admin");
    let locks: i64 = count(&v, "SELECT count(*) FROM audit WHERE action = 'lock'");
    assert_eq!(locks, 1, "the lock is audited");
    let drafts: Vec<_> = v
        .list_drafts()
        .unwrap()
        .into_iter()
        .filter(|(slot, _)| slot != shell::RESUME_SLOT)
        .collect();
    assert_eq!(drafts.len(), 1);
    assert!(
        v.load_draft(&drafts[0].0)
            .unwrap()
            .unwrap()
            .contains("Lê Văn Dở Dang")
    );
    assert_eq!(
        v.load_draft(shell::RESUME_SLOT).unwrap().as_deref(),
        Some(drafts[0].0.as_str()),
        "the form in progress is remembered"
    );
    assert!(
        files_containing(&dir, "Dở Dang".as_bytes()).is_empty(),
        "the draft is encrypted"
    );
    v.close_quietly();

    // After unlocking, the form in progress is open again with what was typed.
    let m = type_into(&app, unlock::ID_PASSWORD, PASSWORD, true);
    feed(&rt, &mut app, m);
    assert!(
        visible_texts(&mut sim(&app))
            .iter()
            .any(|t| t == "Lê Văn Dở Dang"),
        "the draft is restored"
    );
}

#[test]
fn language_switch_changes_every_visible_string() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");

    // Setup wizard.
    let (mut app, rt) = app_for(&dir);
    let vi = visible_texts(&mut sim(&app));
    let t = app.update(Message::Language(Lang::En));
    settle(&rt, &mut app, t);
    let en = visible_texts(&mut sim(&app));
    assert_all_changed("setup", &vi, &en, &[]);

    // Lock screen and shell.
    let v = new_vault(&dir);
    // The unit's organisations are data (their names stay as typed).
    let mut org_names: Vec<String> = v.agencies().unwrap().into_iter().map(|a| a.name).collect();
    org_names.extend(v.gates().unwrap().into_iter().map(|g| g.name));
    v.close_quietly();
    let (mut app, rt) = app_for(&dir);
    let vi = visible_texts(&mut sim(&app));
    let t = app.update(Message::Language(Lang::En));
    settle(&rt, &mut app, t);
    let en = visible_texts(&mut sim(&app));
    assert_all_changed("lock screen", &vi, &en, &[]);
    let t = app.update(Message::Language(Lang::Vi));
    settle(&rt, &mut app, t);
    let m = type_into(&app, unlock::ID_USERNAME, "admin", false);
    feed(&rt, &mut app, m);
    let m = type_into(&app, unlock::ID_PASSWORD, PASSWORD, true);
    feed(&rt, &mut app, m);
    for area in [shell::Area::Admin, shell::Area::Audit] {
        let t = app.update(Message::Shell(shell::Message::Nav(area)));
        settle(&rt, &mut app, t);
        let vi = visible_texts(&mut sim(&app));
        let t = app.update(Message::Shell(shell::Message::Language(Lang::En)));
        settle(&rt, &mut app, t);
        let en = visible_texts(&mut sim(&app));
        // Data (names, numbers, dates, usernames) stays as it is.
        let data: Vec<String> = vi
            .iter()
            .filter(|t| {
                t.chars()
                    .all(|c| c.is_ascii_digit() || "/:# .-".contains(c))
                    || [
                        "Đồn Biên phòng Xa Mát",
                        "Quản trị",
                        "admin",
                        "{}",
                        "vault",
                        "dd/mm/yyyy",
                    ]
                    .contains(&t.as_str())
                    || t.starts_with('{')
                    || t.starts_with("Quản trị (admin)")
                    || org_names.contains(t)
                    // A province name, and validity dates ("01/03/2025 – ").
                    || t.starts_with("Tỉnh ")
                    || t.starts_with("Thành phố ")
                    || (t.contains(" – ")
                        && t.chars().all(|c| c.is_ascii_digit() || "/ –".contains(c)))
                    || (t.len() > 8 && t.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
            })
            .cloned()
            .collect();
        assert_all_changed(&format!("{area:?}"), &vi, &en, &data);
        let t = app.update(Message::Shell(shell::Message::Language(Lang::Vi)));
        settle(&rt, &mut app, t);
    }
    // The choice is remembered per user.
    let t = app.update(Message::Shell(shell::Message::Language(Lang::En)));
    settle(&rt, &mut app, t);
    let t = app.update(Message::Shell(shell::Message::Lock));
    settle(&rt, &mut app, t);
    let v = unlock(&dir, "admin");
    assert_eq!(v.user().language, "en");
}

fn assert_all_changed(screen: &str, vi: &[String], en: &[String], data: &[String]) {
    assert!(!vi.is_empty(), "{screen}: nothing visible");
    // Marks that are the same in every language (the asterisk of a required field).
    let marks = |t: &str| t.chars().all(|c| "*×›".contains(c) || c.is_whitespace());
    let unchanged: Vec<&String> = vi
        .iter()
        .filter(|t| !marks(t) && en.contains(t) && !data.contains(t))
        .collect();
    assert!(
        unchanged.is_empty(),
        "{screen}: not translated: {unchanged:?}"
    );
}

#[test]
fn both_languages_define_the_same_messages() {
    use tiepnhan::ui::i18n::ids_in;
    let vi = ids_in(Lang::Vi);
    let en = ids_in(Lang::En);
    let missing_en: Vec<_> = vi.iter().filter(|id| !en.contains(id)).collect();
    let missing_vi: Vec<_> = en.iter().filter(|id| !vi.contains(id)).collect();
    assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
    assert!(
        missing_vi.is_empty(),
        "missing in Vietnamese: {missing_vi:?}"
    );
    assert!(vi.len() > 100);
    // A message defined twice would hide one of its two texts (merges do this).
    for (name, ids) in [("vi", &vi), ("en", &en)] {
        let twice: Vec<_> = ids
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| &w[0])
            .collect();
        assert!(twice.is_empty(), "defined twice in {name}: {twice:?}");
    }
    // Every audit action has a label in both languages.
    for a in tiepnhan::ui::screens::audit::ACTIONS {
        for l in Lang::ALL {
            let label = tiepnhan::ui::screens::audit::action_label(l, a);
            assert_ne!(
                label,
                format!("audit-action-{a}"),
                "{a} has no label in {l:?}"
            );
        }
    }
}

#[test]
fn the_demo_flag_opens_a_demo_vault_that_signs_in_with_the_shown_password() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo-vault");
    let rt = runtime();
    let (mut app, task) = tiepnhan::ui::App::new(tiepnhan::ui::Config {
        vault_dir: dir.clone(),
        demo: true,
    });
    settle(&rt, &mut app, task);
    let State::Locked(u) = &app.state else {
        panic!("the demo opens on the sign-in screen, not on setup")
    };
    assert_eq!(
        u.demo_hint.as_ref().map(|(u, p)| (u.as_str(), p.as_str())),
        Some((tiepnhan::ui::DEMO_USER, tiepnhan::ui::DEMO_PASSWORD))
    );
    let m = type_into(&app, unlock::ID_PASSWORD, tiepnhan::ui::DEMO_PASSWORD, true);
    feed(&rt, &mut app, m);
    assert!(
        matches!(app.state, State::Unlocked(_)),
        "the password the sign-in screen shows opens the demo"
    );
}

#[test]
fn the_language_chosen_on_the_lock_screen_wins_and_is_remembered() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = new_vault(&dir);
    assert_eq!(v.user().language, "vi", "the admin's saved language");
    v.close_quietly();

    let sign_in = |app: &mut tiepnhan::ui::App, rt: &tokio::runtime::Runtime| {
        let m = type_into(app, unlock::ID_USERNAME, "admin", false);
        feed(rt, app, m);
        let m = type_into(app, unlock::ID_PASSWORD, PASSWORD, true);
        feed(rt, app, m);
        assert!(matches!(app.state, State::Unlocked(_)));
    };
    // English chosen on the lock screen: the session is in English.
    let (mut app, rt) = app_for(&dir);
    let t = app.update(Message::Language(Lang::En));
    settle(&rt, &mut app, t);
    sign_in(&mut app, &rt);
    assert_eq!(app.lang, Lang::En);
    let shown = visible_texts(&mut sim(&app));
    assert!(
        shown.contains(&t!(Lang::En, "shell-lock")),
        "the shell is not in English: {shown:?}"
    );
    drop(app);
    drop(rt);
    // ... and saved as the user's language.
    let v = unlock(&dir, "admin");
    assert_eq!(v.user().language, "en");
    v.close_quietly();

    // Next time, without touching the switch: the saved English.
    let (mut app, rt) = app_for(&dir);
    assert_eq!(app.lang, Lang::Vi, "before sign-in nobody is known");
    sign_in(&mut app, &rt);
    assert_eq!(app.lang, Lang::En);
}

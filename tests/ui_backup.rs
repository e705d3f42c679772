//! Backup and restore as an officer and an administrator would do them in the
//! app: the reminder, a backup to a folder, and a restore from the lock
//! screen that names what would be lost and waits for a confirmation.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::{backup, restore, shell};
use tiepnhan::ui::{App, Message, State};

fn add_case(dir: &std::path::Path, name: &str) {
    let mut v = unlock(dir, "admin");
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = name.into();
    c.identity.age_uncertain = true;
    v.create_case(&mut c).unwrap();
    v.close_quietly();
}

fn shows(app: &App, s: &str) -> bool {
    visible_texts(&mut sim(app)).iter().any(|t| t.contains(s))
}

#[test]
fn backup_from_the_reminder_then_restore_from_the_lock_screen() {
    let (tmp, dir) = empty_vault();
    add_case(&dir, "Lò Thị Một");
    let usb = tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();

    let (mut app, rt) = unlocked_app(&dir);

    // Never backed up and holding a case: the reminder is shown, and its
    // button leads to the Backup area.
    let banner = t!(Lang::Vi, "backup-reminder-banner");
    assert!(shows(&app, &banner), "no backup reminder");
    let m = click_text(&app, &t!(Lang::Vi, "backup-start"));
    feed(&rt, &mut app, m);
    assert!(shows(&app, &t!(Lang::Vi, "backup-title")));
    assert!(shows(&app, &t!(Lang::Vi, "backup-never")));

    // An empty folder is refused with a message; then the folder is typed and Enter pressed.
    let m = click_text(&app, &t!(Lang::Vi, "backup-start"));
    feed(&rt, &mut app, m);
    assert!(shows(&app, &t!(Lang::Vi, "backup-error-no-folder")));
    let m = type_into(&app, backup::ID_DEST, usb.to_str().unwrap(), true);
    feed(&rt, &mut app, m);
    let texts = visible_texts(&mut sim(&app));
    assert!(
        texts.iter().any(|t| t.starts_with("Đã sao lưu 1 hồ sơ")),
        "no success message: {texts:?}"
    );
    assert!(!texts.iter().any(|t| t == &banner), "the reminder stayed");
    let folder = std::fs::read_dir(&usb)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();

    // Lock; more work is done after the backup (here through the library).
    let t = app.update(Message::Shell(shell::Message::Lock));
    settle(&rt, &mut app, t);
    assert!(matches!(app.state, State::Locked(_)));
    add_case(&dir, "Lò Thị Hai");
    assert_eq!(cases_in(&dir), 2);

    // Restore from the lock screen.
    let m = click_text(&app, &t!(Lang::Vi, "restore-link"));
    feed(&rt, &mut app, m);
    assert!(matches!(app.state, State::Restore(_)));
    let m = type_into(&app, restore::ID_FOLDER, folder.to_str().unwrap(), false);
    feed(&rt, &mut app, m);
    let m = type_into(&app, restore::ID_USERNAME, "admin", false);
    feed(&rt, &mut app, m);
    let m = type_into(&app, restore::ID_PASSWORD, PASSWORD, true);
    feed(&rt, &mut app, m);
    let texts = visible_texts(&mut sim(&app));
    assert!(
        texts.iter().any(|t| t == &t!(Lang::Vi, "restore-check-ok")),
        "{texts:?}"
    );
    let loss = texts
        .iter()
        .find(|t| t.starts_with("Dữ liệu trên máy MỚI HƠN"))
        .unwrap_or_else(|| panic!("the loss is not named: {texts:?}"));
    assert!(loss.contains("1 hồ sơ mới"), "{loss}");

    // The restore button does nothing until the loss is confirmed.
    let m = click_text(&app, &t!(Lang::Vi, "restore-start"));
    feed(&rt, &mut app, m);
    assert!(matches!(app.state, State::Restore(_)));
    assert_eq!(cases_in(&dir), 2, "restored without confirmation");
    let m = click_text(&app, &t!(Lang::Vi, "restore-confirm-loss"));
    feed(&rt, &mut app, m);
    let m = click_text(&app, &t!(Lang::Vi, "restore-start"));
    feed(&rt, &mut app, m);
    assert!(
        shows(&app, &t!(Lang::Vi, "restore-done")),
        "{:?}",
        visible_texts(&mut sim(&app))
    );
    let m = click_text(&app, &t!(Lang::Vi, "restore-to-login"));
    feed(&rt, &mut app, m);
    assert!(matches!(app.state, State::Locked(_)));

    // The vault is the backup's; the newer one is kept beside it.
    assert_eq!(cases_in(&dir), 1);
    let kept: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("v.replaced-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(cases_in(&kept[0].path()), 2);
}

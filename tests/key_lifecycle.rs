//! Issue 19's attacks, each reproduced and shown to fail: who may do what is
//! enforced by keys and by the vault, not by the window.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use tiepnhan::domain::security::Role;
use tiepnhan::vault::accounts::KeySet;
use tiepnhan::vault::keyring::{Keyring, WrapKind};
use tiepnhan::vault::{OpenMode, Tuning, Vault, VaultError, check, db, db_path};

const OFFICER: &str = "cán bộ mật khẩu 2026";
const ATTACKER: &str = "mật khẩu kẻ gian 99";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// A vault with an administrator and an officer who has set their own password.
fn vault_with_officer(dir: &Path) {
    let mut v = new_vault(dir);
    v.create_user("canbo", "Cán bộ Lê Văn Tâm", Role::Officer, OFFICER)
        .unwrap();
    v.close_quietly();
    let mut o = Vault::unlock(dir, "canbo", OFFICER, now()).unwrap();
    o.change_own_password(OFFICER, "mật khẩu riêng của cán bộ")
        .unwrap();
    o.close_quietly();
}

const OFFICER_OWN: &str = "mật khẩu riêng của cán bộ";

fn unit_key_file(dir: &Path) -> tiepnhan::vault::transfer::UnitKeyFile {
    let other = dir.parent().unwrap().join("other-unit");
    tiepnhan::demo::create_demo_vault(&other, "mật khẩu đơn vị khác", 0, 2).unwrap();
    let mut v = Vault::unlock(&other, "demo", "mật khẩu đơn vị khác", now()).unwrap();
    let f = v.unit_key_file().unwrap();
    v.close_quietly();
    f
}

#[test]
fn an_officer_cannot_plant_an_admin_wrap_unnoticed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let file = unit_key_file(&dir);
    // The officer opens their own account offline and writes an account for
    // "admin" under a password of their choosing, holding the data key.
    let mut kr = Keyring::load(&dir).unwrap();
    let opened = kr
        .unwrap_user("canbo", OFFICER_OWN.as_bytes())
        .unwrap()
        .unwrap();
    assert!(
        opened.current.admin.is_none(),
        "an officer holds no admin key"
    );
    let tag = kr.user_tag("admin");
    let keys = KeySet {
        epoch: opened.current.epoch,
        data: opened.current.data.clone(),
        admin: None,
    };
    let pin = kr.current_pin();
    kr.put_account(WrapKind::User, tag, ATTACKER.as_bytes(), pin, &keys, None)
        .unwrap();
    kr.save(&dir).unwrap();
    // Signed in as "admin" with the planted account: the change is named,
    // audited, and no administrator right is granted.
    let mut v = Vault::unlock(&dir, "admin", ATTACKER, now()).unwrap();
    assert!(
        v.alarms()
            .state
            .iter()
            .any(|m| m.contains("replaced without an administrator's key")),
        "{:?}",
        v.alarms()
    );
    assert!(!v.holds_admin_key());
    let e = v.trust_unit(&file).unwrap_err();
    assert!(
        matches!(e, VaultError::Forbidden(_) | VaultError::StateMismatch(_)),
        "{e}"
    );
    assert!(matches!(
        v.create_user("ke_gian", "Kẻ gian", Role::Admin, ATTACKER),
        Err(VaultError::Forbidden(_) | VaultError::StateMismatch(_))
    ));
    assert!(audit_actions(&v).contains(&"state_mismatch".to_string()));
    assert!(
        v.accept_state().is_err(),
        "only the admin key can sign again"
    );
    v.close_quietly();
}

#[test]
fn an_officer_cannot_give_themselves_a_role() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    // With the data key, the officer edits their role in the database.
    let o = Vault::unlock(&dir, "canbo", OFFICER_OWN, now()).unwrap();
    o.conn()
        .execute(
            "UPDATE users SET role = 'admin' WHERE username = 'canbo'",
            [],
        )
        .unwrap();
    o.close_quietly();
    let mut o = Vault::unlock(&dir, "canbo", OFFICER_OWN, now()).unwrap();
    assert_eq!(o.user().role, Role::Admin, "the database says admin");
    assert!(
        o.alarms()
            .state
            .iter()
            .any(|m| m.contains("has role admin but an administrator signed officer")),
        "{:?}",
        o.alarms()
    );
    assert!(o.require_supervisor().is_err());
    assert!(matches!(
        o.set_setting("auto_lock_minutes", "60"),
        Err(VaultError::Forbidden(_) | VaultError::StateMismatch(_))
    ));
    o.close_quietly();
    // The administrator sees the same alarm, reviews it and signs again.
    let mut a = unlock(&dir, "admin");
    assert!(!a.alarms().state.is_empty());
    assert!(a.require_admin().is_err(), "refused until reviewed");
    a.accept_state().unwrap();
    a.require_admin().unwrap();
    a.update_user("canbo", None, Some(Role::Officer), None)
        .unwrap()
        .expect("taking the role back re-keys");
    a.close_quietly();
}

#[test]
fn a_deactivated_users_password_and_old_keyring_open_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let old_keyring = std::fs::read(dir.join("keyring.json")).unwrap();
    let mut a = unlock(&dir, "admin");
    let done = a
        .deactivate_user("canbo", &tiepnhan::vault::rekey::no_progress)
        .unwrap();
    assert_eq!(done.recovery_code.len(), 35);
    assert!(done.removed_accounts >= 1);
    a.close_quietly();
    assert!(matches!(
        Vault::unlock(&dir, "canbo", OFFICER_OWN, now()),
        Err(VaultError::Deactivated)
    ));
    // The officer's old keyring.json still opens their old account...
    let kr = Keyring::load_from_bytes(&old_keyring).unwrap();
    let opened = kr
        .unwrap_user("canbo", OFFICER_OWN.as_bytes())
        .unwrap()
        .unwrap();
    // ...whose data key no longer opens the database.
    let r = db::open(
        &db_path(&dir),
        &opened.current.data,
        OpenMode::ReadOnly,
        Tuning::default(),
    );
    assert!(r.is_err(), "the old data key opened the re-keyed database");
    // Putting the old keyring back opens nothing either.
    let copy = tmp.path().join("copy");
    copy_dir(&dir, &copy);
    std::fs::write(copy.join("keyring.json"), &old_keyring).unwrap();
    assert!(Vault::unlock(&copy, "canbo", OFFICER_OWN, now()).is_err());
    // The administrator goes on, and check passes.
    let r = check::run(&dir, "admin", PASSWORD, now()).unwrap();
    assert!(r.ok, "{:?}", r.findings);
}

#[test]
fn a_used_recovery_code_does_not_work_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let (v, code) = new_vault_with_code(&dir);
    v.close_quietly();
    let old_keyring = std::fs::read(dir.join("keyring.json")).unwrap();
    let rec = Vault::recover(&dir, &code, now()).unwrap();
    let mut v = rec.reset_admin("admin", "mật khẩu mới rất dài").unwrap();
    let new_code = v.take_issued_recovery_code().expect("a new code is issued");
    assert_ne!(new_code.as_str(), code);
    assert!(audit_actions(&v).contains(&"rekey_completed".to_string()));
    v.close_quietly();
    assert!(matches!(
        Vault::recover(&dir, &code, now()),
        Err(VaultError::WrongRecoveryCode)
    ));
    // The old code with the old keyring.json: the old key, which opens nothing.
    let kr = Keyring::load_from_bytes(&old_keyring).unwrap();
    let opened = kr.unwrap_recovery(&code).unwrap().unwrap();
    assert!(
        db::open(
            &db_path(&dir),
            &opened.current.data,
            OpenMode::ReadOnly,
            Tuning::default()
        )
        .is_err()
    );
    // The new code works, once more.
    let rec = Vault::recover(&dir, &new_code, now()).unwrap();
    drop(rec);
    // An administrator can renew the code at any time.
    let mut v = Vault::unlock(&dir, "admin", "mật khẩu mới rất dài", now()).unwrap();
    let renewed = v
        .renew_recovery_code(&tiepnhan::vault::rekey::no_progress)
        .unwrap();
    v.close_quietly();
    assert!(Vault::recover(&dir, &new_code, now()).is_err());
    assert!(Vault::recover(&dir, &renewed.recovery_code, now()).is_ok());
}

#[test]
fn an_officer_cannot_export_or_import_bundles_from_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let pass = "mật khẩu demo 42 dài";
    tiepnhan::demo::create_demo_vault(&dir, pass, 5, 1).unwrap();
    // The desk trusts its own unit, so only the role can refuse the import.
    let mut a = Vault::unlock(&dir, "demo", pass, now()).unwrap();
    let own = a.unit_key_file().unwrap();
    a.trust_unit(&own).unwrap();
    a.close_quietly();
    let vault = dir.to_str().unwrap();
    let out = tmp.path().join("b.age");
    let export = |user: &str, stdin: &str| {
        run(
            &[
                "bundle",
                "export",
                "--vault",
                vault,
                "--user",
                user,
                "--out",
                out.to_str().unwrap(),
                "--passphrase",
            ],
            stdin,
        )
    };
    // The demo officer still has to change the initial password: one line says so.
    let o = export("canbo", &format!("{pass}\nmột cụm mật khẩu gói\n"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("must change its password"), "{err}");
    let mut c = Vault::unlock(&dir, "canbo", pass, now()).unwrap();
    c.change_own_password(pass, OFFICER_OWN).unwrap();
    c.close_quietly();
    let o = export("canbo", &format!("{OFFICER_OWN}\nmột cụm mật khẩu gói\n"));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stderr(&o).contains("not allowed"), "{}", stderr(&o));
    assert!(!out.exists());
    // A supervisor's bundle, which the officer cannot import either.
    let o = export("demo", &format!("{pass}\nmột cụm mật khẩu gói\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &[
            "bundle",
            "import",
            "--vault",
            vault,
            "--user",
            "canbo",
            "--in",
            out.to_str().unwrap(),
        ],
        &format!("{OFFICER_OWN}\nmột cụm mật khẩu gói\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not allowed"), "{}", stderr(&o));
}

#[test]
fn a_deleted_or_lowered_lockout_is_detected_and_audited() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let mut t = now();
    for _ in 0..4 {
        let _ = Vault::unlock(&dir, "canbo", "sai mật khẩu rồi", t);
        t += chrono::Duration::minutes(2);
    }
    // Deleting the counters (and the record) to get fresh guesses.
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let p = dir.join("keyring.json");
        let mut k: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        f(&mut k);
        std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();
    };
    edit(&|k| {
        k.as_object_mut().unwrap().remove("lockout");
    });
    let v = Vault::unlock(&dir, "canbo", OFFICER_OWN, t).unwrap();
    assert!(
        v.alarms().lockout.iter().any(|m| m.contains("lowered")),
        "{:?}",
        v.alarms()
    );
    assert!(audit_actions(&v).contains(&"lockout_tampered".to_string()));
    let tampered: String = value(
        &v,
        "SELECT value FROM settings WHERE key = 'lockout.tampered'",
    );
    assert_eq!(tampered, "1");
    v.close_quietly();
    // The whole record removed: also found.
    for _ in 0..3 {
        let _ = Vault::unlock(&dir, "canbo", "sai mật khẩu rồi", t);
        t += chrono::Duration::minutes(2);
    }
    edit(&|k| {
        let o = k.as_object_mut().unwrap();
        o.remove("lockout");
        o.remove("failure_log");
    });
    let v = Vault::unlock(&dir, "canbo", OFFICER_OWN, t).unwrap();
    assert!(
        v.alarms()
            .lockout
            .iter()
            .any(|m| m.contains("removed or rolled back")),
        "{:?}",
        v.alarms()
    );
    v.close_quietly();
    // Untouched, nothing is reported.
    let v = Vault::unlock(&dir, "canbo", OFFICER_OWN, t).unwrap();
    assert!(v.alarms().lockout.is_empty());
}

#[test]
fn administrators_are_never_hard_locked_by_guesses() {
    let (_tmp, dir) = empty_vault();
    let mut t = now();
    for n in 1..=14u32 {
        match Vault::unlock(&dir, "admin", "không phải mật khẩu", t) {
            Err(VaultError::WrongCredentials { failures }) => assert_eq!(failures, n),
            other => panic!("attempt {n}: {:?}", other.err()),
        }
        t += chrono::Duration::hours(1);
    }
    // A delay, never a hard lock; the right password then works.
    let r = Vault::unlock(&dir, "admin", PASSWORD, t - chrono::Duration::minutes(59));
    assert!(matches!(r, Err(VaultError::Wait { .. })), "{:?}", r.err());
    assert!(Vault::unlock(&dir, "admin", PASSWORD, t).is_ok());
}

#[test]
fn weak_passwords_are_refused_with_a_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    for (p, key) in [
        ("ngắn quá", "short"),
        ("password1234", "common"),
        ("canbo2canbo2", "name"),
    ] {
        match v.create_user("canbo2", "Cán bộ Hai", Role::Officer, p) {
            Err(VaultError::Password(reason)) => assert_eq!(reason.key(), key, "{p}"),
            other => panic!("{p}: {:?}", other.err()),
        }
    }
}

#[test]
fn a_keyring_with_absurd_work_factors_is_refused_at_once() {
    let (_tmp, dir) = empty_vault();
    let p = dir.join("keyring.json");
    let mut k: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    k["kdf"]["t"] = serde_json::json!(4_000_000_000u64);
    std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();
    let t = Instant::now();
    let e = Vault::unlock(&dir, "admin", PASSWORD, now()).err().unwrap();
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
    assert!(e.to_string().contains("ceiling"), "{e}");
    let e = Vault::recover(&dir, "00000-00000-00000-00000-00000-00000", now())
        .err()
        .unwrap();
    assert!(e.to_string().contains("ceiling"), "{e}");
    // Memory too.
    k["kdf"]["t"] = serde_json::json!(3);
    k["accounts"][0]["wrap"]["kdf"]["m_kib"] = serde_json::json!(64u64 * 1024 * 1024);
    std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();
    let e = Vault::unlock(&dir, "admin", PASSWORD, now()).err().unwrap();
    assert!(e.to_string().contains("ceiling"), "{e}");
}

#[test]
fn a_lowered_kdf_is_found_and_not_used_for_new_passwords() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = new_vault(&dir);
    let strong = v.keyring().kdf;
    v.close_quietly();
    let p = dir.join("keyring.json");
    let mut k: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    k["kdf"]["m_kib"] = serde_json::json!(65536 + 1024);
    std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();
    let v = unlock(&dir, "admin");
    assert!(v.alarms().kdf);
    assert_eq!(
        v.keyring().kdf,
        strong,
        "the account's own parameters are used"
    );
}

#[cfg(unix)]
#[test]
fn vault_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    v.set_setting("x", "y").unwrap();
    for f in ["tiepnhan.db", "keyring.json", "tiepnhan.db-wal"] {
        let mode = std::fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f} is {mode:o}");
    }
    v.close_quietly();
}

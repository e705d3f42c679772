//! The foundation's acceptance: init/check, wrong passphrases, no plaintext on
//! disk, damage and tampering detected by `check`.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use common::*;
use tiepnhan::domain::security::Role;
use tiepnhan::vault::{Vault, VaultError, check};

fn check_cli(dir: &Path, user: &str, pass: &str) -> std::process::Output {
    run(
        &["check", "--vault", dir.to_str().unwrap(), "--user", user],
        &format!("{pass}\n"),
    )
}

#[test]
fn init_then_check_passes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let out = run(
        &[
            "init",
            "--vault",
            dir.to_str().unwrap(),
            "--unit",
            "Đồn Biên phòng Mộc Bài",
            "--admin",
            "quantri",
            "--province",
            "80",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success(), "init failed: {}", stderr(&out));
    let code = stdout(&out);
    let code = code.trim();
    assert_eq!(code.len(), 35, "recovery code printed: 6 groups of 5");
    assert!(
        code.split('-')
            .all(|g| g.len() == 5 && g.chars().all(|c| c.is_ascii_alphanumeric()))
    );
    assert!(tiepnhan::domain::security::parse_recovery_code(code).is_some());
    // The recovery code is not stored in the clear.
    assert!(files_containing(&dir, code.as_bytes()).is_empty());

    let out = check_cli(&dir, "quantri", PASSWORD);
    assert!(out.status.success(), "check failed: {}", stderr(&out));
    assert!(stdout(&out).starts_with("ok:"));

    // --json prints the findings (none).
    let out = run(
        &[
            "check",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "quantri",
            "--json",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);

    // The recovery code opens the vault.
    let rec = Vault::recover(&dir, &code.to_lowercase(), chrono::Utc::now())
        .expect("recovery code works");
    assert_eq!(rec.admins().unwrap()[0].0, "quantri");
}

#[test]
fn wrong_passphrase_is_refused_counted_and_audited_later() {
    let (_tmp, dir) = empty_vault();

    let out = check_cli(&dir, "admin", "not the passphrase");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line, got: {err:?}");
    assert!(err.contains("wrong username or passphrase"), "{err}");
    assert!(
        !err.to_lowercase().contains("hmac") && !err.contains("sqlcipher"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());

    let out = check_cli(&dir, "admin", "still not it");
    assert_eq!(out.status.code(), Some(1));
    let kr = tiepnhan::vault::keyring::Keyring::load(&dir).unwrap();
    assert_eq!(
        kr.lockout_of("admin").failures,
        2,
        "the counter survives restarts"
    );

    // The next successful login writes both failures to the audit log and resets the counter.
    let v = unlock(&dir, "admin");
    let failed: i64 = count(
        &v,
        "SELECT count(*) FROM audit WHERE action = 'login_failed'",
    );
    assert_eq!(failed, 2);
    assert_eq!(v.keyring().lockout_of("admin").failures, 0);
    v.close_quietly();
    assert!(check_cli(&dir, "admin", PASSWORD).status.success());
}

#[test]
fn growing_delay_and_hard_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    v.create_user("canbo1", "Cán bộ Một", Role::Officer, PASSWORD)
        .unwrap();
    v.close_quietly();
    let mut t = chrono::Utc::now();
    for n in 1..=9u32 {
        match Vault::unlock(&dir, "canbo1", "sai mật khẩu", t) {
            Err(VaultError::WrongCredentials { failures }) => assert_eq!(failures, n),
            Err(e) => panic!("attempt {n}: {e}"),
            Ok(_) => panic!("wrong password accepted"),
        }
        if n >= 3 {
            // Right away: the delay is enforced, even with the right password.
            match Vault::unlock(&dir, "canbo1", PASSWORD, t) {
                Err(VaultError::Wait { seconds }) => assert!(seconds >= 1),
                Err(e) => panic!("expected a wait after {n} failures, got {e}"),
                Ok(_) => panic!("the delay was not enforced"),
            }
        }
        t += chrono::Duration::seconds(61);
    }
    assert!(matches!(
        Vault::unlock(&dir, "canbo1", "sai mật khẩu", t),
        Err(VaultError::WrongCredentials { failures: 10 })
    ));
    t += chrono::Duration::hours(5);
    // Hard locked: even the right password is refused.
    let r = Vault::unlock(&dir, "canbo1", PASSWORD, t);
    assert!(matches!(r, Err(VaultError::HardLocked)), "{:?}", r.err());
    // An administrator unlocks it; the ten failures reach the audit log.
    let mut admin = unlock(&dir, "admin");
    admin.unlock_account("canbo1").unwrap();
    let failed: i64 = count(
        &admin,
        "SELECT count(*) FROM audit WHERE action = 'login_failed'",
    );
    assert_eq!(failed, 10);
    admin.close_quietly();
    let officer = Vault::unlock(&dir, "canbo1", PASSWORD, t).expect("unlocked by admin");
    assert_eq!(officer.user().role, Role::Officer);
}

#[test]
fn recovery_code_lifts_an_admin_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let (v, code) = new_vault_with_code(&dir);
    v.close_quietly();
    let mut t = chrono::Utc::now();
    for _ in 0..10 {
        let _ = Vault::unlock(&dir, "admin", "sai", t);
        t += chrono::Duration::minutes(2);
    }
    // Administrators are never hard-locked by guesses (issue 19): the delay
    // keeps growing, and the recovery code is the way out.
    let r = Vault::unlock(&dir, "admin", "sai", t);
    assert!(
        matches!(
            r,
            Err(VaultError::Wait { .. } | VaultError::WrongCredentials { .. })
        ),
        "{:?}",
        r.err()
    );
    assert!(matches!(
        Vault::recover(&dir, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", t),
        Err(VaultError::WrongRecoveryCode)
    ));
    let rec = Vault::recover(&dir, &code, t).unwrap();
    let v = rec.reset_admin("admin", "mật khẩu mới rất dài").unwrap();
    let events = audit_actions(&v);
    assert!(events.iter().filter(|a| *a == "login_failed").count() == 10);
    assert!(events.contains(&"recovery_used".to_string()));
    v.close_quietly();
    assert!(Vault::unlock(&dir, "admin", "mật khẩu mới rất dài", t).is_ok());
    assert!(matches!(
        Vault::unlock(&dir, "admin", PASSWORD, t),
        Err(VaultError::WrongCredentials { .. })
    ));
}

#[test]
fn users_roles_and_passwords() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    assert!(matches!(
        v.create_user("canbo", "Cán bộ", Role::Officer, "ngắn"),
        Err(VaultError::Password(_))
    ));
    v.create_user("canbo", "Cán bộ", Role::Officer, PASSWORD)
        .unwrap();
    assert!(matches!(
        v.create_user("CanBo", "Trùng", Role::Officer, PASSWORD),
        Err(VaultError::Duplicate(_))
    ));
    assert!(
        matches!(
            v.update_user("admin", None, Some(Role::Officer), None),
            Err(VaultError::Invalid(_))
        ),
        "last admin"
    );
    v.update_user("canbo", None, Some(Role::Supervisor), None)
        .unwrap();
    v.close_quietly();
    // An officer cannot administer.
    let mut s = unlock(&dir, "canbo");
    assert_eq!(s.user().role, Role::Supervisor);
    assert!(s.user().must_change_password);
    assert!(matches!(
        s.create_user("x12", "X", Role::Admin, PASSWORD),
        Err(VaultError::Forbidden(_))
    ));
    // Changing a password re-wraps only: the database is untouched and still opens.
    s.change_own_password(PASSWORD, "một mật khẩu khác")
        .unwrap();
    s.close_quietly();
    assert!(Vault::unlock(&dir, "canbo", "một mật khẩu khác", chrono::Utc::now()).is_ok());
    // Deactivated accounts cannot log in.
    let mut a = unlock(&dir, "admin");
    a.update_user("canbo", None, None, Some(false)).unwrap();
    a.close_quietly();
    assert!(matches!(
        Vault::unlock(&dir, "canbo", "một mật khẩu khác", chrono::Utc::now()),
        Err(VaultError::Deactivated)
    ));
}

#[test]
fn no_plaintext_in_the_vault_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let canary = format!("Nguyễn Thị ZZCANARY {}", uuid::Uuid::now_v7());
    let mut v = new_vault(&dir);
    v.save_draft("case:new", &format!("{{\"full_name\": \"{canary}\"}}"))
        .unwrap();
    for i in 0..50 {
        v.save_draft(&format!("slot{i}"), &format!("{canary} {i}"))
            .unwrap();
    }
    // While open: database, WAL and shared memory.
    for f in [
        "tiepnhan.db",
        "tiepnhan.db-wal",
        "tiepnhan.db-shm",
        "keyring.json",
    ] {
        assert!(
            dir.join(f).exists() || f.ends_with("shm"),
            "{f} exists while open"
        );
    }
    for needle in [canary.as_bytes(), "ZZCANARY".as_bytes(), "Nguy".as_bytes()] {
        let hits = files_containing(&dir, needle);
        assert!(hits.is_empty(), "plaintext found in {hits:?}");
    }
    v.close_quietly();
    assert!(files_containing(&dir, b"ZZCANARY").is_empty());
    // And the draft really is there.
    let v = unlock(&dir, "admin");
    assert!(v.load_draft("case:new").unwrap().unwrap().contains(&canary));
}

/// A closed vault with enough content for many pages.
fn populated(dir: &Path) -> usize {
    let mut v = new_vault(dir);
    for i in 0..120 {
        v.set_setting(&format!("bulk.{i}"), &"x".repeat(900))
            .unwrap();
    }
    v.close_quietly();
    let len = std::fs::metadata(dir.join("tiepnhan.db")).unwrap().len();
    assert_eq!(len % 4096, 0);
    assert!(
        !dir.join("tiepnhan.db-wal").exists()
            || std::fs::metadata(dir.join("tiepnhan.db-wal"))
                .unwrap()
                .len()
                == 0
    );
    (len / 4096) as usize
}

fn flip_byte(path: &Path, offset: u64) {
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let mut b = [0u8; 1];
    f.seek(SeekFrom::Start(offset)).unwrap();
    std::io::Read::read_exact(&mut f, &mut b).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(&[b[0] ^ 0x01]).unwrap();
}

#[test]
fn damage_is_detected_by_check() {
    let tmp = tempfile::tempdir().unwrap();
    let clean = tmp.path().join("clean");
    let pages = populated(&clean);
    assert!(pages >= 20, "only {pages} pages");
    assert!(check_cli(&clean, "admin", PASSWORD).status.success());

    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage)> = vec![
        (
            "page 1",
            Box::new(|d: &Path| flip_byte(&d.join("tiepnhan.db"), 2000)),
        ),
        (
            "middle page",
            Box::new(move |d: &Path| {
                flip_byte(&d.join("tiepnhan.db"), (pages as u64 / 2) * 4096 + 1234)
            }),
        ),
        (
            "last page",
            Box::new(move |d: &Path| {
                flip_byte(&d.join("tiepnhan.db"), (pages as u64 - 1) * 4096 + 100)
            }),
        ),
        (
            "truncated on a page boundary",
            Box::new(move |d: &Path| {
                let f = OpenOptions::new()
                    .write(true)
                    .open(d.join("tiepnhan.db"))
                    .unwrap();
                f.set_len((pages as u64 - 3) * 4096).unwrap();
            }),
        ),
        (
            "truncated mid-page",
            Box::new(move |d: &Path| {
                let f = OpenOptions::new()
                    .write(true)
                    .open(d.join("tiepnhan.db"))
                    .unwrap();
                f.set_len((pages as u64 - 1) * 4096 + 1000).unwrap();
            }),
        ),
    ];
    for (i, (what, damage)) in cases.iter().enumerate() {
        let d = tmp.path().join(format!("case{i}"));
        copy_dir(&clean, &d);
        damage(&d);
        let out = check_cli(&d, "admin", PASSWORD);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: check passed on a damaged vault"
        );
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(
            err.contains("page")
                || err.contains("cut short")
                || err.contains("damaged")
                || err.contains("malformed"),
            "{what}: the finding does not say what: {err}"
        );
        // The JSON report names the kind of damage.
        let out = run(
            &[
                "check",
                "--vault",
                d.to_str().unwrap(),
                "--user",
                "admin",
                "--json",
            ],
            &format!("{PASSWORD}\n"),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["ok"], false, "{what}");
        assert!(!v["findings"].as_array().unwrap().is_empty(), "{what}");
    }
}

#[test]
fn an_older_copy_of_the_database_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    v.set_setting("a", "1").unwrap();
    v.close_quietly();
    let old = std::fs::read(dir.join("tiepnhan.db")).unwrap();
    let mut v = unlock(&dir, "admin");
    v.set_setting("b", "2").unwrap();
    v.close_quietly();
    std::fs::write(dir.join("tiepnhan.db"), old).unwrap();
    let _ = std::fs::remove_file(dir.join("tiepnhan.db-wal"));
    let _ = std::fs::remove_file(dir.join("tiepnhan.db-shm"));
    let out = check_cli(&dir, "admin", PASSWORD);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("older copy"), "{}", stderr(&out));
}

/// Edit the audit table by hand with the key (triggers dropped first);
/// returns the newest sequence number before the edit.
fn tamper(dir: &Path, sql: &str) -> i64 {
    let v = unlock(dir, "admin");
    let head: i64 = count(&v, "SELECT max(seq) FROM audit");
    v.conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; {sql}"
        ))
        .unwrap();
    v.close_quietly();
    head
}

#[test]
fn audit_tampering_names_the_first_broken_event() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let mut v = new_vault(&base);
    for i in 0..10 {
        v.set_setting(&format!("k{i}"), "v").unwrap();
    }
    // The triggers refuse changes through SQL.
    assert!(
        v.conn()
            .execute("UPDATE audit SET action = 'x' WHERE seq = 2", [])
            .is_err()
    );
    assert!(
        v.conn()
            .execute("DELETE FROM audit WHERE seq = 2", [])
            .is_err()
    );
    v.close_quietly();

    for (sql, seq) in [
        ("UPDATE audit SET action = 'login' WHERE seq = 5;", 5),
        ("UPDATE audit SET details = '{}' WHERE seq = 7;", 7),
        ("DELETE FROM audit WHERE seq = 6;", 6),
        (
            "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);",
            -1,
        ),
    ] {
        let d = tmp.path().join(format!("t{seq}"));
        copy_dir(&base, &d);
        let head = tamper(&d, sql);
        let expected = if seq < 0 { head } else { seq };
        let out = run(
            &[
                "check",
                "--vault",
                d.to_str().unwrap(),
                "--user",
                "admin",
                "--json",
            ],
            &format!("{PASSWORD}\n"),
        );
        assert_eq!(out.status.code(), Some(1), "{sql}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let chain = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "audit_chain")
            .unwrap_or_else(|| panic!("{sql}: no audit finding in {v}"));
        assert_eq!(chain["seq"], expected, "{sql}: {chain}");
        let out = check_cli(&d, "admin", PASSWORD);
        assert!(
            stderr(&out).contains(&format!("#{expected}")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn check_reports_removed_triggers() {
    let (_tmp, dir) = empty_vault();
    tamper(&dir, "");
    let r = check::run(&dir, "admin", PASSWORD, chrono::Utc::now()).unwrap();
    assert!(!r.ok);
    assert!(r.findings.iter().any(|f| f.kind == "audit_triggers"));
}

#[test]
fn migrations_from_empty_and_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = new_vault(&dir);
    let n = tiepnhan::vault::migrations::MIGRATIONS.len() as i64;
    assert_eq!(
        tiepnhan::vault::migrations::schema_version(v.conn()).unwrap(),
        n
    );
    v.close_quietly();
    // Unlocking runs the migrations again: nothing changes.
    let v = unlock(&dir, "admin");
    assert_eq!(
        tiepnhan::vault::migrations::schema_version(v.conn()).unwrap(),
        n
    );
    let fk: i64 = v
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // A database from a newer program is refused.
    v.conn().pragma_update(None, "user_version", n + 1).unwrap();
    v.close_quietly();
    assert!(matches!(
        Vault::unlock(&dir, "admin", PASSWORD, chrono::Utc::now()),
        Err(VaultError::TooNew { .. })
    ));
}

#[test]
fn a_second_process_cannot_open_an_open_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let v = new_vault(&dir);
    let out = check_cli(&dir, "admin", PASSWORD);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("open in another"), "{}", stderr(&out));
    drop(v);
    assert!(check_cli(&dir, "admin", PASSWORD).status.success());
}

//! Issue 25's findings about the audit trail, each reproduced and shown to be
//! detected: dropped, null and rolled-back anchors, an officer-forged anchor,
//! a break found at unlock, checkpoints outside the folder, backups without
//! officers' accounts.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::*;
use tiepnhan::domain::security::Role;
use tiepnhan::vault::keyring::Keyring;
use tiepnhan::vault::{Vault, backup, check};

const OFFICER: &str = "mật khẩu riêng của cán bộ";

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

fn vault_with_officer(dir: &Path) {
    let mut v = new_vault(dir);
    v.create_user("canbo", "Cán bộ Tâm", Role::Officer, OFFICER)
        .unwrap();
    v.create_user("chihuy", "Chỉ huy Bảo", Role::Supervisor, OFFICER)
        .unwrap();
    v.close_quietly();
    for u in ["canbo", "chihuy"] {
        let mut o = Vault::unlock(dir, u, OFFICER, now()).unwrap();
        o.change_own_password(OFFICER, "mật khẩu mới của đồng chí")
            .unwrap();
        o.close_quietly();
    }
}

const OWN: &str = "mật khẩu mới của đồng chí";

fn edit_keyring(dir: &Path, f: impl Fn(&mut serde_json::Value)) {
    let p = dir.join("keyring.json");
    let mut k: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    f(&mut k);
    std::fs::write(&p, serde_json::to_vec(&k).unwrap()).unwrap();
}

fn findings(dir: &Path, user: &str, pass: &str) -> Vec<check::Finding> {
    check::run(dir, user, pass, now()).unwrap().findings
}

fn has_action(v: &Vault, action: &str) -> bool {
    v.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1",
            [action],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        > 0
}

#[test]
fn a_null_or_dropped_anchor_is_a_finding_and_an_alarm() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, drop_field) in [("null", false), ("dropped", true)] {
        let dir = tmp.path().join(name);
        vault_with_officer(&dir);
        edit_keyring(&dir, |k| {
            let o = k.as_object_mut().unwrap();
            if drop_field {
                o.remove("anchor");
                o.remove("sealed_anchor");
            } else {
                o.insert("anchor".into(), serde_json::Value::Null);
            }
        });
        let f = findings(&dir, "admin", PASSWORD);
        assert!(
            f.iter()
                .any(|f| f.kind == "anchor" && f.message.contains("no audit anchor")),
            "{name}: {f:?}"
        );
        // The unlock raises the alarm and writes it to the log.
        let v = Vault::unlock(&dir, "chihuy", OWN, now()).unwrap();
        assert!(!v.alarms().audit.is_empty(), "{name}");
        assert!(has_action(&v, "audit_alarm"), "{name}");
        v.close_quietly();
    }
}

#[test]
fn a_rolled_back_keyring_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let old = std::fs::read(dir.join("keyring.json")).unwrap();
    let mut v = Vault::unlock(&dir, "canbo", OWN, now()).unwrap();
    for i in 0..3 {
        v.save_draft(&format!("d{i}"), "{}").unwrap();
    }
    v.close_quietly();
    std::fs::write(dir.join("keyring.json"), old).unwrap();
    let f = findings(&dir, "chihuy", OWN);
    assert!(
        f.iter()
            .any(|f| f.message.contains("rolled back or replaced")),
        "{f:?}"
    );
}

#[test]
fn an_officer_cannot_forge_the_anchor_after_deleting_events() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    // The officer's forged entries, then an administrator's sign-in seals them.
    let mut o = Vault::unlock(&dir, "canbo", OWN, now()).unwrap();
    let before: i64 = count(&o, "SELECT max(seq) FROM audit");
    for i in 0..3 {
        o.audit_access("case_viewed", &format!("forged-{i}"), serde_json::json!({}))
            .unwrap();
    }
    o.close_quietly();
    unlock(&dir, "admin").close_quietly();
    // The officer deletes them (triggers dropped), re-seals the data anchor
    // with the key every user has, and forges the administrators' seal.
    {
        let mut kr = Keyring::load(&dir).unwrap();
        let opened = kr.unwrap_user("canbo", OWN.as_bytes()).unwrap().unwrap();
        let conn = tiepnhan::vault::db::open(
            &tiepnhan::vault::db_path(&dir),
            &opened.current.data,
            tiepnhan::vault::OpenMode::ReadWrite,
            Default::default(),
        )
        .unwrap();
        conn.execute_batch(&format!(
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
             DELETE FROM audit WHERE seq > {before};"
        ))
        .unwrap();
        let (seq, hash) = tiepnhan::vault::audit::head(&conn).unwrap().unwrap();
        drop(conn);
        kr.set_anchor(&opened.current.data, seq, &hash);
        let forger = tiepnhan::vault::accounts::AdminKey::generate();
        let epoch = kr.admin_keys.last().unwrap().epoch;
        kr.sealed_anchor = Some(tiepnhan::vault::state::seal_anchor(
            &kr, &forger, epoch, seq, &hash,
        ));
        kr.save(&dir).unwrap();
    }
    // The supervisor's check says so.
    let f = findings(&dir, "chihuy", OWN);
    assert!(
        f.iter()
            .any(|f| f.message.contains("not signed by an administrator's key")),
        "{f:?}"
    );
    // Without the forged seal, the removal itself shows.
    edit_keyring(&dir, |k| {
        k.as_object_mut().unwrap().remove("sealed_anchor");
    });
    let f = findings(&dir, "chihuy", OWN);
    assert!(!f.is_empty());
}

#[test]
fn a_break_in_the_chain_is_found_at_unlock() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let mut o = Vault::unlock(&dir, "canbo", OWN, now()).unwrap();
    o.audit_access("case_viewed", "some-case", serde_json::json!({}))
        .unwrap();
    let seq: i64 = count(&o, "SELECT max(seq) FROM audit");
    // The triggers dropped and an event after the sealed anchor rewritten.
    o.conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
             UPDATE audit SET target = 'another-case' WHERE seq = {seq};"
        ))
        .unwrap();
    o.close_quietly();
    let a = unlock(&dir, "admin");
    assert!(
        a.alarms()
            .audit
            .iter()
            .any(|m| m.contains(&format!("event #{seq} was altered"))),
        "{:?}",
        a.alarms()
    );
    assert!(has_action(&a, "audit_alarm"));
    a.close_quietly();
}

#[test]
fn checkpoints_outside_the_folder_catch_a_rollback() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let v = unlock(&dir, "admin");
    let cp = v.checkpoint().unwrap();
    assert!(v.checkpoint_text().unwrap().ends_with(&cp.text()));
    v.close_quietly();
    let old_db = std::fs::read(dir.join("tiepnhan.db")).unwrap();
    let mut v = unlock(&dir, "admin");
    v.set_setting("later", "1").unwrap();
    v.close_quietly();
    run_ok(
        &[
            "check",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "admin",
            "--against",
            &cp.text(),
        ],
        &format!("{PASSWORD}\n"),
    );
    // A checkpoint the vault does not hold.
    let wrong = format!("{}:{}", cp.seq, "0".repeat(64));
    let out = run(
        &[
            "check",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "admin",
            "--against",
            &wrong,
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("checkpoint"), "{}", stderr(&out));
    // The whole folder rolled back to an older copy (keyring included) is
    // consistent in itself; a later checkpoint kept elsewhere is not in it.
    let v = unlock(&dir, "admin");
    let later = v.checkpoint().unwrap();
    v.close_quietly();
    std::fs::write(dir.join("tiepnhan.db"), old_db).unwrap();
    let _ = std::fs::remove_file(dir.join("tiepnhan.db-wal"));
    let out = run(
        &[
            "check",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "admin",
            "--against",
            &later.text(),
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_backup_holds_no_officer_accounts_and_a_restore_gives_them_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_officer(&dir);
    let out = tmp.path().join("usb");
    std::fs::create_dir_all(&out).unwrap();
    let mut v = unlock(&dir, "admin");
    let done = v.backup(&out, now()).unwrap();
    v.close_quietly();
    let kr = Keyring::load(&done.folder).unwrap();
    assert!(kr.has_user("admin"));
    assert!(
        !kr.has_user("canbo"),
        "an officer's account is on the stick"
    );
    assert!(!kr.has_user("chihuy"));
    assert!(
        kr.unwrap_user("canbo", OWN.as_bytes()).unwrap().is_none(),
        "the officer's password opens the backup"
    );
    assert_eq!(done.manifest.audit_hash.len(), 64);
    // Restored over the same vault, the officers sign in as before.
    let mut v = unlock(&dir, "admin");
    v.set_setting("after-backup", "1").unwrap();
    v.close_quietly();
    let plan = backup::plan_restore(&done.folder, &dir, "admin", PASSWORD).unwrap();
    backup::restore(&plan, "admin", PASSWORD, true, now()).unwrap();
    let o = Vault::unlock(&dir, "canbo", OWN, now()).unwrap();
    assert!(o.alarms().state.is_empty(), "{:?}", o.alarms());
    o.close_quietly();
    let s = Vault::unlock(&dir, "chihuy", OWN, now()).unwrap();
    s.require_supervisor().unwrap();
    s.close_quietly();
    let r = check::run(&dir, "admin", PASSWORD, now()).unwrap();
    assert!(r.ok, "{:?}", r.findings);
}

#[test]
fn a_desk_refuses_a_bundle_from_a_rolled_back_post() {
    use tiepnhan::export::bundle::{self, Key, Seal};
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("post");
    let desk = tmp.path().join("desk");
    let pass = "mật khẩu đồn biên phòng";
    tiepnhan::demo::create_demo_vault(&post, pass, 10, 3).unwrap();
    tiepnhan::demo::create_demo_vault(&desk, pass, 0, 4).unwrap();
    let open = |d: &Path| Vault::unlock(d, "demo", pass, now()).unwrap();
    let file = open(&post).unit_key_file().unwrap();
    open(&desk).trust_unit(&file).unwrap();
    let send = |post: &Path| {
        let mut v = open(post);
        let p = v.bundle_payload("passphrase", false).unwrap();
        let b = bundle::seal(
            &p,
            &v.unit_signing_key().unwrap(),
            Seal::Passphrase("cụm mật khẩu gói"),
        )
        .unwrap();
        v.record_bundle_sent("passphrase", &p).unwrap();
        v.close_quietly();
        b
    };
    let receive = |b: &[u8]| {
        let mut d = open(&desk);
        let (p, public) = bundle::open(b, Key::Passphrase("cụm mật khẩu gói")).unwrap();
        let (fp, _) = d.trusted_sender(&public).unwrap().unwrap();
        let r = d.apply_import(&p, &fp).map(|_| ());
        d.close_quietly();
        r
    };
    // The post is copied aside (its "backup"), then goes on and sends.
    let aside = tmp.path().join("post-copy");
    copy_dir(&post, &aside);
    receive(&send(&post)).unwrap();
    receive(&send(&post)).unwrap();
    // The post is rolled back to the copy and sends again: its first
    // bundles are refused by their numbers, and once the numbers pass the
    // desk's, by the checkpoint its chain no longer extends.
    let e = receive(&send(&aside)).unwrap_err();
    assert!(e.to_string().contains("older bundle"), "{e}");
    let _ = receive(&send(&aside));
    let e = receive(&send(&aside)).unwrap_err();
    assert!(
        e.to_string().contains("does not extend the checkpoint"),
        "{e}"
    );
}

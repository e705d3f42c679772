//! Backup and restore.
//!
//! A backup is a folder `tiepnhan-backup-YYYYMMDD-HHMMSS` holding a copy of the
//! database made by `sqlcipher_export` under the same data key (so it is as
//! encrypted as the vault), the keyring (so the same accounts and the recovery
//! code open it) and `backup.json` (dates and counts, no personal data). It is
//! written into a hidden staging folder, re-opened read-only and checked page
//! by page, and only then renamed into place; a failure at any point leaves
//! the vault and the destination as they were.
//!
//! A restore checks the backup first, refuses a backup of another vault over
//! an existing one, and when the vault at the target is newer than the backup
//! it says what would be lost and needs an explicit confirmation. The vault it
//! replaces is kept aside (renamed), never deleted.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::check::{self, CheckReport};
use super::fsio::{self, sync_dir, write_atomic};
use super::keyring::{DataKey, KEYRING_FILE, Keyring};
use super::lock::VaultLock;
use super::{OpenMode, Result, Vault, VaultError, db, db_path, exists, load_session_user};
use crate::domain::audit::action;
use crate::domain::security::Role;

pub const MANIFEST_FILE: &str = "backup.json";
pub const FORMAT: &str = "tiepnhan-backup";
pub const FORMAT_VERSION: u32 = 1;
/// Settings keys.
pub const LAST_BACKUP_KEY: &str = "backup.last_at";
pub const REMINDER_DAYS_KEY: &str = "backup.reminder_days";
pub const DEFAULT_REMINDER_DAYS: u32 = 7;

/// `backup.json`: what a person choosing a backup needs to see, nothing personal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub vault_id: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub schema_version: i64,
    pub cases: i64,
    pub audit_seq: i64,
    pub db_sha256: String,
    /// The hash of event `audit_seq`: with it, the backup is a checkpoint
    /// (`tiepnhan check --against SEQ:HASH`).
    #[serde(default)]
    pub audit_hash: String,
}

/// The result of a backup.
#[derive(Debug, Clone)]
pub struct BackupDone {
    pub folder: PathBuf,
    pub manifest: Manifest,
    pub bytes: u64,
}

/// What a restore would do to the target folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// No vault there: the backup becomes a new vault.
    Empty,
    /// The same vault, no newer than the backup: nothing recorded is lost.
    SameNotNewer,
    /// The same vault with work the backup lacks.
    SameNewer(Loss),
}

/// What restoring an older backup over a newer vault throws away.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loss {
    /// Cases the backup does not hold at all.
    pub cases_added: i64,
    /// Cases edited since the backup.
    pub cases_changed: i64,
    /// Screening records and referrals added or changed since the backup.
    pub screenings: i64,
    pub referrals: i64,
    /// Audit events after the backup's last one.
    pub audit_events: i64,
    /// When the newest of those changes was made.
    pub newest: Option<String>,
}

/// A checked backup ready to restore.
#[derive(Debug, Clone)]
pub struct RestorePlan {
    pub backup: PathBuf,
    pub target: PathBuf,
    pub manifest: Manifest,
    pub check: CheckReport,
    pub state: Target,
}

/// The result of a restore.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Where the vault that was replaced now lives (kept, never deleted).
    pub replaced_kept_at: Option<PathBuf>,
    pub cases: i64,
}

fn now_stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%d-%H%M%S").to_string()
}

fn sha256_file(path: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = fs::File::open(path).map_err(|e| VaultError::io("read backup", e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| VaultError::io("read backup", e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// What a copy must agree on with its source: the number of cases and the
/// last audit sequence number.
fn extent(conn: &Connection) -> Result<(i64, i64)> {
    Ok((
        count(conn, "SELECT count(*) FROM cases")?,
        last_audit_seq(conn)?,
    ))
}

fn last_audit_seq(conn: &Connection) -> Result<i64> {
    count(conn, "SELECT COALESCE(max(seq), 0) FROM audit")
}

/// Open a vault folder read-only and check it like `tiepnhan check`; the
/// first finding becomes the error.
fn open_checked(
    dir: &Path,
    kr: &Keyring,
    key: &DataKey,
    what: &str,
) -> Result<(CheckReport, Connection)> {
    match check::inspect(dir, kr, key, OpenMode::ReadOnly) {
        (report, Some(conn)) if report.ok => Ok((report, conn)),
        (report, _) => {
            let first = report
                .findings
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_default();
            Err(VaultError::Corrupt(format!("{what}: {first}")))
        }
    }
}

/// Remove a staging folder and everything in it (best effort).
fn discard(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
}

/// Copy `from` to `to` (a new file), flushed to the device.
fn copy_durable(from: &Path, to: &Path) -> Result<u64> {
    let n = fs::copy(from, to).map_err(|e| VaultError::io("copy file", e))?;
    let f = fs::OpenOptions::new()
        .write(true)
        .open(to)
        .map_err(|e| VaultError::io("open copy", e))?;
    fsio::restrict_permissions(&f);
    f.sync_all().map_err(|e| VaultError::io("flush copy", e))?;
    Ok(n)
}

/// Read and validate `backup.json`.
pub fn read_manifest(backup: &Path) -> Result<Manifest> {
    let bytes = fs::read(backup.join(MANIFEST_FILE)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            VaultError::Invalid(format!(
                "{} is not a TiepNhan backup (no {MANIFEST_FILE})",
                backup.display()
            ))
        } else {
            VaultError::io("read backup.json", e)
        }
    })?;
    let m: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| VaultError::Invalid(format!("backup.json is damaged: {e}")))?;
    if m.format != FORMAT || m.format_version > FORMAT_VERSION {
        return Err(VaultError::Invalid(format!(
            "unsupported backup format {} v{}",
            m.format, m.format_version
        )));
    }
    Ok(m)
}

impl Vault {
    /// Write a verified backup into a new folder under `out` (a USB stick, a
    /// second disk). Any signed-in user may back up; it is audited.
    pub fn backup(&mut self, out: &Path, now: DateTime<Utc>) -> Result<BackupDone> {
        let result = self.backup_inner(out, now);
        let details = match &result {
            Ok(done) => json!({
                "ok": true,
                "folder": done.folder.file_name().map(|n| n.to_string_lossy().to_string()),
                "cases": done.manifest.cases,
                "audit_seq": done.manifest.audit_seq,
            }),
            Err(e) => {
                json!({"ok": false, "error": if e.is_storage() { "storage" } else { "failed" }})
            }
        };
        let ok = result.is_ok();
        let stamp = now.to_rfc3339();
        self.write(|tx| {
            tx.audit(action::BACKUP, "vault", details)?;
            if ok {
                super::db::put_setting(tx.conn, LAST_BACKUP_KEY, &stamp)?;
            }
            Ok(())
        })?;
        result
    }

    fn backup_inner(&mut self, out: &Path, now: DateTime<Utc>) -> Result<BackupDone> {
        if !out.is_dir() {
            return Err(VaultError::Invalid(format!(
                "the backup destination {} is not a folder",
                out.display()
            )));
        }
        let out = out
            .canonicalize()
            .map_err(|e| VaultError::io("backup destination", e))?;
        let own = self
            .dir()
            .canonicalize()
            .map_err(|e| VaultError::io("vault folder", e))?;
        if out.starts_with(&own) {
            return Err(VaultError::Invalid(
                "a backup must not be written inside the vault folder".into(),
            ));
        }
        let mut name = format!("tiepnhan-backup-{}", now_stamp(now));
        let mut n = 1;
        while out.join(&name).exists() {
            n += 1;
            name = format!("tiepnhan-backup-{}-{n}", now_stamp(now));
        }
        let final_dir = out.join(&name);
        let staging = fsio::temp_sibling(&final_dir);
        fsio::create_private_dir(&staging)?;
        match self.write_backup(&staging, now) {
            Ok((manifest, bytes)) => {
                let moved = fs::rename(&staging, &final_dir)
                    .map_err(|e| VaultError::io("finish backup folder", e))
                    .and_then(|_| sync_dir(&out));
                if let Err(e) = moved {
                    discard(&staging);
                    return Err(e);
                }
                Ok(BackupDone {
                    folder: final_dir,
                    manifest,
                    bytes,
                })
            }
            Err(e) => {
                discard(&staging);
                Err(e)
            }
        }
    }

    fn write_backup(&mut self, staging: &Path, now: DateTime<Utc>) -> Result<(Manifest, u64)> {
        let db_out = db_path(staging);
        // The copy, under the same key, as a rollback-journal database so that
        // it opens read-only from write-protected media.
        // The connection was opened without CREATE, which ATTACH inherits:
        // the file is made empty first (an empty file is an empty database).
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&db_out)
            .map_err(|e| VaultError::io("create backup", e))?;
        {
            let lit = self.data_key().sqlcipher_literal();
            let conn = self.conn();
            conn.execute(
                "ATTACH DATABASE ?1 AS backup KEY ?2",
                rusqlite::params![db_out.to_string_lossy(), lit.as_str()],
            )?;
            let exported = conn
                .execute_batch(
                    "PRAGMA backup.journal_mode = DELETE;
                     PRAGMA backup.secure_delete = ON;
                     SELECT sqlcipher_export('backup');",
                )
                .and_then(|_| {
                    let v: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
                    conn.execute_batch(&format!("PRAGMA backup.user_version = {v};"))
                });
            let detached = conn.execute_batch("DETACH DATABASE backup");
            exported?;
            detached?;
        }
        {
            let f = fs::OpenOptions::new()
                .write(true)
                .open(&db_out)
                .map_err(|e| VaultError::io("open backup", e))?;
            fsio::restrict_permissions(&f);
            f.sync_all()
                .map_err(|e| VaultError::io("flush backup", e))?;
        }
        // The keyring as it is now (its anchor names the head the copy holds),
        // with only the administrators' accounts and the recovery code: a
        // lost stick cannot be attacked through the weakest officer's
        // password. A restore hands the keys back to the other accounts.
        let mut kr = self.keyring().clone();
        kr.accounts
            .retain(|a| a.admin || a.kind == super::keyring::WrapKind::Recovery);
        kr.wraps
            .retain(|w| w.kind == super::keyring::WrapKind::Recovery);
        kr.lockout.clear();
        kr.save(staging)?;

        // Re-open the copy read-only and check it like `tiepnhan check`.
        let (report, conn) = open_checked(
            staging,
            &kr,
            self.data_key(),
            "the backup copy failed its check",
        )?;
        let (cases, audit_seq) = extent(&conn)?;
        drop(conn);
        let (own_cases, own_seq) = extent(self.conn())?;
        if (cases, audit_seq) != (own_cases, own_seq) {
            return Err(VaultError::Corrupt(format!(
                "the backup copy holds {cases} cases and {audit_seq} audit events, the vault {own_cases} and {own_seq}"
            )));
        }
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: env!("CARGO_PKG_VERSION").into(),
            vault_id: self.vault_id().into(),
            created_at: now,
            created_by: self.user().username.clone(),
            schema_version: report.schema_version,
            cases,
            audit_seq,
            db_sha256: sha256_file(&db_out)?,
            audit_hash: super::audit::head(self.conn())?
                .map(|(_, h)| hex::encode(h))
                .unwrap_or_default(),
        };
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| VaultError::Invalid(e.to_string()))?;
        write_atomic(&staging.join(MANIFEST_FILE), &json)?;
        sync_dir(staging)?;
        let bytes = fs::metadata(&db_out).map(|m| m.len()).unwrap_or(0);
        Ok((manifest, bytes))
    }

    /// When the last successful backup was made.
    pub fn last_backup_at(&self) -> Option<DateTime<Utc>> {
        self.setting(LAST_BACKUP_KEY)
            .ok()
            .flatten()
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|d| d.with_timezone(&Utc))
    }

    /// Days after which the shell reminds the user to back up (0 = never).
    pub fn backup_reminder_days(&self) -> u32 {
        self.setting(REMINDER_DAYS_KEY)
            .ok()
            .flatten()
            .and_then(|s| s.parse().ok())
            .unwrap_or(DEFAULT_REMINDER_DAYS)
    }

    /// Whether to remind: never backed up (and the vault holds cases), or the
    /// last backup is older than the reminder period.
    pub fn backup_due(&self, now: DateTime<Utc>) -> bool {
        let days = self.backup_reminder_days();
        if days == 0 {
            return false;
        }
        match self.last_backup_at() {
            Some(t) => now - t > chrono::Duration::days(days as i64),
            None => count(self.conn(), "SELECT count(*) FROM cases").unwrap_or(0) > 0,
        }
    }
}

/// Open a backup with an administrator's credentials and check it; compare
/// it with the vault at `target`. Changes nothing.
pub fn plan_restore(
    backup: &Path,
    target: &Path,
    username: &str,
    password: &str,
) -> Result<RestorePlan> {
    let manifest = read_manifest(backup)?;
    let (kr, key) = unwrap_backup(backup, username, password)?;
    if kr.vault_id != manifest.vault_id {
        return Err(VaultError::Invalid(
            "backup.json does not belong to the keyring beside it".into(),
        ));
    }
    let (report, conn) = open_checked(
        backup,
        &kr,
        &key,
        "the backup failed its check and cannot be restored",
    )?;
    let user = load_session_user(&conn, &username.trim().to_ascii_lowercase())?;
    match user {
        Some((u, true)) if u.role == Role::Admin => {}
        _ => {
            return Err(VaultError::Forbidden(
                "restore needs an administrator".into(),
            ));
        }
    }
    let state = if !exists(target) {
        Target::Empty
    } else {
        let tkr = Keyring::load(target)?;
        if tkr.vault_id != kr.vault_id {
            return Err(VaultError::Invalid(format!(
                "{} holds a different vault; choose an empty folder to restore this backup",
                target.display()
            )));
        }
        let _lock = VaultLock::acquire(target)?;
        // Same vault, so the same data key opens it.
        let tconn = db::open(
            &db_path(target),
            &key,
            OpenMode::ReadWrite,
            Default::default(),
        )?;
        let loss = compare(&conn, &tconn)?;
        if loss == Loss::default() {
            Target::SameNotNewer
        } else {
            Target::SameNewer(loss)
        }
    };
    Ok(RestorePlan {
        backup: backup.to_path_buf(),
        target: target.to_path_buf(),
        manifest,
        check: report,
        state,
    })
}

fn unwrap_backup(backup: &Path, username: &str, password: &str) -> Result<(Keyring, DataKey)> {
    if !exists(backup) {
        return Err(VaultError::Invalid(format!(
            "{} is not a TiepNhan backup (no {KEYRING_FILE})",
            backup.display()
        )));
    }
    let kr = Keyring::load(backup)?;
    let username = username.trim().to_ascii_lowercase();
    match kr.unwrap_user(&username, password.as_bytes())? {
        Some(opened) => Ok((kr, opened.current.data)),
        None => Err(VaultError::WrongCredentials { failures: 0 }),
    }
}

fn versions<V: rusqlite::types::FromSql>(
    conn: &Connection,
    sql: &str,
) -> Result<HashMap<String, V>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the target holds that the backup does not.
fn compare(backup: &Connection, target: &Connection) -> Result<Loss> {
    let mut loss = Loss::default();
    let b: HashMap<String, i64> = versions(backup, "SELECT id, version FROM cases")?;
    let t: HashMap<String, i64> = versions(target, "SELECT id, version FROM cases")?;
    for (id, v) in &t {
        match b.get(id) {
            None => loss.cases_added += 1,
            Some(bv) if v > bv => loss.cases_changed += 1,
            _ => {}
        }
    }
    let newer = |sql: &str| -> Result<i64> {
        let b: HashMap<String, String> = versions(backup, sql)?;
        let t: HashMap<String, String> = versions(target, sql)?;
        Ok(t.iter()
            .filter(|(id, v)| b.get(*id).is_none_or(|bv| *v > bv))
            .count() as i64)
    };
    loss.screenings = newer("SELECT id, updated_at FROM screenings")?;
    loss.referrals = newer("SELECT id, updated_at FROM referrals")?;
    let bseq = last_audit_seq(backup)?;
    loss.audit_events =
        target.query_row("SELECT count(*) FROM audit WHERE seq > ?1", [bseq], |r| {
            r.get(0)
        })?;
    if loss.audit_events > 0 {
        loss.newest = target
            .query_row("SELECT max(ts) FROM audit WHERE seq > ?1", [bseq], |r| {
                r.get(0)
            })
            .ok();
    }
    Ok(loss)
}

/// A backup holds only the administrators' accounts and the recovery code.
/// Restoring over the same vault hands the backup's keys back to the
/// accounts the vault here still has, for the users the backup holds as
/// active (their passwords stay theirs); anyone else needs a new password
/// from an administrator.
fn rewrap_for_users(staging: &Path, target: &Path, username: &str, password: &str) -> Result<()> {
    use super::accounts::{KeySet, seal_keys};
    use super::keyring::WrapKind;
    if !exists(target) {
        return Ok(());
    }
    let here = Keyring::load(target)?;
    let mut kr = Keyring::load(staging)?;
    if here.vault_id != kr.vault_id {
        return Ok(());
    }
    let opened = kr
        .unwrap_user(&username.trim().to_ascii_lowercase(), password.as_bytes())?
        .ok_or(VaultError::WrongCredentials { failures: 0 })?;
    let conn = db::open(
        &db_path(staging),
        &opened.current.data,
        OpenMode::ReadOnly,
        Default::default(),
    )?;
    let active: Vec<String> = {
        let mut s =
            conn.prepare("SELECT username FROM users WHERE active = 1 AND role <> 'admin'")?;
        s.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    drop(conn);
    let keys = KeySet {
        admin: None,
        ..opened.current.clone()
    };
    for u in active {
        let tag = kr.user_tag(&u);
        if kr.account(&WrapKind::User, &tag).is_some() {
            continue;
        }
        if let Some(a) = here.account(&WrapKind::User, &tag) {
            let mut a = a.clone();
            a.keys = seal_keys(&a.recipient, &keys)?;
            a.next = None;
            a.admin = false;
            kr.accounts.push(a);
        }
    }
    kr.save(staging)
}

/// Carry out a plan. `confirm_loss` must be true when the target is newer.
pub fn restore(
    plan: &RestorePlan,
    username: &str,
    password: &str,
    confirm_loss: bool,
    now: DateTime<Utc>,
) -> Result<Restored> {
    if matches!(plan.state, Target::SameNewer(_)) && !confirm_loss {
        return Err(VaultError::Invalid(
            "the vault is newer than this backup; restoring needs an explicit confirmation".into(),
        ));
    }
    // Re-read the backup: it must be the one that was checked.
    let manifest = read_manifest(&plan.backup)?;
    if manifest != plan.manifest || sha256_file(&db_path(&plan.backup))? != manifest.db_sha256 {
        return Err(VaultError::Corrupt(
            "the backup changed since it was checked".into(),
        ));
    }
    let target = plan.target.clone();
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    fs::create_dir_all(&parent).map_err(|e| VaultError::io("create restore folder", e))?;
    let staging = fsio::temp_sibling(&target);
    fsio::create_private_dir(&staging)?;
    let staged = (|| {
        copy_durable(&db_path(&plan.backup), &db_path(&staging))?;
        copy_durable(&plan.backup.join(KEYRING_FILE), &staging.join(KEYRING_FILE))?;
        rewrap_for_users(&staging, &target, username, password)?;
        sync_dir(&staging)
    })();
    if let Err(e) = staged {
        discard(&staging);
        return Err(e);
    }

    let mut kept = None;
    if target.exists() {
        // Refuse while the vault is open elsewhere (the lock is released
        // before the folder is renamed, which Windows requires).
        if exists(&target)
            && let Err(e) = VaultLock::acquire(&target)
        {
            discard(&staging);
            return Err(e);
        }
        let is_empty = fs::read_dir(&target)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if is_empty {
            let _ = fs::remove_dir(&target);
        } else {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "vault".into());
            let aside = target.with_file_name(format!("{name}.replaced-{}", now_stamp(now)));
            if let Err(e) = fs::rename(&target, &aside) {
                discard(&staging);
                return Err(VaultError::io("keep the replaced vault aside", e));
            }
            kept = Some(aside);
        }
    }
    if let Err(e) =
        fs::rename(&staging, &target).map_err(|e| VaultError::io("place restored vault", e))
    {
        // Put the replaced vault back where it was.
        if let Some(aside) = &kept {
            let _ = fs::rename(aside, &target);
        }
        discard(&staging);
        return Err(e);
    }
    sync_dir(&parent)?;

    let loss = match &plan.state {
        Target::SameNewer(l) => json!({
            "cases_added": l.cases_added, "cases_changed": l.cases_changed,
            "screenings": l.screenings, "referrals": l.referrals, "audit_events": l.audit_events,
        }),
        _ => json!(null),
    };
    let mut v = Vault::unlock(&target, username, password, now)?;
    v.write(|tx| {
        tx.audit(
            action::RESTORE,
            "vault",
            json!({
                "backup_created_at": plan.manifest.created_at.to_rfc3339(),
                "backup_audit_seq": plan.manifest.audit_seq,
                "replaced": kept.is_some(),
                "lost": loss,
            }),
        )
    })?;
    let cases = count(v.conn(), "SELECT count(*) FROM cases")?;
    v.close_quietly();
    Ok(Restored {
        replaced_kept_at: kept,
        cases,
    })
}

//! Re-keying the database to a new random data key, in one crash-safe step.
//!
//! Deactivating a user, taking a role away, an administrator's password
//! reset, every use of the recovery code and every renewal of it re-key the
//! vault: the data key (and, when an administrator leaves or the recovery
//! code was used, the admin key) is replaced, handed only to the active
//! accounts, the old keys are deleted and a new recovery code is issued.
//!
//! The protocol (each numbered write is durable before the next starts):
//!
//! 1. The database records `rekey_started` (still under the old key).
//! 2. keyring.json is replaced atomically by one that holds, for every
//!    account that stays, the old keys *and* the new ones (`Account::next`),
//!    and a journal (`RekeyJournal`): the new epoch, which accounts stay, the
//!    new recovery account, and everything that must be signed or MAC'ed
//!    under the new keys (state, anchors, unit key, KDF seal), prepared now
//!    while the administrator's key is at hand.
//! 3. `PRAGMA rekey` rewrites every page under the new key in one write
//!    transaction. In WAL mode the rewritten pages go to the WAL and become
//!    visible all at once with the commit frame (fsync'ed, synchronous=FULL);
//!    SQLCipher keeps the file's salt, so a reader finds the key to try in
//!    the keyring, not in the file. Before the commit frame the database is
//!    wholly under the old key, after it wholly under the new one.
//! 4. `wal_checkpoint(TRUNCATE)` copies the pages into the main file and
//!    syncs it; a fresh connection then proves the file opens with the new
//!    key (SQLCipher ignores a failed commit inside rekey, so this is checked).
//! 5. keyring.json is replaced atomically by one with only the new keys: the
//!    journal is applied, the old keys, the accounts left out and the old
//!    recovery code are gone.
//! 6. The database records `rekey_completed` under the new key.
//!
//! A crash anywhere leaves a vault that opens: the next unlock finds the
//! journal, tries the old key first. If the file opens with it, the commit
//! never happened: the journal is dropped (rolled back; the unlock result
//! says so and the administrator repeats the revocation). Otherwise it opens
//! with the new key: the journal is applied (rolled forward) and, since its
//! new recovery code was never shown, administrators are asked to renew it.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::accounts::{Account, AdminCert, AdminKey, KeySet, Opened};
use super::db::{self, OpenMode, Tuning};
use super::error::{Result, VaultError};
use super::keyring::{Anchor, DataKey, Keyring, WrapKind, WrappedUnitKey};
use super::state::{SealedAnchor, SignedState};

/// A re-key under way, kept in keyring.json between steps 2 and 5.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RekeyJournal {
    pub to_epoch: u32,
    pub started_at: DateTime<Utc>,
    /// The user accounts that stay (tag, whether it holds the admin key).
    pub keep: Vec<(String, bool)>,
    /// The recovery account of the new epoch.
    pub recovery: Account,
    /// The successor admin key's certificate, when the admin key changes.
    #[serde(default)]
    pub admin_next: Option<AdminCert>,
    pub state_after: Option<SignedState>,
    pub sealed_anchor_after: Option<SealedAnchor>,
    pub anchor_after: Option<Anchor>,
    pub unit_key_after: Option<WrappedUnitKey>,
    pub kdf_mac_after: Option<String>,
}

/// Why the vault is re-keyed (recorded in the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RekeyReason {
    UserDeactivated,
    RoleRemoved,
    PasswordReset,
    RecoveryUsed,
    RecoveryRenewed,
}

impl RekeyReason {
    pub fn key(self) -> &'static str {
        match self {
            RekeyReason::UserDeactivated => "user_deactivated",
            RekeyReason::RoleRemoved => "role_removed",
            RekeyReason::PasswordReset => "password_reset",
            RekeyReason::RecoveryUsed => "recovery_used",
            RekeyReason::RecoveryRenewed => "recovery_renewed",
        }
    }
}

/// Where a re-key is (for the window's progress bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(prefix = "rekey-stage-", serialize_all = "kebab-case")]
pub enum RekeyStage {
    /// New keys, the new recovery code's wrap (one Argon2id derivation).
    Preparing,
    /// Every page rewritten under the new key; `fraction` follows the WAL.
    Rewriting,
    /// The pages copied into the database file and synced.
    Checkpointing,
    /// The new keyring written, the old keys deleted.
    Finishing,
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RekeyProgress {
    pub stage: RekeyStage,
    /// 0.0–1.0 over the whole re-key.
    pub fraction: f32,
}

/// A progress callback; called from the re-keying thread and from a watcher
/// thread, so it must be `Sync` (send to a channel, for example).
pub type Progress<'a> = &'a (dyn Fn(RekeyProgress) + Sync);

/// The result of a re-key: the new recovery code, shown once.
pub struct Rekeyed {
    pub recovery_code: Zeroizing<String>,
    pub epoch: u32,
    /// Accounts that lost access (deactivated, or without a user).
    pub removed_accounts: usize,
    /// Active users whose account was still in format 1 and could not be
    /// handed the new key: an administrator must set them a new password.
    pub need_new_password: Vec<String>,
    pub seconds: f64,
}

impl std::fmt::Debug for Rekeyed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rekeyed")
            .field("epoch", &self.epoch)
            .field("removed_accounts", &self.removed_accounts)
            .field("need_new_password", &self.need_new_password)
            .finish_non_exhaustive()
    }
}

impl Keyring {
    /// Apply a journal whose database is under the new key.
    pub(crate) fn complete_rekey(&mut self) -> Result<()> {
        let j = self
            .rekey
            .take()
            .ok_or_else(|| VaultError::Keyring("no re-key under way".into()))?;
        let keep: std::collections::HashMap<&str, bool> =
            j.keep.iter().map(|(t, a)| (t.as_str(), *a)).collect();
        let mut accounts = Vec::new();
        let mut revoked: Vec<String> = Vec::new();
        for mut a in std::mem::take(&mut self.accounts) {
            if a.kind != WrapKind::User {
                continue;
            }
            match (keep.get(a.tag.as_str()), a.next.take()) {
                (Some(admin), Some(n)) => {
                    a.keys = n;
                    a.admin = *admin;
                    accounts.push(a);
                }
                _ => revoked.push(a.tag),
            }
        }
        self.revoked.extend(revoked);
        self.revoked.sort();
        self.revoked.dedup();
        accounts.push(j.recovery);
        self.accounts = accounts;
        self.wraps.clear();
        if let Some(c) = j.admin_next {
            self.admin_keys.push(c);
        }
        if j.state_after.is_some() {
            self.signed_state = j.state_after;
        }
        if j.sealed_anchor_after.is_some() {
            self.sealed_anchor = j.sealed_anchor_after;
        }
        if j.anchor_after.is_some() {
            self.anchor = j.anchor_after;
        }
        if j.unit_key_after.is_some() {
            self.unit_key = j.unit_key_after;
        }
        self.kdf_mac = j.kdf_mac_after;
        self.epoch = j.to_epoch;
        Ok(())
    }

    /// Drop a journal whose database is still under the old key.
    pub(crate) fn abandon_rekey(&mut self) {
        self.rekey = None;
        for a in &mut self.accounts {
            a.next = None;
        }
    }
}

/// How an interrupted re-key was settled at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Nothing,
    RolledBack,
    RolledForward,
}

/// Open the database with the keys an account opened, settling a re-key
/// that was interrupted (see the module documentation). Saves the keyring
/// when it settles one (never in read-only mode).
pub(crate) fn open_settled(
    dir: &Path,
    kr: &mut Keyring,
    opened: &Opened,
    mode: OpenMode,
    tuning: Tuning,
) -> Result<(Connection, KeySet, Settled)> {
    let path = super::db_path(dir);
    if kr.rekey.is_none() {
        let conn = db::open(&path, &opened.current.data, mode, tuning)?;
        return Ok((conn, opened.current.clone(), Settled::Nothing));
    }
    match db::open(&path, &opened.current.data, mode, tuning) {
        Ok(conn) => {
            if mode != OpenMode::ReadOnly {
                kr.abandon_rekey();
                kr.save(dir)?;
            }
            Ok((conn, opened.current.clone(), Settled::RolledBack))
        }
        Err(VaultError::Corrupt(first)) => {
            let Some(next) = &opened.next else {
                return Err(if opened.is_legacy() || kr.rekey.is_some() {
                    VaultError::KeyChanged
                } else {
                    VaultError::Corrupt(first)
                });
            };
            let conn = db::open(&path, &next.data, mode, tuning)?;
            if mode != OpenMode::ReadOnly {
                conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
                kr.complete_rekey()?;
                kr.recovery_unseen = true;
                kr.save(dir)?;
            }
            Ok((conn, next.clone(), Settled::RolledForward))
        }
        Err(e) => Err(e),
    }
}

/// Rewrite every page of `conn` under `new`, reporting progress from the
/// WAL's growth, then checkpoint; proves the file opens with the new key.
pub(crate) fn rewrite(
    dir: &Path,
    conn: &Connection,
    new: &DataKey,
    progress: Progress<'_>,
) -> Result<()> {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    // SQLCipher answers `page_size` as text (its `cipher_page_size`).
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .ok()
        .and_then(|v| match v {
            rusqlite::types::Value::Integer(i) => Some(i),
            rusqlite::types::Value::Text(t) => t.parse().ok(),
            _ => None,
        })
        .unwrap_or(4096);
    let expected = (pages.max(1) * (page_size + 24)) as f64;
    let wal = dir.join(format!("{}-wal", db::DB_FILE));
    let done = AtomicBool::new(false);
    let lit = new.sqlcipher_literal();
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) as f64;
                let f = (len / expected).min(1.0) as f32;
                progress(RekeyProgress {
                    stage: RekeyStage::Rewriting,
                    fraction: 0.05 + 0.75 * f,
                });
                std::thread::sleep(Duration::from_millis(150));
            }
        });
        let r = conn.execute_batch(&format!("PRAGMA rekey = \"{}\";", lit.as_str()));
        done.store(true, Ordering::Relaxed);
        r
    });
    result?;
    progress(RekeyProgress {
        stage: RekeyStage::Checkpointing,
        fraction: 0.8,
    });
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        return Err(VaultError::Corrupt(
            "the re-keyed database could not be checkpointed".into(),
        ));
    }
    // The proof: a fresh connection reads the file under the new key.
    let probe = db::open(
        &super::db_path(dir),
        new,
        OpenMode::ReadOnly,
        Tuning::default(),
    )?;
    probe.query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0))?;
    drop(probe);
    Ok(())
}

/// Progress that does nothing.
pub fn no_progress(_: RekeyProgress) {}

impl super::Vault {
    /// Re-key the vault (administrators): a new data key and admin key for
    /// the active accounts only, the old keys deleted, a new recovery code
    /// (returned once; also kept for `take_issued_recovery_code`).
    pub fn rekey(&mut self, reason: RekeyReason, progress: Progress<'_>) -> Result<Rekeyed> {
        self.require_admin()?;
        let admin = self
            .admin
            .clone()
            .ok_or_else(|| VaultError::Forbidden("administrator".into()))?;
        let done = self.rekey_with(admin, reason, progress)?;
        self.issued_code = Some(done.recovery_code.clone());
        Ok(done)
    }

    /// Renew the recovery code (administrators). This re-keys too, so the
    /// old code does not open even an old copy of keyring.json with the
    /// current database.
    pub fn renew_recovery_code(&mut self, progress: Progress<'_>) -> Result<Rekeyed> {
        self.rekey(RekeyReason::RecoveryRenewed, progress)
    }

    pub(crate) fn rekey_with(
        &mut self,
        admin: AdminKey,
        reason: RekeyReason,
        progress: Progress<'_>,
    ) -> Result<Rekeyed> {
        use super::state;
        use crate::domain::audit::action;
        use serde_json::json;
        let t0 = Instant::now();
        progress(RekeyProgress {
            stage: RekeyStage::Preparing,
            fraction: 0.0,
        });
        if self.keyring.rekey.is_some() {
            return Err(VaultError::Invalid("a re-key is already under way".into()));
        }
        let to_epoch = self.keyring.epoch + 1;
        let admin_next = AdminKey::generate();
        let keys_admin = KeySet {
            epoch: to_epoch,
            data: DataKey::generate(),
            admin: Some(admin_next.clone()),
        };
        let keys_user = KeySet {
            admin: None,
            ..keys_admin.clone()
        };
        // 1. The start, under the old key.
        self.write(|tx| {
            tx.audit(
                action::REKEY_STARTED,
                "vault",
                json!({"reason": reason.key(), "epoch": to_epoch}),
            )
        })?;
        // Who stays: active users with a format-2 account.
        let users: Vec<(String, String)> = {
            let mut s = self
                .conn
                .prepare("SELECT username, role FROM users WHERE active = 1")?;
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut kr = self.keyring.clone();
        let mut keep = Vec::new();
        let mut need_new_password = Vec::new();
        for (username, role) in &users {
            let tag = kr.user_tag(username);
            if kr.account(&WrapKind::User, &tag).is_some() {
                keep.push((tag, role == "admin"));
            } else if kr.has_user(username) {
                need_new_password.push(username.clone());
            }
        }
        let before = kr.account_tags().len();
        let removed = before.saturating_sub(keep.len() + 1);
        // The successor admin key, certified by the current one.
        let cert = {
            let mut tmp = kr.clone();
            tmp.push_admin_key(&admin, &admin_next);
            tmp.admin_keys.last().cloned().expect("just pushed")
        };
        let pin_after = super::accounts::AdminPin {
            epoch: cert.epoch,
            public: cert.public.clone(),
            root: kr
                .admin_keys
                .first()
                .map(|c| c.public.clone())
                .unwrap_or_default(),
        };
        for (tag, is_admin) in &keep {
            let ks = if *is_admin { &keys_admin } else { &keys_user };
            kr.reseal_account(&WrapKind::User, tag, ks, true)?;
        }
        let code = super::keyring::new_recovery_code();
        let recovery = {
            let mut tmp = kr.clone();
            tmp.put_account(
                WrapKind::Recovery,
                String::new(),
                code.as_bytes(),
                Some(pin_after),
                &keys_admin,
                None,
            )?;
            tmp.account(&WrapKind::Recovery, "")
                .cloned()
                .expect("just made")
        };
        let mut journal = RekeyJournal {
            to_epoch,
            started_at: Utc::now(),
            keep,
            recovery,
            admin_next: Some(cert.clone()),
            state_after: None,
            sealed_anchor_after: None,
            anchor_after: None,
            unit_key_after: None,
            kdf_mac_after: None,
        };
        // What the keyring will be, signed and sealed under the new keys now.
        kr.rekey = Some(journal.clone());
        let mut after = kr.clone();
        after.complete_rekey()?;
        let head = super::audit::head(&self.conn)?;
        if let Some((seq, hash)) = &head {
            after.set_anchor(&keys_admin.data, *seq, hash);
            journal.anchor_after = after.anchor.clone();
            journal.sealed_anchor_after = Some(state::seal_anchor(
                &after,
                &admin_next,
                cert.epoch,
                *seq,
                hash,
            ));
        }
        after.seal_kdf(&keys_admin.data);
        journal.kdf_mac_after = after.kdf_mac.clone();
        if let Some(secret) = self.keyring.unit_secret(&self.key)? {
            let public = ed25519_dalek::SigningKey::from_bytes(&secret)
                .verifying_key()
                .to_bytes();
            after.set_unit_key(&keys_admin.data, &secret, &public)?;
            journal.unit_key_after = after.unit_key.clone();
        }
        if self.state_trusted {
            let st = state::current_state(&self.conn, &after, None)?;
            journal.state_after = Some(state::sign_state(&after, &admin_next, cert.epoch, st));
        }
        kr.rekey = Some(journal);
        // 2. Both keys for everyone who stays, durably.
        kr.save(&self.dir)?;
        self.keyring = kr;
        // 3–4. Every page under the new key, checkpointed and proven.
        if let Err(e) = rewrite(&self.dir, &self.conn, &keys_admin.data, progress) {
            self.broken = true;
            return Err(e);
        }
        // 5. Only the new keys.
        progress(RekeyProgress {
            stage: RekeyStage::Finishing,
            fraction: 0.9,
        });
        self.keyring.complete_rekey()?;
        self.keyring.recovery_unseen = false;
        if let Err(e) = self.keyring.save(&self.dir) {
            // The file is under the new key and the journal on disk says so:
            // the next unlock finishes.
            self.broken = true;
            return Err(e);
        }
        self.key = keys_admin.data.clone();
        self.admin = if self.user.role == crate::domain::security::Role::Admin {
            Some(admin_next)
        } else {
            None
        };
        self.alarms.recovery_code_unseen = false;
        self.alarms.recovery_code_outdated = false;
        self.alarms.rekey_rolled_back = false;
        self.alarms.legacy_accounts = 0;
        let seconds = t0.elapsed().as_secs_f64();
        // 6. The end, under the new key.
        self.write(|tx| {
            tx.audit(
                action::REKEY_COMPLETED,
                "vault",
                json!({"reason": reason.key(), "epoch": to_epoch, "removed_accounts": removed,
                       "need_new_password": need_new_password.len(),
                       "seconds": (seconds * 10.0).round() / 10.0}),
            )
        })?;
        progress(RekeyProgress {
            stage: RekeyStage::Done,
            fraction: 1.0,
        });
        Ok(Rekeyed {
            recovery_code: code,
            epoch: to_epoch,
            removed_accounts: removed,
            need_new_password,
            seconds,
        })
    }
}

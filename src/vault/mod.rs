//! The encrypted store: keyring, SQLCipher connection, migrations,
//! repositories, audit chain, search index and backup.

pub mod audit;
pub mod backup;
pub mod cases;
pub mod check;
pub mod db;
pub mod drafts;
pub mod error;
pub mod fsio;
pub mod keyring;
pub mod lock;
pub mod migrations;
pub mod print_copies;
pub mod referrals;
pub mod reports;
pub mod screenings;
pub mod transfer;
pub mod users;
#[cfg(windows)]
pub mod winacl;

use std::path::{Path, PathBuf};

use crate::vault::db::Cached;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::audit::action;
use crate::domain::security::{self, Role};
use crate::domain::text;
pub use db::{OpenMode, Tuning};
pub use error::{Result, VaultError};
use keyring::{DataKey, Gate, KdfParams, Keyring};
use lock::VaultLock;

/// The pseudo-account under which recovery-code attempts are counted.
const RECOVERY_ACCOUNT: &str = "\u{0}recovery";

pub fn now_iso() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The kinds of installing unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    BorderGuardStation,
    ProvincialPolice,
    CommunePolice,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 4] = [
        UnitKind::BorderGuardStation,
        UnitKind::ProvincialPolice,
        UnitKind::CommunePolice,
        UnitKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            UnitKind::BorderGuardStation => "border_guard_station",
            UnitKind::ProvincialPolice => "provincial_police",
            UnitKind::CommunePolice => "commune_police",
            UnitKind::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    pub province_code: Option<u32>,
    pub code: String,
}

/// The signed-in user of an unlocked vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub language: String,
    pub theme: String,
    pub must_change_password: bool,
}

/// What it takes to create a vault.
pub struct NewVault {
    pub unit: Unit,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: Zeroizing<String>,
    pub kdf: KdfParams,
}

/// An unlocked vault: the open database, the data key and the signed-in user.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    key: DataKey,
    keyring: Keyring,
    user: SessionUser,
    anchor_dirty: bool,
    _lock: VaultLock,
}

/// A write transaction that records its audit events in the same transaction.
pub struct Tx<'a> {
    pub conn: &'a Transaction<'a>,
    vault_id: &'a str,
    actor: &'a str,
    head: Option<(i64, [u8; 32])>,
}

impl<'a> Tx<'a> {
    /// A transaction writer over a raw transaction (the benchmark's baseline).
    pub fn new(conn: &'a Transaction<'a>, vault_id: &'a str, actor: &'a str) -> Tx<'a> {
        Tx {
            conn,
            vault_id,
            actor,
            head: None,
        }
    }
}

impl Tx<'_> {
    pub fn audit(&mut self, action: &str, target: &str, details: serde_json::Value) -> Result<()> {
        self.head = Some(audit::append(
            self.conn,
            self.vault_id,
            self.actor,
            action,
            target,
            &details,
        )?);
        Ok(())
    }

    pub fn actor(&self) -> &str {
        self.actor
    }
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join(db::DB_FILE)
}

/// The SQLCipher version the program is built with.
pub fn sqlcipher_version() -> Option<String> {
    let conn = Connection::open_in_memory().ok()?;
    conn.row("PRAGMA cipher_version", [], |r| r.get(0)).ok()
}

/// A vault exists in `dir` when its keyring does.
pub fn exists(dir: &Path) -> bool {
    dir.join(keyring::KEYRING_FILE).exists()
}

/// The platform's default vault folder: the user's local (never roaming)
/// data folder. Linux: `~/.local/share/tiepnhan/vault`; Windows:
/// `%LOCALAPPDATA%\TiepNhan\TiepNhan\data\vault`, which a roaming profile
/// does not copy to a server.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "TiepNhan", "TiepNhan")
        .map(|d| d.data_local_dir().join("vault"))
}

fn load_session_user(conn: &Connection, username: &str) -> Result<Option<(SessionUser, bool)>> {
    Ok(conn
        .row(
            "SELECT id, username, display_name, role, language, theme, must_change_password, active
             FROM users WHERE username = ?1",
            [username],
            |r| {
                let role: String = r.get(3)?;
                Ok((
                    SessionUser {
                        id: r.get(0)?,
                        username: r.get(1)?,
                        display_name: r.get(2)?,
                        role: Role::from_key(&role).unwrap_or(Role::Officer),
                        language: r.get(4)?,
                        theme: r.get(5)?,
                        must_change_password: r.get::<_, i64>(6)? != 0,
                    },
                    r.get::<_, i64>(7)? != 0,
                ))
            },
        )
        .optional()?)
}

impl Vault {
    /// Create a vault in `dir` (which must not hold one). Returns the unlocked
    /// vault and the recovery code, to be shown once.
    pub fn create(dir: &Path, new: NewVault) -> Result<(Vault, Zeroizing<String>)> {
        Self::create_with(dir, new, Tuning::default())
    }

    pub fn create_with(
        dir: &Path,
        new: NewVault,
        tuning: Tuning,
    ) -> Result<(Vault, Zeroizing<String>)> {
        let username = security::normalize_username(&new.admin_username)
            .map_err(|e| VaultError::Invalid(e.to_string()))?;
        security::validate_password(&new.admin_password)
            .map_err(|e| VaultError::Invalid(e.to_string()))?;
        let display = text::clean_line(&new.admin_display_name);
        let unit_name = text::clean_line(&new.unit.name);
        if unit_name.is_empty() {
            return Err(VaultError::Invalid("the unit name is required".into()));
        }
        if exists(dir) || db_path(dir).exists() {
            return Err(VaultError::VaultExists(dir.to_path_buf()));
        }
        fsio::create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir)?;
        let now = Utc::now();
        let key = DataKey::generate();
        let mut kr = Keyring::new(uuid::Uuid::now_v7().to_string(), new.kdf, now);
        kr.set_user_wrap(&username, new.admin_password.as_bytes(), &key)?;
        let code = keyring::new_recovery_code();
        kr.set_recovery_wrap(&code, &key)?;
        // The unit's signing key for transfer bundles.
        let mut secret = Zeroizing::new([0u8; 32]);
        getrandom::fill(secret.as_mut()).expect("system random generator");
        let public = ed25519_dalek::SigningKey::from_bytes(&secret)
            .verifying_key()
            .to_bytes();
        kr.set_unit_key(&key, &secret, &public)?;

        let mut conn = db::open(&db_path(dir), &key, OpenMode::Create, tuning)?;
        migrations::migrate(&mut conn)?;
        let user_id = uuid::Uuid::now_v7().to_string();
        let ts = now_iso();
        let head = {
            let tx = conn.transaction()?;
            tx.exec(
                "INSERT INTO unit (id, name, kind, province_code, code, created_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    unit_name,
                    new.unit.kind.key(),
                    new.unit.province_code,
                    text::clean_line(&new.unit.code),
                    ts
                ],
            )?;
            tx.exec(
                "INSERT INTO users (id, username, display_name, role, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'admin', ?4, ?4)",
                params![
                    user_id,
                    username,
                    if display.is_empty() {
                        &username
                    } else {
                        &display
                    },
                    ts
                ],
            )?;
            // Sort keys are written with each case; record whose keys they are.
            tx.exec(
                "INSERT INTO settings (key, value) VALUES ('sort_key_version', ?1)",
                [text::SORT_KEY_VERSION],
            )?;
            audit::append(
                &tx,
                &kr.vault_id,
                &username,
                action::VAULT_CREATED,
                "vault",
                &json!({"schema": migrations::MIGRATIONS.len()}),
            )?;
            audit::append(
                &tx,
                &kr.vault_id,
                &username,
                action::USER_CREATED,
                &user_id,
                &json!({"role": "admin"}),
            )?;
            let head = audit::append(
                &tx,
                &kr.vault_id,
                &username,
                action::LOGIN,
                &user_id,
                &json!({}),
            )?;
            tx.commit()?;
            head
        };
        kr.set_anchor(&key, head.0, &head.1);
        kr.save(dir)?;
        let (user, _) = load_session_user(&conn, &username)?
            .ok_or_else(|| VaultError::Corrupt("admin user missing after creation".into()))?;
        Ok((
            Vault {
                dir: dir.to_path_buf(),
                conn,
                key,
                keyring: kr,
                user,
                anchor_dirty: false,
                _lock: lock,
            },
            code,
        ))
    }

    /// Unlock with a username and password. Failed attempts are counted in
    /// keyring.json (growing delay from the third, hard lock at the tenth) and
    /// written to the audit log at the next successful login.
    pub fn unlock(dir: &Path, username: &str, password: &str, now: DateTime<Utc>) -> Result<Vault> {
        Self::unlock_with(dir, username, password, now, Tuning::default())
    }

    pub fn unlock_with(
        dir: &Path,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
        tuning: Tuning,
    ) -> Result<Vault> {
        let (lock, kr, key, username) = Self::unwrap_for(dir, username, password, now)?;
        let mut conn = db::open(&db_path(dir), &key, OpenMode::ReadWrite, tuning)?;
        migrations::migrate(&mut conn)?;
        let mut v = Self::finish_login(dir, conn, key, kr, &username, lock, action::LOGIN)?;
        // Name order follows the collator of this build (a no-op when current).
        v.refresh_sort_keys()?;
        Ok(v)
    }

    /// Gate, unwrap and count failures; shared by unlock and check.
    pub(crate) fn unwrap_for(
        dir: &Path,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<(VaultLock, Keyring, DataKey, String)> {
        if !exists(dir) {
            return Err(VaultError::NoVault(dir.to_path_buf()));
        }
        let lock = VaultLock::acquire(dir)?;
        let mut kr = Keyring::load(dir)?;
        let username = username.trim().to_ascii_lowercase();
        match kr.gate(&username, now) {
            Gate::Open => {}
            Gate::Wait(seconds) => return Err(VaultError::Wait { seconds }),
            Gate::Locked => return Err(VaultError::HardLocked),
        }
        match kr.unwrap_user(&username, password.as_bytes())? {
            Some(key) => Ok((lock, kr, key, username)),
            None => {
                let failures = kr.record_failure(&username, now);
                kr.save(dir)?;
                Err(VaultError::WrongCredentials { failures })
            }
        }
    }

    /// After the key is known: check the account, audit pending failures and the login.
    fn finish_login(
        dir: &Path,
        mut conn: Connection,
        key: DataKey,
        mut kr: Keyring,
        username: &str,
        lock: VaultLock,
        login_action: &str,
    ) -> Result<Vault> {
        let (user, active) = load_session_user(&conn, username)?.ok_or_else(|| {
            VaultError::Keyring("the keyring has an account the database does not know".into())
        })?;
        if !active {
            return Err(VaultError::Deactivated);
        }
        let pending = kr.clear_lockout(username);
        if kr.unit_key.is_none() {
            // A vault from before transfer bundles: give it its unit key now.
            let mut secret = Zeroizing::new([0u8; 32]);
            getrandom::fill(secret.as_mut()).expect("system random generator");
            let public = ed25519_dalek::SigningKey::from_bytes(&secret)
                .verifying_key()
                .to_bytes();
            kr.set_unit_key(&key, &secret, &public)?;
        }
        let head = {
            let tx = conn.transaction()?;
            for ts in &pending {
                audit::append(
                    &tx,
                    &kr.vault_id,
                    username,
                    action::LOGIN_FAILED,
                    &user.id,
                    &json!({"at": ts.to_rfc3339_opts(SecondsFormat::Millis, true)}),
                )?;
            }
            let head = audit::append(
                &tx,
                &kr.vault_id,
                username,
                login_action,
                &user.id,
                &json!({}),
            )?;
            tx.commit()?;
            head
        };
        kr.set_anchor(&key, head.0, &head.1);
        kr.save(dir)?;
        Ok(Vault {
            dir: dir.to_path_buf(),
            conn,
            key,
            keyring: kr,
            user,
            anchor_dirty: false,
            _lock: lock,
        })
    }

    /// Unlock with the recovery code; the caller must then set a new admin password.
    pub fn recover(dir: &Path, code: &str, now: DateTime<Utc>) -> Result<Recovery> {
        if !exists(dir) {
            return Err(VaultError::NoVault(dir.to_path_buf()));
        }
        let lock = VaultLock::acquire(dir)?;
        let mut kr = Keyring::load(dir)?;
        match kr.gate(RECOVERY_ACCOUNT, now) {
            Gate::Open => {}
            Gate::Wait(seconds) => return Err(VaultError::Wait { seconds }),
            // The recovery code is never hard-locked: it is the way out of a lock.
            Gate::Locked => {}
        }
        let canonical = security::parse_recovery_code(code);
        let key = match &canonical {
            Some(c) => kr.unwrap_recovery(c)?,
            None => None,
        };
        let Some(key) = key else {
            kr.record_failure(RECOVERY_ACCOUNT, now);
            if let Some(l) = kr.lockout.get_mut(&kr.user_tag(RECOVERY_ACCOUNT)) {
                l.locked = false;
            }
            kr.save(dir)?;
            return Err(VaultError::WrongRecoveryCode);
        };
        kr.clear_lockout(RECOVERY_ACCOUNT);
        let mut conn = db::open(&db_path(dir), &key, OpenMode::ReadWrite, Tuning::default())?;
        migrations::migrate(&mut conn)?;
        Ok(Recovery {
            dir: dir.to_path_buf(),
            conn,
            key,
            keyring: kr,
            lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn user(&self) -> &SessionUser {
        &self.user
    }

    pub fn vault_id(&self) -> &str {
        &self.keyring.vault_id
    }

    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }

    /// Read access to the database for repositories and reports.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn require(&self, ok: bool) -> Result<()> {
        if ok {
            Ok(())
        } else {
            Err(VaultError::Forbidden(self.user.role.key().into()))
        }
    }

    /// Run `f` in one transaction; its audit events are committed with it and
    /// the keyring anchor follows the new head.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let Vault {
            conn,
            keyring,
            user,
            ..
        } = self;
        let tx = conn.transaction()?;
        let mut w = Tx {
            conn: &tx,
            vault_id: &keyring.vault_id,
            actor: &user.username,
            head: None,
        };
        let out = f(&mut w)?;
        let head = w.head;
        tx.commit()?;
        if let Some((seq, hash)) = head {
            self.keyring.set_anchor(&self.key, seq, &hash);
            self.anchor_dirty = true;
        }
        self.flush_keyring();
        Ok(out)
    }

    /// Save the keyring if the anchor moved. A failure here leaves the database
    /// ahead of the anchor, which `check` accepts; it is retried at the next write.
    fn flush_keyring(&mut self) {
        if self.anchor_dirty {
            match self.keyring.save(&self.dir) {
                Ok(()) => self.anchor_dirty = false,
                Err(e) => tracing::warn!("keyring anchor not saved yet: {e}"),
            }
        }
    }

    /// Change the keyring's accounts together with a database write: when
    /// either the write or saving keyring.json fails (a full disk), the
    /// accounts in memory go back to what is on disk, so a password change
    /// that reported an error has not happened.
    pub(crate) fn keyring_change<T>(
        &mut self,
        change: impl FnOnce(&mut Keyring) -> Result<()>,
        db: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let before = (self.keyring.wraps.clone(), self.keyring.lockout.clone());
        let restore = |v: &mut Vault| {
            v.keyring.wraps = before.0.clone();
            v.keyring.lockout = before.1.clone();
        };
        if let Err(e) = change(&mut self.keyring) {
            restore(self);
            return Err(e);
        }
        let out = match self.write(db) {
            Ok(out) => out,
            Err(e) => {
                restore(self);
                return Err(e);
            }
        };
        if let Err(e) = self.save_keyring() {
            restore(self);
            self.anchor_dirty = true;
            return Err(e);
        }
        Ok(out)
    }

    pub(crate) fn save_keyring(&mut self) -> Result<()> {
        self.keyring.save(&self.dir)?;
        self.anchor_dirty = false;
        Ok(())
    }

    /// Record an access (a view, a search) that changes nothing else.
    pub fn audit_access(
        &mut self,
        action: &str,
        target: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        self.write(|tx| tx.audit(action, target, details))
    }

    /// Lock: audit, checkpoint, close the connection and drop the key (zeroed).
    pub fn lock(mut self) -> Result<()> {
        let user_id = self.user.id.clone();
        self.write(|tx| tx.audit(action::LOCK, &user_id, json!({})))?;
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        self.flush_keyring();
        Ok(())
    }

    pub fn unit(&self) -> Result<Unit> {
        Ok(self.conn.row(
            "SELECT name, kind, province_code, code FROM unit WHERE id = 1",
            [],
            |r| {
                let kind: String = r.get(1)?;
                Ok(Unit {
                    name: r.get(0)?,
                    kind: UnitKind::from_key(&kind).unwrap_or(UnitKind::Other),
                    province_code: r.get(2)?,
                    code: r.get(3)?,
                })
            },
        )?)
    }

    pub fn update_unit(&mut self, unit: &Unit) -> Result<()> {
        self.require(self.user.role.can_administer())?;
        let name = text::clean_line(&unit.name);
        if name.is_empty() {
            return Err(VaultError::Invalid("the unit name is required".into()));
        }
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE unit SET name = ?1, kind = ?2, province_code = ?3, code = ?4 WHERE id = 1",
                params![
                    name,
                    unit.kind.key(),
                    unit.province_code,
                    text::clean_line(&unit.code)
                ],
            )?;
            tx.audit(
                action::SETTINGS_CHANGED,
                "unit",
                json!({"fields": ["name", "kind", "province_code", "code"]}),
            )
        })
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Change a unit-wide setting (administrators only).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.require(self.user.role.can_administer())?;
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            tx.audit(
                action::SETTINGS_CHANGED,
                "settings",
                json!({"fields": [key]}),
            )
        })
    }

    /// Minutes without input before the app locks itself (1–60, default 5).
    pub fn auto_lock_minutes(&self) -> u32 {
        self.setting("auto_lock_minutes")
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .filter(|m| (1..=60).contains(m))
            .unwrap_or(5)
    }

    /// Verify the audit chain against the anchor.
    pub fn verify_audit(&self) -> Result<audit::ChainReport> {
        let anchor = self
            .keyring
            .verified_anchor(&self.key)
            .map_err(VaultError::Corrupt)?;
        audit::verify(
            &self.conn,
            &self.keyring.vault_id,
            anchor.as_ref().map(|(s, h)| (*s, h.as_slice())),
        )
    }
}

/// A vault opened with the recovery code, waiting for a new admin password.
pub struct Recovery {
    dir: PathBuf,
    conn: Connection,
    key: DataKey,
    keyring: Keyring,
    lock: VaultLock,
}

impl Recovery {
    /// Active administrators (username, display name).
    pub fn admins(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT username, display_name FROM users WHERE role = 'admin' AND active = 1 ORDER BY username",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Set a new password for an administrator, clear their lock and sign them in.
    pub fn reset_admin(mut self, username: &str, new_password: &str) -> Result<Vault> {
        security::validate_password(new_password)
            .map_err(|e| VaultError::Invalid(e.to_string()))?;
        let username = username.trim().to_ascii_lowercase();
        let is_admin: bool = self.conn.row(
            "SELECT count(*) FROM users WHERE username = ?1 AND role = 'admin' AND active = 1",
            [&username],
            |r| r.get::<_, i64>(0),
        )? > 0;
        if !is_admin {
            return Err(VaultError::NotFound("administrator".into()));
        }
        self.keyring
            .set_user_wrap(&username, new_password.as_bytes(), &self.key)?;
        let pending = self.keyring.clear_lockout(&username);
        {
            let tx = self.conn.transaction()?;
            let uid: String = tx.row(
                "SELECT id FROM users WHERE username = ?1",
                [&username],
                |r| r.get(0),
            )?;
            tx.exec(
                "UPDATE users SET must_change_password = 0, updated_at = ?2 WHERE id = ?1",
                params![uid, now_iso()],
            )?;
            for ts in &pending {
                audit::append(
                    &tx,
                    &self.keyring.vault_id,
                    &username,
                    action::LOGIN_FAILED,
                    &uid,
                    &json!({"at": ts.to_rfc3339_opts(SecondsFormat::Millis, true)}),
                )?;
            }
            audit::append(
                &tx,
                &self.keyring.vault_id,
                &username,
                action::RECOVERY_USED,
                &uid,
                &json!({}),
            )?;
            audit::append(
                &tx,
                &self.keyring.vault_id,
                &username,
                action::PASSWORD_CHANGED,
                &uid,
                &json!({"by": "recovery_code"}),
            )?;
            tx.commit()?;
        }
        // The login event itself is written by finish_login.
        Vault::finish_login(
            &self.dir,
            self.conn,
            self.key,
            self.keyring,
            &username,
            self.lock,
            action::LOGIN,
        )
    }
}

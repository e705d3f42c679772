//! The encrypted store: keyring, SQLCipher connection, migrations,
//! repositories, audit chain, search index and backup.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod batch_import;
pub mod cases;
pub mod check;
pub mod db;
pub mod drafts;
pub mod error;
pub mod fsio;
pub mod keyring;
pub mod lock;
pub mod lockout;
pub mod migrations;
pub mod packed;
pub mod papers;
pub mod print_copies;
pub mod privacy;
pub mod referrals;
pub mod rekey;
pub mod report_days;
pub mod reports;
pub mod screenings;
pub mod state;
pub mod transfer;
pub mod users;
#[cfg(windows)]
pub mod winacl;

use std::path::{Path, PathBuf};

use crate::vault::db::Cached;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::domain::audit::action;
use crate::domain::security::{self, Role};
use crate::domain::text;
pub use db::{OpenMode, Tuning};
pub use error::{Result, VaultError};
use keyring::{DataKey, Gate, KdfParams, Keyring};
use lock::VaultLock;

/// The setting that holds the unit's offset from UTC, in minutes.
pub const UTC_OFFSET_KEY: &str = "utc_offset_minutes";

/// The pseudo-account under which recovery-code attempts are counted.
const RECOVERY_ACCOUNT: &str = "\u{0}recovery";

pub fn now_iso() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub use crate::domain::unit::{Unit, UnitKind};

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

/// What the unlock found that administrators must see (the window shows it
/// as an alarm; every item is also in the audit log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Alarms {
    /// Users, roles, trusted units or account keys differ from what an
    /// administrator signed (one line each): supervisor and administrator
    /// rights are refused until an administrator reviews and signs again
    /// (`Vault::accept_state`).
    pub state: Vec<String>,
    /// The audit log or its anchors are broken (one line each).
    pub audit: Vec<String>,
    /// The failed sign-in record was removed, rolled back or edited.
    pub lockout: Vec<String>,
    /// The key-derivation settings in keyring.json fail their seal.
    pub kdf: bool,
    /// A re-key finished after an interruption, so its recovery code was
    /// never shown: an administrator must renew the recovery code.
    pub recovery_code_unseen: bool,
    /// The recovery code is still in the old format (no admin key): an
    /// administrator should renew it.
    pub recovery_code_outdated: bool,
    /// An interrupted re-key was rolled back: the revocation that started
    /// it (a deactivation, a role change, a reset) must be re-keyed again.
    pub rekey_rolled_back: bool,
    /// Users still in the old account format (converted at their next sign-in).
    pub legacy_accounts: usize,
}

impl Alarms {
    /// Whether anything needs an administrator's attention.
    pub fn any(&self) -> bool {
        !self.state.is_empty()
            || !self.audit.is_empty()
            || !self.lockout.is_empty()
            || self.kdf
            || self.recovery_code_unseen
            || self.recovery_code_outdated
            || self.rekey_rolled_back
    }
}

/// An unlocked vault: the open database, the keys and the signed-in user.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    key: DataKey,
    /// The administrators' key, held in administrators' sessions only.
    admin: Option<accounts::AdminKey>,
    keyring: Keyring,
    user: SessionUser,
    anchor_dirty: bool,
    alarms: Alarms,
    /// The signed state held at unlock (or since `accept_state`): only then
    /// do administrators' writes sign the state again.
    state_trusted: bool,
    /// A re-key failed half-way: the session must end (the next unlock settles it).
    broken: bool,
    /// A recovery code issued by a re-key the caller has not taken yet.
    issued_code: Option<Zeroizing<String>>,
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

/// What a password sign-in brings to `finish_login`.
struct Login<'a> {
    password: &'a str,
    opened: &'a accounts::Opened,
    settled: rekey::Settled,
}

/// Where the database last saw the failure record.
fn failure_seen(conn: &Connection) -> Result<Option<(u64, String)>> {
    let get = |k: &str| -> Result<Option<String>> {
        Ok(conn
            .row("SELECT value FROM settings WHERE key = ?1", [k], |r| {
                r.get(0)
            })
            .optional()?)
    };
    Ok(
        match (get("lockout.seen_total")?, get("lockout.seen_head")?) {
            (Some(t), Some(h)) => Some((t.parse().unwrap_or(0), h)),
            _ => None,
        },
    )
}

/// Audits a sign-in (`action`: a login or a check), records the failed
/// sign-ins it has seen, and commits: the new head of the log.
fn commit_login(
    tx: rusqlite::Transaction<'_>,
    kr: &mut Keyring,
    username: &str,
    action: &str,
    user_id: &str,
) -> Result<(i64, [u8; 32])> {
    let head = audit::append(&tx, &kr.vault_id, username, action, user_id, &json!({}))?;
    record_failure_seen(&tx, kr.failure_log_checkpoint())?;
    tx.commit()?;
    Ok(head)
}

fn record_failure_seen(conn: &Connection, (total, head): (u64, String)) -> Result<()> {
    for (k, v) in [
        ("lockout.seen_total", total.to_string()),
        ("lockout.seen_head", head),
    ] {
        db::put_setting(conn, k, &v)?;
    }
    Ok(())
}

/// The audit chain from the last sealed anchor to the head, and both anchors
/// (see `audit::verify_since`). One line per finding.
fn audit_findings(conn: &Connection, kr: &Keyring, key: &DataKey) -> Vec<String> {
    match audit::verify_anchored(conn, kr, key, true) {
        Ok(findings) => findings.into_iter().map(|f| f.message).collect(),
        Err(e) => vec![format!("the audit log cannot be read: {e}")],
    }
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
        let display = text::clean_line(&new.admin_display_name);
        let unit_name = text::clean_line(&new.unit.name);
        security::check_password(&new.admin_password, &[&username, &display, &unit_name])?;
        check_unit_name(&unit_name)?;
        new.kdf.check_bounds()?;
        if exists(dir) || db_path(dir).exists() {
            return Err(VaultError::VaultExists(dir.to_path_buf()));
        }
        fsio::create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir)?;
        let now = Utc::now();
        let admin_key = accounts::AdminKey::generate();
        let keys = accounts::KeySet {
            epoch: 1,
            data: DataKey::generate(),
            admin: Some(admin_key.clone()),
        };
        let key = keys.data.clone();
        let mut kr = Keyring::new(uuid::Uuid::now_v7().to_string(), new.kdf, now);
        kr.set_first_admin_key(&admin_key);
        let pin = kr.current_pin();
        let tag = kr.user_tag(&username);
        kr.put_account(
            keyring::WrapKind::User,
            tag,
            new.admin_password.as_bytes(),
            pin.clone(),
            &keys,
            None,
        )?;
        let code = keyring::new_recovery_code();
        kr.put_account(
            keyring::WrapKind::Recovery,
            String::new(),
            code.as_bytes(),
            pin,
            &keys,
            None,
        )?;
        kr.seal_kdf(&key);
        // The unit's signing key for transfer bundles.
        kr.new_unit_key(&key)?;

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
            commit_login(tx, &mut kr, &username, action::LOGIN, &user_id)?
        };
        kr.set_anchor(&key, head.0, &head.1);
        let epoch = kr.admin_keys.last().map(|c| c.epoch).unwrap_or(1);
        kr.sealed_anchor = Some(state::seal_anchor(&kr, &admin_key, epoch, head.0, &head.1));
        let st = state::current_state(&conn, &kr, None)?;
        kr.signed_state = Some(state::sign_state(&kr, &admin_key, epoch, st));
        kr.save(dir)?;
        let (user, _) = load_session_user(&conn, &username)?
            .ok_or_else(|| VaultError::Corrupt("admin user missing after creation".into()))?;
        Ok((
            Vault {
                dir: dir.to_path_buf(),
                conn,
                key,
                admin: Some(admin_key),
                keyring: kr,
                user,
                anchor_dirty: false,
                alarms: Alarms::default(),
                state_trusted: true,
                broken: false,
                issued_code: None,
                _lock: lock,
            },
            code,
        ))
    }

    /// Unlock with a username and password. Failed attempts are counted in
    /// keyring.json (growing delay from the third, hard lock at the tenth
    /// for everyone but administrators) and written to the audit log at the
    /// next successful login. The admin-signed state, the audit chain since
    /// the last sealed anchor and the failure record are checked; what is
    /// wrong is in `alarms()`.
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
        let (lock, mut kr, opened, username) = Self::unwrap_for(dir, username, password, now)?;
        let (mut conn, keys, settled) =
            rekey::open_settled(dir, &mut kr, &opened, OpenMode::ReadWrite, tuning)?;
        migrations::migrate(&mut conn)?;
        let login = Login {
            password,
            opened: &opened,
            settled,
        };
        let mut v = Self::finish_login(
            dir,
            conn,
            keys,
            kr,
            &username,
            lock,
            action::LOGIN,
            Some(login),
        )?;
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
    ) -> Result<(VaultLock, Keyring, accounts::Opened, String)> {
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
            Some(opened) => Ok((lock, kr, opened, username)),
            // A deactivated account's key was taken away by the re-key.
            None if kr.revoked.contains(&kr.user_tag(&username)) => Err(VaultError::Deactivated),
            None => {
                let failures = kr.record_failure(&username, now);
                kr.save(dir)?;
                Err(VaultError::WrongCredentials { failures })
            }
        }
    }

    /// After the key is known: check the account, the signed state, the
    /// failure record and the audit chain; convert an old account, give an
    /// old vault its admin key; audit pending failures and the login.
    #[allow(clippy::too_many_arguments)]
    fn finish_login(
        dir: &Path,
        mut conn: Connection,
        keys: accounts::KeySet,
        mut kr: Keyring,
        username: &str,
        lock: VaultLock,
        login_action: &str,
        login: Option<Login<'_>>,
    ) -> Result<Vault> {
        let (user, active) = load_session_user(&conn, username)?.ok_or_else(|| {
            VaultError::Keyring("the keyring has an account the database does not know".into())
        })?;
        if !active {
            return Err(VaultError::Deactivated);
        }
        let key = keys.data.clone();
        let mut alarms = Alarms::default();
        let mut notes: Vec<(&str, serde_json::Value)> = Vec::new();
        match login.as_ref().map(|l| l.settled) {
            Some(rekey::Settled::RolledBack) => {
                alarms.rekey_rolled_back = true;
                notes.push((action::REKEY_ROLLED_BACK, json!({})));
            }
            Some(rekey::Settled::RolledForward) => {
                notes.push((action::REKEY_COMPLETED, json!({"after_interruption": true})));
            }
            _ => {}
        }
        alarms.recovery_code_unseen = kr.recovery_unseen;

        // The administrators' key as this account knows it.
        let mut admin = keys.admin.clone();
        let mut pin_problem = None;
        // A pin newer than the whole chain means the vault was restored from
        // an older backup: the account takes the restored chain.
        let restored_pin = login
            .as_ref()
            .and_then(|l| l.opened.pin.as_ref())
            .is_some_and(|p| {
                kr.admin_keys.last().is_some_and(|c| p.epoch > c.epoch) && kr.chain_from_root_ok(p)
            });
        if let Some(l) = &login
            && let Some(pin) = &l.opened.pin
            && !kr.admin_keys.is_empty()
            && !restored_pin
            && let Err(m) = kr.verify_pin(pin)
        {
            pin_problem = Some(m);
        }
        if let (Some(a), Some(cur)) = (&admin, kr.admin_public())
            && a.public_b64() != cur.public
        {
            pin_problem =
                Some("this account's admin key is not the vault's administrators' key".into());
        }
        if let Some(m) = pin_problem {
            admin = None;
            alarms.state.push(m);
        }
        if user.role != Role::Admin {
            admin = None;
        }
        // An old vault gets its admin key at an administrator's first sign-in.
        let mut fresh_admin_key = false;
        if user.role == Role::Admin && kr.admin_keys.is_empty() && login.is_some() {
            let a = accounts::AdminKey::generate();
            kr.set_first_admin_key(&a);
            admin = Some(a);
            fresh_admin_key = true;
            notes.push((action::ADMIN_KEY_CREATED, json!({})));
        }
        // Convert an old account, or refresh a stale pin (needs the password).
        if let Some(l) = &login {
            let tag = kr.user_tag(username);
            let pin_now = kr.current_pin();
            let stale = l.opened.pin != pin_now && alarms.state.is_empty();
            let wants_admin_box = admin.is_some() && l.opened.current.admin.is_none();
            if l.opened.is_legacy() || stale || wants_admin_box {
                let ks = accounts::KeySet {
                    epoch: kr.epoch,
                    data: key.clone(),
                    admin: admin.clone(),
                };
                match &l.opened.identity {
                    Some(id) => kr.put_account_with(
                        keyring::WrapKind::User,
                        tag,
                        l.password.as_bytes(),
                        id,
                        pin_now,
                        &ks,
                        None,
                    )?,
                    None => kr.put_account(
                        keyring::WrapKind::User,
                        tag,
                        l.password.as_bytes(),
                        pin_now,
                        &ks,
                        None,
                    )?,
                }
                if l.opened.is_legacy() {
                    notes.push((action::ACCOUNT_CONVERTED, json!({})));
                }
            }
        }
        alarms.legacy_accounts = kr
            .wraps
            .iter()
            .filter(|w| w.kind == keyring::WrapKind::User)
            .count();
        alarms.recovery_code_outdated = kr
            .wraps
            .iter()
            .any(|w| w.kind == keyring::WrapKind::Recovery);

        // The seal on the parameters of new wraps.
        match kr.kdf_sealed_ok(&key) {
            Some(true) => {}
            None => kr.seal_kdf(&key),
            Some(false) => {
                alarms.kdf = true;
                // Fall back to this account's own (authenticated) parameters.
                if let Some(a) = kr.account(&keyring::WrapKind::User, &kr.user_tag(username)) {
                    kr.kdf = a.wrap.kdf;
                }
                kr.seal_kdf(&key);
                notes.push((action::KDF_TAMPERED, json!({})));
            }
        }

        // The failure record against what the database saw last.
        let seen = failure_seen(&conn)?;
        let problems = kr.failure_log_problems(seen);
        if !problems.is_empty() {
            for p in &problems {
                notes.push((action::LOCKOUT_TAMPERED, json!({"finding": p})));
            }
            alarms.lockout = problems;
        }

        let pending = kr.clear_lockout(username);
        if kr.unit_key.is_none() {
            // A vault from before transfer bundles: give it its unit key now.
            kr.new_unit_key(&key)?;
        }

        // The audit chain since the last sealed anchor, and its anchors.
        alarms.audit = audit_findings(&conn, &kr, &key);
        for f in &alarms.audit {
            notes.push((action::AUDIT_ALARM, json!({"finding": f})));
        }

        // The admin-signed state.
        let current = state::current_state(&conn, &kr, None)?;
        let mut state_trusted = true;
        match state::check(&kr, &current) {
            state::StateCheck::Ok | state::StateCheck::Unsigned => {}
            // An old vault's first signature: nothing was signed before.
            state::StateCheck::Mismatch(_) if fresh_admin_key => {}
            state::StateCheck::Mismatch(d) => {
                state_trusted = false;
                for m in &d {
                    notes.push((action::STATE_MISMATCH, json!({"finding": m})));
                }
                alarms.state.extend(d);
            }
        }
        if !alarms.state.is_empty() {
            state_trusted = false;
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
            for (what, details) in &notes {
                audit::append(&tx, &kr.vault_id, username, what, "vault", details)?;
            }
            if !alarms.lockout.is_empty() {
                let n: i64 = tx
                    .row(
                        "SELECT value FROM settings WHERE key = 'lockout.tampered'",
                        [],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                db::put_setting(&tx, "lockout.tampered", &(n + 1).to_string())?;
            }
            commit_login(tx, &mut kr, username, login_action, &user.id)?
        };
        kr.set_anchor(&key, head.0, &head.1);
        let mut v = Vault {
            dir: dir.to_path_buf(),
            conn,
            key,
            admin,
            keyring: kr,
            user,
            anchor_dirty: false,
            alarms,
            state_trusted,
            broken: false,
            issued_code: None,
            _lock: lock,
        };
        // An administrator's sign-in seals the anchor and signs the state
        // (unless it was found changed: then only `accept_state` does).
        v.seal_admin_state(Some(head))?;
        v.keyring.save(dir)?;
        Ok(v)
    }

    /// Unlock with the recovery code; the caller must then set a new admin
    /// password (which re-keys the vault and issues a new recovery code).
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
        let opened = match &canonical {
            Some(c) => kr.unwrap_recovery(c)?,
            None => None,
        };
        let Some(opened) = opened else {
            kr.record_failure(RECOVERY_ACCOUNT, now);
            if let Some(l) = kr.lockout.get_mut(&kr.user_tag(RECOVERY_ACCOUNT)) {
                l.locked = false;
            }
            kr.save(dir)?;
            return Err(VaultError::WrongRecoveryCode);
        };
        kr.clear_lockout(RECOVERY_ACCOUNT);
        let (mut conn, keys, _settled) = rekey::open_settled(
            dir,
            &mut kr,
            &opened,
            OpenMode::ReadWrite,
            Tuning::default(),
        )?;
        migrations::migrate(&mut conn)?;
        Ok(Recovery {
            dir: dir.to_path_buf(),
            conn,
            keys,
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

    /// What the unlock found that administrators must see (the window shows
    /// it as an alarm to administrators; each item is in the audit log).
    pub fn alarms(&self) -> &Alarms {
        &self.alarms
    }

    /// Whether this session holds the administrators' key.
    pub fn holds_admin_key(&self) -> bool {
        self.admin.is_some()
    }

    /// The recovery code issued by the last re-key of this session, once.
    pub fn take_issued_recovery_code(&mut self) -> Option<Zeroizing<String>> {
        self.issued_code.take()
    }

    /// Refuse unless `ok` and the admin-signed state holds. Every
    /// supervisor or administrator decision goes through here (or through
    /// `require_supervisor` / `require_admin`).
    pub fn require(&self, ok: bool) -> Result<()> {
        if !ok {
            return Err(VaultError::Forbidden(self.user.role.key().into()));
        }
        self.authority()
    }

    /// A supervisor's or administrator's decision.
    pub fn require_supervisor(&self) -> Result<()> {
        self.require(self.user.role.can_supervise())
    }

    /// An administrator's decision: the role, the admin key in this session,
    /// and the signed state.
    pub fn require_admin(&self) -> Result<()> {
        self.require(self.user.role.can_administer())?;
        if self.admin.is_none() && !self.keyring.admin_keys.is_empty() {
            return Err(VaultError::Forbidden(
                "administrator (this account does not hold the administrators' key)".into(),
            ));
        }
        Ok(())
    }

    /// The signed state, checked now (cheap: the users and trusted units).
    fn authority(&self) -> Result<()> {
        if let Some(first) = self.alarms.state.first()
            && !self.state_trusted
        {
            return Err(VaultError::StateMismatch(first.clone()));
        }
        let current = state::current_state(&self.conn, &self.keyring, None)?;
        match state::check(&self.keyring, &current) {
            state::StateCheck::Ok | state::StateCheck::Unsigned => Ok(()),
            state::StateCheck::Mismatch(d) => Err(VaultError::StateMismatch(
                d.into_iter().next().unwrap_or_default(),
            )),
        }
    }

    /// The admin-signed state now: `Ok`, `Unsigned` (an old vault before its
    /// first administrator's sign-in) or what differs.
    pub fn state_check(&self) -> Result<state::StateCheck> {
        let current = state::current_state(&self.conn, &self.keyring, None)?;
        Ok(state::check(&self.keyring, &current))
    }

    /// After reviewing what `alarms().state` and `alarms().audit` list, an
    /// administrator signs the current users, roles, trusted units and
    /// account keys and seals the audit head again (audited with the
    /// differences). Needs the administrators' key.
    pub fn accept_state(&mut self) -> Result<Vec<String>> {
        if self.user.role != Role::Admin || self.admin.is_none() {
            return Err(VaultError::Forbidden(
                "administrator (this account does not hold the administrators' key)".into(),
            ));
        }
        let differences = match self.state_check()? {
            state::StateCheck::Mismatch(d) => d,
            _ => self.alarms.state.clone(),
        };
        self.state_trusted = true;
        self.alarms.state.clear();
        // The audit alarms were reviewed too: the next write seals the head.
        self.alarms.audit.clear();
        let d = differences.clone();
        self.write(|tx| tx.audit(action::STATE_ACCEPTED, "vault", json!({"differences": d})))?;
        Ok(differences)
    }

    /// In an administrator's session: sign the state (when it was trusted)
    /// and seal the audit head, in memory; saved with the keyring.
    fn seal_admin_state(&mut self, head: Option<(i64, [u8; 32])>) -> Result<()> {
        let Some(a) = &self.admin else {
            return Ok(());
        };
        let Some(epoch) = self.keyring.admin_keys.last().map(|c| c.epoch) else {
            return Ok(());
        };
        if let Some((seq, hash)) = head
            && self.alarms.audit.is_empty()
        {
            self.keyring.sealed_anchor =
                Some(state::seal_anchor(&self.keyring, a, epoch, seq, &hash));
        }
        if self.state_trusted {
            let current = state::current_state(&self.conn, &self.keyring, None)?;
            let unchanged = self
                .keyring
                .signed_state
                .as_ref()
                .is_some_and(|s| s.state == current && s.key_epoch == epoch);
            if !unchanged {
                self.keyring.signed_state =
                    Some(state::sign_state(&self.keyring, a, epoch, current));
            }
        }
        Ok(())
    }

    /// Run `f` in one transaction; its audit events are committed with it and
    /// the keyring anchor follows the new head (sealed with the admin key in
    /// an administrator's session, which also signs changed users, roles and
    /// trusted units).
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.broken {
            return Err(VaultError::Invalid(
                "a re-key was interrupted: lock the vault and sign in again".into(),
            ));
        }
        let Vault {
            conn,
            keyring,
            user,
            key,
            dir,
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
        if let Some((seq, hash)) = head {
            // The intent first: a crash after the commit leaves an anchor
            // that names the committed head.
            keyring.set_pending_anchor(key, seq, &hash);
            if let Err(e) = keyring.save(dir) {
                keyring.anchor_pending = None;
                return Err(e);
            }
        }
        tx.commit()?;
        if let Some((seq, hash)) = head {
            self.keyring.set_anchor(&self.key, seq, &hash);
            self.anchor_dirty = true;
        }
        if self.admin.is_some() {
            let before = (
                self.keyring.sealed_anchor.clone(),
                self.keyring.signed_state.clone(),
            );
            self.seal_admin_state(head)?;
            if (
                self.keyring.sealed_anchor.clone(),
                self.keyring.signed_state.clone(),
            ) != before
            {
                self.anchor_dirty = true;
            }
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
    /// keyring in memory goes back to what is on disk, so a password change
    /// that reported an error has not happened.
    pub(crate) fn keyring_change<T>(
        &mut self,
        change: impl FnOnce(&mut Keyring) -> Result<()>,
        db: impl FnOnce(&mut Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let before = self.keyring.clone();
        if let Err(e) = change(&mut self.keyring) {
            self.keyring = before;
            return Err(e);
        }
        let out = match self.write(db) {
            Ok(out) => out,
            Err(e) => {
                self.keyring = before;
                return Err(e);
            }
        };
        if let Err(e) = self.save_keyring() {
            self.keyring = before;
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
        self.require_admin()?;
        let name = text::clean_line(&unit.name);
        check_unit_name(&name)?;
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
        self.require_admin()?;
        self.write(|tx| {
            db::put_setting(tx.conn, key, value)?;
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

    /// The unit's offset from UTC in minutes (its time zone; default
    /// Asia/Ho_Chi_Minh, UTC+07:00): every time a person reads is shown in it.
    pub fn utc_offset_minutes(&self) -> i32 {
        self.setting(UTC_OFFSET_KEY)
            .ok()
            .flatten()
            .and_then(|v| v.parse().ok())
            .filter(|m: &i32| (-14 * 60..=14 * 60).contains(m))
            .unwrap_or(crate::clock::VIETNAM_MINUTES)
    }

    /// The audit head now, as a checkpoint to keep outside the vault folder
    /// (on papers, in backups, bundles and packages).
    pub fn checkpoint(&self) -> Result<check::Checkpoint> {
        let (seq, hash) = audit::head(&self.conn)?
            .ok_or_else(|| VaultError::Corrupt("the audit log is empty".into()))?;
        Ok(check::Checkpoint {
            seq,
            hash: hex::encode(hash),
        })
    }

    /// The line printed in small type on the last page of every report and
    /// paper: `Kiểm chứng nhật ký: SEQ:HASH` (the hash in full, so that
    /// `tiepnhan check --against SEQ:HASH` can verify it).
    pub fn checkpoint_text(&self) -> Result<String> {
        Ok(format!("Kiểm chứng nhật ký: {}", self.checkpoint()?.text()))
    }

    /// Verify the whole audit chain against both anchors.
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
    keys: accounts::KeySet,
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

    /// Set a new password for an administrator, clear their lock, sign them
    /// in and re-key the vault: the used recovery code stops working and a
    /// new one is issued (`Vault::take_issued_recovery_code`, or use
    /// `reset_admin_with` to get it and progress directly).
    pub fn reset_admin(self, username: &str, new_password: &str) -> Result<Vault> {
        let (mut v, done) = self.reset_admin_with(username, new_password, &rekey::no_progress)?;
        v.issued_code = Some(done.recovery_code);
        Ok(v)
    }

    /// As `reset_admin`, returning the re-key's result (the new recovery
    /// code, shown once) and reporting its progress.
    pub fn reset_admin_with(
        mut self,
        username: &str,
        new_password: &str,
        progress: rekey::Progress<'_>,
    ) -> Result<(Vault, rekey::Rekeyed)> {
        let username = username.trim().to_ascii_lowercase();
        let unit: String = self
            .conn
            .row("SELECT name FROM unit WHERE id = 1", [], |r| r.get(0))
            .unwrap_or_default();
        security::check_password(new_password, &[&username, &unit])?;
        let admin = "SELECT 1 FROM users WHERE username = ?1 AND role = 'admin' AND active = 1";
        if !self.conn.any(admin, [&username])? {
            return Err(VaultError::NotFound("administrator".into()));
        }
        // An upgraded vault's old recovery wrap holds no admin key: the
        // administrators' key starts again (other accounts' pins then need a
        // password reset by an administrator; see the report).
        let admin_key = match &self.keys.admin {
            Some(a) => a.clone(),
            None => {
                let a = accounts::AdminKey::generate();
                self.keyring.set_first_admin_key(&a);
                a
            }
        };
        let ks = accounts::KeySet {
            epoch: self.keyring.epoch,
            data: self.keys.data.clone(),
            admin: Some(admin_key.clone()),
        };
        let trusted_before = !matches!(
            state::check(
                &self.keyring,
                &state::current_state(&self.conn, &self.keyring, None)?
            ),
            state::StateCheck::Mismatch(_)
        ) || self.keys.admin.is_none();
        let tag = self.keyring.user_tag(&username);
        let pin = self.keyring.current_pin();
        self.keyring.put_account(
            keyring::WrapKind::User,
            tag,
            new_password.as_bytes(),
            pin,
            &ks,
            None,
        )?;
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
        if trusted_before {
            // The recovery code holds the administrators' authority: the
            // replaced account is signed with it.
            let epoch = self.keyring.admin_keys.last().map(|c| c.epoch).unwrap_or(1);
            let st = state::current_state(&self.conn, &self.keyring, None)?;
            self.keyring.signed_state =
                Some(state::sign_state(&self.keyring, &admin_key, epoch, st));
        }
        // The login event itself is written by finish_login.
        let opened = self
            .keyring
            .unwrap_user(&username, new_password.as_bytes())?
            .ok_or_else(|| VaultError::Keyring("the new account does not open".into()))?;
        let mut v = Vault::finish_login(
            &self.dir,
            self.conn,
            ks,
            self.keyring,
            &username,
            self.lock,
            action::LOGIN,
            Some(Login {
                password: new_password,
                opened: &opened,
                settled: rekey::Settled::Nothing,
            }),
        )?;
        // The recovery code was used: a new data key, a new code.
        let done = v.rekey_with(admin_key, rekey::RekeyReason::RecoveryUsed, progress)?;
        Ok((v, done))
    }
}

/// A unit's name as papers print it inside their sentences: given, and not
/// typed all in capitals (the header capitalises it itself).
fn check_unit_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(VaultError::Invalid("the unit name is required".into()));
    }
    if crate::domain::papers::unit_name_in_capitals(name) {
        return Err(VaultError::Invalid(
            "the unit name is typed all in capitals: type it as written in a sentence (e.g. Đồn Biên phòng Mộc Bài); papers capitalise their header themselves".into(),
        ));
    }
    Ok(())
}

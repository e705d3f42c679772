//! User accounts: created, changed and deactivated by administrators; every
//! change is audited (field names, never values or passwords).

use crate::vault::db::Cached;
use rusqlite::params;
use serde_json::json;

use super::accounts::KeySet;
use super::keyring::WrapKind;
use super::rekey::{Progress, RekeyReason, Rekeyed, no_progress};
use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::security::{self, Role};
use crate::domain::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub failures: u32,
    pub hard_locked: bool,
    pub must_change_password: bool,
    /// Whether the account holds a key for the vault (false after a re-key
    /// left it out: it needs a new password from an administrator).
    pub has_key: bool,
}

impl Vault {
    pub fn list_users(&self) -> Result<Vec<UserRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, username, display_name, role, active, must_change_password FROM users ORDER BY username",
        )?;
        let rows = stmt.query_map([], |r| {
            let role: String = r.get(3)?;
            Ok(UserRow {
                id: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                role: Role::from_key(&role).unwrap_or(Role::Officer),
                active: r.get::<_, i64>(4)? != 0,
                failures: 0,
                hard_locked: false,
                must_change_password: r.get::<_, i64>(5)? != 0,
                has_key: false,
            })
        })?;
        let mut users: Vec<UserRow> = rows.collect::<rusqlite::Result<_>>()?;
        for u in &mut users {
            let l = self.keyring().lockout_of(&u.username);
            u.failures = l.failures;
            u.hard_locked = l.locked;
            u.has_key = self.keyring().has_user(&u.username);
        }
        Ok(users)
    }

    fn active_admins(&self) -> Result<i64> {
        Ok(self.conn().row(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1",
            [],
            |r| r.get(0),
        )?)
    }

    fn user_id(&self, username: &str) -> Result<String> {
        self.conn()
            .row(
                "SELECT id FROM users WHERE username = ?1",
                [username],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => VaultError::NotFound("user".into()),
                e => e.into(),
            })
    }

    /// The names a password must not be built on: the username, the
    /// display name and the unit's name.
    fn related_words(&self, username: &str, display: &str) -> Vec<String> {
        let unit = self.unit().map(|u| u.name).unwrap_or_default();
        vec![username.to_string(), display.to_string(), unit]
    }

    fn check_new_password(&self, username: &str, display: &str, password: &str) -> Result<()> {
        let words = self.related_words(username, display);
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        Ok(security::check_password(password, &refs)?)
    }

    fn display_name_of(&self, username: &str) -> String {
        self.conn()
            .row(
                "SELECT display_name FROM users WHERE username = ?1",
                [username],
                |r| r.get(0),
            )
            .unwrap_or_default()
    }

    /// Create an account (administrators only). Usernames are unique; the
    /// user must change the initial password at first sign-in.
    pub fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
    ) -> Result<String> {
        self.require_admin()?;
        let username = security::normalize_username(username)
            .map_err(|e| VaultError::Invalid(e.to_string()))?;
        let display = text::clean_line(display_name);
        if display.is_empty() {
            return Err(VaultError::Invalid("the display name is required".into()));
        }
        self.check_new_password(&username, &display, password)?;
        let exists: i64 = self.conn().row(
            "SELECT count(*) FROM users WHERE username = ?1",
            [&username],
            |r| r.get(0),
        )?;
        if exists > 0 || self.keyring().has_user(&username) {
            return Err(VaultError::Duplicate(format!("username {username}")));
        }
        let keys = self.key_set(role == Role::Admin);
        let id = uuid::Uuid::now_v7().to_string();
        let ts = now_iso();
        self.keyring_change(
            |kr| {
                let tag = kr.user_tag(&username);
                let pin = kr.current_pin();
                kr.put_account(WrapKind::User, tag, password.as_bytes(), pin, &keys, None)
            },
            |tx| {
                tx.conn.exec(
                    "INSERT INTO users (id, username, display_name, role, must_change_password, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
                    params![id, username, display, role.key(), ts],
                )?;
                tx.audit(action::USER_CREATED, &id, json!({"role": role.key()}))
            },
        )?;
        Ok(id)
    }

    /// The keys of this session to hand to an account (with the admin key
    /// for an administrator).
    fn key_set(&self, admin: bool) -> KeySet {
        KeySet {
            epoch: self.keyring().epoch,
            data: self.data_key().clone(),
            admin: if admin { self.admin.clone() } else { None },
        }
    }

    /// Change one's own password: verify the old one, then re-wrap the
    /// account's identity (the keys are untouched: no re-key).
    pub fn change_own_password(&mut self, old: &str, new: &str) -> Result<()> {
        let username = self.user().username.clone();
        let display = self.user().display_name.clone();
        self.check_new_password(&username, &display, new)?;
        let Some(opened) = self.keyring().unwrap_user(&username, old.as_bytes())? else {
            return Err(VaultError::WrongCredentials { failures: 0 });
        };
        let keys = self.key_set(self.admin.is_some());
        let uid = self.user().id.clone();
        self.keyring_change(
            |kr| {
                let tag = kr.user_tag(&username);
                let pin = match &opened.pin {
                    Some(p) if kr.verify_pin(p).is_ok() => kr.current_pin(),
                    None => kr.current_pin(),
                    keep => keep.clone(),
                };
                match &opened.identity {
                    Some(id) => kr.put_account_with(
                        WrapKind::User,
                        tag,
                        new.as_bytes(),
                        id,
                        pin,
                        &keys,
                        None,
                    ),
                    None => kr.put_account(WrapKind::User, tag, new.as_bytes(), pin, &keys, None),
                }
            },
            |tx| {
                tx.conn.exec(
                    "UPDATE users SET must_change_password = 0, updated_at = ?2 WHERE id = ?1",
                    params![uid, now_iso()],
                )?;
                tx.audit(action::PASSWORD_CHANGED, &uid, json!({"by": "self"}))
            },
        )?;
        self.user.must_change_password = false;
        Ok(())
    }

    /// Set a new password for another account (administrators only); the
    /// user must change it at next login, and a hard lock is lifted. A reset
    /// is what follows a suspected leak, so when the account had a key the
    /// vault is re-keyed: the old password (and any copy of keyring.json
    /// with it) opens nothing any more. Returns the re-key (its new recovery
    /// code is shown once), or `None` when the account had no key.
    pub fn reset_password(&mut self, username: &str, new: &str) -> Result<Option<Rekeyed>> {
        self.reset_password_with(username, new, &no_progress)
    }

    pub fn reset_password_with(
        &mut self,
        username: &str,
        new: &str,
        progress: Progress<'_>,
    ) -> Result<Option<Rekeyed>> {
        self.require_admin()?;
        let username = username.trim().to_ascii_lowercase();
        let uid = self.user_id(&username)?;
        let display = self.display_name_of(&username);
        self.check_new_password(&username, &display, new)?;
        let role: String =
            self.conn()
                .row("SELECT role FROM users WHERE id = ?1", [&uid], |r| r.get(0))?;
        let had_key = self.keyring().has_user(&username);
        let keys = self.key_set(role == "admin");
        let pending = self.keyring().clone().clear_lockout(&username);
        self.keyring_change(
            |kr| {
                let tag = kr.user_tag(&username);
                let pin = kr.current_pin();
                kr.put_account(WrapKind::User, tag, new.as_bytes(), pin, &keys, None)?;
                kr.clear_lockout(&username);
                Ok(())
            },
            |tx| {
                tx.conn.exec(
                    "UPDATE users SET must_change_password = 1, updated_at = ?2 WHERE id = ?1",
                    params![uid, now_iso()],
                )?;
                for ts in &pending {
                    tx.audit(action::LOGIN_FAILED, &uid, json!({"at": ts.to_rfc3339()}))?;
                }
                tx.audit(action::PASSWORD_CHANGED, &uid, json!({"by": "admin"}))
            },
        )?;
        if had_key {
            Ok(Some(self.rekey(RekeyReason::PasswordReset, progress)?))
        } else {
            Ok(None)
        }
    }

    /// Lift a hard lock or a delay (administrators only).
    pub fn unlock_account(&mut self, username: &str) -> Result<()> {
        self.require_admin()?;
        let uid = self.user_id(username)?;
        let pending = self.keyring().clone().clear_lockout(username);
        self.keyring_change(
            |kr| {
                kr.clear_lockout(username);
                Ok(())
            },
            |tx| {
                for ts in &pending {
                    tx.audit(action::LOGIN_FAILED, &uid, json!({"at": ts.to_rfc3339()}))?;
                }
                tx.audit(action::ACCOUNT_UNLOCKED, &uid, json!({}))
            },
        )
    }

    /// Change role, display name or active flag (administrators only). The
    /// last active administrator cannot be demoted or deactivated.
    /// Deactivating a user or taking a role away re-keys the vault (the
    /// result holds the new recovery code, shown once); promoting to
    /// administrator hands the account the admin key.
    pub fn update_user(
        &mut self,
        username: &str,
        display_name: Option<&str>,
        role: Option<Role>,
        active: Option<bool>,
    ) -> Result<Option<Rekeyed>> {
        self.update_user_with(username, display_name, role, active, &no_progress)
    }

    /// As `update_user`, with the re-key's progress.
    pub fn update_user_with(
        &mut self,
        username: &str,
        display_name: Option<&str>,
        role: Option<Role>,
        active: Option<bool>,
        progress: Progress<'_>,
    ) -> Result<Option<Rekeyed>> {
        self.require_admin()?;
        let username = username.trim().to_ascii_lowercase();
        let uid = self.user_id(&username)?;
        let current: (String, i64) = self.conn().row(
            "SELECT role, active FROM users WHERE id = ?1",
            [&uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let was_active_admin = current.0 == "admin" && current.1 != 0;
        let stays_admin = role.is_none_or(|r| r == Role::Admin) && active != Some(false);
        if was_active_admin && !stays_admin && self.active_admins()? <= 1 {
            return Err(VaultError::Invalid(
                "the last active administrator cannot be demoted or deactivated".into(),
            ));
        }
        if uid == self.user().id && active == Some(false) {
            return Err(VaultError::Invalid(
                "an administrator cannot deactivate their own account".into(),
            ));
        }
        let old_role = Role::from_key(&current.0).unwrap_or(Role::Officer);
        let demoted = role.is_some_and(|r| r < old_role);
        let deactivated = active == Some(false) && current.1 != 0;
        let promoted_admin = role == Some(Role::Admin) && old_role != Role::Admin;
        let mut fields = Vec::new();
        let display = display_name.map(text::clean_line);
        if display.as_deref() == Some("") {
            return Err(VaultError::Invalid("the display name is required".into()));
        }
        let admin_keys = self.key_set(true);
        let tag = self.keyring().user_tag(&username);
        let has_account = self.keyring().account(&WrapKind::User, &tag).is_some();
        self.keyring_change(
            |kr| {
                if promoted_admin && has_account {
                    kr.reseal_account(&WrapKind::User, &tag, &admin_keys, false)?;
                }
                Ok(())
            },
            |tx| {
                if let Some(d) = &display {
                    tx.conn.exec(
                        "UPDATE users SET display_name = ?2 WHERE id = ?1",
                        params![uid, d],
                    )?;
                    fields.push("display_name");
                }
                if let Some(r) = role {
                    tx.conn.exec(
                        "UPDATE users SET role = ?2 WHERE id = ?1",
                        params![uid, r.key()],
                    )?;
                    fields.push("role");
                }
                if let Some(a) = active {
                    tx.conn.exec(
                        "UPDATE users SET active = ?2 WHERE id = ?1",
                        params![uid, a as i64],
                    )?;
                    fields.push("active");
                }
                tx.conn.exec(
                    "UPDATE users SET updated_at = ?2 WHERE id = ?1",
                    params![uid, now_iso()],
                )?;
                tx.audit(action::USER_CHANGED, &uid, json!({"fields": fields}))
            },
        )?;
        if deactivated {
            Ok(Some(self.rekey(RekeyReason::UserDeactivated, progress)?))
        } else if demoted {
            Ok(Some(self.rekey(RekeyReason::RoleRemoved, progress)?))
        } else {
            Ok(None)
        }
    }

    /// Deactivate an account (administrators): re-keys the vault so the
    /// account's password, and every copy of keyring.json with it, no longer
    /// opens the database; returns the new recovery code (shown once).
    pub fn deactivate_user(&mut self, username: &str, progress: Progress<'_>) -> Result<Rekeyed> {
        self.update_user_with(username, None, None, Some(false), progress)?
            .ok_or_else(|| VaultError::Invalid("this account is already deactivated".into()))
    }

    /// The signed-in user's language and theme, remembered per user.
    pub fn set_preferences(&mut self, language: &str, theme: &str) -> Result<()> {
        let uid = self.user().id.clone();
        let (language, theme) = (language.to_string(), theme.to_string());
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE users SET language = ?2, theme = ?3 WHERE id = ?1",
                params![uid, language, theme],
            )?;
            Ok(())
        })?;
        self.user.language = language;
        self.user.theme = theme;
        Ok(())
    }
}

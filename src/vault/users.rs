//! User accounts: created, changed and deactivated by administrators; every
//! change is audited (field names, never values or passwords).

use crate::vault::db::Cached;
use rusqlite::params;
use serde_json::json;

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
}

impl Vault {
    pub fn list_users(&self) -> Result<Vec<UserRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, username, display_name, role, active FROM users ORDER BY username",
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
            })
        })?;
        let mut users: Vec<UserRow> = rows.collect::<rusqlite::Result<_>>()?;
        for u in &mut users {
            let l = self.keyring().lockout_of(&u.username);
            u.failures = l.failures;
            u.hard_locked = l.locked;
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

    /// Create an account (administrators only). Usernames are unique.
    pub fn create_user(
        &mut self,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
    ) -> Result<String> {
        self.require(self.user().role.can_administer())?;
        let username = security::normalize_username(username)
            .map_err(|e| VaultError::Invalid(e.to_string()))?;
        security::validate_password(password).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let display = text::clean_line(display_name);
        if display.is_empty() {
            return Err(VaultError::Invalid("the display name is required".into()));
        }
        let exists: i64 = self.conn().row(
            "SELECT count(*) FROM users WHERE username = ?1",
            [&username],
            |r| r.get(0),
        )?;
        if exists > 0 || self.keyring().has_user(&username) {
            return Err(VaultError::Duplicate(format!("username {username}")));
        }
        let key = self.data_key().clone();
        let id = uuid::Uuid::now_v7().to_string();
        let ts = now_iso();
        self.keyring_change(
            |kr| kr.set_user_wrap(&username, password.as_bytes(), &key),
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

    /// Change one's own password: verify the old one, then re-wrap the data key.
    pub fn change_own_password(&mut self, old: &str, new: &str) -> Result<()> {
        security::validate_password(new).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let username = self.user().username.clone();
        if self
            .keyring()
            .unwrap_user(&username, old.as_bytes())?
            .is_none()
        {
            return Err(VaultError::WrongCredentials { failures: 0 });
        }
        let key = self.data_key().clone();
        let uid = self.user().id.clone();
        self.keyring_change(
            |kr| kr.set_user_wrap(&username, new.as_bytes(), &key),
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

    /// Set a new password for another account (administrators only); the user
    /// must change it at next login, and a hard lock is lifted.
    pub fn reset_password(&mut self, username: &str, new: &str) -> Result<()> {
        self.require(self.user().role.can_administer())?;
        security::validate_password(new).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let uid = self.user_id(username)?;
        let key = self.data_key().clone();
        let pending = self.keyring().clone().clear_lockout(username);
        self.keyring_change(
            |kr| {
                kr.set_user_wrap(username, new.as_bytes(), &key)?;
                kr.clear_lockout(username);
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
        )
    }

    /// Lift a hard lock or a delay (administrators only).
    pub fn unlock_account(&mut self, username: &str) -> Result<()> {
        self.require(self.user().role.can_administer())?;
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
    pub fn update_user(
        &mut self,
        username: &str,
        display_name: Option<&str>,
        role: Option<Role>,
        active: Option<bool>,
    ) -> Result<()> {
        self.require(self.user().role.can_administer())?;
        let uid = self.user_id(username)?;
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
        let mut fields = Vec::new();
        let display = display_name.map(text::clean_line);
        if display.as_deref() == Some("") {
            return Err(VaultError::Invalid("the display name is required".into()));
        }
        self.write(|tx| {
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
        })
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

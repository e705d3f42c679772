//! What an unlocked app knows about its vault and user.

use std::path::PathBuf;
use std::sync::Arc;

use zeroize::Zeroizing;

use super::jobs::Db;
use crate::vault::{SessionUser, Unit, Vault};

#[derive(Debug, Clone)]
pub struct Session {
    pub db: Db,
    pub user: SessionUser,
    pub unit: Unit,
    pub auto_lock_minutes: u32,
    pub dir: PathBuf,
    /// The language of the window (files made for the user follow it).
    pub lang: crate::i18n::Lang,
}

impl Session {
    /// Wrap an unlocked vault (called on the blocking pool).
    pub fn open(v: Vault) -> Result<Session, crate::vault::VaultError> {
        let unit = v.unit()?;
        let user = v.user().clone();
        let auto_lock_minutes = v.auto_lock_minutes();
        let dir = v.dir().to_path_buf();
        let lang = crate::i18n::Lang::from_code(&user.language);
        crate::clock::set_offset_minutes(v.utc_offset_minutes());
        Ok(Session {
            db: Db::new(v),
            user,
            unit,
            auto_lock_minutes,
            dir,
            lang,
        })
    }

    /// A session with no vault behind it, for unit tests of screens' `update`
    /// (their background tasks are created, not run).
    #[cfg(test)]
    pub fn detached() -> Session {
        use crate::domain::security::Role;
        Session {
            db: Db::closed(),
            user: crate::vault::SessionUser {
                id: "u1".into(),
                username: "canbo".into(),
                display_name: "Cán bộ Lê Văn An".into(),
                role: Role::Officer,
                language: "vi".into(),
                theme: "light".into(),
                must_change_password: false,
            },
            unit: crate::domain::unit::Unit {
                name: "Đồn Biên phòng Mộc Bài".into(),
                kind: crate::domain::unit::UnitKind::BorderGuardStation,
                province_code: Some(80),
                code: String::new(),
            },
            auto_lock_minutes: 5,
            dir: PathBuf::from("/nonexistent"),
            lang: crate::i18n::Lang::Vi,
        }
    }
}

/// A secret that travels in a message (a recovery code); redacted in Debug.
#[derive(Clone)]
pub struct Secret(pub Arc<Zeroizing<String>>);

impl Secret {
    pub fn new(s: Zeroizing<String>) -> Secret {
        Secret(Arc::new(s))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Overwrite a string's bytes before dropping it (passwords typed in forms).
pub fn wipe(s: &mut String) {
    use zeroize::Zeroize;
    s.zeroize();
}

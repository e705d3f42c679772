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
}

impl Session {
    /// Wrap an unlocked vault (called on the blocking pool).
    pub fn open(v: Vault) -> Result<Session, crate::vault::VaultError> {
        let unit = v.unit()?;
        let user = v.user().clone();
        let auto_lock_minutes = v.auto_lock_minutes();
        let dir = v.dir().to_path_buf();
        Ok(Session {
            db: Db::new(v),
            user,
            unit,
            auto_lock_minutes,
            dir,
        })
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

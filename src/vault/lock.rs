//! One process at a time per vault: an advisory lock on `vault.lock`.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::error::{Result, VaultError};

pub const LOCK_FILE: &str = "vault.lock";

#[derive(Debug)]
pub struct VaultLock {
    _file: File,
}

impl VaultLock {
    pub fn acquire(dir: &Path) -> Result<VaultLock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    VaultError::NoVault(dir.to_path_buf())
                } else {
                    VaultError::io("open vault.lock", e)
                }
            })?;
        super::fsio::restrict_permissions(&file);
        match file.try_lock() {
            Ok(()) => Ok(VaultLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(VaultError::Busy),
            Err(TryLockError::Error(e)) => Err(VaultError::io("lock vault", e)),
        }
    }
}

//! One process at a time per vault: an advisory lock on `vault.lock`.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use super::error::{Result, VaultError};

pub const LOCK_FILE: &str = "vault.lock";

/// Retries of 25 ms before a held lock is reported (half a second in all).
const RETRIES: u32 = 20;

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
        // A lock released a moment ago can still be held for a few
        // milliseconds by a child process between its fork and its exec (it
        // shares the open file until exec closes it): wait briefly before
        // saying another program has the vault open.
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(VaultLock { _file: file }),
                Err(TryLockError::WouldBlock) if tries < RETRIES => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => return Err(VaultError::Busy),
                Err(TryLockError::Error(e)) => return Err(VaultError::io("lock vault", e)),
            }
        }
    }
}

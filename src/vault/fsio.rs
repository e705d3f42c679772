//! Durable file writes: temp file in the same folder, fsync, rename, fsync the folder.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{Result, VaultError};

/// Write `bytes` to `path` atomically: either the old content or the new
/// content is there after a crash, never a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| {
        f.write_all(bytes)
            .map_err(|e| VaultError::io("write temporary file", e))
    })
}

/// As [`write_atomic`], the content written by `write` as a stream (a large
/// file need not be held in memory first).
pub fn write_atomic_with<E: From<VaultError>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temp_sibling(path);
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| VaultError::io("create temporary file", e))?;
        restrict_permissions(&f);
        write(&mut f)?;
        f.sync_all()
            .map_err(|e| VaultError::io("flush temporary file", e))?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| VaultError::io("replace file", e))?;
        sync_dir(dir).map_err(E::from)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// How temporary names made by [`temp_sibling`] begin.
pub const TEMP_PREFIX: &str = ".tmp-";

/// A temporary name next to `path` that reveals nothing about the content.
pub fn temp_sibling(path: &Path) -> PathBuf {
    let mut rnd = [0u8; 8];
    getrandom::fill(&mut rnd).expect("system random generator");
    let name = format!("{TEMP_PREFIX}{}", hex::encode(rnd));
    path.with_file_name(name)
}

pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let d = File::open(dir).map_err(|e| VaultError::io("open folder", e))?;
        d.sync_all()
            .map_err(|e| VaultError::io("flush folder", e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Owner-only permissions for files that hold vault material: mode 0600 on
/// Unix; on Windows an access list of the user and SYSTEM only.
pub fn restrict_permissions(f: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = f.set_permissions(fs::Permissions::from_mode(0o600));
    }
    #[cfg(windows)]
    let _ = super::winacl::restrict_handle(f);
    #[cfg(not(any(unix, windows)))]
    let _ = f;
}

/// Create a folder (and its parents) that only the user may enter: mode
/// 0700 on Unix; on Windows an access list of the user and SYSTEM only,
/// not inherited from the parent and inherited by everything inside.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| VaultError::io("create folder", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    // As on Unix, media without access lists (a FAT-formatted USB stick)
    // still take a backup.
    #[cfg(windows)]
    if let Err(e) = super::winacl::restrict_dir(dir) {
        tracing::warn!("folder access not restricted: {e}");
    }
    Ok(())
}

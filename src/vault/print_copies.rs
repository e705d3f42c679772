//! Print copies: the PDFs handed to the system viewer ("Open PDF").
//!
//! They are the only plaintext copies of case data the app writes on its own,
//! so they go where they can be wiped:
//! - a RAM-backed folder where the system has one (Linux: the user's runtime
//!   folder `$XDG_RUNTIME_DIR`, else `/dev/shm/tiepnhan-<uid>`, both tmpfs and
//!   owner-only);
//! - a private folder otherwise (Windows: `%LOCALAPPDATA%\TiepNhan\TiepNhan\cache\print`,
//!   its ACL restricted to the user and SYSTEM, files marked temporary and not
//!   indexed).
//!
//! File names are random (`<hex>.pdf`): nothing personal in a name.
//!
//! Each process that makes copies holds a lock on `<id>.lock` beside its own
//! folder `<id>/`. The folder is wiped when the vault locks, and when the
//! process ends. A folder whose lock nobody holds belongs to a process that
//! ended without wiping (a crash, a power cut that spared the disk): the next
//! start of the window or of any command wipes it ([`sweep_at_start`]).
//!
//! Wiping a file overwrites it in place with zeros (the same blocks: opened
//! without truncation), syncs it to the device, then removes it.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::error::{Result, VaultError};
use super::fsio;

/// The name of the per-user folder in a shared RAM-backed place.
#[cfg(target_os = "linux")]
const ROOT_NAME: &str = "tiepnhan-print";
const LOCK_EXT: &str = "lock";

/// One process's folder of print copies, held by a lock while it lives.
#[derive(Debug)]
pub struct PrintCopies {
    dir: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut rnd = vec![0u8; bytes];
    getrandom::fill(&mut rnd).map_err(|e| VaultError::Invalid(format!("system random: {e}")))?;
    Ok(hex::encode(rnd))
}

impl PrintCopies {
    /// A new folder of copies under `root` (created owner-only when missing).
    pub fn open_in(root: &Path) -> Result<PrintCopies> {
        fsio::create_private_dir(root)?;
        for _ in 0..8 {
            let id = random_hex(8)?;
            let lock_path = root.join(format!("{id}.{LOCK_EXT}"));
            let lock = match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(VaultError::io("create print lock", e)),
            };
            match lock.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => continue,
                Err(TryLockError::Error(e)) => return Err(VaultError::io("lock print folder", e)),
            }
            // A sweep by another process may have taken the file between its
            // creation and the lock: then it is gone, and another id is used.
            if !lock_path.exists() {
                continue;
            }
            let dir = root.join(&id);
            fsio::create_private_dir(&dir)?;
            return Ok(PrintCopies {
                dir,
                lock_path,
                _lock: lock,
            });
        }
        Err(VaultError::Invalid(
            "could not create a print folder".into(),
        ))
    }

    /// The folder the copies are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Write a copy with a random name and the extension `ext` ("pdf").
    /// Not synced: in a RAM-backed folder it never reaches a disk.
    pub fn write(&self, bytes: &[u8], ext: &str) -> Result<PathBuf> {
        fsio::create_private_dir(&self.dir)?;
        let path = self.dir.join(format!("{}.{ext}", random_hex(8)?));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        #[cfg(windows)]
        {
            use std::os::windows::fs::OpenOptionsExt;
            use windows_sys::Win32::Storage::FileSystem::{
                FILE_ATTRIBUTE_NOT_CONTENT_INDEXED, FILE_ATTRIBUTE_TEMPORARY,
            };
            // Temporary: the cache manager keeps it in memory where it can;
            // not indexed: Windows Search never reads it.
            opts.attributes(FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED);
        }
        let result = opts
            .open(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| VaultError::io("write print copy", e));
        if result.is_err() {
            let _ = wipe_file(&path);
        }
        result.map(|()| path)
    }

    /// Wipe every copy in the folder; returns how many were removed.
    /// A copy the viewer still holds open where the system forbids writing
    /// to it (Windows) is left for the next sweep.
    pub fn wipe(&self) -> usize {
        wipe_dir_files(&self.dir)
    }
}

impl Drop for PrintCopies {
    fn drop(&mut self) {
        self.wipe();
        let _ = fs::remove_dir(&self.dir);
        let _ = fs::remove_file(&self.lock_path);
    }
}

/// Overwrite a file in place with zeros, sync it, and remove it.
pub fn wipe_file(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if meta.is_file() && meta.len() > 0 {
        // Opened for writing without truncation: the zeros land on the
        // file's own blocks instead of freeing them unwritten.
        let mut f = OpenOptions::new().write(true).open(path)?;
        let zeros = vec![0u8; 64 * 1024];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n])?;
            left -= n as u64;
        }
        f.sync_all()?;
    }
    fs::remove_file(path)
}

fn wipe_dir_files(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => {
                removed += wipe_dir_files(&p);
                let _ = fs::remove_dir(&p);
            }
            Ok(_) => match wipe_file(&p) {
                Ok(()) => removed += 1,
                Err(err) => tracing::warn!("a print copy could not be wiped yet: {err}"),
            },
            Err(_) => {}
        }
    }
    removed
}

/// Wipe the folders under `root` whose process has ended (their lock is
/// free); folders of running processes are left alone. Returns how many
/// copies were removed.
pub fn sweep_stale(root: &Path) -> usize {
    if !is_own_real_dir(root) {
        return 0;
    }
    let Ok(entries) = fs::read_dir(root) else {
        return 0;
    };
    let mut locks = Vec::new();
    let mut dirs = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        match name.split_once('.') {
            Some((id, LOCK_EXT)) if is_id(id) => locks.push(p),
            None if is_id(&name) && e.file_type().is_ok_and(|t| t.is_dir()) => dirs.push(p),
            _ => {}
        }
    }
    let mut removed = 0;
    for lock_path in locks {
        let Ok(f) = OpenOptions::new().write(true).open(&lock_path) else {
            continue;
        };
        if f.try_lock().is_err() {
            continue; // a running process
        }
        let dir = lock_path.with_extension("");
        removed += wipe_dir_files(&dir);
        let _ = fs::remove_dir(&dir);
        let _ = fs::remove_file(&lock_path);
    }
    // A folder without a lock file: its process removed the lock but not
    // the folder (or the lock file was lost). A live process always creates
    // its lock before its folder, so such a folder is stale.
    for dir in dirs {
        if !dir.with_extension(LOCK_EXT).exists() {
            removed += wipe_dir_files(&dir);
            let _ = fs::remove_dir(&dir);
        }
    }
    removed
}

/// A folder id as [`PrintCopies::open_in`] makes them: 16 hex digits.
fn is_id(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A real folder (not a symbolic link) that, on Unix, the user owns.
fn is_own_real_dir(path: &Path) -> bool {
    let Ok(m) = fs::symlink_metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getuid has no arguments and cannot fail.
        if m.uid() != unsafe { libc::getuid() } {
            return false;
        }
    }
    m.is_dir()
}

/// Copies the app wrote for the viewer inside the vault folder before they
/// moved out of it (`exports/print/`), and temporary files a crash left in
/// `exports/` while a document was being saved there.
pub fn sweep_exports(vault_dir: &Path) -> usize {
    let exports = vault_dir.join("exports");
    let mut removed = wipe_dir_files(&exports.join("print"));
    let _ = fs::remove_dir(exports.join("print"));
    if let Ok(entries) = fs::read_dir(&exports) {
        for e in entries.flatten() {
            let name = e.file_name();
            if name.to_string_lossy().starts_with(fsio::TEMP_PREFIX)
                && e.file_type().is_ok_and(|t| t.is_file())
                && wipe_file(&e.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// Whether `path` is on a RAM-backed file system (tmpfs, ramfs).
#[cfg(target_os = "linux")]
fn is_ram_backed(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: statfs writes into the zeroed struct we own; the path is a
    // valid NUL-terminated string.
    unsafe {
        let mut s: libc::statfs = std::mem::zeroed();
        if libc::statfs(c.as_ptr(), &mut s) != 0 {
            return false;
        }
        const RAMFS_MAGIC: i64 = 0x8584_58f6;
        // `f_type` and the constant are i64 on x86_64 but narrower elsewhere.
        #[allow(clippy::unnecessary_cast)]
        let (t, tmpfs) = (s.f_type as i64, libc::TMPFS_MAGIC as i64);
        t == tmpfs || t == RAMFS_MAGIC
    }
}

/// A folder that only the current user may enter: it is not a symbolic
/// link, the user owns it, and no one else has any access to it.
#[cfg(target_os = "linux")]
fn is_private_dir(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    is_own_real_dir(path) && fs::symlink_metadata(path).is_ok_and(|m| m.mode() & 0o077 == 0)
}

/// The places print copies may be, in order of preference. The first that
/// can be used is where new copies go; every one is swept at start.
pub fn candidate_roots() -> Vec<PathBuf> {
    let mut roots = Vec::new();
    #[cfg(target_os = "linux")]
    {
        if let Some(run) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
            && run.is_absolute()
        {
            roots.push(run.join(ROOT_NAME));
        }
        // SAFETY: getuid has no arguments and cannot fail.
        let uid = unsafe { libc::getuid() };
        roots.push(PathBuf::from(format!("/dev/shm/{ROOT_NAME}-{uid}")));
    }
    if let Some(d) = directories::ProjectDirs::from("vn", "TiepNhan", "TiepNhan") {
        roots.push(d.cache_dir().join("print"));
    }
    roots
}

/// Whether a candidate root can hold copies now (creating it when its
/// parent is a RAM-backed place the user may write to).
fn usable(root: &Path, ram_only: bool) -> bool {
    #[cfg(target_os = "linux")]
    if ram_only {
        let Some(parent) = root.parent() else {
            return false;
        };
        if !is_ram_backed(parent) {
            return false;
        }
        match fs::symlink_metadata(root) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fsio::create_private_dir(root).is_err() {
                    return false;
                }
            }
            Err(_) => return false,
        }
        // In /dev/shm anyone may create a folder first: use it only if it is
        // the user's own and private.
        return is_private_dir(root);
    }
    let _ = ram_only;
    fsio::create_private_dir(root).is_ok()
}

/// Where this process writes its copies: the first usable candidate.
pub fn default_root() -> Option<PathBuf> {
    let roots = candidate_roots();
    let last = roots.len().saturating_sub(1);
    roots
        .into_iter()
        .enumerate()
        .find(|(i, r)| usable(r, *i < last))
        .map(|(_, r)| r)
}

/// Whether the folder is in RAM (for the report of where copies go).
pub fn root_is_ram_backed(root: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        root.parent().is_some_and(is_ram_backed)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = root;
        false
    }
}

// ---- The process's own copies (the window and the CLI share these) ----

static SESSION: Mutex<Option<PrintCopies>> = Mutex::new(None);

/// Write a print copy for the viewer in this process's folder.
pub fn write_copy(bytes: &[u8], ext: &str) -> Result<PathBuf> {
    let mut s = SESSION.lock().unwrap_or_else(|p| p.into_inner());
    if s.is_none() {
        let root = default_root()
            .ok_or_else(|| VaultError::Invalid("no folder for print copies".into()))?;
        *s = Some(PrintCopies::open_in(&root)?);
    }
    s.as_ref().expect("just set").write(bytes, ext)
}

/// Wipe this process's copies (when the vault locks); returns how many.
pub fn wipe_own() -> usize {
    let s = SESSION.lock().unwrap_or_else(|p| p.into_inner());
    s.as_ref().map(PrintCopies::wipe).unwrap_or(0)
}

/// At every start of the window or a command: wipe what ended processes
/// left behind (in every place copies may be) and, when no one has the
/// vault open, the old copies and crash leftovers in its `exports/`.
/// Returns how many files were removed.
pub fn sweep_at_start(vault_dir: Option<&Path>) -> usize {
    let mut removed = candidate_roots().iter().map(|r| sweep_stale(r)).sum();
    if let Some(v) = vault_dir
        && super::exists(v)
        && let Ok(_open) = super::lock::VaultLock::acquire(v)
    {
        removed += sweep_exports(v);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_in(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_copy_has_a_random_name_and_is_wiped_on_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let copies = PrintCopies::open_in(tmp.path()).unwrap();
        let a = copies.write(b"%PDF-1.7 Nguy\xe1\xbb\x85n", "pdf").unwrap();
        let b = copies.write(b"%PDF-1.7 second", "pdf").unwrap();
        assert_ne!(a, b);
        for p in [&a, &b] {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            assert_eq!(name.len(), 16 + 4, "{name}");
            assert!(name.ends_with(".pdf"));
            assert!(p.starts_with(copies.dir()));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&a).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(copies.dir()).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        assert_eq!(copies.wipe(), 2);
        assert!(!a.exists() && !b.exists());
        assert!(copies.dir().exists(), "the folder stays for the next copy");
        let dir = copies.dir().to_path_buf();
        drop(copies);
        assert!(!dir.exists());
        assert!(
            files_in(tmp.path()).is_empty(),
            "{:?}",
            files_in(tmp.path())
        );
    }

    #[test]
    fn wiping_overwrites_the_file_in_place_before_removing_it() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("copy.pdf");
        let content = vec![0xA5u8; 200_000];
        fs::write(&p, &content).unwrap();
        // A second name for the same file shows what its blocks hold after
        // the wipe removed the first.
        let witness = tmp.path().join("witness");
        fs::hard_link(&p, &witness).unwrap();
        wipe_file(&p).unwrap();
        assert!(!p.exists());
        let after = fs::read(&witness).unwrap();
        assert_eq!(after.len(), content.len(), "not truncated");
        assert!(after.iter().all(|&b| b == 0), "overwritten with zeros");
    }

    #[test]
    fn a_sweep_wipes_ended_processes_folders_and_spares_live_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let live = PrintCopies::open_in(tmp.path()).unwrap();
        let live_copy = live.write(b"live", "pdf").unwrap();
        // What a crashed process leaves: its lock file (the lock itself
        // released by the system), its folder and its copy.
        let dead = tmp.path().join("00112233445566aa");
        fs::create_dir(&dead).unwrap();
        fs::write(dead.with_extension(LOCK_EXT), b"").unwrap();
        fs::write(dead.join("0a0b0c0d0e0f0102.pdf"), b"crashed").unwrap();
        // A folder whose lock file is gone.
        let orphan = tmp.path().join("0123456789abcdef");
        fs::create_dir(&orphan).unwrap();
        fs::write(orphan.join("x.pdf"), b"orphan").unwrap();
        // Something else in the folder is not the sweep's business.
        let other = tmp.path().join("not-ours");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("keep.txt"), b"keep").unwrap();

        assert_eq!(sweep_stale(tmp.path()), 2);
        assert!(!dead.exists() && !dead.with_extension(LOCK_EXT).exists());
        assert!(!orphan.exists());
        assert!(live_copy.exists(), "a running process's copy stays");
        assert!(other.join("keep.txt").exists());
        drop(live);
        assert!(!live_copy.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_root_that_is_a_symbolic_link_is_never_swept() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("elsewhere");
        fs::create_dir(&target).unwrap();
        let victim = target.join("0123456789abcdef");
        fs::create_dir(&victim).unwrap();
        fs::write(victim.join("data"), b"precious").unwrap();
        let link = tmp.path().join("root");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(sweep_stale(&link), 0);
        assert!(victim.join("data").exists());
    }

    #[test]
    fn old_copies_and_crash_leftovers_in_exports_are_swept() {
        let tmp = tempfile::tempdir().unwrap();
        let exports = tmp.path().join("exports");
        fs::create_dir_all(exports.join("print")).unwrap();
        fs::write(exports.join("print").join("in-0a1b2c.pdf"), b"old copy").unwrap();
        fs::write(exports.join(".tmp-00112233"), b"half a pdf").unwrap();
        fs::write(
            exports.join("bien-ban-tiep-nhan-20260101-0800.pdf"),
            b"saved",
        )
        .unwrap();
        assert_eq!(sweep_exports(tmp.path()), 2);
        assert!(!exports.join("print").exists());
        assert!(!exports.join(".tmp-00112233").exists());
        assert!(
            exports
                .join("bien-ban-tiep-nhan-20260101-0800.pdf")
                .exists(),
            "a document the officer saved stays"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_copies_go_to_a_private_ram_backed_folder() {
        let root = default_root().expect("a root");
        if Path::new("/dev/shm").exists() && is_ram_backed(Path::new("/dev/shm")) {
            assert!(root_is_ram_backed(&root), "{}", root.display());
        }
        assert!(is_private_dir(&root), "{}", root.display());
    }
}

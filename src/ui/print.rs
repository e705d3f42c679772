//! Printing and saving documents. "Save PDF" writes where the officer
//! chooses; "Open PDF" writes a print copy with a random name for the system
//! viewer (`vault::print_copies`: a RAM-backed folder where the system has
//! one), wiped on lock and, after a crash, at the next start. Both are
//! audited (what and which record, never the content).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iced::Task;

use super::jobs::{self, UiError, UiResult};
use super::notice::Notice;
use super::session::Session;
use crate::vault::{fsio, print_copies};

pub use crate::app::documents::Doc;

/// What the officer does with a finished document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocAction {
    Open,
    Save,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub path: PathBuf,
    pub opened: bool,
}

/// Windows: the shell opens the file with its default program (no console
/// window, no command-line quoting of the path).
#[cfg(windows)]
fn open_with_system_viewer(path: &Path) -> std::io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::UI::Shell::ShellExecuteW;
    use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;
    let file: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
    let verb: Vec<u16> = "open\0".encode_utf16().collect();
    // SAFETY: NUL-terminated strings that outlive the call.
    let rc = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    } as isize;
    // Values up to 32 are errors.
    if rc <= 32 {
        return Err(std::io::Error::other(format!(
            "no program opens PDF files (ShellExecute {rc})"
        )));
    }
    Ok(())
}

#[cfg(not(windows))]
fn open_with_system_viewer(path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "macos")]
    let mut cmd = std::process::Command::new("open");
    #[cfg(not(target_os = "macos"))]
    let mut cmd = std::process::Command::new("xdg-open");
    let mut child = cmd
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reaped when it exits (xdg-open returns once the viewer started), so
    // no zombie is left behind.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// Ask where to save (rfd). When no dialog is available at all (no desktop
/// portal: the dialog returns at once), the vault's `exports/` folder is used.
pub fn choose_save_path(
    file_name: String,
    ext: &'static str,
    fallback_dir: PathBuf,
) -> Task<Option<PathBuf>> {
    Task::perform(
        async move {
            let started = Instant::now();
            let chosen = rfd::AsyncFileDialog::new()
                .set_file_name(&file_name)
                .add_filter(ext.to_uppercase(), &[ext])
                .save_file()
                .await
                .map(|h| h.path().to_path_buf());
            match chosen {
                Some(p) => Some(p),
                None if started.elapsed() < Duration::from_millis(150) => {
                    let _ = fsio::create_private_dir(&fallback_dir);
                    Some(fallback_dir.join(file_name))
                }
                None => None,
            }
        },
        |p| p,
    )
}

/// What a file or folder dialog gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown on this system (no desktop portal): the
    /// user types the path instead, and is told so.
    NoDialog,
}

/// A dialog that returns at once did not open at all.
async fn picked(
    started: Instant,
    dialog: impl std::future::Future<Output = Option<rfd::FileHandle>>,
) -> Picked {
    match dialog.await {
        Some(h) => Picked::Path(h.path().to_path_buf()),
        None if started.elapsed() < Duration::from_millis(150) => Picked::NoDialog,
        None => Picked::Cancelled,
    }
}

/// Ask for a file to open (rfd).
pub fn choose_open_path(ext: &'static [&'static str]) -> Task<Picked> {
    Task::perform(
        picked(
            Instant::now(),
            rfd::AsyncFileDialog::new()
                .add_filter(ext.join(", "), ext)
                .pick_file(),
        ),
        |p| p,
    )
}

/// Ask for a folder (rfd).
pub fn choose_folder() -> Task<Picked> {
    Task::perform(
        picked(Instant::now(), rfd::AsyncFileDialog::new().pick_folder()),
        |p| p,
    )
}

/// Write a print copy (`vault::print_copies`: wiped on lock and, after a
/// crash, at the next start) and open it in the system viewer, which prints
/// it. Used for attachments; documents take the same path.
pub fn open_copy(bytes: &[u8], ext: &str) -> UiResult<PathBuf> {
    let path = print_copies::write_copy(bytes, ext).map_err(UiError::from)?;
    if let Err(e) = open_with_system_viewer(&path) {
        // No viewer to hand it to: the copy is not left waiting for the lock.
        let _ = print_copies::wipe_file(&path);
        tracing::warn!(error = %e, "no program opened the print copy");
        return Err(UiError::NoViewer);
    }
    Ok(path)
}

/// Open a PDF made for the system viewer through the wipeable print
/// copies, as documents are.
pub fn open_bytes(bytes: &[u8]) -> UiResult<Done> {
    let path = open_copy(bytes, "pdf")?;
    Ok(Done { path, opened: true })
}

/// Open or save a document.
pub fn run(doc: Doc, action: DocAction, session: &Session) -> Task<UiResult<Done>> {
    let db = session.db.clone();
    let dir = session.dir.clone();
    match action {
        DocAction::Open => jobs::blocking(
            move || {
                let bytes = db.run(|v| crate::app::documents::build(v, &doc, true))?;
                let path = open_copy(&bytes, "pdf")?;
                Ok(Done { path, opened: true })
            },
            |r| r,
        ),
        DocAction::Save => {
            let name = doc.file_name();
            choose_save_path(name, "pdf", dir.join("exports")).then(move |path| {
                let Some(path) = path else {
                    return Task::done(Err(UiError::Other("cancelled".into())));
                };
                let db = db.clone();
                let doc = doc.clone();
                jobs::blocking(
                    move || {
                        let bytes = db.run(|v| crate::app::documents::build(v, &doc, false))?;
                        fsio::write_atomic(&path, &bytes).map_err(UiError::from)?;
                        Ok(Done {
                            path,
                            opened: false,
                        })
                    },
                    |r| r,
                )
            })
        }
    }
}

pub fn notice(r: UiResult<Done>) -> Notice {
    match r {
        Ok(d) if d.opened => Notice::DocOpened,
        Ok(d) => Notice::DocSaved(d.path),
        Err(UiError::Other(m)) if m == "cancelled" => Notice::DocCancelled,
        Err(e) => Notice::Error(e),
    }
}

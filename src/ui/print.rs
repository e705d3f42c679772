//! Printing and saving documents. "Save PDF" writes where the officer
//! chooses; "Open PDF" writes a print copy with a random name for the system
//! viewer (`vault::print_copies`: a RAM-backed folder where the system has
//! one), wiped on lock and, after a crash, at the next start. Both are
//! audited (what and which record, never the content).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Local;
use iced::Task;
use serde_json::json;

use super::i18n::Lang;
use super::jobs::{self, UiError, UiResult};
use super::session::Session;
use super::theme::Banner;
use crate::domain::audit::action;
use crate::export::docs;
use crate::export::pdf::{self, Template};
use crate::t;
use crate::vault::{Vault, VaultError, fsio, print_copies};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    Reception(String),
    Screening(String),
    Referral(String),
    Handover(String),
}

impl Doc {
    fn file_name(&self) -> String {
        let prefix = match self {
            Doc::Reception(_) => "bien-ban-tiep-nhan",
            Doc::Screening(_) => "phieu-sang-loc",
            Doc::Referral(_) => "phieu-chuyen-gui",
            Doc::Handover(_) => "bien-ban-ban-giao",
        };
        format!("{prefix}-{}.pdf", Local::now().format("%Y%m%d-%H%M"))
    }

    fn what(&self) -> (&'static str, &str) {
        match self {
            Doc::Reception(id) => ("reception_record", id),
            Doc::Screening(id) => ("screening_record", id),
            Doc::Referral(id) => ("referral_form", id),
            Doc::Handover(id) => ("handover_record", id),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub path: PathBuf,
    pub opened: bool,
}

fn display_names(v: &Vault) -> std::collections::HashMap<String, String> {
    v.list_users()
        .map(|u| {
            u.into_iter()
                .map(|u| (u.username, u.display_name))
                .collect()
        })
        .unwrap_or_default()
}

/// Build a document's PDF (in memory) and audit it.
pub fn build(v: &mut Vault, doc: &Doc, print: bool) -> Result<Vec<u8>, VaultError> {
    let unit = v.unit()?;
    let names = display_names(v);
    let name = |u: &str| names.get(u).cloned().unwrap_or_else(|| u.to_string());
    let today = Local::now().date_naive();
    let inv = |e: crate::export::ExportError| VaultError::Invalid(e.to_string());
    let (bytes, case_target) = match doc {
        Doc::Reception(batch_id) => {
            let (batch, rows) = v.open_batch(batch_id)?;
            let people: Vec<_> = rows
                .iter()
                .map(|r| v.read_case(&r.id).map(|c| c.record))
                .collect::<Result<_, _>>()?;
            let gate = v
                .gates()?
                .into_iter()
                .find(|g| Some(g.id) == batch.gate_id)
                .map(|g| g.name)
                .unwrap_or_default();
            let data = docs::reception(&unit, &batch, &gate, &people, &name(&v.user().username));
            (
                pdf::render(Template::Reception, &data).map_err(inv)?,
                batch_id.clone(),
            )
        }
        Doc::Screening(sid) => {
            let s = v.screening(sid)?;
            let case = v.read_case(&s.case_id)?.record;
            let catalog = crate::domain::screening::Catalog::builtin()
                .map_err(|e| VaultError::Invalid(e.to_string()))?;
            let data = docs::screening(
                &unit,
                &case,
                &s,
                &name(&s.interviewer),
                &s.approved_by.as_deref().map(name).unwrap_or_default(),
                catalog,
            );
            (
                pdf::render(Template::Screening, &data).map_err(inv)?,
                s.case_id.clone(),
            )
        }
        Doc::Referral(rid) | Doc::Handover(rid) => {
            let r = v.referral(rid)?;
            let case = v.read_case(&r.case_id)?.record;
            let agency = v.agency(
                r.agency_id
                    .ok_or_else(|| VaultError::Invalid("no agency".into()))?,
            )?;
            let decision = v
                .screenings_of(&r.case_id)?
                .into_iter()
                .next()
                .and_then(|s| s.decision);
            let officer = name(&r.created_by);
            let data = if matches!(doc, Doc::Referral(_)) {
                let approver = r.approved_by.as_deref().map(name).unwrap_or_default();
                (
                    Template::Referral,
                    docs::referral(
                        &unit,
                        &case,
                        &r,
                        &agency,
                        decision,
                        docs::Signers {
                            officer: &officer,
                            approver: &approver,
                        },
                        today,
                    ),
                )
            } else {
                (
                    Template::Handover,
                    docs::handover(&unit, &case, &r, &agency, &officer, today),
                )
            };
            (
                pdf::render(data.0, &data.1).map_err(inv)?,
                r.case_id.clone(),
            )
        }
    };
    let (what, id) = doc.what();
    v.audit_access(
        if print { action::PRINT } else { action::EXPORT },
        &case_target,
        json!({"what": what, "record": id}),
    )?;
    Ok(bytes)
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

/// Ask for a file to open (rfd); `None` when cancelled or no dialog is available.
pub fn choose_open_path(ext: &'static [&'static str]) -> Task<Option<PathBuf>> {
    Task::perform(
        async move {
            rfd::AsyncFileDialog::new()
                .add_filter(ext.join(", "), ext)
                .pick_file()
                .await
                .map(|h| h.path().to_path_buf())
        },
        |p| p,
    )
}

/// Ask for a folder (rfd); `None` when cancelled or no dialog is available.
pub fn choose_folder() -> Task<Option<PathBuf>> {
    Task::perform(
        async {
            rfd::AsyncFileDialog::new()
                .pick_folder()
                .await
                .map(|h| h.path().to_path_buf())
        },
        |p| p,
    )
}

/// Open or save a document.
pub fn run(
    doc: Doc,
    action: crate::ui::screens::referrals::DocAction,
    session: &Session,
) -> Task<UiResult<Done>> {
    use crate::ui::screens::referrals::DocAction;
    let db = session.db.clone();
    let dir = session.dir.clone();
    match action {
        DocAction::Open => jobs::blocking(
            move || {
                let bytes = db.with(|v| build(v, &doc, true))?;
                let path = print_copies::write_copy(&bytes, "pdf").map_err(UiError::from)?;
                open_with_system_viewer(&path).map_err(|e| UiError::Other(e.to_string()))?;
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
                        let bytes = db.with(|v| build(v, &doc, false))?;
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

pub fn notice(r: UiResult<Done>, l: Lang) -> (Banner, String) {
    match r {
        Ok(d) if d.opened => (Banner::Info, t!(l, "doc-opened")),
        Ok(d) => (
            Banner::Success,
            t!(l, "doc-saved", path = d.path.display().to_string()),
        ),
        Err(UiError::Other(m)) if m == "cancelled" => (Banner::Info, t!(l, "doc-cancelled")),
        Err(e) => (Banner::Error, e.message(l)),
    }
}

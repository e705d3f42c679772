//! Work off the UI thread: every vault, PDF and file operation runs in a
//! blocking task and comes back as a message carrying a `Result` with a
//! `Clone`-able error.

use std::sync::{Arc, Mutex};

use iced::Task;

use super::i18n::Lang;
use crate::t;
use crate::vault::{Vault, VaultError};

/// Errors as the UI shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiError {
    WrongCredentials {
        failures: u32,
    },
    Wait {
        seconds: u64,
    },
    HardLocked,
    Deactivated,
    Busy,
    WrongRecoveryCode,
    Forbidden,
    Duplicate(String),
    /// A new password refused, and why.
    Password(crate::domain::security::PasswordProblem),
    NotFound,
    Invalid(String),
    /// The record does not pass validation (the form shows each field's problem).
    Fields(Vec<crate::domain::case::FieldError>),
    /// Not allowed in this state (a draft referral cannot leave the unit…).
    Refused(String),
    Storage(String),
    Corrupt(String),
    Locked,
    /// No program on this computer opens the file (no PDF viewer).
    NoViewer,
    /// The batch's reception record is issued: no one more joins the batch.
    ReceptionIssued {
        number: String,
        issued_on: chrono::NaiveDate,
    },
    Other(String),
}

impl From<VaultError> for UiError {
    fn from(e: VaultError) -> Self {
        if e.is_storage() {
            return UiError::Storage(e.to_string());
        }
        match e {
            VaultError::WrongCredentials { failures } => UiError::WrongCredentials { failures },
            VaultError::Wait { seconds } => UiError::Wait { seconds },
            VaultError::HardLocked => UiError::HardLocked,
            VaultError::Deactivated => UiError::Deactivated,
            VaultError::Busy => UiError::Busy,
            VaultError::WrongRecoveryCode => UiError::WrongRecoveryCode,
            VaultError::Forbidden(_) => UiError::Forbidden,
            VaultError::Duplicate(d) => UiError::Duplicate(d),
            VaultError::Password(p) => UiError::Password(p),
            VaultError::NotFound(_) => UiError::NotFound,
            VaultError::Invalid(m) => UiError::Invalid(m),
            VaultError::Corrupt(m) => UiError::Corrupt(m),
            VaultError::ReceptionIssued { number, issued_on } => {
                UiError::ReceptionIssued { number, issued_on }
            }
            e => UiError::Other(e.to_string()),
        }
    }
}

impl From<crate::app::AppError> for UiError {
    fn from(e: crate::app::AppError) -> Self {
        use crate::app::AppError;
        match e {
            AppError::Vault(v) => UiError::from(v),
            AppError::Export(x) => UiError::Other(x.to_string()),
            AppError::Invalid(f) => UiError::Fields(f),
            AppError::Refused(m) => UiError::Refused(m),
        }
    }
}

impl UiError {
    /// A clear message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            UiError::WrongCredentials { failures } if *failures >= 3 => {
                t!(lang, "error-wrong-credentials-count", count = *failures)
            }
            UiError::WrongCredentials { .. } => t!(lang, "error-wrong-credentials"),
            UiError::Wait { seconds } => t!(lang, "error-wait", seconds = *seconds),
            UiError::HardLocked => t!(lang, "error-hard-locked"),
            UiError::Deactivated => t!(lang, "error-deactivated"),
            UiError::Busy => t!(lang, "error-busy"),
            UiError::WrongRecoveryCode => t!(lang, "error-wrong-recovery"),
            UiError::Forbidden => t!(lang, "error-forbidden"),
            UiError::Duplicate(_) => t!(lang, "error-duplicate"),
            UiError::NotFound => t!(lang, "error-not-found"),
            UiError::Password(p) => {
                use crate::domain::security::{MIN_PASSWORD_CHARS, PasswordProblem};
                match p {
                    PasswordProblem::TooShort => {
                        t!(lang, "error-password-short", min = MIN_PASSWORD_CHARS)
                    }
                    PasswordProblem::LineBreak => t!(lang, "error-password-line"),
                    PasswordProblem::Common => t!(lang, "error-password-common"),
                    PasswordProblem::ContainsName => t!(lang, "error-password-name"),
                    PasswordProblem::Guessable => t!(lang, "error-password-guessable"),
                }
            }
            UiError::Invalid(m) => t!(lang, "error-invalid", detail = m.clone()),
            UiError::Fields(f) => t!(lang, "case-has-errors", count = f.len()),
            UiError::Refused(m) => t!(lang, "error-invalid", detail = m.clone()),
            UiError::Storage(_) => t!(lang, "error-storage"),
            UiError::NoViewer => t!(lang, "error-no-viewer"),
            UiError::ReceptionIssued { number, issued_on } => t!(
                lang,
                "error-reception-issued",
                paper = paper_ref(lang, number, *issued_on)
            ),
            UiError::Corrupt(_) => t!(lang, "error-corrupt"),
            UiError::Locked => t!(lang, "error-locked"),
            UiError::Other(m) => t!(lang, "error-other", detail = m.clone()),
        }
    }
}

pub type UiResult<T> = Result<T, UiError>;

/// "số 34/BB-ĐMB ngày 02/02/2026", or the date alone for a paper the
/// records office numbers by hand.
pub fn paper_ref(lang: Lang, number: &str, on: chrono::NaiveDate) -> String {
    let date = crate::domain::dates::format_dmy(on);
    if crate::domain::papers::Letterhead::is_blank_number(number) {
        t!(lang, "paper-ref-dated", date = date)
    } else {
        t!(lang, "paper-ref", number = number.to_string(), date = date)
    }
}

/// Run blocking work on the blocking pool and map its result to a message.
pub fn blocking<T, M>(
    work: impl FnOnce() -> UiResult<T> + Send + 'static,
    done: impl FnOnce(UiResult<T>) -> M + Send + 'static,
) -> Task<M>
where
    T: Send + 'static,
    M: Send + 'static,
{
    Task::perform(
        async move {
            tokio::task::spawn_blocking(work)
                .await
                .unwrap_or_else(|_| Err(UiError::Other("background task failed".into())))
        },
        done,
    )
}

/// The unlocked vault, shared with background tasks. The UI thread never
/// locks it; tasks take turns.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Option<Vault>>>);

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db(..)")
    }
}

impl Db {
    pub fn new(v: Vault) -> Db {
        Db(Arc::new(Mutex::new(Some(v))))
    }

    /// A handle with no vault (every job returns `Locked`).
    pub fn closed() -> Db {
        Db(Arc::new(Mutex::new(None)))
    }

    /// Run `f` against the vault (blocking, off the UI thread).
    pub fn with<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T, VaultError>) -> UiResult<T> {
        self.open(f)
    }

    /// Run a use case (`crate::app`) against the vault (blocking, off the UI thread).
    pub fn run<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, crate::app::AppError>,
    ) -> UiResult<T> {
        self.open(f)
    }

    /// `f` against the vault if it is open, its error as the window's.
    fn open<T, E>(&self, f: impl FnOnce(&mut Vault) -> Result<T, E>) -> UiResult<T>
    where
        UiError: From<E>,
    {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match g.as_mut() {
            Some(v) => f(v).map_err(UiError::from),
            None => Err(UiError::Locked),
        }
    }

    /// A task running a use case against the vault.
    pub fn task_app<T, M>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, crate::app::AppError> + Send + 'static,
        done: impl FnOnce(UiResult<T>) -> M + Send + 'static,
    ) -> Task<M>
    where
        T: Send + 'static,
        M: Send + 'static,
    {
        let db = self.clone();
        blocking(move || db.run(f), done)
    }

    /// A task running `f` against the vault.
    pub fn task<T, M>(
        &self,
        f: impl FnOnce(&mut Vault) -> Result<T, VaultError> + Send + 'static,
        done: impl FnOnce(UiResult<T>) -> M + Send + 'static,
    ) -> Task<M>
    where
        T: Send + 'static,
        M: Send + 'static,
    {
        self.task_app(move |v| f(v).map_err(crate::app::AppError::from), done)
    }

    /// Save a form's draft when it changed since the last save (`dirty`
    /// clears); `draft` is the form's slot and payload, asked for only when
    /// `dirty`.
    pub fn autosave<M: Send + 'static>(
        &self,
        dirty: &mut bool,
        draft: Option<(String, String)>,
        done: fn(UiResult<()>) -> M,
    ) -> Task<M> {
        match draft {
            Some((slot, payload)) if *dirty => {
                *dirty = false;
                self.task(move |v| v.save_draft(&slot, &payload), done)
            }
            _ => Task::none(),
        }
    }

    /// Save the drafts, then lock: the connection closes and the key is zeroed.
    pub fn lock_blocking(&self, drafts: Vec<(String, String)>) -> UiResult<()> {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let Some(mut v) = g.take() else {
            return Ok(());
        };
        let mut first_err = None;
        for (slot, payload) in drafts {
            // An empty payload clears the slot (the marker of the form in progress).
            let r = if payload.is_empty() {
                v.delete_draft(&slot)
            } else {
                v.save_draft(&slot, &payload)
            };
            if let Err(e) = r {
                first_err.get_or_insert(UiError::from(e));
            }
        }
        if let Err(e) = v.lock() {
            first_err.get_or_insert(UiError::from(e));
        }
        first_err.map_or(Ok(()), Err)
    }

    pub fn is_open(&self) -> bool {
        self.0.lock().map(|g| g.is_some()).unwrap_or(false)
    }
}

/// The end of an autosave: a draft that could not be saved is tried again
/// at the next tick, and the form says so.
pub fn draft_saved(r: UiResult<()>, dirty: &mut bool, notice: &mut Option<super::notice::Notice>) {
    if let Err(e) = r {
        *dirty = true;
        *notice = Some(super::notice::Notice::DraftFailed(e));
    }
}

/// Remove a form's draft inside the job that has just written its record.
/// The record is written either way: a draft that could not be removed is
/// offered again after the next sign-in (where a new record's duplicate
/// check finds the one just written), so the failure is logged, not raised.
pub fn drop_draft(v: &mut Vault, slot: &str) {
    if let Err(e) = v.delete_draft(slot) {
        tracing::warn!(error = %e, "a saved form's draft was not removed");
    }
}

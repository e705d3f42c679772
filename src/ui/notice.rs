//! What the window tells the user after something happened: typed values
//! kept in the screens' state and translated only when drawn, so switching
//! the language translates them too.

use std::path::PathBuf;

use super::i18n::Lang;
use super::jobs::UiError;
use super::theme::Banner;
use crate::t;

/// A notice: what happened (and its kind follows from it).
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Error(UiError),
    /// The form has problems that must be fixed before saving.
    FormProblems(usize),
    CaseCreated(String),
    CaseSaved(String),
    DraftFailed(UiError),
    /// Drafts kept after a lock, an auto-lock, a crash or leaving a form.
    DraftsWaiting(usize),
    DraftKept,
    DocOpened,
    DocSaved(PathBuf),
    DocCancelled,
    /// No file dialog is available here: the file goes to this folder.
    NoDialog(PathBuf),
    BatchNoPeople,
    /// Rows match existing cases and the officer has not said what they are.
    BatchDuplicatesUndecided(usize),
    DuplicateReasonRequired,
    BadDates,
    ScreeningSaved,
    ScreeningApproved,
    ScreeningReturned,
    ScreeningNewVersion,
    ScreeningChooseDecision,
    ScreeningReasonRequired,
    ScreeningReturnNote,
    ScreeningSaveFirst,
    /// A referral being written must be saved before another is opened.
    ReferralSaveFirst,
    ReferralSaved {
        number: String,
        status: crate::domain::referral::ReferralStatus,
    },
    /// What a referral still lacks (the vault's rule keys).
    ReferralProblems(Vec<String>),
    DraftRestored,
    ReferralBadDateTime,
    ReportBadDates,
    ReportExported(PathBuf),
    ReportPeriodSaved(String),
    ReportPeriodNeedsName,
    DatasetExported {
        rows: usize,
        suppressed: usize,
        k: usize,
    },
    Saved,
    TransferTrusted {
        unit: String,
        fingerprint: String,
    },
    TransferBadRecipient,
    TransferExported {
        count: usize,
        path: PathBuf,
    },
    TransferImported {
        new: usize,
        updated: usize,
        conflicts: usize,
    },
    TransferSettled,
    PasswordShort(usize),
    PasswordMismatch,
    PasswordLine,
    UsernameFormat,
    DisplayNameRequired,
    UnitNameRequired,
    /// The unit's name typed all in capitals.
    UnitNameInCapitals,
    AutoLockRange,
    Admin(crate::ui::screens::admin::Done),
    /// A card's line (CCCD QR, passport MRZ) read into the form.
    IdRead(Box<crate::domain::identity::Parsed>),
    /// A card's line that does not read.
    IdUnread(crate::domain::identity::IdError),
    /// The handover list's import and export.
    List(crate::ui::screens::batches::ListNotice),
    /// A citizen handover record made (its paper's number, the receiver, how many people).
    CitizensHandedOver {
        number: String,
        receiver: String,
        count: usize,
    },
    NoFolderDialog,
    NoFileDialog,
    BackupNoFolder,
    BackupNotFolder,
    BackupDays,
    BackupReminderSaved(u32),
    RestoreCredentials,
    RestoreConfirm,
    PasswordSame,
    PasswordOldWrong,
    RecoveryCodeFormat,
    UnitKindRequired,
    ProvinceRequired,
    CodeCheckWrong,
    /// The app locked itself after this many idle minutes (and kept the input as drafts).
    AutoLocked {
        minutes: u32,
        kept: bool,
    },
}

impl Notice {
    pub fn kind(&self) -> Banner {
        match self {
            Notice::List(n) if n.is_error() => Banner::Error,
            Notice::IdUnread(_) => Banner::Error,
            Notice::IdRead(p) if !p.warnings().is_empty() => Banner::Warning,
            Notice::Error(_)
            | Notice::DraftFailed(_)
            | Notice::FormProblems(_)
            | Notice::BatchNoPeople
            | Notice::BatchDuplicatesUndecided(_)
            | Notice::DuplicateReasonRequired
            | Notice::BadDates
            | Notice::ScreeningChooseDecision
            | Notice::ScreeningReasonRequired
            | Notice::ScreeningReturnNote
            | Notice::ReferralBadDateTime
            | Notice::ReferralProblems(_)
            | Notice::ReportBadDates
            | Notice::ReportPeriodNeedsName
            | Notice::TransferBadRecipient
            | Notice::PasswordShort(_)
            | Notice::PasswordMismatch
            | Notice::PasswordLine
            | Notice::UsernameFormat
            | Notice::DisplayNameRequired
            | Notice::UnitNameRequired
            | Notice::UnitNameInCapitals
            | Notice::AutoLockRange
            | Notice::BackupNoFolder
            | Notice::BackupNotFolder
            | Notice::BackupDays
            | Notice::RestoreCredentials
            | Notice::RestoreConfirm
            | Notice::PasswordSame
            | Notice::PasswordOldWrong
            | Notice::RecoveryCodeFormat
            | Notice::UnitKindRequired
            | Notice::ProvinceRequired
            | Notice::CodeCheckWrong => Banner::Error,
            Notice::DraftsWaiting(_)
            | Notice::DraftKept
            | Notice::DraftRestored
            | Notice::AutoLocked { .. }
            | Notice::DocOpened
            | Notice::DocCancelled
            | Notice::NoDialog(_)
            | Notice::NoFolderDialog
            | Notice::NoFileDialog
            | Notice::ScreeningNewVersion
            | Notice::ScreeningSaveFirst
            | Notice::ReferralSaveFirst => Banner::Info,
            _ => Banner::Success,
        }
    }

    pub fn text(&self, l: Lang) -> String {
        match self {
            Notice::Error(e) => e.message(l),
            Notice::FormProblems(n) => t!(l, "case-has-errors", count = *n),
            Notice::CaseCreated(n) => t!(l, "case-created", number = n.clone()),
            Notice::CaseSaved(n) => t!(l, "case-saved", number = n.clone()),
            Notice::DraftFailed(e) => t!(l, "case-draft-failed", detail = e.message(l)),
            Notice::DraftsWaiting(n) => t!(l, "drafts-waiting", count = *n),
            Notice::DraftKept => t!(l, "draft-kept"),
            Notice::DocOpened => t!(l, "doc-opened"),
            Notice::DocSaved(p) => t!(l, "doc-saved", path = p.display().to_string()),
            Notice::DocCancelled => t!(l, "doc-cancelled"),
            Notice::NoDialog(p) => t!(l, "no-dialog", path = p.display().to_string()),
            Notice::BatchNoPeople => t!(l, "batch-no-people"),
            Notice::BatchDuplicatesUndecided(n) => t!(l, "batch-dup-undecided", count = *n),
            Notice::DuplicateReasonRequired => t!(l, "dup-reason-required"),
            Notice::BadDates => t!(l, "cases-bad-dates"),
            Notice::ScreeningSaved => t!(l, "screening-saved"),
            Notice::ScreeningApproved => t!(l, "screening-approved"),
            Notice::ScreeningReturned => t!(l, "screening-returned"),
            Notice::ScreeningNewVersion => t!(l, "screening-new-version"),
            Notice::ScreeningChooseDecision => t!(l, "screening-choose-decision"),
            Notice::ScreeningReasonRequired => t!(l, "screening-reason-required"),
            Notice::ScreeningReturnNote => t!(l, "screening-return-note"),
            Notice::ScreeningSaveFirst => t!(l, "screening-save-first"),
            Notice::ReferralSaveFirst => t!(l, "referral-save-first"),
            Notice::ReferralSaved { number, status } => t!(
                l,
                "referral-saved",
                number = number.clone(),
                status = crate::ui::screens::referrals::status_label(l, *status)
            ),
            Notice::ReferralProblems(keys) => {
                let problems: Vec<String> = keys
                    .iter()
                    .map(|k| crate::ui::labels::keyed(l, "referral-problem", k))
                    .collect();
                t!(l, "referral-cannot", problems = problems.join(" "))
            }
            Notice::DraftRestored => t!(l, "draft-restored"),
            Notice::ReferralBadDateTime => t!(l, "referral-bad-datetime"),
            Notice::ReportBadDates => t!(l, "report-bad-dates"),
            Notice::ReportPeriodSaved(name) => t!(l, "report-period-saved", name = name.clone()),
            Notice::ReportPeriodNeedsName => t!(l, "report-period-needs-name"),
            Notice::ReportExported(p) => t!(l, "doc-saved", path = p.display().to_string()),
            Notice::DatasetExported {
                rows,
                suppressed,
                k,
            } => t!(
                l,
                "report-dataset-done",
                rows = *rows,
                suppressed = *suppressed,
                k = *k
            ),
            Notice::Saved => t!(l, "saved"),
            Notice::TransferTrusted { unit, fingerprint } => t!(
                l,
                "transfer-trusted",
                unit = unit.clone(),
                fingerprint = fingerprint.clone()
            ),
            Notice::TransferBadRecipient => t!(l, "transfer-bad-recipient"),
            Notice::TransferExported { count, path } => t!(
                l,
                "transfer-exported",
                count = *count,
                path = path.display().to_string()
            ),
            Notice::TransferImported {
                new,
                updated,
                conflicts,
            } => t!(
                l,
                "transfer-imported",
                new = *new,
                updated = *updated,
                conflicts = *conflicts
            ),
            Notice::TransferSettled => t!(l, "transfer-settled"),
            Notice::PasswordShort(min) => t!(l, "error-password-short", min = *min),
            Notice::PasswordMismatch => t!(l, "error-password-mismatch"),
            Notice::PasswordLine => t!(l, "error-password-line"),
            Notice::UsernameFormat => t!(l, "error-username-format"),
            Notice::DisplayNameRequired => t!(l, "setup-error-display-name"),
            Notice::UnitNameRequired => t!(l, "setup-error-unit-name"),
            Notice::UnitNameInCapitals => t!(l, "setup-error-unit-name-capitals"),
            Notice::AutoLockRange => t!(l, "admin-autolock-range"),
            Notice::NoFolderDialog => t!(l, "no-folder-dialog"),
            Notice::NoFileDialog => t!(l, "no-file-dialog"),
            Notice::BackupNoFolder => t!(l, "backup-error-no-folder"),
            Notice::BackupNotFolder => t!(l, "backup-error-not-folder"),
            Notice::BackupDays => t!(l, "backup-error-days"),
            Notice::BackupReminderSaved(0) => t!(l, "backup-reminder-off"),
            Notice::BackupReminderSaved(days) => t!(l, "backup-reminder-saved", days = *days),
            Notice::RestoreCredentials => t!(l, "restore-error-credentials"),
            Notice::RestoreConfirm => t!(l, "restore-error-confirm"),
            Notice::PasswordSame => t!(l, "password-same"),
            Notice::PasswordOldWrong => t!(l, "password-old-wrong"),
            Notice::RecoveryCodeFormat => t!(l, "recovery-code-format"),
            Notice::UnitKindRequired => t!(l, "setup-error-unit-kind"),
            Notice::ProvinceRequired => t!(l, "setup-error-province"),
            Notice::CodeCheckWrong => t!(l, "setup-error-code-check"),
            Notice::AutoLocked {
                minutes,
                kept: true,
            } => {
                t!(l, "unlock-auto-locked-drafts", minutes = *minutes)
            }
            Notice::AutoLocked {
                minutes,
                kept: false,
            } => {
                t!(l, "unlock-auto-locked", minutes = *minutes)
            }
            Notice::List(n) => n.text(l),
            // A number left blank for the records office reads "/BB-…".
            Notice::CitizensHandedOver {
                number,
                receiver,
                count,
            } if number.starts_with('/') || number.is_empty() => t!(
                l,
                "handover-recorded-unnumbered",
                receiver = receiver.clone(),
                count = *count
            ),
            Notice::CitizensHandedOver {
                number,
                receiver,
                count,
            } => t!(
                l,
                "handover-recorded",
                number = number.clone(),
                receiver = receiver.clone(),
                count = *count
            ),
            Notice::IdUnread(e) => crate::ui::idtext::error(l, e),
            Notice::IdRead(p) => std::iter::once(crate::ui::idtext::filled(l, p))
                .chain(
                    p.warnings()
                        .iter()
                        .map(|w| crate::ui::idtext::warning(l, w)),
                )
                .collect::<Vec<_>>()
                .join(" "),
            Notice::Admin(done) => {
                use crate::ui::screens::admin::Done;
                match done {
                    Done::UserCreated => t!(l, "admin-user-created"),
                    Done::UserChanged => t!(l, "admin-user-changed"),
                    Done::PasswordReset => t!(l, "admin-password-reset"),
                    Done::Unlocked => t!(l, "admin-account-unlocked"),
                    Done::UnitSaved(..) => t!(l, "admin-unit-saved"),
                    Done::AutoLockSaved(_) => t!(l, "admin-autolock-saved"),
                    Done::RecoveryRenewed => t!(l, "admin-recovery-renewed"),
                }
            }
        }
    }

    /// The notice of a failed background job.
    pub fn from_result<T>(r: &Result<T, UiError>, ok: Notice) -> Notice {
        match r {
            Ok(_) => ok,
            Err(e) => Notice::Error(e.clone()),
        }
    }
}

impl From<UiError> for Notice {
    fn from(e: UiError) -> Self {
        Notice::Error(e)
    }
}

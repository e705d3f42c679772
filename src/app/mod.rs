//! Use cases: what an officer does, as plain functions over an unlocked
//! `Vault`, called by the window (`crate::ui`, on a background thread) and by
//! the headless commands (`crate::cli`) alike. A use case gathers what it
//! needs from the vault, applies the domain's rules, renders through
//! `crate::export` (which only sees plain data) and audits what leaves.

pub mod attachments;
pub mod batches;
pub mod cases;
pub mod documents;
pub mod handovers;
pub mod lists;
pub mod packages;
pub mod people;
pub mod privacy;
pub mod reports;
pub mod transfer;

use crate::domain::case::FieldError;
use crate::export::ExportError;
use crate::vault::VaultError;

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The record does not pass the domain's validation.
    #[error("the record is not valid: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.problem.key())).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<FieldError>),
    /// The use case is not allowed in this state (a draft referral cannot leave the unit…).
    #[error("not allowed: {0}")]
    Refused(String),
}

pub type Result<T> = std::result::Result<T, AppError>;

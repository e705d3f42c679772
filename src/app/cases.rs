//! Saving a case: validated and normalised by the domain's rules whichever
//! way it comes in (the form, a batch table row, an import), then stored with
//! its duplicates found.

use chrono::NaiveDate;

use super::{AppError, Result};
use crate::domain::case::{self, CaseRecord};
use crate::vault::Vault;
use crate::vault::cases::CaseSaved;

/// Save a new case (`version` None) or an edit of the stored version. The
/// record is normalised and validated here; nothing invalid is stored.
pub fn save(
    v: &mut Vault,
    mut record: CaseRecord,
    version: Option<i64>,
    today: NaiveDate,
) -> Result<CaseSaved> {
    record.normalize();
    let problems = case::validate(&record, today);
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(match version {
        None => v.create_case(&mut record)?,
        Some(version) => v.update_case(&mut record, version)?,
    })
}

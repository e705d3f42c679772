//! The printed papers: what each is made from, built as PDF in memory and
//! audited (what and which record, never the content).

use serde_json::json;

use super::people::Names;
use super::{AppError, Result};
use crate::domain::audit::action;
use crate::domain::screening::Catalog;
use crate::export::docs;
use crate::export::pdf::{self, Template};
use crate::vault::{Vault, VaultError};

/// A paper and the record it is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    /// The reception record of a batch (batch id).
    Reception(String),
    /// The screening record (screening id).
    Screening(String),
    /// The referral form (referral id).
    Referral(String),
    /// The handover record of a referral (referral id).
    Handover(String),
}

impl Doc {
    /// A file name that says what the paper is and when it was made, and
    /// nothing about the person.
    pub fn file_name(&self) -> String {
        let prefix = match self {
            Doc::Reception(_) => "bien-ban-tiep-nhan",
            Doc::Screening(_) => "phieu-sang-loc",
            Doc::Referral(_) => "phieu-chuyen-gui",
            Doc::Handover(_) => "bien-ban-ban-giao",
        };
        format!("{prefix}-{}.pdf", crate::clock::now().format("%Y%m%d-%H%M"))
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

/// Build a paper's PDF and audit it: `print` for a copy opened in the
/// viewer, otherwise an export (saved to a file).
pub fn build(v: &mut Vault, doc: &Doc, print: bool) -> Result<Vec<u8>> {
    let unit = v.unit()?;
    let names = Names::of(v)?;
    let today = crate::clock::today();
    let (bytes, case_target) = match doc {
        Doc::Reception(batch_id) => {
            let (batch, rows) = v.open_batch(batch_id)?;
            let people: Vec<_> = rows
                .iter()
                .map(|r| v.read_case(&r.id).map(|c| c.record))
                .collect::<std::result::Result<_, _>>()?;
            let gate = v
                .gates()?
                .into_iter()
                .find(|g| Some(g.id) == batch.gate_id)
                .map(|g| g.name)
                .unwrap_or_default();
            let data = docs::reception(
                &unit,
                &batch,
                &gate,
                &people,
                &names.get(&v.user().username),
            );
            (pdf::render(Template::Reception, &data)?, batch_id.clone())
        }
        Doc::Screening(sid) => {
            let s = v.screening(sid)?;
            let case = v.read_case(&s.case_id)?.record;
            let catalog = Catalog::builtin().map_err(|e| VaultError::Invalid(e.to_string()))?;
            let data = docs::screening(
                &unit,
                &case,
                &s,
                &names.get(&s.interviewer),
                &s.approved_by
                    .as_deref()
                    .map(|u| names.get(u))
                    .unwrap_or_default(),
                catalog,
            );
            (pdf::render(Template::Screening, &data)?, s.case_id.clone())
        }
        Doc::Referral(rid) | Doc::Handover(rid) => {
            let r = v.referral(rid)?;
            let case = v.read_case(&r.case_id)?.record;
            let agency = v.agency(
                r.agency_id
                    .ok_or_else(|| AppError::Refused("the referral names no agency".into()))?,
            )?;
            let decision = v
                .screenings_of(&r.case_id)?
                .into_iter()
                .next()
                .and_then(|s| s.decision);
            let officer = names.get(&r.created_by);
            let bytes = if matches!(doc, Doc::Referral(_)) {
                let approver = r
                    .approved_by
                    .as_deref()
                    .map(|u| names.get(u))
                    .unwrap_or_default();
                pdf::render(
                    Template::Referral,
                    &docs::referral(
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
                )?
            } else {
                pdf::render(
                    Template::Handover,
                    &docs::handover(&unit, &case, &r, &agency, &officer, today),
                )?
            };
            (bytes, r.case_id.clone())
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

/// The recovery-code sheet for a code just issued (shown once; printed
/// through the wiped print folder like every paper).
pub fn recovery_sheet(v: &Vault, code: &str) -> Result<Vec<u8>> {
    let unit = v.unit()?;
    let data = docs::recovery_sheet(&unit, code, &v.user().display_name, crate::clock::today());
    Ok(pdf::render(Template::RecoverySheet, &data)?)
}

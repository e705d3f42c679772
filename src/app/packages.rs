//! Packages that leave the unit: the referral package for social services
//! (the referral form and the handover record as PDF, `referral.json`,
//! `manifest.json`) in an AES-256 ZIP whose passphrase is shown once.

use std::path::Path;

use serde_json::{Value, json};

use super::documents::{self, Doc};
use super::people::Names;
use super::{AppError, Result};
use crate::domain::audit::action;
use crate::domain::referral::ReferralStatus;
use crate::export::package::{
    self, HANDOVER_PDF, ManifestInfo, Package, REFERRAL_JSON, REFERRAL_PDF,
};
use crate::vault::{Vault, fsio};

/// The audit checkpoint a package carries: proof of the log's state when it was made.
pub fn checkpoint(v: &Vault) -> Value {
    v.keyring()
        .anchor
        .clone()
        .map(|a| json!({"seq": a.seq, "hash": a.hash}))
        .unwrap_or(Value::Null)
}

/// The package of an approved (or later) referral. Audited.
pub fn referral(v: &mut Vault, referral_id: &str) -> Result<Package> {
    referral_with(v, referral_id, &[])
}

/// The package of a referral with the attachments the officer chose (ids);
/// each must be of the case and covered by the consent
/// (`app::attachments::for_referral`). The audit event lists them.
pub fn referral_with(v: &mut Vault, referral_id: &str, attachments: &[String]) -> Result<Package> {
    let r = v.referral(referral_id)?;
    if r.status == ReferralStatus::Draft {
        return Err(AppError::Refused(
            "a draft referral cannot leave the unit; it must be approved first".into(),
        ));
    }
    if v.consent_withdrawn(&r.case_id)? {
        return Err(AppError::Refused(
            "the person withdrew their consent: the referral package cannot leave the unit".into(),
        ));
    }
    let (case, agency) = documents::for_agency(v, &r)?;
    let unit = v.unit()?;
    let screening = v.screenings_of(&case.id)?.into_iter().next();
    let decision = screening.as_ref().and_then(|s| s.decision);
    let names = Names::of(v)?;
    // The papers as issued (the same number and date at every export).
    let referral_doc = Doc::Referral(r.id.clone());
    let referral_paper = documents::paper(v, &referral_doc)?;
    let referral_pdf = documents::render(&referral_doc, &referral_paper)?;
    let handover_doc = Doc::Handover(r.id.clone());
    let handover_pdf = documents::render(&handover_doc, &documents::paper(v, &handover_doc)?)?;
    let today = referral_paper
        .issued
        .as_ref()
        .map(|(_, on)| *on)
        .unwrap_or_else(crate::clock::today);
    let json = serde_json::to_vec_pretty(&package::referral_json(
        &unit.name,
        &case,
        &r,
        &agency.name,
        decision,
        screening.as_ref().map(|s| &s.input.answers),
        today,
    ))
    .expect("serialises");
    let me = names.get(&v.user().username);
    let carried = super::attachments::for_referral(v, &r, attachments)?;
    let mut files: Vec<(&str, &[u8])> = vec![
        (REFERRAL_PDF, &referral_pdf),
        (HANDOVER_PDF, &handover_pdf),
        (REFERRAL_JSON, &json),
    ];
    files.extend(carried.iter().map(|(n, _, b)| (n.as_str(), b.as_slice())));
    let pkg = package::seal_package(
        &files,
        ManifestInfo {
            kind: "referral",
            unit: &unit.name,
            officer: &me,
            case_number: &case.number,
            referral_number: &r.number,
            audit_anchor: checkpoint(v),
        },
    )?;
    v.audit_access(
        action::EXPORT,
        &case.id,
        json!({"what": "referral_package", "referral": r.id, "agency": agency.id,
               "sensitive": crate::domain::fields::sensitive_categories(&case),
               "purpose": "referral_for_support",
               "attachments": carried.iter().map(|(_, m, _)| m.id.clone()).collect::<Vec<_>>()}),
    )?;
    Ok(pkg)
}

/// The handover package of a batch's people who are not victims: one
/// "Biên bản bàn giao công dân" with its list per receiver (those recorded
/// for the batch, or only the one to `to`), and `manifest.json`, in the
/// same AES-256 ZIP as the referral package. Audited.
pub fn citizen_handover(v: &mut Vault, batch_id: &str, to: Option<i64>) -> Result<Package> {
    let records: Vec<_> = v
        .citizen_handovers_of(batch_id)?
        .into_iter()
        .filter(|h| to.is_none() || h.agency_id == to)
        .collect();
    if records.is_empty() {
        return Err(AppError::Refused(
            "nobody of this batch was handed over to that receiver".into(),
        ));
    }
    let unit = v.unit()?;
    let names = Names::of(v)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut numbers = Vec::new();
    for (i, h) in records.iter().enumerate() {
        let doc = Doc::CitizenHandover(h.id.clone());
        let p = documents::paper(v, &doc)?;
        numbers.push(
            p.issued
                .as_ref()
                .map(|(n, _)| n.clone())
                .unwrap_or_default(),
        );
        let name = if records.len() == 1 {
            package::CITIZEN_HANDOVER_PDF.to_string()
        } else {
            format!("bien-ban-ban-giao-cong-dan-{:02}.pdf", i + 1)
        };
        files.push((name, documents::render(&doc, &p)?));
    }
    let batch_number: String = v
        .conn()
        .query_row(
            "SELECT number FROM batches WHERE id = ?1",
            [batch_id],
            |r| r.get(0),
        )
        .map_err(crate::vault::VaultError::from)?;
    let me = names.get(&v.user().username);
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let pkg = package::seal_package(
        &refs,
        ManifestInfo {
            kind: "citizen_handover",
            unit: &unit.name,
            officer: &me,
            case_number: &batch_number,
            referral_number: &numbers.join(", "),
            audit_anchor: checkpoint(v),
        },
    )?;
    v.audit_access(
        action::EXPORT,
        batch_id,
        json!({"what": "citizen_handover_package", "record": records.len().to_string(), "to": to}),
    )?;
    Ok(pkg)
}

/// Write a finished package: temp file, fsync, rename.
pub fn write(path: &Path, zip: &[u8]) -> Result<()> {
    fsio::write_atomic(path, zip)?;
    Ok(())
}

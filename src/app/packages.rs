//! Packages that leave the unit: the referral package for social services
//! (the referral form and the handover record as PDF, `referral.json`,
//! `manifest.json`) in an AES-256 ZIP whose passphrase is shown once.

use std::path::Path;

use serde_json::{Value, json};

use super::people::Names;
use super::{AppError, Result};
use crate::domain::audit::action;
use crate::domain::referral::ReferralStatus;
use crate::export::docs;
use crate::export::package::{
    self, HANDOVER_PDF, ManifestInfo, Package, REFERRAL_JSON, REFERRAL_PDF,
};
use crate::export::pdf::{self, Template};
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
    let case = v.read_case(&r.case_id)?.record;
    // Only what the receiving agency needs (no journey statements, the
    // family's contact only when the person agreed to share it).
    let case = crate::domain::privacy::for_referral(&case, &v.consents_of(&r.case_id)?);
    let agency = v.agency(
        r.agency_id
            .ok_or_else(|| AppError::Refused("the referral names no receiving agency".into()))?,
    )?;
    let unit = v.unit()?;
    let screening = v.screenings_of(&case.id)?.into_iter().next();
    let decision = screening.as_ref().and_then(|s| s.decision);
    let names = Names::of(v)?;
    let officer = names.get(&r.created_by);
    let approver = r
        .approved_by
        .as_deref()
        .map(|u| names.get(u))
        .unwrap_or_default();
    let today = crate::clock::today();

    let referral_pdf = pdf::render(
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
    )?;
    let handover_pdf = pdf::render(
        Template::Handover,
        &docs::handover(&unit, &case, &r, &agency, &officer, today),
    )?;
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

/// Write a finished package: temp file, fsync, rename.
pub fn write(path: &Path, zip: &[u8]) -> Result<()> {
    fsio::write_atomic(path, zip)?;
    Ok(())
}

//! Personal data protection, as the window and the headless commands use
//! it: the notice paper, the person's own copy of their data (an AES-256
//! package like the referral's), retention runs.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::json;

use super::people::Names;
use super::{AppError, Result};
use crate::domain::audit::action;
use crate::domain::privacy::RetentionDue;
use crate::domain::screening::Catalog;
use crate::export::package::{self, ManifestInfo, Package};
use crate::export::pdf::{self, Template};
use crate::export::privacy_docs::{self, SUBJECT_JSON, SUBJECT_PDF, SubjectCase};
use crate::vault::{Vault, VaultError};

/// The notice paper of a case's latest notice (not audited here: see
/// `documents::build`, which audits every paper).
pub fn notice_pdf(v: &Vault, case_id: &str) -> Result<Vec<u8>> {
    let case = v.read_case(case_id)?.record;
    let n = v
        .latest_notice(case_id)?
        .ok_or_else(|| AppError::Refused("no notice was recorded for this case".into()))?;
    let letterhead = v.letterhead()?;
    let names = Names::of(v)?;
    let mut data = privacy_docs::notice(
        &letterhead,
        &case,
        &n,
        &names.get(&n.recorded_by),
        &v.retention_policy(),
        crate::clock::today(),
    );
    super::documents::stamp(v, &mut data)?;
    Ok(pdf::render(Template::Notice, &data)?)
}

/// The person's own copy of their data (supervisors and administrators):
/// every reception of the person, their screening answers, the notice and
/// their requests, as a PDF in plain Vietnamese and `subject.json`, in an
/// AES-256 ZIP whose passphrase is shown once. Nothing about anyone else:
/// no other case, and not the fields that describe other people. Audited.
pub fn subject_copy(v: &mut Vault, case_id: &str) -> Result<Package> {
    v.require_supervisor()?;
    if v.is_anonymised(case_id)? {
        return Err(AppError::Refused(
            "the case was reduced to anonymised statistics: nothing personal is left".into(),
        ));
    }
    let ids = v.cases_of_person(case_id)?;
    let mut records = Vec::new();
    for id in &ids {
        let case = v.read_case(id)?.record;
        let screenings = v.screenings_of(id)?;
        let notice = v.latest_notice(id)?;
        let requests = v.requests_of(id)?;
        records.push((case, screenings, notice, requests));
    }
    let cases: Vec<SubjectCase<'_>> = records
        .iter()
        .map(|(c, s, n, q)| SubjectCase {
            case: c,
            screenings: s,
            notice: n.as_ref(),
            requests: q,
        })
        .collect();
    let gates: HashMap<i64, String> = v.gates()?.into_iter().map(|g| (g.id, g.name)).collect();
    let catalog = Catalog::builtin().map_err(|e| VaultError::Invalid(e.to_string()))?;
    let unit = v.unit()?;
    let today = crate::clock::today();
    let letterhead = v.letterhead()?;
    // Signed by the unit's default signer, else by whoever makes the copy.
    let people = super::documents::People::of(v)?;
    let signer = people.get(if letterhead.default_signer.is_empty() {
        &v.user().username
    } else {
        &letterhead.default_signer
    });
    let (mut pdf_data, json) =
        privacy_docs::subject(&letterhead, &signer, &cases, &gates, catalog, today);
    super::documents::stamp(v, &mut pdf_data)?;
    let pdf = pdf::render(Template::Subject, &pdf_data)?;
    let json = serde_json::to_vec_pretty(&json).expect("serialises");
    let number = records
        .iter()
        .find(|(c, ..)| c.id == case_id)
        .map(|(c, ..)| c.number.clone())
        .unwrap_or_default();
    let me = Names::of(v)?.get(&v.user().username);
    let pkg = package::seal_package(
        &[(SUBJECT_PDF, &pdf), (SUBJECT_JSON, &json)],
        ManifestInfo {
            kind: "subject_copy",
            unit: &unit.name,
            officer: &me,
            case_number: &number,
            referral_number: "",
            audit_anchor: super::packages::checkpoint(v),
        },
    )?;
    let sensitive: Vec<_> = records
        .iter()
        .flat_map(|(c, ..)| crate::domain::fields::sensitive_categories(c))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    v.audit_access(
        action::EXPORT,
        case_id,
        json!({"what": "subject_copy", "cases": ids.len(), "sensitive": sensitive,
               "purpose": "access_request_of_the_person"}),
    )?;
    Ok(pkg)
}

/// What retention removes on `today` (`dry_run`: counted and audited, not
/// removed), as `tiepnhan retention` prints it.
pub fn retention(v: &mut Vault, dry_run: bool, today: NaiveDate) -> Result<RetentionDue> {
    Ok(if dry_run {
        v.retention_due(today)?
    } else {
        v.apply_retention(today)?
    })
}

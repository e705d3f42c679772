//! The referral package for social services: the referral form and the
//! handover record as PDF, `referral.json` (HTCDS field names) and
//! `manifest.json` (SHA-256 of each file), inside an AES-256 ZIP that 7-Zip
//! opens. The passphrase is generated and shown once; nothing unencrypted
//! touches the disk.

use std::io::Write;
use std::path::Path;

use chrono::{Local, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;
use zip::AesMode;
use zip::write::SimpleFileOptions;

use super::pdf::{self, Template};
use super::{ExportError, docs};
use crate::domain::audit::action;
use crate::domain::case::{CaseRecord, Sex};
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::{Answer, Decision};
use crate::domain::{places, security};
use crate::vault::{Vault, fsio};

pub const REFERRAL_PDF: &str = "phieu-chuyen-gui.pdf";
pub const HANDOVER_PDF: &str = "bien-ban-ban-giao.pdf";
pub const REFERRAL_JSON: &str = "referral.json";
pub const MANIFEST_JSON: &str = "manifest.json";

/// A package passphrase: 20 characters of Crockford base32 (100 bits) in
/// four groups, easy to read aloud over the phone.
pub fn new_passphrase() -> Zeroizing<String> {
    let mut r = Zeroizing::new([0u8; 19]);
    getrandom::fill(r.as_mut()).expect("system random generator");
    let full = Zeroizing::new(security::format_recovery_code(&r));
    Zeroizing::new(full.split('-').take(4).collect::<Vec<_>>().join("-"))
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestFile {
    pub name: String,
    pub sha256: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub package: String,
    pub kind: String,
    pub app_version: String,
    pub unit: String,
    pub officer: String,
    pub created_at: String,
    pub case_number: String,
    pub referral_number: String,
    pub files: Vec<ManifestFile>,
    /// The audit chain head when the package was made: proof of the log's state.
    pub audit_anchor: Value,
}

pub struct Package {
    pub zip: Vec<u8>,
    pub passphrase: Zeroizing<String>,
    pub manifest: Manifest,
}

fn split_name(full: &str) -> (String, String, String) {
    let parts: Vec<&str> = full.split_whitespace().collect();
    match parts.as_slice() {
        [] => (String::new(), String::new(), String::new()),
        [one] => (one.to_string(), String::new(), String::new()),
        [surname, rest @ .., given] => (given.to_string(), rest.join(" "), surname.to_string()),
    }
}

/// `referral.json`: the fields the agency needs, named after the IOM Human
/// Trafficking Case Data Standard where it has a name, `tn_` otherwise.
pub fn referral_json(
    unit_name: &str,
    case: &CaseRecord,
    r: &Referral,
    agency: &str,
    decision: Option<Decision>,
    answers: Option<&std::collections::BTreeMap<String, Answer>>,
    date: NaiveDate,
) -> Value {
    let (first, middle, second) = split_name(&case.identity.full_name);
    let province = case.address.province_code.and_then(places::province);
    let commune = province.and_then(|p| case.address.commune_code.and_then(|c| p.commune(c)));
    let status = match decision {
        Some(Decision::SuspectedVictim) => "Possible",
        Some(Decision::NotVictim) => "Not",
        _ => "Unknown",
    };
    let mut exploitation = Vec::new();
    if let Some(a) = answers
        && a.get("CD06") == Some(&Answer::Yes)
    {
        exploitation.push("IllicitActivities");
    }
    let mut v = json!({
        "standard": "IOM Human Trafficking Case Data Standard (HTCDS) 2.0 field names; tn_ fields are TiepNhan extensions",
        "prs_FirstName": first,
        "prs_MiddleName": middle,
        "prs_SecondName": second,
        "prs_Birthdate": case.identity.birth_date.map(|d| d.to_string()),
        "tn_BirthYear": case.identity.birth_year,
        "tn_AgeEstimate": case.identity.age_estimate,
        "tn_AgeUncertain": case.identity.age_uncertain,
        "tn_IsChild": case.is_under_18(),
        "prs_Gender": match case.identity.sex { Sex::Male => "Male", Sex::Female => "Female", _ => "Unknown" },
        "prs_Nationality": if case.identity.nationality.is_empty() || case.identity.nationality == "Việt Nam" { "VN".to_string() } else { case.identity.nationality.clone() },
        "prs_MailingCountry": "VN",
        "prs_MailingState": province.map(|p| p.name.clone()),
        "prs_MailingCity": commune.map(|c| c.name.clone()),
        "prs_MailingStreet": case.address.detail,
        "tn_AddressOnPapers": case.address.as_on_papers,
        "tn_IdNumber": case.identity.id_number,
        "vic_TraffickingStatus": status,
        "vic_AgreementToManagePersonalData": r.consent.given,
        "vic_MethodsOfControl": answers.map(crate::domain::screening::methods_of_control).unwrap_or_default(),
        "vic_TypeOfLabourExploitation": exploitation,
        "cas_Status": if matches!(r.status, ReferralStatus::HandedOver | ReferralStatus::Acknowledged) { "ClosedReferred" } else { "Active" },
        "cas_ReferringOrganisation": unit_name,
        "cas_ReferredOrganisation": agency,
        "cas_OutgoingReferralDate": date.to_string(),
        "cas_ReasonForOutgoingReferral": "AdditionalServicesRequired",
        "cas_OutgoingReferralDetails": r.services.iter().map(|s| docs::service_vi(s)).collect::<Vec<_>>().join("; "),
        "tn_CaseNumber": case.number,
        "tn_ReferralNumber": r.number,
        "tn_ReceivedOn": case.received_on.map(|d| d.to_string()),
        "tn_ServicesRequested": r.services,
        "tn_ServicesOther": r.services_other,
        "tn_Wishes": if r.wishes.is_empty() { &case.wishes } else { &r.wishes },
        "tn_ProtectionConcerns": r.protection_concerns,
        "tn_SupportGiven": case.support,
        "tn_Consent": r.consent,
        "tn_NoConsentReason": r.no_consent_reason,
        "tn_FamilyContact": {"name": case.family.name, "relation": case.family.relation, "phone": case.family.phone},
        "tn_LegalRegime": crate::domain::case::legal_regime(case.identified_on),
    });
    // Under 16 / 16–17 / adult / unknown (added beside the json! literal,
    // which is at the macro's recursion limit).
    v["tn_AgeBand"] = json!(case.age_band().key());
    v
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Build the package of an approved (or later) referral. Audited.
pub fn build_referral_package(v: &mut Vault, referral_id: &str) -> Result<Package, ExportError> {
    let r = v.referral(referral_id)?;
    if r.status == ReferralStatus::Draft {
        return Err(ExportError::Refused(
            "a draft referral cannot leave the unit; it must be approved first".into(),
        ));
    }
    let view = v.read_case(&r.case_id)?;
    let case = view.record;
    let agency = v.agency(
        r.agency_id
            .ok_or_else(|| ExportError::Refused("no receiving agency".into()))?,
    )?;
    let unit = v.unit()?;
    let screening = v.screenings_of(&case.id)?.into_iter().next();
    let decision = screening.as_ref().and_then(|s| s.decision);
    let names: std::collections::HashMap<String, String> = v
        .list_users()?
        .into_iter()
        .map(|u| (u.username, u.display_name))
        .collect();
    let name_of = |u: &str| names.get(u).cloned().unwrap_or_else(|| u.to_string());
    let officer = name_of(&r.created_by);
    let approver = r.approved_by.as_deref().map(name_of).unwrap_or_default();
    let today = Local::now().date_naive();

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
    let json = serde_json::to_vec_pretty(&referral_json(
        &unit.name,
        &case,
        &r,
        &agency.name,
        decision,
        screening.as_ref().map(|s| &s.input.answers),
        today,
    ))
    .expect("serialises");
    let files: Vec<(&str, &[u8])> = vec![
        (REFERRAL_PDF, &referral_pdf),
        (HANDOVER_PDF, &handover_pdf),
        (REFERRAL_JSON, &json),
    ];
    let anchor = v.keyring().anchor.clone();
    let manifest = Manifest {
        package: uuid::Uuid::now_v7().to_string(),
        kind: "referral".into(),
        app_version: crate::VERSION_LINE.into(),
        unit: unit.name.clone(),
        officer: name_of(&v.user().username),
        created_at: crate::vault::now_iso(),
        case_number: case.number.clone(),
        referral_number: r.number.clone(),
        files: files
            .iter()
            .map(|(n, b)| ManifestFile {
                name: n.to_string(),
                sha256: sha256_hex(b),
                bytes: b.len(),
            })
            .collect(),
        audit_anchor: anchor
            .map(|a| json!({"seq": a.seq, "hash": a.hash}))
            .unwrap_or(Value::Null),
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("serialises");
    let passphrase = new_passphrase();
    let zip = encrypted_zip(
        &[
            files[0],
            files[1],
            files[2],
            (MANIFEST_JSON, &manifest_json),
        ],
        &passphrase,
    )?;
    v.audit_access(
        action::EXPORT,
        &case.id,
        json!({"what": "referral_package", "referral": r.id, "agency": agency.id}),
    )?;
    Ok(Package {
        zip,
        passphrase,
        manifest,
    })
}

/// An AES-256 ZIP built in memory, every entry WinZip AE-2: the CRC-32 of
/// the plaintext is not stored (zero in the local header, the data
/// descriptor and the central directory); the AES authentication code checks
/// the data instead. 7-Zip, WinRAR and WinZip open it.
///
/// The zip crate writes AE-1 (with the plaintext CRC) for entries of 20 bytes
/// or more when it can seek back into its output, and keeps AE-2 when it
/// cannot; so the archive is written as a stream (no seeking, sizes in data
/// descriptors), which makes every entry AE-2.
pub fn encrypted_zip(files: &[(&str, &[u8])], passphrase: &str) -> Result<Vec<u8>, ExportError> {
    let mut w = zip::ZipWriter::new_stream(Vec::new());
    use chrono::{Datelike, Timelike};
    let now = Local::now().naive_local();
    let stamp = zip::DateTime::from_date_and_time(
        now.year() as u16,
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .with_aes_encryption(AesMode::Aes256, passphrase);
    for (name, bytes) in files {
        w.start_file(*name, options)
            .map_err(|e| ExportError::Package(e.to_string()))?;
        w.write_all(bytes)
            .map_err(|e| ExportError::Package(e.to_string()))?;
    }
    let out = w
        .finish()
        .map_err(|e| ExportError::Package(e.to_string()))?;
    Ok(out.into_inner())
}

/// Write a finished package: temp file, fsync, rename.
pub fn write_package(path: &Path, zip: &[u8]) -> Result<(), ExportError> {
    fsio::write_atomic(path, zip).map_err(|e| ExportError::Package(e.to_string()))
}

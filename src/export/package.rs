//! The referral package for social services: the referral form and the
//! handover record as PDF, `referral.json` (HTCDS field names) and
//! `manifest.json` (SHA-256 of each file), inside an AES-256 ZIP that 7-Zip
//! opens. The passphrase is generated and shown once; nothing unencrypted
//! touches the disk.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;
use zip::AesMode;
use zip::write::SimpleFileOptions;

use super::{ExportError, docs};
use crate::domain::case::{CaseRecord, Sex};
use crate::domain::papers::Regime;
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::{Answer, Decision};
use crate::domain::{places, security};

pub const REFERRAL_PDF: &str = "phieu-chuyen-gui.pdf";
pub const HANDOVER_PDF: &str = "bien-ban-ban-giao.pdf";
pub const CITIZEN_HANDOVER_PDF: &str = "bien-ban-ban-giao-cong-dan.pdf";
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
    // An identified victim (art. 32 decision or art. 33 document) is "Actual".
    let status = match decision {
        _ if case.is_identified() => "Actual",
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
        "prs_Nationality": match crate::domain::lists::country_key(&case.identity.nationality).as_str() {
            "" => "VN".to_string(),
            "other" => case.identity.nationality.clone(),
            code => code.to_string(),
        },
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
        // The law that governs support: persons identified before
        // 1 July 2025 keep the 2011 law.
        "tn_LegalRegime": case.identified_on.map_or(Regime::Law2024, Regime::on),
    });
    // Under 16 / 16–17 / adult / unknown (added beside the json! literal,
    // which is at the macro's recursion limit).
    v["tn_AgeBand"] = json!(case.age_band().key());
    v["tn_Identification"] = json!(case.identification);
    v["tn_IdentifiedOn"] = json!(case.identified_on.map(|d| d.to_string()));
    v["tn_PassportCountry"] = json!(case.identity.passport_country);
    v
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The manifest of a package: what it holds (with the SHA-256 of each file),
/// who made it, and the audit checkpoint at the time.
pub struct ManifestInfo<'a> {
    pub kind: &'a str,
    pub unit: &'a str,
    pub officer: &'a str,
    pub case_number: &'a str,
    pub referral_number: &'a str,
    pub audit_anchor: Value,
}

/// Seal files into an encrypted package with its manifest and a new passphrase.
pub fn seal_package(
    files: &[(&str, &[u8])],
    info: ManifestInfo<'_>,
) -> Result<Package, ExportError> {
    let manifest = Manifest {
        package: uuid::Uuid::now_v7().to_string(),
        kind: info.kind.into(),
        app_version: crate::VERSION_LINE.into(),
        unit: info.unit.into(),
        officer: info.officer.into(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        case_number: info.case_number.into(),
        referral_number: info.referral_number.into(),
        files: files
            .iter()
            .map(|(n, b)| ManifestFile {
                name: n.to_string(),
                sha256: sha256_hex(b),
                bytes: b.len(),
            })
            .collect(),
        audit_anchor: info.audit_anchor,
    };
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("serialises");
    let passphrase = new_passphrase();
    let mut all: Vec<(&str, &[u8])> = files.to_vec();
    all.push((MANIFEST_JSON, &manifest_json));
    let zip = encrypted_zip(&all, &passphrase)?;
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
    let now = crate::clock::now();
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

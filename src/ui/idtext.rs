//! Identity read from papers (a CCCD's QR line, a passport's MRZ) as the
//! window says it: what was filled, each warning and each refusal, the
//! MRZ's field named in a check-digit message.

use super::i18n::{self, Lang};
use crate::domain::identity::{
    CccdError, IdError, IdWarning, MrzError, MrzField, Parsed, StatedBy,
};
use crate::t;

fn mrz_field(l: Lang, f: MrzField) -> String {
    i18n::dynamic(l, &format!("mrz-field-{}", f.key()))
}

fn who(l: Lang, by: StatedBy) -> String {
    match by {
        StatedBy::Card => t!(l, "id-stated-card"),
        StatedBy::Officer => t!(l, "id-stated-officer"),
    }
}

/// One warning in a sentence.
pub fn warning(l: Lang, w: &IdWarning) -> String {
    match w {
        IdWarning::UnknownProvinceCode { prefix } => t!(
            l,
            "id-warning-unknown_province_code",
            prefix = prefix.clone()
        ),
        IdWarning::SexDigit {
            number_says,
            stated,
            by,
        } => t!(
            l,
            "id-warning-sex_digit",
            number = super::labels::sex(l, *number_says),
            who = who(l, *by),
            stated = super::labels::sex(l, *stated)
        ),
        IdWarning::YearDigits {
            number_says,
            stated,
            by,
        } => t!(
            l,
            "id-warning-year_digits",
            number = number_says.to_string(),
            who = who(l, *by),
            stated = stated.to_string()
        ),
        IdWarning::PassportExpired { on } => t!(
            l,
            "id-warning-passport_expired",
            date = on.format("%d/%m/%Y").to_string()
        ),
    }
}

/// Why a scanned or pasted text was refused, in a sentence.
pub fn error(l: Lang, e: &IdError) -> String {
    match e {
        IdError::Unrecognised => t!(l, "id-error-unrecognised"),
        IdError::Cccd(c) => match c {
            CccdError::FieldCount(n) => t!(l, "id-error-field_count", count = *n),
            CccdError::IdNumber => t!(l, "id-error-id_number"),
            CccdError::OldIdNumber => t!(l, "id-error-old_id_number"),
            CccdError::FullName => t!(l, "id-error-full_name"),
            CccdError::Date("issue date") => t!(l, "id-error-issue_date"),
            CccdError::Date(_) => t!(l, "id-error-birth_date"),
            CccdError::FutureBirth => t!(l, "id-error-future_birth"),
            CccdError::Sex => t!(l, "id-error-sex"),
        },
        IdError::Mrz(m) => match m {
            MrzError::Lines => t!(l, "id-error-mrz_lines"),
            MrzError::LineLength { line, len } => {
                t!(l, "id-error-mrz_length", line = *line, len = *len)
            }
            MrzError::Character { line, position } => t!(
                l,
                "id-error-mrz_character",
                line = *line,
                position = *position
            ),
            MrzError::NotPassport => t!(l, "id-error-mrz_not_passport"),
            MrzError::CheckDigit(f) => t!(l, "id-error-mrz_check", field = mrz_field(l, *f)),
            MrzError::Date(f) => t!(l, "id-error-mrz_date", field = mrz_field(l, *f)),
            MrzError::Sex => t!(l, "id-error-mrz_sex"),
        },
    }
}

/// What was filled from a reading.
pub fn filled(l: Lang, p: &Parsed) -> String {
    let name = p.fill().full_name;
    match p {
        Parsed::Cccd(_) => t!(l, "id-filled-cccd", name = name),
        Parsed::Passport(_) => t!(l, "id-filled-mrz", name = name),
    }
}

/// The MRZ field keys (for the completeness test of dynamic keys).
pub fn dynamic_keys() -> Vec<String> {
    [
        MrzField::DocumentNumber,
        MrzField::BirthDate,
        MrzField::ExpiryDate,
        MrzField::PersonalNumber,
        MrzField::Composite,
    ]
    .iter()
    .map(|f| format!("mrz-field-{}", f.key()))
    .collect()
}

//! Identity read from papers: the text of a chip-based CCCD's QR code and a
//! passport's machine-readable zone (ICAO Doc 9303, TD3).
//!
//! A 2-D barcode scanner in keyboard mode types the QR text into whatever
//! field has focus, so the window calls [`recognise`] on what was typed or
//! pasted: `Some(parsed)` means "this is a card's line, fill the row", `None`
//! means ordinary typing. [`classify`] tells whether the text *looks like* one
//! of the two (so a damaged scan can be shown with [`parse`]'s error).
//!
//! The CCCD QR text has 7 fields separated by `|`:
//! `001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 3, Xã …, Tỉnh …|15042021`
//! (ID number, old 9-digit ID number or empty, full name, birth date
//! ddmmyyyy, sex, permanent address, issue date ddmmyyyy).
//!
//! The 12-digit number encodes (Nghị định 137/2015/NĐ-CP art. 13, Thông tư
//! 07/2016/TT-BCA art. 7, carried over by Thông tư 59/2021/TT-BCA): digits
//! 1–3 the province (or country) where the birth was registered, digit 4 the
//! century and sex (0/1 = 1900–1999 male/female, 2/3 = 2000–2099, 4/5 =
//! 2100–2199, 6/7 = 2200–2299, 8/9 = 2300–2399), digits 5–6 the last two
//! digits of the birth year. A disagreement with the card's or the officer's
//! sex or year is a warning, never a refusal: the officer decides.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::case::Sex;
use super::old_provinces::{self, OldProvince};
use super::{names, text};

/// Why a CCCD QR line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CccdError {
    #[error("a CCCD QR line has 7 fields separated by '|'; this one has {0}")]
    FieldCount(usize),
    #[error("the ID number must be 12 digits")]
    IdNumber,
    #[error("the old ID number must be 9 or 12 digits")]
    OldIdNumber,
    #[error("the full name is empty")]
    FullName,
    #[error("the {0} is not a date written ddmmyyyy")]
    Date(&'static str),
    #[error("the birth date is in the future")]
    FutureBirth,
    #[error("the sex must be Nam or Nữ")]
    Sex,
}

/// A field of the MRZ, named in check-digit and date errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    PersonalNumber,
    Composite,
}

impl MrzField {
    pub fn key(self) -> &'static str {
        match self {
            MrzField::DocumentNumber => "document_number",
            MrzField::BirthDate => "birth_date",
            MrzField::ExpiryDate => "expiry_date",
            MrzField::PersonalNumber => "personal_number",
            MrzField::Composite => "composite",
        }
    }
}

impl std::fmt::Display for MrzField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MrzField::DocumentNumber => "document number",
            MrzField::BirthDate => "birth date",
            MrzField::ExpiryDate => "expiry date",
            MrzField::PersonalNumber => "personal number",
            MrzField::Composite => "whole second line (composite)",
        })
    }
}

/// Why a passport MRZ was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    #[error("a passport MRZ has two lines of 44 characters")]
    Lines,
    #[error("MRZ line {line} has {len} characters instead of 44")]
    LineLength { line: u8, len: usize },
    #[error("MRZ line {line} has a character other than A-Z, 0-9 and '<' at position {position}")]
    Character { line: u8, position: usize },
    #[error("not a passport MRZ: the first line must start with P")]
    NotPassport,
    #[error("the check digit of the {0} is wrong")]
    CheckDigit(MrzField),
    #[error("the {0} is not a date")]
    Date(MrzField),
    #[error("the sex must be M, F, X or <")]
    Sex,
}

/// Why a text was not read as identity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(transparent)]
    Cccd(#[from] CccdError),
    #[error(transparent)]
    Mrz(#[from] MrzError),
    #[error("the text is neither a CCCD QR line nor a passport MRZ")]
    Unrecognised,
}

/// Who stated the sex or birth year the number is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatedBy {
    /// The card's own fields (or the passport's MRZ).
    Card,
    /// What the officer typed.
    Officer,
}

/// Something the officer should look at; the reading is still usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IdWarning {
    /// The first three digits are none of the 63 province codes (a birth
    /// registered abroad carries a country code, or the number is mistyped).
    UnknownProvinceCode { prefix: String },
    /// The fourth digit's sex differs from the stated one.
    SexDigit {
        number_says: Sex,
        stated: Sex,
        by: StatedBy,
    },
    /// The birth year the number encodes differs from the stated one.
    YearDigits {
        number_says: i32,
        stated: i32,
        by: StatedBy,
    },
    /// The passport's expiry date is past.
    PassportExpired { on: NaiveDate },
}

impl IdWarning {
    pub fn key(&self) -> &'static str {
        match self {
            IdWarning::UnknownProvinceCode { .. } => "unknown_province_code",
            IdWarning::SexDigit { .. } => "sex_digit",
            IdWarning::YearDigits { .. } => "year_digits",
            IdWarning::PassportExpired { .. } => "passport_expired",
        }
    }
}

impl std::fmt::Display for IdWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let who = |by: &StatedBy| match by {
            StatedBy::Card => "the card says",
            StatedBy::Officer => "typed",
        };
        match self {
            IdWarning::UnknownProvinceCode { prefix } => write!(
                f,
                "the ID number starts with {prefix}, which is not a province code"
            ),
            IdWarning::SexDigit {
                number_says,
                stated,
                by,
            } => write!(
                f,
                "the ID number's 4th digit says {}, {} {}",
                number_says.key(),
                who(by),
                stated.key()
            ),
            IdWarning::YearDigits {
                number_says,
                stated,
                by,
            } => write!(
                f,
                "the ID number encodes birth year {number_says}, {} {stated}",
                who(by)
            ),
            IdWarning::PassportExpired { on } => write!(f, "the passport expired on {on}"),
        }
    }
}

/// What a 12-digit personal identification number encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberInfo {
    /// Digits 1–3 as a number (1–999).
    pub place_code: u32,
    /// The province of birth registration, when the code is one.
    pub province: Option<&'static OldProvince>,
    pub sex: Sex,
    /// The birth year from digit 4 (century) and digits 5–6.
    pub birth_year: i32,
}

/// Decode a 12-digit personal identification number; `None` unless exactly 12 digits.
pub fn decode_id_number(number: &str) -> Option<NumberInfo> {
    let d: Vec<u32> = number
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if d.len() != 12 {
        return None;
    }
    let place_code = d[0] * 100 + d[1] * 10 + d[2];
    let century = 1900 + 100 * (d[3] / 2) as i32;
    Some(NumberInfo {
        place_code,
        province: old_provinces::by_code(place_code),
        sex: if d[3].is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        },
        birth_year: century + (d[4] * 10 + d[5]) as i32,
    })
}

/// Compare what a number encodes with a stated sex and birth year.
fn number_warnings(
    info: &NumberInfo,
    sex: Option<Sex>,
    year: Option<i32>,
    by: StatedBy,
) -> Vec<IdWarning> {
    let mut w = Vec::new();
    if let Some(s) = sex.filter(|s| matches!(s, Sex::Male | Sex::Female))
        && s != info.sex
    {
        w.push(IdWarning::SexDigit {
            number_says: info.sex,
            stated: s,
            by,
        });
    }
    if let Some(y) = year
        && y != info.birth_year
    {
        w.push(IdWarning::YearDigits {
            number_says: info.birth_year,
            stated: y,
            by,
        });
    }
    w
}

/// What the officer typed, to compare with the number (either may be absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Typed {
    pub sex: Option<Sex>,
    pub birth_year: Option<i32>,
}

/// Check a typed 12-digit number against a typed sex and birth year (the
/// batch table and the case form): warnings only; an empty list when the
/// number is not 12 digits (its format is `case::validate`'s concern).
pub fn check_typed_number(number: &str, typed: Typed) -> Vec<IdWarning> {
    let Some(info) = decode_id_number(&text::digits(number)).filter(|_| {
        number
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
    }) else {
        return Vec::new();
    };
    let mut w = Vec::new();
    if info.province.is_none() {
        w.push(IdWarning::UnknownProvinceCode {
            prefix: format!("{:03}", info.place_code),
        });
    }
    w.extend(number_warnings(
        &info,
        typed.sex,
        typed.birth_year,
        StatedBy::Officer,
    ));
    w
}

/// The sex and birth year a 12-digit personal identification number says,
/// for filling what the officer has not typed yet (the batch table): digit 4
/// is the century and sex, digits 5–6 the year. `None` unless the text is
/// 12 digits (spaces allowed) and the year is not after `today`'s (a mistyped
/// number fills nothing). Digits 1–3 are the province where the birth was
/// registered under the old 63 provinces, not where the person lives: they
/// fill nothing.
pub fn born_by_number(number: &str, today: NaiveDate) -> Option<(Sex, i32)> {
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace())
    {
        return None;
    }
    let info = decode_id_number(&text::digits(number))?;
    (info.birth_year <= today.year()).then_some((info.sex, info.birth_year))
}

/// A CCCD read from its QR text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CccdCard {
    pub id_number: String,
    /// The old 9-digit ID (CMND) number; empty when the card has none.
    pub old_id_number: String,
    /// NFC, cleaned; in title case when the card wrote it in capitals.
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// The permanent address as written on the card.
    pub address: String,
    pub issued_on: NaiveDate,
    pub number: NumberInfo,
    pub warnings: Vec<IdWarning>,
}

fn ddmmyyyy(s: &str, field: &'static str) -> Result<NaiveDate, CccdError> {
    let s = s.trim();
    if s.len() != 8 || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(CccdError::Date(field));
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(n(4..8) as i32, n(2..4), n(0..2)).ok_or(CccdError::Date(field))
}

/// Parse a CCCD QR line. `typed` is what the officer already typed in the
/// row or form, compared with the number too.
pub fn parse_cccd(line: &str, today: NaiveDate, typed: Typed) -> Result<CccdCard, CccdError> {
    let line = line.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    let fields: Vec<&str> = line.split('|').collect();
    if fields.len() != 7 {
        return Err(CccdError::FieldCount(fields.len()));
    }
    let id_number = fields[0].trim();
    let info = decode_id_number(id_number).ok_or(CccdError::IdNumber)?;
    let old = fields[1].trim();
    if !old.is_empty()
        && (!old.chars().all(|c| c.is_ascii_digit()) || ![9, 12].contains(&old.len()))
    {
        return Err(CccdError::OldIdNumber);
    }
    let full_name = names::normalise_name(fields[2]);
    if full_name.is_empty() {
        return Err(CccdError::FullName);
    }
    let birth_date = ddmmyyyy(fields[3], "birth date")?;
    if birth_date > today {
        return Err(CccdError::FutureBirth);
    }
    let sex = match Sex::parse_typed(fields[4]) {
        Some(s @ (Sex::Male | Sex::Female)) => s,
        _ => return Err(CccdError::Sex),
    };
    let address = text::clean_line(fields[5]);
    let issued_on = ddmmyyyy(fields[6], "issue date")?;
    let mut warnings = Vec::new();
    if info.province.is_none() {
        warnings.push(IdWarning::UnknownProvinceCode {
            prefix: id_number[..3].to_string(),
        });
    }
    warnings.extend(number_warnings(
        &info,
        Some(sex),
        Some(birth_date.year()),
        StatedBy::Card,
    ));
    warnings.extend(number_warnings(
        &info,
        typed.sex,
        typed.birth_year,
        StatedBy::Officer,
    ));
    Ok(CccdCard {
        id_number: id_number.to_string(),
        old_id_number: old.to_string(),
        full_name,
        birth_date,
        sex,
        address,
        issued_on,
        number: info,
        warnings,
    })
}

/// A passport read from its MRZ. Names are as in the MRZ (Latin capitals,
/// no diacritics, `<` as spaces) for the officer to write properly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passport {
    /// "P" and the type letter if any ("P", "PD", "PO").
    pub document_code: String,
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub document_number: String,
    /// The ICAO three-letter code ("VNM").
    pub nationality: String,
    pub birth_date: NaiveDate,
    /// `Unknown` when the MRZ gives `<` or `X`.
    pub sex: Sex,
    pub expires_on: NaiveDate,
    /// The optional personal number (a Vietnamese passport's CCCD number), without fillers.
    pub personal_number: String,
    pub warnings: Vec<IdWarning>,
}

impl Passport {
    /// "SURNAME GIVEN NAMES", the order Vietnamese names are written in.
    pub fn full_name(&self) -> String {
        text::clean_line(&format!("{} {}", self.surname, self.given_names))
    }
}

fn mrz_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => (c - b'0') as u32,
        b'A'..=b'Z' => (c - b'A') as u32 + 10,
        _ => 0,
    }
}

/// The ICAO 9303 check digit of a field (weights 7, 3, 1).
pub fn check_digit(field: &[u8]) -> u8 {
    let sum: u32 = field
        .iter()
        .zip([7u32, 3, 1].iter().cycle())
        .map(|(c, w)| mrz_value(*c) * w)
        .sum();
    b'0' + (sum % 10) as u8
}

fn verify(field: &[u8], digit: u8, which: MrzField) -> Result<(), MrzError> {
    if digit == check_digit(field) {
        Ok(())
    } else {
        Err(MrzError::CheckDigit(which))
    }
}

/// The MRZ's two lines from pasted or scanned text: spaces dropped, upper
/// case, one 88-character run split in two.
fn mrz_lines(textin: &str) -> Result<[Vec<u8>; 2], MrzError> {
    let lines: Vec<String> = textin
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(|c| c.to_uppercase())
                .collect::<String>()
        })
        .filter(|l| !l.is_empty())
        .collect();
    let (a, b) = match lines.as_slice() {
        [one] if one.len() == 88 => (one[..44].to_string(), one[44..].to_string()),
        [a, b] => (a.clone(), b.clone()),
        _ => return Err(MrzError::Lines),
    };
    for (n, l) in [(1u8, &a), (2u8, &b)] {
        if let Some(p) = l
            .chars()
            .position(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<'))
        {
            return Err(MrzError::Character {
                line: n,
                position: p + 1,
            });
        }
        if l.len() != 44 {
            return Err(MrzError::LineLength {
                line: n,
                len: l.len(),
            });
        }
    }
    Ok([a.into_bytes(), b.into_bytes()])
}

fn yymmdd(s: &[u8], field: MrzField) -> Result<(i32, u32, u32), MrzError> {
    if !s.iter().all(|c| c.is_ascii_digit()) {
        return Err(MrzError::Date(field));
    }
    let n = |i: usize| ((s[i] - b'0') * 10 + (s[i + 1] - b'0')) as u32;
    Ok((n(0) as i32, n(2), n(4)))
}

fn mrz_text(s: &[u8]) -> String {
    let t: String = s
        .iter()
        .map(|&c| if c == b'<' { ' ' } else { c as char })
        .collect();
    text::clean_line(&t)
}

/// Parse a passport's two MRZ lines with every check digit verified.
pub fn parse_mrz(input: &str, today: NaiveDate) -> Result<Passport, MrzError> {
    let [l1, l2] = mrz_lines(input)?;
    if l1[0] != b'P' {
        return Err(MrzError::NotPassport);
    }
    // Line 2: number, check, nationality, birth, check, sex, expiry, check,
    // personal number, check, composite.
    verify(&l2[0..9], l2[9], MrzField::DocumentNumber)?;
    verify(&l2[13..19], l2[19], MrzField::BirthDate)?;
    verify(&l2[21..27], l2[27], MrzField::ExpiryDate)?;
    let personal = &l2[28..42];
    let empty_personal = personal.iter().all(|&c| c == b'<');
    if !(empty_personal && l2[42] == b'<') {
        verify(personal, l2[42], MrzField::PersonalNumber)?;
    }
    let mut composite = Vec::with_capacity(39);
    composite.extend_from_slice(&l2[0..10]);
    composite.extend_from_slice(&l2[13..20]);
    composite.extend_from_slice(&l2[21..43]);
    verify(&composite, l2[43], MrzField::Composite)?;

    let (by, bm, bd) = yymmdd(&l2[13..19], MrzField::BirthDate)?;
    // Birth: the latest century that puts the date on or before today.
    let birth_date = [2000 + by, 1900 + by]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, bm, bd))
        .find(|d| *d <= today)
        .ok_or(MrzError::Date(MrzField::BirthDate))?;
    let (ey, em, ed) = yymmdd(&l2[21..27], MrzField::ExpiryDate)?;
    // Expiry: the century that puts the date nearest to today.
    let base = today.year() / 100 * 100;
    let expires_on = [base - 100, base, base + 100]
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c + ey, em, ed))
        .min_by_key(|d| (*d - today).num_days().abs())
        .ok_or(MrzError::Date(MrzField::ExpiryDate))?;
    let sex = match l2[20] {
        b'M' => Sex::Male,
        b'F' => Sex::Female,
        b'<' | b'X' => Sex::Unknown,
        _ => return Err(MrzError::Sex),
    };
    let names = &l1[5..44];
    let (surname, given) = match names.windows(2).position(|w| w == b"<<") {
        Some(p) => (&names[..p], &names[p + 2..]),
        None => (names, &names[names.len()..]),
    };
    let personal_number = mrz_text(personal).replace(' ', "");
    let mut warnings = Vec::new();
    if expires_on < today {
        warnings.push(IdWarning::PassportExpired { on: expires_on });
    }
    if let Some(info) = decode_id_number(&personal_number) {
        warnings.extend(number_warnings(
            &info,
            Some(sex),
            Some(birth_date.year()),
            StatedBy::Card,
        ));
    }
    Ok(Passport {
        document_code: mrz_text(&l1[0..2]).replace(' ', ""),
        issuing_state: mrz_text(&l1[2..5]).replace(' ', ""),
        surname: mrz_text(surname),
        given_names: mrz_text(given),
        document_number: mrz_text(&l2[0..9]).replace(' ', ""),
        nationality: mrz_text(&l2[10..13]).replace(' ', ""),
        birth_date,
        sex,
        expires_on,
        personal_number,
        warnings,
    })
}

/// What a typed or pasted text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Cccd,
    Mrz,
}

/// Whether a text looks like a CCCD QR line (a 12-digit number, then `|`
/// separated fields) or a passport MRZ (two runs of about 44 characters of
/// A–Z, 0–9 and `<`, the first starting with P). Says nothing about validity.
pub fn classify(s: &str) -> Option<Kind> {
    let t = s.trim();
    if let Some((first, rest)) = t.split_once('|')
        && first.trim().len() == 12
        && first.trim().chars().all(|c| c.is_ascii_digit())
        && rest.contains('|')
    {
        return Some(Kind::Cccd);
    }
    let compact: Vec<String> = t
        .lines()
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase()
        })
        .filter(|l| !l.is_empty())
        .collect();
    let mrz_like = |l: &str| {
        (40..=48).contains(&l.len())
            && l.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<')
            && l.contains('<')
    };
    match compact.as_slice() {
        [a, b] if a.starts_with('P') && mrz_like(a) && mrz_like(b) => Some(Kind::Mrz),
        // Only ASCII can be an MRZ, and only then is byte 44 a character boundary.
        [one]
            if one.len() == 88
                && one.is_ascii()
                && one.starts_with('P')
                && mrz_like(&one[..44]) =>
        {
            Some(Kind::Mrz)
        }
        _ => None,
    }
}

/// An identity reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Cccd(CccdCard),
    Passport(Passport),
}

/// Parse a CCCD QR line or a passport MRZ.
pub fn parse(s: &str, today: NaiveDate, typed: Typed) -> Result<Parsed, IdError> {
    match classify(s) {
        Some(Kind::Cccd) => Ok(Parsed::Cccd(parse_cccd(s, today, typed)?)),
        Some(Kind::Mrz) => {
            let mut p = parse_mrz(s, today)?;
            if let Some(info) = decode_id_number(&p.personal_number) {
                p.warnings.extend(number_warnings(
                    &info,
                    typed.sex,
                    typed.birth_year,
                    StatedBy::Officer,
                ));
            }
            Ok(Parsed::Passport(p))
        }
        None if s.contains('|') => Ok(Parsed::Cccd(parse_cccd(s, today, typed)?)),
        None => Err(IdError::Unrecognised),
    }
}

/// A typed or pasted text read as a card line or an MRZ, when it is a valid one.
pub fn recognise(s: &str, today: NaiveDate) -> Option<Parsed> {
    classify(s)?;
    parse(s, today, Typed::default()).ok()
}

/// The country name the case form uses for an ICAO code (the code itself when unknown).
pub fn nationality_name(code: &str) -> String {
    match code {
        "VNM" => "Việt Nam",
        "KHM" => "Campuchia",
        "LAO" => "Lào",
        "CHN" => "Trung Quốc",
        "THA" => "Thái Lan",
        "MMR" => "Myanmar",
        "MYS" => "Malaysia",
        _ => code,
    }
    .to_string()
}

/// The fields a reading fills in the batch table or the case form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fill {
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub id_number: String,
    pub old_id_number: String,
    pub passport_number: String,
    pub nationality: String,
    /// The address as on papers (a CCCD's permanent address).
    pub address_on_papers: String,
    /// True for a passport: the name has no diacritics yet.
    pub name_needs_diacritics: bool,
}

impl Parsed {
    pub fn kind(&self) -> Kind {
        match self {
            Parsed::Cccd(_) => Kind::Cccd,
            Parsed::Passport(_) => Kind::Mrz,
        }
    }

    pub fn warnings(&self) -> &[IdWarning] {
        match self {
            Parsed::Cccd(c) => &c.warnings,
            Parsed::Passport(p) => &p.warnings,
        }
    }

    pub fn fill(&self) -> Fill {
        match self {
            Parsed::Cccd(c) => Fill {
                full_name: c.full_name.clone(),
                sex: c.sex,
                birth_date: Some(c.birth_date),
                id_number: c.id_number.clone(),
                old_id_number: c.old_id_number.clone(),
                nationality: "Việt Nam".into(),
                address_on_papers: c.address.clone(),
                ..Fill::default()
            },
            Parsed::Passport(p) => Fill {
                full_name: names::title_case(&p.full_name()),
                sex: p.sex,
                birth_date: Some(p.birth_date),
                id_number: if decode_id_number(&p.personal_number).is_some() {
                    p.personal_number.clone()
                } else {
                    String::new()
                },
                passport_number: p.document_number.clone(),
                nationality: nationality_name(&p.nationality),
                name_needs_diacritics: true,
                ..Fill::default()
            },
        }
    }

    /// The JSON of `tiepnhan id parse` (fields a kind does not have are absent).
    pub fn summary(&self) -> Summary {
        let warnings = self
            .warnings()
            .iter()
            .map(|w| WarningSummary {
                code: w.key(),
                message: w.to_string(),
            })
            .collect();
        let sex = |s: Sex| match s {
            Sex::Male | Sex::Female => Some(s.key()),
            _ => None,
        };
        match self {
            Parsed::Cccd(c) => Summary {
                kind: Kind::Cccd,
                id_number: Some(c.id_number.clone()),
                old_id_number: Some(c.old_id_number.clone()).filter(|o| !o.is_empty()),
                full_name: c.full_name.clone(),
                surname: None,
                given_names: None,
                birth_date: c.birth_date.to_string(),
                sex: sex(c.sex),
                address: Some(c.address.clone()),
                issued_on: Some(c.issued_on.to_string()),
                passport_number: None,
                nationality: None,
                issuing_state: None,
                expires_on: None,
                warnings,
            },
            Parsed::Passport(p) => Summary {
                kind: Kind::Mrz,
                id_number: Some(p.personal_number.clone())
                    .filter(|n| decode_id_number(n).is_some()),
                old_id_number: None,
                full_name: p.full_name(),
                surname: Some(p.surname.clone()),
                given_names: Some(p.given_names.clone()),
                birth_date: p.birth_date.to_string(),
                sex: sex(p.sex),
                address: None,
                issued_on: None,
                passport_number: Some(p.document_number.clone()),
                nationality: Some(p.nationality.clone()),
                issuing_state: Some(p.issuing_state.clone()),
                expires_on: Some(p.expires_on.to_string()),
                warnings,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningSummary {
    pub code: &'static str,
    pub message: String,
}

/// See [`Parsed::summary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id_number: Option<String>,
    pub full_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    pub birth_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passport_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    pub warnings: Vec<WarningSummary>,
}

/// The fields of a TD3 MRZ, to build one with correct check digits (tests, demo data).
#[derive(Debug, Clone, Copy)]
pub struct Td3<'a> {
    pub surname: &'a str,
    pub given_names: &'a str,
    pub number: &'a str,
    pub nationality: &'a str,
    pub birth_yymmdd: &'a str,
    pub sex: char,
    pub expiry_yymmdd: &'a str,
    pub personal: &'a str,
}

impl Td3<'_> {
    /// The two lines, separated by a line break.
    pub fn build(&self) -> String {
        let pad = |s: &str, n: usize| {
            let mut s: String = s.replace(' ', "<").chars().take(n).collect();
            while s.len() < n {
                s.push('<');
            }
            s
        };
        let name = pad(&format!("{}<<{}", self.surname, self.given_names), 39);
        let line1 = format!("P<{}{}", pad(self.nationality, 3), name);
        let num = pad(self.number, 9);
        let pers = pad(self.personal, 14);
        let pers_check = if self.personal.is_empty() {
            '<'
        } else {
            check_digit(pers.as_bytes()) as char
        };
        let mut line2 = format!(
            "{num}{}{}{}{}{}{}{}{pers}{pers_check}",
            check_digit(num.as_bytes()) as char,
            pad(self.nationality, 3),
            self.birth_yymmdd,
            check_digit(self.birth_yymmdd.as_bytes()) as char,
            self.sex,
            self.expiry_yymmdd,
            check_digit(self.expiry_yymmdd.as_bytes()) as char,
        );
        let b = line2.as_bytes();
        let mut composite = Vec::new();
        composite.extend_from_slice(&b[0..10]);
        composite.extend_from_slice(&b[13..20]);
        composite.extend_from_slice(&b[21..43]);
        line2.push(check_digit(&composite) as char);
        format!("{line1}\n{line2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::today;

    #[test]
    fn number_digits_decoded() {
        let i = decode_id_number("001090123456").unwrap();
        assert_eq!(i.place_code, 1);
        assert_eq!(i.province.unwrap().short_name(), "Hà Nội");
        assert_eq!(i.sex, Sex::Male);
        assert_eq!(i.birth_year, 1990);
        let i = decode_id_number("079305000001").unwrap();
        assert_eq!((i.sex, i.birth_year), (Sex::Female, 2005));
        let i = decode_id_number("072899000001").unwrap();
        assert_eq!(
            (i.sex, i.birth_year),
            (Sex::Male, 2399),
            "8: 2300-2399, male"
        );
        let i = decode_id_number("072999000001").unwrap();
        assert_eq!(
            (i.sex, i.birth_year),
            (Sex::Female, 2399),
            "9: 2300-2399, female"
        );
        assert!(decode_id_number("07230500000").is_none());
        assert!(decode_id_number("07230500000a").is_none());
    }

    #[test]
    fn the_number_says_sex_and_birth_year_for_filling() {
        let t = today();
        assert_eq!(born_by_number("001090123456", t), Some((Sex::Male, 1990)));
        assert_eq!(born_by_number("001190123456", t), Some((Sex::Female, 1990)));
        assert_eq!(born_by_number("079205000001", t), Some((Sex::Male, 2005)));
        assert_eq!(
            born_by_number("079 3 05 000001", t),
            Some((Sex::Female, 2005)),
            "spaces between digit groups are allowed"
        );
        assert_eq!(born_by_number("079299000001", t), None, "2099 is not yet");
        assert_eq!(born_by_number("079426000001", t), None, "2126 is not yet");
        assert_eq!(born_by_number("07909012345", t), None, "11 digits");
        assert_eq!(born_by_number("B1234567", t), None, "a passport number");
        assert_eq!(born_by_number("0010901234-56", t), None);
    }

    #[test]
    fn icao_specimen_passes() {
        // The specimen of ICAO Doc 9303 part 4.
        let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
        let p = parse_mrz(mrz, today()).unwrap();
        assert_eq!(p.surname, "ERIKSSON");
        assert_eq!(p.given_names, "ANNA MARIA");
        assert_eq!(p.document_number, "L898902C3");
        assert_eq!(p.nationality, "UTO");
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1974, 8, 12).unwrap());
        assert_eq!(p.expires_on, NaiveDate::from_ymd_opt(2012, 4, 15).unwrap());
        assert_eq!(p.sex, Sex::Female);
        assert_eq!(p.personal_number, "ZE184226B");
        assert!(matches!(
            p.warnings[..],
            [IdWarning::PassportExpired { .. }]
        ));
    }

    /// `classify` runs on every keystroke: no prefix of a long Vietnamese
    /// address may panic (88 bytes once cut a letter in two at byte 44).
    #[test]
    fn classify_survives_every_prefix_of_vietnamese_text() {
        let address = "Phường Hoàng Văn Thụ, thành phố Lạng Sơn, tỉnh Lạng Sơn, số nhà 12 ngõ 3 đường Bà Triệu";
        let mut hit_88 = false;
        for (i, _) in address.char_indices() {
            let typed = &address[..i];
            let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
            hit_88 |= compact.to_uppercase().len() == 88;
            assert_eq!(classify(typed), None, "{typed}");
            assert!(recognise(typed, today()).is_none());
        }
        assert!(
            hit_88,
            "the text passes the 88-byte length of a one-line MRZ"
        );
    }

    #[test]
    fn classify_and_recognise() {
        let line = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 3, Xã Tân Lập, Tỉnh Tây Ninh|15042021";
        assert_eq!(classify(line), Some(Kind::Cccd));
        assert!(recognise(line, today()).is_some());
        assert_eq!(classify("Nguyễn Văn A"), None);
        assert_eq!(classify("079123456789"), None, "a bare number is typing");
        let mrz = Td3 {
            surname: "NGUYEN",
            given_names: "VAN A",
            number: "C1234567",
            nationality: "VNM",
            birth_yymmdd: "900101",
            sex: 'M',
            expiry_yymmdd: "300101",
            personal: "001090123456",
        }
        .build();
        assert_eq!(classify(&mrz), Some(Kind::Mrz));
        let one_line = mrz.replace('\n', "");
        assert_eq!(classify(&one_line), Some(Kind::Mrz));
        let Some(Parsed::Passport(p)) = recognise(&one_line, today()) else {
            panic!("the MRZ typed without a line break is read");
        };
        assert_eq!(p.full_name(), "NGUYEN VAN A");
        let fill = Parsed::Passport(p).fill();
        assert_eq!(fill.full_name, "Nguyen Van A");
        assert_eq!(fill.id_number, "001090123456");
        assert_eq!(fill.nationality, "Việt Nam");
        assert!(fill.name_needs_diacritics);
    }

    #[test]
    fn typed_number_checked_against_typed_values() {
        let w = check_typed_number(
            "079 305 000 001",
            Typed {
                sex: Some(Sex::Male),
                birth_year: Some(2004),
            },
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(check_typed_number("079305000001", Typed::default()).is_empty());
        assert_eq!(
            check_typed_number("003305000001", Typed::default())[0].key(),
            "unknown_province_code"
        );
        assert!(check_typed_number("C1234567", Typed::default()).is_empty());
    }
}

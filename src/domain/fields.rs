//! The case record's fields as data. One table (`FIELDS`) says, for every
//! field an officer fills in: its key, its section and row in the form, its
//! kind (single line, multi-line, date, count with bounds, choice from a
//! list…), whether it is required, and whether it is basic or sensitive
//! personal data (Law 91/2025, Decree 356/2025). The form, its parsing, its
//! sections, its widget ids, the mapping to and from `CaseRecord`, the
//! normalisation and the personal-data classification all come from it.
//!
//! Adding a field: add it to `CaseRecord`, add one `field!` line here (and
//! its label to both Fluent files). Nothing else lists fields.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::case::{
    CaseRecord, ExitLegality, FieldError, IdentificationBasis, Problem, Sex, Source, Status,
};
use super::{dates, places, text};

/// The parts of the case form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Section {
    Identity,
    AddressFamily,
    Journey,
    Health,
    Support,
    Status,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Identity,
        Section::AddressFamily,
        Section::Journey,
        Section::Health,
        Section::Support,
        Section::Status,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Section::Identity => "identity",
            Section::AddressFamily => "address",
            Section::Journey => "journey",
            Section::Health => "health",
            Section::Support => "support",
            Section::Status => "status",
        }
    }
}

/// How a single-line text is cleaned before it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clean {
    /// NFC, trimmed, whitespace collapsed.
    Line,
    /// Digits only (ID card numbers).
    Digits,
    /// Upper-case letters and digits only (passport numbers).
    Upper,
    /// A country from the list (ISO 3166-1, or "không quốc tịch"), stored
    /// by its Vietnamese name; anything else as "khác: …".
    Country,
    /// One of the 54 ethnic groups, stored by its name; else "khác: …".
    Ethnic,
}

/// The lists a choice is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceList {
    Sex,
    Source,
    Status,
    ExitLegality,
    IdentificationBasis,
}

impl ChoiceList {
    pub const ALL: [ChoiceList; 5] = [
        ChoiceList::Sex,
        ChoiceList::Source,
        ChoiceList::Status,
        ChoiceList::ExitLegality,
        ChoiceList::IdentificationBasis,
    ];

    /// The prefix of its values' message ids (`sex-female`, `exit-irregular`).
    pub fn message_prefix(self) -> &'static str {
        match self {
            ChoiceList::Sex => "sex",
            ChoiceList::Source => "source",
            ChoiceList::Status => "status",
            ChoiceList::ExitLegality => "exit",
            ChoiceList::IdentificationBasis => "identification",
        }
    }

    /// The keys of the list, in display order.
    pub fn keys(self) -> Vec<&'static str> {
        match self {
            ChoiceList::Sex => Sex::ALL.iter().map(|s| s.key()).collect(),
            ChoiceList::Source => Source::ALL.iter().map(|s| s.key()).collect(),
            ChoiceList::Status => Status::ALL.iter().map(|s| s.key()).collect(),
            ChoiceList::ExitLegality => ExitLegality::ALL.iter().map(|s| s.key()).collect(),
            ChoiceList::IdentificationBasis => {
                IdentificationBasis::ALL.iter().map(|s| s.key()).collect()
            }
        }
    }
}

/// What kind of value a field holds, and so how it is typed and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text(Clean),
    Multiline,
    /// A past date, typed dd/mm/yyyy.
    Date,
    /// A year of birth (1900 to this year).
    Year,
    /// An age in whole years.
    Age,
    /// A whole number from 0 to `max` (meals, sets of clothing, days).
    Count {
        max: u32,
    },
    /// A whole number of months.
    Months,
    /// Yes or no.
    Flag,
    Choice(ChoiceList),
    /// A province code from the 2025 list.
    Province,
    /// A commune code within the chosen province.
    Commune,
    /// A border gate or place of reception from the unit's list.
    Gate,
    /// Several short values separated by commas (case numbers of children).
    List,
}

/// When a field must be filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    No,
    Always,
    /// Once the case has reached this status.
    From(Status),
}

/// The categories of sensitive personal data of Decree 356/2025 art. 3 that
/// a case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitive {
    /// Racial or ethnic origin.
    EthnicOrigin,
    /// Health: condition, injuries, pregnancy, medical support.
    Health,
    /// Private life: family contacts, wishes, personal circumstances.
    PrivateLife,
    /// Statements about crimes collected by a law-enforcement body (how the
    /// person was recruited, the recruiters, the work they were forced into).
    CrimeData,
    /// Location data: where the person was held, crossed or lives now.
    Location,
    /// Biometric data: a face that identifies the person (a photo of the
    /// person, the portrait on an ID paper).
    Biometric,
}

/// Whether a field is basic or sensitive personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Not personal data by itself (a status, a date of a procedural step).
    None,
    /// Basic personal data (name, date of birth, ID number, address…).
    Basic,
    Sensitive(Sensitive),
}

impl Sensitivity {
    pub fn is_sensitive(self) -> bool {
        matches!(self, Sensitivity::Sensitive(_))
    }
}

/// A field's value between the form and the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Date(Option<NaiveDate>),
    Int(Option<i64>),
    Flag(bool),
    Key(String),
    List(Vec<String>),
}

/// A record slot that can hold a field's value.
pub trait Slot {
    fn get(&self) -> Value;
    fn put(&mut self, v: Value);
}

/// Values kept as they are, each in its own variant.
macro_rules! plain_slot {
    ($($t:ty => $variant:ident),+) => {$(
        impl Slot for $t {
            fn get(&self) -> Value {
                Value::$variant(self.to_owned())
            }
            fn put(&mut self, v: Value) {
                if let Value::$variant(x) = v {
                    *self = x;
                }
            }
        }
    )+};
}
plain_slot!(String => Text, Option<NaiveDate> => Date, bool => Flag, Vec<String> => List);

/// The whole numbers a field may hold (an age, a year, an id).
pub trait Whole: Copy + Into<i64> + TryFrom<i64> {}
impl Whole for u32 {}
impl Whole for i32 {}
impl Whole for i64 {}

impl<T: Whole> Slot for Option<T> {
    fn get(&self) -> Value {
        Value::Int(self.map(Into::into))
    }
    fn put(&mut self, v: Value) {
        if let Value::Int(n) = v {
            *self = n.and_then(|n| T::try_from(n).ok());
        }
    }
}

/// Counts where 0 means "none given": an empty cell in the form.
impl Slot for u32 {
    fn get(&self) -> Value {
        Value::Int((*self > 0).then_some(i64::from(*self)))
    }
    fn put(&mut self, v: Value) {
        if let Value::Int(n) = v {
            *self = n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        }
    }
}

macro_rules! keyed_slot {
    ($($t:ty),+) => {$(
        impl Slot for $t {
            fn get(&self) -> Value {
                Value::Key(self.key().to_string())
            }
            fn put(&mut self, v: Value) {
                if let Value::Key(k) = v
                    && let Some(x) = <$t>::from_key(&k)
                {
                    *self = x;
                }
            }
        }
    )+};
}
keyed_slot!(Sex, Source, Status, ExitLegality, IdentificationBasis);

/// One field of the case form.
pub struct Field {
    /// The stable key: the form's, the validation's and the draft's.
    pub key: &'static str,
    /// The widget id of its input in the window.
    pub widget: &'static str,
    /// The Fluent id of its label.
    pub label: &'static str,
    /// The place of the value in the record (a JSON path, for the classification).
    pub path: &'static str,
    pub section: Section,
    /// Fields with the same row number in a section stand side by side.
    pub row: u8,
    /// A heading shown above the field (the Fluent id), where a group starts.
    pub heading: Option<&'static str>,
    pub kind: Kind,
    pub required: Required,
    pub sensitivity: Sensitivity,
    pub get: fn(&CaseRecord) -> Value,
    pub set: fn(&mut CaseRecord, Value),
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

macro_rules! field {
    ($key:literal, $label:literal, $section:ident/$row:literal, $heading:expr, $kind:expr,
     $req:expr, $sens:expr, |$c:ident| $($place:ident).+) => {
        Field {
            key: $key,
            widget: concat!("case-", $key),
            label: $label,
            path: stringify!($($place).+),
            section: Section::$section,
            row: $row,
            heading: $heading,
            kind: $kind,
            required: $req,
            sensitivity: $sens,
            get: |$c: &CaseRecord| Slot::get(&$c.$($place).+),
            set: |$c: &mut CaseRecord, v: Value| Slot::put(&mut $c.$($place).+, v),
        }
    };
}

use Clean::{Country, Digits, Ethnic, Line, Upper};
use Kind::*;
use Sensitive as S;
use Sensitivity::{Basic, None as NotPersonal, Sensitive as Sens};

/// Every field of the case form, in form order.
#[rustfmt::skip]
pub static FIELDS: &[Field] = &[
    // Identity
    field!("full_name", "case-full-name", Identity/0, Some("case-identity"), Text(Line), Required::Always, Basic, |c| identity.full_name),
    field!("other_names", "case-other-names", Identity/0, None, Text(Line), Required::No, Basic, |c| identity.other_names),
    field!("sex", "case-sex", Identity/1, None, Choice(ChoiceList::Sex), Required::From(Status::Screened), Basic, |c| identity.sex),
    field!("birth_date", "case-birth-date", Identity/1, None, Date, Required::No, Basic, |c| identity.birth_date),
    field!("birth_year", "case-birth-year", Identity/1, None, Year, Required::No, Basic, |c| identity.birth_year),
    field!("age_estimate", "case-age-estimate", Identity/1, None, Age, Required::No, Basic, |c| identity.age_estimate),
    field!("age_uncertain", "case-age-uncertain", Identity/2, None, Flag, Required::No, Basic, |c| identity.age_uncertain),
    field!("id_number", "case-id-number", Identity/3, None, Text(Digits), Required::No, Basic, |c| identity.id_number),
    field!("passport_number", "case-passport", Identity/3, None, Text(Upper), Required::No, Basic, |c| identity.passport_number),
    field!("old_id_number", "case-old-id-number", Identity/3, None, Text(Digits), Required::No, Basic, |c| identity.old_id_number),
    field!("phone", "case-phone", Identity/3, None, Text(Line), Required::No, Basic, |c| identity.phone),
    field!("ethnicity", "case-ethnicity", Identity/4, None, Text(Ethnic), Required::No, Sens(S::EthnicOrigin), |c| identity.ethnicity),
    field!("nationality", "case-nationality", Identity/4, None, Text(Country), Required::No, Basic, |c| identity.nationality),
    field!("passport_country", "case-passport-country", Identity/4, None, Text(Country), Required::No, Basic, |c| identity.passport_country),
    field!("source", "case-source", Identity/5, Some("case-reception"), Choice(ChoiceList::Source), Required::No, NotPersonal, |c| source),
    field!("received_on", "case-received-on", Identity/5, None, Date, Required::Always, NotPersonal, |c| received_on),
    field!("gate", "case-gate", Identity/5, None, Gate, Required::No, NotPersonal, |c| gate_id),
    field!("place", "case-place", Identity/5, None, Text(Line), Required::No, NotPersonal, |c| place),
    // Address and family
    field!("as_on_papers", "case-as-on-papers", AddressFamily/0, Some("case-address"), Multiline, Required::No, Basic, |c| address.as_on_papers),
    field!("province", "case-province", AddressFamily/1, None, Province, Required::From(Status::Referred), Basic, |c| address.province_code),
    field!("commune", "case-commune", AddressFamily/1, None, Commune, Required::No, Basic, |c| address.commune_code),
    field!("address_detail", "case-address-detail", AddressFamily/2, None, Text(Line), Required::No, Basic, |c| address.detail),
    field!("family_name", "case-family-name", AddressFamily/3, Some("case-family"), Text(Line), Required::No, Sens(S::PrivateLife), |c| family.name),
    field!("family_relation", "case-family-relation", AddressFamily/3, None, Text(Line), Required::No, Sens(S::PrivateLife), |c| family.relation),
    field!("family_phone", "case-family-phone", AddressFamily/3, None, Text(Line), Required::No, Sens(S::PrivateLife), |c| family.phone),
    field!("family_address", "case-family-address", AddressFamily/4, None, Multiline, Required::No, Sens(S::PrivateLife), |c| family.address),
    // Language and journey
    field!("language", "case-language-spoken", Journey/0, Some("case-language"), Text(Line), Required::No, Basic, |c| language.language),
    field!("interpreter", "case-interpreter", Journey/0, None, Text(Line), Required::No, Basic, |c| language.interpreter),
    field!("interpreter_needed", "case-interpreter-needed", Journey/1, None, Flag, Required::No, Basic, |c| language.interpreter_needed),
    field!("exit_date", "case-exit-date", Journey/2, Some("case-journey"), Date, Required::No, Sens(S::CrimeData), |c| journey.exit_date),
    field!("exit_gate", "case-exit-gate", Journey/2, None, Text(Line), Required::No, Sens(S::CrimeData), |c| journey.exit_gate),
    field!("exit_legality", "case-exit-legality", Journey/2, None, Choice(ChoiceList::ExitLegality), Required::No, Sens(S::CrimeData), |c| journey.exit_legality),
    field!("destination_country", "case-destination-country", Journey/3, None, Text(Country), Required::No, Sens(S::Location), |c| journey.destination_country),
    field!("destination_place", "case-destination-place", Journey/3, None, Text(Line), Required::No, Sens(S::Location), |c| journey.destination_place),
    field!("months_abroad", "case-months-abroad", Journey/3, None, Months, Required::No, Sens(S::Location), |c| journey.months_abroad),
    field!("employer", "case-employer", Journey/4, None, Text(Line), Required::No, Sens(S::CrimeData), |c| journey.employer),
    field!("work_done", "case-work-done", Journey/4, None, Multiline, Required::No, Sens(S::CrimeData), |c| journey.work_done),
    field!("how_recruited", "case-how-recruited", Journey/5, None, Multiline, Required::No, Sens(S::CrimeData), |c| journey.how_recruited),
    field!("recruiter_contacts", "case-recruiter-contacts", Journey/5, None, Multiline, Required::No, Sens(S::CrimeData), |c| journey.recruiter_contacts),
    field!("how_returned", "case-how-returned", Journey/6, None, Multiline, Required::No, Sens(S::CrimeData), |c| journey.how_returned),
    // Health and needs
    field!("condition", "case-condition", Health/0, Some("case-health"), Multiline, Required::No, Sens(S::Health), |c| health.condition),
    field!("injuries", "case-injuries", Health/1, None, Multiline, Required::No, Sens(S::Health), |c| health.injuries),
    field!("pregnant", "case-pregnant", Health/2, None, Flag, Required::No, Sens(S::Health), |c| health.pregnant),
    field!("immediate_needs", "case-needs", Health/3, None, Multiline, Required::No, Sens(S::Health), |c| health.immediate_needs),
    // Support, documents and wishes
    field!("meals", "case-meals", Support/0, Some("case-support"), Count { max: 10_000 }, Required::No, NotPersonal, |c| support.meals),
    field!("clothing_sets", "case-clothing", Support/0, None, Count { max: 1_000 }, Required::No, NotPersonal, |c| support.clothing_sets),
    field!("shelter_days", "case-shelter-days", Support/0, None, Count { max: 10_000 }, Required::No, NotPersonal, |c| support.shelter_days),
    field!("medical", "case-medical", Support/1, None, Flag, Required::No, Sens(S::Health), |c| support.medical),
    field!("travel", "case-travel", Support/1, None, Flag, Required::No, NotPersonal, |c| support.travel),
    field!("interpretation", "case-interpretation", Support/1, None, Flag, Required::No, NotPersonal, |c| support.interpretation),
    field!("support_other", "case-support-other", Support/2, None, Multiline, Required::No, NotPersonal, |c| support.other),
    field!("children", "case-children", Support/3, Some("case-children-documents"), List, Required::No, Basic, |c| children),
    field!("documents", "case-documents", Support/4, None, Multiline, Required::No, Basic, |c| documents),
    field!("wishes", "case-wishes", Support/5, None, Multiline, Required::No, Sens(S::PrivateLife), |c| wishes),
    // Status and deadlines
    field!("status", "case-status", Status/0, Some("case-status"), Choice(ChoiceList::Status), Required::No, NotPersonal, |c| status),
    field!("verification_requested_on", "case-verification-on", Status/0, None, Date, Required::No, NotPersonal, |c| verification_requested_on),
    field!("identified_on", "case-identified-on", Status/0, None, Date, Required::No, NotPersonal, |c| identified_on),
    field!("identification_basis", "case-identification-basis", Status/1, Some("case-identification"), Choice(ChoiceList::IdentificationBasis), Required::No, Sens(S::CrimeData), |c| identification.basis),
    field!("identification_document_type", "case-identification-document-type", Status/1, None, Text(Line), Required::No, Sens(S::CrimeData), |c| identification.document_type),
    field!("identification_issuer", "case-identification-issuer", Status/2, None, Text(Line), Required::No, Sens(S::CrimeData), |c| identification.issuer),
    field!("identification_number", "case-identification-number", Status/2, None, Text(Line), Required::No, Sens(S::CrimeData), |c| identification.number),
    // An administrative fine for illegal exit, and a wanted person handed to the police
    field!("fine_decision_number", "case-fine-decision-number", Status/3, Some("case-fine"), Text(Line), Required::No, Sens(S::CrimeData), |c| fine.decision_number),
    field!("fine_decided_on", "case-fine-decided-on", Status/3, None, Date, Required::No, Sens(S::CrimeData), |c| fine.decided_on),
    field!("fine_amount", "case-fine-amount", Status/3, None, Count { max: 999_999_999 }, Required::No, Sens(S::CrimeData), |c| fine.amount),
    field!("wanted_handed_to_police", "case-wanted-handed", Status/4, None, Flag, Required::No, Sens(S::CrimeData), |c| wanted_handed_to_police),
    field!("notes", "case-notes", Status/5, None, Multiline, Required::No, Sens(S::PrivateLife), |c| notes),
];

/// Parts of the record that are not typed in the form: identifiers and links
/// the app keeps, with their classification (see the completeness test).
pub static SYSTEM_FIELDS: &[(&str, Sensitivity)] = &[
    ("id", NotPersonal),
    ("number", NotPersonal),
    ("person_id", NotPersonal),
    ("batch_id", NotPersonal),
];

/// The field with this key.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The fields of one section, in order.
pub fn in_section(s: Section) -> impl Iterator<Item = &'static Field> {
    FIELDS.iter().filter(move |f| f.section == s)
}

/// The section that holds a field key (validation errors name keys).
pub fn section_of(key: &str) -> Section {
    field(key).map(|f| f.section).unwrap_or(Section::Identity)
}

/// The sensitive fields that hold something in this record.
pub fn sensitive_filled(c: &CaseRecord) -> Vec<&'static str> {
    FIELDS
        .iter()
        .filter(|f| f.sensitivity.is_sensitive() && !is_empty(&(f.get)(c)))
        .map(|f| f.key)
        .collect()
}

/// The categories of sensitive data this record holds (what an export that
/// carries it records in the audit log).
pub fn sensitive_categories(c: &CaseRecord) -> Vec<Sensitive> {
    let mut out: Vec<Sensitive> = Vec::new();
    for f in FIELDS {
        if let Sensitivity::Sensitive(s) = f.sensitivity
            && !is_empty(&(f.get)(c))
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Text(s) => s.trim().is_empty(),
        Value::Date(d) => d.is_none(),
        Value::Int(n) => n.is_none(),
        Value::Flag(b) => !b,
        Value::Key(k) => k == "unknown",
        Value::List(l) => l.is_empty(),
    }
}

/// What the officer typed, by field key, as typed: what a draft keeps.
pub type Typed = BTreeMap<String, String>;

/// The typed form of a value (what the form shows).
pub fn to_typed(kind: Kind, v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Date(d) => d.map(dates::format_dmy).unwrap_or_default(),
        Value::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        Value::Flag(b) => if *b { "1" } else { "" }.to_string(),
        Value::Key(k) => k.clone(),
        Value::List(l) => {
            let _ = kind;
            l.join(", ")
        }
    }
}

/// Read a whole number as officers type it: digits, with spaces or dots as
/// thousands separators tolerated.
fn whole_number(s: &str) -> Option<i64> {
    let t: String = s.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 9 {
        return None;
    }
    t.parse().ok()
}

/// Read one typed value. An empty input is no value (its requirement is
/// checked with the whole record).
pub fn parse(kind: Kind, s: &str, today: NaiveDate) -> Result<Value, Problem> {
    let t = s.trim();
    Ok(match kind {
        Text(_) | Multiline => Value::Text(s.to_string()),
        Flag => Value::Flag(!t.is_empty() && t != "0" && t != "false"),
        Choice(_) => Value::Key(t.to_string()),
        List => Value::List(
            t.split([',', ';'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
        ),
        _ if t.is_empty() => match kind {
            Date => Value::Date(None),
            _ => Value::Int(None),
        },
        Date => Value::Date(Some(parse_date(t, today)?)),
        Year => {
            let y = (t.len() == 4).then(|| whole_number(t)).flatten();
            match y {
                None => return Err(Problem::NotAYear),
                Some(y) if y > i64::from(today.year()) => return Err(Problem::FutureDate),
                Some(y) if y < 1900 => return Err(Problem::TooOld),
                Some(y) => Value::Int(Some(y)),
            }
        }
        Age => match whole_number(t) {
            None => return Err(Problem::NotAnAge),
            Some(a) if a > 110 => return Err(Problem::AgeRange),
            Some(a) => Value::Int(Some(a)),
        },
        Months => match whole_number(t) {
            None => return Err(Problem::NotMonths),
            Some(m) if m > 1200 => return Err(Problem::OutOfRange { min: 0, max: 1200 }),
            Some(m) => Value::Int(Some(m)),
        },
        Count { max } => match whole_number(t) {
            None => return Err(Problem::NotANumber),
            Some(n) if n > i64::from(max) => return Err(Problem::OutOfRange { min: 0, max }),
            Some(n) => Value::Int(Some(n)),
        },
        Province | Commune | Gate => match t.parse::<i64>() {
            Ok(n) => Value::Int(Some(n)),
            Err(_) => return Err(Problem::UnknownProvince),
        },
    })
}

/// A past date typed dd/mm/yyyy, with the exact problem when it is not one.
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    dates::parse_past_dmy(s, today).map_err(|e| match e {
        dates::DateError::Format => Problem::NotADate,
        dates::DateError::Invalid => Problem::NoSuchDate,
        dates::DateError::Future => Problem::FutureDate,
        dates::DateError::TooOld => Problem::TooOld,
    })
}

/// The form's typed values of a record.
pub fn typed_from(c: &CaseRecord) -> Typed {
    FIELDS
        .iter()
        .map(|f| (f.key.to_string(), to_typed(f.kind, &(f.get)(c))))
        .collect()
}

/// Check one typed field on its own (when the officer leaves it): the
/// problem of its input, if any. Rules that need other fields wait for saving.
pub fn check_one(key: &str, typed: &str, today: NaiveDate) -> Option<Problem> {
    let f = field(key)?;
    match parse(f.kind, typed, today) {
        Err(p) => Some(p),
        Ok(v) if f.required == Required::Always && is_empty(&v) => Some(Problem::Required),
        Ok(_) => {
            // Formats that the record's validation checks, shown as soon as the field is left.
            let mut probe = CaseRecord::default();
            (f.set)(&mut probe, parse(f.kind, typed, today).ok()?);
            probe.normalize();
            super::case::validate_formats(&probe)
                .into_iter()
                .find(|e| e.field == key)
                .map(|e| e.problem)
        }
    }
}

/// The record the typed form describes (over `base`, which keeps what the
/// form does not show), normalised and validated; or every problem found.
pub fn record_from(
    base: &CaseRecord,
    typed: &Typed,
    today: NaiveDate,
) -> Result<CaseRecord, Vec<FieldError>> {
    let mut c = base.clone();
    let mut errors = Vec::new();
    for f in FIELDS {
        let s = typed.get(f.key).map(String::as_str).unwrap_or("");
        match parse(f.kind, s, today) {
            Ok(v) => (f.set)(&mut c, v),
            Err(problem) => errors.push(FieldError {
                field: f.key,
                problem,
            }),
        }
    }
    c.normalize();
    // Fields that could not be read are not checked again by the record's
    // rules, and an age typed but unreadable is not also "missing".
    let age_unread = errors
        .iter()
        .any(|e| matches!(e.field, "birth_date" | "birth_year" | "age_estimate"));
    for e in super::case::validate(&c, today) {
        let repeats = errors.iter().any(|x| x.field == e.field);
        let unread_age_missing = age_unread && e.problem == Problem::AgeMissing;
        if !(repeats || unread_age_missing) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(c)
    } else {
        errors.sort_by_key(|e| FIELDS.iter().position(|f| f.key == e.field));
        Err(errors)
    }
}

/// Clean every text field of a record as its kind says (NFC, trimmed…).
pub fn normalize_texts(c: &mut CaseRecord) {
    for f in FIELDS {
        let cleaned = match ((f.get)(c), f.kind) {
            (Value::Text(s), Text(Line)) => Value::Text(text::clean_line(&s)),
            (Value::Text(s), Text(Digits)) => Value::Text(text::digits(&s)),
            (Value::Text(s), Text(Upper)) => Value::Text(text::alnum_upper(&s)),
            (Value::Text(s), Text(Country)) => Value::Text(super::lists::canonical_country(&s)),
            (Value::Text(s), Text(Ethnic)) => Value::Text(super::lists::canonical_ethnic_group(&s)),
            (Value::Text(s), Multiline) => Value::Text(text::clean_text(&s)),
            (Value::List(l), List) => Value::List(
                l.iter()
                    .map(|x| text::clean_line(x))
                    .filter(|x| !x.is_empty())
                    .collect(),
            ),
            _ => continue,
        };
        (f.set)(c, cleaned);
    }
}

/// What the age fields alone say about the person, for the hint beside them
/// (the rest of a half-typed form does not change it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeHint {
    /// Nothing typed yet, or the age fields cannot be read yet.
    None,
    Age(u32),
    /// Under 16 (trẻ em).
    Under16,
    /// 16 or 17.
    Under18,
    /// Of uncertain age and possibly under 18: treated as under 18.
    PresumedMinor,
}

pub fn age_hint(typed: &Typed, today: NaiveDate) -> AgeHint {
    let get = |k: &str| typed.get(k).map(String::as_str).unwrap_or("");
    let mut probe = CaseRecord {
        received_on: parse_date(get("received_on"), today).ok().or(Some(today)),
        ..CaseRecord::default()
    };
    for key in ["birth_date", "birth_year", "age_estimate", "age_uncertain"] {
        if let Some(f) = field(key)
            && let Ok(v) = parse(f.kind, get(key), today)
        {
            (f.set)(&mut probe, v);
        }
    }
    // The same reading as the screening rule's (an uncertain age read two
    // years lower, the presumption of minority).
    let r = probe.age_reading();
    match (probe.age(), r.band) {
        (_, _) if r.presumed_child => AgeHint::PresumedMinor,
        (None, _) => AgeHint::None,
        (Some(_), super::screening::AgeBand::Under16) => AgeHint::Under16,
        (Some(_), super::screening::AgeBand::From16To17) => AgeHint::Under18,
        (Some(a), _) => AgeHint::Age(a),
    }
}

/// The communes of a province for the commune field.
pub fn commune_valid(province: Option<u32>, commune: u32) -> bool {
    province
        .and_then(places::province)
        .and_then(|p| p.commune(commune))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::today;

    fn typed(pairs: &[(&str, &str)]) -> Typed {
        let mut t = typed_from(&CaseRecord {
            received_on: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
            ..CaseRecord::default()
        });
        for (k, v) in pairs {
            t.insert(k.to_string(), v.to_string());
        }
        t
    }

    fn problems(t: &Typed) -> Vec<(&'static str, Problem)> {
        match record_from(&CaseRecord::default(), t, today()) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn keys_and_widget_ids_are_unique() {
        let mut keys: Vec<_> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
        assert!(FIELDS.iter().all(|f| f.widget == format!("case-{}", f.key)));
    }

    #[test]
    fn each_bad_input_names_its_own_problem() {
        let base = [("full_name", "Lê Văn Bình"), ("birth_year", "1990")];
        let cases: &[(&str, &str, Problem)] = &[
            ("meals", "ba", Problem::NotANumber),
            ("shelter_days", "-2", Problem::NotANumber),
            (
                "meals",
                "20000",
                Problem::OutOfRange {
                    min: 0,
                    max: 10_000,
                },
            ),
            ("months_abroad", "2 năm", Problem::NotMonths),
            ("birth_date", "32/13/2026", Problem::NoSuchDate),
            ("birth_date", "31/02/2001", Problem::NoSuchDate),
            ("exit_date", "2025-03-15", Problem::NotADate),
            ("exit_date", "hôm qua", Problem::NotADate),
            ("birth_year", "90", Problem::NotAYear),
            ("age_estimate", "hai mươi", Problem::NotAnAge),
            ("received_on", "01/01/2027", Problem::FutureDate),
        ];
        for (key, input, want) in cases {
            let mut t = typed(&base);
            t.insert(key.to_string(), input.to_string());
            let got = problems(&t);
            assert_eq!(
                got.iter().find(|(k, _)| k == key).map(|(_, p)| *p),
                Some(*want),
                "{key} = {input:?}: {got:?}"
            );
            assert_eq!(got.len(), 1, "{key} = {input:?} gives one problem: {got:?}");
        }
    }

    #[test]
    fn required_name_and_a_good_record() {
        let t = typed(&[("birth_year", "1990")]);
        assert_eq!(problems(&t), vec![("full_name", Problem::Required)]);
        let t = typed(&[
            ("full_name", "  Nguyễn   Thị Hoa "),
            ("birth_year", "1990"),
            ("meals", "3"),
            ("id_number", "079 123 456 789"),
            ("children", "HS-1, HS-2"),
        ]);
        let c = record_from(&CaseRecord::default(), &t, today()).unwrap();
        assert_eq!(c.identity.full_name, "Nguyễn Thị Hoa");
        assert_eq!(c.support.meals, 3);
        assert_eq!(c.identity.id_number, "079123456789");
        assert_eq!(c.children, vec!["HS-1", "HS-2"]);
        // And back: the form shows what was stored.
        let back = typed_from(&c);
        assert_eq!(back["full_name"], "Nguyễn Thị Hoa");
        assert_eq!(back["meals"], "3");
        assert_eq!(back["received_on"], "20/11/2026");
    }

    #[test]
    fn one_field_checked_when_left() {
        assert_eq!(check_one("meals", "ba", today()), Some(Problem::NotANumber));
        assert_eq!(
            check_one("id_number", "0791", today()),
            Some(Problem::CccdDigits)
        );
        assert_eq!(check_one("id_number", "079123456789", today()), None);
        assert_eq!(
            check_one("full_name", " ", today()),
            Some(Problem::Required)
        );
        assert_eq!(check_one("other_names", "", today()), None);
    }

    #[test]
    fn the_age_hint_reads_only_the_age_fields() {
        let t = typed(&[("birth_year", "2012"), ("id_number", "07")]);
        assert_eq!(age_hint(&t, today()), AgeHint::Under16);
        let t = typed(&[("birth_year", "2009")]);
        assert_eq!(age_hint(&t, today()), AgeHint::Under18);
        let t = typed(&[("age_estimate", "19"), ("age_uncertain", "1")]);
        assert_eq!(age_hint(&t, today()), AgeHint::PresumedMinor);
        let t = typed(&[("birth_year", "1990"), ("meals", "ba")]);
        assert_eq!(age_hint(&t, today()), AgeHint::Age(36));
        assert_eq!(age_hint(&typed(&[]), today()), AgeHint::None);
    }

    /// Every leaf of a case record is in the classification: a field added to
    /// `CaseRecord` without a line in `FIELDS` or `SYSTEM_FIELDS` fails here.
    #[test]
    fn every_field_of_the_record_is_classified() {
        let all = crate::domain::testing::leaf_paths(
            &serde_json::to_value(CaseRecord::default()).unwrap(),
        );
        let known: Vec<String> = FIELDS
            .iter()
            .map(|f| f.path.replace(' ', ""))
            .chain(SYSTEM_FIELDS.iter().map(|(p, _)| p.to_string()))
            .collect();
        for leaf in &all {
            assert!(known.contains(leaf), "{leaf} is not classified");
        }
        for k in &known {
            assert!(all.contains(k), "{k} is classified but not in the record");
        }
        // The categories the law names are present.
        for s in [S::EthnicOrigin, S::Health, S::CrimeData, S::PrivateLife] {
            assert!(FIELDS.iter().any(|f| f.sensitivity == Sens(s)));
        }
    }
}

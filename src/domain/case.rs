//! A case: one person, one reception. The person's identity as recorded at
//! this reception, the journey, health, needs, support and wishes.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates;
use super::screening::{AgeBand, AgeReading};
use super::text;

macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            #[default]
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            pub fn from_key(s: &str) -> Option<$name> {
                match s {
                    $($key => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

keyed_enum!(
    /// Sex as recorded.
    Sex { Unknown => "unknown", Male => "male", Female => "female", Other => "other" }
);

keyed_enum!(
    /// How the person came to the unit.
    Source {
        HandedOver => "handed_over",
        Rescued => "rescued",
        SelfReturned => "self_returned",
        Hotline111 => "hotline_111",
        OtherAgency => "other_agency",
    }
);

keyed_enum!(
    /// Where a case is in the chain.
    Status {
        Received => "received",
        Screened => "screened",
        BeingIdentified => "being_identified",
        Referred => "referred",
        HandedOver => "handed_over",
        Released => "released",
        Closed => "closed",
    }
);

keyed_enum!(
    /// How the person left Vietnam.
    ExitLegality { Unknown => "unknown", Legal => "legal", Irregular => "irregular" }
);

keyed_enum!(
    /// What identified the person as a victim (Law 53/2024): none yet, a
    /// confirming document of art. 33 (e.g. a foreign authority's
    /// confirmation, a court or prosecution document), or the
    /// identification decision of art. 32.
    IdentificationBasis {
        None => "none",
        Art33Document => "art33_document",
        Art32Decision => "art32_decision",
    }
);

impl Sex {
    /// Read a sex as typed in a quick-entry cell: "nam", "nữ", "nu", "m", "f", "khác".
    pub fn parse_typed(s: &str) -> Option<Sex> {
        match super::text::fold(s).as_str() {
            "nam" | "m" | "male" | "trai" => Some(Sex::Male),
            "nu" | "f" | "female" | "gai" | "n" => Some(Sex::Female),
            "khac" | "other" | "k" => Some(Sex::Other),
            _ => None,
        }
    }
}

impl Status {
    /// The order of the chain (for "at least screened" checks).
    pub fn rank(self) -> u8 {
        match self {
            Status::Received => 0,
            Status::Screened => 1,
            Status::BeingIdentified => 2,
            Status::Referred => 3,
            Status::HandedOver => 4,
            Status::Released => 4,
            Status::Closed => 5,
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Status::Closed | Status::Released)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    pub full_name: String,
    pub other_names: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub age_estimate: Option<u32>,
    pub age_uncertain: bool,
    pub ethnicity: String,
    pub nationality: String,
    pub id_number: String,
    /// The old 9-digit ID (CMND) number, as a chip-based CCCD carries it.
    pub old_id_number: String,
    pub passport_number: String,
    /// The country that issued the passport (a name from the country list,
    /// or "khác: …").
    pub passport_country: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    /// The address as written on the person's papers.
    pub as_on_papers: String,
    pub province_code: Option<u32>,
    pub commune_code: Option<u32>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FamilyContact {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LanguageNeeds {
    pub language: String,
    pub interpreter_needed: bool,
    pub interpreter: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Journey {
    pub exit_date: Option<NaiveDate>,
    pub exit_gate: String,
    pub exit_legality: ExitLegality,
    pub destination_country: String,
    pub destination_place: String,
    pub employer: String,
    pub work_done: String,
    pub how_recruited: String,
    pub recruiter_contacts: String,
    pub months_abroad: Option<u32>,
    pub how_returned: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Health {
    pub condition: String,
    pub injuries: String,
    pub pregnant: bool,
    pub immediate_needs: String,
}

/// Support given (first support at the border).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Support {
    pub meals: u32,
    pub clothing_sets: u32,
    pub shelter_days: u32,
    pub medical: bool,
    pub travel: bool,
    pub interpretation: bool,
    pub other: String,
}

impl Support {
    pub fn any(&self) -> bool {
        self.meals > 0
            || self.clothing_sets > 0
            || self.shelter_days > 0
            || self.medical
            || self.travel
            || self.interpretation
            || !self.other.trim().is_empty()
    }
}

/// The document or decision that identified the person as a victim.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Identification {
    pub basis: IdentificationBasis,
    /// The kind of confirming document (art. 33), e.g. "Văn bản xác nhận của
    /// cơ quan có thẩm quyền nước ngoài".
    pub document_type: String,
    pub issuer: String,
    pub number: String,
}

/// Everything recorded about one reception of one person.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseRecord {
    pub id: String,
    pub number: String,
    pub person_id: String,
    pub batch_id: Option<String>,
    pub status: Status,
    pub source: Source,
    pub received_on: Option<NaiveDate>,
    pub gate_id: Option<i64>,
    pub place: String,
    pub identity: Identity,
    pub address: Address,
    pub family: FamilyContact,
    pub language: LanguageNeeds,
    pub journey: Journey,
    pub health: Health,
    /// Case numbers of accompanying children (their own cases).
    pub children: Vec<String>,
    pub documents: String,
    pub wishes: String,
    pub support: Support,
    pub notes: String,
    /// The date the verification request was sent (deadline: 3 days after reception).
    pub verification_requested_on: Option<NaiveDate>,
    /// The date the person was identified as a victim (decides the legal regime).
    pub identified_on: Option<NaiveDate>,
    /// What identified the person as a victim (with `identified_on` its date).
    pub identification: Identification,
    /// An administrative fine for leaving the country illegally.
    pub fine: Fine,
    /// A wanted person, handed to the police.
    pub wanted_handed_to_police: bool,
}

/// An administrative fine decision (for illegal exit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Fine {
    pub decision_number: String,
    pub decided_on: Option<NaiveDate>,
    /// In đồng.
    pub amount: u32,
}

impl Fine {
    pub fn is_empty(&self) -> bool {
        self.decision_number.trim().is_empty() && self.decided_on.is_none() && self.amount == 0
    }

    /// "Bị phạt vi phạm hành chính 4.000.000 đồng (QĐ số 12/QĐ-XPHC ngày 05/03/2024)".
    pub fn paper_text(&self) -> String {
        let mut s = "Bị xử phạt vi phạm hành chính".to_string();
        if self.amount > 0 {
            s.push_str(&format!(" {} đồng", thousands(i64::from(self.amount))));
        }
        let mut d = Vec::new();
        if !self.decision_number.trim().is_empty() {
            d.push(format!("QĐ số {}", self.decision_number.trim()));
        }
        if let Some(on) = self.decided_on {
            d.push(format!("ngày {}", dates::format_dmy(on)));
        }
        if !d.is_empty() {
            s.push_str(&format!(" ({})", d.join(" ")));
        }
        s
    }
}

/// "4.000.000": thousands separated by dots, as Vietnamese papers write sums
/// and counts.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::from(if n < 0 { "-" } else { "" });
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Remove from `v` every member equal to the same member of `default`,
/// descending into objects present in both (arrays are kept whole).
fn strip_defaults(v: &mut serde_json::Value, default: &serde_json::Value) {
    if let (serde_json::Value::Object(m), serde_json::Value::Object(d)) = (v, default) {
        m.retain(|k, x| d.get(k) != Some(x));
        for (k, x) in m.iter_mut() {
            if let Some(dx) = d.get(k) {
                strip_defaults(x, dx);
            }
        }
    }
}

impl CaseRecord {
    /// The record as the vault stores it: JSON without the members that
    /// hold their default (empty text, `false`, `null`, 0, the default
    /// choice), which `#[serde(default)]` on every part of the record
    /// restores when it is read. A demo case shrinks from about 1.7 KB to
    /// 1.0 KB, so two case rows fit in a 4 KiB page instead of one.
    pub fn stored_json(&self) -> String {
        static DEFAULT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
        let default = DEFAULT.get_or_init(|| {
            serde_json::to_value(CaseRecord::default()).unwrap_or(serde_json::Value::Null)
        });
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        strip_defaults(&mut v, default);
        v.to_string()
    }

    /// The age at reception, from the birth date, the birth year or the estimate.
    pub fn age(&self) -> Option<u32> {
        self.age_on(self.received_on?)
    }

    /// The age on `day`: from the birth date or year, or the estimate made
    /// at reception older by the years since.
    pub fn age_on(&self, day: NaiveDate) -> Option<u32> {
        let id = &self.identity;
        if let Some(b) = id.birth_date {
            return Some(dates::age_on(b, day));
        }
        if let Some(y) = id.birth_year {
            return Some((day.year() - y).max(0) as u32);
        }
        id.age_estimate.map(|a| match self.received_on {
            Some(r) if day > r => a + dates::age_on(r, day),
            _ => a,
        })
    }

    /// The age as the law reads it (effective age, band, presumption of
    /// minority): the same reading as the screening rule's.
    pub fn age_reading(&self) -> AgeReading {
        AgeReading::new(self.age(), self.identity.age_uncertain)
    }

    /// The same reading of the age on `day` (see [`Self::age_on`]).
    pub fn age_reading_on(&self, day: NaiveDate) -> AgeReading {
        AgeReading::new(self.age_on(day), self.identity.age_uncertain)
    }

    /// Under 16, 16–17, 18 and over, or unknown, by the effective age (an
    /// uncertain age is read two years lower).
    pub fn age_band(&self) -> AgeBand {
        self.age_reading().band
    }

    /// Under 16: a child ("trẻ em", Law on Children 2016).
    pub fn is_under_16(&self) -> bool {
        self.age_reading().under_16()
    }

    /// Under 18 ("người dưới 18 tuổi", Law 53/2024), or of uncertain age that
    /// may be under 18 (the presumption of minority): the child lists apply.
    pub fn is_under_18(&self) -> bool {
        self.age_reading().under_18()
    }

    /// The same as [`Self::is_under_18`] (the name older callers use; it does
    /// not mean "trẻ em", which is [`Self::is_under_16`]).
    pub fn is_child(&self) -> bool {
        self.is_under_18()
    }

    /// A foreign national or a stateless person (by the nationality recorded;
    /// an empty nationality is read as Vietnamese).
    pub fn is_foreign(&self) -> bool {
        !matches!(
            super::lists::country_key(&self.identity.nationality).as_str(),
            "" | "VN"
        )
    }

    /// Identified as a victim: an art. 33 confirming document or an art. 32
    /// identification decision is recorded ("nạn nhân đã được xác định").
    pub fn is_identified(&self) -> bool {
        self.identification.basis != IdentificationBasis::None
    }

    /// Of uncertain age near 18: the officer should treat the person as a possible child.
    pub fn possibly_child(&self) -> bool {
        self.is_child() || (self.identity.age_uncertain && self.age().is_some_and(|a| a < 21))
    }

    /// The birth year, exact or derived from the estimate (for duplicate checks).
    pub fn birth_year_approx(&self) -> Option<i32> {
        if let Some(b) = self.identity.birth_date {
            return Some(b.year());
        }
        if let Some(y) = self.identity.birth_year {
            return Some(y);
        }
        let on = self.received_on?;
        self.identity.age_estimate.map(|a| on.year() - a as i32)
    }

    /// NFC everywhere, single-line fields trimmed, numbers in their canonical
    /// form: each text field as its kind in `fields::FIELDS` says.
    pub fn normalize(&mut self) {
        if self
            .batch_id
            .as_deref()
            .is_some_and(|b| b.trim().is_empty())
        {
            self.batch_id = None;
        }
        super::fields::normalize_texts(self);
    }

    /// The folded text the search index holds: names, numbers, phone.
    pub fn search_text(&self) -> String {
        let id = &self.identity;
        let mut parts = vec![
            text::fold(&id.full_name),
            text::fold(&id.other_names),
            text::fold(&self.number),
            id.id_number.clone(),
            id.passport_number.to_lowercase(),
        ];
        let phone = text::digits(&id.phone);
        if !phone.is_empty() {
            parts.push(phone);
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }
}

/// A problem with one field, as a stable key the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    /// Not written dd/mm/yyyy.
    NotADate,
    /// Written dd/mm/yyyy, but no such day (32/13/2026).
    NoSuchDate,
    /// A count that is not a whole number from 0.
    NotANumber,
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// A year not written with four digits.
    NotAYear,
    /// An age that is not a whole number of years.
    NotAnAge,
    /// A duration that is not a whole number of months.
    NotMonths,
    /// A time not written hh:mm.
    NotATime,
    /// A sex not recognised (nam / nữ / khác).
    NotASex,
    CccdDigits,
    PassportFormat,
    PhoneFormat,
    FutureDate,
    TooOld,
    AgeRange,
    AgeMissing,
    BirthConflict,
    ExitAfterReception,
    CommuneOutsideProvince,
    UnknownProvince,
}

impl Problem {
    pub fn key(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::NotADate => "not_a_date",
            Problem::NoSuchDate => "no_such_date",
            Problem::NotANumber => "not_a_number",
            Problem::OutOfRange { .. } => "out_of_range",
            Problem::NotAYear => "not_a_year",
            Problem::NotAnAge => "not_an_age",
            Problem::NotMonths => "not_months",
            Problem::NotATime => "not_a_time",
            Problem::NotASex => "not_a_sex",
            Problem::CccdDigits => "cccd_digits",
            Problem::PassportFormat => "passport_format",
            Problem::PhoneFormat => "phone_format",
            Problem::FutureDate => "future_date",
            Problem::TooOld => "too_old",
            Problem::AgeRange => "age_range",
            Problem::AgeMissing => "age_missing",
            Problem::BirthConflict => "birth_conflict",
            Problem::ExitAfterReception => "exit_after_reception",
            Problem::CommuneOutsideProvince => "commune_outside_province",
            Problem::UnknownProvince => "unknown_province",
        }
    }
}

/// The format rules of single fields (numbers of ID cards, passports and
/// phones), which can be checked as soon as the field is left.
pub fn validate_formats(c: &CaseRecord) -> Vec<FieldError> {
    let mut e = Vec::new();
    let mut push = |field: &'static str, problem: Problem| e.push(FieldError { field, problem });
    let id = &c.identity;
    if !id.id_number.is_empty()
        && (id.id_number.len() != 12 || !id.id_number.chars().all(|c| c.is_ascii_digit()))
    {
        push("id_number", Problem::CccdDigits);
    }
    if !id.passport_number.is_empty() && !(6..=12).contains(&id.passport_number.len()) {
        push("passport_number", Problem::PassportFormat);
    }
    let phone = text::digits(&id.phone);
    if !id.phone.trim().is_empty() && !(8..=15).contains(&phone.len()) {
        push("phone", Problem::PhoneFormat);
    }
    let family_phone = text::digits(&c.family.phone);
    if !c.family.phone.trim().is_empty() && !(8..=15).contains(&family_phone.len()) {
        push("family_phone", Problem::PhoneFormat);
    }
    e
}

/// Validate a (normalized) case. Required fields grow with the status.
pub fn validate(c: &CaseRecord, today: NaiveDate) -> Vec<FieldError> {
    let mut e = validate_formats(c);
    let mut push = |field: &'static str, problem: Problem| e.push(FieldError { field, problem });
    let id = &c.identity;
    if id.full_name.is_empty() {
        push("full_name", Problem::Required);
    }
    if id.sex == Sex::Unknown && c.status.rank() >= Status::Screened.rank() {
        push("sex", Problem::Required);
    }
    match c.received_on {
        None => push("received_on", Problem::Required),
        Some(d) if d > today => push("received_on", Problem::FutureDate),
        _ => {}
    }
    if let Some(b) = id.birth_date {
        if b > today {
            push("birth_date", Problem::FutureDate);
        } else if b.year() < 1900 {
            push("birth_date", Problem::TooOld);
        }
        if id.birth_year.is_some_and(|y| y != b.year()) {
            push("birth_year", Problem::BirthConflict);
        }
    }
    if let Some(y) = id.birth_year {
        if y > today.year() {
            push("birth_year", Problem::FutureDate);
        } else if y < 1900 {
            push("birth_year", Problem::TooOld);
        }
    }
    if id.age_estimate.is_some_and(|a| a > 110) {
        push("age_estimate", Problem::AgeRange);
    }
    if id.birth_date.is_none()
        && id.birth_year.is_none()
        && id.age_estimate.is_none()
        && !id.age_uncertain
    {
        push("age_estimate", Problem::AgeMissing);
    }
    if let Some(x) = c.journey.exit_date {
        if x > today {
            push("exit_date", Problem::FutureDate);
        } else if c.received_on.is_some_and(|r| x > r) {
            push("exit_date", Problem::ExitAfterReception);
        }
    }
    if c.is_identified() {
        let ident = &c.identification;
        if c.identified_on.is_none() {
            push("identified_on", Problem::Required);
        }
        if ident.number.is_empty() {
            push("identification_number", Problem::Required);
        }
        if ident.issuer.is_empty() {
            push("identification_issuer", Problem::Required);
        }
        if ident.basis == IdentificationBasis::Art33Document && ident.document_type.is_empty() {
            push("identification_document_type", Problem::Required);
        }
    }
    for (field, d) in [
        ("verification_requested_on", c.verification_requested_on),
        ("identified_on", c.identified_on),
    ] {
        if d.is_some_and(|d| d > today) {
            push(field, Problem::FutureDate);
        }
    }
    if let (Some(p), Some(commune)) = (c.address.province_code, c.address.commune_code)
        && super::places::province(p)
            .and_then(|p| p.commune(commune))
            .is_none()
    {
        push("commune", Problem::CommuneOutsideProvince);
    }
    // Beyond screening, the referral and handover need to know where the
    // person goes in Vietnam (not asked of a foreign or stateless person).
    if c.status.rank() >= Status::Referred.rank() && c.status != Status::Released && !c.is_foreign()
    {
        if c.address.province_code.is_none() {
            push("province", Problem::Required);
        }
        if c.address.commune_code.is_none() && c.address.as_on_papers.is_empty() {
            push("commune", Problem::Required);
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::day;

    #[test]
    fn counts_and_sums_are_grouped_by_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1.000");
        assert_eq!(thousands(4_000_000), "4.000.000");
        assert_eq!(thousands(-12_345), "-12.345");
    }

    #[test]
    fn the_stored_form_leaves_out_defaults_and_reads_back_the_same() {
        let mut c = base();
        c.id = "c1".into();
        c.identity.full_name = "Nguyễn Thị Hoa".into();
        c.identity.age_uncertain = true;
        c.identity.nationality = "Campuchia".into();
        c.language.interpreter_needed = true;
        c.journey.months_abroad = Some(0);
        c.support.meals = 3;
        c.fine.amount = 2_000_000;
        c.wanted_handed_to_police = true;
        c.children = vec![Default::default()];
        let stored = c.stored_json();
        let back: CaseRecord = serde_json::from_str(&stored).unwrap();
        assert_eq!(back, c);
        // What holds its default is not written: no empty phone, no false
        // "pregnant", no null fine date; what differs from it is.
        assert!(!stored.contains("\"phone\""), "{stored}");
        assert!(!stored.contains("\"pregnant\""), "{stored}");
        assert!(!stored.contains("\"decided_on\""), "{stored}");
        assert!(stored.contains("\"months_abroad\":0"), "{stored}");
        assert!(stored.contains("\"interpreter_needed\":true"), "{stored}");
        let full = serde_json::to_string(&c).unwrap();
        assert!(
            stored.len() * 2 < full.len(),
            "{} vs {}",
            stored.len(),
            full.len()
        );
        // The default record is stored as nothing at all, and reads back.
        let empty = CaseRecord::default().stored_json();
        assert_eq!(empty, "{}");
        assert_eq!(
            serde_json::from_str::<CaseRecord>(&empty).unwrap(),
            CaseRecord::default()
        );
    }

    fn base() -> CaseRecord {
        CaseRecord {
            received_on: Some(day(2026, 11, 20)),
            identity: Identity {
                full_name: "Đặng Văn Đức".into(),
                sex: Sex::Male,
                birth_year: Some(2001),
                ..Identity::default()
            },
            ..CaseRecord::default()
        }
    }

    #[test]
    fn cccd_must_be_twelve_digits() {
        let today = day(2026, 11, 27);
        let mut c = base();
        c.identity.id_number = "07912345678".into();
        assert!(validate(&c, today).iter().any(|e| e.field == "id_number"));
        c.identity.id_number = "079 123 456 789".into();
        c.normalize();
        assert_eq!(c.identity.id_number, "079123456789");
        assert!(validate(&c, today).is_empty());
    }

    #[test]
    fn dates_not_in_the_future_and_age_known() {
        let today = day(2026, 11, 27);
        let mut c = base();
        c.identity.birth_year = None;
        assert!(
            validate(&c, today)
                .iter()
                .any(|e| e.problem == Problem::AgeMissing)
        );
        c.identity.age_uncertain = true;
        assert!(validate(&c, today).is_empty());
        assert!(c.is_child(), "uncertain age with no age: presumed child");
        c.identity.birth_date = Some(day(2027, 1, 1));
        assert!(
            validate(&c, today)
                .iter()
                .any(|e| e.field == "birth_date" && e.problem == Problem::FutureDate)
        );
        let mut c = base();
        c.journey.exit_date = Some(day(2026, 11, 25));
        assert!(
            validate(&c, today)
                .iter()
                .any(|e| e.problem == Problem::ExitAfterReception)
        );
    }

    #[test]
    fn ages_and_children() {
        let mut c = base();
        c.identity.birth_year = None;
        c.identity.birth_date = Some(day(2009, 11, 19));
        assert_eq!(c.age(), Some(17));
        assert!(c.is_child());
        assert!(!c.is_under_16());
        assert_eq!(c.age_band(), AgeBand::From16To17);
        c.identity.birth_date = None;
        // An uncertain estimate of 19 is read as 17: under 18 by presumption.
        c.identity.age_estimate = Some(19);
        c.identity.age_uncertain = true;
        assert!(c.is_child());
        assert!(c.is_under_18());
        assert!(c.age_reading().presumed_child);
        assert_eq!(c.age_band(), AgeBand::From16To17);
        assert!(c.possibly_child());
        assert_eq!(c.birth_year_approx(), Some(2007));
        // 21, uncertain: 19, an adult.
        c.identity.age_estimate = Some(21);
        assert!(!c.is_under_18());
        assert_eq!(c.age_band(), AgeBand::Adult);
        // 15 and certain: a child under 16.
        c.identity.age_estimate = Some(15);
        c.identity.age_uncertain = false;
        assert!(c.is_under_16() && c.is_under_18());
        assert_eq!(c.age_band(), AgeBand::Under16);
        // No age at all, not uncertain: unknown, not under 18.
        c.identity.age_estimate = None;
        assert_eq!(c.age_band(), AgeBand::Unknown);
        assert!(!c.is_under_18());
    }

    #[test]
    fn search_text_is_folded() {
        let mut c = base();
        c.number = "HS-2026-00017".into();
        c.identity.id_number = "079123456789".into();
        c.identity.phone = "0912 345 678".into();
        let s = c.search_text();
        assert!(s.contains("dang van duc"));
        assert!(s.contains("hs-2026-00017"));
        assert!(s.contains("0912345678"));
    }

    #[test]
    fn an_estimated_age_grows_with_the_years_since_reception() {
        let mut c = CaseRecord {
            received_on: Some(day(2024, 1, 10)),
            ..CaseRecord::default()
        };
        c.identity.age_estimate = Some(14);
        assert_eq!(c.age(), Some(14));
        assert_eq!(c.age_on(day(2026, 1, 9)), Some(15));
        assert_eq!(c.age_on(day(2026, 12, 1)), Some(16));
        c.identity.birth_year = Some(2010);
        assert_eq!(c.age_on(day(2026, 12, 1)), Some(16));
    }
}

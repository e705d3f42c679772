//! A reception batch: one handover (or rescue) at a gate, with its people.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::case::{CaseRecord, FieldError, Identity, Problem, Sex, Source};
use super::{dates, text};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchRecord {
    pub id: String,
    pub number: String,
    pub received_at: Option<NaiveDateTime>,
    pub gate_id: Option<i64>,
    /// The place, when the gate is "other" (or a detail such as the border marker).
    pub place: String,
    /// The handing-over party (e.g. the foreign police unit).
    pub handing_party: String,
    pub receiving_officers: String,
    pub receiving_units: String,
    /// Documents and belongings handed over with the people.
    pub documents: String,
    pub notes: String,
    pub source: Source,
}

impl BatchRecord {
    pub fn normalize(&mut self) {
        for s in [&mut self.place, &mut self.handing_party] {
            *s = text::clean_line(s);
        }
        for s in [
            &mut self.receiving_officers,
            &mut self.receiving_units,
            &mut self.documents,
            &mut self.notes,
        ] {
            *s = text::clean_text(s);
        }
    }

    pub fn validate(&self, now: NaiveDateTime) -> Vec<FieldError> {
        let mut e = Vec::new();
        match self.received_at {
            None => e.push(FieldError {
                field: "received_at",
                problem: Problem::Required,
            }),
            Some(t) if t > now + chrono::Duration::minutes(5) => e.push(FieldError {
                field: "received_at",
                problem: Problem::FutureDate,
            }),
            _ => {}
        }
        if self.gate_id.is_none() {
            e.push(FieldError {
                field: "gate",
                problem: Problem::Required,
            });
        }
        if self.source == Source::HandedOver && self.handing_party.is_empty() {
            e.push(FieldError {
                field: "handing_party",
                problem: Problem::Required,
            });
        }
        e
    }
}

/// How an officer gives an age in the quick-entry table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeInput {
    Date(NaiveDate),
    Year(i32),
    Estimate {
        years: u32,
        uncertain: bool,
    },
    /// "?": unknown, treated as a possible child.
    Unknown,
}

/// `12/03/1998` (date), `1998` (year), `25` (age), `~17` (estimated, uncertain), `?` (unknown).
pub fn parse_age_input(s: &str, today: NaiveDate) -> Result<AgeInput, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Problem::AgeMissing);
    }
    if s == "?" {
        return Ok(AgeInput::Unknown);
    }
    if s.contains(['/', '-', '.']) {
        return super::fields::parse_date(s, today).map(AgeInput::Date);
    }
    let (uncertain, digits) = match s.strip_prefix('~') {
        Some(rest) => (true, rest.trim()),
        None => (false, s),
    };
    let digits = digits.trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace());
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::AgeRange);
    }
    let n: u32 = digits.parse().map_err(|_| Problem::AgeRange)?;
    if digits.len() == 4 && !uncertain {
        let y = n as i32;
        if y > today.year() {
            return Err(Problem::FutureDate);
        }
        if y < 1900 {
            return Err(Problem::TooOld);
        }
        return Ok(AgeInput::Year(y));
    }
    if n > 110 {
        return Err(Problem::AgeRange);
    }
    Ok(AgeInput::Estimate {
        years: n,
        uncertain,
    })
}

/// Sort an "ID or passport" entry: 12 digits is a CCCD, anything starting
/// with a letter is a passport number.
pub fn split_document_number(s: &str) -> Result<(String, String), Problem> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok((String::new(), String::new()));
    }
    let digits = text::digits(&compact);
    if digits.len() == compact.len() {
        return if digits.len() == 12 {
            Ok((digits, String::new()))
        } else {
            Err(Problem::CccdDigits)
        };
    }
    let p = text::alnum_upper(&compact);
    if (6..=12).contains(&p.len()) && p.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        Ok((String::new(), p))
    } else {
        Err(Problem::PassportFormat)
    }
}

/// One row of the quick-entry table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QuickRow {
    pub full_name: String,
    pub sex: Sex,
    pub age: String,
    pub province_code: Option<u32>,
    pub document: String,
}

impl QuickRow {
    pub fn is_blank(&self) -> bool {
        self.full_name.trim().is_empty()
            && self.age.trim().is_empty()
            && self.document.trim().is_empty()
    }

    /// The case this row becomes, or the problems with it.
    pub fn to_case(
        &self,
        batch: &BatchRecord,
        today: NaiveDate,
    ) -> Result<CaseRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = text::clean_line(&self.full_name);
        if name.is_empty() {
            errors.push(FieldError {
                field: "full_name",
                problem: Problem::Required,
            });
        }
        if self.sex == Sex::Unknown {
            errors.push(FieldError {
                field: "sex",
                problem: Problem::Required,
            });
        }
        let mut identity = Identity {
            full_name: name,
            sex: self.sex,
            nationality: "Việt Nam".into(),
            ..Identity::default()
        };
        match parse_age_input(&self.age, today) {
            Ok(AgeInput::Date(d)) => identity.birth_date = Some(d),
            Ok(AgeInput::Year(y)) => identity.birth_year = Some(y),
            Ok(AgeInput::Estimate { years, uncertain }) => {
                identity.age_estimate = Some(years);
                identity.age_uncertain = uncertain;
            }
            Ok(AgeInput::Unknown) => identity.age_uncertain = true,
            Err(p) => errors.push(FieldError {
                field: "age",
                problem: p,
            }),
        }
        match split_document_number(&self.document) {
            Ok((id, pp)) => {
                identity.id_number = id;
                identity.passport_number = pp;
            }
            Err(p) => errors.push(FieldError {
                field: "document",
                problem: p,
            }),
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut c = CaseRecord {
            batch_id: Some(batch.id.clone()),
            source: batch.source,
            received_on: batch.received_at.map(|t| t.date()),
            gate_id: batch.gate_id,
            place: batch.place.clone(),
            identity,
            ..CaseRecord::default()
        };
        c.address.province_code = self.province_code;
        c.normalize();
        Ok(c)
    }
}

/// A quick-entry row as typed (what a draft keeps).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TypedRow {
    pub name: String,
    pub sex: String,
    pub age: String,
    pub province: String,
    pub document: String,
    /// Read from a card's QR code (no column of the table): the old ID
    /// number and the address as on the card.
    pub old_id: String,
    pub address: String,
}

/// The cells of a row that its ID number filled (what is taken back when
/// the number changes, while the cell still holds it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberFill {
    pub sex: Option<String>,
    pub age: Option<String>,
}

impl NumberFill {
    pub fn is_empty(&self) -> bool {
        self.sex.is_none() && self.age.is_none()
    }
}

impl TypedRow {
    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.sex,
            &self.age,
            &self.province,
            &self.document,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }

    /// Fill the sex and age cells the officer left empty from a 12-digit ID
    /// number in the document cell (digit 4: century and sex, digits 5–6:
    /// the year; see [`super::identity::born_by_number`]). A cell already
    /// typed is left alone: a disagreement is a warning, not an overwrite.
    /// The province is never filled from the number (its first digits are
    /// where the birth was registered, not where the person lives).
    pub fn fill_from_id_number(&mut self, today: NaiveDate) -> NumberFill {
        let mut filled = NumberFill::default();
        let Some((sex, year)) = super::identity::born_by_number(&self.document, today) else {
            return filled;
        };
        if self.sex.trim().is_empty() {
            let s = if sex == Sex::Female { "Nữ" } else { "Nam" };
            self.sex = s.to_string();
            filled.sex = Some(self.sex.clone());
        }
        if self.age.trim().is_empty() {
            self.age = year.to_string();
            filled.age = Some(self.age.clone());
        }
        filled
    }

    /// Take back what an earlier number filled, in the cells that still hold it.
    pub fn unfill(&mut self, earlier: &NumberFill) {
        if earlier.sex.as_ref() == Some(&self.sex) {
            self.sex.clear();
        }
        if earlier.age.as_ref() == Some(&self.age) {
            self.age.clear();
        }
    }

    /// The row read: its sex and province recognised, or the problems with them.
    pub fn to_quick(&self) -> (QuickRow, Vec<FieldError>) {
        let mut errors = Vec::new();
        let sex = if self.sex.trim().is_empty() {
            Sex::Unknown
        } else {
            Sex::parse_typed(&self.sex).unwrap_or_else(|| {
                errors.push(FieldError {
                    field: "sex",
                    problem: Problem::NotASex,
                });
                Sex::Unknown
            })
        };
        let province_code = if self.province.trim().is_empty() {
            None
        } else {
            match super::places::find_province(&self.province) {
                Some(p) => Some(p.code),
                None => {
                    errors.push(FieldError {
                        field: "province",
                        problem: Problem::UnknownProvince,
                    });
                    None
                }
            }
        };
        (
            QuickRow {
                full_name: self.name.clone(),
                sex,
                age: self.age.clone(),
                province_code,
                document: self.document.clone(),
            },
            errors,
        )
    }

    /// The case this row becomes in a batch, or every problem of the row.
    pub fn to_case(
        &self,
        batch: &BatchRecord,
        today: NaiveDate,
    ) -> Result<CaseRecord, Vec<FieldError>> {
        let (q, mut errors) = self.to_quick();
        match q.to_case(batch, today) {
            Ok(mut c) if errors.is_empty() => {
                c.identity.old_id_number = super::text::digits(&self.old_id);
                c.address.as_on_papers = super::text::clean_line(&self.address);
                Ok(c)
            }
            Ok(_) => Err(errors),
            Err(e) => {
                for x in e {
                    if !errors.iter().any(|y| y.field == x.field) {
                        errors.push(x);
                    }
                }
                Err(errors)
            }
        }
    }
}

/// The new-batch header as typed (what a draft keeps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BatchForm {
    pub date: String,
    pub time: String,
    pub gate_id: Option<i64>,
    pub source: Source,
    pub place: String,
    pub handing_party: String,
    pub receiving_officers: String,
    pub receiving_units: String,
    pub documents: String,
    pub notes: String,
    pub rows: Vec<TypedRow>,
}

impl Default for BatchForm {
    fn default() -> Self {
        BatchForm::new_at(NaiveDateTime::default(), None)
    }
}

impl BatchForm {
    /// A new form for a reception now (the date and time the officer sees).
    pub fn new_at(now: NaiveDateTime, gate_id: Option<i64>) -> BatchForm {
        BatchForm {
            date: dates::format_dmy(now.date()),
            time: now.format("%H:%M").to_string(),
            gate_id,
            source: Source::HandedOver,
            place: String::new(),
            handing_party: String::new(),
            receiving_officers: String::new(),
            receiving_units: String::new(),
            documents: String::new(),
            notes: String::new(),
            rows: vec![TypedRow::default()],
        }
    }

    /// The batch the header describes, and the problems with it.
    pub fn header(&self, now: NaiveDateTime) -> (BatchRecord, Vec<FieldError>) {
        let mut errors = Vec::new();
        let date = if self.date.trim().is_empty() {
            errors.push(FieldError {
                field: "received_at",
                problem: Problem::Required,
            });
            None
        } else {
            match super::fields::parse_date(&self.date, now.date()) {
                Ok(d) => Some(d),
                Err(problem) => {
                    errors.push(FieldError {
                        field: "received_at",
                        problem,
                    });
                    None
                }
            }
        };
        let time = chrono::NaiveTime::parse_from_str(self.time.trim(), "%H:%M").ok();
        if time.is_none() {
            errors.push(FieldError {
                field: "time",
                problem: if self.time.trim().is_empty() {
                    Problem::Required
                } else {
                    Problem::NotATime
                },
            });
        }
        let mut batch = BatchRecord {
            received_at: date.zip(time).map(|(d, t)| d.and_time(t)),
            gate_id: self.gate_id,
            place: self.place.clone(),
            handing_party: self.handing_party.clone(),
            receiving_officers: self.receiving_officers.clone(),
            receiving_units: self.receiving_units.clone(),
            documents: self.documents.clone(),
            notes: self.notes.clone(),
            source: self.source,
            ..BatchRecord::default()
        };
        batch.normalize();
        for e in batch.validate(now) {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        (batch, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::today;

    #[test]
    fn ages_as_typed() {
        let t = today();
        assert_eq!(
            parse_age_input("12/03/1998", t),
            Ok(AgeInput::Date(
                NaiveDate::from_ymd_opt(1998, 3, 12).unwrap()
            ))
        );
        assert_eq!(parse_age_input("1998", t), Ok(AgeInput::Year(1998)));
        assert_eq!(
            parse_age_input("25", t),
            Ok(AgeInput::Estimate {
                years: 25,
                uncertain: false
            })
        );
        assert_eq!(
            parse_age_input("~17", t),
            Ok(AgeInput::Estimate {
                years: 17,
                uncertain: true
            })
        );
        assert_eq!(
            parse_age_input("17 tuổi", t),
            Ok(AgeInput::Estimate {
                years: 17,
                uncertain: false
            })
        );
        assert_eq!(parse_age_input("?", t), Ok(AgeInput::Unknown));
        assert_eq!(parse_age_input("2030", t), Err(Problem::FutureDate));
        assert_eq!(parse_age_input("01/01/2030", t), Err(Problem::FutureDate));
        assert_eq!(parse_age_input("abc", t), Err(Problem::AgeRange));
        assert_eq!(parse_age_input("32/13/2000", t), Err(Problem::NoSuchDate));
        assert_eq!(parse_age_input("12/03", t), Err(Problem::NotADate));
        assert_eq!(parse_age_input("", t), Err(Problem::AgeMissing));
    }

    #[test]
    fn document_numbers() {
        assert_eq!(
            split_document_number("079 123 456 789"),
            Ok(("079123456789".into(), String::new()))
        );
        assert_eq!(
            split_document_number("c1234567"),
            Ok((String::new(), "C1234567".into()))
        );
        assert_eq!(split_document_number("12345"), Err(Problem::CccdDigits));
        assert_eq!(
            split_document_number(""),
            Ok((String::new(), String::new()))
        );
    }

    #[test]
    fn quick_row_becomes_a_case() {
        let batch = BatchRecord {
            id: "b1".into(),
            received_at: NaiveDate::from_ymd_opt(2026, 11, 26)
                .unwrap()
                .and_hms_opt(9, 30, 0),
            gate_id: Some(1),
            ..BatchRecord::default()
        };
        let row = QuickRow {
            full_name: "  lê thị  hoa ".into(),
            sex: Sex::Female,
            age: "?".into(),
            province_code: Some(38),
            document: "".into(),
        };
        let c = row.to_case(&batch, today()).unwrap();
        assert_eq!(c.identity.full_name, "lê thị hoa");
        assert!(c.is_child(), "unknown age: presumption of minority");
        assert_eq!(c.received_on, NaiveDate::from_ymd_opt(2026, 11, 26));
        let bad = QuickRow {
            full_name: String::new(),
            age: "x".into(),
            ..row
        };
        assert_eq!(
            bad.to_case(&batch, today()).unwrap_err().len(),
            2,
            "name and age"
        );
    }

    #[test]
    fn the_header_names_each_problem() {
        let now = today().and_hms_opt(10, 0, 0).unwrap();
        let mut f = BatchForm::new_at(now, Some(1));
        let (_, e) = f.header(now);
        assert_eq!(
            e,
            vec![FieldError {
                field: "handing_party",
                problem: Problem::Required
            }],
            "an empty handing-over party is required, not a date problem"
        );
        f.handing_party = "Cảnh sát tỉnh Svay Rieng".into();
        f.date = "32/13/2026".into();
        f.time = "9h30".into();
        let (_, e) = f.header(now);
        assert!(e.contains(&FieldError {
            field: "received_at",
            problem: Problem::NoSuchDate
        }));
        assert!(e.contains(&FieldError {
            field: "time",
            problem: Problem::NotATime
        }));
    }
    #[test]
    fn an_id_number_fills_the_empty_sex_and_age_and_nothing_typed() {
        let t = today();
        let mut r = TypedRow {
            name: "Lê Thị Mai".into(),
            document: "072195001234".into(),
            ..TypedRow::default()
        };
        let f = r.fill_from_id_number(t);
        assert_eq!((r.sex.as_str(), r.age.as_str()), ("Nữ", "1995"));
        assert_eq!(f.sex.as_deref(), Some("Nữ"));
        assert!(
            r.province.is_empty(),
            "digits 1-3 are not the home province"
        );
        let (q, errors) = r.to_quick();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(q.sex, Sex::Female);
        let c = r.to_case(&BatchRecord::default(), t).unwrap();
        assert_eq!(c.identity.birth_year, Some(1995));

        // What the officer typed stays, even when the number disagrees.
        let mut r = TypedRow {
            sex: "nam".into(),
            age: "~30".into(),
            document: "072195001234".into(),
            ..TypedRow::default()
        };
        assert!(r.fill_from_id_number(t).is_empty());
        assert_eq!((r.sex.as_str(), r.age.as_str()), ("nam", "~30"));

        // A number of 11 digits, or a passport number, fills nothing.
        for doc in ["07219500123", "B1234567"] {
            let mut r = TypedRow {
                document: doc.into(),
                ..TypedRow::default()
            };
            assert!(r.fill_from_id_number(t).is_empty(), "{doc}");
            assert!(r.sex.is_empty() && r.age.is_empty());
        }
    }

    #[test]
    fn a_corrected_number_takes_back_only_what_it_filled() {
        let t = today();
        let mut r = TypedRow {
            document: "072090001234".into(),
            ..TypedRow::default()
        };
        let f = r.fill_from_id_number(t);
        assert_eq!((r.sex.as_str(), r.age.as_str()), ("Nam", "1990"));
        // The officer corrects the sex, then the 4th digit of the number.
        r.sex = "Nữ".into();
        r.document = "072191001234".into();
        r.unfill(&f);
        assert_eq!(r.sex, "Nữ", "the officer's own sex stays");
        assert!(r.age.is_empty(), "the filled year is taken back");
        r.fill_from_id_number(t);
        assert_eq!(r.age, "1991");
    }
}

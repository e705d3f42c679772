//! A card read into a row of the batch table: a 2-D barcode scanner in
//! keyboard mode types a CCCD's QR line (or the officer pastes it, or a
//! passport's two MRZ lines) into whatever cell has focus; the whole line
//! recognised fills the row (name, sex, date of birth, province, ID number,
//! and the old ID number and address kept for the case). The number is
//! checked against the sex and birth year, typed or on the card: a
//! disagreement is a warning under the row, never a refusal.

use chrono::NaiveDate;

use super::table::Col;
use crate::domain::batch::{AgeInput, TypedRow, parse_age_input};
use crate::domain::case::Sex;
use crate::domain::identity::{self, IdError, IdWarning, Parsed, Typed};
use crate::domain::{handover_list, places, text};

/// What the row says about a card read into it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdNote {
    /// The reading that filled the row.
    pub filled: Option<Parsed>,
    /// The card's own disagreements (kept while the row is edited).
    card: Vec<IdWarning>,
    /// The number against what is in the row now.
    typed: Vec<IdWarning>,
    /// A scanned or pasted line that could not be read.
    pub error: Option<IdError>,
}

impl IdNote {
    pub fn warnings(&self) -> impl Iterator<Item = &IdWarning> {
        self.card.iter().chain(
            self.typed
                .iter()
                .filter(|w| !self.card.iter().any(|c| c == *w)),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.filled.is_none()
            && self.card.is_empty()
            && self.typed.is_empty()
            && self.error.is_none()
    }
}

fn cell(row: &mut TypedRow, col: Col) -> &mut String {
    match col {
        Col::Name => &mut row.name,
        Col::Sex => &mut row.sex,
        Col::Age => &mut row.age,
        Col::Province => &mut row.province,
        Col::Document => &mut row.document,
    }
}

/// The sex and birth year as typed in the row.
fn typed_of(row: &TypedRow, today: NaiveDate) -> Typed {
    let sex = Sex::parse_typed(&row.sex).filter(|s| *s != Sex::Unknown);
    let birth_year = match parse_age_input(&row.age, today) {
        Ok(AgeInput::Date(d)) => Some(chrono::Datelike::year(&d)),
        Ok(AgeInput::Year(y)) => Some(y),
        _ => None,
    };
    Typed { sex, birth_year }
}

fn sex_text(s: Sex) -> String {
    match s {
        Sex::Male => "Nam".into(),
        Sex::Female => "Nữ".into(),
        _ => String::new(),
    }
}

/// Put a reading into the row (the cell it was typed in first emptied).
fn fill(row: &mut TypedRow, col: Col, p: &Parsed) {
    cell(row, col).clear();
    let f = p.fill();
    row.name = text::nfc(&f.full_name);
    let sex = sex_text(f.sex);
    if !sex.is_empty() {
        row.sex = sex;
    }
    if let Some(d) = f.birth_date {
        row.age = d.format("%d/%m/%Y").to_string();
    }
    row.document = if f.id_number.is_empty() {
        f.passport_number.clone()
    } else {
        f.id_number.clone()
    };
    row.old_id = f.old_id_number.clone();
    row.address = f.address_on_papers.clone();
    if let Some(p) =
        handover_list::province_in_address(&f.address_on_papers).and_then(places::province)
    {
        row.province = p.short_name().to_string();
    }
}

/// A cell changed: when it now holds a whole card line, fill the row.
pub fn on_input(row: &mut TypedRow, col: Col, today: NaiveDate) -> Option<IdNote> {
    let value = cell(row, col).clone();
    identity::classify(&value)?;
    let typed = typed_of(row, today);
    let parsed = identity::parse(&value, today, typed).ok()?;
    fill(row, col, &parsed);
    Some(IdNote {
        card: parsed.warnings().to_vec(),
        filled: Some(parsed),
        ..IdNote::default()
    })
}

/// The first of a passport's two MRZ lines, typed alone (the scanner's
/// Enter between the lines must not leave the cell).
pub fn awaits_second_line(row: &TypedRow) -> bool {
    [&row.name, &row.sex, &row.age, &row.province, &row.document]
        .iter()
        .any(|s| {
            let t = s.trim();
            t.len() == 44
                && t.starts_with('P')
                && t.contains('<')
                && t.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<')
        })
}

/// Enter on a row: a line that looks like a card's but does not read says why.
pub fn on_submit(row: &TypedRow, today: NaiveDate) -> Option<IdError> {
    [&row.name, &row.sex, &row.age, &row.province, &row.document]
        .iter()
        .filter(|s| identity::classify(s).is_some() || s.matches('|').count() >= 2)
        .find_map(|s| identity::parse(s, today, Typed::default()).err())
}

/// The number checked against the row as it is now (after a hand edit).
pub fn recheck(note: &mut IdNote, row: &TypedRow, today: NaiveDate) {
    note.typed = identity::check_typed_number(&row.document, typed_of(row, today));
    note.error = None;
}

//! A card read into the case form: a CCCD's QR line or a passport's MRZ,
//! typed by a scanner or pasted into any text field, fills the identity
//! (name in NFC, sex, date of birth, ID and old ID numbers, passport,
//! nationality, the address as on the card). The number is checked against
//! the card and against what was typed; a disagreement is a warning in the
//! form's notice, a line that does not read says why (an MRZ check digit
//! names its field).

use chrono::Datelike;
use iced::widget::text_editor;

use super::{CaseForm, today};
use crate::domain::case::{CaseRecord, Sex};
use crate::domain::fields;
use crate::domain::identity::{self, CccdError, IdError, Typed};
use crate::ui::notice::Notice;

/// The form's fields a reading fills (when the reading has a value).
const FILLED: [&str; 8] = [
    "full_name",
    "sex",
    "birth_date",
    "id_number",
    "old_id_number",
    "passport_number",
    "nationality",
    "as_on_papers",
];

/// Whether a failed reading is a line still being typed (a scanner types
/// one character at a time): say nothing yet.
fn incomplete(value: &str, e: &IdError) -> bool {
    match e {
        IdError::Cccd(CccdError::FieldCount(n)) => *n < 7,
        IdError::Cccd(CccdError::Date("issue date")) => {
            value.rsplit('|').next().is_some_and(|d| d.trim().len() < 8)
        }
        _ => false,
    }
}

impl CaseForm {
    /// The sex and birth year typed in the form.
    fn typed_identity(&self) -> Typed {
        let sex = Sex::from_key(self.get("sex")).filter(|s| *s != Sex::Unknown);
        let birth_year = fields::parse_date(self.get("birth_date"), today())
            .ok()
            .map(|d| d.year())
            .or_else(|| self.get("birth_year").trim().parse().ok());
        Typed { sex, birth_year }
    }

    /// A text field changed: when it holds a card's line, fill the identity
    /// and return true (the field's own text is replaced).
    pub(super) fn scanned(&mut self, value: &str) -> bool {
        if identity::classify(value).is_none() {
            return false;
        }
        let parsed = match identity::parse(value, today(), self.typed_identity()) {
            Ok(p) => p,
            Err(e) => {
                if !incomplete(value, &e) {
                    self.notice = Some(Notice::IdUnread(e));
                }
                return false;
            }
        };
        let f = parsed.fill();
        let mut r = CaseRecord::default();
        r.identity.full_name = crate::domain::text::nfc(&f.full_name);
        r.identity.sex = f.sex;
        r.identity.birth_date = f.birth_date;
        r.identity.id_number = f.id_number.clone();
        r.identity.old_id_number = f.old_id_number.clone();
        r.identity.passport_number = f.passport_number.clone();
        r.identity.nationality = f.nationality.clone();
        r.address.as_on_papers = f.address_on_papers.clone();
        let typed = fields::typed_from(&r);
        for key in FILLED {
            let Some(v) = typed.get(key).filter(|v| !v.is_empty()) else {
                continue;
            };
            self.data.insert(key.to_string(), v.clone());
            if let Some(c) = self.editors.get_mut(key) {
                *c = text_editor::Content::with_text(v);
            }
            self.shown.remove(key);
        }
        if f.birth_date.is_some() {
            self.data.insert("birth_year".into(), String::new());
            self.shown.remove("birth_year");
        }
        self.editing = None;
        self.draft_dirty = self.is_dirty();
        self.notice = Some(Notice::IdRead(Box::new(parsed)));
        true
    }
}

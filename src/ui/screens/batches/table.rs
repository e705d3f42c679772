//! The new batch: its header and the quick-entry table, one person a row,
//! typed by keyboard (Enter on a row opens the next). A row whose ID card or
//! passport number is already in the vault says so under the row while the
//! officer types, and the batch is not saved until the officer has said what
//! it is: the same person received again, or a different person (with a
//! reason) — or has opened the earlier case.

use std::collections::BTreeMap;

use iced::Task;
use iced::widget::{Id, operation};

use super::Message;
use super::scan::{self, IdNote};
use crate::app::batches::{Match, Person};
use crate::domain::batch::{BatchForm, BatchRecord, NumberFill, TypedRow, split_document_number};
use crate::domain::case::{FieldError, Source};
use crate::domain::{dates, places};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::cases::{DuplicateHit, Gate};

pub const ID_DATE: &str = "batch-date";
pub const ID_HANDING: &str = "batch-handing";
pub const ID_DOCUMENTS: &str = "batch-documents";

pub fn row_id(row: usize, col: &str) -> String {
    format!("quick-{row}-{col}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Name,
    Sex,
    Age,
    Province,
    Document,
}

impl Col {
    fn key(self) -> &'static str {
        match self {
            Col::Name => "name",
            Col::Sex => "sex",
            Col::Age => "age",
            Col::Province => "province",
            Col::Document => "document",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderField {
    Date,
    Time,
    Place,
    Handing,
    Officers,
    Units,
    Documents,
    Notes,
}

/// What the officer says about a row that matches an existing case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowDecision {
    RepeatReturn,
    Different,
}

/// The duplicates found for a row, and what the officer decided.
#[derive(Debug, Clone, Default)]
struct RowMatch {
    /// What was looked up (the row as typed then).
    probe: String,
    hits: Vec<DuplicateHit>,
    decision: Option<RowDecision>,
    reason: String,
}

impl RowMatch {
    fn strong(&self) -> Option<&DuplicateHit> {
        self.hits
            .iter()
            .find(|h| h.kind.is_strong() && !h.same_person)
    }

    fn undecided(&self) -> bool {
        self.strong().is_some()
            && match self.decision {
                None => true,
                Some(RowDecision::Different) => self.reason.trim().is_empty(),
                Some(RowDecision::RepeatReturn) => false,
            }
    }
}

pub struct Table {
    pub form: BatchForm,
    saved_form: BatchForm,
    row_errors: Vec<(usize, FieldError)>,
    header_errors: Vec<FieldError>,
    matches: BTreeMap<usize, RowMatch>,
    /// Cards read into rows (a CCCD's QR line, a passport's MRZ).
    ids: BTreeMap<usize, IdNote>,
    /// The sex and birth year a row's 12-digit ID number filled in.
    filled: BTreeMap<usize, NumberFill>,
    pub busy: bool,
    pub draft_dirty: bool,
}

/// What a row is looked up by: its document number, or its name, age and province.
fn probe_of(r: &TypedRow) -> String {
    format!(
        "{}|{}|{}|{}",
        r.document.trim(),
        r.name.trim(),
        r.age.trim(),
        r.province.trim()
    )
}

impl Table {
    pub fn new() -> Table {
        let form = BatchForm::new_at(crate::clock::now(), None);
        Table {
            saved_form: form.clone(),
            form,
            row_errors: Vec::new(),
            header_errors: Vec::new(),
            matches: BTreeMap::new(),
            ids: BTreeMap::new(),
            filled: BTreeMap::new(),
            busy: false,
            draft_dirty: false,
        }
    }

    pub fn mark_saved(&mut self) {
        self.saved_form = self.form.clone();
        self.draft_dirty = false;
    }

    pub fn is_dirty(&self) -> bool {
        self.form != self.saved_form
    }

    fn touch(&mut self) {
        self.draft_dirty = self.is_dirty();
    }

    /// Look up a row's duplicates when it can become a case.
    fn check_row(&mut self, i: usize, session: &Session) -> Task<Message> {
        let Some(r) = self.form.rows.get(i) else {
            return Task::none();
        };
        let probe = probe_of(r);
        if self.matches.get(&i).is_some_and(|m| m.probe == probe) {
            return Task::none();
        }
        let has_document =
            split_document_number(&r.document).is_ok_and(|(a, b)| !a.is_empty() || !b.is_empty());
        let batch = BatchRecord {
            received_at: Some(crate::clock::now()),
            ..BatchRecord::default()
        };
        let Ok(case) = r.to_case(&batch, crate::clock::today()) else {
            self.matches.remove(&i);
            return Task::none();
        };
        if !has_document && r.province.trim().is_empty() {
            // Nothing left to match on: a decision taken on an earlier
            // number no longer holds.
            self.matches.remove(&i);
            return Task::none();
        }
        session.db.task(
            move |v| v.duplicates_for(&case),
            move |hits| Message::RowChecked(i, probe.clone(), hits),
        )
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, String> {
        if self.busy && message.edits_table() {
            // The batch is being saved: what the table shows is what is
            // written, so it takes no typing until the save has answered.
            return (Task::none(), None);
        }
        match message {
            Message::Header(f, v) => {
                let target = match f {
                    HeaderField::Date => &mut self.form.date,
                    HeaderField::Time => &mut self.form.time,
                    HeaderField::Place => &mut self.form.place,
                    HeaderField::Handing => &mut self.form.handing_party,
                    HeaderField::Officers => &mut self.form.receiving_officers,
                    HeaderField::Units => &mut self.form.receiving_units,
                    HeaderField::Documents => &mut self.form.documents,
                    HeaderField::Notes => &mut self.form.notes,
                };
                *target = v;
                self.header_errors.clear();
                self.touch();
            }
            Message::Gate(g) => {
                self.form.gate_id = Some(g.value);
                self.touch();
            }
            Message::Source(s) => {
                self.form.source = s.value;
                self.touch();
            }
            Message::Cell(i, col, v) => {
                if let Some(r) = self.form.rows.get_mut(i) {
                    match col {
                        Col::Name => r.name = v,
                        Col::Sex => r.sex = v,
                        Col::Age => r.age = v,
                        Col::Province => r.province = v,
                        Col::Document => r.document = v,
                    }
                    self.row_errors.retain(|(ri, _)| *ri != i);
                    let today = crate::clock::today();
                    if let Some(note) = scan::on_input(r, col, today) {
                        // A scanned card: the whole row at once.
                        self.ids.insert(i, note);
                        self.filled.remove(&i);
                        self.touch();
                        return (self.check_row(i, session), None);
                    }
                    match col {
                        // The number fills the sex and year left empty, and
                        // takes back what it filled when it changes.
                        Col::Document => {
                            if let Some(earlier) = self.filled.remove(&i) {
                                r.unfill(&earlier);
                            }
                            let now = r.fill_from_id_number(today);
                            if !now.is_empty() {
                                self.filled.insert(i, now);
                            }
                        }
                        // Typed by the officer: the cell is theirs now.
                        Col::Sex => {
                            if let Some(f) = self.filled.get_mut(&i) {
                                f.sex = None;
                            }
                        }
                        Col::Age => {
                            if let Some(f) = self.filled.get_mut(&i) {
                                f.age = None;
                            }
                        }
                        _ => {}
                    }
                    if matches!(col, Col::Sex | Col::Age | Col::Document) {
                        let note = self.ids.entry(i).or_default();
                        scan::recheck(note, r, today);
                        if note.is_empty() {
                            self.ids.remove(&i);
                        }
                    }
                    self.touch();
                    if col == Col::Document {
                        return (self.check_row(i, session), None);
                    }
                }
            }
            Message::RowSubmit(i) => {
                let today = crate::clock::today();
                if let Some(r) = self.form.rows.get(i) {
                    // The scanner's Enter between a passport's two MRZ lines.
                    if scan::awaits_second_line(r) {
                        return (Task::none(), None);
                    }
                    // A card's line that does not read: say why, stay on the row.
                    if let Some(e) = scan::on_submit(r, today) {
                        self.ids.entry(i).or_default().error = Some(e);
                        return (Task::none(), None);
                    }
                }
                // The province as recognised, by its name.
                if let Some(r) = self.form.rows.get_mut(i)
                    && let Some(p) = places::find_province(&r.province)
                {
                    r.province = p.short_name().to_string();
                }
                // Enter on a row: a new row below (unless there is one), focused.
                let next = i + 1;
                if next >= self.form.rows.len() {
                    self.form.rows.push(TypedRow::default());
                    self.touch();
                }
                return (
                    Task::batch([
                        self.check_row(i, session),
                        operation::focus(Id::from(row_id(next, "name"))),
                    ]),
                    None,
                );
            }
            Message::AddRow => {
                self.form.rows.push(TypedRow::default());
                self.touch();
                return (
                    operation::focus(Id::from(row_id(self.form.rows.len() - 1, "name"))),
                    None,
                );
            }
            Message::RemoveRow(i) if self.form.rows.len() > 1 && i < self.form.rows.len() => {
                self.form.rows.remove(i);
                self.row_errors.clear();
                // Rows below moved up: their matches follow them.
                self.matches = shift_rows(std::mem::take(&mut self.matches), i);
                self.ids = shift_rows(std::mem::take(&mut self.ids), i);
                self.filled = shift_rows(std::mem::take(&mut self.filled), i);
                self.touch();
            }
            Message::RowChecked(i, probe, Ok(hits)) => {
                let current = self.form.rows.get(i).map(probe_of);
                if current.as_deref() == Some(probe.as_str()) {
                    if hits.is_empty() {
                        self.matches.remove(&i);
                    } else {
                        self.matches.insert(
                            i,
                            RowMatch {
                                probe,
                                hits,
                                ..RowMatch::default()
                            },
                        );
                    }
                }
            }
            Message::RowChecked(_, _, Err(_)) => {}
            Message::Decide(i, d) => {
                if let Some(m) = self.matches.get_mut(&i) {
                    m.decision = Some(d);
                }
            }
            Message::Reason(i, s) => {
                if let Some(m) = self.matches.get_mut(&i) {
                    m.reason = s;
                }
            }
            Message::OpenCase(id) => return (Task::none(), Some(id)),
            _ => {}
        }
        (Task::none(), None)
    }

    /// The header as typed, when it passes (for a list imported into this
    /// new batch); otherwise its problems are shown in the form.
    pub fn checked_header(&mut self) -> Option<BatchRecord> {
        let (batch, errors) = self.form.header(crate::clock::now());
        self.header_errors = errors;
        self.header_errors.is_empty().then_some(batch)
    }

    /// Whether a person has been typed into the table.
    pub fn has_people(&self) -> bool {
        self.form.rows.iter().any(|r| !r.is_blank())
    }

    /// Check the whole batch and start saving it, or say what is wrong.
    pub fn save(&mut self, session: &Session) -> Result<Task<Message>, Notice> {
        if self.busy {
            return Ok(Task::none());
        }
        let now = crate::clock::now();
        let (mut batch, header_errors) = self.form.header(now);
        self.header_errors = header_errors;
        self.row_errors.clear();
        let mut people = Vec::new();
        for (i, r) in self.form.rows.iter().enumerate() {
            if r.is_blank() {
                continue;
            }
            match r.to_case(&batch, now.date()) {
                Ok(c) => people.push((i, c)),
                Err(errs) => self.row_errors.extend(errs.into_iter().map(|e| (i, e))),
            }
        }
        if people.is_empty() && self.row_errors.is_empty() {
            return Err(Notice::BatchNoPeople);
        }
        let problems = self.header_errors.len() + self.row_errors.len();
        if problems > 0 {
            return Err(Notice::FormProblems(problems));
        }
        let undecided = self.matches.values().filter(|m| m.undecided()).count();
        if undecided > 0 {
            return Err(Notice::BatchDuplicatesUndecided(undecided));
        }
        let people: Vec<Person> = people
            .into_iter()
            .map(|(i, record)| {
                let decision = self.matches.get(&i).and_then(|m| {
                    let existing = m.strong()?.case_id.clone();
                    Some(match m.decision? {
                        RowDecision::RepeatReturn => Match::RepeatReturn { existing },
                        RowDecision::Different => Match::Different {
                            existing,
                            reason: m.reason.clone(),
                        },
                    })
                });
                Person { record, decision }
            })
            .collect();
        self.busy = true;
        let names: Vec<String> = people
            .iter()
            .map(|p| crate::domain::text::clean_line(&p.record.identity.full_name))
            .collect();
        Ok(session.db.task_app(
            move |v| {
                let saved = crate::app::batches::save(v, &mut batch, people)?;
                Ok((batch.id.clone(), saved.into_iter().zip(names).collect()))
            },
            Message::Saved,
        ))
    }
}

/// Row `removed` is gone: what was kept for the rows below moves up with them.
fn shift_rows<T>(by_row: BTreeMap<usize, T>, removed: usize) -> BTreeMap<usize, T> {
    by_row
        .into_iter()
        .filter(|(k, _)| *k != removed)
        .map(|(k, m)| (if k > removed { k - 1 } else { k }, m))
        .collect()
}

/// The heading of the table's column for a field (`None`: not a column).
pub(super) fn column_label(field: &str, l: Lang) -> Option<String> {
    Some(match field {
        "full_name" => t!(l, "case-full-name"),
        "sex" => t!(l, "batch-col-sex"),
        "age" => t!(l, "batch-col-age"),
        "province" => t!(l, "batch-col-province"),
        "document" => t!(l, "batch-col-document"),
        _ => return None,
    })
}

impl Default for Table {
    fn default() -> Self {
        Table::new()
    }
}

// The header and the table as the officer sees them.
#[path = "table_view.rs"]
mod view;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "table_tests.rs"]
mod tests;

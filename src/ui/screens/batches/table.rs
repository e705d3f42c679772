//! The new batch: its header and the quick-entry table, one person a row,
//! typed by keyboard (Enter on a row opens the next). A row whose ID card or
//! passport number is already in the vault says so under the row while the
//! officer types, and the batch is not saved until the officer has said what
//! it is: the same person received again, or a different person (with a
//! reason) — or has opened the earlier case.

use std::collections::BTreeMap;

use iced::widget::{Id, column, container, operation, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

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
use crate::ui::widgets::{self, Choice, Kind, btn};
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
            return Task::none();
        }
        session.db.task(
            move |v| v.duplicates_for(&case),
            move |hits| Message::RowChecked(i, probe.clone(), hits),
        )
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, String> {
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
        Ok(session.db.task_app(
            move |v| {
                let saved = crate::app::batches::save(v, &mut batch, people)?;
                Ok((batch.id.clone(), saved))
            },
            Message::Saved,
        ))
    }

    fn header_error(&self, field: &str, label: &str, l: Lang) -> Option<String> {
        self.header_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| labels::problem_for(l, e.problem, label))
    }

    pub fn view<'a>(&'a self, l: Lang, gates: &'a [Gate]) -> Element<'a, Message> {
        let f = &self.form;
        let gate_choices: Vec<Choice<i64>> = gates
            .iter()
            .filter(|g| g.active)
            .map(|g| Choice {
                value: g.id,
                label: g.name.clone(),
            })
            .collect();
        let sources = widgets::choices(Source::ALL, |s| labels::source(l, *s));
        let input = |label: String,
                     value: &'a str,
                     hf: HeaderField,
                     id: Option<&'static str>,
                     field: &str,
                     required: bool| {
            let mut ti = text_input("", value)
                .on_input(move |s| Message::Header(hf, s))
                .padding(6);
            if let Some(id) = id {
                ti = ti.id(Id::new(id));
            }
            let err = self.header_error(field, &label, l);
            widgets::field(label, required, ti, err)
        };
        let handed_over = f.source == Source::HandedOver;
        let header = column![
            row![
                input(
                    t!(l, "batch-date"),
                    &f.date,
                    HeaderField::Date,
                    Some(ID_DATE),
                    "received_at",
                    true
                ),
                input(
                    t!(l, "batch-time"),
                    &f.time,
                    HeaderField::Time,
                    None,
                    "time",
                    true
                ),
                widgets::field(
                    t!(l, "case-gate"),
                    true,
                    widgets::pick(
                        gate_choices,
                        f.gate_id.as_ref(),
                        t!(l, "choose-placeholder"),
                        Message::Gate
                    ),
                    self.header_error("gate", &t!(l, "case-gate"), l)
                ),
                widgets::field(
                    t!(l, "case-source"),
                    false,
                    widgets::pick(
                        sources,
                        Some(&f.source),
                        t!(l, "choose-placeholder"),
                        Message::Source
                    ),
                    None
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-handing-party"),
                    &f.handing_party,
                    HeaderField::Handing,
                    Some(ID_HANDING),
                    "handing_party",
                    handed_over
                ),
                input(
                    t!(l, "case-place"),
                    &f.place,
                    HeaderField::Place,
                    None,
                    "place",
                    false
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-officers"),
                    &f.receiving_officers,
                    HeaderField::Officers,
                    None,
                    "officers",
                    false
                ),
                input(
                    t!(l, "batch-units"),
                    &f.receiving_units,
                    HeaderField::Units,
                    None,
                    "units",
                    false
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-documents"),
                    &f.documents,
                    HeaderField::Documents,
                    Some(ID_DOCUMENTS),
                    "documents",
                    false
                ),
                input(
                    t!(l, "case-notes"),
                    &f.notes,
                    HeaderField::Notes,
                    None,
                    "notes",
                    false
                ),
            ]
            .spacing(12),
        ]
        .spacing(4);

        let mut table = column![
            text(t!(l, "batch-quick-help")).size(13).style(theme::muted),
            row![
                widgets::th("#".into(), Length::Fixed(30.0)),
                widgets::th(t!(l, "case-full-name"), Length::FillPortion(4)),
                widgets::th(t!(l, "batch-col-document"), Length::FillPortion(3)),
                widgets::th(t!(l, "batch-col-province"), Length::FillPortion(2)),
                widgets::th(t!(l, "batch-col-sex"), Length::FillPortion(1)),
                widgets::th(t!(l, "batch-col-age"), Length::FillPortion(2)),
                text("").width(Length::Fixed(36.0)),
            ]
            .spacing(6),
        ]
        .spacing(4);
        for (i, r) in f.rows.iter().enumerate() {
            let cell = |col: Col, value: &'a str, placeholder: String, portion: u16| {
                text_input(&placeholder, value)
                    .id(Id::from(row_id(i, col.key())))
                    .on_input(move |s| Message::Cell(i, col, s))
                    .on_submit(Message::RowSubmit(i))
                    .padding(5)
                    .width(Length::FillPortion(portion))
            };
            table = table.push(
                row![
                    text((i + 1).to_string()).width(Length::Fixed(30.0)),
                    // Name, number, province: the number fills sex and year.
                    cell(Col::Name, &r.name, String::new(), 4),
                    cell(Col::Document, &r.document, String::new(), 3),
                    cell(Col::Province, &r.province, String::new(), 2),
                    cell(Col::Sex, &r.sex, t!(l, "batch-sex-placeholder"), 1),
                    cell(Col::Age, &r.age, t!(l, "batch-age-placeholder"), 2),
                    btn("×".into(), Kind::Link, Some(Message::RemoveRow(i))),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            table = table.push(widgets::slot(self.view_row_notes(i, l)));
        }
        table = table.push(
            row![
                btn(
                    t!(l, "batch-add-row"),
                    Kind::Secondary,
                    Some(Message::AddRow)
                ),
                widgets::hspace(),
                text(t!(
                    l,
                    "batch-count",
                    count = f.rows.iter().filter(|r| !r.is_blank()).count()
                ))
                .size(14),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        column![
            widgets::heading(
                l,
                Some(Message::BackToList),
                t!(l, "batch-new-title"),
                vec![
                    btn(
                        t!(l, "list-import"),
                        Kind::Secondary,
                        (!self.busy && !self.has_people()).then_some(Message::StartImport)
                    ),
                    btn(
                        t!(l, "batch-save"),
                        Kind::Primary,
                        (!self.busy).then_some(Message::Save)
                    )
                ]
            ),
            scrollable(
                column![
                    container(header).padding(12).style(theme::card),
                    container(table).padding(12).style(theme::card),
                ]
                .spacing(10)
                .padding(iced::Padding {
                    right: 14.0,
                    ..iced::Padding::ZERO
                })
            )
            .height(Length::Fill),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    /// Under a row: its problems, and the existing case it matches with the choices.
    fn view_row_notes(&self, i: usize, l: Lang) -> Option<Element<'_, Message>> {
        let errs: Vec<String> = self
            .row_errors
            .iter()
            .filter(|(ri, _)| *ri == i)
            .map(|(_, e)| {
                let label = column_label(e.field, l).unwrap_or_else(|| e.field.to_string());
                format!("{}: {}", label, labels::problem_for(l, e.problem, &label))
            })
            .collect();
        let m = self.matches.get(&i);
        let id = self.ids.get(&i);
        // The province a short or unaccented entry stands for ("tay" is
        // Tây Ninh), until Enter writes its name in the cell.
        let province = self.form.rows.get(i).and_then(|r| {
            places::find_province(&r.province)
                .filter(|p| p.short_name() != r.province.trim())
                .map(|p| p.name.clone())
        });
        if errs.is_empty() && m.is_none() && id.is_none() && province.is_none() {
            return None;
        }
        let mut c = column![].spacing(4);
        if let Some(p) = province {
            c = c.push(
                text(format!("{}: {p}", t!(l, "batch-col-province")))
                    .size(13)
                    .style(theme::muted),
            );
        }
        if !errs.is_empty() {
            c = c.push(text(errs.join(" · ")).size(13).style(theme::danger_text));
        }
        if let Some(id) = id {
            if let Some(e) = &id.error {
                c = c.push(
                    text(crate::ui::idtext::error(l, e))
                        .size(13)
                        .style(theme::danger_text),
                );
            }
            if let Some(p) = &id.filled {
                c = c.push(
                    text(crate::ui::idtext::filled(l, p))
                        .size(13)
                        .style(theme::success_text),
                );
            }
            for w in id.warnings() {
                c = c.push(
                    text(crate::ui::idtext::warning(l, w))
                        .size(13)
                        .style(theme::warning_text),
                );
            }
        }
        if let Some(m) = m {
            if let Some(hit) = m.strong() {
                let reason = match hit.kind {
                    crate::domain::dedupe::MatchKind::SamePassport => t!(l, "dup-same-passport"),
                    _ => t!(l, "dup-same-id"),
                };
                c = c.push(
                    text(t!(
                        l,
                        "batch-row-match",
                        reason = reason,
                        number = hit.number.clone(),
                        name = hit.full_name.clone(),
                        date = dates::iso_to_dmy(&hit.received_on)
                    ))
                    .size(13)
                    .style(theme::danger_text),
                );
                let chosen = |d: RowDecision| {
                    if m.decision == Some(d) {
                        Kind::Primary
                    } else {
                        Kind::Secondary
                    }
                };
                let mut choices = row![
                    btn(
                        t!(l, "dup-open-other"),
                        Kind::Secondary,
                        Some(Message::OpenCase(hit.case_id.clone()))
                    ),
                    btn(
                        t!(l, "dup-repeat-return"),
                        chosen(RowDecision::RepeatReturn),
                        Some(Message::Decide(i, RowDecision::RepeatReturn))
                    ),
                    btn(
                        t!(l, "dup-different-person"),
                        chosen(RowDecision::Different),
                        Some(Message::Decide(i, RowDecision::Different))
                    ),
                ]
                .spacing(6)
                .align_y(Alignment::Center);
                if m.decision == Some(RowDecision::Different) {
                    choices = choices.push(
                        text_input(&t!(l, "dup-reason-placeholder"), &m.reason)
                            .on_input(move |s| Message::Reason(i, s))
                            .padding(4)
                            .width(Length::Fill),
                    );
                }
                c = c.push(choices);
            } else if let Some(hit) = m.hits.first() {
                c = c.push(
                    text(t!(l, "batch-dup-possible", number = hit.number.clone()))
                        .size(13)
                        .style(theme::warning_text),
                );
            }
        }
        Some(c.into())
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "table_tests.rs"]
mod tests;

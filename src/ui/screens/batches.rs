//! Reception batches: the list, a new batch with a quick-entry table (many
//! people at once, by keyboard), and a batch's detail.

use chrono::{Local, NaiveDate, NaiveTime};
use iced::widget::{
    Id, button, column, container, operation, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};
use serde::{Deserialize, Serialize};

use crate::domain::batch::{BatchRecord, QuickRow};
use crate::domain::case::{FieldError, Problem, Sex, Source};
use crate::domain::{dates, places};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Db, UiResult};
use crate::ui::labels::{self, Choice};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::cases::{BatchSummary, CaseRow, CaseSaved, Gate};

pub const ID_DATE: &str = "batch-date";
pub const ID_HANDING: &str = "batch-handing";
pub const ID_DOCUMENTS: &str = "batch-documents";

pub fn row_id(row: usize, col: &str) -> String {
    format!("quick-{row}-{col}")
}

/// A quick-entry row as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedRow {
    pub name: String,
    pub sex: String,
    pub age: String,
    pub province: String,
    pub document: String,
}

/// The new-batch form as typed (what a draft keeps).
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
        let now = Local::now();
        BatchForm {
            date: dates::format_dmy(now.date_naive()),
            time: now.format("%H:%M").to_string(),
            gate_id: Some(1),
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

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<(Vec<BatchSummary>, usize)>),
    Page(usize),
    New,
    Header(HeaderField, String),
    Gate(Choice<i64>),
    Source(Choice<Source>),
    Cell(usize, Col, String),
    RowSubmit(usize),
    AddRow,
    RemoveRow(usize),
    Save,
    Saved(UiResult<(String, Vec<CaseSaved>)>),
    OpenBatch(String),
    Opened(UiResult<(BatchRecord, Vec<CaseRow>)>),
    OpenCase(String),
    BackToList,
    Autosave,
    DraftSaved(UiResult<()>),
    Print(String, crate::ui::screens::referrals::DocAction),
}

pub enum Event {
    OpenCase(String),
    Changed,
    Document(
        crate::ui::print::Doc,
        crate::ui::screens::referrals::DocAction,
    ),
}

pub enum Mode {
    List,
    New,
    Result {
        batch_id: String,
        saved: Vec<CaseSaved>,
    },
    Detail {
        batch: Box<BatchRecord>,
        people: Vec<CaseRow>,
    },
}

pub struct Batches {
    pub mode: Mode,
    list: Vec<BatchSummary>,
    total: usize,
    page: usize,
    pub form: BatchForm,
    saved_form: BatchForm,
    row_errors: Vec<(usize, FieldError)>,
    header_errors: Vec<FieldError>,
    pub gates: Vec<Gate>,
    error: Option<String>,
    busy: bool,
    draft_dirty: bool,
}

const PER_PAGE: usize = 30;
pub const DRAFT_SLOT: &str = "batch:new";

fn parse_form(form: &BatchForm, today: NaiveDate) -> (BatchRecord, Vec<FieldError>) {
    let mut errors = Vec::new();
    let date = match dates::parse_past_dmy(&form.date, today) {
        Ok(d) => Some(d),
        Err(dates::DateError::Future) => {
            errors.push(FieldError {
                field: "received_at",
                problem: Problem::FutureDate,
            });
            None
        }
        Err(_) => {
            errors.push(FieldError {
                field: "received_at",
                problem: Problem::Required,
            });
            None
        }
    };
    let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M").ok();
    if time.is_none() {
        errors.push(FieldError {
            field: "time",
            problem: Problem::Required,
        });
    }
    let batch = BatchRecord {
        received_at: date.zip(time).map(|(d, t)| d.and_time(t)),
        gate_id: form.gate_id,
        place: form.place.clone(),
        handing_party: form.handing_party.clone(),
        receiving_officers: form.receiving_officers.clone(),
        receiving_units: form.receiving_units.clone(),
        documents: form.documents.clone(),
        notes: form.notes.clone(),
        source: form.source,
        ..BatchRecord::default()
    };
    let now = Local::now().naive_local();
    for e in batch.validate(now) {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    (batch, errors)
}

impl TypedRow {
    pub fn to_quick(&self) -> (QuickRow, Vec<FieldError>) {
        let mut errors = Vec::new();
        let sex = if self.sex.trim().is_empty() {
            Sex::Unknown
        } else {
            Sex::parse_typed(&self.sex).unwrap_or_else(|| {
                errors.push(FieldError {
                    field: "sex",
                    problem: Problem::Required,
                });
                Sex::Unknown
            })
        };
        let province_code = if self.province.trim().is_empty() {
            None
        } else {
            match places::find_province(&self.province) {
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

    fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.sex.trim().is_empty()
            && self.age.trim().is_empty()
            && self.province.trim().is_empty()
            && self.document.trim().is_empty()
    }
}

impl Batches {
    pub fn new() -> Batches {
        Batches {
            mode: Mode::List,
            list: Vec::new(),
            total: 0,
            page: 0,
            form: BatchForm::default(),
            saved_form: BatchForm::default(),
            row_errors: Vec::new(),
            header_errors: Vec::new(),
            gates: Vec::new(),
            error: None,
            busy: false,
            draft_dirty: false,
        }
    }

    pub fn load(&mut self, db: &Db) -> Task<Message> {
        let page = self.page;
        db.task(move |v| v.list_batches(page, PER_PAGE), Message::Loaded)
    }

    pub fn is_dirty(&self) -> bool {
        matches!(self.mode, Mode::New) && self.form != self.saved_form
    }

    pub fn needs_autosave(&self) -> bool {
        self.draft_dirty
    }

    pub fn draft(&self) -> Option<(String, String)> {
        self.is_dirty().then(|| {
            (
                DRAFT_SLOT.to_string(),
                serde_json::to_string(&self.form).expect("serialises"),
            )
        })
    }

    /// Open the new-batch form with a draft left by a crash or a lock.
    pub fn resume(&mut self, payload: &str) {
        if let Ok(f) = serde_json::from_str::<BatchForm>(payload) {
            self.form = f;
            self.mode = Mode::New;
        }
    }

    fn touch(&mut self) {
        self.draft_dirty = self.is_dirty();
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        let l = lang;
        match message {
            Message::Load => return (self.load(db), None),
            Message::Loaded(Ok((list, total))) => {
                self.list = list;
                self.total = total;
            }
            Message::Loaded(Err(e)) => self.error = Some(e.message(l)),
            Message::Page(p) => {
                self.page = p;
                return (self.load(db), None);
            }
            Message::New => {
                if !matches!(self.mode, Mode::New) {
                    self.form = BatchForm::default();
                    self.saved_form = self.form.clone();
                }
                self.mode = Mode::New;
                self.row_errors.clear();
                self.header_errors.clear();
                self.error = None;
                return (operation::focus(Id::new(ID_HANDING)), None);
            }
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
                    self.touch();
                }
            }
            Message::RowSubmit(i) => {
                // Enter on a row: a new row below (unless the next is empty), focused.
                let next = i + 1;
                if next >= self.form.rows.len() {
                    self.form.rows.push(TypedRow::default());
                    self.touch();
                }
                return (operation::focus(Id::from(row_id(next, "name"))), None);
            }
            Message::AddRow => {
                self.form.rows.push(TypedRow::default());
                self.touch();
                return (
                    operation::focus(Id::from(row_id(self.form.rows.len() - 1, "name"))),
                    None,
                );
            }
            Message::RemoveRow(i) => {
                if self.form.rows.len() > 1 && i < self.form.rows.len() {
                    self.form.rows.remove(i);
                    self.row_errors.clear();
                    self.touch();
                }
            }
            Message::Save => return (self.save(db, l), None),
            Message::Saved(Ok((batch_id, saved))) => {
                self.busy = false;
                self.draft_dirty = false;
                self.form = BatchForm::default();
                self.saved_form = self.form.clone();
                self.mode = Mode::Result { batch_id, saved };
                return (
                    Task::batch([
                        db.task(|v| v.delete_draft(DRAFT_SLOT), Message::DraftSaved),
                        self.load(db),
                    ]),
                    Some(Event::Changed),
                );
            }
            Message::Saved(Err(e)) => {
                self.busy = false;
                self.error = Some(e.message(l));
            }
            Message::OpenBatch(id) => {
                return (db.task(move |v| v.open_batch(&id), Message::Opened), None);
            }
            Message::Opened(Ok((batch, people))) => {
                self.mode = Mode::Detail {
                    batch: Box::new(batch),
                    people,
                }
            }
            Message::Opened(Err(e)) => self.error = Some(e.message(l)),
            Message::OpenCase(id) => return (Task::none(), Some(Event::OpenCase(id))),
            Message::BackToList => {
                self.mode = Mode::List;
                return (self.load(db), None);
            }
            Message::Autosave => {
                if let (true, Some((slot, payload))) = (self.draft_dirty, self.draft()) {
                    self.draft_dirty = false;
                    return (
                        db.task(move |v| v.save_draft(&slot, &payload), Message::DraftSaved),
                        None,
                    );
                }
            }
            Message::Print(batch_id, action) => {
                return (
                    Task::none(),
                    Some(Event::Document(
                        crate::ui::print::Doc::Reception(batch_id),
                        action,
                    )),
                );
            }
            Message::DraftSaved(Ok(())) => {}
            Message::DraftSaved(Err(e)) => {
                self.draft_dirty = true;
                self.error = Some(e.message(l));
            }
        }
        (Task::none(), None)
    }

    fn save(&mut self, db: &Db, l: Lang) -> Task<Message> {
        if self.busy {
            return Task::none();
        }
        let today = Local::now().date_naive();
        let (mut batch, header_errors) = parse_form(&self.form, today);
        self.header_errors = header_errors;
        self.row_errors.clear();
        let mut people = Vec::new();
        for (i, r) in self.form.rows.iter().enumerate() {
            if r.is_blank() {
                continue;
            }
            let (q, mut errs) = r.to_quick();
            match q.to_case(&batch, today) {
                Ok(c) if errs.is_empty() => people.push(c),
                Ok(_) => {}
                Err(e) => errs.extend(e),
            }
            self.row_errors.extend(errs.into_iter().map(|e| (i, e)));
        }
        if people.is_empty() && self.row_errors.is_empty() {
            self.error = Some(t!(l, "batch-no-people"));
            return Task::none();
        }
        if !self.header_errors.is_empty() || !self.row_errors.is_empty() {
            self.error = Some(t!(
                l,
                "case-has-errors",
                count = self.header_errors.len() + self.row_errors.len()
            ));
            return Task::none();
        }
        self.error = None;
        self.busy = true;
        db.task(
            move |v| {
                let saved = v.create_batch(&mut batch, &mut people)?;
                Ok((batch.id.clone(), saved))
            },
            Message::Saved,
        )
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let body = match &self.mode {
            Mode::List => self.view_list(l),
            Mode::New => self.view_new(l),
            Mode::Result { saved, .. } => self.view_result(saved, l),
            Mode::Detail { batch, people } => self.view_detail(batch, people, l),
        };
        let mut c = column![].spacing(10);
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        c.push(body).padding(16).height(Length::Fill).into()
    }

    fn gate_name(&self, id: Option<i64>) -> String {
        self.gates
            .iter()
            .find(|g| Some(g.id) == id)
            .map(|g| g.name.clone())
            .unwrap_or_default()
    }

    fn view_list(&self, l: Lang) -> Element<'_, Message> {
        let mut rows = column![
            row![
                text(t!(l, "batch-number"))
                    .width(Length::Fixed(140.0))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-received-at"))
                    .width(Length::Fixed(160.0))
                    .font(theme::SEMIBOLD),
                text(t!(l, "case-gate"))
                    .width(Length::Fill)
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-people"))
                    .width(Length::Fixed(110.0))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-children"))
                    .width(Length::Fixed(110.0))
                    .font(theme::SEMIBOLD),
            ]
            .spacing(8)
            .padding([6, 8])
        ];
        for b in &self.list {
            let when = b.received_at.replace('T', " ");
            let when = format!(
                "{} {}",
                dates::iso_to_dmy(&when),
                when.get(11..).unwrap_or("")
            );
            rows = rows.push(
                button(
                    row![
                        text(b.number.clone()).width(Length::Fixed(140.0)).size(14),
                        text(when).width(Length::Fixed(160.0)).size(14),
                        text(b.gate.clone().unwrap_or_else(|| b.place.clone()))
                            .width(Length::Fill)
                            .size(14),
                        text(b.people.to_string())
                            .width(Length::Fixed(110.0))
                            .size(14),
                        text(b.children.to_string())
                            .width(Length::Fixed(110.0))
                            .size(14),
                    ]
                    .spacing(8),
                )
                .on_press(Message::OpenBatch(b.id.clone()))
                .width(Length::Fill)
                .padding([6, 8])
                .style(theme::nav(false)),
            );
        }
        let pages = self.total.div_ceil(PER_PAGE).max(1);
        column![
            row![
                widgets::title(t!(l, "nav-batches")),
                widgets::hspace(),
                button(text(t!(l, "batch-new")))
                    .on_press(Message::New)
                    .style(button::primary)
                    .padding([8, 16]),
            ]
            .align_y(Alignment::Center),
            container(scrollable(rows).height(Length::Fill))
                .style(theme::card)
                .height(Length::Fill),
            row![
                button(text(t!(l, "action-prev")))
                    .on_press_maybe((self.page > 0).then(|| Message::Page(self.page - 1)))
                    .style(button::secondary),
                text(t!(
                    l,
                    "page-of",
                    page = self.page + 1,
                    pages = pages,
                    total = self.total
                ))
                .size(13),
                button(text(t!(l, "action-next-page")))
                    .on_press_maybe((self.page + 1 < pages).then(|| Message::Page(self.page + 1)))
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    fn header_error(&self, field: &str, l: Lang) -> Option<String> {
        self.header_errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| labels::problem(l, e.problem))
    }

    fn view_new(&self, l: Lang) -> Element<'_, Message> {
        let f = &self.form;
        let gates: Vec<Choice<i64>> = self
            .gates
            .iter()
            .filter(|g| g.active)
            .map(|g| Choice {
                value: g.id,
                label: g.name.clone(),
            })
            .collect();
        let gate = f
            .gate_id
            .and_then(|id| gates.iter().find(|g| g.value == id).cloned());
        let sources = labels::choices(Source::ALL, |s| labels::source(l, s));
        let input = |label: String,
                     value: &str,
                     hf: HeaderField,
                     id: Option<&'static str>,
                     err: Option<String>| {
            let mut ti = text_input("", value)
                .on_input(move |s| Message::Header(hf, s))
                .padding(6);
            if let Some(id) = id {
                ti = ti.id(Id::new(id));
            }
            widgets::field(label, ti, err)
        };
        let header = column![
            row![
                input(
                    t!(l, "batch-date"),
                    &f.date,
                    HeaderField::Date,
                    Some(ID_DATE),
                    self.header_error("received_at", l)
                ),
                input(
                    t!(l, "batch-time"),
                    &f.time,
                    HeaderField::Time,
                    None,
                    self.header_error("time", l)
                ),
                widgets::field(
                    t!(l, "case-gate"),
                    pick_list(gates, gate, Message::Gate).padding(6),
                    self.header_error("gate", l)
                ),
                widgets::field(
                    t!(l, "case-source"),
                    pick_list(
                        sources.clone(),
                        labels::selected(&sources, f.source),
                        Message::Source
                    )
                    .padding(6),
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
                    self.header_error("handing_party", l)
                ),
                input(
                    t!(l, "case-place"),
                    &f.place,
                    HeaderField::Place,
                    None,
                    None
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-officers"),
                    &f.receiving_officers,
                    HeaderField::Officers,
                    None,
                    None
                ),
                input(
                    t!(l, "batch-units"),
                    &f.receiving_units,
                    HeaderField::Units,
                    None,
                    None
                ),
            ]
            .spacing(12),
            row![
                input(
                    t!(l, "batch-documents"),
                    &f.documents,
                    HeaderField::Documents,
                    Some(ID_DOCUMENTS),
                    None
                ),
                input(
                    t!(l, "case-notes"),
                    &f.notes,
                    HeaderField::Notes,
                    None,
                    None
                ),
            ]
            .spacing(12),
        ]
        .spacing(8);

        let mut table = column![
            text(t!(l, "batch-quick-help")).size(13).style(theme::muted),
            row![
                text("#").width(Length::Fixed(30.0)).font(theme::SEMIBOLD),
                text(t!(l, "case-full-name"))
                    .width(Length::FillPortion(4))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-col-sex"))
                    .width(Length::FillPortion(1))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-col-age"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-col-province"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text(t!(l, "batch-col-document"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text("").width(Length::Fixed(36.0)),
            ]
            .spacing(6),
        ]
        .spacing(4);
        for (i, r) in f.rows.iter().enumerate() {
            let cell = |col: Col, value: &str, placeholder: String, portion: u16| {
                text_input(&placeholder, value)
                    .id(Id::from(row_id(i, col.key())))
                    .on_input(move |s| Message::Cell(i, col, s))
                    .on_submit(Message::RowSubmit(i))
                    .padding(5)
                    .width(Length::FillPortion(portion))
            };
            let province_hint =
                places::find_province(&r.province).map(|p| p.short_name().to_string());
            table = table.push(
                row![
                    text((i + 1).to_string()).width(Length::Fixed(30.0)),
                    cell(Col::Name, &r.name, String::new(), 4),
                    cell(Col::Sex, &r.sex, t!(l, "batch-sex-placeholder"), 1),
                    cell(Col::Age, &r.age, t!(l, "batch-age-placeholder"), 2),
                    cell(
                        Col::Province,
                        &r.province,
                        province_hint.unwrap_or_default(),
                        2
                    ),
                    cell(Col::Document, &r.document, String::new(), 2),
                    button(text("×"))
                        .on_press(Message::RemoveRow(i))
                        .style(button::text)
                        .width(Length::Fixed(36.0)),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
            let errs: Vec<String> = self
                .row_errors
                .iter()
                .filter(|(ri, _)| *ri == i)
                .map(|(_, e)| {
                    format!(
                        "{}: {}",
                        column_label(e.field, l),
                        labels::problem(l, e.problem)
                    )
                })
                .collect();
            if !errs.is_empty() {
                table = table.push(text(errs.join(" · ")).size(13).style(theme::danger_text));
            }
        }
        table = table.push(
            row![
                button(text(t!(l, "batch-add-row")))
                    .on_press(Message::AddRow)
                    .style(button::secondary),
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
            row![
                button(text(t!(l, "case-back")))
                    .on_press(Message::BackToList)
                    .style(button::secondary),
                widgets::title(t!(l, "batch-new-title")),
                widgets::hspace(),
                button(text(t!(l, "batch-save")))
                    .on_press_maybe((!self.busy).then_some(Message::Save))
                    .style(button::primary)
                    .padding([8, 18]),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
            scrollable(
                column![
                    container(header).padding(12).style(theme::card),
                    container(table).padding(12).style(theme::card),
                ]
                .spacing(10)
            )
            .height(Length::Fill),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    fn view_result<'a>(&'a self, saved: &'a [CaseSaved], l: Lang) -> Element<'a, Message> {
        let mut col = column![
            row![
                button(text(t!(l, "case-back")))
                    .on_press(Message::BackToList)
                    .style(button::secondary),
                widgets::title(t!(l, "batch-saved-title", count = saved.len())),
                widgets::hspace(),
                button(text(t!(l, "batch-new")))
                    .on_press(Message::New)
                    .style(button::primary),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
        ]
        .spacing(8);
        let with_dups = saved.iter().filter(|s| !s.duplicates.is_empty()).count();
        if with_dups > 0 {
            col = col.push(widgets::banner(
                Banner::Warning,
                t!(l, "batch-duplicates", count = with_dups),
            ));
        }
        for s in saved {
            let mut r = row![text(s.number.clone()).width(Length::Fixed(160.0))]
                .spacing(8)
                .align_y(Alignment::Center);
            if let Some(d) = s.duplicates.first() {
                let strong = d.kind.is_strong();
                let msg = if strong {
                    t!(l, "batch-dup-strong", number = d.number.clone())
                } else {
                    t!(l, "batch-dup-possible", number = d.number.clone())
                };
                r = r.push(if strong {
                    text(msg).style(theme::danger_text)
                } else {
                    text(msg).style(theme::warning_text)
                });
            }
            r = r.push(widgets::hspace()).push(
                button(text(t!(l, "batch-open-case")))
                    .on_press(Message::OpenCase(s.id.clone()))
                    .style(button::secondary),
            );
            col = col.push(r);
        }
        scrollable(col).height(Length::Fill).into()
    }

    fn view_detail<'a>(
        &'a self,
        b: &'a BatchRecord,
        people: &'a [CaseRow],
        l: Lang,
    ) -> Element<'a, Message> {
        let when = b
            .received_at
            .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_default();
        let col = column![
            row![
                button(text(t!(l, "case-back")))
                    .on_press(Message::BackToList)
                    .style(button::secondary),
                widgets::title(t!(l, "batch-title", number = b.number.clone())),
                widgets::hspace(),
                text(t!(l, "doc-reception")).size(14),
                button(text(t!(l, "doc-open")))
                    .on_press(Message::Print(
                        b.id.clone(),
                        crate::ui::screens::referrals::DocAction::Open
                    ))
                    .style(button::secondary),
                button(text(t!(l, "doc-save")))
                    .on_press(Message::Print(
                        b.id.clone(),
                        crate::ui::screens::referrals::DocAction::Save
                    ))
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
            container(
                column![
                    widgets::kv(t!(l, "batch-received-at"), when),
                    widgets::kv(t!(l, "case-gate"), self.gate_name(b.gate_id)),
                    widgets::kv(t!(l, "case-place"), b.place.clone()),
                    widgets::kv(t!(l, "case-source"), labels::source(l, b.source)),
                    widgets::kv(t!(l, "batch-handing-party"), b.handing_party.clone()),
                    widgets::kv(t!(l, "batch-officers"), b.receiving_officers.clone()),
                    widgets::kv(t!(l, "batch-units"), b.receiving_units.clone()),
                    widgets::kv(t!(l, "batch-documents"), b.documents.clone()),
                    widgets::kv(t!(l, "case-notes"), b.notes.clone()),
                ]
                .spacing(4)
            )
            .padding(12)
            .style(theme::card),
            widgets::section(t!(l, "batch-people-title", count = people.len())),
        ]
        .spacing(10);
        let mut list = column![];
        for p in people {
            let mut name = p.full_name.clone();
            if p.is_child {
                name.push_str(&format!(" · {}", t!(l, "cases-child")));
            }
            list = list.push(
                button(
                    row![
                        text(p.number.clone()).width(Length::Fixed(140.0)),
                        text(name).width(Length::Fill),
                        text(labels::sex(l, p.sex)).width(Length::Fixed(80.0)),
                        text(labels::status(l, p.status)).width(Length::Fixed(200.0)),
                    ]
                    .spacing(8),
                )
                .on_press(Message::OpenCase(p.id.clone()))
                .width(Length::Fill)
                .style(theme::nav(false)),
            );
        }
        col.push(scrollable(list).height(Length::Fill))
            .height(Length::Fill)
            .into()
    }
}

fn column_label(field: &str, l: Lang) -> String {
    match field {
        "full_name" => t!(l, "case-full-name"),
        "sex" => t!(l, "batch-col-sex"),
        "age" => t!(l, "batch-col-age"),
        "province" => t!(l, "batch-col-province"),
        "document" => t!(l, "batch-col-document"),
        other => other.to_string(),
    }
}

impl Default for Batches {
    fn default() -> Self {
        Batches::new()
    }
}

//! Reception batches: the list, a new batch with its quick-entry table
//! (`table`: many people at once, by keyboard, with duplicates shown in the
//! row before anything is created), the saved result, and a batch's detail
//! with its reception record.

mod handover;
pub mod handover_form;
pub mod import;
mod scan;
mod table;

use iced::widget::{Id, column, operation, scrollable, text};
use iced::{Alignment, Element, Length, Task};

pub use import::ListNotice;
pub use table::{Col, HeaderField, ID_DATE, ID_DOCUMENTS, ID_HANDING, RowDecision, row_id};

use crate::app::{self, batches::IssuedReception};
use crate::domain::batch::{BatchForm, BatchRecord};
use crate::domain::case::Source;
use crate::domain::dates;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{self, UiResult};
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::print::{Doc, DocAction};
use crate::ui::screens::Update;
use crate::ui::screens::case_form::draft;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Choice, Kind, btn, col};
use crate::vault::cases::{BatchSummary, CaseRow, CaseSaved, DuplicateHit, Gate};

pub const DRAFT_SLOT: &str = "batch:new";
const PER_PAGE: usize = 30;

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
    /// The duplicates of a row, looked up while typing (row, what was looked up, hits).
    RowChecked(usize, String, UiResult<Vec<DuplicateHit>>),
    Decide(usize, RowDecision),
    Reason(usize, String),
    Save,
    /// The batch's id and each case created, with the name it was saved under.
    Saved(UiResult<(String, Vec<(CaseSaved, String)>)>),
    OpenBatch(String),
    Opened(UiResult<(BatchRecord, Vec<CaseRow>)>),
    OpenCase(String),
    Notice(String),
    BackToList,
    Autosave,
    DraftSaved(UiResult<()>),
    Print(String, DocAction),
    /// Open the handover form of a batch (id, number).
    HandOver(String, String),
    HandoverForm(handover_form::Message),
    HandoversLoaded(handover::Loaded),
    PrintCitizens(String, DocAction),
    /// The new batch's header is typed: import its people from a list.
    StartImport,
    /// Import more people into this saved batch (id, number).
    ImportInto(String, String),
    /// Whether the batch still takes people (its reception record is not
    /// issued), looked up when "import more" is pressed.
    ImportChecked(String, String, UiResult<Option<IssuedReception>>),
    /// The batch's reception record, once issued (batch id, record).
    ReceptionLoaded(String, UiResult<Option<IssuedReception>>),
    Import(import::Message),
    /// Write the batch's people back as the list (batch id, number).
    ExportList(String, String),
    ExportTo(String, Option<std::path::PathBuf>),
    Exported(UiResult<(usize, std::path::PathBuf)>),
}

impl Message {
    /// Whether the message changes what the new batch's table holds.
    pub(super) fn edits_table(&self) -> bool {
        matches!(
            self,
            Message::Header(..)
                | Message::Gate(_)
                | Message::Source(_)
                | Message::Cell(..)
                | Message::RowSubmit(_)
                | Message::AddRow
                | Message::RemoveRow(_)
                | Message::Decide(..)
                | Message::Reason(..)
        )
    }
}

pub enum Event {
    OpenCase(String),
    /// The personal-data notice step for one person just received.
    Notice(String),
    Document(Doc, DocAction),
}

pub enum Mode {
    List,
    New,
    Result {
        batch_id: String,
        /// Each case created, with the person's name.
        saved: Vec<(CaseSaved, String)>,
    },
    Detail {
        batch: Box<BatchRecord>,
        people: Vec<CaseRow>,
    },
    /// A handover list being imported (over the new batch or a saved one).
    Import(Box<import::ListImport>),
    /// A citizen handover record being made for a saved batch.
    Handover(Box<handover_form::Form>),
}

pub struct Batches {
    pub mode: Mode,
    list: Vec<BatchSummary>,
    total: usize,
    page: usize,
    pub table: table::Table,
    pub gates: Vec<Gate>,
    notice: Option<Notice>,
    handovers: handover::Records,
    /// The open batch's reception record, once issued.
    reception: Option<IssuedReception>,
}

impl Default for Batches {
    fn default() -> Self {
        Batches::new()
    }
}

impl Batches {
    pub fn new() -> Batches {
        Batches {
            mode: Mode::List,
            list: Vec::new(),
            total: 0,
            page: 0,
            table: table::Table::new(),
            gates: Vec::new(),
            notice: None,
            handovers: handover::Records::default(),
            reception: None,
        }
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        let page = self.page;
        session
            .db
            .task(move |v| v.list_batches(page, PER_PAGE), Message::Loaded)
    }

    /// Entering the area: a batch being typed stays open.
    pub fn enter(&mut self, session: &Session) -> Task<Message> {
        if matches!(self.mode, Mode::New | Mode::Import(_)) {
            return Task::none();
        }
        self.mode = Mode::List;
        self.load(session)
    }

    /// Whether the batch's detail is the one shown.
    fn is_open(&self, batch_id: &str) -> bool {
        matches!(&self.mode, Mode::Detail { batch, .. } if batch.id == batch_id)
    }

    /// A paper was made: the open batch's reception record may now be issued.
    pub fn papers_changed(&mut self, session: &Session) -> Task<Message> {
        let Mode::Detail { batch, .. } = &self.mode else {
            return Task::none();
        };
        let id = batch.id.clone();
        issued_reception(session, id.clone(), move |r| {
            Message::ReceptionLoaded(id, r)
        })
    }

    pub fn form(&self) -> &BatchForm {
        &self.table.form
    }

    pub fn needs_autosave(&self) -> bool {
        self.table.draft_dirty
    }

    pub fn draft(&self) -> Option<(String, String)> {
        let typing = match &self.mode {
            Mode::New => true,
            Mode::Import(i) => matches!(i.into, import::Into::New(..)),
            _ => false,
        };
        (typing && self.table.is_dirty()).then(|| {
            (
                DRAFT_SLOT.to_string(),
                serde_json::to_string(&self.table.form).unwrap_or_default(),
            )
        })
    }

    /// Open the new-batch form with a draft left by a crash or a lock.
    pub fn resume(&mut self, payload: &str) {
        if let Ok(f) = serde_json::from_str::<BatchForm>(payload) {
            self.table.form = f;
            self.mode = Mode::New;
        }
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        let db = &session.db;
        match message {
            Message::Load => return (self.load(session), None),
            Message::Loaded(Ok((list, total))) => {
                self.list = list;
                self.total = total;
            }
            Message::Loaded(Err(e)) | Message::Opened(Err(e)) => {
                self.notice = Some(Notice::Error(e))
            }
            Message::Page(p) => {
                self.page = p;
                return (self.load(session), None);
            }
            Message::New => {
                if !matches!(self.mode, Mode::New) {
                    let gate = self.gates.iter().find(|g| g.active).map(|g| g.id);
                    self.table = table::Table::new();
                    self.table.form = BatchForm::new_at(crate::clock::now(), gate);
                    self.table.mark_saved();
                }
                self.mode = Mode::New;
                self.notice = None;
                return (operation::focus(Id::new(ID_HANDING)), None);
            }
            Message::Save => {
                if !matches!(self.mode, Mode::New) {
                    return (Task::none(), None);
                }
                return match self.table.save(session) {
                    Ok(task) => {
                        self.notice = None;
                        (task, None)
                    }
                    Err(n) => {
                        self.notice = Some(n);
                        (Task::none(), None)
                    }
                };
            }
            Message::Saved(Ok((batch_id, saved))) => {
                self.table = table::Table::new();
                self.mode = Mode::Result { batch_id, saved };
                return (
                    Task::batch([
                        draft::delete(session, Some(DRAFT_SLOT.into()), Message::DraftSaved),
                        self.load(session),
                    ]),
                    None,
                );
            }
            Message::Saved(Err(e)) => {
                self.table.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::OpenBatch(id) => {
                return (db.task(move |v| v.open_batch(&id), Message::Opened), None);
            }
            Message::Opened(Ok((batch, people))) => {
                self.handovers = handover::Records::default();
                self.reception = None;
                let handovers = handover::load(session, batch.id.clone());
                self.mode = Mode::Detail {
                    batch: Box::new(batch),
                    people,
                };
                return (Task::batch([handovers, self.papers_changed(session)]), None);
            }
            Message::HandOver(id, number) => {
                self.mode = Mode::Handover(Box::new(handover_form::Form::new(id.clone(), number)));
                self.notice = None;
                return (
                    handover_form::Form::load(session, id).map(Message::HandoverForm),
                    None,
                );
            }
            Message::HandoverForm(m) => {
                let Mode::Handover(f) = &mut self.mode else {
                    return (Task::none(), None);
                };
                let (task, event) = f.update(m, session);
                let task = task.map(Message::HandoverForm);
                let id = f.batch_id.clone();
                return match event {
                    None => (task, None),
                    Some(handover_form::Event::Cancel) => {
                        (db.task(move |v| v.open_batch(&id), Message::Opened), None)
                    }
                    Some(handover_form::Event::Recorded(n)) => {
                        self.notice = Some(n);
                        (db.task(move |v| v.open_batch(&id), Message::Opened), None)
                    }
                };
            }
            Message::HandoversLoaded(Ok(list)) => self.handovers = list,
            Message::HandoversLoaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::PrintCitizens(id, action) => {
                return (
                    Task::none(),
                    Some(Event::Document(Doc::CitizenHandover(id), action)),
                );
            }
            Message::OpenCase(id) => return (Task::none(), Some(Event::OpenCase(id))),
            Message::Notice(id) => return (Task::none(), Some(Event::Notice(id))),
            Message::BackToList => {
                self.mode = Mode::List;
                return (self.load(session), None);
            }
            Message::Autosave => {
                let draft = self.table.draft_dirty.then(|| self.draft()).flatten();
                let task = db.autosave(&mut self.table.draft_dirty, draft, Message::DraftSaved);
                return (task, None);
            }
            Message::Print(batch_id, action) => {
                return (
                    Task::none(),
                    Some(Event::Document(Doc::Reception(batch_id), action)),
                );
            }
            Message::StartImport => {
                if let Some(batch) = self.table.checked_header() {
                    let gate = self.gate_name(batch.gate_id);
                    self.mode = Mode::Import(Box::new(import::ListImport::new(import::Into::New(
                        Box::new(batch),
                        gate,
                    ))));
                    self.notice = None;
                    return (operation::focus(Id::new(import::ID_PATH)), None);
                }
                self.notice = Some(Notice::FormProblems(1));
            }
            Message::ImportInto(id, number) => {
                let check = issued_reception(session, id.clone(), move |r| {
                    Message::ImportChecked(id, number, r)
                });
                return (check, None);
            }
            // A late answer about a batch no longer open is dropped.
            Message::ReceptionLoaded(id, _) | Message::ImportChecked(id, ..)
                if !self.is_open(&id) => {}
            Message::ReceptionLoaded(_, Ok(r)) => self.reception = r,
            Message::ReceptionLoaded(_, Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::ImportChecked(_, _, Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::ImportChecked(_, _, Ok(Some(r))) => {
                self.notice = Some(Notice::Error(jobs::UiError::ReceptionIssued {
                    number: r.number.clone(),
                    issued_on: r.issued_on,
                }));
                self.reception = Some(r);
            }
            Message::ImportChecked(id, number, Ok(None)) => {
                self.mode =
                    Mode::Import(Box::new(import::ListImport::new(import::Into::Existing {
                        id,
                        number,
                    })));
                self.notice = None;
                return (operation::focus(Id::new(import::ID_PATH)), None);
            }
            Message::Import(m) => {
                let Mode::Import(i) = &mut self.mode else {
                    return (Task::none(), None);
                };
                let (task, event) = i.update(m, session);
                let task = task.map(Message::Import);
                return match event {
                    None => (task, None),
                    Some(import::Event::OpenCase(id)) => (task, Some(Event::OpenCase(id))),
                    Some(import::Event::Back) => {
                        let back = match &i.into {
                            import::Into::New(..) => None,
                            import::Into::Existing { id, .. } => Some(id.clone()),
                        };
                        match back {
                            None => {
                                self.mode = Mode::New;
                                (task, None)
                            }
                            Some(id) => {
                                (db.task(move |v| v.open_batch(&id), Message::Opened), None)
                            }
                        }
                    }
                    Some(import::Event::Done(done)) => {
                        let new = matches!(i.into, import::Into::New(..));
                        self.notice = Some(Notice::List(ListNotice::Imported {
                            count: done.created.len(),
                            number: done.batch_number.clone(),
                            skipped: done.skipped,
                        }));
                        let id = done.batch_id.clone();
                        let mut tasks = vec![
                            db.task(move |v| v.open_batch(&id), Message::Opened),
                            self.load(session),
                        ];
                        if new {
                            self.table = table::Table::new();
                            let slot = Some(DRAFT_SLOT.into());
                            tasks.push(draft::delete(session, slot, Message::DraftSaved));
                        }
                        (Task::batch(tasks), None)
                    }
                };
            }
            Message::ExportList(id, number) => {
                // An imported batch is numbered "TN-2026-0001/ABCD": no folder in a file name.
                let name = format!("danh-sach-{}.xlsx", number.replace('/', "-"));
                return (
                    crate::ui::print::choose_save_path(name, "xlsx", session.dir.join("exports"))
                        .map(move |p| Message::ExportTo(id.clone(), p)),
                    None,
                );
            }
            Message::ExportTo(_, None) => {}
            Message::ExportTo(id, Some(path)) => {
                let l = session.lang;
                return (
                    db.task_app(
                        move |v| {
                            let (_, count, bytes) = crate::app::lists::export_list(v, &id, |b| {
                                let date = b
                                    .received_at
                                    .map(|t| t.format("%d/%m/%Y").to_string())
                                    .unwrap_or_default();
                                t!(
                                    l,
                                    "list-export-title",
                                    number = b.number.clone(),
                                    date = date
                                )
                            })?;
                            crate::vault::fsio::write_atomic(&path, &bytes)
                                .map_err(crate::app::AppError::from)?;
                            Ok((count, path))
                        },
                        Message::Exported,
                    ),
                    None,
                );
            }
            Message::Exported(Ok((count, path))) => {
                self.notice = Some(Notice::List(ListNotice::Exported { count, path }));
            }
            Message::Exported(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::DraftSaved(r) => {
                jobs::draft_saved(r, &mut self.table.draft_dirty, &mut self.notice)
            }
            other => {
                // Typing in the new batch's header and table.
                let (task, open) = self.table.update(other, session);
                return (task, open.map(Event::OpenCase));
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let body = match &self.mode {
            Mode::List => self.view_list(l),
            Mode::New => self.table.view(l, &self.gates),
            Mode::Result { saved, .. } => self.view_result(saved, l),
            Mode::Detail { batch, people } => self.view_detail(batch, people, l),
            Mode::Import(i) => i.view(l).map(Message::Import),
            Mode::Handover(f) => f.view(l).map(Message::HandoverForm),
        };
        column![widgets::notice(l, self.notice.as_ref()), body]
            .spacing(10)
            .padding(16)
            .height(Length::Fill)
            .into()
    }

    fn gate_name(&self, id: Option<i64>) -> String {
        self.gates
            .iter()
            .find(|g| Some(g.id) == id)
            .map(|g| g.name.clone())
            .unwrap_or_default()
    }

    fn view_list(&self, l: Lang) -> Element<'_, Message> {
        let lines = self
            .list
            .iter()
            .map(|b| {
                let when = b.received_at.replace('T', " ");
                let when = format!(
                    "{} {}",
                    dates::iso_to_dmy(&when),
                    when.get(11..).unwrap_or("")
                );
                let gate = b.gate.clone().unwrap_or_else(|| b.place.clone());
                let cells = vec![
                    b.number.clone(),
                    when,
                    gate,
                    b.people.to_string(),
                    b.children.to_string(),
                ];
                widgets::line(cells, Message::OpenBatch(b.id.clone()))
            })
            .collect();
        column![
            widgets::heading(
                l,
                None,
                t!(l, "nav-batches"),
                vec![btn(t!(l, "batch-new"), Kind::Primary, Some(Message::New))]
            ),
            widgets::row_list(
                vec![
                    col(t!(l, "batch-number"), Length::Fixed(140.0)),
                    col(t!(l, "batch-received-at"), Length::Fixed(160.0)),
                    col(t!(l, "case-gate"), Length::Fill),
                    col(t!(l, "batch-people"), Length::Fixed(110.0)),
                    col(t!(l, "batch-under-18"), Length::Fixed(130.0)),
                ],
                lines,
                t!(l, "batch-none"),
            ),
            widgets::pager(
                l,
                self.page,
                self.total.div_ceil(PER_PAGE),
                self.total.to_string(),
                Message::Page
            ),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }

    fn view_result<'a>(
        &'a self,
        saved: &'a [(CaseSaved, String)],
        l: Lang,
    ) -> Element<'a, Message> {
        let mut col = column![widgets::heading(
            l,
            Some(Message::BackToList),
            t!(l, "batch-saved-title", count = saved.len()),
            vec![btn(t!(l, "batch-new"), Kind::Primary, Some(Message::New))]
        )]
        .spacing(8);
        let with_dups = saved
            .iter()
            .filter(|(s, _)| !s.duplicates.is_empty())
            .count();
        if with_dups > 0 {
            col = col.push(widgets::banner(
                Banner::Warning,
                t!(l, "batch-duplicates", count = with_dups),
            ));
        }
        for (s, name) in saved {
            let mut r = iced::widget::row![
                text(s.number.clone()).width(Length::Fixed(160.0)),
                text(name.clone()).width(Length::FillPortion(2)),
            ]
            .spacing(8)
            .align_y(Alignment::Center);
            if let Some(d) = s.duplicates.first() {
                r = r.push(if d.kind.is_strong() {
                    text(t!(l, "batch-dup-strong", number = d.number.clone()))
                        .style(theme::danger_text)
                } else {
                    text(t!(l, "batch-dup-possible", number = d.number.clone()))
                        .style(theme::warning_text)
                });
            }
            let (notice, open) = (
                Message::Notice(s.id.clone()),
                Message::OpenCase(s.id.clone()),
            );
            r = r.push(widgets::hspace()).extend(widgets::buttons([
                (t!(l, "batch-notice"), Kind::Secondary, Some(notice)),
                (t!(l, "batch-open-case"), Kind::Secondary, Some(open)),
            ]));
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
        let (id, number) = (&b.id, &b.number);
        let import_more = self
            .reception
            .is_none()
            .then(|| Message::ImportInto(id.clone(), number.clone()));
        let actions = widgets::buttons([
            (t!(l, "list-import-more"), Kind::Secondary, import_more),
            (
                t!(l, "list-export"),
                Kind::Secondary,
                Some(Message::ExportList(id.clone(), number.clone())),
            ),
        ]);
        // The reception record on a line of its own: in the heading it
        // was pushed past the window's edge at 1280 px.
        let mut record = column![widgets::doc_row(l, t!(l, "doc-reception"), true, |a| {
            Message::Print(id.clone(), a)
        })]
        .spacing(6);
        if let Some(r) = &self.reception {
            let paper = jobs::paper_ref(l, &r.number, r.issued_on);
            record = record.push(widgets::hint(t!(
                l,
                "batch-reception-issued",
                paper = paper
            )));
            let missing = r.missing(people.iter().map(|p| p.number.as_str()));
            if !missing.is_empty() {
                record = record.push(
                    text(t!(
                        l,
                        "batch-reception-missing",
                        count = missing.len(),
                        numbers = first_numbers(l, &missing)
                    ))
                    .style(theme::danger_text),
                );
            }
        } else {
            record = record.push(widgets::hint(t!(l, "batch-reception-closes")));
        }
        let lines = people
            .iter()
            .map(|p| {
                let mut name = p.full_name.clone();
                if p.is_child {
                    name.push_str(&format!(" · {}", t!(l, "cases-child")));
                }
                let cells = vec![
                    p.number.clone(),
                    name,
                    labels::sex(l, p.sex),
                    labels::status(l, p.status),
                ];
                widgets::line(cells, Message::OpenCase(p.id.clone()))
            })
            .collect();
        column![
            widgets::heading(
                l,
                Some(Message::BackToList),
                t!(l, "batch-title", number = b.number.clone()),
                actions
            ),
            widgets::card(record),
            widgets::card(
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
            ),
            widgets::card(handover::view(l, b, &self.handovers)),
            widgets::section(t!(l, "batch-people-title", count = people.len())),
            widgets::row_list(
                vec![
                    col(t!(l, "case-number"), Length::Fixed(140.0)),
                    col(t!(l, "case-full-name"), Length::Fill),
                    col(t!(l, "case-sex"), Length::Fixed(80.0)),
                    col(t!(l, "case-status"), Length::Fixed(200.0)),
                ],
                lines,
                String::new(),
            ),
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }
}

/// The batch's reception record, looked up off the UI thread.
fn issued_reception(
    session: &Session,
    batch_id: String,
    done: impl FnOnce(UiResult<Option<IssuedReception>>) -> Message + Send + 'static,
) -> Task<Message> {
    session
        .db
        .task_app(move |v| app::batches::issued_reception(v, &batch_id), done)
}

/// The first ten case numbers, and how many more ("…, và 3 người khác").
fn first_numbers(l: Lang, numbers: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut text = numbers[..numbers.len().min(SHOWN)].join(", ");
    if numbers.len() > SHOWN {
        text.push_str(&t!(l, "batch-and-others", count = numbers.len() - SHOWN));
    }
    text
}

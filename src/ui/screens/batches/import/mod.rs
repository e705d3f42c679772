//! Importing the handover list the other side gives with the people: the
//! officer chooses the file, sees the first rows with the columns as they
//! are read (each changeable), every row that needs a look (the batch
//! table's own problems, people already in the vault or twice in the list,
//! names without diacritics, TCVN3/VNI text before -> after), and nothing is
//! created until the officer confirms; then every person in one transaction.
//! Reading, checking and importing run off the UI thread (`app::lists`).

mod view;

pub use view::{field_label, flag_keys};

use std::path::PathBuf;
use std::sync::Arc;

use iced::Task;

use crate::app::lists::{self, ListFile};
use crate::domain::batch::BatchRecord;
use crate::domain::handover_list::{Field, LegacyChoice, Mapping, Preview, RowFlag};
use crate::export::sheet_reader::SheetError;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{self, UiResult};
use crate::ui::notice::Notice;
use crate::ui::print::{self, Picked};
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::widgets::Choice;
use crate::vault::batch_import::{Imported, Target};

/// The widget id of the file's path.
pub const ID_PATH: &str = "list-path";
/// Rows shown a page.
pub const PER_PAGE: usize = 40;

/// Where the list's people go, as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Into {
    /// A new batch with the header typed in the new-batch form (and the
    /// gate's name, to show).
    New(Box<BatchRecord>, String),
    /// An existing batch: its id and number.
    Existing { id: String, number: String },
}

/// What the import screen tells the officer.
#[derive(Debug, Clone, PartialEq)]
pub enum ListNotice {
    Unreadable(SheetError),
    NoNameColumn,
    ConversionsUnchecked,
    Invalid(usize),
    Nothing,
    Imported {
        count: usize,
        number: String,
        skipped: usize,
    },
    Exported {
        count: usize,
        path: PathBuf,
    },
}

impl ListNotice {
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            ListNotice::Imported { .. } | ListNotice::Exported { .. }
        )
    }

    pub fn text(&self, l: Lang) -> String {
        match self {
            ListNotice::Unreadable(e) => match e {
                SheetError::TooLarge => t!(l, "list-error-too_large"),
                SheetError::Empty => t!(l, "list-error-empty"),
                SheetError::Unreadable(_) => t!(l, "list-error-unreadable"),
                SheetError::NoSheet { name, .. } => {
                    t!(l, "list-error-no_sheet", name = name.clone())
                }
                SheetError::NoSheets => t!(l, "list-error-no_sheets"),
                SheetError::TooManyCells(_) => t!(l, "list-error-too_many_cells"),
                SheetError::Io { reason, .. } => t!(l, "list-error-io", reason = reason.clone()),
            },
            ListNotice::NoNameColumn => t!(l, "list-no-name-column"),
            ListNotice::ConversionsUnchecked => t!(l, "list-conversions-needed"),
            ListNotice::Invalid(n) => t!(l, "list-invalid-block", count = *n),
            ListNotice::Nothing => t!(l, "list-nothing"),
            ListNotice::Imported {
                count,
                number,
                skipped: 0,
            } => t!(l, "list-imported", count = *count, number = number.clone()),
            ListNotice::Imported {
                count,
                number,
                skipped,
            } => t!(
                l,
                "list-imported-skipped",
                count = *count,
                number = number.clone(),
                skipped = *skipped
            ),
            ListNotice::Exported { count, path } => t!(
                l,
                "list-exported",
                count = *count,
                path = path.display().to_string()
            ),
        }
    }
}

/// The file read, its columns and its rows checked.
pub type Read = Result<(Arc<ListFile>, Mapping, Preview), SheetError>;

#[derive(Debug, Clone)]
pub enum Message {
    Path(String),
    Choose,
    Chosen(Picked),
    Read,
    Sheet(Choice<String>),
    Legacy(Choice<LegacyChoice>),
    ReadDone(u64, UiResult<Read>),
    /// A column read as another field (or left out).
    Column(usize, Choice<Option<Field>>),
    Checked(u64, UiResult<Preview>),
    ConversionsOk(bool),
    SkipInvalid(bool),
    OnlyFlagged(bool),
    Page(usize),
    Import,
    Imported(UiResult<Imported>),
    OpenCase(String),
    Back,
}

pub enum Event {
    Back,
    OpenCase(String),
    /// The people were created: show the batch.
    Done(Imported),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    Reading,
    Importing,
}

pub struct ListImport {
    pub into: Into,
    pub path: String,
    sheet: Option<String>,
    legacy: LegacyChoice,
    file: Option<Arc<ListFile>>,
    mapping: Mapping,
    pub preview: Option<Preview>,
    conversions_ok: bool,
    skip_invalid: bool,
    only_flagged: bool,
    page: usize,
    pub busy: Option<Busy>,
    pub notice: Option<Notice>,
    /// Each read or check has a number; a late answer to an older one is dropped.
    generation: u64,
}

/// Whether a row needs the officer's look.
pub fn needs_look(r: &crate::domain::handover_list::PreviewRow) -> bool {
    !r.is_valid()
        || !r.duplicates.is_empty()
        || r.flags.iter().any(|f| {
            matches!(
                f,
                RowFlag::NameWithoutDiacritics | RowFlag::Converted | RowFlag::TwoDigitYear
            )
        })
}

impl ListImport {
    pub fn new(into: Into) -> ListImport {
        ListImport {
            into,
            path: String::new(),
            sheet: None,
            legacy: LegacyChoice::Auto,
            file: None,
            mapping: Mapping::default(),
            preview: None,
            conversions_ok: false,
            skip_invalid: false,
            only_flagged: false,
            page: 0,
            busy: None,
            notice: None,
            generation: 0,
        }
    }

    /// The header the rows are checked under.
    fn batch(&self) -> BatchRecord {
        match &self.into {
            Into::New(b, _) => (**b).clone(),
            Into::Existing { .. } => BatchRecord {
                received_at: Some(crate::clock::now()),
                ..BatchRecord::default()
            },
        }
    }

    /// Read the file again (a new path, sheet or encoding): the columns are proposed anew.
    fn read(&mut self, session: &Session) -> Task<Message> {
        let path = PathBuf::from(self.path.trim());
        if self.path.trim().is_empty() {
            return Task::none();
        }
        self.generation += 1;
        let generation = self.generation;
        self.busy = Some(Busy::Reading);
        self.notice = None;
        let (sheet, legacy, batch, db) = (
            self.sheet.clone(),
            self.legacy,
            self.batch(),
            session.db.clone(),
        );
        jobs::blocking(
            move || {
                let file = match lists::read_path(&path, sheet.as_deref(), legacy) {
                    Ok(f) => f,
                    Err(e) => return Ok(Err(e)),
                };
                db.run(|v| {
                    let mapping = lists::propose(v, &file)?;
                    let preview = lists::preview(v, &file, &mapping, &batch)?;
                    Ok(Ok((Arc::new(file), mapping, preview)))
                })
            },
            move |r| Message::ReadDone(generation, r),
        )
    }

    /// Check the rows again with the columns as now chosen.
    fn check(&mut self, session: &Session) -> Task<Message> {
        let Some(file) = self.file.clone() else {
            return Task::none();
        };
        self.generation += 1;
        let generation = self.generation;
        self.busy = Some(Busy::Reading);
        let (mapping, batch) = (self.mapping.clone(), self.batch());
        session.db.task_app(
            move |v| lists::preview(v, &file, &mapping, &batch),
            move |r| Message::Checked(generation, r),
        )
    }

    fn invalid(&self) -> usize {
        self.preview
            .as_ref()
            .map(|p| p.rows.len() - p.valid())
            .unwrap_or(0)
    }

    /// Why the list cannot be imported yet, if it cannot.
    pub fn blocker(&self) -> Option<ListNotice> {
        let p = self.preview.as_ref()?;
        if self.mapping.column_of(Field::FullName).is_none() {
            return Some(ListNotice::NoNameColumn);
        }
        if !p.conversions.is_empty() && !self.conversions_ok {
            return Some(ListNotice::ConversionsUnchecked);
        }
        let invalid = self.invalid();
        if invalid > 0 && !self.skip_invalid {
            return Some(ListNotice::Invalid(invalid));
        }
        if p.valid() == 0 {
            return Some(ListNotice::Nothing);
        }
        None
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        match message {
            Message::Path(p) => self.path = p,
            Message::Choose => {
                return (
                    print::choose_open_path(&["xlsx", "xls", "ods", "csv"]).map(Message::Chosen),
                    None,
                );
            }
            Message::Chosen(Picked::Path(p)) => {
                self.path = p.display().to_string();
                self.sheet = None;
                return (self.read(session), None);
            }
            Message::Chosen(Picked::NoDialog) => self.notice = Some(Notice::NoFileDialog),
            Message::Chosen(Picked::Cancelled) => {}
            Message::Read => {
                self.sheet = None;
                return (self.read(session), None);
            }
            Message::Sheet(c) => {
                self.sheet = Some(c.value);
                return (self.read(session), None);
            }
            Message::Legacy(c) => {
                self.legacy = c.value;
                return (self.read(session), None);
            }
            Message::ReadDone(g, _) | Message::Checked(g, _) if g != self.generation => {}
            Message::ReadDone(_, r) => {
                self.busy = None;
                match r {
                    Ok(Ok((file, mapping, preview))) => {
                        self.sheet = Some(file.sheet.clone());
                        self.file = Some(file);
                        self.mapping = mapping;
                        self.preview = Some(preview);
                        self.conversions_ok = false;
                        self.page = 0;
                    }
                    Ok(Err(e)) => {
                        self.file = None;
                        self.preview = None;
                        self.notice = Some(Notice::List(ListNotice::Unreadable(e)));
                    }
                    Err(e) => {
                        self.preview = None;
                        self.notice = Some(Notice::Error(e));
                    }
                }
            }
            Message::Column(col, choice) => {
                if self.mapping.columns.len() <= col {
                    self.mapping.columns.resize(col + 1, None);
                }
                // A field is read from one column: choosing it elsewhere moves it.
                if let Some(f) = choice.value {
                    for c in self.mapping.columns.iter_mut() {
                        if *c == Some(f) {
                            *c = None;
                        }
                    }
                }
                self.mapping.columns[col] = choice.value;
                return (self.check(session), None);
            }
            Message::Checked(_, r) => {
                self.busy = None;
                match r {
                    Ok(p) => self.preview = Some(p),
                    Err(e) => self.notice = Some(Notice::Error(e)),
                }
            }
            Message::ConversionsOk(b) => self.conversions_ok = b,
            Message::SkipInvalid(b) => self.skip_invalid = b,
            Message::OnlyFlagged(b) => {
                self.only_flagged = b;
                self.page = 0;
            }
            Message::Page(p) => self.page = p,
            Message::Import => {
                if self.busy.is_some() {
                    return (Task::none(), None);
                }
                if let Some(b) = self.blocker() {
                    self.notice = Some(Notice::List(b));
                    return (Task::none(), None);
                }
                let (Some(file), Some(preview)) = (self.file.clone(), self.preview.clone()) else {
                    return (Task::none(), None);
                };
                let target = match &self.into {
                    Into::New(b, _) => Target::New((**b).clone()),
                    Into::Existing { id, .. } => Target::Existing(id.clone()),
                };
                let skip = self.skip_invalid;
                self.busy = Some(Busy::Importing);
                self.notice = None;
                return (
                    session.db.task_app(
                        move |v| lists::import(v, &file, &preview, target, skip),
                        Message::Imported,
                    ),
                    None,
                );
            }
            Message::Imported(r) => {
                self.busy = None;
                match r {
                    Ok(done) => return (Task::none(), Some(Event::Done(done))),
                    Err(e) => self.notice = Some(Notice::Error(e)),
                }
            }
            Message::OpenCase(id) => return (Task::none(), Some(Event::OpenCase(id))),
            Message::Back => return (Task::none(), Some(Event::Back)),
        }
        (Task::none(), None)
    }

    /// The rows shown: all, or those that need a look; with their page.
    pub fn shown_rows(&self) -> (Vec<&crate::domain::handover_list::PreviewRow>, usize) {
        let Some(p) = &self.preview else {
            return (Vec::new(), 0);
        };
        let rows: Vec<_> = p
            .rows
            .iter()
            .filter(|r| !self.only_flagged || needs_look(r))
            .collect();
        let pages = rows.len().div_ceil(PER_PAGE).max(1);
        let page = self.page.min(pages - 1);
        (
            rows.into_iter()
                .skip(page * PER_PAGE)
                .take(PER_PAGE)
                .collect(),
            pages,
        )
    }
}

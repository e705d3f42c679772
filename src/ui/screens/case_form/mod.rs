//! The case form, built from the field table in `domain::fields`: one
//! section at a time (identity and reception; address and family; language
//! and journey; health and needs; support, documents and wishes; status and
//! deadlines). What is typed is kept as typed; a field is checked when the
//! officer leaves it and the whole record when saving. Drafts go into the
//! vault every 3 seconds while there is unsaved input, and on every way out.
//! A new case with the ID or passport number of an existing one is not
//! created until the officer says what it is.

pub mod attachments;
pub mod draft;
mod scan;
mod view;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use iced::Task;
use iced::widget::{Id, operation, text_editor};
use serde::{Deserialize, Serialize};

use crate::domain::case::{CaseRecord, FieldError, Problem};
use crate::domain::fields::{self, FIELDS, Kind, Section, Typed};
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::vault::cases::{CaseSaved, CaseView, DuplicateHit, Gate};

#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub view: CaseView,
    pub draft: Option<String>,
}

/// What a draft of the form keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub typed: Typed,
}

/// What the officer says about a new case that matches an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateChoice {
    /// The same person received again: create and link to the earlier case.
    RepeatReturn,
    /// A different person (the numbers coincide): create, with a reason.
    CreateAnyway,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Opened>),
    Section(Section),
    Text(&'static str, String),
    Edit(&'static str, text_editor::Action),
    Flag(&'static str, bool),
    Pick(&'static str, String),
    Gate(i64),
    /// Typing in a province or commune picker (the key), diacritics ignored.
    PlaceQuery(&'static str, String),
    /// A province or commune chosen (the key, the code).
    PlacePick(&'static str, u32),
    /// The focus left a widget (Tab): check that field.
    Left(Id),
    Save,
    /// The duplicates of a new case before it is created.
    Checked(UiResult<Vec<DuplicateHit>>),
    Decide(DuplicateChoice),
    DuplicateReason(String),
    Saved(UiResult<CaseSaved>),
    Autosave,
    DraftSaved(UiResult<()>),
    DiscardDraft,
    Compare(String),
    Compared(UiResult<CaseView>),
    CloseCompare,
    Link(String),
    Dismiss(String),
    DuplicateHandled(UiResult<String>),
    OpenOther(String),
    Back,
    Screen,
    Refer,
    /// Open the personal-data notice of this case.
    Notice,
    /// The attachments panel (thumbnails, attach, open, remove).
    Attach(attachments::Message),
    /// Record the fine on a suspected victim all the same.
    ConfirmFine,
    CancelFine,
}

pub enum Event {
    /// Back to where the form was opened from (the shell asks first when
    /// there is unsaved input).
    Close,
    Open(String),
    /// Open the screening interview of this case.
    Screen(String),
    /// Open the referrals of this case.
    Refer(String),
    /// Open the personal-data notice of this case.
    Notice(String),
}

pub struct CaseForm {
    /// The record as last saved (or a new one): what the form does not show is kept.
    base: CaseRecord,
    version: Option<i64>,
    pub data: Typed,
    saved: Typed,
    /// The multi-line fields' editors (their text is also in `data`).
    editors: BTreeMap<&'static str, text_editor::Content>,
    pub section: Section,
    gates: Vec<Gate>,
    /// What is typed in the province and commune pickers.
    queries: BTreeMap<&'static str, String>,
    /// The problems shown beside fields: of fields left, or all after saving.
    shown: BTreeMap<&'static str, Problem>,
    /// A save was tried: the summary follows the remaining problems.
    attempted: bool,
    /// The field being typed in (its problem waits until it is left).
    editing: Option<&'static str>,
    pub duplicates: Vec<DuplicateHit>,
    /// A new case matches an existing one: what the officer decides.
    pending_duplicates: bool,
    duplicate_reason: String,
    pub notice: Option<Notice>,
    compare: Option<CaseView>,
    receptions: Vec<(String, String, String)>,
    screening_outcome: Option<String>,
    batch_number: Option<String>,
    draft_slot: String,
    draft_dirty: bool,
    restored_draft: bool,
    busy: bool,
    /// What the save under way writes: typing goes on while it runs, and
    /// only this much counts as saved when it answers.
    saving: Option<Typed>,
    pub loading: bool,
    /// The case's attachments and their thumbnails (in memory only).
    pub attachments: attachments::Panel,
    /// A fine is being recorded on a suspected victim: the officer is asked
    /// to confirm (the non-punishment principle).
    pub fine_asked: bool,
    fine_confirmed: bool,
}

/// The widget id of the name field, the first of the form.
pub const ID_FULL_NAME: &str = "case-full_name";

/// The widget id of a field's input.
pub fn widget_id(key: &str) -> &'static str {
    fields::field(key)
        .map(|f| f.widget)
        .unwrap_or("case-unknown")
}

fn today() -> NaiveDate {
    crate::clock::today()
}

impl CaseForm {
    fn empty(gates: Vec<Gate>) -> CaseForm {
        CaseForm {
            base: CaseRecord::default(),
            version: None,
            data: Typed::new(),
            saved: Typed::new(),
            editors: BTreeMap::new(),
            section: Section::Identity,
            gates,
            queries: BTreeMap::new(),
            shown: BTreeMap::new(),
            attempted: false,
            editing: None,
            duplicates: Vec::new(),
            pending_duplicates: false,
            duplicate_reason: String::new(),
            notice: None,
            compare: None,
            receptions: Vec::new(),
            screening_outcome: None,
            fine_asked: false,
            fine_confirmed: false,
            batch_number: None,
            draft_slot: String::new(),
            draft_dirty: false,
            restored_draft: false,
            busy: false,
            saving: None,
            loading: false,
            attachments: attachments::Panel::default(),
        }
    }

    /// A new case (not from a batch).
    pub fn new_case(gates: Vec<Gate>) -> (CaseForm, Task<Message>) {
        let mut f = CaseForm::empty(gates);
        f.base.received_on = Some(today());
        f.base.identity.nationality = "Việt Nam".into();
        f.set_data(fields::typed_from(&f.base));
        f.saved = f.data.clone();
        f.draft_slot = format!("case:new:{}", uuid::Uuid::now_v7());
        (f, operation::focus(Id::new(widget_id("full_name"))))
    }

    /// Open a stored case (and its draft, if one was left).
    pub fn open(id: String, gates: Vec<Gate>, session: &Session) -> (CaseForm, Task<Message>) {
        let mut f = CaseForm::empty(gates);
        f.loading = true;
        f.draft_slot = draft::slot("case", &id);
        let slot = f.draft_slot.clone();
        let task = session.db.task(
            move |v| {
                let view = v.open_case(&id)?;
                let draft = v.load_draft(&slot)?;
                Ok(Opened { view, draft })
            },
            Message::Loaded,
        );
        (f, task)
    }

    /// Resume a draft of a new case left by a crash or a lock.
    pub fn resume_new(slot: String, payload: &str, gates: Vec<Gate>) -> (CaseForm, Task<Message>) {
        let (mut f, task) = CaseForm::new_case(gates);
        if let Some(d) = parse_draft(payload) {
            f.set_data(d);
            f.restored_draft = true;
        }
        f.draft_slot = slot;
        (f, task)
    }

    /// Replace everything typed (a loaded record, a draft, a discard).
    fn set_data(&mut self, data: Typed) {
        self.editors = FIELDS
            .iter()
            .filter(|f| f.kind == Kind::Multiline)
            .map(|f| {
                let text = data.get(f.key).map(String::as_str).unwrap_or("");
                (f.key, text_editor::Content::with_text(text))
            })
            .collect();
        self.queries.clear();
        self.data = data;
        self.shown.clear();
        self.attempted = false;
        self.editing = None;
    }

    pub fn get(&self, key: &str) -> &str {
        self.data.get(key).map(String::as_str).unwrap_or("")
    }

    fn province(&self) -> Option<u32> {
        self.get("province").parse().ok()
    }

    pub fn case_id(&self) -> Option<&str> {
        (!self.base.id.is_empty()).then_some(self.base.id.as_str())
    }

    /// A save (or another write) is on its way.
    pub fn is_saving(&self) -> bool {
        self.busy
    }

    /// The case on the form is not in the vault yet.
    pub fn is_new(&self) -> bool {
        self.version.is_none()
    }

    pub fn is_dirty(&self) -> bool {
        self.data != self.saved
    }

    pub fn needs_autosave(&self) -> bool {
        self.draft_dirty
    }

    pub fn draft_slot(&self) -> &str {
        &self.draft_slot
    }

    /// The unsaved input, for a draft in the vault.
    pub fn draft(&self) -> Option<(String, String)> {
        self.is_dirty().then(|| {
            (
                self.draft_slot.clone(),
                serde_json::to_string(&Draft {
                    typed: self.data.clone(),
                })
                .unwrap_or_default(),
            )
        })
    }

    /// The problem shown beside a field, if any.
    pub fn problem(&self, key: &str) -> Option<Problem> {
        self.shown.get(key).copied()
    }

    /// How many problems remain (shown in the summary after a save was tried).
    pub fn remaining_problems(&self) -> Option<usize> {
        if !self.attempted {
            return None;
        }
        match fields::record_from(&self.base, &self.data, today()) {
            Ok(_) => None,
            Err(e) => Some(e.len()),
        }
    }

    /// A field changed: the field left before it is checked now.
    fn changed(&mut self, key: &'static str, value: String) {
        self.data.insert(key.to_string(), value);
        if self.editing != Some(key) {
            if let Some(prev) = self.editing {
                self.check_field(prev);
            }
            self.editing = Some(key);
        }
        // The field being typed in shows no problem until it is left.
        self.shown.remove(key);
        self.draft_dirty = self.is_dirty();
        if self.attempted {
            self.refresh_problems(Some(key));
        }
    }

    /// Check one field on its own (it was left).
    fn check_field(&mut self, key: &'static str) {
        match fields::check_one(key, self.get(key), today()) {
            Some(p) => {
                self.shown.insert(key, p);
            }
            None => {
                self.shown.remove(key);
            }
        }
    }

    /// After a save was tried: the shown problems follow the record (but the
    /// field being typed in waits).
    fn refresh_problems(&mut self, except: Option<&'static str>) {
        self.shown = match fields::record_from(&self.base, &self.data, today()) {
            Ok(_) => BTreeMap::new(),
            Err(errors) => errors
                .into_iter()
                .filter(|e| Some(e.field) != except)
                .map(|e| (e.field, e.problem))
                .collect(),
        };
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        let db = &session.db;
        match message {
            Message::Loaded(Ok(opened)) => {
                self.loading = false;
                // The case shown is read again (after linking a duplicate):
                // what is typed and not saved stays, and so does the focus.
                let reload = !self.base.id.is_empty() && self.base.id == opened.view.record.id;
                let keep_typed = reload && self.is_dirty();
                self.base = opened.view.record.clone();
                self.version = Some(opened.view.version);
                self.receptions = opened.view.receptions.clone();
                self.screening_outcome = opened.view.screening_outcome.clone();
                self.batch_number = opened.view.batch_number.clone();
                let stored = fields::typed_from(&self.base);
                self.saved = stored.clone();
                if keep_typed {
                    self.draft_dirty = self.is_dirty();
                    return (Task::none(), None);
                }
                match opened.draft.as_deref().and_then(parse_draft) {
                    Some(d) if d != stored => {
                        self.set_data(d);
                        self.restored_draft = true;
                    }
                    _ => self.set_data(stored),
                }
                let attach = self.attachments.load(
                    crate::vault::attachments::Owner::Case(self.base.id.clone()),
                    session,
                );
                let focus = if reload {
                    Task::none()
                } else {
                    operation::focus(Id::new(widget_id("full_name")))
                };
                return (Task::batch([focus, attach.map(Message::Attach)]), None);
            }
            Message::Loaded(Err(e)) => {
                self.loading = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::Section(s) => {
                self.section = s;
                let first = fields::in_section(s).next().map(|f| f.widget);
                return (
                    first.map_or_else(Task::none, |w| operation::focus(Id::new(w))),
                    None,
                );
            }
            Message::Text(key, v) => {
                // A scanner's or pasted card line fills the identity instead.
                if !self.scanned(&v) {
                    self.changed(key, v)
                }
            }
            Message::Edit(key, action) => {
                if let Some(c) = self.editors.get_mut(key) {
                    let edits = action.is_edit();
                    c.perform(action);
                    if edits {
                        let text = c.text();
                        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
                        self.changed(key, text);
                    }
                }
            }
            Message::Flag(key, on) => self.changed(key, if on { "1" } else { "" }.into()),
            Message::Pick(key, value) => self.changed(key, value),
            Message::Gate(id) => self.changed("gate", id.to_string()),
            Message::PlaceQuery(key, q) => {
                self.queries.insert(key, q);
            }
            Message::PlacePick(key, code) => {
                self.queries.remove(key);
                if key == "province" && self.province() != Some(code) {
                    self.data.insert("commune".into(), String::new());
                }
                self.changed(key, code.to_string());
            }
            Message::Left(id) => {
                if let Some(f) = FIELDS.iter().find(|f| Id::new(f.widget) == id) {
                    self.check_field(f.key);
                    if self.editing == Some(f.key) {
                        self.editing = None;
                    }
                }
            }
            Message::Save => return (self.save(session), None),
            Message::ConfirmFine => {
                self.fine_asked = false;
                self.fine_confirmed = true;
                return (self.save(session), None);
            }
            Message::CancelFine => self.fine_asked = false,
            Message::Checked(Ok(hits)) => {
                let strong: Vec<DuplicateHit> =
                    hits.into_iter().filter(|h| h.kind.is_strong()).collect();
                if strong.is_empty() {
                    return (self.store(session, None), None);
                }
                // Ask before creating a second record of the same person.
                self.busy = false;
                self.duplicates = strong;
                self.pending_duplicates = true;
            }
            Message::Checked(Err(e)) | Message::Saved(Err(e)) => {
                self.busy = false;
                self.saving = None;
                self.show_error(e);
            }
            Message::Decide(choice) => {
                if choice == DuplicateChoice::CreateAnyway
                    && self.duplicate_reason.trim().is_empty()
                {
                    self.notice = Some(Notice::DuplicateReasonRequired);
                    return (Task::none(), None);
                }
                self.pending_duplicates = false;
                return (self.store(session, Some(choice)), None);
            }
            Message::DuplicateReason(s) => self.duplicate_reason = s,
            Message::Saved(Ok(saved)) => {
                self.busy = false;
                self.fine_confirmed = false;
                let was_new = self.version.is_none();
                self.base.id = saved.id.clone();
                self.base.number = saved.number.clone();
                self.version = Some(saved.version);
                let written = self.saving.take().unwrap_or_else(|| self.data.clone());
                if let Ok(rec) = fields::record_from(&self.base, &written, today()) {
                    self.base = rec;
                }
                self.saved = written;
                self.duplicates = saved.duplicates;
                self.restored_draft = false;
                self.attempted = false;
                self.shown.clear();
                // The save's job removed the draft it replaces. Anything typed
                // while it ran is still unsaved: it goes on to the case's draft
                // at the next autosave.
                self.draft_slot = draft::slot("case", &saved.id);
                self.draft_dirty = self.is_dirty();
                self.notice = Some(if was_new {
                    Notice::CaseCreated(saved.number)
                } else {
                    Notice::CaseSaved(saved.number)
                });
                let attach = self.attachments.load(
                    crate::vault::attachments::Owner::Case(saved.id.clone()),
                    session,
                );
                return (attach.map(Message::Attach), None);
            }
            Message::Attach(m) => {
                return (
                    self.attachments.update(m, session).map(Message::Attach),
                    None,
                );
            }
            Message::Autosave if !self.busy => {
                let draft = self.draft_dirty.then(|| self.draft()).flatten();
                let task = db.autosave(&mut self.draft_dirty, draft, Message::DraftSaved);
                return (task, None);
            }
            Message::Autosave => {}
            Message::DraftSaved(r) => jobs::draft_saved(r, &mut self.draft_dirty, &mut self.notice),
            Message::DiscardDraft => {
                self.set_data(self.saved.clone());
                self.restored_draft = false;
                self.draft_dirty = false;
                let slot = Some(self.draft_slot.clone());
                return (draft::delete(session, slot, Message::DraftSaved), None);
            }
            Message::Compare(id) => {
                return (
                    db.task(move |v| v.compare_case(&id), Message::Compared),
                    None,
                );
            }
            Message::Compared(Ok(view)) => self.compare = Some(view),
            Message::Compared(Err(e)) | Message::DuplicateHandled(Err(e)) => {
                self.notice = Some(Notice::Error(e))
            }
            Message::CloseCompare => self.compare = None,
            Message::Link(other) => return (self.handle_duplicate(session, other, true), None),
            Message::Dismiss(other) => {
                return (self.handle_duplicate(session, other, false), None);
            }
            Message::DuplicateHandled(Ok(other)) => {
                self.duplicates.retain(|d| d.case_id != other);
                self.compare = None;
                // Reload to show the receptions of the (now linked) person.
                if let Some(id) = self.case_id().map(str::to_string) {
                    let slot = self.draft_slot.clone();
                    return (
                        db.task(
                            move |v| {
                                let view = v.read_case(&id)?;
                                let draft = v.load_draft(&slot)?;
                                Ok(Opened { view, draft })
                            },
                            Message::Loaded,
                        ),
                        None,
                    );
                }
            }
            Message::OpenOther(id) => return (Task::none(), Some(Event::Open(id))),
            Message::Back => return (Task::none(), Some(Event::Close)),
            Message::Screen => {
                if let Some(id) = self.case_id() {
                    return (Task::none(), Some(Event::Screen(id.to_string())));
                }
            }
            Message::Refer => {
                if let Some(id) = self.case_id() {
                    return (Task::none(), Some(Event::Refer(id.to_string())));
                }
            }
            Message::Notice => {
                if let Some(id) = self.case_id() {
                    return (Task::none(), Some(Event::Notice(id.to_string())));
                }
            }
        }
        (Task::none(), None)
    }

    /// Link this case to another as the same person (`same`), or dismiss the match.
    fn handle_duplicate(&self, session: &Session, other: String, same: bool) -> Task<Message> {
        let Some(id) = self.case_id().map(str::to_string) else {
            return Task::none();
        };
        session.db.task(
            move |v| {
                if same {
                    v.link_duplicate(&id, &other)?;
                } else {
                    v.dismiss_duplicate(&id, &other)?;
                }
                Ok(other)
            },
            Message::DuplicateHandled,
        )
    }

    fn show_error(&mut self, e: UiError) {
        if let UiError::Fields(errors) = &e {
            self.show_problems(errors.clone());
        } else {
            self.notice = Some(Notice::Error(e));
        }
    }

    fn show_problems(&mut self, errors: Vec<FieldError>) {
        self.attempted = true;
        self.editing = None;
        self.section = fields::section_of(errors[0].field);
        self.notice = Some(Notice::FormProblems(errors.len()));
        self.shown = errors.into_iter().map(|e| (e.field, e.problem)).collect();
    }

    fn save(&mut self, session: &Session) -> Task<Message> {
        if self.busy || self.loading {
            return Task::none();
        }
        match fields::record_from(&self.base, &self.data, today()) {
            Err(errors) => {
                self.show_problems(errors);
                Task::none()
            }
            Ok(record) => {
                if self.fine_needs_confirmation(&record) {
                    self.fine_asked = true;
                    return Task::none();
                }
                self.shown.clear();
                self.busy = true;
                self.notice = None;
                if self.version.is_none() && !self.pending_duplicates {
                    // A new case: look for the same person first.
                    return session
                        .db
                        .task(move |v| v.duplicates_for(&record), Message::Checked);
                }
                self.store(session, None)
            }
        }
    }

    /// A fine newly recorded on a person screened as a suspected victim:
    /// victims are not punished for what they were made to do, so the
    /// officer confirms first.
    fn fine_needs_confirmation(&self, record: &CaseRecord) -> bool {
        !self.fine_confirmed
            && self.screening_outcome.as_deref() == Some("suspected_victim")
            && !record.fine.is_empty()
            && record.fine != self.base.fine
    }

    /// Write the case (and what the officer decided about its duplicates).
    fn store(&mut self, session: &Session, choice: Option<DuplicateChoice>) -> Task<Message> {
        let Ok(record) = fields::record_from(&self.base, &self.data, today()) else {
            self.busy = false;
            return Task::none();
        };
        self.busy = true;
        self.saving = Some(self.data.clone());
        let version = self.version;
        let others: Vec<String> = self.duplicates.iter().map(|d| d.case_id.clone()).collect();
        let reason = self.duplicate_reason.clone();
        // The draft goes in the job that writes the case, not in its answer:
        // a lock drops the answer, and a new case's draft kept then would
        // create the case twice.
        let draft = self.draft_slot.clone();
        session.db.task_app(
            move |v| {
                let saved = crate::app::cases::save(v, record, version, today())?;
                jobs::drop_draft(v, &draft);
                match choice {
                    Some(DuplicateChoice::RepeatReturn) => {
                        if let Some(first) = others.first() {
                            v.link_duplicate(&saved.id, first)?;
                        }
                    }
                    Some(DuplicateChoice::CreateAnyway) => {
                        for o in &others {
                            v.dismiss_duplicate_because(&saved.id, o, &reason)?;
                        }
                    }
                    None => {}
                }
                Ok(saved)
            },
            Message::Saved,
        )
    }
}

fn parse_draft(payload: &str) -> Option<Typed> {
    serde_json::from_str::<Draft>(payload)
        .ok()
        .map(|d| d.typed)
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests;

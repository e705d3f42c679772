//! The screening interview: answers and notes by dimension, the evidence of
//! art. 32, the officer's decision and the supervisor's review. Keys alone
//! are enough: 1–4 answer the current question (Có, Không, Chưa rõ, Không
//! trả lời) and move to the next, the arrows move between questions, Page
//! Up/Down between dimensions. Unsaved answers are a draft in the vault.

use std::collections::{BTreeMap, BTreeSet};

use iced::Task;
use iced::widget::{Id, operation};
use serde::{Deserialize, Serialize};

use crate::domain::screening::record::EVIDENCE_SOURCES;
use crate::domain::screening::{
    Answer, Approval, Catalog, Decision, Dimension, Evidence, Exploitation, ListKind, Purpose,
    ScreeningInput, ScreeningRecord, ScreeningResult, evaluate, proposed_decision,
};
use crate::ui::jobs::{self, UiResult};
use crate::ui::notice::Notice;
use crate::ui::print::{Doc, DocAction};
use crate::ui::screens::case_form::draft;
use crate::ui::session::Session;
use crate::ui::widgets::{self, Choice};
use crate::vault::cases::CaseView;

pub const ID_REASON: &str = "screening-reason";
/// The scrollable of the questions, and the card of the question the keys answer.
pub const ID_QUESTIONS: &str = "screening-questions";
pub const ID_CURRENT: &str = "screening-current-question";
/// The form's name in the slot of its draft.
const FORM: &str = "screening";

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub case: CaseView,
    pub history: Vec<ScreeningRecord>,
    /// Display names of the people who interviewed, decided and approved.
    pub names: BTreeMap<String, String>,
    pub draft: Option<String>,
}

/// What a draft of the interview keeps: everything typed or chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub record_id: Option<String>,
    pub exploitation: Option<Exploitation>,
    pub moved: Option<bool>,
    pub purposes: BTreeSet<Purpose>,
    pub answers: BTreeMap<String, Answer>,
    pub notes: BTreeMap<String, String>,
    pub evidence: Evidence,
    pub decision: Option<Decision>,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Box<Loaded>>),
    Dimension(Dimension),
    Exploitation(Choice<Exploitation>),
    Moved(Choice<Option<bool>>),
    /// A purpose of Law 53/2024 art. 2(1) recorded or taken off.
    Purpose(Purpose, bool),
    Answer(String, Answer),
    /// A question made current (clicked or reached by keys).
    Focus(usize),
    /// A digit key: answer the current question (1–4).
    Key(u8),
    StepQuestion(i8),
    StepDimension(i8),
    Note(String, String),
    Source(String, bool),
    Sign(String, bool),
    BackgroundVerified(bool),
    EvidenceNote(String),
    Save,
    Saved(UiResult<ScreeningRecord>),
    Autosave,
    DraftSaved(UiResult<()>),
    DiscardDraft,
    Decision(Choice<Decision>),
    Reason(String),
    RecordDecision,
    ReviewNote(String),
    /// Ask to approve (true) or return (false); nothing happens until confirmed.
    Review(bool),
    ConfirmReview,
    CancelReview,
    Reviewed(UiResult<ScreeningRecord>),
    Rescreen,
    Print(DocAction),
    Back,
}

impl Message {
    /// Input that changes the screening or its decision.
    fn edits(&self) -> bool {
        matches!(
            self,
            Message::Exploitation(_)
                | Message::Moved(_)
                | Message::Purpose(..)
                | Message::Answer(..)
                | Message::Key(_)
                | Message::Note(..)
                | Message::Source(..)
                | Message::Sign(..)
                | Message::BackgroundVerified(_)
                | Message::EvidenceNote(_)
                | Message::DiscardDraft
                | Message::Decision(_)
                | Message::Reason(_)
                | Message::RecordDecision
                | Message::ReviewNote(_)
                | Message::Review(_)
                | Message::ConfirmReview
                | Message::Rescreen
        )
    }
}

pub use crate::ui::screens::PaperEvent as Event;

pub struct Interview {
    pub case: Option<CaseView>,
    pub record: Option<ScreeningRecord>,
    pub(super) history: Vec<ScreeningRecord>,
    pub(super) names: BTreeMap<String, String>,
    pub(super) exploitation: Exploitation,
    pub(super) moved: Option<bool>,
    pub(super) purposes: BTreeSet<Purpose>,
    pub answers: BTreeMap<String, Answer>,
    pub(super) notes: BTreeMap<String, String>,
    pub(super) evidence: Evidence,
    pub dimension: Dimension,
    /// The current question within the dimension (keys answer it).
    pub cursor: usize,
    pub(super) decision: Option<Decision>,
    pub(super) reason: String,
    pub(super) review_note: String,
    /// A review asked for and not yet confirmed: approve (true) or return.
    pub(super) confirming: Option<bool>,
    pub result: Option<ScreeningResult>,
    dirty: bool,
    draft_dirty: bool,
    pub(super) restored_draft: bool,
    pub(super) busy: bool,
    pub notice: Option<Notice>,
}

impl Interview {
    pub fn open(case_id: String, session: &Session) -> (Interview, Task<Message>) {
        let i = Interview {
            case: None,
            record: None,
            history: Vec::new(),
            names: BTreeMap::new(),
            exploitation: Exploitation::Labour,
            moved: None,
            purposes: BTreeSet::new(),
            answers: BTreeMap::new(),
            notes: BTreeMap::new(),
            evidence: Evidence::default(),
            dimension: Dimension::DeceptiveRecruitment,
            cursor: 0,
            decision: None,
            reason: String::new(),
            review_note: String::new(),
            confirming: None,
            result: None,
            dirty: false,
            draft_dirty: false,
            restored_draft: false,
            busy: false,
            notice: None,
        };
        let slot = draft::slot(FORM, &case_id);
        let task = session.db.task(
            move |v| {
                let case = v.open_case(&case_id)?;
                let history = v.screenings_of(&case_id)?;
                // Every person by rank and full name ("Thiếu tá Trần Quốc
                // Bảo"), never the account they signed in with: the
                // interviewer, the officer who decides, the approver.
                let names = v
                    .people()?
                    .into_iter()
                    .map(|(u, p)| {
                        let name = p.ranked_name();
                        (u.clone(), if name.is_empty() { u } else { name })
                    })
                    .collect();
                let draft = v.load_draft(&slot)?;
                Ok(Box::new(Loaded {
                    case,
                    history,
                    names,
                    draft,
                }))
            },
            Message::Loaded,
        );
        (i, task)
    }

    /// A save (or another write) is on its way.
    pub fn is_saving(&self) -> bool {
        self.busy
    }

    /// The screening on the form is not in the vault yet.
    pub fn is_new(&self) -> bool {
        self.record.is_none()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn needs_autosave(&self) -> bool {
        self.draft_dirty
    }

    pub fn draft_slot(&self) -> Option<String> {
        self.case.as_ref().map(|c| draft::slot(FORM, &c.record.id))
    }

    /// The unsaved answers, notes and decision, for a draft in the vault.
    pub fn draft(&self) -> Option<(String, String)> {
        if !self.dirty {
            return None;
        }
        let d = Draft {
            record_id: self.record.as_ref().map(|r| r.id.clone()),
            exploitation: Some(self.exploitation),
            moved: self.moved,
            purposes: self.purposes.clone(),
            answers: self.answers.clone(),
            notes: self.notes.clone(),
            evidence: self.evidence.clone(),
            decision: self.decision,
            reason: self.reason.clone(),
        };
        Some((self.draft_slot()?, serde_json::to_string(&d).ok()?))
    }

    fn apply_draft(&mut self, d: Draft) {
        if let Some(e) = d.exploitation {
            self.exploitation = e;
        }
        self.moved = d.moved;
        self.purposes = d.purposes;
        self.answers = d.answers;
        self.notes = d.notes;
        self.evidence = d.evidence;
        self.decision = d.decision;
        self.reason = d.reason;
        self.dirty = true;
        self.restored_draft = true;
    }

    /// The name of a user as papers give it.
    pub(super) fn name_of(&self, username: &str) -> String {
        self.names
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }

    /// The input of the rule: the case's age as the rule reads it (the
    /// presumption of minority is the rule's), the answers and purposes.
    pub fn input(&self) -> Option<ScreeningInput> {
        let case = &self.case.as_ref()?.record;
        Some(ScreeningInput::for_case(
            case,
            self.exploitation,
            self.moved,
            self.purposes.clone(),
            self.answers.clone(),
        ))
    }

    /// A screening saved under an earlier catalog keeps the result it was
    /// saved with until it is changed.
    pub(super) fn shows_stored_result(&self) -> Option<&ScreeningRecord> {
        let catalog = Catalog::builtin().ok()?;
        self.record
            .as_ref()
            .filter(|r| !self.dirty && !r.is_current_rule(catalog))
    }

    fn recompute(&mut self) {
        if let Some(r) = self.shows_stored_result() {
            self.result = Some(r.result.clone());
            return;
        }
        let Ok(catalog) = Catalog::builtin() else {
            return;
        };
        self.result = self.input().and_then(|i| evaluate(catalog, &i).ok());
    }

    /// What the rule suggests deciding (the officer still decides).
    pub(super) fn proposal(&self) -> Option<Decision> {
        self.result.as_ref().map(proposed_decision)
    }

    fn touch(&mut self) {
        self.dirty = true;
        self.draft_dirty = true;
    }

    fn load_record(&mut self, r: &ScreeningRecord) {
        self.exploitation = r.input.exploitation;
        self.moved = r.input.moved_by_someone;
        self.purposes = r.input.purposes.clone();
        self.answers = r.input.answers.clone();
        self.notes = r.notes.clone();
        self.evidence = r.evidence.clone();
        self.decision = r.decision;
        self.reason = r.decision_reason.clone();
        self.record = Some(r.clone());
    }

    /// The list the questions come from.
    pub(super) fn list(&self) -> ListKind {
        self.result
            .as_ref()
            .map(|r| r.list)
            .unwrap_or(ListKind::AdultLabour)
    }

    /// The codes asked in the current dimension, in order.
    pub(super) fn codes(&self) -> Vec<String> {
        let Ok(catalog) = Catalog::builtin() else {
            return Vec::new();
        };
        let list = self.list();
        catalog
            .in_dimension(self.dimension)
            .filter(|i| i.grade(list).is_some())
            .map(|i| i.code.clone())
            .collect()
    }

    pub(super) fn locked(&self) -> bool {
        self.record.as_ref().is_some_and(|r| r.is_final())
    }

    fn step_dimension(&mut self, delta: i8) {
        let i = self.dimension.index() as i8 + delta;
        if let Some(d) = usize::try_from(i).ok().and_then(|i| Dimension::ALL.get(i)) {
            self.dimension = *d;
            self.cursor = 0;
        }
    }

    fn answer(&mut self, code: String, a: Answer) {
        if self.answers.get(&code) == Some(&a) {
            self.answers.remove(&code);
        } else {
            self.answers.insert(code, a);
        }
        self.touch();
        self.recompute();
    }

    pub fn update(&mut self, m: Message, session: &Session) -> (Task<Message>, Option<Event>) {
        let db = &session.db;
        // While a save or review runs, the interview shows what is written:
        // its answer replaces the form, so it takes no input until then.
        if self.busy && m.edits() {
            return (Task::none(), None);
        }
        match m {
            Message::Loaded(Ok(loaded)) => {
                let loaded = *loaded;
                self.history = loaded.history;
                self.names = loaded.names;
                self.case = Some(loaded.case);
                if let Some(latest) = self.history.first().cloned() {
                    self.load_record(&latest);
                }
                if let Some(d) = loaded
                    .draft
                    .and_then(|p| serde_json::from_str::<Draft>(&p).ok())
                    && !self.locked()
                {
                    self.apply_draft(d);
                }
                self.recompute();
                // "Suspected" is proposed when the advice or the law's elements
                // say so (the officer still decides, with a reason).
                if self.decision.is_none() && self.proposal() == Some(Decision::SuspectedVictim) {
                    self.decision = Some(Decision::SuspectedVictim);
                }
            }
            Message::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::Dimension(d) => {
                self.dimension = d;
                self.cursor = 0;
            }
            Message::Exploitation(c) => {
                self.exploitation = c.value;
                self.touch();
                self.recompute();
            }
            Message::Moved(c) => {
                self.moved = c.value;
                self.touch();
                self.recompute();
            }
            Message::Purpose(p, on) => {
                if on {
                    self.purposes.insert(p);
                } else {
                    self.purposes.remove(&p);
                }
                self.touch();
                self.recompute();
            }
            Message::Answer(code, a) => {
                if !self.locked() {
                    if let Some(i) = self.codes().iter().position(|c| c == &code) {
                        self.cursor = i;
                    }
                    self.answer(code, a);
                }
            }
            Message::Focus(i) => self.cursor = i,
            Message::Key(n) => {
                let codes = self.codes();
                let Some(a) = Answer::ALL.get(usize::from(n).wrapping_sub(1)).copied() else {
                    return (Task::none(), None);
                };
                if self.locked() {
                    return (Task::none(), None);
                }
                if let Some(code) = codes.get(self.cursor).cloned() {
                    self.answers.insert(code, a);
                    self.touch();
                    self.recompute();
                    if self.cursor + 1 < codes.len() {
                        self.cursor += 1;
                    } else if self.dimension.index() + 1 < Dimension::ALL.len() {
                        self.step_dimension(1);
                    }
                    // The next question to answer is on screen.
                    return (widgets::reveal(ID_QUESTIONS, ID_CURRENT), None);
                }
            }
            Message::StepQuestion(d) => {
                let n = self.codes().len();
                let next = self.cursor as i64 + i64::from(d);
                if n > 0 {
                    self.cursor = next.clamp(0, n as i64 - 1) as usize;
                }
                return (widgets::reveal(ID_QUESTIONS, ID_CURRENT), None);
            }
            Message::StepDimension(d) => {
                self.step_dimension(d);
                return (widgets::reveal(ID_QUESTIONS, ID_CURRENT), None);
            }
            Message::Note(code, n) => {
                self.notes.insert(code, n);
                self.touch();
            }
            Message::Source(k, on) => {
                self.evidence.sources.retain(|s| s != &k);
                if on {
                    self.evidence.sources.push(k);
                    self.evidence
                        .sources
                        .sort_by_key(|s| EVIDENCE_SOURCES.iter().position(|x| x == s));
                }
                self.touch();
            }
            Message::Sign(k, on) => {
                self.evidence.signs.retain(|s| s != &k);
                if on {
                    self.evidence.signs.push(k);
                }
                self.touch();
            }
            Message::BackgroundVerified(b) => {
                self.evidence.background_verified = b;
                self.touch();
            }
            Message::EvidenceNote(s) => {
                self.evidence.note = s;
                self.touch();
            }
            // Ctrl+S where the button is off: a final screening changes
            // only through "screen again"; a supervisor reviewing reads it.
            Message::Save if self.locked() || self.reviewing(session) => {}
            Message::Save => return (self.save(session, None), None),
            Message::Saved(Ok(r)) => {
                self.busy = false;
                self.dirty = false;
                self.names
                    .entry(session.user.username.clone())
                    .or_insert_with(|| session.user.display_name.clone());
                self.draft_dirty = false;
                self.restored_draft = false;
                self.load_record(&r);
                self.history.retain(|h| h.id != r.id);
                self.history.insert(0, r);
                self.notice = Some(Notice::ScreeningSaved);
                let delete = draft::delete(session, self.draft_slot(), Message::DraftSaved);
                return (delete, None);
            }
            Message::Saved(Err(e)) | Message::Reviewed(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            // The answers are being written: the save's answer decides what
            // is left to keep as a draft.
            Message::Autosave if self.busy => {}
            Message::Autosave => {
                let draft = self.draft_dirty.then(|| self.draft()).flatten();
                let task = db.autosave(&mut self.draft_dirty, draft, Message::DraftSaved);
                return (task, None);
            }
            Message::DraftSaved(r) => jobs::draft_saved(r, &mut self.draft_dirty, &mut self.notice),
            Message::DiscardDraft => {
                self.restored_draft = false;
                self.dirty = false;
                self.draft_dirty = false;
                match self.history.first().cloned() {
                    Some(r) => self.load_record(&r),
                    None => {
                        self.answers.clear();
                        self.purposes.clear();
                        self.notes.clear();
                        self.evidence = Evidence::default();
                        self.decision = None;
                        self.reason.clear();
                        self.moved = None;
                    }
                }
                self.recompute();
                let delete = draft::delete(session, self.draft_slot(), Message::DraftSaved);
                return (delete, None);
            }
            Message::Decision(c) => {
                self.decision = Some(c.value);
                self.touch();
            }
            Message::Reason(s) => {
                self.reason = s;
                self.touch();
            }
            Message::RecordDecision => {
                let Some(decision) = self.decision else {
                    self.notice = Some(Notice::ScreeningChooseDecision);
                    return (Task::none(), None);
                };
                if self.reason.trim().is_empty() {
                    self.notice = Some(Notice::ScreeningReasonRequired);
                    return (operation::focus(Id::new(ID_REASON)), None);
                }
                // Save the answers first, then the decision, in one background job.
                return (self.save(session, Some(decision)), None);
            }
            Message::ReviewNote(s) => self.review_note = s,
            Message::Review(approve) => {
                if !approve && self.review_note.trim().is_empty() {
                    self.notice = Some(Notice::ScreeningReturnNote);
                    return (Task::none(), None);
                }
                self.confirming = Some(approve);
            }
            Message::CancelReview => self.confirming = None,
            Message::ConfirmReview => {
                let Some(approve) = self.confirming.take() else {
                    return (Task::none(), None);
                };
                let Some(id) = self.record.as_ref().map(|r| r.id.clone()) else {
                    return (Task::none(), None);
                };
                let note = self.review_note.clone();
                self.busy = true;
                return (
                    db.task(
                        move |v| v.review_decision(&id, approve, &note),
                        Message::Reviewed,
                    ),
                    None,
                );
            }
            Message::Reviewed(Ok(r)) => {
                self.busy = false;
                let approved = r.approval == Some(Approval::Approved);
                self.names
                    .entry(session.user.username.clone())
                    .or_insert_with(|| session.user.display_name.clone());
                self.load_record(&r);
                self.history.retain(|h| h.id != r.id);
                self.history.insert(0, r);
                self.notice = Some(if approved {
                    Notice::ScreeningApproved
                } else {
                    Notice::ScreeningReturned
                });
            }
            Message::Rescreen => {
                // A new version starts from the previous answers; the approved one stays.
                self.record = None;
                self.decision = None;
                self.reason.clear();
                self.touch();
                self.notice = Some(Notice::ScreeningNewVersion);
            }
            Message::Print(action) => {
                if let Some(r) = &self.record
                    && !self.dirty
                {
                    return (
                        Task::none(),
                        Some(Event::Document(Doc::Screening(r.id.clone()), action)),
                    );
                }
                self.notice = Some(Notice::ScreeningSaveFirst);
            }
            Message::Back => return (Task::none(), Some(Event::Close)),
        }
        (Task::none(), None)
    }

    /// Save the answers (and then the decision, when one is recorded).
    fn save(&mut self, session: &Session, decision: Option<Decision>) -> Task<Message> {
        if self.busy {
            return Task::none();
        }
        let Some(input) = self.input() else {
            return Task::none();
        };
        let case_id = self
            .case
            .as_ref()
            .map(|c| c.record.id.clone())
            .unwrap_or_default();
        let id = self
            .record
            .as_ref()
            .filter(|r| !r.is_final())
            .map(|r| r.id.clone());
        let (notes, evidence, reason) = (
            self.notes.clone(),
            self.evidence.clone(),
            self.reason.clone(),
        );
        self.busy = true;
        session.db.task(
            move |v| {
                let r = v.save_screening(&case_id, id.as_deref(), &input, &notes, &evidence)?;
                match decision {
                    Some(d) => v.record_decision(&r.id, d, &reason),
                    None => Ok(r),
                }
            },
            Message::Saved,
        )
    }
}

#[cfg(test)]
mod tests;

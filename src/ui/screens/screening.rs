//! Screening: the queue of cases not yet screened (and decisions waiting for
//! a supervisor), and the guided interview by dimension with the result and
//! its path shown live, then the officer's decision and the approval.

use std::collections::BTreeMap;

use iced::widget::{
    Id, button, checkbox, column, container, operation, pick_list, row, scrollable, text,
    text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::case::CaseRecord;
use crate::domain::dates;
use crate::domain::screening::record::{EVIDENCE_SOURCES, FALLBACK_SIGNS};
use crate::domain::screening::{
    Answer, Approval, Catalog, Decision, Dimension, Evidence, Exploitation, Grade, Outcome,
    ScreeningInput, ScreeningRecord, ScreeningResult, evaluate,
};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::{Db, UiResult};
use crate::ui::labels::{self, Choice};
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::cases::CaseView;
use crate::vault::screenings::{PendingRow, QueueRow};

pub const ID_REASON: &str = "screening-reason";

// ---- the queue --------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub enum QueueMessage {
    Load,
    Loaded(UiResult<(Vec<QueueRow>, usize, Vec<PendingRow>)>),
    Open(String),
}

pub struct Queue {
    rows: Vec<QueueRow>,
    total: usize,
    pending: Vec<PendingRow>,
    error: Option<String>,
}

impl Queue {
    pub fn new() -> Queue {
        Queue {
            rows: Vec::new(),
            total: 0,
            pending: Vec::new(),
            error: None,
        }
    }

    pub fn load(&mut self, db: &Db) -> Task<QueueMessage> {
        db.task(
            |v| {
                let (rows, total) = v.screening_queue(200)?;
                let pending = if v.user().role.can_supervise() {
                    v.pending_decisions()?
                } else {
                    Vec::new()
                };
                Ok((rows, total, pending))
            },
            QueueMessage::Loaded,
        )
    }

    /// Returns the case to open, if one was chosen.
    pub fn update(
        &mut self,
        m: QueueMessage,
        db: &Db,
        l: Lang,
    ) -> (Task<QueueMessage>, Option<String>) {
        match m {
            QueueMessage::Load => return (self.load(db), None),
            QueueMessage::Loaded(Ok((rows, total, pending))) => {
                self.rows = rows;
                self.total = total;
                self.pending = pending;
                self.error = None;
            }
            QueueMessage::Loaded(Err(e)) => self.error = Some(e.message(l)),
            QueueMessage::Open(id) => return (Task::none(), Some(id)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, QueueMessage> {
        let mut c = column![widgets::title(t!(l, "nav-screening"))].spacing(10);
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        if !self.pending.is_empty() {
            let mut p = column![widgets::section(t!(
                l,
                "screening-pending-title",
                count = self.pending.len()
            ))]
            .spacing(4);
            for r in &self.pending {
                p = p.push(
                    button(
                        row![
                            text(r.number.clone()).width(Length::Fixed(140.0)),
                            text(r.full_name.clone()).width(Length::Fill),
                            text(decision_label(l, Decision::from_key(&r.decision)))
                                .width(Length::FillPortion(2)),
                            text(r.decided_by.clone()).width(Length::Fixed(120.0)),
                        ]
                        .spacing(8),
                    )
                    .on_press(QueueMessage::Open(r.case_id.clone()))
                    .width(Length::Fill)
                    .style(theme::nav(false)),
                );
            }
            c = c.push(container(p.padding(10)).style(theme::banner(Banner::Warning)));
        }
        c = c.push(widgets::section(t!(
            l,
            "screening-queue-title",
            count = self.total
        )));
        let mut list = column![];
        for r in &self.rows {
            let mut name = r.full_name.clone();
            if r.is_child {
                name.push_str(&format!(" · {}", t!(l, "cases-child")));
            }
            list = list.push(
                button(
                    row![
                        text(r.number.clone()).width(Length::Fixed(140.0)),
                        text(name).width(Length::Fill),
                        text(dates::iso_to_dmy(&r.received_on)).width(Length::Fixed(110.0)),
                    ]
                    .spacing(8),
                )
                .on_press(QueueMessage::Open(r.case_id.clone()))
                .width(Length::Fill)
                .style(theme::nav(false)),
            );
        }
        if self.rows.is_empty() {
            list = list.push(text(t!(l, "screening-queue-empty")));
        }
        c.push(
            container(scrollable(list).height(Length::Fill))
                .style(theme::card)
                .height(Length::Fill),
        )
        .padding(16)
        .height(Length::Fill)
        .into()
    }
}

impl Default for Queue {
    fn default() -> Self {
        Queue::new()
    }
}

// ---- the interview --------------------------------------------------------------------------

pub fn decision_label(l: Lang, d: Option<Decision>) -> String {
    match d {
        Some(Decision::SuspectedVictim) => t!(l, "decision-suspected_victim"),
        Some(Decision::NotVictim) => t!(l, "decision-not_victim"),
        Some(Decision::NeedsVerification) => t!(l, "decision-needs_verification"),
        None => t!(l, "decision-none"),
    }
}

pub fn dimension_label(l: Lang, d: Dimension) -> String {
    let info = Catalog::builtin().map(|c| c.dimension_info(d).clone());
    match (info, l) {
        (Ok(i), Lang::Vi) => i.label_vi,
        (Ok(i), Lang::En) => i.label_en,
        (Err(_), _) => d.key().to_string(),
    }
}

fn answer_label(l: Lang, a: Answer) -> String {
    i18n::dynamic(l, &format!("answer-{}", a.key()))
}

fn grade_label(l: Lang, g: Grade) -> String {
    match g {
        Grade::Strong => t!(l, "grade-strong"),
        Grade::Medium => t!(l, "grade-medium"),
        Grade::Weak => t!(l, "grade-weak"),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub case: CaseView,
    pub history: Vec<ScreeningRecord>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Loaded>),
    Dimension(Dimension),
    Exploitation(Choice<Exploitation>),
    Moved(Choice<Option<bool>>),
    Answer(String, Answer),
    Note(String, String),
    Source(String, bool),
    Sign(String, bool),
    BackgroundVerified(bool),
    EvidenceNote(String),
    Save,
    Saved(UiResult<ScreeningRecord>),
    Decision(Choice<Decision>),
    Reason(String),
    RecordDecision,
    ReviewNote(String),
    Approve,
    Return,
    Reviewed(UiResult<ScreeningRecord>),
    Rescreen,
    Print(crate::ui::screens::referrals::DocAction),
    Back,
}

pub enum Event {
    Close,
    Changed,
    Document(
        crate::ui::print::Doc,
        crate::ui::screens::referrals::DocAction,
    ),
}

pub struct Interview {
    pub case: Option<CaseView>,
    pub record: Option<ScreeningRecord>,
    history: Vec<ScreeningRecord>,
    exploitation: Exploitation,
    moved: Option<bool>,
    pub answers: BTreeMap<String, Answer>,
    notes: BTreeMap<String, String>,
    evidence: Evidence,
    pub dimension: Dimension,
    decision: Option<Decision>,
    reason: String,
    review_note: String,
    pub result: Option<ScreeningResult>,
    dirty: bool,
    busy: bool,
    pub notice: Option<(Banner, String)>,
}

impl Interview {
    pub fn open(case_id: String, db: &Db) -> (Interview, Task<Message>) {
        let i = Interview {
            case: None,
            record: None,
            history: Vec::new(),
            exploitation: Exploitation::Labour,
            moved: None,
            answers: BTreeMap::new(),
            notes: BTreeMap::new(),
            evidence: Evidence::default(),
            dimension: Dimension::DeceptiveRecruitment,
            decision: None,
            reason: String::new(),
            review_note: String::new(),
            result: None,
            dirty: false,
            busy: false,
            notice: None,
        };
        let task = db.task(
            move |v| {
                let case = v.open_case(&case_id)?;
                let history = v.screenings_of(&case_id)?;
                Ok(Loaded { case, history })
            },
            Message::Loaded,
        );
        (i, task)
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The input of the rule from the case and the answers. An uncertain age
    /// that may be under 18 is passed as unknown: the presumption of minority.
    pub fn input(&self) -> Option<ScreeningInput> {
        let case = &self.case.as_ref()?.record;
        Some(ScreeningInput {
            age_years: age_for_rule(case),
            age_uncertain: case.identity.age_uncertain,
            exploitation: self.exploitation,
            moved_by_someone: self.moved,
            answers: self.answers.clone(),
            purposes: Default::default(),
        })
    }

    fn recompute(&mut self) {
        let Ok(catalog) = Catalog::builtin() else {
            return;
        };
        self.result = self.input().and_then(|i| evaluate(catalog, &i).ok());
    }

    fn load_record(&mut self, r: &ScreeningRecord) {
        self.exploitation = r.input.exploitation;
        self.moved = r.input.moved_by_someone;
        self.answers = r.input.answers.clone();
        self.notes = r.notes.clone();
        self.evidence = r.evidence.clone();
        self.decision = r.decision;
        self.reason = r.decision_reason.clone();
        self.record = Some(r.clone());
    }

    pub fn update(
        &mut self,
        m: Message,
        session: &Session,
        l: Lang,
    ) -> (Task<Message>, Option<Event>) {
        let db = &session.db;
        match m {
            Message::Loaded(Ok(loaded)) => {
                self.history = loaded.history;
                self.case = Some(loaded.case);
                if let Some(latest) = self.history.first().cloned() {
                    self.load_record(&latest);
                }
                self.recompute();
            }
            Message::Loaded(Err(e)) => self.notice = Some((Banner::Error, e.message(l))),
            Message::Dimension(d) => self.dimension = d,
            Message::Exploitation(c) => {
                self.exploitation = c.value;
                self.dirty = true;
                self.recompute();
            }
            Message::Moved(c) => {
                self.moved = c.value;
                self.dirty = true;
                self.recompute();
            }
            Message::Answer(code, a) => {
                if self.answers.get(&code) == Some(&a) {
                    self.answers.remove(&code);
                } else {
                    self.answers.insert(code, a);
                }
                self.dirty = true;
                self.recompute();
            }
            Message::Note(code, n) => {
                self.notes.insert(code, n);
                self.dirty = true;
            }
            Message::Source(k, on) => {
                self.evidence.sources.retain(|s| s != &k);
                if on {
                    self.evidence.sources.push(k);
                    self.evidence
                        .sources
                        .sort_by_key(|s| EVIDENCE_SOURCES.iter().position(|x| x == s));
                }
                self.dirty = true;
            }
            Message::Sign(k, on) => {
                self.evidence.signs.retain(|s| s != &k);
                if on {
                    self.evidence.signs.push(k);
                }
                self.dirty = true;
            }
            Message::BackgroundVerified(b) => {
                self.evidence.background_verified = b;
                self.dirty = true;
            }
            Message::EvidenceNote(s) => {
                self.evidence.note = s;
                self.dirty = true;
            }
            Message::Save => return (self.save(db), None),
            Message::Saved(Ok(r)) => {
                self.busy = false;
                self.dirty = false;
                self.load_record(&r);
                self.history.retain(|h| h.id != r.id);
                self.history.insert(0, r);
                self.notice = Some((Banner::Success, t!(l, "screening-saved")));
                return (Task::none(), Some(Event::Changed));
            }
            Message::Saved(Err(e)) | Message::Reviewed(Err(e)) => {
                self.busy = false;
                self.notice = Some((Banner::Error, e.message(l)));
            }
            Message::Decision(c) => self.decision = Some(c.value),
            Message::Reason(s) => self.reason = s,
            Message::RecordDecision => {
                let Some(decision) = self.decision else {
                    self.notice = Some((Banner::Error, t!(l, "screening-choose-decision")));
                    return (Task::none(), None);
                };
                if self.reason.trim().is_empty() {
                    self.notice = Some((Banner::Error, t!(l, "screening-reason-required")));
                    return (operation::focus(Id::new(ID_REASON)), None);
                }
                // Save the answers first, then the decision, in one background job.
                let Some(input) = self.input() else {
                    return (Task::none(), None);
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
                return (
                    db.task(
                        move |v| {
                            let r = v.save_screening(
                                &case_id,
                                id.as_deref(),
                                &input,
                                &notes,
                                &evidence,
                            )?;
                            v.record_decision(&r.id, decision, &reason)
                        },
                        Message::Saved,
                    ),
                    None,
                );
            }
            Message::ReviewNote(s) => self.review_note = s,
            Message::Approve | Message::Return => {
                let approve = matches!(m, Message::Approve);
                let Some(id) = self.record.as_ref().map(|r| r.id.clone()) else {
                    return (Task::none(), None);
                };
                if !approve && self.review_note.trim().is_empty() {
                    self.notice = Some((Banner::Error, t!(l, "screening-return-note")));
                    return (Task::none(), None);
                }
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
                self.load_record(&r);
                self.history.retain(|h| h.id != r.id);
                self.history.insert(0, r);
                self.notice = Some((
                    Banner::Success,
                    if approved {
                        t!(l, "screening-approved")
                    } else {
                        t!(l, "screening-returned")
                    },
                ));
                return (Task::none(), Some(Event::Changed));
            }
            Message::Rescreen => {
                // A new version starts from the previous answers; the approved one stays.
                if let Some(r) = &mut self.record {
                    r.approval = None;
                    r.id.clear();
                }
                self.record = None;
                self.decision = None;
                self.reason.clear();
                self.dirty = true;
                self.notice = Some((Banner::Info, t!(l, "screening-new-version")));
            }
            Message::Print(action) => {
                if let Some(r) = &self.record
                    && !self.dirty
                {
                    return (
                        Task::none(),
                        Some(Event::Document(
                            crate::ui::print::Doc::Screening(r.id.clone()),
                            action,
                        )),
                    );
                }
                self.notice = Some((Banner::Info, t!(l, "screening-save-first")));
            }
            Message::Back => return (Task::none(), Some(Event::Close)),
        }
        (Task::none(), None)
    }

    fn save(&mut self, db: &Db) -> Task<Message> {
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
        let (notes, evidence) = (self.notes.clone(), self.evidence.clone());
        self.busy = true;
        db.task(
            move |v| v.save_screening(&case_id, id.as_deref(), &input, &notes, &evidence),
            Message::Saved,
        )
    }

    pub fn view(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let Some(case) = &self.case else {
            let mut c =
                column![button(text(t!(l, "case-back"))).on_press(Message::Back)].spacing(10);
            if let Some((k, m)) = &self.notice {
                c = c.push(widgets::banner(*k, m.clone()));
            }
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let rec = &case.record;
        let mut header = row![
            button(text(t!(l, "case-back")))
                .on_press(Message::Back)
                .style(button::secondary)
                .padding([6, 12]),
            widgets::title(t!(l, "screening-title", number = rec.number.clone())),
            text(format!(
                "{} · {}",
                rec.identity.full_name,
                rec.age()
                    .map(|a| t!(l, "screening-age", age = a))
                    .unwrap_or_else(|| t!(l, "screening-age-unknown"))
            ))
            .size(15),
            widgets::hspace(),
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        let locked = self.record.as_ref().is_some_and(|r| r.is_final());
        header = header.push(
            button(text(t!(l, "screening-save")))
                .on_press_maybe((!self.busy && !locked).then_some(Message::Save))
                .style(button::primary)
                .padding([8, 16]),
        );
        let mut c = column![header].spacing(10);
        if case.receptions.len() > 1 {
            c = c.push(widgets::banner(
                Banner::Error,
                t!(l, "screening-repeat", count = case.receptions.len()),
            ));
        }
        if let Some((k, m)) = &self.notice {
            c = c.push(widgets::banner(*k, m.clone()));
        }
        let explo = vec![
            Choice {
                value: Exploitation::Labour,
                label: t!(l, "exploitation-labour"),
            },
            Choice {
                value: Exploitation::Sexual,
                label: t!(l, "exploitation-sexual"),
            },
        ];
        let moved = vec![
            Choice {
                value: None,
                label: t!(l, "answer-unknown"),
            },
            Choice {
                value: Some(true),
                label: t!(l, "answer-yes"),
            },
            Choice {
                value: Some(false),
                label: t!(l, "answer-no"),
            },
        ];
        let mut settings = row![
            text(t!(l, "screening-exploitation")).size(14),
            pick_list(
                explo.clone(),
                explo.iter().find(|c| c.value == self.exploitation).cloned(),
                Message::Exploitation
            )
            .padding(6),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if let Some(r) = &self.result
            && r.list.is_child()
        {
            settings = settings.push(text(t!(l, "screening-moved")).size(14)).push(
                pick_list(
                    moved.clone(),
                    moved.iter().find(|c| c.value == self.moved).cloned(),
                    Message::Moved,
                )
                .padding(6),
            );
        }
        c = c.push(settings);
        if let Some(r) = &self.result {
            let list = i18n::dynamic(l, &format!("list-{}", r.list.key()));
            let note = if r.presumed_child {
                t!(l, "screening-presumed-child")
            } else {
                String::new()
            };
            c = c.push(
                text(format!("{} {}", t!(l, "screening-list", list = list), note))
                    .size(13)
                    .style(theme::muted),
            );
        }
        let mut tabs = row![].spacing(4);
        for d in Dimension::ALL {
            let yes = self
                .result
                .as_ref()
                .map(|r| r.dimension(d).indicators.len())
                .unwrap_or(0);
            let positive = self
                .result
                .as_ref()
                .is_some_and(|r| r.dimension(d).positive);
            let label = match (yes, positive) {
                (0, _) => d.prefix().to_string(),
                (n, true) => format!("{} · {n} ✓", d.prefix()),
                (n, false) => format!("{} · {n}", d.prefix()),
            };
            tabs = tabs.push(
                button(text(label).size(14))
                    .on_press(Message::Dimension(d))
                    .style(theme::nav(self.dimension == d))
                    .padding([6, 12]),
            );
        }
        let tabs = column![tabs, widgets::section(dimension_label(l, self.dimension))].spacing(6);
        let body = row![
            scrollable(column![tabs, self.view_questions(l, locked)].spacing(8))
                .width(Length::FillPortion(3))
                .height(Length::Fill),
            scrollable(self.view_result_and_decision(session, l, locked))
                .width(Length::FillPortion(2))
                .height(Length::Fill),
        ]
        .spacing(12);
        c.push(body).padding(16).height(Length::Fill).into()
    }

    fn view_questions(&self, l: Lang, locked: bool) -> Element<'_, Message> {
        let Ok(catalog) = Catalog::builtin() else {
            return text("catalog").into();
        };
        let list = self
            .result
            .as_ref()
            .map(|r| r.list)
            .unwrap_or(crate::domain::screening::ListKind::AdultLabour);
        let mut col = column![].spacing(8);
        for ind in catalog.in_dimension(self.dimension) {
            let Some(grade) = ind.grade(list) else {
                continue;
            };
            let (label, question) = match l {
                Lang::Vi => (&ind.label_vi, &ind.question_vi),
                Lang::En => (&ind.label_en, &ind.question_en),
            };
            let current = self.answers.get(&ind.code).copied();
            let mut answers = row![].spacing(4);
            for a in Answer::ALL {
                let selected = current == Some(a);
                let code = ind.code.clone();
                answers = answers.push(
                    button(text(answer_label(l, a)).size(13))
                        .on_press_maybe((!locked).then_some(Message::Answer(code, a)))
                        .style(if selected {
                            button::primary
                        } else {
                            button::secondary
                        })
                        .padding([4, 10]),
                );
            }
            let code = ind.code.clone();
            col = col.push(
                container(
                    column![
                        row![
                            text(format!("{} · {}", ind.code, label))
                                .size(13)
                                .font(theme::SEMIBOLD)
                                .width(Length::Fill),
                            text(grade_label(l, grade)).size(12).style(theme::muted),
                        ],
                        text(question.clone()).size(15),
                        answers,
                        text_input(
                            &t!(l, "screening-note"),
                            self.notes.get(&ind.code).map(String::as_str).unwrap_or("")
                        )
                        .on_input(move |s| Message::Note(code.clone(), s))
                        .padding(4)
                        .size(13),
                    ]
                    .spacing(6),
                )
                .padding(10)
                .style(theme::card),
            );
        }
        col.into()
    }

    fn view_result_and_decision(
        &self,
        session: &Session,
        l: Lang,
        locked: bool,
    ) -> Element<'_, Message> {
        let mut col = column![widgets::section(t!(l, "screening-result"))].spacing(8);
        if let Some(r) = &self.result {
            col = col.push(result_path(r, l));
        }
        // Evidence sources and signs (art. 32).
        let mut ev = column![widgets::section(t!(l, "screening-evidence"))].spacing(4);
        for k in EVIDENCE_SOURCES {
            let on = self.evidence.sources.iter().any(|s| s == k);
            ev = ev.push(
                checkbox(on)
                    .label(i18n::dynamic(l, &format!("evidence-{k}")))
                    .on_toggle_maybe(
                        (!locked).then_some(move |b| Message::Source(k.to_string(), b)),
                    )
                    .size(16)
                    .text_size(13),
            );
        }
        ev = ev.push(
            text(t!(l, "screening-fallback"))
                .size(13)
                .font(theme::SEMIBOLD),
        );
        ev = ev.push(
            checkbox(self.evidence.background_verified)
                .label(t!(l, "sign-background_verified"))
                .on_toggle_maybe((!locked).then_some(Message::BackgroundVerified))
                .size(16)
                .text_size(13),
        );
        for k in FALLBACK_SIGNS {
            let on = self.evidence.signs.iter().any(|s| s == k);
            ev = ev.push(
                checkbox(on)
                    .label(i18n::dynamic(l, &format!("sign-{k}")))
                    .on_toggle_maybe((!locked).then_some(move |b| Message::Sign(k.to_string(), b)))
                    .size(16)
                    .text_size(13),
            );
        }
        ev = ev.push(
            text_input(&t!(l, "screening-evidence-note"), &self.evidence.note)
                .on_input(Message::EvidenceNote)
                .padding(4)
                .size(13),
        );
        col = col.push(container(ev).padding(10).style(theme::card));

        // The decision.
        let decisions: Vec<Choice<Decision>> = Decision::ALL
            .iter()
            .map(|d| Choice {
                value: *d,
                label: decision_label(l, Some(*d)),
            })
            .collect();
        let mut dec = column![widgets::section(t!(l, "screening-decision"))].spacing(6);
        dec = dec.push(text(t!(l, "screening-advice")).size(13).style(theme::muted));
        if let Some(r) = &self.record {
            let state = match r.approval {
                Some(Approval::Pending) => t!(
                    l,
                    "approval-pending",
                    by = r.decided_by.clone().unwrap_or_default()
                ),
                Some(Approval::Approved) => t!(
                    l,
                    "approval-approved",
                    by = r.approved_by.clone().unwrap_or_default()
                ),
                Some(Approval::Returned) => t!(
                    l,
                    "approval-returned",
                    by = r.approved_by.clone().unwrap_or_default(),
                    note = r.approval_note.clone()
                ),
                None => t!(l, "approval-none"),
            };
            dec = dec.push(text(format!("{} · v{}", state, r.version)).size(14));
        }
        if !locked {
            dec = dec
                .push(
                    pick_list(
                        decisions.clone(),
                        self.decision
                            .and_then(|d| decisions.iter().find(|c| c.value == d).cloned()),
                        Message::Decision,
                    )
                    .padding(6),
                )
                .push(
                    text_input(&t!(l, "screening-reason"), &self.reason)
                        .id(Id::new(ID_REASON))
                        .on_input(Message::Reason)
                        .on_submit(Message::RecordDecision)
                        .padding(6),
                )
                .push(
                    button(text(t!(l, "screening-record-decision")))
                        .on_press_maybe((!self.busy).then_some(Message::RecordDecision))
                        .style(button::primary),
                );
        } else {
            dec = dec.push(
                button(text(t!(l, "screening-rescreen")))
                    .on_press(Message::Rescreen)
                    .style(button::secondary),
            );
        }
        // The supervisor's review: never of one's own decision.
        if let Some(r) = &self.record
            && r.approval == Some(Approval::Pending)
            && session.user.role.can_supervise()
        {
            if r.decided_by.as_deref() == Some(session.user.username.as_str()) {
                dec = dec.push(
                    text(t!(l, "screening-own-decision"))
                        .size(13)
                        .style(theme::warning_text),
                );
            } else {
                dec = dec
                    .push(
                        text_input(&t!(l, "screening-review-note"), &self.review_note)
                            .on_input(Message::ReviewNote)
                            .padding(6),
                    )
                    .push(
                        row![
                            button(text(t!(l, "screening-approve")))
                                .on_press_maybe((!self.busy).then_some(Message::Approve))
                                .style(button::success),
                            button(text(t!(l, "screening-return")))
                                .on_press_maybe((!self.busy).then_some(Message::Return))
                                .style(button::danger),
                        ]
                        .spacing(8),
                    );
            }
        }
        col = col.push(container(dec).padding(10).style(theme::card));
        if self.record.is_some() {
            use crate::ui::screens::referrals::DocAction;
            col = col.push(
                row![
                    text(t!(l, "doc-screening")).size(14).width(Length::Fill),
                    button(text(t!(l, "doc-open")))
                        .on_press(Message::Print(DocAction::Open))
                        .style(button::secondary),
                    button(text(t!(l, "doc-save")))
                        .on_press(Message::Print(DocAction::Save))
                        .style(button::secondary),
                ]
                .spacing(6)
                .align_y(Alignment::Center),
            );
        }
        if self.history.len() > 1 {
            let mut h = column![widgets::section(t!(l, "screening-history"))].spacing(2);
            for r in &self.history {
                h = h.push(
                    text(format!(
                        "v{} · {} · {} · {}",
                        r.version,
                        crate::ui::screens::audit::format_ts(&r.updated_at),
                        labels::outcome(l, r.result.outcome.key()),
                        decision_label(l, r.decision)
                    ))
                    .size(13),
                );
            }
            col = col.push(container(h).padding(10).style(theme::card));
        }
        col.into()
    }
}

/// The age passed to the rule (see `Interview::input`): the domain's, which
/// leaves the presumption of minority to the rule.
pub fn age_for_rule(case: &CaseRecord) -> Option<u32> {
    crate::domain::screening::age_for_rule(case)
}

/// The result and the path that leads to it, dimension by dimension.
pub fn result_path<'a, M: 'a>(r: &ScreeningResult, l: Lang) -> Element<'a, M> {
    let mut col = column![].spacing(4);
    for d in Dimension::ALL {
        let dr = r.dimension(d);
        let line = t!(
            l,
            "screening-dimension-line",
            code = d.prefix(),
            strong = dr.strong,
            medium = dr.medium,
            weak = dr.weak
        );
        let verdict = if dr.positive {
            t!(l, "screening-positive")
        } else {
            t!(l, "screening-not-positive")
        };
        let codes = if dr.indicators.is_empty() {
            String::new()
        } else {
            format!(" ({})", dr.indicators.join(", "))
        };
        let t = text(format!("{line} → {verdict}{codes}")).size(13);
        col = col.push(if dr.positive {
            t.font(theme::SEMIBOLD)
        } else {
            t
        });
    }
    let rule = if r.list.is_child() {
        t!(l, "screening-rule-child")
    } else {
        t!(l, "screening-rule-adult")
    };
    col = col.push(text(rule).size(13).style(theme::muted));
    let kind = match r.outcome {
        Outcome::SuspectedVictim => Banner::Error,
        Outcome::NeedsFurtherInterview | Outcome::ExploitationOnly => Banner::Warning,
        Outcome::NoIndicators => Banner::Info,
    };
    col = col.push(widgets::banner(kind, labels::outcome(l, r.outcome.key())));
    if r.unknown_could_change {
        col = col.push(
            text(t!(l, "screening-unknown-could-change"))
                .size(13)
                .style(theme::warning_text),
        );
    }
    col.into()
}

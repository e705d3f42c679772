//! Screening: the queue of cases not yet screened (and decisions waiting for
//! a supervisor), and the interview (`interview`): the questionnaire by
//! dimension, answered by mouse or by keys alone, the result and its path
//! shown live in sentences, then the officer's decision and the approval.

mod interview;
mod interview_view;

use iced::Task;
use iced::widget::column;
use iced::{Element, Length};

pub use interview::{Event, ID_REASON, Interview, Message};

use crate::domain::dates;
use crate::domain::screening::{Answer, Catalog, Decision, Dimension, Grade};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::widgets::{self, col};
use crate::vault::screenings::{PendingRow, QueueRow};

pub fn decision_label(l: Lang, d: Option<Decision>) -> String {
    match d {
        Some(d) => labels::keyed(l, "decision", d.key()),
        None => t!(l, "decision-none"),
    }
}

/// The dimension's name in the user's language (from the catalog).
pub fn dimension_label(l: Lang, d: Dimension) -> String {
    let info = Catalog::builtin().map(|c| c.dimension_info(d).clone());
    match (info, l) {
        (Ok(i), Lang::Vi) => i.label_vi,
        (Ok(i), Lang::En) => i.label_en,
        (Err(_), _) => d.key().to_string(),
    }
}

pub fn answer_label(l: Lang, a: Answer) -> String {
    labels::keyed(l, "answer", a.key())
}

pub fn grade_label(l: Lang, g: Grade) -> String {
    labels::of(l, g)
}

#[derive(Debug, Clone)]
pub enum QueueMessage {
    Load,
    Loaded(UiResult<(Vec<QueueRow>, usize, Vec<PendingRow>)>),
    Open(String),
}

#[derive(Default)]
pub struct Queue {
    rows: Vec<QueueRow>,
    total: usize,
    pending: Vec<PendingRow>,
    notice: Option<Notice>,
}

impl Queue {
    pub fn new() -> Queue {
        Queue::default()
    }

    pub fn load(&mut self, session: &Session) -> Task<QueueMessage> {
        session.db.task(
            |v| {
                let (rows, total) = v.screening_queue(200)?;
                let mut pending = if v.user().role.can_supervise() {
                    v.pending_decisions()?
                } else {
                    Vec::new()
                };
                // The officer who proposed it, by rank and name, not by account.
                if !pending.is_empty() {
                    let people = v.people()?;
                    for p in &mut pending {
                        if let Some(name) = people
                            .get(&p.proposed_by)
                            .map(|x| x.ranked_name())
                            .filter(|n| !n.is_empty())
                        {
                            p.proposed_by = name;
                        }
                    }
                }
                Ok((rows, total, pending))
            },
            QueueMessage::Loaded,
        )
    }

    /// Returns the case to open, if one was chosen.
    pub fn update(&mut self, m: QueueMessage, session: &Session) -> Update<QueueMessage, String> {
        match m {
            QueueMessage::Load => return (self.load(session), None),
            QueueMessage::Loaded(Ok((rows, total, pending))) => {
                self.rows = rows;
                self.total = total;
                self.pending = pending;
                self.notice = None;
            }
            QueueMessage::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            QueueMessage::Open(id) => return (Task::none(), Some(id)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, QueueMessage> {
        let mut c = column![widgets::title(t!(l, "nav-screening"))].spacing(10);
        c = c.push(widgets::notice(l, self.notice.as_ref()));
        if !self.pending.is_empty() {
            c = c.push(widgets::section(t!(
                l,
                "screening-pending-title",
                count = self.pending.len()
            )));
            let lines = self
                .pending
                .iter()
                .map(|r| {
                    widgets::line(
                        vec![
                            r.number.clone(),
                            r.full_name.clone(),
                            decision_label(l, Decision::from_key(&r.decision)),
                            r.proposed_by.clone(),
                        ],
                        QueueMessage::Open(r.case_id.clone()),
                    )
                })
                .collect();
            c = c.push(
                iced::widget::container(widgets::row_list(
                    vec![
                        col(t!(l, "case-number"), Length::Fixed(140.0)),
                        col(t!(l, "case-full-name"), Length::Fill),
                        col(t!(l, "screening-decision"), Length::FillPortion(2)),
                        col(t!(l, "screening-proposed-by"), Length::Fixed(200.0)),
                    ],
                    lines,
                    String::new(),
                ))
                .height(Length::Fixed(200.0)),
            );
        }
        c = c.push(widgets::section(t!(
            l,
            "screening-queue-title",
            count = self.total
        )));
        let lines = self
            .rows
            .iter()
            .map(|r| {
                let mut name = r.full_name.clone();
                if r.is_child {
                    name.push_str(&format!(" · {}", t!(l, "cases-child")));
                }
                let cells = vec![r.number.clone(), name, dates::iso_to_dmy(&r.received_on)];
                widgets::line(cells, QueueMessage::Open(r.case_id.clone()))
            })
            .collect();
        c.push(widgets::row_list(
            vec![
                col(t!(l, "case-number"), Length::Fixed(140.0)),
                col(t!(l, "case-full-name"), Length::Fill),
                col(t!(l, "case-received-on"), Length::Fixed(120.0)),
            ],
            lines,
            t!(l, "screening-queue-empty"),
        ))
        .padding(16)
        .height(Length::Fill)
        .into()
    }
}

//! Referrals to social services: the list by status, and a case's referral
//! editor (`editor`): agency, services, consent (or the reason to proceed
//! without it), approval by a supervisor, handover, acknowledgement, and the
//! encrypted referral package with its passphrase shown once.

mod editor;
mod editor_view;

use iced::widget::{column, row};
use iced::{Alignment, Element, Length, Task};

pub use editor::{Editor, Event, Field, Message};

use crate::domain::referral::ReferralStatus;
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::widgets::{self, col};
use crate::vault::referrals::ReferralRow;

pub fn status_label(l: Lang, s: ReferralStatus) -> String {
    i18n::dynamic(l, &format!("referral-status-{}", s.key()))
}

#[derive(Debug, Clone)]
pub enum ListMessage {
    Load,
    Loaded(UiResult<Vec<ReferralRow>>),
    Filter(widgets::Choice<Option<ReferralStatus>>),
    Open(String),
}

#[derive(Default)]
pub struct List {
    rows: Vec<ReferralRow>,
    filter: Option<ReferralStatus>,
    notice: Option<Notice>,
}

impl List {
    pub fn new() -> List {
        List::default()
    }

    pub fn load(&mut self, session: &Session) -> Task<ListMessage> {
        let f = self.filter;
        session
            .db
            .task(move |v| v.list_referrals(f, 500), ListMessage::Loaded)
    }

    /// Returns the case whose referral to open.
    pub fn update(&mut self, m: ListMessage, session: &Session) -> Update<ListMessage, String> {
        match m {
            ListMessage::Load => return (self.load(session), None),
            ListMessage::Loaded(Ok(rows)) => {
                self.rows = rows;
                self.notice = None;
            }
            ListMessage::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            ListMessage::Filter(c) => {
                self.filter = c.value;
                return (self.load(session), None);
            }
            ListMessage::Open(case_id) => return (Task::none(), Some(case_id)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, ListMessage> {
        let filters = widgets::filter_choices(
            t!(l, "filter-any-referral-status"),
            &ReferralStatus::ALL,
            |s| status_label(l, *s),
        );
        let lines = self
            .rows
            .iter()
            .map(|r| {
                widgets::line(
                    vec![
                        r.number.clone(),
                        r.case_number.clone(),
                        r.full_name.clone(),
                        r.agency.clone(),
                        status_label(l, r.status),
                    ],
                    ListMessage::Open(r.case_id.clone()),
                )
            })
            .collect();
        column![
            row![
                widgets::title(t!(l, "nav-referrals")),
                widgets::hspace(),
                widgets::pick(
                    filters,
                    Some(&self.filter),
                    String::new(),
                    ListMessage::Filter
                ),
            ]
            .align_y(Alignment::Center),
            widgets::notice(l, self.notice.as_ref()),
            widgets::row_list(
                vec![
                    col(t!(l, "referral-number"), Length::Fixed(130.0)),
                    col(t!(l, "case-number"), Length::Fixed(140.0)),
                    col(t!(l, "case-full-name"), Length::Fill),
                    col(t!(l, "referral-agency"), Length::FillPortion(2)),
                    col(t!(l, "referral-status"), Length::Fixed(180.0)),
                ],
                lines,
                t!(l, "referral-none"),
            ),
        ]
        .spacing(10)
        .padding(16)
        .height(Length::Fill)
        .into()
    }
}

//! The handover of a batch's people who are not victims, in the batch's
//! detail: the "Biên bản bàn giao công dân" already made (one per
//! receiver, each printed like every other paper) and how many people are
//! still to be handed over; the form that makes a record is
//! `handover_form`.

use iced::widget::{column, row, text};
use iced::{Alignment, Element, Task};

use super::Message;
use crate::domain::batch::BatchRecord;
use crate::domain::papers::PaperKind;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::session::Session;
use crate::ui::widgets::{self, Kind, btn};

/// A record of the batch as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    /// The paper's number ("12/BB-ĐMB"), blank when not issued.
    pub number: String,
    pub receiver: String,
    pub people: usize,
}

/// The batch's records and how many people are still to be handed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub list: Vec<Record>,
    pub pending: usize,
}

fn records(v: &mut crate::vault::Vault, batch_id: &str) -> crate::app::Result<Records> {
    let mut list = Vec::new();
    for h in v.citizen_handovers_of(batch_id)? {
        let number = v
            .issued_paper(PaperKind::CitizenHandover, &h.id)?
            .map(|p| p.number.trim().to_string())
            .unwrap_or_default();
        list.push(Record {
            id: h.id,
            number,
            receiver: h.receiver,
            people: h.case_ids.len(),
        });
    }
    let pending = crate::app::handovers::pending(v, batch_id)?.len();
    Ok(Records { list, pending })
}

/// The records already made for a batch.
pub fn load(session: &Session, batch_id: String) -> Task<Message> {
    session
        .db
        .task_app(move |v| records(v, &batch_id), Message::HandoversLoaded)
}

pub fn view<'a>(l: Lang, b: &BatchRecord, r: &'a Records) -> Element<'a, Message> {
    let status = if r.pending > 0 {
        t!(l, "batch-handover-pending", count = r.pending)
    } else {
        t!(l, "batch-handover-none-pending")
    };
    let make = (r.pending > 0).then(|| Message::HandOver(b.id.clone(), b.number.clone()));
    let mut c = column![
        widgets::section_bar(
            t!(l, "batch-handover-title"),
            row![
                text(status).size(13),
                btn(t!(l, "batch-handover-make"), Kind::Secondary, make),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
        ),
        widgets::hint(t!(l, "batch-handover-hint")),
    ]
    .spacing(6);
    // The records scroll in a band of their own, so a batch handed to many
    // receivers leaves room for its list of people.
    let mut recs = column![].spacing(6).padding(iced::Padding::ZERO.right(14));
    for rec in &r.list {
        recs = recs.push(
            row![
                text(rec.number.clone())
                    .size(14)
                    .width(iced::Length::Fixed(120.0)),
                text(t!(
                    l,
                    "batch-handover-record",
                    receiver = rec.receiver.clone(),
                    count = rec.people
                ))
                .width(iced::Length::Fill),
            ]
            .extend(widgets::doc_actions(l, true, |a| {
                Message::PrintCitizens(rec.id.clone(), a)
            }))
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    if !r.list.is_empty() {
        c = c.push(iced::widget::container(iced::widget::scrollable(recs)).max_height(132.0));
    }
    c.into()
}

pub type Loaded = UiResult<Records>;

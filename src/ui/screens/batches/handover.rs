//! The handover of a batch's people who are not victims: one "Biên bản
//! bàn giao công dân" per receiver (the police of each person's home
//! province), recorded through `app::handovers` and printed like every
//! other paper.

use iced::widget::{column, row, text};
use iced::{Alignment, Element, Task};

use super::Message;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::print::DocAction;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Kind, btn};

/// A record of the batch: its id, the receiver, how many people.
pub type Record = (String, String, usize);

fn records(v: &crate::vault::Vault, batch_id: &str) -> crate::vault::Result<Vec<Record>> {
    Ok(v.citizen_handovers_of(batch_id)?
        .into_iter()
        .map(|h| (h.id, h.receiver, h.case_ids.len()))
        .collect())
}

/// The records already made for a batch.
pub fn load(session: &Session, batch_id: String) -> Task<Message> {
    session
        .db
        .task(move |v| records(v, &batch_id), Message::HandoversLoaded)
}

/// Hand everyone not yet handed over to the police of their home province
/// (one record each), by the signed-in officer; then the records.
pub fn record(session: &Session, batch_id: String) -> Task<Message> {
    session.db.task_app(
        move |v| {
            use crate::app::handovers;
            let groups = handovers::plan(v, &batch_id, None)?;
            let me = v
                .people()?
                .get(&v.user().username)
                .cloned()
                .unwrap_or_default();
            for g in &groups {
                handovers::record(v, &batch_id, g, None, me.clone(), Default::default())?;
            }
            Ok(records(v, &batch_id)?)
        },
        Message::HandoversLoaded,
    )
}

pub fn view<'a>(l: Lang, batch_id: &str, list: &'a [Record]) -> Element<'a, Message> {
    let mut c = column![
        row![
            widgets::section(t!(l, "batch-handover-title")),
            widgets::hspace(),
            btn(
                t!(l, "batch-handover-make"),
                Kind::Secondary,
                Some(Message::HandOver(batch_id.to_string()))
            ),
        ]
        .align_y(Alignment::Center),
        text(t!(l, "batch-handover-hint"))
            .size(13)
            .style(theme::muted),
    ]
    .spacing(6);
    for (id, receiver, n) in list {
        c = c.push(
            row![
                text(t!(
                    l,
                    "batch-handover-record",
                    receiver = receiver.clone(),
                    count = *n
                ))
                .width(iced::Length::Fill),
                btn(
                    t!(l, "doc-open"),
                    Kind::Secondary,
                    Some(Message::PrintCitizens(id.clone(), DocAction::Open))
                ),
                btn(
                    t!(l, "doc-save"),
                    Kind::Secondary,
                    Some(Message::PrintCitizens(id.clone(), DocAction::Save))
                ),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    c.into()
}

pub type Loaded = UiResult<Vec<Record>>;

//! Shapes that many screens share, said once (beside those of `screen`):
//! buttons from data, a record's screen while it loads, a restored draft
//! with its "discard", the "Open PDF" / "Save PDF" of a paper, the choices
//! of a pick list from pairs, and a row list's plain line.

use iced::widget::{Row, column, row, text};
use iced::{Alignment, Element, Length};

use super::{Choice, Kind, Line, banner_with, btn};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::notice::Notice;
use crate::ui::print::DocAction;
use crate::ui::theme::Banner;

/// A button as data: its label, its kind, and its message (disabled without).
pub type Button<M> = (String, Kind, Option<M>);

/// The buttons, in order (to put in a row, a heading or a banner).
pub fn buttons<'a, M: Clone + 'a>(
    items: impl IntoIterator<Item = Button<M>>,
) -> Vec<Element<'a, M>> {
    items
        .into_iter()
        .map(|(label, kind, on)| btn(label, kind, on))
        .collect()
}

/// Buttons side by side.
pub fn button_row<'a, M: Clone + 'a>(items: impl IntoIterator<Item = Button<M>>) -> Row<'a, M> {
    Row::with_children(buttons(items))
        .spacing(8)
        .align_y(Alignment::Center)
}

/// A record's screen before the record has come: its heading, the notice
/// (why it did not come, if it did not), and "Đang tải…".
pub fn loading<'a, M: 'a>(
    l: Lang,
    heading: Element<'a, M>,
    notice: Option<&Notice>,
) -> Element<'a, M> {
    column![
        heading,
        super::screen::notice(l, notice),
        text(t!(l, "loading"))
    ]
    .spacing(10)
    .padding(16)
    .into()
}

/// A form reopened with the draft it had left: the message and the button
/// that throws the draft away.
pub fn draft_restored<'a, M: Clone + 'a>(
    l: Lang,
    message: String,
    on_discard: M,
) -> Element<'a, M> {
    let discard = (
        t!(l, "case-draft-discard"),
        Kind::Secondary,
        Some(on_discard),
    );
    banner_with(Banner::Info, message, buttons([discard]))
}

/// "Mở PDF" and "Lưu PDF" of one paper; `on` makes the message of each.
pub fn doc_actions<'a, M: Clone + 'a>(
    l: Lang,
    enabled: bool,
    on: impl Fn(DocAction) -> M,
) -> Vec<Element<'a, M>> {
    buttons([
        (
            t!(l, "doc-open"),
            Kind::Secondary,
            enabled.then(|| on(DocAction::Open)),
        ),
        (
            t!(l, "doc-save"),
            Kind::Secondary,
            enabled.then(|| on(DocAction::Save)),
        ),
    ])
}

/// A paper's line: its name, then its "Mở PDF" and "Lưu PDF".
pub fn doc_row<'a, M: Clone + 'a>(
    l: Lang,
    label: String,
    enabled: bool,
    on: impl Fn(DocAction) -> M,
) -> Element<'a, M> {
    row![text(label).size(14).width(Length::Fill)]
        .extend(doc_actions(l, enabled, on))
        .spacing(6)
        .align_y(Alignment::Center)
        .into()
}

/// The choices of a pick list from (value, label) pairs.
pub fn labelled<T>(pairs: impl IntoIterator<Item = (T, String)>) -> Vec<Choice<T>> {
    pairs
        .into_iter()
        .map(|(value, label)| Choice { value, label })
        .collect()
}

/// A line of a row list that is not marked.
pub fn line<M>(cells: Vec<String>, on_open: M) -> Line<M> {
    Line {
        cells,
        alert: false,
        on_open,
    }
}

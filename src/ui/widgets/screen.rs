//! The parts of a screen around its controls: its notice (set when work
//! ends, shown in a fixed place under the title), a card, a section heading
//! with something on its right, a button at the right end of its line,
//! "working…" beside a spinner, a question asked before something is done,
//! a text box with its button, the "from … to …" date filters, and the
//! fields that recur from screen to screen (a province, a save button).

use iced::widget::{
    Column, Container, Id, Row, TextInput, column, container, row, text, text_input,
};
use iced::{Alignment, Element, Length};

use super::{
    Choice, Kind, Secret, banner, banner_with, btn, hspace, pick_field, section, slot, spinner,
    title,
};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::theme::{self, Banner};

/// Work that ended: the screen is no longer busy; a failure becomes its
/// notice, a success is handed back.
pub fn settle<T>(busy: &mut bool, notice: &mut Option<Notice>, result: UiResult<T>) -> Option<T> {
    *busy = false;
    result.map_err(|e| *notice = Some(Notice::Error(e))).ok()
}

/// The place under a screen's title for its notice: always there, so what
/// follows keeps its place (and its focus) when a notice comes or goes.
pub fn notice<'a, M: 'a>(l: Lang, notice: Option<&Notice>) -> Element<'a, M> {
    slot(notice.map(|n| banner(n.kind(), n.text(l))))
}

/// A screen's title and, under it, what the screen is for (the screens
/// before sign-in).
pub fn intro<'a, M: 'a>(title_text: String, intro: String) -> Column<'a, M> {
    column![title(title_text), text(intro).size(14).style(theme::muted)]
}

/// A card: a padded block on the card background.
pub fn card<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Container<'a, M> {
    container(content).padding(12).style(theme::card)
}

/// A hint under a heading or beside a control: small, in the muted colour.
pub fn hint<'a>(s: String) -> iced::widget::Text<'a> {
    text(s).size(13).style(theme::muted)
}

/// A section's heading with something on the right of its line (a filter,
/// a button).
pub fn section_bar<'a, M: 'a>(title: String, right: impl Into<Element<'a, M>>) -> Element<'a, M> {
    row![section(title), hspace(), right.into()]
        .align_y(Alignment::Center)
        .into()
}

/// Something at the right end of its line (a form's last button).
pub fn at_end<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    row![hspace(), content.into()].into()
}

/// "Working…" beside a spinner: what stands in place of a form's button
/// while its work runs (`phase` advances with the app's tick).
pub fn working<'a, M: 'a>(phase: f32, label: String) -> Element<'a, M> {
    row![spinner(phase), text(label).size(14)]
        .spacing(12)
        .align_y(Alignment::Center)
        .into()
}

/// A text box and the button that sends what is in it (`Enter` in the box
/// sends it too).
pub fn input_button<'a, M: Clone + 'a>(
    input: TextInput<'a, M>,
    label: String,
    on_submit: M,
) -> Element<'a, M> {
    row![
        input.on_submit(on_submit.clone()),
        btn(label, Kind::Secondary, Some(on_submit)),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

/// One button per value, the chosen one marked (primary): a choice made by
/// pressing. `on_choose` is `None` where the choice cannot be changed.
pub fn choice_buttons<'a, T: Copy + PartialEq, M: Clone + 'a>(
    values: &[T],
    chosen: Option<T>,
    label: impl Fn(T) -> String,
    on_choose: Option<impl Fn(T) -> M>,
) -> Row<'a, M> {
    values.iter().fold(row![].spacing(6), |r, v| {
        let kind = if chosen == Some(*v) {
            Kind::Primary
        } else {
            Kind::Secondary
        };
        r.push(btn(label(*v), kind, on_choose.as_ref().map(|f| f(*v))))
    })
}

/// A question asked before something is done: the warning, a button that
/// does it (`yes`: label, kind, message) and one that does not (`no`).
pub fn confirm<'a, M: Clone + 'a>(
    message: String,
    yes: (String, Kind, M),
    no: (String, M),
) -> Element<'a, M> {
    let (yes_label, yes_kind, on_yes) = yes;
    let (no_label, on_no) = no;
    banner_with(
        Banner::Warning,
        message,
        vec![
            btn(yes_label, yes_kind, Some(on_yes)),
            btn(no_label, Kind::Secondary, Some(on_no)),
        ],
    )
}

/// The save button of a form; disabled (`None`) while its work runs.
pub fn save<'a, M: Clone + 'a>(l: Lang, on_save: Option<M>) -> Element<'a, M> {
    btn(t!(l, "action-save"), Kind::Primary, on_save)
}

/// A province picked from the list, labelled "Tỉnh/thành phố".
pub fn province_field<'a, M: Clone + 'a>(
    l: Lang,
    value: Option<&u32>,
    on_pick: impl Fn(Choice<u32>) -> M + 'a + Clone,
) -> Element<'a, M> {
    let label = t!(l, "setup-province");
    pick_field(
        l,
        label,
        false,
        crate::ui::labels::provinces(),
        value,
        on_pick,
    )
}

/// What `secrets` shows for a new password: the password (labelled
/// `label`: "Mật khẩu", "Mật khẩu mới") and, under it, the same typed again;
/// `new` and `again` are each field's widget id, value and message.
pub fn new_password<'b, M>(
    l: Lang,
    label: String,
    new: (&'static str, &'b str, fn(String) -> M),
    again: (&'static str, &'b str, fn(String) -> M),
) -> [Secret<'b, M>; 2] {
    let (id, value, on_input) = new;
    let (again_id, again_value, again_on_input) = again;
    let again_label = t!(l, "field-password-confirm");
    [
        (label, id, value, on_input),
        (again_label, again_id, again_value, again_on_input),
    ]
}

/// The "from … to …" date filters (dd/mm/yyyy) of a list or a report:
/// `date_range(l, from, to, on_from, on_to)`, then optionally what `Enter`
/// sends and the widget id of the first date.
pub struct DateRange<'a, M> {
    l: Lang,
    from: &'a str,
    to: &'a str,
    on_from: fn(String) -> M,
    on_to: fn(String) -> M,
    on_submit: Option<M>,
    from_id: Option<&'static str>,
}

pub fn date_range<'a, M>(
    l: Lang,
    from: &'a str,
    to: &'a str,
    on_from: fn(String) -> M,
    on_to: fn(String) -> M,
) -> DateRange<'a, M> {
    DateRange {
        l,
        from,
        to,
        on_from,
        on_to,
        on_submit: None,
        from_id: None,
    }
}

impl<M> DateRange<'_, M> {
    /// What `Enter` in either date sends.
    pub fn on_submit(self, on_submit: M) -> Self {
        DateRange {
            on_submit: Some(on_submit),
            ..self
        }
    }

    /// The widget id of the first date (to give it the focus).
    pub fn from_id(self, id: &'static str) -> Self {
        DateRange {
            from_id: Some(id),
            ..self
        }
    }
}

impl<'a, M: Clone + 'a> From<DateRange<'a, M>> for Element<'a, M> {
    fn from(d: DateRange<'a, M>) -> Self {
        let date = |value: &str, on_input: fn(String) -> M| {
            text_input("dd/mm/yyyy", value)
                .on_input(on_input)
                .on_submit_maybe(d.on_submit.clone())
                .padding(6)
                .width(Length::Fixed(130.0))
        };
        let mut from = date(d.from, d.on_from);
        if let Some(id) = d.from_id {
            from = from.id(Id::new(id));
        }
        row![
            text(t!(d.l, "filter-from")).size(13),
            from,
            text(t!(d.l, "filter-to")).size(13),
            date(d.to, d.on_to),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::jobs::UiError;

    #[test]
    fn settled_work_is_no_longer_busy_and_a_failure_becomes_the_notice() {
        let (mut busy, mut notice) = (true, None);
        assert_eq!(settle(&mut busy, &mut notice, Ok(7)), Some(7));
        assert!(!busy);
        assert_eq!(notice, None);
        busy = true;
        let failed: UiResult<i32> = Err(UiError::Locked);
        assert_eq!(settle(&mut busy, &mut notice, failed), None);
        assert!(!busy);
        assert_eq!(notice, Some(Notice::Error(UiError::Locked)));
    }
}

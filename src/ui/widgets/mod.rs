//! The reusable pieces every screen is built from: labelled fields with a
//! fixed place for their message (the layout never shifts under the field
//! being typed in), focusable buttons and pick lists, one kind of choice, one
//! pager, one clickable row list, one folder picker, banners and spinners.

pub mod focus;
pub mod folder;
pub mod parts;
pub mod reveal;
pub mod screen;

use iced::widget::canvas::{self, Frame, Geometry, Path as CanvasPath, Stroke, path::Arc};
use iced::widget::{
    Id, Space, button, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Radians, Rectangle, Renderer, Task, Theme, mouse};

use super::i18n::Lang;
use super::theme::{self, Banner};
use crate::t;
pub use focus::focus;
pub use parts::*;
pub use reveal::reveal;
pub use screen::*;

/// A value with its label, for pick lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// Choices for values, labelled.
pub fn choices<T: Clone>(values: &[T], label: impl Fn(&T) -> String) -> Vec<Choice<T>> {
    values
        .iter()
        .map(|v| Choice {
            value: v.clone(),
            label: label(v),
        })
        .collect()
}

/// "Any …" first, then the values: the choices of a filter.
pub fn filter_choices<T: Clone>(
    any: String,
    values: &[T],
    label: impl Fn(&T) -> String,
) -> Vec<Choice<Option<T>>> {
    std::iter::once(Choice {
        value: None,
        label: any,
    })
    .chain(values.iter().map(|v| Choice {
        value: Some(v.clone()),
        label: label(v),
    }))
    .collect()
}

/// A pick list that `Tab` reaches and the arrow keys step through, with a
/// placeholder while nothing is chosen.
pub fn pick<'a, T, M>(
    options: Vec<Choice<T>>,
    value: Option<&T>,
    placeholder: String,
    on_pick: impl Fn(Choice<T>) -> M + 'a + Clone,
) -> Element<'a, M>
where
    T: Clone + PartialEq + 'a,
    M: Clone + 'a,
{
    pick_sized(options, value, placeholder, on_pick, Length::Shrink)
}

/// As `pick`, with a width (a row of filters shares the line with
/// `Length::FillPortion` instead of growing past the window).
pub fn pick_sized<'a, T, M>(
    options: Vec<Choice<T>>,
    value: Option<&T>,
    placeholder: String,
    on_pick: impl Fn(Choice<T>) -> M + 'a + Clone,
    width: Length,
) -> Element<'a, M>
where
    T: Clone + PartialEq + 'a,
    M: Clone + 'a,
{
    let index = value.and_then(|v| options.iter().position(|c| &c.value == v));
    let step = |delta: isize| -> Option<M> {
        let len = options.len() as isize;
        if len == 0 {
            return None;
        }
        let next = match index {
            Some(i) => (i as isize + delta).clamp(0, len - 1),
            None => 0,
        } as usize;
        (Some(next) != index).then(|| on_pick.clone()(options[next].clone()))
    };
    let (up, down) = (step(-1), step(1));
    let selected = index.map(|i| options[i].clone());
    focus(
        pick_list(options, selected, on_pick)
            .placeholder(placeholder)
            .padding(6)
            .width(width),
    )
    .on_step(up, down)
    .into()
}

/// A field: its label (with a mark when required), the input, and one line
/// below that holds its message or nothing — always there, so a message that
/// appears never moves the fields around it. A message longer than the line
/// takes the lines it needs: it is never cut.
pub fn field<'a, M: 'a>(
    label: String,
    required: bool,
    input: impl Into<Element<'a, M>>,
    error: Option<String>,
) -> Element<'a, M> {
    let label: Element<'a, M> = if required {
        row![
            text(label).size(14).font(theme::SEMIBOLD),
            text(" *").size(14).style(theme::danger_text)
        ]
        .into()
    } else {
        text(label).size(14).font(theme::SEMIBOLD).into()
    };
    column![
        label,
        input.into(),
        row![
            Space::new().height(Length::Fixed(16.0)),
            text(error.unwrap_or_default())
                .size(12)
                .style(theme::danger_text)
                .width(Length::Fill),
        ],
    ]
    .spacing(3)
    .width(Length::Fill)
    .into()
}

/// A single-line text input with its widget id.
pub fn input<'a, M: Clone + 'a>(
    id: &'static str,
    value: &str,
    placeholder: &str,
    on_input: impl Fn(String) -> M + 'a,
    on_submit: Option<M>,
) -> text_input::TextInput<'a, M> {
    text_input(placeholder, value)
        .id(Id::new(id))
        .on_input(on_input)
        .on_submit_maybe(on_submit)
        .padding(6)
}

/// A labelled text input with no message line of its own to fill: `field`
/// around `text_input("", value)`.
pub fn text_field<'a, M: Clone + 'a>(
    label: String,
    required: bool,
    value: &str,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    field(
        label,
        required,
        text_input("", value).on_input(on_input).padding(8),
        None,
    )
}

/// A labelled pick list with the "Chọn…" placeholder.
pub fn pick_field<'a, T, M>(
    l: Lang,
    label: String,
    required: bool,
    options: Vec<Choice<T>>,
    value: Option<&T>,
    on_pick: impl Fn(Choice<T>) -> M + 'a + Clone,
) -> Element<'a, M>
where
    T: Clone + PartialEq + 'a,
    M: Clone + 'a,
{
    let placeholder = t!(l, "choose-placeholder");
    field(
        label,
        required,
        pick(options, value, placeholder, on_pick),
        None,
    )
}

/// The input of a form that `Enter` sends (sign-in, setup, passwords): its
/// widget id, what it sends on each key and on `Enter`.
pub fn entry<'a, M: Clone + 'a>(
    placeholder: &str,
    id: &'static str,
    value: &str,
    on_input: impl Fn(String) -> M + 'a,
    on_submit: M,
) -> text_input::TextInput<'a, M> {
    text_input(placeholder, value)
        .id(id)
        .on_input(on_input)
        .on_submit(on_submit)
        .padding(8)
}

/// One password field of a form that `Enter` sends: label, id, value, what
/// it sends on each key.
pub type Secret<'a, M> = (String, &'static str, &'a str, fn(String) -> M);

/// Required password fields, one under another, each sent with `Enter`; the
/// message under a field comes from `error` (by its id).
pub fn secrets<'a, 'b, M: Clone + 'a>(
    fields: impl IntoIterator<Item = Secret<'b, M>>,
    on_submit: M,
    error: impl Fn(&'static str) -> Option<String>,
) -> Vec<Element<'a, M>> {
    fields
        .into_iter()
        .map(|(label, id, value, on_input)| {
            let input = entry("", id, value, on_input, on_submit.clone()).secure(true);
            field(label, true, input, error(id))
        })
        .collect()
}

/// The kinds of button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Primary,
    Secondary,
    Danger,
    Success,
    /// A quiet action that reads as a link.
    Link,
}

/// A button `Tab` reaches and `Enter` presses; disabled without a message.
pub fn btn<'a, M: Clone + 'a>(label: String, kind: Kind, on_press: Option<M>) -> Element<'a, M> {
    let style = match kind {
        Kind::Primary => button::primary,
        Kind::Secondary => button::secondary,
        Kind::Danger => button::danger,
        Kind::Success => button::success,
        Kind::Link => theme::link,
    };
    let padding = match kind {
        Kind::Link => [2, 4],
        _ => [6, 14],
    };
    // A button's label stays on one line ("Lưu (Ctrl+S)" broken over two
    // reads as two buttons); a link may wrap like the sentence it is.
    let wrapping = match kind {
        Kind::Link => text::Wrapping::default(),
        _ => text::Wrapping::None,
    };
    focus(
        button(text(label).size(14).wrapping(wrapping))
            .on_press_maybe(on_press.clone())
            .style(style)
            .padding(padding),
    )
    .on_activate_maybe(on_press)
    .into()
}

/// A check box `Tab` reaches and `Space` toggles.
pub fn check<'a, M: Clone + 'a>(
    label: String,
    value: bool,
    on_toggle: Option<impl Fn(bool) -> M + 'a>,
) -> Element<'a, M> {
    let toggled = on_toggle.as_ref().map(|f| f(!value));
    let mut c = iced::widget::checkbox(value).label(label).text_size(14);
    if let Some(f) = on_toggle {
        c = c.on_toggle(f);
    }
    focus(c).on_activate_maybe(toggled).into()
}

/// "Trang 2/7 · 318 hồ sơ" between previous and next buttons.
pub fn pager<'a, M: Clone + 'a>(
    l: Lang,
    page: usize,
    pages: usize,
    total: String,
    on_page: impl Fn(usize) -> M,
) -> Element<'a, M> {
    let pages = pages.max(1);
    row![
        btn(
            t!(l, "action-prev"),
            Kind::Secondary,
            (page > 0).then(|| on_page(page - 1))
        ),
        text(t!(
            l,
            "page-of",
            page = page + 1,
            pages = pages,
            total = total
        ))
        .size(13),
        btn(
            t!(l, "action-next-page"),
            Kind::Secondary,
            (page + 1 < pages).then(|| on_page(page + 1))
        ),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// The heading of a column of a table made by hand (bold, in its width).
pub fn th<'a, M: 'a>(label: String, width: Length) -> Element<'a, M> {
    text(label).font(theme::SEMIBOLD).width(width).into()
}

/// A column of a row list: its heading and its width.
pub struct Col {
    pub title: String,
    pub width: Length,
}

pub fn col(title: String, width: Length) -> Col {
    Col { title, width }
}

/// One row: its cells (in the columns' order), whether it is marked (a
/// danger colour, e.g. overdue), and the message sent when it is opened.
pub struct Line<M> {
    pub cells: Vec<String>,
    pub alert: bool,
    pub on_open: M,
}

/// A table of rows that open something: a heading row, striped rows that
/// highlight under the mouse and end in "›", `Tab`/`Enter` reach each.
pub fn row_list<'a, M: Clone + 'a>(
    cols: Vec<Col>,
    lines: Vec<Line<M>>,
    empty: String,
) -> Element<'a, M> {
    let widths: Vec<Length> = cols.iter().map(|c| c.width).collect();
    // The rows keep clear of the scrollbar (its width on the right), and
    // the header with them, so no cell or "›" is drawn under it.
    const SCROLLBAR: f32 = 14.0;
    let mut head = row![].spacing(8).padding(iced::Padding {
        top: 6.0,
        bottom: 6.0,
        left: 8.0,
        right: 8.0 + SCROLLBAR,
    });
    for c in cols {
        head = head.push(text(c.title).size(13).font(theme::SEMIBOLD).width(c.width));
    }
    head = head.push(Space::new().width(Length::Fixed(16.0)));
    let mut body = column![].padding(iced::Padding::ZERO.right(SCROLLBAR));
    let none = lines.is_empty();
    for (i, line) in lines.into_iter().enumerate() {
        let mut r = row![].spacing(8).align_y(Alignment::Center);
        for (cell, w) in line.cells.into_iter().zip(&widths) {
            let t = text(cell).size(14).width(*w);
            r = r.push(if line.alert {
                t.style(theme::danger_text)
            } else {
                t
            });
        }
        r = r.push(text("›").size(16).style(theme::muted));
        let open = line.on_open.clone();
        body = body.push(
            focus(
                button(r)
                    .on_press(line.on_open)
                    .padding([6, 8])
                    .width(Length::Fill)
                    .style(theme::list_row(i)),
            )
            .on_activate(open),
        );
    }
    if none {
        body = body.push(container(text(empty).size(14)).padding(10));
    }
    container(column![head, scrollable(body).height(Length::Fill)])
        .style(theme::card)
        .height(Length::Fill)
        .into()
}

/// A file or folder field: the path typed or chosen, and a button that
/// opens the system's dialog ("Chọn…").
pub fn path_picker<'a, M: Clone + 'a>(
    l: Lang,
    id: &'static str,
    value: &str,
    placeholder: &str,
    on_input: impl Fn(String) -> M + 'a,
    on_choose: Option<M>,
    on_submit: Option<M>,
) -> Element<'a, M> {
    row![
        input(id, value, placeholder, on_input, on_submit).width(Length::Fill),
        btn(t!(l, "folder-choose"), Kind::Secondary, on_choose),
    ]
    .spacing(8)
    .align_y(Alignment::Center)
    .into()
}

/// A list of records that open into an editor under it: a heading with a
/// "new" button (when new records may be made), the rows (the open one
/// marked through its `Line::alert`), and the open record's editor.
pub fn list_editor<'a, M: Clone + 'a>(
    heading: String,
    new: Option<(String, M)>,
    cols: Vec<Col>,
    lines: Vec<Line<M>>,
    height: f32,
    editor: Option<Element<'a, M>>,
) -> Element<'a, M> {
    let mut head = row![section(heading), hspace()];
    if let Some((label, on_new)) = new {
        head = head.push(btn(label, Kind::Secondary, Some(on_new)));
    }
    let list = container(row_list(cols, lines, String::new())).height(Length::Fixed(height));
    let mut c = column![head, list].spacing(6);
    if let Some(e) = editor {
        c = c.push(e);
    }
    container(c.padding(12)).style(theme::card).into()
}

/// A package written to a file and the passphrase that opens it, shown once
/// (the officer gives it to the receiver by another way), with a button that
/// closes it.
pub fn passphrase_panel<'a, M: Clone + 'a>(
    l: Lang,
    heading: String,
    intro: String,
    path: &std::path::Path,
    passphrase: &str,
    on_close: M,
) -> Element<'a, M> {
    let path = path.display().to_string();
    container(
        column![
            section(heading),
            text(t!(l, "referral-package-path", path = path)).size(14),
            text(intro).size(14),
            container(text(passphrase.to_string()).size(26).font(theme::BOLD))
                .padding(10)
                .style(theme::card),
            text(t!(l, "referral-package-warning")).size(13),
            btn(
                t!(l, "referral-package-close"),
                Kind::Primary,
                Some(on_close)
            ),
        ]
        .spacing(8),
    )
    .padding(14)
    .style(theme::banner(Banner::Warning))
    .into()
}

/// A spinning arc; `phase` in turns (0..1) advances with the app's tick.
#[derive(Debug, Clone, Copy)]
pub struct Spinner {
    pub phase: f32,
}

impl<Message> canvas::Program<Message> for Spinner {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let center = frame.center();
        let radius = bounds.width.min(bounds.height) / 2.0 - 3.0;
        let start = self.phase * std::f32::consts::TAU;
        let track = CanvasPath::circle(center, radius);
        frame.stroke(
            &track,
            Stroke::default()
                .with_width(4.0)
                .with_color(theme.extended_palette().background.strong.color),
        );
        let arc = CanvasPath::new(|b| {
            b.arc(Arc {
                center,
                radius,
                start_angle: Radians(start),
                end_angle: Radians(start + std::f32::consts::FRAC_PI_2 * 1.5),
            });
        });
        frame.stroke(
            &arc,
            Stroke::default()
                .with_width(4.0)
                .with_color(theme.palette().primary),
        );
        vec![frame.into_geometry()]
    }
}

pub fn spinner<'a, Message: 'a>(phase: f32) -> Element<'a, Message> {
    canvas::Canvas::new(Spinner { phase })
        .width(Length::Fixed(36.0))
        .height(Length::Fixed(36.0))
        .into()
}

pub fn banner<'a, Message: 'a>(kind: Banner, message: String) -> Element<'a, Message> {
    container(text(message).size(14))
        .padding([8, 12])
        .width(Length::Fill)
        .style(theme::banner(kind))
        .into()
}

/// A banner with actions on its right.
pub fn banner_with<'a, M: 'a>(
    kind: Banner,
    message: String,
    actions: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    let mut r = row![text(message).size(14).width(Length::Fill)]
        .spacing(8)
        .align_y(Alignment::Center);
    for a in actions {
        r = r.push(a);
    }
    container(r)
        .padding([6, 12])
        .width(Length::Fill)
        .style(theme::banner(kind))
        .into()
}

/// A fixed place in a layout for something that may be absent: the
/// widgets after it keep their place in the widget tree (and so their focus)
/// whether it is shown or not.
pub fn slot<'a, M: 'a>(content: Option<Element<'a, M>>) -> Element<'a, M> {
    container(content.unwrap_or_else(|| Space::new().into()))
        .width(Length::Fill)
        .into()
}

/// A place that holds a banner or nothing, always with the same height, so
/// what follows it does not move when a banner comes or goes.
pub fn banner_slot<'a, M: 'a>(content: Option<(Banner, String)>) -> Element<'a, M> {
    match content {
        Some((kind, m)) => container(banner(kind, m))
            .height(Length::Fixed(38.0))
            .into(),
        None => Space::new().height(Length::Fixed(38.0)).into(),
    }
}

pub fn title<'a, Message: 'a>(s: String) -> Element<'a, Message> {
    text(s).size(22).font(theme::BOLD).into()
}

pub fn section<'a, Message: 'a>(s: String) -> Element<'a, Message> {
    text(s).size(16).font(theme::SEMIBOLD).into()
}

pub fn hspace<'a, Message: 'a>() -> Element<'a, Message> {
    Space::new().width(Length::Fill).into()
}

/// A definition row "label: value".
pub fn kv<'a, Message: 'a>(label: String, value: String) -> Element<'a, Message> {
    row![
        text(label)
            .size(14)
            .width(Length::Fixed(220.0))
            .style(theme::muted),
        text(value).size(14)
    ]
    .spacing(8)
    .into()
}

/// A screen's heading row: a back button (when there is somewhere to go
/// back to), the title, and actions on the right.
pub fn heading<'a, M: Clone + 'a>(
    l: Lang,
    back: Option<M>,
    title_text: String,
    actions: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    heading_under(l, back, title_text, None, actions)
}

/// A heading with a line under its title (what the record belongs to).
pub fn heading_under<'a, M: Clone + 'a>(
    l: Lang,
    back: Option<M>,
    title_text: String,
    under: Option<String>,
    actions: Vec<Element<'a, M>>,
) -> Element<'a, M> {
    let mut r = row![].spacing(12).align_y(Alignment::Center);
    if let Some(b) = back {
        r = r.push(btn(t!(l, "case-back"), Kind::Secondary, Some(b)));
    }
    let title: Element<'a, M> = match under {
        Some(u) => column![title(title_text), screen::hint(u)]
            .spacing(2)
            .into(),
        None => title(title_text),
    };
    // The actions wrap onto more lines, right-aligned, when they do not fit
    // beside the title (a button's label never wraps).
    let actions = iced::widget::Row::with_children(actions)
        .spacing(12)
        .align_y(Alignment::Center)
        .wrap()
        .vertical_spacing(6)
        .align_x(iced::alignment::Horizontal::Right);
    r.push(title).push(hspace()).push(actions).into()
}

/// The id of the focused widget, if any.
pub fn focused() -> Task<Id> {
    iced_runtime::task::widget(iced_core::widget::operation::focusable::find_focused())
}

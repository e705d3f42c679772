//! Small reusable pieces of the screens.

use iced::widget::canvas::{self, Frame, Geometry, Path, Stroke, path::Arc};
use iced::widget::{Space, column, container, row, text};
use iced::{Element, Length, Radians, Rectangle, Renderer, Theme, mouse};

use super::theme::{self, Banner};

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
        let track = Path::circle(center, radius);
        frame.stroke(
            &track,
            Stroke::default()
                .with_width(4.0)
                .with_color(theme.extended_palette().background.strong.color),
        );
        let arc = Path::new(|b| {
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

/// A label above its input, with an optional error below.
pub fn field<'a, Message: 'a>(
    label: String,
    input: impl Into<Element<'a, Message>>,
    error: Option<String>,
) -> Element<'a, Message> {
    let mut c = column![text(label).size(14).font(theme::SEMIBOLD), input.into()].spacing(4);
    if let Some(e) = error {
        c = c.push(text(e).size(13).style(theme::danger_text));
    }
    c.into()
}

pub fn banner<'a, Message: 'a>(kind: Banner, message: String) -> Element<'a, Message> {
    container(text(message).size(14))
        .padding([8, 12])
        .width(Length::Fill)
        .style(theme::banner(kind))
        .into()
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

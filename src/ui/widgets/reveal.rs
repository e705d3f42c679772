//! Scrolling what the keyboard works on into view: a question answered with
//! a digit key must be on screen when it is answered.

use iced::Task;
use iced::widget::Id;
use iced_core::widget::operation::scrollable::{self, AbsoluteOffset, Scrollable};
use iced_core::widget::operation::{Operation, Outcome};
use iced_core::{Rectangle, Vector};

/// Space kept between the revealed widget and the edge of the view.
const MARGIN: f32 = 24.0;

/// Scroll the scrollable `scroller` just enough that the container `target`
/// inside it is in view (nothing moves when it already is).
pub fn reveal<T>(scroller: &'static str, target: &'static str) -> Task<T> {
    iced_runtime::task::effect(iced_runtime::Action::widget(Reveal {
        scroller: Id::new(scroller),
        target: Id::new(target),
        view: None,
        found: None,
    }))
}

/// First pass: where the scrollable and the target are; then a scroll.
struct Reveal {
    scroller: Id,
    target: Id,
    /// The scrollable's bounds, its content's bounds and its scroll offset.
    view: Option<(Rectangle, Rectangle, Vector)>,
    found: Option<Rectangle>,
}

impl Operation for Reveal {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn scrollable(
        &mut self,
        id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        _state: &mut dyn Scrollable,
    ) {
        if id == Some(&self.scroller) {
            self.view = Some((bounds, content_bounds, translation));
        }
    }

    fn container(&mut self, id: Option<&Id>, bounds: Rectangle) {
        if id == Some(&self.target) {
            self.found = Some(bounds);
        }
    }

    fn finish(&self) -> Outcome<()> {
        let (Some((view, content, scrolled)), Some(target)) = (self.view, self.found) else {
            return Outcome::None;
        };
        match offset_revealing(view, content, scrolled.y, target) {
            Some(y) => Outcome::Chain(Box::new(scrollable::scroll_to(
                self.scroller.clone(),
                AbsoluteOffset {
                    x: None,
                    y: Some(y),
                },
            ))),
            None => Outcome::None,
        }
    }
}

/// The vertical scroll offset that brings `target` into a view of `view`'s
/// height scrolled by `scrolled` over `content`; `None` when it is in view.
/// Positions inside a scrollable are laid out unscrolled, from `content`'s top.
pub fn offset_revealing(
    view: Rectangle,
    content: Rectangle,
    scrolled: f32,
    target: Rectangle,
) -> Option<f32> {
    let top = target.y - content.y;
    let bottom = top + target.height;
    let most = (content.height - view.height).max(0.0);
    let y = if top < scrolled {
        top - MARGIN
    } else if bottom > scrolled + view.height {
        // A target taller than the view shows its top.
        (bottom - view.height + MARGIN).min(top - MARGIN)
    } else {
        return None;
    };
    Some(y.clamp(0.0, most))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(y: f32, height: f32) -> Rectangle {
        Rectangle {
            x: 0.0,
            y,
            width: 400.0,
            height,
        }
    }

    #[test]
    fn a_question_below_the_view_is_scrolled_up_to_its_bottom_edge() {
        // A 400 px view at the top of 2,000 px of questions; the question
        // at 500-620 is below it.
        let (view, content) = (rect(100.0, 400.0), rect(100.0, 2000.0));
        let y = offset_revealing(view, content, 0.0, rect(600.0, 120.0)).unwrap();
        assert_eq!(y, 620.0 - 400.0 + MARGIN);
        // Scrolled there, it is in view: nothing moves any more.
        assert_eq!(offset_revealing(view, content, y, rect(600.0, 120.0)), None);
    }

    #[test]
    fn a_question_above_the_view_is_scrolled_down_to_with_a_margin() {
        let (view, content) = (rect(100.0, 400.0), rect(100.0, 2000.0));
        let y = offset_revealing(view, content, 900.0, rect(400.0, 120.0)).unwrap();
        assert_eq!(y, 300.0 - MARGIN);
        assert_eq!(
            offset_revealing(view, content, 0.0, rect(120.0, 50.0)),
            None
        );
    }

    #[test]
    fn the_offset_stays_within_the_content() {
        let (view, content) = (rect(0.0, 400.0), rect(0.0, 1000.0));
        let y = offset_revealing(view, content, 0.0, rect(950.0, 50.0)).unwrap();
        assert_eq!(y, 600.0, "no further than the end");
        let y = offset_revealing(view, content, 500.0, rect(10.0, 50.0)).unwrap();
        assert_eq!(y, 0.0, "no further than the top");
    }
}

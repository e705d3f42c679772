//! Keyboard focus for controls iced does not make focusable (buttons, check
//! boxes, pick lists): `Tab` reaches them like text inputs, a ring shows
//! where the focus is, `Enter`/`Space` activate and the arrow keys step
//! through a list's values.

use iced::keyboard::{self, Key, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Shadow, Size, Theme, Vector};
use iced_core::layout::{self, Layout};
use iced_core::renderer;
use iced_core::widget::operation::Focusable;
use iced_core::widget::{self, Operation, Tree, tree};
use iced_core::{Clipboard, Shell, Widget, mouse, overlay};

/// A control wrapped so that it takes part in `Tab` order.
pub struct Focus<'a, Message> {
    content: Element<'a, Message>,
    id: Option<widget::Id>,
    on_activate: Option<Message>,
    on_up: Option<Message>,
    on_down: Option<Message>,
}

/// Make `content` focusable; with no message it only shows the ring.
pub fn focus<'a, Message>(content: impl Into<Element<'a, Message>>) -> Focus<'a, Message> {
    Focus {
        content: content.into(),
        id: None,
        on_activate: None,
        on_up: None,
        on_down: None,
    }
}

impl<'a, Message> Focus<'a, Message> {
    pub fn id(mut self, id: impl Into<widget::Id>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sent on `Enter` or `Space` while focused (a button's press, a check box's toggle).
    pub fn on_activate(mut self, m: Message) -> Self {
        self.on_activate = Some(m);
        self
    }

    pub fn on_activate_maybe(mut self, m: Option<Message>) -> Self {
        self.on_activate = m;
        self
    }

    /// Sent on the up and down arrows while focused (the previous / next value of a list).
    pub fn on_step(mut self, up: Option<Message>, down: Option<Message>) -> Self {
        self.on_up = up;
        self.on_down = down;
        self
    }
}

#[derive(Debug, Default)]
struct State {
    focused: bool,
}

impl Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
    }

    fn unfocus(&mut self) {
        self.focused = false;
    }
}

impl<Message: Clone> Widget<Message, Theme, iced::Renderer> for Focus<'_, Message> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        let state: &mut State = tree.state.downcast_mut();
        operation.focusable(self.id.as_ref(), layout.bounds(), state);
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        {
            let state: &mut State = tree.state.downcast_mut();
            match event {
                Event::Mouse(mouse::Event::ButtonPressed(_)) => {
                    // A click on the control focuses it; a click elsewhere moves the focus away.
                    state.focused = cursor.is_over(layout.bounds());
                }
                Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
                    if state.focused && !modifiers.command() && !modifiers.alt() =>
                {
                    let message = match key {
                        Key::Named(Named::Enter | Named::Space) => self.on_activate.clone(),
                        Key::Named(Named::ArrowUp) => self.on_up.clone(),
                        Key::Named(Named::ArrowDown) => self.on_down.clone(),
                        _ => None,
                    };
                    if let Some(m) = message {
                        shell.publish(m);
                        shell.capture_event();
                        return;
                    }
                }
                _ => {}
            }
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        let state: &State = tree.state.downcast_ref();
        if state.focused {
            use iced_core::Renderer as _;
            let b = layout.bounds().expand(3.0);
            renderer.fill_quad(
                renderer::Quad {
                    bounds: b,
                    border: Border {
                        color: theme.palette().primary,
                        width: 2.0,
                        radius: 6.0.into(),
                    },
                    shadow: Shadow::default(),
                    snap: true,
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message: Clone + 'a> From<Focus<'a, Message>> for Element<'a, Message> {
    fn from(f: Focus<'a, Message>) -> Element<'a, Message> {
        Element::new(f)
    }
}

//! Typing as the window receives it: one user interface kept from key to key
//! (its cache holds the keyboard focus), the view rebuilt after every key as
//! iced's runtime does. A hint or banner that appeared or vanished above the
//! field being typed in would shift the widget tree, the focus would move,
//! and the rest of the typing would land in another field.
#![allow(clippy::unwrap_used)]

mod common;

use common::ui::*;
use common::*;
use iced::{Event, Size, mouse};
use iced_runtime::user_interface::{Cache, UserInterface};
use tiepnhan::domain::fields::FIELDS;
use tiepnhan::t;
use tiepnhan::ui::i18n::Lang;
use tiepnhan::ui::screens::{batches, case_form, shell};
use tiepnhan::ui::{App, KeyAction, Message, State, theme};

/// The window: a user interface whose state survives between frames.
struct Window {
    cache: Option<Cache>,
    renderer: iced::Renderer,
    cursor: mouse::Cursor,
}

impl Window {
    fn new(app: &App) -> Window {
        // The simulator loads the app's fonts into the shared font system.
        drop(sim(app));
        let renderer = iced::futures::executor::block_on(
            <iced::Renderer as iced_core::renderer::Headless>::new(
                theme::FONT,
                settings().default_text_size,
                Some("tiny-skia"),
            ),
        )
        .expect("a tiny-skia renderer");
        Window {
            cache: None,
            renderer,
            cursor: mouse::Cursor::Unavailable,
        }
    }

    fn build<'a>(
        &mut self,
        app: &'a App,
    ) -> UserInterface<'a, Message, iced::Theme, iced::Renderer> {
        UserInterface::build(
            app.view(),
            Size::new(1280.0, 800.0),
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        )
    }

    /// A widget operation (focus this, focus the next) on the window as it is.
    fn operate(&mut self, app: &App, op: Box<dyn iced_core::widget::Operation>) {
        let mut ui = self.build(app);
        let mut current = Some(op);
        while let Some(mut op) = current.take() {
            ui.operate(&self.renderer, op.as_mut());
            if let iced_core::widget::operation::Outcome::Chain(next) = op.finish() {
                current = Some(next);
            }
        }
        self.cache = Some(ui.into_cache());
    }

    /// Run a task as the runtime does: its messages to the app, its widget
    /// operations on the window at once.
    fn run(&mut self, app: &mut App, rt: &tokio::runtime::Runtime, task: iced::Task<Message>) {
        use iced::futures::StreamExt;
        let mut queue = vec![task];
        while let Some(t) = queue.pop() {
            let Some(mut stream) = iced_runtime::task::into_stream(t) else {
                continue;
            };
            while let Some(action) = rt.block_on(stream.next()) {
                match action {
                    iced_runtime::Action::Output(m) => queue.push(app.update(m)),
                    iced_runtime::Action::Widget(op) => self.operate(app, op),
                    _ => {}
                }
            }
        }
    }

    /// One frame: the view as the app is now, the events, the messages handled.
    fn frame(&mut self, app: &mut App, rt: &tokio::runtime::Runtime, events: Vec<Event>) {
        let mut messages = Vec::new();
        {
            let mut ui = self.build(app);
            let _ = ui.update(
                &events,
                self.cursor,
                &mut self.renderer,
                &mut iced_core::clipboard::Null,
                &mut messages,
            );
            self.cache = Some(ui.into_cache());
        }
        for m in messages {
            let t = app.update(m);
            self.run(app, rt, t);
        }
    }

    fn click(&mut self, app: &mut App, rt: &tokio::runtime::Runtime, id: &'static str) {
        let target = sim(app)
            .find(iced_test::selector::id(id))
            .unwrap_or_else(|e| panic!("no widget {id}: {e:?}"));
        let bounds = target
            .visible_bounds()
            .unwrap_or_else(|| panic!("{id} is not visible at 1280x800"));
        self.cursor = mouse::Cursor::Available(bounds.center());
        // The pointer arrives, then the click (as a mouse does).
        self.frame(app, rt, Vec::new());
        self.frame(app, rt, iced_test::simulator::click().collect());
    }

    /// Each character its own frame, the view rebuilt in between.
    fn type_keys(&mut self, app: &mut App, rt: &tokio::runtime::Runtime, text: &str) {
        for c in text.chars() {
            self.frame(
                app,
                rt,
                iced_test::simulator::typewrite(&c.to_string()).collect(),
            );
        }
    }

    fn enter(&mut self, app: &mut App, rt: &tokio::runtime::Runtime) {
        self.frame(
            app,
            rt,
            iced_test::simulator::tap_key(iced::keyboard::key::Named::Enter, None).collect(),
        );
    }

    /// Tab, as the app's keyboard subscription delivers it.
    fn tab(&mut self, app: &mut App, rt: &tokio::runtime::Runtime) {
        let t = app.update(Message::Key(KeyAction::FocusNext));
        self.run(app, rt, t);
    }
}

fn open_case(app: &App) -> &case_form::CaseForm {
    match &app.state {
        State::Unlocked(s) => match &s.detail {
            Some(shell::Detail::Case(f)) => f,
            _ => panic!("no case form open"),
        },
        _ => panic!("locked"),
    }
}

fn values(app: &App) -> Vec<(&'static str, String)> {
    let f = open_case(app);
    FIELDS
        .iter()
        .map(|d| (d.key, f.get(d.key).to_string()))
        .collect()
}

/// Twelve digits typed into "Số CCCD" of a new case whose age is typed first.
fn twelve_digits_land_in_the_id_number(birth_year: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    new_vault(&dir).close_quietly();
    let (mut app, rt) = unlocked_app(&dir);
    let m = click_text(&app, &t!(Lang::Vi, "cases-new"));
    feed(&rt, &mut app, m);
    let mut w = Window::new(&app);
    w.click(&mut app, &rt, case_form::ID_FULL_NAME);
    w.type_keys(&mut app, &rt, "Phạm Thị Thu");
    w.click(&mut app, &rt, case_form::widget_id("birth_year"));
    w.type_keys(&mut app, &rt, birth_year);
    assert_eq!(open_case(&app).get("birth_year"), birth_year);
    let before = values(&app);

    w.click(&mut app, &rt, case_form::widget_id("id_number"));
    let number = "079123456789";
    w.type_keys(&mut app, &rt, number);
    assert_eq!(
        open_case(&app).get("id_number"),
        number,
        "not every digit landed in the ID number (born {birth_year})"
    );
    for ((key, was), (_, now)) in before.iter().zip(values(&app)) {
        if *key != "id_number" {
            assert_eq!(
                was, &now,
                "typing the ID number changed {key} (born {birth_year})"
            );
        }
    }
}

#[test]
fn twelve_digits_typed_into_the_cccd_of_a_child_all_land_there() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    twelve_digits_land_in_the_id_number("2013");
}

#[test]
fn twelve_digits_typed_into_the_cccd_of_an_adult_all_land_there() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    twelve_digits_land_in_the_id_number("1990");
}

/// UI tests share fonts and a renderer: run them one at a time.
static UI: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn a_quick_entry_row_name_cccd_province_enter() {
    let _g = UI.lock().unwrap_or_else(|p| p.into_inner());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    new_vault(&dir).close_quietly();
    let (mut app, rt) = unlocked_app(&dir);
    let t = app.update(Message::Shell(shell::Message::Nav(shell::Area::Batches)));
    settle(&rt, &mut app, t);
    let m = click_text(&app, &t!(Lang::Vi, "batch-new"));
    feed(&rt, &mut app, m);

    let mut w = Window::new(&app);
    let cell = |row: usize, col: &str| -> &'static str {
        Box::leak(batches::row_id(row, col).into_boxed_str())
    };
    // The officer types the name, Tab, the number, Tab, the province, Enter;
    // the number fills the sex and the year of birth (its note under the
    // row shifts nothing).
    w.click(&mut app, &rt, cell(0, "name"));
    w.type_keys(&mut app, &rt, "Lê Thị Mai");
    w.tab(&mut app, &rt);
    w.type_keys(&mut app, &rt, "072195001234");
    w.tab(&mut app, &rt);
    w.type_keys(&mut app, &rt, "tay");
    w.enter(&mut app, &rt);
    let State::Unlocked(s) = &app.state else {
        panic!("locked")
    };
    let form = s.batches.form();
    assert_eq!(form.rows.len(), 2, "Enter opened the next row");
    let r = &form.rows[0];
    assert_eq!(r.name, "Lê Thị Mai");
    assert_eq!(r.document, "072195001234");
    assert_eq!(r.province, "Tây Ninh", "Enter wrote the province's name");
    assert_eq!((r.sex.as_str(), r.age.as_str()), ("Nữ", "1995"));
    // The next row's name has the focus: typing goes there.
    w.type_keys(&mut app, &rt, "Hà");
    let State::Unlocked(s) = &app.state else {
        panic!("locked")
    };
    assert_eq!(s.batches.form().rows[1].name, "Hà");
}

//! Driving the iced app in tests: views through `iced_test`'s Simulator, tasks
//! run to completion on a tokio runtime with their messages fed back.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

use iced::Task;
use iced::futures::StreamExt;
use iced_test::Simulator;
use iced_test::selector::Candidate;
use tiepnhan::ui::screens::unlock;
use tiepnhan::ui::{App, Config, Message, State, theme};

pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: theme::FONTS
            .iter()
            .map(|f| std::borrow::Cow::Borrowed(*f))
            .collect(),
        default_font: theme::FONT,
        ..iced::Settings::default()
    }
}

pub fn sim(app: &App) -> Simulator<'_, Message> {
    Simulator::with_size(settings(), (1280.0, 800.0), app.view())
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The app opened on a vault folder, its start-up work done.
pub fn app_for(dir: &std::path::Path) -> (App, tokio::runtime::Runtime) {
    let rt = runtime();
    let (mut app, task) = App::new(Config {
        vault_dir: dir.to_path_buf(),
        demo: false,
    });
    settle(&rt, &mut app, task);
    (app, rt)
}

/// The app opened on a vault made by `new_vault`, signed in as its admin.
pub fn unlocked_app(dir: &std::path::Path) -> (App, tokio::runtime::Runtime) {
    signed_in(dir, "admin", super::PASSWORD)
}

/// The app opened on a vault folder, signed in as `user`.
pub fn signed_in(dir: &std::path::Path, user: &str, pass: &str) -> (App, tokio::runtime::Runtime) {
    let (mut app, rt) = app_for(dir);
    sign_in(&rt, &mut app, user, pass);
    (app, rt)
}

/// Sign in on the lock screen by typing (the name it offers is cleared first).
pub fn sign_in(rt: &tokio::runtime::Runtime, app: &mut App, user: &str, pass: &str) {
    let t = app.update(Message::Unlock(unlock::Message::Username(String::new())));
    settle(rt, app, t);
    let m = type_into(app, unlock::ID_USERNAME, user, false);
    feed(rt, app, m);
    let m = type_into(app, unlock::ID_PASSWORD, pass, true);
    feed(rt, app, m);
    assert!(
        matches!(app.state, State::Unlocked(_)),
        "{user} did not sign in"
    );
}

/// Run a task and every task its messages produce, until nothing is left.
pub fn settle(rt: &tokio::runtime::Runtime, app: &mut App, task: Task<Message>) {
    let mut queue = vec![task];
    let mut steps = 0;
    while let Some(t) = queue.pop() {
        steps += 1;
        assert!(steps < 10_000, "tasks do not settle");
        let Some(stream) = iced_runtime::task::into_stream(t) else {
            continue;
        };
        let actions: Vec<_> = rt.block_on(stream.collect());
        for a in actions {
            if let iced_runtime::Action::Output(m) = a {
                queue.push(app.update(m));
            }
        }
    }
}

/// Feed messages produced by a simulator into the app, settling each.
pub fn feed(rt: &tokio::runtime::Runtime, app: &mut App, messages: Vec<Message>) {
    for m in messages {
        let t = app.update(m);
        settle(rt, app, t);
    }
}

/// Every text and text-input value on screen.
pub fn visible_texts(ui: &mut Simulator<'_, Message>) -> Vec<String> {
    let mut texts = Vec::new();
    let _ = ui.find(|c: Candidate<'_>| -> Option<()> {
        match c {
            Candidate::Text { content, .. } => texts.push(content.to_string()),
            Candidate::TextInput { state, .. } => texts.push(state.text().to_string()),
            _ => {}
        }
        None
    });
    texts
}

/// Click a widget by id, type text, and return the messages.
pub fn type_into(app: &App, id: &'static str, text: &str, enter: bool) -> Vec<Message> {
    let mut ui = sim(app);
    ui.click(iced_test::selector::id(id))
        .unwrap_or_else(|e| panic!("no widget {id}: {e:?}"));
    let _ = ui.typewrite(text);
    if enter {
        let _ = ui.tap_key(iced::keyboard::key::Named::Enter);
    }
    ui.into_messages().collect()
}

pub fn click_text(app: &App, label: &str) -> Vec<Message> {
    let mut ui = sim(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("no button {label:?}: {e:?}"));
    ui.into_messages().collect()
}

/// "New case" clicked and a name typed into it (the form stays open).
pub fn new_case_named(rt: &tokio::runtime::Runtime, app: &mut App, name: &str) {
    use tiepnhan::ui::screens::case_form;
    let m = click_text(
        app,
        &tiepnhan::t!(tiepnhan::ui::i18n::Lang::Vi, "cases-new"),
    );
    feed(rt, app, m);
    let m = type_into(app, case_form::ID_FULL_NAME, name, false);
    feed(rt, app, m);
}

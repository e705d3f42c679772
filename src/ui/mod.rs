//! The iced application: `Setup -> Locked -> Unlocked`, one module per screen.
// Messages and screen states move through iced's runtime by value; boxing
// their larger variants would only add indirection.
#![allow(clippy::large_enum_variant)]

pub use crate::i18n;
pub mod idtext;
pub mod jobs;
pub mod labels;
pub mod notice;
pub mod print;
pub mod screens;
pub mod session;
pub mod theme;
pub mod widgets;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, key::Named};
use iced::widget::{column, container, operation, pick_list, row, text};
use iced::{
    Alignment, Element, Event as IcedEvent, Length, Subscription, Task, Theme, event, mouse, window,
};

use crate::t;
use i18n::Lang;
use jobs::{UiError, UiResult};
use screens::{EntryEvent, restore, setup, shell, unlock};
use session::Session;
use theme::ThemeChoice;

/// How the app was started.
#[derive(Debug, Clone)]
pub struct Config {
    pub vault_dir: PathBuf,
    /// `--demo`: create a demo vault on first use and show its credentials.
    pub demo: bool,
}

pub const DEMO_USER: &str = "demo";
pub const DEMO_PASSWORD: &str = "tiepnhan-demo-2026";
pub const DEMO_CASES: usize = 300;

pub enum State {
    /// The demo vault is being created.
    Preparing,
    Setup(setup::Setup),
    Locked(unlock::Unlock),
    /// Restoring a backup (before sign-in).
    Restore(restore::Restore),
    Unlocked(Box<shell::Shell>),
}

#[derive(Debug, Clone)]
pub enum Message {
    Setup(setup::Message),
    Unlock(unlock::Message),
    Restore(restore::Message),
    Shell(shell::Message),
    /// Once a second: idle check and countdowns.
    Tick(Instant),
    /// While something is busy: the spinner turns.
    Spin(Instant),
    /// Keyboard or mouse input (resets the idle timer).
    Activity,
    Key(KeyAction),
    Language(Lang),
    /// Every 3 seconds while a form has unsaved input: keep it as a draft.
    Autosave,
    LockDone(UiResult<()>),
    DemoReady(UiResult<()>),
    CloseRequested(window::Id),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    FocusNext,
    FocusPrevious,
    Lock,
    Save,
    /// 1–9 typed outside a text input.
    Digit(u8),
    /// Page up (-1) or down (+1).
    Page(i8),
    /// Arrow up (-1) or down (+1) outside a text input.
    Step(i8),
}

pub struct App {
    pub config: Config,
    pub lang: Lang,
    pub theme: ThemeChoice,
    pub state: State,
    spinner: f32,
    exiting: bool,
    lock_error: Option<UiError>,
    /// A language was chosen before signing in: it wins over the user's
    /// saved one for the session, and becomes the saved one.
    lang_chosen: bool,
    /// What was on screen at the last update, and a flip that changes the
    /// window's clear colour by one unit of blue each time it changes.
    screen: u64,
    repaint: bool,
}

impl App {
    pub fn new(config: Config) -> (App, Task<Message>) {
        let lang = Lang::Vi;
        // Copies left for the PDF viewer by an earlier run are removed.
        crate::vault::print_copies::sweep_at_start(Some(&config.vault_dir));
        let mut app = App {
            config,
            lang,
            theme: ThemeChoice::Light,
            state: State::Preparing,
            spinner: 0.0,
            exiting: false,
            lock_error: None,
            lang_chosen: false,
            screen: 0,
            repaint: false,
        };
        let task = if app.config.demo && !crate::vault::exists(&app.config.vault_dir) {
            let dir = app.config.vault_dir.clone();
            jobs::blocking(
                move || {
                    crate::demo::create_demo_vault(&dir, DEMO_PASSWORD, DEMO_CASES, 1)
                        .map(|_| ())
                        .map_err(UiError::from)
                },
                Message::DemoReady,
            )
        } else {
            app.enter_start()
        };
        (app, task)
    }

    /// Setup when there is no vault, the lock screen otherwise.
    fn enter_start(&mut self) -> Task<Message> {
        if crate::vault::exists(&self.config.vault_dir) {
            let (mut u, task) = unlock::Unlock::new(
                self.config.vault_dir.clone(),
                self.lang,
                self.config.demo.then(|| DEMO_USER.to_string()),
            );
            if self.config.demo {
                u.demo_hint = Some((DEMO_USER.into(), DEMO_PASSWORD.into()));
            }
            self.state = State::Locked(u);
            task.map(Message::Unlock)
        } else {
            let (s, task) = setup::Setup::new(self.config.vault_dir.clone(), self.lang);
            self.state = State::Setup(s);
            task.map(Message::Setup)
        }
    }

    pub fn title(&self) -> String {
        match &self.state {
            State::Unlocked(s) => {
                format!("{} — {}", t!(self.lang, "app-name"), s.session.unit.name)
            }
            _ => t!(self.lang, "app-name"),
        }
    }

    pub fn theme(&self) -> Theme {
        self.theme.theme()
    }

    fn is_busy(&self) -> bool {
        match &self.state {
            State::Preparing => true,
            State::Setup(s) => s.is_busy(),
            State::Locked(u) => u.is_busy(),
            State::Restore(r) => r.is_busy(),
            State::Unlocked(s) => s.is_busy(),
        }
    }

    /// The restore screen; the vault folder is the one this app opens.
    fn enter_restore(&mut self) -> Task<Message> {
        let (r, task) = restore::Restore::new(self.config.vault_dir.clone(), self.lang);
        self.state = State::Restore(r);
        task.map(Message::Restore)
    }

    fn enter_unlocked(&mut self, mut session: Session) -> Task<Message> {
        let chosen = std::mem::take(&mut self.lang_chosen) && session.lang != self.lang;
        if chosen {
            session.lang = self.lang;
        }
        self.lang = session.lang;
        self.theme = ThemeChoice::from_key(&session.user.theme);
        self.lock_error = None;
        let (shell, task) = shell::Shell::new(session);
        self.state = State::Unlocked(Box::new(shell));
        let task = task.map(Message::Shell);
        if chosen {
            Task::batch([task, self.save_preferences()])
        } else {
            task
        }
    }

    /// Lock now: the UI drops every bit of case data at once; in the
    /// background, unsaved input is saved as drafts in the vault, then the
    /// connection closes and the key is zeroed.
    pub fn lock(&mut self, auto_minutes: Option<u32>) -> Task<Message> {
        let State::Unlocked(shell) = std::mem::replace(&mut self.state, State::Preparing) else {
            return Task::none();
        };
        let drafts = shell.drafts();
        // Say that input was kept only when there was some.
        let kept = drafts
            .iter()
            .any(|(slot, p)| slot != shell::RESUME_SLOT && !p.is_empty());
        let reason = auto_minutes.map(|minutes| notice::Notice::AutoLocked { minutes, kept });
        let db = shell.session.db.clone();
        let username = shell.session.user.username.clone();
        drop(shell);
        let (mut u, focus) =
            unlock::Unlock::new(self.config.vault_dir.clone(), self.lang, Some(username));
        if let Some(r) = reason {
            u = u.with_notice(r);
        }
        if self.config.demo {
            u.demo_hint = Some((DEMO_USER.into(), DEMO_PASSWORD.into()));
        }
        self.state = State::Locked(u);
        Task::batch([
            jobs::blocking(
                move || {
                    let r = db.lock_blocking(drafts);
                    crate::vault::print_copies::wipe_own();
                    r
                },
                Message::LockDone,
            ),
            focus.map(Message::Unlock),
        ])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.handle(message);
        let screen = self.screen_key();
        if screen != self.screen {
            self.screen = screen;
            self.repaint = !self.repaint;
        }
        task
    }

    /// What is on screen: the state, and inside the shell its area and detail.
    fn screen_key(&self) -> u64 {
        let state = match &self.state {
            State::Preparing => 1,
            State::Setup(_) => 2,
            State::Locked(_) => 3,
            State::Restore(_) => 4,
            State::Unlocked(s) => s.screen_key(),
        };
        state ^ u64::from(self.lang == Lang::En) << 63
    }

    /// The window's style: the theme's background, with a clear colour that
    /// differs invisibly after each change of screen. iced 0.14's tiny-skia
    /// renderer redraws only the damaged parts of a frame, and a screen that
    /// replaced another left pieces of the old one's clipped widgets at the
    /// bottom edge (seen at y≈787 at 1280x800); a new clear colour makes it
    /// redraw the whole window once.
    pub fn style(&self, theme: &Theme) -> iced::theme::Style {
        use iced::theme::Base;
        let mut style = theme.base();
        if self.repaint {
            let c = style.background_color;
            let b = if c.b > 0.5 {
                c.b - 1.0 / 255.0
            } else {
                c.b + 1.0 / 255.0
            };
            style.background_color = iced::Color { b, ..c };
        }
        style
    }

    /// What follows setup or unlock: the session they began, or the restore.
    fn entered(&mut self, task: Task<Message>, event: Option<EntryEvent>) -> Task<Message> {
        match event {
            Some(EntryEvent::SignedIn(session)) => {
                Task::batch([task, self.enter_unlocked(session)])
            }
            Some(EntryEvent::Restore) => self.enter_restore(),
            None => task,
        }
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Setup(m) => {
                if let State::Setup(s) = &mut self.state {
                    let (task, event) = s.update(m);
                    return self.entered(task.map(Message::Setup), event);
                }
            }
            Message::Unlock(m) => {
                if let State::Locked(u) = &mut self.state {
                    let (task, event) = u.update(m);
                    return self.entered(task.map(Message::Unlock), event);
                }
            }
            Message::Restore(m) => {
                if let State::Restore(r) = &mut self.state {
                    let (task, event) = r.update(m);
                    let task = task.map(Message::Restore);
                    if let Some(restore::Event::Leave) = event {
                        return Task::batch([task, self.enter_start()]);
                    }
                    return task;
                }
            }
            Message::Shell(m) => {
                if let State::Unlocked(s) = &mut self.state {
                    let (task, event) = s.update(m);
                    let task = task.map(Message::Shell);
                    return match event {
                        Some(shell::Event::Lock) => Task::batch([task, self.lock(None)]),
                        Some(shell::Event::Language(l)) => Task::batch([task, self.set_lang(l)]),
                        Some(shell::Event::ToggleTheme) => {
                            self.theme = self.theme.toggled();
                            Task::batch([task, self.save_preferences()])
                        }
                        Some(shell::Event::AutoLockChanged(_)) | None => task,
                    };
                }
            }
            Message::Tick(now) => match &mut self.state {
                State::Unlocked(s) => {
                    let limit = Duration::from_secs(u64::from(s.session.auto_lock_minutes) * 60);
                    if now.saturating_duration_since(s.last_activity) >= limit {
                        let minutes = s.session.auto_lock_minutes;
                        return self.lock(Some(minutes));
                    }
                }
                State::Locked(u) => u.tick(now),
                _ => {}
            },
            Message::Spin(_) => self.spinner = (self.spinner + 0.04) % 1.0,
            Message::Activity => {
                if let State::Unlocked(s) = &mut self.state {
                    s.last_activity = Instant::now();
                }
            }
            Message::Key(k @ (KeyAction::FocusNext | KeyAction::FocusPrevious)) => {
                let next = k == KeyAction::FocusNext;
                let move_focus = if next {
                    operation::focus_next()
                } else {
                    operation::focus_previous()
                };
                if let State::Unlocked(_) = self.state {
                    // The field being left is checked by its form.
                    return widgets::focused()
                        .map(|id| Message::Shell(shell::Message::FocusLeft(id)))
                        .chain(move_focus);
                }
                return move_focus;
            }
            Message::Key(k @ (KeyAction::Digit(_) | KeyAction::Page(_) | KeyAction::Step(_))) => {
                if let State::Unlocked(_) = self.state {
                    let m = match k {
                        KeyAction::Digit(n) => shell::Message::Digit(n),
                        KeyAction::Page(d) => shell::Message::Page(d),
                        KeyAction::Step(d) => shell::Message::Step(d),
                        _ => return Task::none(),
                    };
                    return self.update(Message::Shell(m));
                }
            }
            Message::Key(KeyAction::Lock) => return self.lock(None),
            Message::Key(KeyAction::Save) => {
                if let State::Unlocked(_) = self.state {
                    return self.update(Message::Shell(shell::Message::Save));
                }
            }
            Message::Autosave => {
                if let State::Unlocked(_) = self.state {
                    return self.update(Message::Shell(shell::Message::Autosave));
                }
            }
            Message::Language(l) => return self.set_lang(l),
            Message::LockDone(r) => {
                self.lock_error = r.err();
                if self.exiting {
                    return iced::exit();
                }
            }
            Message::DemoReady(r) => {
                if let Err(e) = r {
                    self.lock_error = Some(e);
                }
                return self.enter_start();
            }
            Message::CloseRequested(_) => {
                self.exiting = true;
                if matches!(self.state, State::Unlocked(_)) {
                    return self.lock(None);
                }
                return iced::exit();
            }
        }
        Task::none()
    }

    fn set_lang(&mut self, lang: Lang) -> Task<Message> {
        self.lang = lang;
        self.lang_chosen = !matches!(self.state, State::Unlocked(_));
        match &mut self.state {
            State::Setup(s) => s.set_lang(lang),
            State::Locked(u) => u.set_lang(lang),
            State::Restore(r) => r.set_lang(lang),
            State::Unlocked(s) => {
                s.session.lang = lang;
                return self.save_preferences();
            }
            State::Preparing => {}
        }
        Task::none()
    }

    /// Language and theme are remembered per user.
    fn save_preferences(&mut self) -> Task<Message> {
        let State::Unlocked(s) = &mut self.state else {
            return Task::none();
        };
        let (lang, theme) = (self.lang.code(), self.theme.key());
        s.session.user.language = lang.into();
        s.session.user.theme = theme.into();
        s.session.db.task(
            move |v| v.set_preferences(lang, theme),
            |_| Message::Activity,
        )
    }

    pub fn view(&self) -> Element<'_, Message> {
        let l = self.lang;
        let body: Element<'_, Message> = match &self.state {
            State::Preparing => container(
                column![
                    widgets::spinner(self.spinner),
                    text(t!(l, "demo-preparing")).size(16)
                ]
                .spacing(12)
                .align_x(Alignment::Center),
            )
            .center(Length::Fill)
            .into(),
            State::Setup(s) => s.view(self.spinner).map(Message::Setup),
            State::Locked(u) => u.view(self.spinner).map(Message::Unlock),
            State::Restore(r) => r.view(self.spinner).map(Message::Restore),
            State::Unlocked(s) => {
                return s.view(l, self.theme, self.spinner).map(Message::Shell);
            }
        };
        // Before login: a language switch in the corner, and any error from the last lock.
        let top = row![
            widgets::hspace(),
            pick_list(Lang::ALL.to_vec(), Some(l), Message::Language).padding(6)
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .padding(12);
        // The error has a line of its own under the language switch, so a
        // long message wraps instead of running into the corner.
        let mut page = column![top];
        if let Some(e) = &self.lock_error {
            page = page.push(
                container(widgets::banner(theme::Banner::Error, e.message(l)))
                    .padding(iced::Padding::ZERO.left(12).right(12)),
            );
        }
        page.push(body).into()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![
            keyboard::listen().filter_map(|e| match e {
                keyboard::Event::KeyPressed {
                    key: Key::Named(Named::Tab),
                    modifiers,
                    ..
                } => Some(Message::Key(if modifiers.shift() {
                    KeyAction::FocusPrevious
                } else {
                    KeyAction::FocusNext
                })),
                keyboard::Event::KeyPressed {
                    key: Key::Character(c),
                    modifiers,
                    ..
                } if modifiers.command() && c.as_str().eq_ignore_ascii_case("l") => {
                    Some(Message::Key(KeyAction::Lock))
                }
                keyboard::Event::KeyPressed {
                    key: Key::Character(c),
                    modifiers,
                    ..
                } if modifiers.command() && c.as_str().eq_ignore_ascii_case("s") => {
                    Some(Message::Key(KeyAction::Save))
                }
                keyboard::Event::KeyPressed {
                    key: Key::Character(c),
                    modifiers,
                    ..
                } if !modifiers.command() && !modifiers.alt() => c
                    .as_str()
                    .parse::<u8>()
                    .ok()
                    .filter(|n| (1..=9).contains(n))
                    .map(|n| Message::Key(KeyAction::Digit(n))),
                keyboard::Event::KeyPressed {
                    key: Key::Named(named),
                    ..
                } => match named {
                    Named::PageUp => Some(Message::Key(KeyAction::Page(-1))),
                    Named::PageDown => Some(Message::Key(KeyAction::Page(1))),
                    Named::ArrowUp => Some(Message::Key(KeyAction::Step(-1))),
                    Named::ArrowDown => Some(Message::Key(KeyAction::Step(1))),
                    _ => None,
                },
                _ => None,
            }),
            event::listen_with(|e, _status, _window| match e {
                IcedEvent::Keyboard(keyboard::Event::KeyPressed { .. })
                | IcedEvent::Mouse(
                    mouse::Event::ButtonPressed(_) | mouse::Event::WheelScrolled { .. },
                ) => Some(Message::Activity),
                _ => None,
            }),
            window::close_requests().map(Message::CloseRequested),
        ];
        if matches!(self.state, State::Unlocked(_) | State::Locked(_)) {
            subs.push(iced::time::every(Duration::from_secs(1)).map(Message::Tick));
        }
        if let State::Unlocked(s) = &self.state
            && s.needs_autosave()
        {
            subs.push(iced::time::every(Duration::from_secs(3)).map(|_| Message::Autosave));
        }
        if self.is_busy() {
            subs.push(iced::time::every(Duration::from_millis(40)).map(Message::Spin));
        }
        Subscription::batch(subs)
    }
}

/// Run the desktop app.
/// The application icon, decoded from the PNG in `assets/icons`.
pub fn window_icon() -> Option<window::Icon> {
    const PNG: &[u8] = include_bytes!("../../assets/icons/tiepnhan-64.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(PNG));
    let mut reader = decoder.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buf).ok()?;
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return None;
    }
    buf.truncate(info.buffer_size());
    window::icon::from_rgba(buf, info.width, info.height).ok()
}

pub fn run(config: Config) -> iced::Result {
    let settings = window::Settings {
        // Maximised, so it fits the 1366x768 screens most units' laptops
        // have; the restored size fits them too (under a task bar).
        size: iced::Size::new(1280.0, 700.0),
        maximized: true,
        min_size: Some(iced::Size::new(1024.0, 640.0)),
        icon: window_icon(),
        exit_on_close_request: false,
        #[cfg(target_os = "linux")]
        platform_specific: window::settings::PlatformSpecific {
            // Matches the .desktop file, so the dock shows the right icon.
            application_id: "vn.tiepnhan.TiepNhan".into(),
            ..Default::default()
        },
        ..window::Settings::default()
    };
    let mut app = iced::application(move || App::new(config.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        .style(App::style)
        .subscription(App::subscription)
        .default_font(theme::FONT)
        .window(settings);
    for f in theme::FONTS {
        app = app.font(f);
    }
    app.run()
}

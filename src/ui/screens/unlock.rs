//! The lock screen: username and passphrase, the growing delay and the hard
//! lock shown plainly, and the recovery-code way back in. Shows no case data.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use iced::widget::{Id, column, container, operation, text};
use iced::{Element, Length, Task};

use crate::domain::security;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::{Session, wipe};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::{Recovery, Vault};

pub const ID_USERNAME: &str = "unlock-username";
pub const ID_PASSWORD: &str = "unlock-password";
pub const ID_CODE: &str = "recovery-code";
pub const ID_NEW_PASSWORD: &str = "recovery-new-password";
pub const ID_NEW_CONFIRM: &str = "recovery-new-confirm";

/// The opened-but-not-finished recovery (shared with the background task).
#[derive(Clone)]
pub struct PendingRecovery(Arc<Mutex<Option<Recovery>>>);

impl std::fmt::Debug for PendingRecovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingRecovery(..)")
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Username(String),
    Password(String),
    Submit,
    Unlocked(UiResult<Session>),
    Forgot,
    BackToLogin,
    Code(String),
    SubmitCode,
    CodeOpened(UiResult<(PendingRecovery, Vec<String>)>),
    Admin(String),
    NewPassword(String),
    NewConfirm(String),
    SubmitReset,
    RestoreFromBackup,
}

pub use crate::ui::screens::EntryEvent as Event;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Login,
    Code,
    Reset,
}

/// How long opening may take before the window says why it can take longer.
const SLOW_OPEN: Duration = Duration::from_secs(3);

pub struct Unlock {
    pub dir: PathBuf,
    lang: Lang,
    mode: Mode,
    username: String,
    password: String,
    busy: bool,
    /// When the vault began to open (the first sign-in after an update
    /// migrates it, which can take minutes on a large vault).
    busy_since: Option<Instant>,
    pub error: Option<UiError>,
    wait_until: Option<Instant>,
    now: Instant,
    code: String,
    recovery: Option<PendingRecovery>,
    admins: Vec<String>,
    admin: Option<String>,
    new_password: String,
    new_confirm: String,
    field_error: Option<Notice>,
    pub demo_hint: Option<(String, String)>,
    notice: Option<Notice>,
}

impl Unlock {
    pub fn new(dir: PathBuf, lang: Lang, username: Option<String>) -> (Unlock, Task<Message>) {
        let focus = if username.is_some() {
            ID_PASSWORD
        } else {
            ID_USERNAME
        };
        (
            Unlock {
                dir,
                lang,
                mode: Mode::Login,
                username: username.unwrap_or_default(),
                password: String::new(),
                busy: false,
                busy_since: None,
                error: None,
                wait_until: None,
                now: Instant::now(),
                code: String::new(),
                recovery: None,
                admins: Vec::new(),
                admin: None,
                new_password: String::new(),
                new_confirm: String::new(),
                field_error: None,
                demo_hint: None,
                notice: None,
            },
            operation::focus(Id::new(focus)),
        )
    }

    /// A message shown above the form (e.g. "locked after 5 minutes without use").
    pub fn with_notice(mut self, notice: Notice) -> Unlock {
        self.notice = Some(notice);
        self
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn is_waiting(&self) -> bool {
        self.wait_until.is_some_and(|w| w > self.now)
    }

    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.wait_until.is_some_and(|w| w <= now) {
            self.wait_until = None;
            if matches!(self.error, Some(UiError::Wait { .. })) {
                self.error = None;
            }
        }
    }

    fn seconds_left(&self) -> u64 {
        self.wait_until
            .map(|w| w.saturating_duration_since(self.now).as_secs_f64().ceil() as u64)
            .unwrap_or(0)
    }

    /// The vault refused to open: the wait it imposes, the reason shown,
    /// the password typed again.
    fn refused(&mut self, e: UiError) -> Task<Message> {
        match &e {
            UiError::Wait { seconds } => {
                self.wait_until =
                    Some(self.now.max(Instant::now()) + Duration::from_secs(*seconds));
            }
            UiError::WrongCredentials { failures } => {
                let d = security::delay_after(*failures);
                if d > 0 {
                    self.wait_until = Some(Instant::now() + Duration::from_secs(d));
                }
            }
            _ => {}
        }
        self.error = Some(e);
        operation::focus(Id::new(ID_PASSWORD))
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Username(s) => self.username = s,
            Message::Password(s) => self.password = s,
            Message::Submit => {
                if self.busy || self.is_waiting() {
                    return (Task::none(), None);
                }
                if self.username.trim().is_empty() {
                    return (operation::focus(Id::new(ID_USERNAME)), None);
                }
                if self.password.is_empty() {
                    return (operation::focus(Id::new(ID_PASSWORD)), None);
                }
                self.busy = true;
                self.busy_since = Some(Instant::now());
                self.error = None;
                self.notice = None;
                let (dir, user) = (self.dir.clone(), self.username.trim().to_string());
                let pass = zeroize::Zeroizing::new(std::mem::take(&mut self.password));
                return (
                    jobs::blocking(
                        move || {
                            let v = Vault::unlock(&dir, &user, &pass, Utc::now())?;
                            Ok(Session::open(v)?)
                        },
                        Message::Unlocked,
                    ),
                    None,
                );
            }
            Message::Unlocked(r) => {
                self.busy = false;
                return match r {
                    Ok(session) => (Task::none(), Some(Event::SignedIn(session))),
                    Err(e) => (self.refused(e), None),
                };
            }
            Message::RestoreFromBackup => {
                wipe(&mut self.password);
                return (Task::none(), Some(Event::Restore));
            }
            Message::Forgot => {
                self.mode = Mode::Code;
                self.error = None;
                wipe(&mut self.password);
                return (operation::focus(Id::new(ID_CODE)), None);
            }
            Message::BackToLogin => {
                self.mode = Mode::Login;
                self.error = None;
                self.field_error = None;
                self.recovery = None;
                wipe(&mut self.code);
                wipe(&mut self.new_password);
                wipe(&mut self.new_confirm);
                return (operation::focus(Id::new(ID_USERNAME)), None);
            }
            Message::Code(s) => self.code = s,
            Message::SubmitCode => {
                if self.busy {
                    return (Task::none(), None);
                }
                if security::parse_recovery_code(&self.code).is_none() {
                    self.field_error = Some(Notice::RecoveryCodeFormat);
                    return (Task::none(), None);
                }
                self.field_error = None;
                self.busy = true;
                self.busy_since = Some(Instant::now());
                self.error = None;
                let dir = self.dir.clone();
                let code = zeroize::Zeroizing::new(std::mem::take(&mut self.code));
                return (
                    jobs::blocking(
                        move || {
                            let r = Vault::recover(&dir, &code, Utc::now())?;
                            let admins = r.admins()?.into_iter().map(|(u, _)| u).collect();
                            Ok((PendingRecovery(Arc::new(Mutex::new(Some(r)))), admins))
                        },
                        Message::CodeOpened,
                    ),
                    None,
                );
            }
            Message::CodeOpened(Ok((r, admins))) => {
                self.busy = false;
                self.recovery = Some(r);
                self.admin = admins.first().cloned();
                self.admins = admins;
                self.mode = Mode::Reset;
                return (operation::focus(Id::new(ID_NEW_PASSWORD)), None);
            }
            Message::CodeOpened(Err(e)) => {
                self.busy = false;
                self.error = Some(e);
            }
            Message::Admin(a) => self.admin = Some(a),
            Message::NewPassword(s) => self.new_password = s,
            Message::NewConfirm(s) => self.new_confirm = s,
            Message::SubmitReset => {
                if self.busy {
                    return (Task::none(), None);
                }
                let problem =
                    super::admin::password_problem(&self.new_password)
                        .or((self.new_password != self.new_confirm)
                            .then_some(Notice::PasswordMismatch));
                if let Some(p) = problem {
                    self.field_error = Some(p);
                    return (Task::none(), None);
                }
                let (Some(r), Some(admin)) = (self.recovery.clone(), self.admin.clone()) else {
                    return (Task::none(), None);
                };
                self.field_error = None;
                self.busy = true;
                self.busy_since = Some(Instant::now());
                let pass = zeroize::Zeroizing::new(std::mem::take(&mut self.new_password));
                wipe(&mut self.new_confirm);
                return (
                    jobs::blocking(
                        move || {
                            let rec = r.0.lock().unwrap_or_else(|p| p.into_inner()).take();
                            let rec = rec.ok_or(UiError::Locked)?;
                            let v = rec.reset_admin(&admin, &pass)?;
                            Ok(Session::open(v)?)
                        },
                        Message::Unlocked,
                    ),
                    None,
                );
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, spinner_phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let mut content = widgets::intro(t!(l, "app-name"), t!(l, "unlock-subtitle")).spacing(14);
        content = content.push(widgets::slot(
            self.notice
                .as_ref()
                .map(|n| widgets::banner(Banner::Info, n.text(l))),
        ));
        let error = self.error.as_ref().map(|e| {
            let msg = match e {
                UiError::Wait { .. } if self.is_waiting() => {
                    t!(l, "error-wait", seconds = self.seconds_left())
                }
                UiError::WrongCredentials { .. } if self.is_waiting() => format!(
                    "{} {}",
                    e.message(l),
                    t!(l, "error-wait", seconds = self.seconds_left())
                ),
                e => e.message(l),
            };
            widgets::banner(Banner::Error, msg)
        });
        content = content.push(widgets::slot(error));
        let form: Element<'_, Message> = match self.mode {
            Mode::Login => self.view_login(spinner_phase),
            Mode::Code => self.view_code(spinner_phase),
            Mode::Reset => self.view_reset(spinner_phase),
        };
        content = content.push(form);
        if let Some((user, pass)) = &self.demo_hint {
            content = content.push(widgets::banner(
                Banner::Info,
                t!(
                    l,
                    "unlock-demo-hint",
                    user = user.clone(),
                    password = pass.clone()
                ),
            ));
        }
        container(container(content.padding(28).width(Length::Fixed(460.0))).style(theme::card))
            .center(Length::Fill)
            .padding(24)
            .into()
    }

    fn busy_row<'a>(&self, label: String, submit: Message, phase: f32) -> Element<'a, Message> {
        if self.busy {
            let working = widgets::working(phase, t!(self.lang, "unlock-working"));
            let slow = self
                .busy_since
                .is_some_and(|t| self.now.saturating_duration_since(t) >= SLOW_OPEN);
            if !slow {
                return working;
            }
            let hint = text(t!(self.lang, "unlock-slow"))
                .size(13)
                .style(theme::muted);
            column![working, hint].spacing(8).into()
        } else {
            let enabled = !self.is_waiting();
            widgets::at_end(btn(label, Kind::Primary, enabled.then_some(submit)))
        }
    }

    fn view_login(&self, phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let password: [widgets::Secret<'_, Message>; 1] = [(
            t!(l, "field-password"),
            ID_PASSWORD,
            &self.password,
            Message::Password,
        )];
        column![
            widgets::field(
                t!(l, "field-username"),
                true,
                widgets::entry(
                    "",
                    ID_USERNAME,
                    &self.username,
                    Message::Username,
                    Message::Submit
                ),
                None,
            ),
            column(widgets::secrets(password, Message::Submit, |_| None)),
            self.busy_row(t!(l, "unlock-submit"), Message::Submit, phase),
            btn(t!(l, "unlock-forgot"), Kind::Link, Some(Message::Forgot)),
            btn(
                t!(l, "restore-link"),
                Kind::Link,
                Some(Message::RestoreFromBackup)
            ),
        ]
        .spacing(12)
        .into()
    }

    fn view_code(&self, phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let code = widgets::entry(
            "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
            ID_CODE,
            &self.code,
            Message::Code,
            Message::SubmitCode,
        );
        let error = self.field_error.as_ref().map(|n| n.text(l));
        column![
            widgets::section(t!(l, "recovery-title")),
            text(t!(l, "recovery-intro")).size(14),
            widgets::field(t!(l, "recovery-code"), true, code, error),
            self.busy_row(t!(l, "recovery-open"), Message::SubmitCode, phase),
            btn(t!(l, "action-back"), Kind::Link, Some(Message::BackToLogin)),
        ]
        .spacing(12)
        .into()
    }

    fn view_reset(&self, phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let fields = widgets::new_password(
            l,
            t!(l, "field-new-password"),
            (ID_NEW_PASSWORD, &self.new_password, Message::NewPassword),
            (ID_NEW_CONFIRM, &self.new_confirm, Message::NewConfirm),
        );
        // The problem of the new password is said under its confirmation.
        let error = |id: &'static str| {
            let mine = id == ID_NEW_CONFIRM;
            self.field_error
                .as_ref()
                .filter(|_| mine)
                .map(|n| n.text(l))
        };
        let admins = widgets::choices(&self.admins, |a| a.clone());
        let admin = widgets::pick(admins, self.admin.as_ref(), String::new(), |c| {
            Message::Admin(c.value)
        });
        column![
            widgets::section(t!(l, "recovery-reset-title")),
            text(t!(l, "recovery-reset-intro")).size(14),
            widgets::field(t!(l, "recovery-admin"), true, admin, None),
            column(widgets::secrets(fields, Message::SubmitReset, error)).spacing(12),
            self.busy_row(t!(l, "recovery-reset-submit"), Message::SubmitReset, phase),
        ]
        .spacing(12)
        .into()
    }
}

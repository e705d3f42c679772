//! First run: the unit, the first administrator, then the recovery code shown once.

use std::path::PathBuf;
use std::time::Duration;

use iced::widget::{Id, column, container, operation, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::places;
use crate::domain::security;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::{Secret, Session, wipe};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Choice, Kind, btn};
use crate::vault::keyring::KdfParams;
use crate::vault::{NewVault, Unit, UnitKind, Vault};

pub const ID_UNIT_NAME: &str = "setup-unit-name";
pub const ID_UNIT_KIND: &str = "setup-unit-kind";
pub const ID_PROVINCE: &str = "setup-province";
pub const ID_USERNAME: &str = "setup-username";
pub const ID_DISPLAY: &str = "setup-display-name";
pub const ID_PASSWORD: &str = "setup-password";
pub const ID_CONFIRM: &str = "setup-confirm";
pub const ID_CODE_CHECK: &str = "setup-code-check";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Unit,
    Admin,
    Creating,
    Recovery,
}

#[derive(Debug, Clone)]
pub enum Message {
    UnitName(String),
    Kind(Choice<UnitKind>),
    Province(Choice<u32>),
    Next,
    Back,
    Username(String),
    DisplayName(String),
    Password(String),
    Confirm(String),
    Create,
    Created(UiResult<(Session, Secret)>),
    CodeCheck(String),
    Finish,
    RestoreFromBackup,
}

pub use crate::ui::screens::EntryEvent as Event;

pub struct Setup {
    pub dir: PathBuf,
    pub step: Step,
    lang: Lang,
    unit_name: String,
    kind: Option<UnitKind>,
    province: Option<u32>,
    username: String,
    display_name: String,
    password: String,
    confirm: String,
    errors: Vec<(&'static str, Notice)>,
    error: Option<UiError>,
    created: Option<(Session, Secret)>,
    code_check: String,
    /// KDF parameters; calibrated to ~0.6 s unless a test asks for the floor.
    pub kdf: Option<KdfParams>,
}

impl Setup {
    pub fn new(dir: PathBuf, lang: Lang) -> (Setup, Task<Message>) {
        (
            Setup {
                dir,
                step: Step::Unit,
                lang,
                kind: Some(UnitKind::BorderGuardStation),
                province: Some(places::TAY_NINH),
                unit_name: String::new(),
                username: String::new(),
                display_name: String::new(),
                password: String::new(),
                confirm: String::new(),
                errors: Vec::new(),
                error: None,
                created: None,
                code_check: String::new(),
                kdf: None,
            },
            operation::focus(Id::new(ID_UNIT_NAME)),
        )
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn is_busy(&self) -> bool {
        self.step == Step::Creating
    }

    fn error_for(&self, key: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m.text(self.lang))
    }

    fn validate_unit(&self) -> Vec<(&'static str, Notice)> {
        let mut e = Vec::new();
        if self.unit_name.trim().is_empty() {
            e.push((ID_UNIT_NAME, Notice::UnitNameRequired));
        } else if crate::domain::papers::unit_name_in_capitals(&self.unit_name) {
            e.push((ID_UNIT_NAME, Notice::UnitNameInCapitals));
        }
        if self.kind.is_none() {
            e.push((ID_UNIT_KIND, Notice::UnitKindRequired));
        }
        if self.province.is_none() {
            e.push((ID_PROVINCE, Notice::ProvinceRequired));
        }
        e
    }

    fn validate_admin(&self) -> Vec<(&'static str, Notice)> {
        let mut e = Vec::new();
        if security::normalize_username(&self.username).is_err() {
            e.push((ID_USERNAME, Notice::UsernameFormat));
        }
        if self.display_name.trim().is_empty() {
            e.push((ID_DISPLAY, Notice::DisplayNameRequired));
        }
        if let Some(p) = super::admin::password_problem(&self.password) {
            e.push((ID_PASSWORD, p));
        }
        if self.confirm != self.password {
            e.push((ID_CONFIRM, Notice::PasswordMismatch));
        }
        e
    }

    /// Re-run validation for fields that already show an error.
    fn revalidate(&mut self) {
        if self.errors.is_empty() {
            return;
        }
        let all = match self.step {
            Step::Unit => self.validate_unit(),
            _ => self.validate_admin(),
        };
        let shown: Vec<&str> = self.errors.iter().map(|(k, _)| *k).collect();
        self.errors = all.into_iter().filter(|(k, _)| shown.contains(k)).collect();
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        // A field edited: its message, if it shows one, is checked again.
        match message {
            Message::UnitName(s) => self.unit_name = s,
            Message::Kind(k) => self.kind = Some(k.value),
            Message::Province(p) => self.province = Some(p.value),
            Message::Username(s) => self.username = s,
            Message::DisplayName(s) => self.display_name = s,
            Message::Password(s) => self.password = s,
            Message::Confirm(s) => self.confirm = s,
            other => return self.act(other),
        }
        self.revalidate();
        (Task::none(), None)
    }

    /// Moving between the steps, creating the vault, checking the code.
    fn act(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::RestoreFromBackup => return (Task::none(), Some(Event::Restore)),
            Message::Next => {
                self.errors = self.validate_unit();
                if let Some((first, _)) = self.errors.first() {
                    return (operation::focus(Id::new(first)), None);
                }
                self.step = Step::Admin;
                return (operation::focus(Id::new(ID_USERNAME)), None);
            }
            Message::Back => {
                self.errors.clear();
                self.step = Step::Unit;
                return (operation::focus(Id::new(ID_UNIT_NAME)), None);
            }
            Message::Create => return (self.create(), None),
            Message::Created(Ok(created)) => {
                wipe(&mut self.password);
                wipe(&mut self.confirm);
                self.created = Some(created);
                self.step = Step::Recovery;
                return (operation::focus(Id::new(ID_CODE_CHECK)), None);
            }
            Message::Created(Err(e)) => {
                self.error = Some(e);
                self.step = Step::Admin;
            }
            Message::CodeCheck(s) => self.code_check = s,
            Message::Finish => {
                if self.code_matches()
                    && let Some((session, _code)) = self.created.take()
                {
                    return (Task::none(), Some(Event::SignedIn(session)));
                }
                self.errors = vec![(ID_CODE_CHECK, Notice::CodeCheckWrong)];
            }
            // The edits (in `update`).
            _ => {}
        }
        (Task::none(), None)
    }

    fn code_matches(&self) -> bool {
        let Some((_, code)) = &self.created else {
            return false;
        };
        let last = code.expose().rsplit('-').next().unwrap_or_default();
        self.code_check.trim().eq_ignore_ascii_case(last)
    }

    fn create(&mut self) -> Task<Message> {
        self.errors = self.validate_admin();
        if let Some((first, _)) = self.errors.first() {
            return operation::focus(Id::new(first));
        }
        let (Some(kind), Some(province)) = (self.kind, self.province) else {
            self.step = Step::Unit;
            return Task::none();
        };
        self.step = Step::Creating;
        self.error = None;
        let dir = self.dir.clone();
        let new = NewVault {
            unit: Unit {
                name: self.unit_name.clone(),
                kind,
                province_code: Some(province),
                code: String::new(),
            },
            admin_username: self.username.clone(),
            admin_display_name: self.display_name.clone(),
            admin_password: zeroize::Zeroizing::new(self.password.clone()),
            kdf: KdfParams::FLOOR,
        };
        let fixed_kdf = self.kdf;
        jobs::blocking(
            move || {
                let mut new = new;
                new.kdf =
                    fixed_kdf.unwrap_or_else(|| KdfParams::calibrate(Duration::from_millis(600)));
                let (v, code) = Vault::create(&dir, new).map_err(UiError::from)?;
                let session = Session::open(v).map_err(UiError::from)?;
                Ok((session, Secret::new(code)))
            },
            Message::Created,
        )
    }

    pub fn view(&self, spinner_phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let steps = row![
            step_label(t!(l, "setup-step-unit"), self.step == Step::Unit),
            step_label(
                t!(l, "setup-step-admin"),
                matches!(self.step, Step::Admin | Step::Creating)
            ),
            step_label(t!(l, "setup-step-recovery"), self.step == Step::Recovery),
        ]
        .spacing(16);
        let body: Element<'_, Message> = match self.step {
            Step::Unit => self.view_unit(),
            Step::Admin => self.view_admin(),
            Step::Creating => column![
                widgets::spinner(spinner_phase),
                text(t!(l, "setup-creating")).size(16),
                widgets::hint(t!(l, "setup-creating-detail")),
            ]
            .spacing(12)
            .align_x(Alignment::Center)
            .width(Length::Fill)
            .into(),
            Step::Recovery => self.view_recovery(),
        };
        let mut content = widgets::intro(t!(l, "setup-title"), t!(l, "setup-intro"))
            .push(steps)
            .spacing(14);
        content = content.push(widgets::slot(
            self.error
                .as_ref()
                .map(|e| widgets::banner(Banner::Error, e.message(l))),
        ));
        content = content.push(body);
        container(
            container(content.padding(28).max_width(640))
                .style(theme::card)
                .width(Length::Shrink),
        )
        .center(Length::Fill)
        .padding(24)
        .into()
    }

    fn view_unit(&self) -> Element<'_, Message> {
        let l = self.lang;
        column![
            widgets::field(
                t!(l, "setup-unit-name"),
                true,
                widgets::entry(
                    &t!(l, "setup-unit-name-placeholder"),
                    ID_UNIT_NAME,
                    &self.unit_name,
                    Message::UnitName,
                    Message::Next
                ),
                self.error_for(ID_UNIT_NAME),
            ),
            widgets::field(
                t!(l, "setup-unit-kind"),
                true,
                widgets::pick(
                    widgets::choices(&UnitKind::ALL, |k| super::admin::unit_kind_label(l, *k)),
                    self.kind.as_ref(),
                    t!(l, "setup-unit-kind-placeholder"),
                    Message::Kind
                ),
                self.error_for(ID_UNIT_KIND),
            ),
            widgets::field(
                t!(l, "setup-province"),
                true,
                widgets::pick(
                    crate::ui::labels::provinces(),
                    self.province.as_ref(),
                    t!(l, "setup-province-placeholder"),
                    Message::Province
                ),
                self.error_for(ID_PROVINCE),
            ),
            row![
                btn(
                    t!(l, "restore-link"),
                    Kind::Link,
                    Some(Message::RestoreFromBackup)
                ),
                widgets::hspace(),
                btn(t!(l, "action-next"), Kind::Primary, Some(Message::Next))
            ]
            .align_y(Alignment::Center),
        ]
        .spacing(14)
        .into()
    }

    fn view_admin(&self) -> Element<'_, Message> {
        let l = self.lang;
        let display = t!(l, "field-display-name-placeholder");
        let mut c = column![
            text(t!(l, "setup-admin-intro")).size(14),
            widgets::field(
                t!(l, "field-username"),
                true,
                widgets::entry(
                    "quantri",
                    ID_USERNAME,
                    &self.username,
                    Message::Username,
                    Message::Create
                ),
                self.error_for(ID_USERNAME),
            ),
            widgets::field(
                t!(l, "field-display-name"),
                true,
                widgets::entry(
                    &display,
                    ID_DISPLAY,
                    &self.display_name,
                    Message::DisplayName,
                    Message::Create
                ),
                self.error_for(ID_DISPLAY),
            ),
        ]
        .spacing(12);
        let fields = widgets::new_password(
            l,
            t!(l, "field-password"),
            (ID_PASSWORD, &self.password, Message::Password),
            (ID_CONFIRM, &self.confirm, Message::Confirm),
        );
        for f in widgets::secrets(fields, Message::Create, |id| self.error_for(id)) {
            c = c.push(f);
        }
        let min = security::MIN_PASSWORD_CHARS;
        c.push(widgets::hint(t!(l, "setup-password-hint", min = min)))
            .push(row![
                btn(t!(l, "action-back"), Kind::Secondary, Some(Message::Back)),
                widgets::hspace(),
                btn(t!(l, "setup-create"), Kind::Primary, Some(Message::Create))
            ])
            .into()
    }

    fn view_recovery(&self) -> Element<'_, Message> {
        let l = self.lang;
        let code = self
            .created
            .as_ref()
            .map(|(_, c)| c.expose().to_string())
            .unwrap_or_default();
        let check = widgets::entry(
            "",
            ID_CODE_CHECK,
            &self.code_check,
            Message::CodeCheck,
            Message::Finish,
        )
        .width(Length::Fixed(160.0));
        let finish = btn(t!(l, "setup-finish"), Kind::Primary, Some(Message::Finish));
        column![
            widgets::banner(Banner::Warning, t!(l, "setup-recovery-warning")),
            text(t!(l, "setup-recovery-intro")).size(14),
            container(text(code).size(28).font(theme::BOLD))
                .padding([14, 18])
                .style(theme::card)
                .center_x(Length::Fill),
            widgets::hint(t!(l, "setup-recovery-how")),
            widgets::field(
                t!(l, "setup-code-check"),
                true,
                check,
                self.error_for(ID_CODE_CHECK)
            ),
            widgets::at_end(finish),
        ]
        .spacing(12)
        .into()
    }
}

fn step_label<'a>(s: String, current: bool) -> Element<'a, Message> {
    let t = text(s).size(14);
    if current {
        t.font(theme::BOLD).into()
    } else {
        t.style(theme::muted).into()
    }
}

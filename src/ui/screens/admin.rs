//! Administration (admin role): users, the unit, the auto-lock time.

use iced::widget::{Id, column, container, operation, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::security::{self, CredentialError, Role};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::{Session, wipe};
use crate::ui::widgets::{self, Choice, Kind, Line, btn, col};
use crate::vault::users::UserRow;
use crate::vault::{Unit, UnitKind};

pub mod orgs;
use super::rekey::{self, Rekey};

pub const ID_NEW_USERNAME: &str = "admin-new-username";

pub fn role_label(lang: Lang, role: Role) -> String {
    crate::ui::labels::keyed(lang, "role", role.key())
}

pub fn unit_kind_label(lang: Lang, kind: UnitKind) -> String {
    crate::ui::labels::keyed(lang, "unit-kind", kind.key())
}

/// The time zones a unit can keep its clock in: Vietnam first, then every
/// whole and half hour from UTC−12 to UTC+14.
fn offsets(l: Lang) -> Vec<Choice<i32>> {
    let vn = crate::clock::VIETNAM_MINUTES;
    std::iter::once(vn)
        .chain((-24..=28).map(|h| h * 30).filter(|m| *m != vn))
        .map(|m| Choice {
            value: m,
            label: if m == vn {
                t!(l, "admin-time-zone-vn", offset = crate::clock::label(m))
            } else {
                crate::clock::label(m)
            },
        })
        .collect()
}

fn roles(l: Lang) -> Vec<Choice<Role>> {
    widgets::choices(&Role::ALL, |r| role_label(l, *r))
}

#[derive(Debug, Clone)]
pub struct AdminData {
    pub users: Vec<UserRow>,
    pub unit: Unit,
    pub auto_lock: u32,
    pub utc_offset: i32,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<AdminData>),
    NewUsername(String),
    NewDisplay(String),
    NewRole(Choice<Role>),
    NewPassword(String),
    NewConfirm(String),
    CreateUser,
    Select(String),
    SetRole(Choice<Role>),
    ApplyRole,
    AskDeactivate,
    ConfirmDeactivate,
    Activate,
    UnlockAccount,
    ResetPassword(String),
    ApplyReset,
    UnitName(String),
    UnitKind(Choice<UnitKind>),
    Province(Choice<u32>),
    Offset(Choice<i32>),
    SaveUnit,
    AutoLock(String),
    SaveAutoLock,
    /// Give the vault a new key and a new recovery code.
    RenewRecovery,
    /// A step that may re-key: its progress, its result, the new code.
    Rekey(rekey::Message<Done>),
    Done(UiResult<Done>),
    /// The letterhead, ranks and posts, agencies and gates.
    Orgs(orgs::Message),
}

/// What an administration step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    UserCreated,
    UserChanged,
    PasswordReset,
    Unlocked,
    UnitSaved(Unit, i32),
    AutoLockSaved(u32),
    RecoveryRenewed,
}

pub enum Event {
    AutoLockChanged(u32),
    UnitChanged(Unit),
    /// The vault has a new key (the shell reads its alarms again).
    Rekeyed,
}

pub struct Admin {
    data: Option<AdminData>,
    new_username: String,
    new_display: String,
    new_role: Role,
    new_password: String,
    new_confirm: String,
    selected: Option<String>,
    sel_role: Option<Role>,
    confirm_deactivate: bool,
    reset_password: String,
    unit_name: String,
    kind: Option<UnitKind>,
    province: Option<u32>,
    offset: i32,
    auto_lock: String,
    notice: Option<Notice>,
    busy: bool,
    orgs: orgs::Orgs,
    rekey: Rekey,
}

/// Why a password typed for a user cannot be used (here, at setup, in a
/// recovery).
pub fn password_problem(p: &str) -> Option<Notice> {
    match security::validate_password(p) {
        Err(CredentialError::PasswordTooShort) => {
            Some(Notice::PasswordShort(security::MIN_PASSWORD_CHARS))
        }
        Err(_) => Some(Notice::PasswordLine),
        Ok(()) => None,
    }
}

impl Admin {
    pub fn new() -> Admin {
        Admin {
            data: None,
            new_username: String::new(),
            new_display: String::new(),
            new_role: Role::Officer,
            new_password: String::new(),
            new_confirm: String::new(),
            selected: None,
            sel_role: None,
            confirm_deactivate: false,
            reset_password: String::new(),
            unit_name: String::new(),
            kind: None,
            province: None,
            offset: crate::clock::VIETNAM_MINUTES,
            auto_lock: String::new(),
            notice: None,
            busy: false,
            orgs: orgs::Orgs::default(),
            rekey: Rekey::new(),
        }
    }

    /// Run a step that may re-key the vault (progress shown, new code shown once).
    fn run_rekeying(
        &mut self,
        session: &Session,
        f: impl FnOnce(
            &mut crate::vault::Vault,
            crate::vault::rekey::Progress<'_>,
        ) -> crate::vault::Result<(Done, Option<crate::vault::rekey::Rekeyed>)>
        + Send
        + 'static,
    ) -> Task<Message> {
        self.busy = true;
        self.notice = None;
        self.rekey.begin();
        rekey::start(session, f).map(Message::Rekey)
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        let orgs = self.orgs.load(session).map(Message::Orgs);
        let admin = session.db.task(
            |v| {
                Ok(AdminData {
                    users: v.list_users()?,
                    unit: v.unit()?,
                    auto_lock: v.auto_lock_minutes(),
                    utc_offset: v.utc_offset_minutes(),
                })
            },
            Message::Loaded,
        );
        Task::batch([admin, orgs])
    }

    fn run(
        &mut self,
        session: &Session,
        f: impl FnOnce(&mut crate::vault::Vault) -> crate::vault::Result<Done> + Send + 'static,
    ) -> Task<Message> {
        self.busy = true;
        self.notice = None;
        session.db.task(f, Message::Done)
    }

    fn selected_user(&self) -> Option<String> {
        self.selected.clone()
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        match message {
            Message::Load => return (self.load(session), None),
            Message::Orgs(m) => {
                return (self.orgs.update(m, session).map(Message::Orgs), None);
            }
            Message::Loaded(Ok(data)) => {
                self.unit_name = data.unit.name.clone();
                self.kind = Some(data.unit.kind);
                self.province = data.unit.province_code;
                self.offset = data.utc_offset;
                self.auto_lock = data.auto_lock.to_string();
                self.data = Some(data);
            }
            Message::Loaded(Err(e)) | Message::Done(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::NewUsername(s) => self.new_username = s,
            Message::NewDisplay(s) => self.new_display = s,
            Message::NewRole(r) => self.new_role = r.value,
            Message::NewPassword(s) => self.new_password = s,
            Message::NewConfirm(s) => self.new_confirm = s,
            Message::CreateUser => {
                let problem = if security::normalize_username(&self.new_username).is_err() {
                    Some(Notice::UsernameFormat)
                } else if self.new_display.trim().is_empty() {
                    Some(Notice::DisplayNameRequired)
                } else if let Some(p) = password_problem(&self.new_password) {
                    Some(p)
                } else if self.new_password != self.new_confirm {
                    Some(Notice::PasswordMismatch)
                } else {
                    None
                };
                if let Some(p) = problem {
                    self.notice = Some(p);
                    return (Task::none(), None);
                }
                let (u, d, role) = (
                    self.new_username.clone(),
                    self.new_display.clone(),
                    self.new_role,
                );
                let p = zeroize::Zeroizing::new(std::mem::take(&mut self.new_password));
                wipe(&mut self.new_confirm);
                return (
                    self.run(session, move |v| {
                        v.create_user(&u, &d, role, &p)?;
                        Ok(Done::UserCreated)
                    }),
                    None,
                );
            }
            Message::Select(u) => {
                self.confirm_deactivate = false;
                wipe(&mut self.reset_password);
                self.sel_role = self
                    .data
                    .as_ref()
                    .and_then(|d| d.users.iter().find(|x| x.username == u))
                    .map(|x| x.role);
                self.selected = if self.selected.as_ref() == Some(&u) {
                    None
                } else {
                    Some(u)
                };
            }
            Message::SetRole(r) => self.sel_role = Some(r.value),
            Message::ApplyRole => {
                if let (Some(u), Some(r)) = (self.selected_user(), self.sel_role) {
                    return (
                        self.run_rekeying(session, move |v, p| {
                            let k = v.update_user_with(&u, None, Some(r), None, p)?;
                            Ok((Done::UserChanged, k))
                        }),
                        None,
                    );
                }
            }
            Message::AskDeactivate => self.confirm_deactivate = true,
            Message::ConfirmDeactivate | Message::Activate => {
                let active = matches!(message, Message::Activate);
                self.confirm_deactivate = false;
                if let Some(u) = self.selected_user() {
                    return (
                        self.run_rekeying(session, move |v, p| {
                            let k = v.update_user_with(&u, None, None, Some(active), p)?;
                            Ok((Done::UserChanged, k))
                        }),
                        None,
                    );
                }
            }
            Message::UnlockAccount => {
                if let Some(u) = self.selected_user() {
                    return (
                        self.run(session, move |v| {
                            v.unlock_account(&u)?;
                            Ok(Done::Unlocked)
                        }),
                        None,
                    );
                }
            }
            Message::ResetPassword(s) => self.reset_password = s,
            Message::ApplyReset => {
                if let Some(p) = password_problem(&self.reset_password) {
                    self.notice = Some(p);
                    return (Task::none(), None);
                }
                if let Some(u) = self.selected_user() {
                    let p = zeroize::Zeroizing::new(std::mem::take(&mut self.reset_password));
                    return (
                        self.run_rekeying(session, move |v, progress| {
                            let k = v.reset_password_with(&u, &p, progress)?;
                            Ok((Done::PasswordReset, k))
                        }),
                        None,
                    );
                }
            }
            Message::UnitName(s) => self.unit_name = s,
            Message::UnitKind(k) => self.kind = Some(k.value),
            Message::Province(p) => self.province = Some(p.value),
            Message::Offset(o) => self.offset = o.value,
            Message::SaveUnit => {
                if self.unit_name.trim().is_empty() {
                    self.notice = Some(Notice::UnitNameRequired);
                    return (Task::none(), None);
                }
                if crate::domain::papers::unit_name_in_capitals(&self.unit_name) {
                    self.notice = Some(Notice::UnitNameInCapitals);
                    return (Task::none(), None);
                }
                let unit = Unit {
                    name: crate::domain::text::clean_line(&self.unit_name),
                    kind: self.kind.unwrap_or(UnitKind::Other),
                    province_code: self.province,
                    code: self
                        .data
                        .as_ref()
                        .map(|d| d.unit.code.clone())
                        .unwrap_or_default(),
                };
                let offset = self.offset;
                return (
                    self.run(session, move |v| {
                        v.update_unit(&unit)?;
                        v.set_setting(crate::vault::UTC_OFFSET_KEY, &offset.to_string())?;
                        Ok(Done::UnitSaved(unit, offset))
                    }),
                    None,
                );
            }
            Message::AutoLock(s) => {
                self.auto_lock = s.chars().filter(char::is_ascii_digit).take(2).collect()
            }
            Message::SaveAutoLock => {
                let Some(m) = self
                    .auto_lock
                    .parse::<u32>()
                    .ok()
                    .filter(|m| (1..=60).contains(m))
                else {
                    self.notice = Some(Notice::AutoLockRange);
                    return (Task::none(), None);
                };
                return (
                    self.run(session, move |v| {
                        v.set_setting("auto_lock_minutes", &m.to_string())?;
                        Ok(Done::AutoLockSaved(m))
                    }),
                    None,
                );
            }
            Message::RenewRecovery => {
                if self.busy {
                    return (Task::none(), None);
                }
                return (
                    self.run_rekeying(session, |v, p| {
                        Ok((Done::RecoveryRenewed, Some(v.renew_recovery_code(p)?)))
                    }),
                    None,
                );
            }
            Message::Rekey(m) => {
                let (task, finished) = self.rekey.update(m, session);
                let task = task.map(Message::Rekey);
                let Some(r) = finished else {
                    return (task, None);
                };
                let rekeyed = r.is_ok() && self.rekey.showing_code();
                let (next, event) = self.update(Message::Done(r), session);
                let event = event.or(rekeyed.then_some(Event::Rekeyed));
                return (Task::batch([task, next]), event);
            }
            Message::Done(Ok(done)) => {
                self.busy = false;
                let event = match &done {
                    Done::UserCreated => {
                        self.new_username.clear();
                        self.new_display.clear();
                        None
                    }
                    Done::AutoLockSaved(m) => Some(Event::AutoLockChanged(*m)),
                    Done::UnitSaved(u, offset) => {
                        crate::clock::set_offset_minutes(*offset);
                        Some(Event::UnitChanged(u.clone()))
                    }
                    _ => None,
                };
                self.notice = Some(Notice::Admin(done));
                return (self.load(session), event);
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let mut c = column![
            widgets::title(t!(l, "nav-admin")),
            widgets::notice(l, self.notice.as_ref()),
            widgets::slot(self.rekey.view(l).map(|e| e.map(Message::Rekey))),
        ]
        .spacing(16);
        let Some(data) = &self.data else {
            return c.push(text(t!(l, "loading"))).padding(24).into();
        };
        let lines = data
            .users
            .iter()
            .map(|u| {
                let status = if !u.active {
                    t!(l, "status-deactivated")
                } else if u.hard_locked {
                    t!(l, "status-hard-locked")
                } else if u.failures > 0 {
                    t!(l, "status-failures", count = u.failures)
                } else {
                    t!(l, "status-active")
                };
                Line {
                    cells: vec![
                        u.username.clone(),
                        u.display_name.clone(),
                        role_label(l, u.role),
                        status,
                    ],
                    alert: self.selected.as_ref() == Some(&u.username),
                    on_open: Message::Select(u.username.clone()),
                }
            })
            .collect();
        let actions = self
            .selected
            .as_ref()
            .and_then(|s| data.users.iter().find(|u| &u.username == s))
            .map(|u| self.view_user_actions(u, l));
        let cols = vec![
            col(t!(l, "field-username"), Length::FillPortion(2)),
            col(t!(l, "field-display-name"), Length::FillPortion(3)),
            col(t!(l, "field-role"), Length::FillPortion(2)),
            col(t!(l, "field-status"), Length::FillPortion(3)),
        ];
        let users = widgets::list_editor(t!(l, "admin-users"), None, cols, lines, 220.0, actions);
        let renew = btn(
            t!(l, "admin-renew-recovery"),
            Kind::Secondary,
            (!self.busy).then_some(Message::RenewRecovery),
        );
        let recovery = column![
            widgets::section(t!(l, "admin-recovery")),
            widgets::hint(t!(l, "admin-recovery-help")),
            widgets::at_end(renew),
        ];
        c = c.push(users);
        c = c.push(widgets::card(recovery.spacing(8)));
        c = c.push(self.view_new_user(l));
        c = c.push(self.view_unit(l, data));
        c = c.push(self.orgs.view(l).map(Message::Orgs));
        scrollable(c.padding(24)).height(Length::Fill).into()
    }

    fn view_new_user(&self, l: Lang) -> Element<'_, Message> {
        let secure = |label: String, value: &str, on: fn(String) -> Message, submit: bool| {
            let mut ti = text_input("", value).secure(true).on_input(on).padding(8);
            if submit {
                ti = ti.on_submit(Message::CreateUser);
            }
            widgets::field(label, true, ti, None)
        };
        let username = widgets::input(
            ID_NEW_USERNAME,
            &self.new_username,
            "",
            Message::NewUsername,
            None,
        );
        let role = widgets::pick(
            roles(l),
            Some(&self.new_role),
            String::new(),
            Message::NewRole,
        );
        let create = btn(
            t!(l, "admin-create-user"),
            Kind::Primary,
            (!self.busy).then_some(Message::CreateUser),
        );
        widgets::card(
            column![
                widgets::section(t!(l, "admin-new-user")),
                row![
                    widgets::field(t!(l, "field-username"), true, username, None),
                    widgets::text_field(
                        t!(l, "field-display-name"),
                        true,
                        &self.new_display,
                        Message::NewDisplay
                    ),
                    widgets::field(t!(l, "field-role"), true, role, None),
                ]
                .spacing(12),
                row![
                    secure(
                        t!(l, "field-password"),
                        &self.new_password,
                        Message::NewPassword,
                        false
                    ),
                    secure(
                        t!(l, "field-password-confirm"),
                        &self.new_confirm,
                        Message::NewConfirm,
                        true
                    ),
                ]
                .spacing(12),
                widgets::at_end(create),
            ]
            .spacing(10),
        )
        .into()
    }

    fn view_unit<'a>(&'a self, l: Lang, data: &'a AdminData) -> Element<'a, Message> {
        let kinds = widgets::choices(&UnitKind::ALL, |k| unit_kind_label(l, *k));
        let kind = t!(l, "setup-unit-kind");
        let offset = widgets::pick(
            offsets(l),
            Some(&self.offset),
            String::new(),
            Message::Offset,
        );
        let save = |on_save: Message| widgets::save(l, (!self.busy).then_some(on_save));
        let auto_lock = text_input("5", &self.auto_lock)
            .on_input(Message::AutoLock)
            .on_submit(Message::SaveAutoLock)
            .padding(8)
            .width(Length::Fixed(80.0));
        widgets::card(
            column![
                widgets::section(t!(l, "admin-unit")),
                widgets::text_field(
                    t!(l, "setup-unit-name"),
                    true,
                    &self.unit_name,
                    Message::UnitName
                ),
                row![
                    widgets::pick_field(
                        l,
                        kind,
                        false,
                        kinds,
                        self.kind.as_ref(),
                        Message::UnitKind
                    ),
                    widgets::province_field(l, self.province.as_ref(), Message::Province),
                    widgets::field(t!(l, "admin-time-zone"), false, offset, None),
                ]
                .spacing(12),
                widgets::at_end(save(Message::SaveUnit)),
                widgets::section(t!(l, "admin-autolock")),
                row![
                    auto_lock,
                    text(t!(l, "admin-autolock-unit")),
                    widgets::hspace(),
                    save(Message::SaveAutoLock),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
                widgets::hint(t!(l, "admin-autolock-hint", minutes = data.auto_lock)),
            ]
            .spacing(10),
        )
        .into()
    }

    fn view_user_actions<'a>(&'a self, u: &'a UserRow, l: Lang) -> Element<'a, Message> {
        let mut actions = row![
            widgets::pick(
                roles(l),
                self.sel_role.as_ref(),
                String::new(),
                Message::SetRole
            ),
            btn(
                t!(l, "admin-apply-role"),
                Kind::Secondary,
                Some(Message::ApplyRole)
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if u.hard_locked || u.failures > 0 {
            actions = actions.push(btn(
                t!(l, "admin-unlock-account"),
                Kind::Secondary,
                Some(Message::UnlockAccount),
            ));
        }
        actions = actions.push(match (u.active, self.confirm_deactivate) {
            (true, true) => btn(
                t!(l, "admin-confirm-deactivate"),
                Kind::Danger,
                Some(Message::ConfirmDeactivate),
            ),
            (true, false) => btn(
                t!(l, "admin-deactivate"),
                Kind::Secondary,
                Some(Message::AskDeactivate),
            ),
            (false, _) => btn(
                t!(l, "admin-activate"),
                Kind::Secondary,
                Some(Message::Activate),
            ),
        });
        let reset = text_input(&t!(l, "admin-reset-placeholder"), &self.reset_password)
            .secure(true)
            .on_input(Message::ResetPassword)
            .padding(6)
            .width(Length::Fixed(260.0));
        let reset =
            widgets::input_button(reset, t!(l, "admin-reset-password"), Message::ApplyReset);
        container(column![actions, reset].spacing(8))
            .padding([8, 16])
            .into()
    }
}

impl Default for Admin {
    fn default() -> Self {
        Admin::new()
    }
}

pub fn focus_new_user<T>() -> Task<T> {
    operation::focus(Id::new(ID_NEW_USERNAME))
}

//! Administration (admin role): users, the unit, the auto-lock time.

use iced::widget::{
    Id, button, column, combo_box, container, operation, pick_list, row, scrollable, text,
    text_input,
};
use iced::{Alignment, Element, Length, Task};

use super::setup::{KindOption, ProvinceOption, kind_options, province_options};
use crate::domain::security::{self, CredentialError, Role};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Db, UiResult};
use crate::ui::session::wipe;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::users::UserRow;
use crate::vault::{Unit, UnitKind};

pub const ID_NEW_USERNAME: &str = "admin-new-username";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleOption {
    pub role: Role,
    label: String,
}

impl std::fmt::Display for RoleOption {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

pub fn role_label(lang: Lang, role: Role) -> String {
    match role {
        Role::Officer => t!(lang, "role-officer"),
        Role::Supervisor => t!(lang, "role-supervisor"),
        Role::Admin => t!(lang, "role-admin"),
    }
}

fn role_options(lang: Lang) -> Vec<RoleOption> {
    Role::ALL
        .into_iter()
        .map(|role| RoleOption {
            role,
            label: role_label(lang, role),
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct AdminData {
    pub users: Vec<UserRow>,
    pub unit: Unit,
    pub auto_lock: u32,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<AdminData>),
    NewUsername(String),
    NewDisplay(String),
    NewRole(RoleOption),
    NewPassword(String),
    NewConfirm(String),
    CreateUser,
    Select(String),
    SetRole(RoleOption),
    ApplyRole,
    AskDeactivate,
    ConfirmDeactivate,
    Activate,
    UnlockAccount,
    ResetPassword(String),
    ApplyReset,
    UnitName(String),
    UnitKind(KindOption),
    Province(ProvinceOption),
    SaveUnit,
    AutoLock(String),
    SaveAutoLock,
    Done(UiResult<Notice>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    UserCreated,
    UserChanged,
    PasswordReset,
    Unlocked,
    UnitSaved,
    AutoLockSaved(u32),
}

pub enum Event {
    AutoLockChanged(u32),
    UnitChanged(Unit),
}

pub struct Admin {
    data: Option<AdminData>,
    new_username: String,
    new_display: String,
    new_role: Option<RoleOption>,
    new_password: String,
    new_confirm: String,
    selected: Option<String>,
    sel_role: Option<RoleOption>,
    confirm_deactivate: bool,
    reset_password: String,
    unit_name: String,
    kinds: combo_box::State<KindOption>,
    kind: Option<KindOption>,
    provinces: combo_box::State<ProvinceOption>,
    province: Option<ProvinceOption>,
    auto_lock: String,
    error: Option<String>,
    notice: Option<String>,
    busy: bool,
}

impl Admin {
    pub fn new(lang: Lang) -> Admin {
        Admin {
            data: None,
            new_username: String::new(),
            new_display: String::new(),
            new_role: role_options(lang).into_iter().next(),
            new_password: String::new(),
            new_confirm: String::new(),
            selected: None,
            sel_role: None,
            confirm_deactivate: false,
            reset_password: String::new(),
            unit_name: String::new(),
            kinds: combo_box::State::new(kind_options(lang)),
            kind: None,
            provinces: combo_box::State::new(province_options()),
            province: None,
            auto_lock: String::new(),
            error: None,
            notice: None,
            busy: false,
        }
    }

    pub fn load(&mut self, db: &Db) -> Task<Message> {
        db.task(
            |v| {
                Ok(AdminData {
                    users: v.list_users()?,
                    unit: v.unit()?,
                    auto_lock: v.auto_lock_minutes(),
                })
            },
            Message::Loaded,
        )
    }

    pub fn set_lang(&mut self, lang: Lang) {
        let kinds = kind_options(lang);
        self.kind = self
            .kind
            .as_ref()
            .and_then(|k| kinds.iter().find(|o| o.kind == k.kind).cloned());
        self.kinds = combo_box::State::new(kinds);
        let roles = role_options(lang);
        self.new_role = self
            .new_role
            .as_ref()
            .and_then(|r| roles.iter().find(|o| o.role == r.role).cloned());
        self.sel_role = self
            .sel_role
            .as_ref()
            .and_then(|r| roles.iter().find(|o| o.role == r.role).cloned());
    }

    fn run(
        &mut self,
        db: &Db,
        f: impl FnOnce(&mut crate::vault::Vault) -> crate::vault::Result<Notice> + Send + 'static,
    ) -> Task<Message> {
        self.busy = true;
        self.error = None;
        self.notice = None;
        db.task(f, Message::Done)
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        let l = lang;
        match message {
            Message::Load => return (self.load(db), None),
            Message::Loaded(Ok(data)) => {
                self.unit_name = data.unit.name.clone();
                self.kind = kind_options(l)
                    .into_iter()
                    .find(|k| k.kind == data.unit.kind);
                self.province = province_options()
                    .into_iter()
                    .find(|p| Some(p.code) == data.unit.province_code);
                self.auto_lock = data.auto_lock.to_string();
                self.data = Some(data);
            }
            Message::Loaded(Err(e)) => self.error = Some(e.message(l)),
            Message::NewUsername(s) => self.new_username = s,
            Message::NewDisplay(s) => self.new_display = s,
            Message::NewRole(r) => self.new_role = Some(r),
            Message::NewPassword(s) => self.new_password = s,
            Message::NewConfirm(s) => self.new_confirm = s,
            Message::CreateUser => {
                let err = if security::normalize_username(&self.new_username).is_err() {
                    Some(t!(l, "error-username-format"))
                } else if self.new_display.trim().is_empty() {
                    Some(t!(l, "setup-error-display-name"))
                } else {
                    match security::validate_password(&self.new_password) {
                        Err(CredentialError::PasswordTooShort) => Some(t!(
                            l,
                            "error-password-short",
                            min = security::MIN_PASSWORD_CHARS
                        )),
                        Err(_) => Some(t!(l, "error-password-line")),
                        Ok(()) if self.new_password != self.new_confirm => {
                            Some(t!(l, "error-password-mismatch"))
                        }
                        Ok(()) => None,
                    }
                };
                if let Some(e) = err {
                    self.error = Some(e);
                    self.notice = None;
                    return (Task::none(), None);
                }
                let (u, d) = (self.new_username.clone(), self.new_display.clone());
                let role = self
                    .new_role
                    .as_ref()
                    .map(|r| r.role)
                    .unwrap_or(Role::Officer);
                let p = zeroize::Zeroizing::new(std::mem::take(&mut self.new_password));
                wipe(&mut self.new_confirm);
                return (
                    self.run(db, move |v| {
                        v.create_user(&u, &d, role, &p)?;
                        Ok(Notice::UserCreated)
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
                    .and_then(|x| role_options(l).into_iter().find(|r| r.role == x.role));
                self.selected = if self.selected.as_ref() == Some(&u) {
                    None
                } else {
                    Some(u)
                };
            }
            Message::SetRole(r) => self.sel_role = Some(r),
            Message::ApplyRole => {
                if let (Some(u), Some(r)) = (self.selected.clone(), self.sel_role.clone()) {
                    return (
                        self.run(db, move |v| {
                            v.update_user(&u, None, Some(r.role), None)?;
                            Ok(Notice::UserChanged)
                        }),
                        None,
                    );
                }
            }
            Message::AskDeactivate => self.confirm_deactivate = true,
            Message::ConfirmDeactivate => {
                self.confirm_deactivate = false;
                if let Some(u) = self.selected.clone() {
                    return (
                        self.run(db, move |v| {
                            v.update_user(&u, None, None, Some(false))?;
                            Ok(Notice::UserChanged)
                        }),
                        None,
                    );
                }
            }
            Message::Activate => {
                if let Some(u) = self.selected.clone() {
                    return (
                        self.run(db, move |v| {
                            v.update_user(&u, None, None, Some(true))?;
                            Ok(Notice::UserChanged)
                        }),
                        None,
                    );
                }
            }
            Message::UnlockAccount => {
                if let Some(u) = self.selected.clone() {
                    return (
                        self.run(db, move |v| {
                            v.unlock_account(&u)?;
                            Ok(Notice::Unlocked)
                        }),
                        None,
                    );
                }
            }
            Message::ResetPassword(s) => self.reset_password = s,
            Message::ApplyReset => {
                match security::validate_password(&self.reset_password) {
                    Err(CredentialError::PasswordTooShort) => {
                        self.error = Some(t!(
                            l,
                            "error-password-short",
                            min = security::MIN_PASSWORD_CHARS
                        ));
                        return (Task::none(), None);
                    }
                    Err(_) => {
                        self.error = Some(t!(l, "error-password-line"));
                        return (Task::none(), None);
                    }
                    Ok(()) => {}
                }
                if let Some(u) = self.selected.clone() {
                    let p = zeroize::Zeroizing::new(std::mem::take(&mut self.reset_password));
                    return (
                        self.run(db, move |v| {
                            v.reset_password(&u, &p)?;
                            Ok(Notice::PasswordReset)
                        }),
                        None,
                    );
                }
            }
            Message::UnitName(s) => self.unit_name = s,
            Message::UnitKind(k) => self.kind = Some(k),
            Message::Province(p) => self.province = Some(p),
            Message::SaveUnit => {
                if self.unit_name.trim().is_empty() {
                    self.error = Some(t!(l, "setup-error-unit-name"));
                    return (Task::none(), None);
                }
                let unit = Unit {
                    name: self.unit_name.clone(),
                    kind: self
                        .kind
                        .as_ref()
                        .map(|k| k.kind)
                        .unwrap_or(UnitKind::Other),
                    province_code: self.province.as_ref().map(|p| p.code),
                    code: self
                        .data
                        .as_ref()
                        .map(|d| d.unit.code.clone())
                        .unwrap_or_default(),
                };
                return (
                    self.run(db, move |v| {
                        v.update_unit(&unit)?;
                        Ok(Notice::UnitSaved)
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
                    self.error = Some(t!(l, "admin-autolock-range"));
                    return (Task::none(), None);
                };
                return (
                    self.run(db, move |v| {
                        v.set_setting("auto_lock_minutes", &m.to_string())?;
                        Ok(Notice::AutoLockSaved(m))
                    }),
                    None,
                );
            }
            Message::Done(Ok(notice)) => {
                self.busy = false;
                self.notice = Some(match &notice {
                    Notice::UserCreated => {
                        self.new_username.clear();
                        self.new_display.clear();
                        t!(l, "admin-user-created")
                    }
                    Notice::UserChanged => t!(l, "admin-user-changed"),
                    Notice::PasswordReset => t!(l, "admin-password-reset"),
                    Notice::Unlocked => t!(l, "admin-account-unlocked"),
                    Notice::UnitSaved => t!(l, "admin-unit-saved"),
                    Notice::AutoLockSaved(_) => t!(l, "admin-autolock-saved"),
                });
                let event = match notice {
                    Notice::AutoLockSaved(m) => Some(Event::AutoLockChanged(m)),
                    Notice::UnitSaved => self.data.as_ref().map(|d| {
                        Event::UnitChanged(Unit {
                            name: crate::domain::text::clean_line(&self.unit_name),
                            kind: self.kind.as_ref().map(|k| k.kind).unwrap_or(d.unit.kind),
                            province_code: self.province.as_ref().map(|p| p.code),
                            code: d.unit.code.clone(),
                        })
                    }),
                    _ => None,
                };
                return (self.load(db), event);
            }
            Message::Done(Err(e)) => {
                self.busy = false;
                self.error = Some(e.message(l));
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let mut c = column![widgets::title(t!(l, "nav-admin"))].spacing(16);
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        if let Some(n) = &self.notice {
            c = c.push(widgets::banner(Banner::Success, n.clone()));
        }
        let Some(data) = &self.data else {
            return c.push(text(t!(l, "loading"))).padding(24).into();
        };

        // Users.
        let mut users = column![
            widgets::section(t!(l, "admin-users")),
            row![
                text(t!(l, "field-username"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text(t!(l, "field-display-name"))
                    .width(Length::FillPortion(3))
                    .font(theme::SEMIBOLD),
                text(t!(l, "field-role"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text(t!(l, "field-status"))
                    .width(Length::FillPortion(3))
                    .font(theme::SEMIBOLD),
            ]
            .spacing(8)
            .padding([4, 8]),
        ]
        .spacing(4);
        for (i, u) in data.users.iter().enumerate() {
            let status = if !u.active {
                t!(l, "status-deactivated")
            } else if u.hard_locked {
                t!(l, "status-hard-locked")
            } else if u.failures > 0 {
                t!(l, "status-failures", count = u.failures)
            } else {
                t!(l, "status-active")
            };
            let selected = self.selected.as_ref() == Some(&u.username);
            users = users.push(
                button(
                    row![
                        text(u.username.clone()).width(Length::FillPortion(2)),
                        text(u.display_name.clone()).width(Length::FillPortion(3)),
                        text(role_label(l, u.role)).width(Length::FillPortion(2)),
                        text(status).width(Length::FillPortion(3)),
                    ]
                    .spacing(8),
                )
                .width(Length::Fill)
                .padding([6, 8])
                .style(theme::nav(selected))
                .on_press(Message::Select(u.username.clone())),
            );
            if selected {
                users = users.push(self.view_user_actions(u, l, i));
            }
        }
        c = c.push(container(users.padding(12)).style(theme::card));

        // New user.
        c = c.push(
            container(
                column![
                    widgets::section(t!(l, "admin-new-user")),
                    row![
                        widgets::field(
                            t!(l, "field-username"),
                            text_input("", &self.new_username)
                                .id(ID_NEW_USERNAME)
                                .on_input(Message::NewUsername)
                                .padding(8),
                            None
                        ),
                        widgets::field(
                            t!(l, "field-display-name"),
                            text_input("", &self.new_display)
                                .on_input(Message::NewDisplay)
                                .padding(8),
                            None
                        ),
                        widgets::field(
                            t!(l, "field-role"),
                            pick_list(role_options(l), self.new_role.clone(), Message::NewRole)
                                .padding(8),
                            None
                        ),
                    ]
                    .spacing(12),
                    row![
                        widgets::field(
                            t!(l, "field-password"),
                            text_input("", &self.new_password)
                                .secure(true)
                                .on_input(Message::NewPassword)
                                .padding(8),
                            None
                        ),
                        widgets::field(
                            t!(l, "field-password-confirm"),
                            text_input("", &self.new_confirm)
                                .secure(true)
                                .on_input(Message::NewConfirm)
                                .on_submit(Message::CreateUser)
                                .padding(8),
                            None
                        ),
                    ]
                    .spacing(12),
                    row![
                        widgets::hspace(),
                        button(text(t!(l, "admin-create-user")))
                            .on_press_maybe((!self.busy).then_some(Message::CreateUser))
                            .style(button::primary)
                            .padding([8, 16])
                    ],
                ]
                .spacing(10)
                .padding(12),
            )
            .style(theme::card),
        );

        // Unit and auto-lock.
        c = c.push(
            container(
                column![
                    widgets::section(t!(l, "admin-unit")),
                    widgets::field(
                        t!(l, "setup-unit-name"),
                        text_input("", &self.unit_name)
                            .on_input(Message::UnitName)
                            .padding(8),
                        None
                    ),
                    row![
                        widgets::field(
                            t!(l, "setup-unit-kind"),
                            combo_box(&self.kinds, "", self.kind.as_ref(), Message::UnitKind)
                                .padding(8),
                            None
                        ),
                        widgets::field(
                            t!(l, "setup-province"),
                            combo_box(
                                &self.provinces,
                                "",
                                self.province.as_ref(),
                                Message::Province
                            )
                            .padding(8),
                            None
                        ),
                    ]
                    .spacing(12),
                    row![
                        widgets::hspace(),
                        button(text(t!(l, "action-save")))
                            .on_press_maybe((!self.busy).then_some(Message::SaveUnit))
                            .style(button::primary)
                            .padding([8, 16])
                    ],
                    widgets::section(t!(l, "admin-autolock")),
                    row![
                        text_input("5", &self.auto_lock)
                            .on_input(Message::AutoLock)
                            .on_submit(Message::SaveAutoLock)
                            .padding(8)
                            .width(Length::Fixed(80.0)),
                        text(t!(l, "admin-autolock-unit")),
                        widgets::hspace(),
                        button(text(t!(l, "action-save")))
                            .on_press_maybe((!self.busy).then_some(Message::SaveAutoLock))
                            .style(button::primary)
                            .padding([8, 16])
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                    text(t!(l, "admin-autolock-hint", minutes = data.auto_lock))
                        .size(13)
                        .style(theme::muted),
                ]
                .spacing(10)
                .padding(12),
            )
            .style(theme::card),
        );
        scrollable(c.padding(24)).height(Length::Fill).into()
    }

    fn view_user_actions<'a>(&'a self, u: &'a UserRow, l: Lang, _i: usize) -> Element<'a, Message> {
        let mut actions = row![
            pick_list(role_options(l), self.sel_role.clone(), Message::SetRole).padding(6),
            button(text(t!(l, "admin-apply-role")))
                .on_press(Message::ApplyRole)
                .style(button::secondary)
                .padding([6, 12]),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        if u.hard_locked || u.failures > 0 {
            actions = actions.push(
                button(text(t!(l, "admin-unlock-account")))
                    .on_press(Message::UnlockAccount)
                    .style(button::secondary)
                    .padding([6, 12]),
            );
        }
        if u.active {
            actions = actions.push(if self.confirm_deactivate {
                button(text(t!(l, "admin-confirm-deactivate")))
                    .on_press(Message::ConfirmDeactivate)
                    .style(button::danger)
                    .padding([6, 12])
            } else {
                button(text(t!(l, "admin-deactivate")))
                    .on_press(Message::AskDeactivate)
                    .style(button::secondary)
                    .padding([6, 12])
            });
        } else {
            actions = actions.push(
                button(text(t!(l, "admin-activate")))
                    .on_press(Message::Activate)
                    .style(button::secondary)
                    .padding([6, 12]),
            );
        }
        let reset = row![
            text_input(&t!(l, "admin-reset-placeholder"), &self.reset_password)
                .secure(true)
                .on_input(Message::ResetPassword)
                .on_submit(Message::ApplyReset)
                .padding(6)
                .width(Length::Fixed(260.0)),
            button(text(t!(l, "admin-reset-password")))
                .on_press(Message::ApplyReset)
                .style(button::secondary)
                .padding([6, 12]),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        container(column![actions, reset].spacing(8))
            .padding([8, 16])
            .into()
    }
}

impl Default for Admin {
    fn default() -> Self {
        Admin::new(Lang::Vi)
    }
}

pub fn focus_new_user<T>() -> Task<T> {
    operation::focus(Id::new(ID_NEW_USERNAME))
}

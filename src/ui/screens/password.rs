//! Changing one's own password (forced after an administrator's reset).

use iced::widget::{Id, column, container, operation, row, text};
use iced::{Element, Length, Task};

use crate::domain::security::{self, CredentialError};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::{Session, wipe};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};

pub const ID_OLD: &str = "pw-old";
pub const ID_NEW: &str = "pw-new";
pub const ID_CONFIRM: &str = "pw-confirm";

#[derive(Debug, Clone)]
pub enum Message {
    Old(String),
    New(String),
    Confirm(String),
    Submit,
    Cancel,
    Done(UiResult<()>),
}

pub enum Event {
    Changed,
    Cancelled,
}

pub struct ChangePassword {
    pub forced: bool,
    old: String,
    new: String,
    confirm: String,
    notice: Option<Notice>,
    busy: bool,
}

impl ChangePassword {
    pub fn new(forced: bool) -> (ChangePassword, Task<Message>) {
        (
            ChangePassword {
                forced,
                old: String::new(),
                new: String::new(),
                confirm: String::new(),
                notice: None,
                busy: false,
            },
            operation::focus(Id::new(ID_OLD)),
        )
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        match message {
            Message::Old(s) => self.old = s,
            Message::New(s) => self.new = s,
            Message::Confirm(s) => self.confirm = s,
            Message::Cancel if !self.forced => return (Task::none(), Some(Event::Cancelled)),
            Message::Cancel => {}
            Message::Submit => {
                if self.busy {
                    return (Task::none(), None);
                }
                self.notice = match security::validate_password(&self.new) {
                    Err(CredentialError::PasswordTooShort) => {
                        Some(Notice::PasswordShort(security::MIN_PASSWORD_CHARS))
                    }
                    Err(_) => Some(Notice::PasswordLine),
                    Ok(()) if self.new != self.confirm => Some(Notice::PasswordMismatch),
                    Ok(()) if self.new == self.old => Some(Notice::PasswordSame),
                    Ok(()) => None,
                };
                if self.notice.is_some() {
                    return (operation::focus(Id::new(ID_NEW)), None);
                }
                self.busy = true;
                let old = zeroize::Zeroizing::new(std::mem::take(&mut self.old));
                let new = zeroize::Zeroizing::new(std::mem::take(&mut self.new));
                wipe(&mut self.confirm);
                return (
                    session
                        .db
                        .task(move |v| v.change_own_password(&old, &new), Message::Done),
                    None,
                );
            }
            Message::Done(Ok(())) => {
                self.busy = false;
                return (Task::none(), Some(Event::Changed));
            }
            Message::Done(Err(e)) => {
                self.busy = false;
                self.notice = Some(match e {
                    UiError::WrongCredentials { .. } => Notice::PasswordOldWrong,
                    e => Notice::Error(e),
                });
                return (operation::focus(Id::new(ID_OLD)), None);
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let mut c = column![widgets::title(t!(l, "password-title"))].spacing(12);
        if self.forced {
            c = c.push(widgets::banner(Banner::Warning, t!(l, "password-forced")));
        }
        c = c.push(widgets::slot(
            self.notice
                .as_ref()
                .map(|n| widgets::banner(n.kind(), n.text(l))),
        ));
        let mut actions = row![widgets::hspace()].spacing(8);
        if !self.forced {
            actions = actions.push(btn(
                t!(l, "action-cancel"),
                Kind::Secondary,
                Some(Message::Cancel),
            ));
        }
        actions = actions.push(btn(
            t!(l, "password-submit"),
            Kind::Primary,
            (!self.busy).then_some(Message::Submit),
        ));
        let fields: [widgets::Secret<'_, Message>; 3] = [
            (t!(l, "field-old-password"), ID_OLD, &self.old, Message::Old),
            (t!(l, "field-new-password"), ID_NEW, &self.new, Message::New),
            (
                t!(l, "field-password-confirm"),
                ID_CONFIRM,
                &self.confirm,
                Message::Confirm,
            ),
        ];
        c = c
            .extend(widgets::secrets(fields, Message::Submit, |_| None))
            .push(
                text(t!(
                    l,
                    "setup-password-hint",
                    min = security::MIN_PASSWORD_CHARS
                ))
                .size(13)
                .style(theme::muted),
            )
            .push(actions);
        container(container(c.padding(24).width(Length::Fixed(460.0))).style(theme::card))
            .center_x(Length::Fill)
            .padding(24)
            .into()
    }
}

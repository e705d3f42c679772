//! Restore from a backup, before sign-in (from the lock screen or the first
//! run on a new laptop). The backup is checked first; when the vault here is
//! newer, the screen names what would be lost and needs a confirmation; the
//! replaced vault is kept aside, never deleted.

use std::path::PathBuf;

use iced::widget::{Id, column, container, operation, row, text};
use iced::{Element, Length, Task};
use zeroize::Zeroizing;

use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::wipe;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::folder::{self, Folder};
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::backup::{self, RestorePlan, Target};

pub const ID_FOLDER: &str = "restore-folder";
pub const ID_USERNAME: &str = "restore-username";
pub const ID_PASSWORD: &str = "restore-password";

#[derive(Debug, Clone)]
pub enum Message {
    Folder(folder::Message),
    Username(String),
    Password(String),
    Check,
    Checked(UiResult<RestorePlan>),
    Confirm(bool),
    Restore,
    Restored(UiResult<Option<PathBuf>>),
    Back,
}

pub enum Event {
    /// Back to the lock screen or setup (after a restore too).
    Leave,
}

pub struct Restore {
    target: PathBuf,
    lang: Lang,
    folder: Folder,
    username: String,
    password: String,
    plan: Option<RestorePlan>,
    confirmed: bool,
    busy: bool,
    notice: Option<Notice>,
    done: Option<Option<PathBuf>>,
}

impl Restore {
    pub fn new(target: PathBuf, lang: Lang) -> (Restore, Task<Message>) {
        (
            Restore {
                target,
                lang,
                folder: Folder::new(
                    ID_FOLDER,
                    |l| t!(l, "restore-folder"),
                    |l| t!(l, "restore-folder-hint"),
                ),
                username: String::new(),
                password: String::new(),
                plan: None,
                confirmed: false,
                busy: false,
                notice: None,
                done: None,
            },
            operation::focus(Id::new(ID_FOLDER)),
        )
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    fn reset_plan(&mut self) {
        self.plan = None;
        self.confirmed = false;
        self.notice = None;
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Folder(m) => {
                let (task, changed) = self.folder.update(m, &mut self.notice);
                if changed {
                    self.reset_plan();
                }
                return (task.map(Message::Folder), None);
            }
            Message::Check => {
                if self.folder.path().is_empty() {
                    self.notice = Some(Notice::BackupNoFolder);
                    return (Task::none(), None);
                }
                if self.username.trim().is_empty() || self.password.is_empty() {
                    self.notice = Some(Notice::RestoreCredentials);
                    return (Task::none(), None);
                }
                self.busy = true;
                self.notice = None;
                let folder = PathBuf::from(self.folder.path());
                let target = self.target.clone();
                let user = self.username.clone();
                let pass = Zeroizing::new(self.password.clone());
                return (
                    jobs::blocking(
                        move || {
                            backup::plan_restore(&folder, &target, &user, &pass)
                                .map_err(UiError::from)
                        },
                        Message::Checked,
                    ),
                    None,
                );
            }
            Message::Checked(r) => {
                if let Some(plan) = widgets::settle(&mut self.busy, &mut self.notice, r) {
                    self.plan = Some(plan);
                }
            }
            Message::Confirm(b) => self.confirmed = b,
            Message::Restore => {
                let Some(plan) = self.plan.clone() else {
                    return (Task::none(), None);
                };
                let newer = matches!(plan.state, Target::SameNewer(_));
                if newer && !self.confirmed {
                    self.notice = Some(Notice::RestoreConfirm);
                    return (Task::none(), None);
                }
                self.busy = true;
                self.notice = None;
                let user = self.username.clone();
                let pass = Zeroizing::new(self.password.clone());
                return (
                    jobs::blocking(
                        move || {
                            backup::restore(&plan, &user, &pass, newer, chrono::Utc::now())
                                .map(|r| r.replaced_kept_at)
                                .map_err(UiError::from)
                        },
                        Message::Restored,
                    ),
                    None,
                );
            }
            Message::Restored(r) => {
                if let Some(kept) = widgets::settle(&mut self.busy, &mut self.notice, r) {
                    wipe(&mut self.password);
                    self.done = Some(kept);
                }
            }
            Message::Back => {
                wipe(&mut self.password);
                return (Task::none(), Some(Event::Leave));
            }
            edit => self.edit(edit),
        }
        (Task::none(), None)
    }

    /// What the backup is checked with changed: it must be checked again.
    fn edit(&mut self, message: Message) {
        match message {
            Message::Username(s) => self.username = s,
            Message::Password(s) => self.password = s,
            // Handled in `update`.
            _ => return,
        }
        self.reset_plan();
    }

    fn view_plan(&self, plan: &RestorePlan) -> Element<'_, Message> {
        let l = self.lang;
        let m = &plan.manifest;
        let mut c = column![
            widgets::section(t!(l, "restore-backup-section")),
            widgets::kv(
                t!(l, "restore-backup-date"),
                crate::clock::local(m.created_at)
                    .format("%d/%m/%Y %H:%M")
                    .to_string()
            ),
            widgets::kv(t!(l, "restore-backup-cases"), m.cases.to_string()),
            widgets::kv(t!(l, "restore-backup-by"), m.created_by.clone()),
            widgets::banner(Banner::Success, t!(l, "restore-check-ok")),
        ]
        .spacing(8);
        match &plan.state {
            Target::Empty => {
                c = c.push(text(t!(l, "restore-target-empty")).size(14));
            }
            Target::SameNotNewer => {
                c = c.push(text(t!(l, "restore-target-same")).size(14));
            }
            Target::SameNewer(loss) => {
                c = c.push(widgets::banner(
                    Banner::Warning,
                    t!(
                        l,
                        "restore-loss",
                        added = loss.cases_added,
                        changed = loss.cases_changed,
                        screenings = loss.screenings,
                        referrals = loss.referrals,
                        events = loss.audit_events,
                        newest = loss
                            .newest
                            .as_deref()
                            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                            .map(|d| {
                                crate::clock::local(d.with_timezone(&chrono::Utc))
                                    .format("%d/%m/%Y %H:%M")
                                    .to_string()
                            })
                            .unwrap_or_default()
                    ),
                ));
                c = c.push(widgets::check(
                    t!(l, "restore-confirm-loss"),
                    self.confirmed,
                    Some(Message::Confirm),
                ));
            }
        }
        c.into()
    }

    pub fn view(&self, phase: f32) -> Element<'_, Message> {
        let l = self.lang;
        let mut content =
            widgets::intro(t!(l, "restore-title"), t!(l, "restore-intro")).spacing(10);
        content = content.push(widgets::notice(l, self.notice.as_ref()));
        if let Some(kept) = &self.done {
            content = content.push(widgets::banner(Banner::Success, t!(l, "restore-done")));
            if let Some(k) = kept {
                content = content
                    .push(text(t!(l, "restore-kept", folder = k.display().to_string())).size(13));
            }
            let to_login = btn(
                t!(l, "restore-to-login"),
                Kind::Primary,
                Some(Message::Back),
            );
            content = content.push(widgets::at_end(to_login));
        } else {
            content = content.push(self.folder.view(l, self.busy, Message::Folder, None));
            let user = widgets::entry(
                "",
                ID_USERNAME,
                &self.username,
                Message::Username,
                Message::Check,
            );
            let label = t!(l, "restore-admin-username");
            content = content.push(widgets::field(label, true, user, None));
            let password: [widgets::Secret<'_, Message>; 1] = [(
                t!(l, "field-password"),
                ID_PASSWORD,
                &self.password,
                Message::Password,
            )];
            content = content.push(column(widgets::secrets(password, Message::Check, |_| None)));
            if let Some(plan) = &self.plan {
                content = content.push(self.view_plan(plan));
            }
            let action = if self.busy {
                widgets::working(phase, t!(l, "restore-working"))
            } else {
                let (label, msg) = match &self.plan {
                    None => (t!(l, "restore-check"), Some(Message::Check)),
                    Some(p) => (
                        t!(l, "restore-start"),
                        (!matches!(p.state, Target::SameNewer(_)) || self.confirmed)
                            .then_some(Message::Restore),
                    ),
                };
                row![
                    btn(t!(l, "action-back"), Kind::Secondary, Some(Message::Back)),
                    widgets::hspace(),
                    btn(
                        label,
                        if self.plan.is_some() {
                            Kind::Danger
                        } else {
                            Kind::Primary
                        },
                        msg
                    ),
                ]
                .into()
            };
            content = content.push(action);
        }
        // Scrolls when the window is too small for the whole form.
        iced::widget::scrollable(
            container(
                container(content.padding(20).width(Length::Fixed(620.0))).style(theme::card),
            )
            .center_x(Length::Fill)
            .padding(12),
        )
        .height(Length::Fill)
        .into()
    }
}

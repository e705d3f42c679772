//! Backup (every role): when the last backup was made, a backup now to a
//! chosen folder (a USB stick), and the reminder period (administrators).
//! Restoring happens before sign-in, from the lock screen (`restore.rs`).

use std::path::PathBuf;

use chrono::{DateTime, Local, Utc};
use iced::widget::{Id, button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Db, UiResult};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;

pub const ID_DEST: &str = "backup-destination";

#[derive(Debug, Clone)]
pub struct Status {
    pub last: Option<DateTime<Utc>>,
    pub reminder_days: u32,
    pub due: bool,
}

#[derive(Debug, Clone)]
pub struct Made {
    pub folder: PathBuf,
    pub cases: i64,
    pub bytes: u64,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<Status>),
    Destination(String),
    Choose,
    Chosen(Option<PathBuf>),
    Start,
    Finished(UiResult<Made>),
    ReminderDays(String),
    SaveReminder,
    ReminderSaved(UiResult<u32>),
}

pub enum Event {
    /// A backup was made: the shell's reminder goes away.
    BackedUp,
    /// The reminder setting changed; whether one is due now.
    ReminderChanged(bool),
}

pub struct Backup {
    status: Option<Status>,
    destination: String,
    reminder: String,
    busy: bool,
    error: Option<String>,
    done: Option<Made>,
    notice: Option<String>,
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%d/%m/%Y %H:%M").to_string()
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

impl Default for Backup {
    fn default() -> Self {
        Self::new()
    }
}

impl Backup {
    pub fn new() -> Backup {
        Backup {
            status: None,
            destination: String::new(),
            reminder: String::new(),
            busy: false,
            error: None,
            done: None,
            notice: None,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn load(&mut self, db: &Db) -> Task<Message> {
        db.task(
            |v| {
                let now = Utc::now();
                Ok(Status {
                    last: v.last_backup_at(),
                    reminder_days: v.backup_reminder_days(),
                    due: v.backup_due(now),
                })
            },
            Message::Loaded,
        )
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        lang: Lang,
        is_admin: bool,
    ) -> (Task<Message>, Option<Event>) {
        let l = lang;
        match message {
            Message::Load => return (self.load(db), None),
            Message::Loaded(Ok(s)) => {
                self.reminder = s.reminder_days.to_string();
                self.status = Some(s);
            }
            Message::Loaded(Err(e)) => self.error = Some(e.message(l)),
            Message::Destination(s) => {
                self.destination = s;
                self.error = None;
            }
            Message::Choose => {
                return (crate::ui::print::choose_folder().map(Message::Chosen), None);
            }
            Message::Chosen(Some(p)) => {
                self.destination = p.display().to_string();
                self.error = None;
            }
            Message::Chosen(None) => {}
            Message::Start => {
                let dest = PathBuf::from(self.destination.trim());
                if self.destination.trim().is_empty() {
                    self.error = Some(t!(l, "backup-error-no-folder"));
                    return (Task::none(), None);
                }
                if !dest.is_dir() {
                    self.error = Some(t!(l, "backup-error-not-folder"));
                    return (Task::none(), None);
                }
                self.busy = true;
                self.error = None;
                self.done = None;
                self.notice = None;
                return (
                    db.task(
                        move |v| {
                            let d = v.backup(&dest, Utc::now())?;
                            Ok(Made {
                                folder: d.folder,
                                cases: d.manifest.cases,
                                bytes: d.bytes,
                            })
                        },
                        Message::Finished,
                    ),
                    None,
                );
            }
            Message::Finished(r) => {
                self.busy = false;
                match r {
                    Ok(made) => {
                        self.done = Some(made);
                        return (self.load(db), Some(Event::BackedUp));
                    }
                    Err(e) => self.error = Some(e.message(l)),
                }
            }
            Message::ReminderDays(s) => {
                if s.chars().all(|c| c.is_ascii_digit()) && s.len() <= 3 {
                    self.reminder = s;
                }
            }
            Message::SaveReminder => {
                if !is_admin {
                    return (Task::none(), None);
                }
                let Ok(days) = self.reminder.trim().parse::<u32>() else {
                    self.error = Some(t!(l, "backup-error-days"));
                    return (Task::none(), None);
                };
                if days > 365 {
                    self.error = Some(t!(l, "backup-error-days"));
                    return (Task::none(), None);
                }
                self.error = None;
                return (
                    db.task(
                        move |v| {
                            v.set_setting(
                                crate::vault::backup::REMINDER_DAYS_KEY,
                                &days.to_string(),
                            )?;
                            Ok(days)
                        },
                        Message::ReminderSaved,
                    ),
                    None,
                );
            }
            Message::ReminderSaved(Ok(days)) => {
                self.notice = Some(if days == 0 {
                    t!(l, "backup-reminder-off")
                } else {
                    t!(l, "backup-reminder-saved", days = days)
                });
                let due = self.status.as_ref().is_some_and(|s| match s.last {
                    Some(t) => days > 0 && Utc::now() - t > chrono::Duration::days(days as i64),
                    None => days > 0 && s.due,
                });
                return (self.load(db), Some(Event::ReminderChanged(due)));
            }
            Message::ReminderSaved(Err(e)) => self.error = Some(e.message(l)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang, is_admin: bool, phase: f32) -> Element<'_, Message> {
        let l = lang;
        let mut content = column![widgets::title(t!(l, "backup-title"))].spacing(14);
        content = content.push(text(t!(l, "backup-intro")).size(14));
        if let Some(e) = &self.error {
            content = content.push(widgets::banner(Banner::Error, e.clone()));
        }
        if let Some(n) = &self.notice {
            content = content.push(widgets::banner(Banner::Success, n.clone()));
        }
        if let Some(s) = &self.status {
            let last = match s.last {
                Some(t) => local(t),
                None => t!(l, "backup-never"),
            };
            content = content.push(widgets::kv(t!(l, "backup-last"), last));
            if s.due {
                content = content.push(widgets::banner(
                    Banner::Warning,
                    t!(l, "backup-due", days = s.reminder_days),
                ));
            }
        }
        if let Some(d) = &self.done {
            content = content.push(widgets::banner(
                Banner::Success,
                t!(
                    l,
                    "backup-done",
                    folder = d.folder.display().to_string(),
                    cases = d.cases,
                    size = size(d.bytes)
                ),
            ));
        }
        content = content.push(widgets::section(t!(l, "backup-now")));
        content = content.push(widgets::field(
            t!(l, "backup-destination"),
            row![
                text_input(&t!(l, "backup-destination-hint"), &self.destination)
                    .id(Id::new(ID_DEST))
                    .on_input(Message::Destination)
                    .on_submit(Message::Start)
                    .padding(8),
                button(text(t!(l, "backup-choose")))
                    .on_press_maybe((!self.busy).then_some(Message::Choose))
                    .style(button::secondary)
                    .padding([8, 12]),
            ]
            .spacing(8),
            None,
        ));
        content = content.push(if self.busy {
            Element::from(
                row![
                    widgets::spinner(phase),
                    text(t!(l, "backup-working")).size(14)
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            )
        } else {
            row![
                button(text(t!(l, "backup-start")))
                    .on_press(Message::Start)
                    .style(button::primary)
                    .padding([8, 20])
            ]
            .into()
        });
        content = content.push(text(t!(l, "backup-what")).size(13).style(theme::muted));
        content = content.push(widgets::section(t!(l, "backup-reminder")));
        if is_admin {
            content = content.push(
                row![
                    text_input("7", &self.reminder)
                        .on_input(Message::ReminderDays)
                        .on_submit(Message::SaveReminder)
                        .width(Length::Fixed(80.0))
                        .padding(8),
                    text(t!(l, "backup-reminder-days")).size(14),
                    button(text(t!(l, "action-save")))
                        .on_press(Message::SaveReminder)
                        .style(button::secondary)
                        .padding([8, 12]),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        } else if let Some(s) = &self.status {
            content = content
                .push(text(t!(l, "backup-reminder-readonly", days = s.reminder_days)).size(14));
        }
        content = content.push(
            text(t!(l, "backup-restore-hint"))
                .size(13)
                .style(theme::muted),
        );
        scrollable(container(content.padding(24).max_width(820)))
            .height(Length::Fill)
            .into()
    }
}

//! Backup (every role): when the last backup was made, a backup now to a
//! chosen folder (a USB stick), and the reminder period (administrators).
//! Restoring happens before sign-in, from the lock screen (`restore.rs`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use iced::widget::{column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::theme::Banner;
use crate::ui::widgets::folder::{self, Folder};
use crate::ui::widgets::{self, Kind, btn};

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
    Destination(folder::Message),
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
    destination: Folder,
    reminder: String,
    busy: bool,
    done: Option<Made>,
    notice: Option<Notice>,
}

fn local(t: DateTime<Utc>) -> String {
    crate::clock::local(t).format("%d/%m/%Y %H:%M").to_string()
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
            destination: Folder::new(
                ID_DEST,
                |l| t!(l, "backup-destination"),
                |l| t!(l, "backup-destination-hint"),
            ),
            reminder: String::new(),
            busy: false,
            done: None,
            notice: None,
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn load(&mut self, session: &Session) -> Task<Message> {
        session.db.task(
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

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        let db = &session.db;
        let is_admin = session.user.role.can_administer();
        match message {
            Message::Load => return (self.load(session), None),
            Message::Loaded(Ok(s)) => {
                self.reminder = s.reminder_days.to_string();
                self.status = Some(s);
            }
            Message::Loaded(Err(e)) | Message::ReminderSaved(Err(e)) => {
                self.notice = Some(Notice::Error(e))
            }
            Message::Destination(m) => {
                let (task, changed) = self.destination.update(m, &mut self.notice);
                if changed {
                    self.notice = None;
                }
                return (task.map(Message::Destination), None);
            }
            Message::Start => {
                let dest = PathBuf::from(self.destination.path());
                if self.destination.path().is_empty() {
                    self.notice = Some(Notice::BackupNoFolder);
                    return (Task::none(), None);
                }
                if !dest.is_dir() {
                    self.notice = Some(Notice::BackupNotFolder);
                    return (Task::none(), None);
                }
                self.busy = true;
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
                        return (self.load(session), Some(Event::BackedUp));
                    }
                    Err(e) => self.notice = Some(Notice::Error(e)),
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
                let Some(days) = self
                    .reminder
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|d| *d <= 365)
                else {
                    self.notice = Some(Notice::BackupDays);
                    return (Task::none(), None);
                };
                self.notice = None;
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
                self.notice = Some(Notice::BackupReminderSaved(days));
                let due = self.status.as_ref().is_some_and(|s| match s.last {
                    Some(t) => days > 0 && Utc::now() - t > chrono::Duration::days(days as i64),
                    None => days > 0 && s.due,
                });
                return (self.load(session), Some(Event::ReminderChanged(due)));
            }
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang, is_admin: bool, phase: f32) -> Element<'_, Message> {
        let l = lang;
        let mut content = column![widgets::title(t!(l, "backup-title"))].spacing(14);
        content = content.push(text(t!(l, "backup-intro")).size(14));
        content = content.push(widgets::notice(l, self.notice.as_ref()));
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
        let start = Some(Message::Start);
        content = content.push(
            self.destination
                .view(l, self.busy, Message::Destination, start),
        );
        content = content.push(if self.busy {
            widgets::working(phase, t!(l, "backup-working"))
        } else {
            btn(t!(l, "backup-start"), Kind::Primary, Some(Message::Start))
        });
        content = content.push(widgets::hint(t!(l, "backup-what")));
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
                    widgets::save(l, Some(Message::SaveReminder)),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        } else if let Some(s) = &self.status {
            content = content
                .push(text(t!(l, "backup-reminder-readonly", days = s.reminder_days)).size(14));
        }
        content = content.push(widgets::hint(t!(l, "backup-restore-hint")));
        scrollable(container(content.padding(24).max_width(820)))
            .height(Length::Fill)
            .into()
    }
}

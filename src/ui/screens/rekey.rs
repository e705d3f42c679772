//! A re-key of the vault as the administrator sees it: deactivating a user,
//! taking a role away, resetting a password or renewing the recovery code
//! gives the database a new key, which at 200,000 cases takes many seconds.
//! The work runs on the blocking pool; its progress comes back as messages
//! (stage and fraction), and afterwards the new recovery code is shown ONCE,
//! printable on the recovery sheet, until the administrator hides it.

use iced::futures::{SinkExt, StreamExt};
use iced::widget::{column, container, progress_bar, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{UiError, UiResult};
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::print;
use crate::ui::session::{Secret, Session};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::rekey::{Progress, RekeyProgress, RekeyStage, Rekeyed};
use crate::vault::{Result as VaultResult, Vault};

/// What a finished administration step gives back.
#[derive(Debug, Clone)]
pub struct Outcome<D> {
    pub done: D,
    /// The new recovery code, when the step re-keyed the vault.
    pub code: Option<Secret>,
    /// Users who must be given a new password (old account format).
    pub need_new_password: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Message<D> {
    Progress(RekeyProgress),
    Finished(UiResult<Outcome<D>>),
    Print,
    Printed(UiResult<print::Done>),
    Hide,
}

pub struct Rekey {
    /// A re-key under way: where it is.
    pub running: Option<RekeyProgress>,
    code: Option<Secret>,
    need_new_password: Vec<String>,
    notice: Option<Notice>,
}

/// Run an administration step that may re-key, off the UI thread, with its progress.
pub fn start<D, F>(session: &Session, f: F) -> Task<Message<D>>
where
    D: Clone + Send + 'static,
    F: FnOnce(&mut Vault, Progress<'_>) -> VaultResult<(D, Option<Rekeyed>)> + Send + 'static,
{
    let db = session.db.clone();
    Task::run(
        iced::stream::channel(
            32,
            async move |mut out: iced::futures::channel::mpsc::Sender<Message<D>>| {
                let (tx, mut rx) = iced::futures::channel::mpsc::unbounded::<Message<D>>();
                let work = tokio::task::spawn_blocking(move || {
                    let sender = std::sync::Mutex::new(tx.clone());
                    let progress = move |p: RekeyProgress| {
                        if let Ok(s) = sender.lock() {
                            let _ = s.unbounded_send(Message::Progress(p));
                        }
                    };
                    let r = db.with(|v| f(v, &progress)).map(|(done, rk)| Outcome {
                        done,
                        need_new_password: rk
                            .as_ref()
                            .map(|r| r.need_new_password.clone())
                            .unwrap_or_default(),
                        code: rk.map(|r| Secret::new(r.recovery_code)),
                    });
                    let _ = tx.unbounded_send(Message::Finished(r));
                });
                while let Some(m) = rx.next().await {
                    let _ = out.send(m).await;
                }
                if work.await.is_err() {
                    let _ = out
                        .send(Message::Finished(Err(UiError::Other(
                            "background task failed".into(),
                        ))))
                        .await;
                }
            },
        ),
        |m| m,
    )
}

impl Rekey {
    pub fn new() -> Rekey {
        Rekey {
            running: None,
            code: None,
            need_new_password: Vec::new(),
            notice: None,
        }
    }

    /// A step started: the progress shows at once.
    pub fn begin(&mut self) {
        self.running = Some(RekeyProgress {
            stage: RekeyStage::Preparing,
            fraction: 0.0,
        });
        self.notice = None;
    }

    /// Whether a new recovery code is on screen.
    pub fn showing_code(&self) -> bool {
        self.code.is_some()
    }

    /// Handle a message; a finished step's result goes back to the screen.
    pub fn update<D: Clone + Send + 'static>(
        &mut self,
        m: Message<D>,
        session: &Session,
    ) -> (Task<Message<D>>, Option<UiResult<D>>) {
        match m {
            Message::Progress(p) => self.running = Some(p),
            Message::Finished(r) => {
                self.running = None;
                return match r {
                    Ok(o) => {
                        if o.code.is_some() {
                            self.code = o.code;
                            self.need_new_password = o.need_new_password;
                        }
                        (Task::none(), Some(Ok(o.done)))
                    }
                    Err(e) => (Task::none(), Some(Err(e))),
                };
            }
            Message::Print => {
                let Some(code) = self.code.clone() else {
                    return (Task::none(), None);
                };
                let db = session.db.clone();
                return (
                    crate::ui::jobs::blocking(
                        move || {
                            let bytes = db
                                .run(|v| crate::app::documents::recovery_sheet(v, code.expose()))?;
                            print::open_bytes(&bytes)
                        },
                        Message::Printed,
                    ),
                    None,
                );
            }
            Message::Printed(r) => self.notice = Some(print::notice(r)),
            Message::Hide => {
                self.code = None;
                self.need_new_password.clear();
                self.notice = None;
            }
        }
        (Task::none(), None)
    }

    /// The progress while a re-key runs, or the new code once; nothing otherwise.
    pub fn view<D: Clone + 'static>(&self, l: Lang) -> Option<Element<'_, Message<D>>> {
        if let Some(p) = self.running {
            return Some(
                container(
                    column![
                        widgets::section(t!(l, "rekey-title")),
                        text(t!(l, "rekey-help")).size(13).style(theme::muted),
                        progress_bar(0.0..=1.0, p.fraction).girth(12),
                        text(format!(
                            "{} {}%",
                            labels::of(l, p.stage),
                            (p.fraction * 100.0).round() as u32
                        ))
                        .size(14),
                    ]
                    .spacing(8),
                )
                .padding(12)
                .style(theme::card)
                .into(),
            );
        }
        let code = self.code.as_ref()?;
        let mut c = column![
            widgets::section(t!(l, "recovery-new-title")),
            widgets::banner(Banner::Warning, t!(l, "setup-recovery-warning")),
            text(t!(l, "recovery-new-intro")).size(14),
            container(text(code.expose().to_string()).size(28).font(theme::BOLD))
                .padding([14, 18])
                .style(theme::card)
                .center_x(Length::Fill),
        ]
        .spacing(8);
        if !self.need_new_password.is_empty() {
            c = c.push(widgets::banner(
                Banner::Warning,
                t!(
                    l,
                    "rekey-need-password",
                    names = self.need_new_password.join(", ")
                ),
            ));
        }
        if let Some(n) = &self.notice {
            c = c.push(widgets::banner(n.kind(), n.text(l)));
        }
        c = c.push(
            row![
                btn(
                    t!(l, "recovery-print"),
                    Kind::Secondary,
                    Some(Message::Print)
                ),
                widgets::hspace(),
                btn(t!(l, "recovery-hide"), Kind::Primary, Some(Message::Hide)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        Some(container(c).padding(12).style(theme::card).into())
    }
}

impl Default for Rekey {
    fn default() -> Self {
        Rekey::new()
    }
}

//! Drawing the shell: the header, the sidebar, the banners in their fixed
//! places, and what is open.

use iced::widget::{column, container, pick_list, row, text};
use iced::{Alignment, Element, Length};

use super::{Area, Detail, LeaveChoice, Message, Modal, Shell};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::screens::admin;
use crate::ui::theme::{self, Banner, ThemeChoice};
use crate::ui::widgets::{self, Kind, btn};

impl Shell {
    fn view_header(&self, l: Lang, theme_choice: ThemeChoice) -> Element<'_, Message> {
        let user = &self.session.user;
        container(
            row![
                column![
                    text(self.session.unit.name.clone())
                        .size(16)
                        .font(theme::BOLD),
                    text(t!(l, "app-name")).size(12),
                ],
                widgets::hspace(),
                column![
                    text(user.display_name.clone())
                        .size(14)
                        .font(theme::SEMIBOLD),
                    text(format!(
                        "{} · {}",
                        user.username,
                        admin::role_label(l, user.role)
                    ))
                    .size(12),
                ]
                .align_x(Alignment::End),
                pick_list(Lang::ALL.to_vec(), Some(l), Message::Language).padding(6),
                btn(
                    match theme_choice {
                        ThemeChoice::Light => t!(l, "theme-dark"),
                        ThemeChoice::Dark => t!(l, "theme-light"),
                    },
                    Kind::Secondary,
                    Some(Message::ToggleTheme)
                ),
                btn(
                    t!(l, "shell-change-password"),
                    Kind::Secondary,
                    Some(Message::ChangePassword)
                ),
                btn(t!(l, "shell-lock"), Kind::Danger, Some(Message::Lock)),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        )
        .padding([10, 16])
        .width(Length::Fill)
        .style(theme::header)
        .into()
    }

    fn view_leave(&self, l: Lang) -> Element<'_, Message> {
        widgets::banner_with(
            Banner::Warning,
            t!(l, "leave-question"),
            vec![
                btn(
                    t!(l, "leave-keep-draft"),
                    Kind::Primary,
                    Some(Message::Leave(LeaveChoice::KeepDraft)),
                ),
                btn(
                    t!(l, "leave-discard"),
                    Kind::Danger,
                    Some(Message::Leave(LeaveChoice::Discard)),
                ),
                btn(
                    t!(l, "leave-stay"),
                    Kind::Secondary,
                    Some(Message::Leave(LeaveChoice::Stay)),
                ),
            ],
        )
    }

    pub fn view(&self, lang: Lang, theme_choice: ThemeChoice, phase: f32) -> Element<'_, Message> {
        let l = lang;
        let s = &self.session;
        let mut nav = column![].spacing(4);
        for area in Self::areas(s) {
            nav = nav.push(
                widgets::focus(
                    iced::widget::button(text(area.label(l)).size(15))
                        .width(Length::Fill)
                        .padding([8, 12])
                        .style(theme::nav(self.area == area && self.detail.is_none()))
                        .on_press(Message::Nav(area)),
                )
                .on_activate(Message::Nav(area)),
            );
        }
        nav = nav.push(text(t!(l, "shell-lock-hint")).size(12).style(theme::muted));
        let sidebar = container(nav.padding(12))
            .width(Length::Fixed(220.0))
            .height(Length::Fill)
            .style(theme::sidebar);

        let content: Element<'_, Message> = match (&self.modal, &self.detail) {
            (Some(Modal::Password(p)), _) => p.view(l).map(Message::Password),
            (_, Some(Detail::Referral(e, _))) => e.view(s, l).map(Message::Referral),
            (_, Some(Detail::Notice(n, _))) => n.view(l).map(Message::Notice),
            (_, Some(Detail::Interview(i, _))) => i.view(s, l).map(Message::Interview),
            (_, Some(Detail::Case(f))) => f.view(l).map(Message::CaseForm),
            (_, None) => match self.area {
                Area::Cases => self.cases.view(l).map(Message::Cases),
                Area::Batches => self.batches.view(l).map(Message::Batches),
                Area::Screening => self.queue.view(l).map(Message::Queue),
                Area::Referrals => self.referral_list.view(l).map(Message::ReferralList),
                Area::Reports => self.reports.view(l).map(Message::Reports),
                Area::Transfer => self
                    .transfer
                    .view(l, s.user.role.can_administer())
                    .map(Message::Transfer),
                Area::Backup => self
                    .backup
                    .view(l, s.user.role.can_administer(), phase)
                    .map(Message::Backup),
                Area::Admin => self.admin.view(l).map(Message::Admin),
                Area::Audit => self.audit.view(l).map(Message::Audit),
                Area::Privacy => self.privacy.view(s, l).map(Message::Privacy),
            },
        };
        // Each banner has its fixed place (empty when absent), so that one
        // appearing never moves the focus inside the content below it.
        let leave = matches!(&self.modal, Some(Modal::Leave(_))).then(|| self.view_leave(l));
        // A move asked for while the form is written waits for its answer
        // (`Shell::go`): say so, or the click seems lost and is repeated.
        let notice = if self.after_save.is_some() {
            Some(widgets::banner(Banner::Info, t!(l, "leave-after-save")))
        } else {
            self.notice.as_ref().map(|n| {
                widgets::banner_with(
                    n.kind(),
                    n.text(l),
                    vec![btn("×".into(), Kind::Link, Some(Message::DismissNotice))],
                )
            })
        };
        let backup = (self.backup_due && self.area != Area::Backup).then(|| {
            widgets::banner_with(
                Banner::Warning,
                t!(l, "backup-reminder-banner"),
                vec![btn(
                    t!(l, "backup-start"),
                    Kind::Secondary,
                    Some(Message::Nav(Area::Backup)),
                )],
            )
        });
        let alarms = self
            .alarms
            .as_ref()
            .filter(|_| s.user.role.can_supervise())
            .map(|a| {
                let (kind, message) = alarm_text(l, a);
                widgets::banner(kind, message)
            });
        // The result of a print, save or resume goes under the content: a
        // notice appearing never moves the button about to be clicked again.
        let main = column![
            widgets::slot(alarms),
            widgets::slot(leave),
            widgets::slot(backup),
            content,
            widgets::slot(notice),
        ]
        .height(Length::Fill);
        column![
            self.view_header(l, theme_choice),
            row![
                sidebar,
                container(main).width(Length::Fill).height(Length::Fill)
            ]
        ]
        .into()
    }
}

/// The alarms in words: what differs is named; tampering is an error.
pub fn alarm_text(l: Lang, a: &crate::vault::Alarms) -> (Banner, String) {
    let mut parts: Vec<String> = Vec::new();
    let with_lines = |head: String, lines: &[String]| {
        if lines.is_empty() {
            head
        } else {
            format!("{head} ({})", lines.join("; "))
        }
    };
    if !a.state.is_empty() {
        parts.push(with_lines(t!(l, "alarm-state"), &a.state));
    }
    if !a.audit.is_empty() {
        parts.push(with_lines(t!(l, "alarm-audit"), &a.audit));
    }
    if !a.lockout.is_empty() {
        parts.push(with_lines(t!(l, "alarm-lockout"), &a.lockout));
    }
    if a.kdf {
        parts.push(t!(l, "alarm-kdf"));
    }
    if a.rekey_rolled_back {
        parts.push(t!(l, "alarm-rekey-rolled-back"));
    }
    if a.recovery_code_unseen {
        parts.push(t!(l, "alarm-recovery-unseen"));
    }
    if a.recovery_code_outdated {
        parts.push(t!(l, "alarm-recovery-outdated"));
    }
    let tampered = !a.state.is_empty() || !a.audit.is_empty() || !a.lockout.is_empty() || a.kdf;
    (
        if tampered {
            Banner::Error
        } else {
            Banner::Warning
        },
        parts.join(" "),
    )
}

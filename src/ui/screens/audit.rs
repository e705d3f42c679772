//! The audit log (supervisors and administrators): filter by user, action and
//! date; verify the chain. Looking at the log is itself recorded.

use chrono::{DateTime, Local};
use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::audit::action;
use crate::domain::dates;
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::{Db, UiResult};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::audit::{self, AuditFilter, AuditRow, ChainReport};

const PER_PAGE: usize = 50;

#[derive(Debug, Clone)]
pub struct PageData {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: Option<String>,
    label: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<PageData>),
    Actor(Choice),
    Action(Choice),
    From(String),
    To(String),
    Apply,
    Page(usize),
    Verify,
    Verified(UiResult<ChainReport>),
}

pub struct AuditLog {
    data: Option<PageData>,
    actor: Option<String>,
    action: Option<String>,
    from: String,
    to: String,
    page: usize,
    error: Option<String>,
    verify: Option<UiResult<ChainReport>>,
    busy: bool,
}

pub fn action_label(lang: Lang, action: &str) -> String {
    i18n::dynamic(lang, &format!("audit-action-{action}"))
}

/// Every action the app records (for the completeness test of labels).
pub const ACTIONS: &[&str] = &[
    action::VAULT_CREATED,
    action::LOGIN,
    action::LOGIN_FAILED,
    action::LOCK,
    action::RECOVERY_USED,
    action::USER_CREATED,
    action::USER_CHANGED,
    action::PASSWORD_CHANGED,
    action::ACCOUNT_UNLOCKED,
    action::SETTINGS_CHANGED,
    action::INTEGRITY_CHECK,
    action::DRAFT_SAVED,
    action::AUDIT_VIEWED,
    action::BATCH_CREATED,
    action::BATCH_UPDATED,
    action::BATCH_VIEWED,
    action::CASE_CREATED,
    action::CASE_VIEWED,
    action::CASE_UPDATED,
    action::CASE_SEARCHED,
    action::DUPLICATE_LINKED,
    action::DUPLICATE_DISMISSED,
    action::SCREENING_SAVED,
    action::DECISION_RECORDED,
    action::DECISION_APPROVED,
    action::DECISION_RETURNED,
    action::REFERRAL_CREATED,
    action::REFERRAL_UPDATED,
    action::REFERRAL_STATUS,
    action::EXPORT,
    action::PRINT,
    action::REPORT,
    action::BACKUP,
    action::RESTORE,
    action::BUNDLE_EXPORTED,
    action::BUNDLE_IMPORTED,
    action::TRUST_ADDED,
    action::CONFLICT_SETTLED,
];

pub fn format_ts(ts: &str) -> String {
    DateTime::parse_from_rfc3339(ts)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| ts.to_string())
}

impl AuditLog {
    pub fn new() -> AuditLog {
        AuditLog {
            data: None,
            actor: None,
            action: None,
            from: String::new(),
            to: String::new(),
            page: 0,
            error: None,
            verify: None,
            busy: false,
        }
    }

    fn filter(&self) -> Result<AuditFilter, String> {
        let conv = |s: &str| -> Result<Option<String>, ()> {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                dates::parse_dmy(s)
                    .map(|d| Some(d.format("%Y-%m-%d").to_string()))
                    .map_err(|_| ())
            }
        };
        Ok(AuditFilter {
            actor: self.actor.clone(),
            action: self.action.clone(),
            from: conv(&self.from).map_err(|_| "from".to_string())?,
            to: conv(&self.to).map_err(|_| "to".to_string())?,
        })
    }

    pub fn load(&mut self, db: &Db) -> Task<Message> {
        let Ok(filter) = self.filter() else {
            return Task::none();
        };
        let offset = self.page * PER_PAGE;
        self.busy = true;
        db.task(
            move |v| {
                v.require(v.user().role.can_supervise())?;
                let (rows, total) = audit::page(v.conn(), &filter, offset, PER_PAGE)?;
                let (actors, actions) = audit::facets(v.conn())?;
                v.audit_access(
                    action::AUDIT_VIEWED,
                    "audit",
                    serde_json::json!({"page": offset / PER_PAGE}),
                )?;
                Ok(PageData {
                    rows,
                    total,
                    actors,
                    actions,
                })
            },
            Message::Loaded,
        )
    }

    pub fn update(&mut self, message: Message, db: &Db, lang: Lang) -> Task<Message> {
        match message {
            Message::Load => return self.load(db),
            Message::Loaded(Ok(d)) => {
                self.busy = false;
                self.error = None;
                self.data = Some(d);
            }
            Message::Loaded(Err(e)) => {
                self.busy = false;
                self.error = Some(e.message(lang));
            }
            Message::Actor(c) => self.actor = c.value,
            Message::Action(c) => self.action = c.value,
            Message::From(s) => self.from = s,
            Message::To(s) => self.to = s,
            Message::Apply => {
                if let Err(which) = self.filter() {
                    self.error = Some(if which == "from" {
                        t!(lang, "audit-bad-from")
                    } else {
                        t!(lang, "audit-bad-to")
                    });
                    return Task::none();
                }
                self.page = 0;
                return self.load(db);
            }
            Message::Page(p) => {
                self.page = p;
                return self.load(db);
            }
            Message::Verify => {
                self.verify = None;
                return db.task(|v| v.verify_audit(), Message::Verified);
            }
            Message::Verified(r) => self.verify = Some(r),
        }
        Task::none()
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let mut c = column![widgets::title(t!(l, "nav-audit"))].spacing(12);
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        match &self.verify {
            Some(Ok(r)) if r.broken.is_none() => {
                c = c.push(widgets::banner(
                    Banner::Success,
                    t!(l, "audit-verify-ok", count = r.events),
                ));
            }
            Some(Ok(r)) => {
                let b = r.broken.as_ref().expect("checked");
                c = c.push(widgets::banner(
                    Banner::Error,
                    t!(l, "audit-verify-broken", seq = b.seq),
                ));
            }
            Some(Err(e)) => c = c.push(widgets::banner(Banner::Error, e.message(l))),
            None => {}
        }
        let all = |label: String| Choice { value: None, label };
        let (actors, actions) = match &self.data {
            Some(d) => (
                std::iter::once(all(t!(l, "audit-all-users")))
                    .chain(d.actors.iter().map(|a| Choice {
                        value: Some(a.clone()),
                        label: a.clone(),
                    }))
                    .collect::<Vec<_>>(),
                std::iter::once(all(t!(l, "audit-all-actions")))
                    .chain(d.actions.iter().map(|a| Choice {
                        value: Some(a.clone()),
                        label: action_label(l, a),
                    }))
                    .collect::<Vec<_>>(),
            ),
            None => (vec![], vec![]),
        };
        let sel_actor = actors.iter().find(|c| c.value == self.actor).cloned();
        let sel_action = actions.iter().find(|c| c.value == self.action).cloned();
        c = c.push(
            row![
                pick_list(actors, sel_actor, Message::Actor)
                    .padding(6)
                    .width(Length::Fixed(170.0)),
                pick_list(actions, sel_action, Message::Action)
                    .padding(6)
                    .width(Length::Fixed(240.0)),
                text_input(&t!(l, "audit-from"), &self.from)
                    .on_input(Message::From)
                    .on_submit(Message::Apply)
                    .padding(6)
                    .width(Length::Fixed(130.0)),
                text_input(&t!(l, "audit-to"), &self.to)
                    .on_input(Message::To)
                    .on_submit(Message::Apply)
                    .padding(6)
                    .width(Length::Fixed(130.0)),
                button(text(t!(l, "action-filter")))
                    .on_press(Message::Apply)
                    .style(button::secondary)
                    .padding([6, 12]),
                widgets::hspace(),
                button(text(t!(l, "audit-verify")))
                    .on_press(Message::Verify)
                    .style(button::primary)
                    .padding([6, 12]),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        let Some(d) = &self.data else {
            return c.push(text(t!(l, "loading"))).padding(24).into();
        };
        let header = row![
            text("#").width(Length::Fixed(60.0)).font(theme::SEMIBOLD),
            text(t!(l, "audit-time"))
                .width(Length::Fixed(170.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "audit-user"))
                .width(Length::Fixed(110.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "audit-action"))
                .width(Length::FillPortion(3))
                .font(theme::SEMIBOLD),
            text(t!(l, "audit-target"))
                .width(Length::FillPortion(2))
                .font(theme::SEMIBOLD),
            text(t!(l, "audit-details"))
                .width(Length::FillPortion(3))
                .font(theme::SEMIBOLD),
        ]
        .spacing(8)
        .padding([6, 8]);
        let mut rows = column![].spacing(0);
        for (i, r) in d.rows.iter().enumerate() {
            let short_target: String = r.target.chars().take(13).collect();
            rows = rows.push(
                container(
                    row![
                        text(r.seq.to_string()).width(Length::Fixed(60.0)).size(13),
                        text(format_ts(&r.ts)).width(Length::Fixed(170.0)).size(13),
                        text(r.actor.clone()).width(Length::Fixed(110.0)).size(13),
                        text(action_label(l, &r.action))
                            .width(Length::FillPortion(3))
                            .size(13),
                        text(short_target).width(Length::FillPortion(2)).size(13),
                        text(r.details.clone())
                            .width(Length::FillPortion(3))
                            .size(12)
                            .style(theme::muted),
                    ]
                    .spacing(8),
                )
                .padding([5, 8])
                .style(theme::row_style(i, None)),
            );
        }
        let pages = ((d.total as usize).div_ceil(PER_PAGE)).max(1);
        let nav = row![
            button(text(t!(l, "action-prev")))
                .on_press_maybe((self.page > 0).then(|| Message::Page(self.page - 1)))
                .style(button::secondary),
            text(t!(
                l,
                "page-of",
                page = self.page + 1,
                pages = pages,
                total = d.total
            ))
            .size(13),
            button(text(t!(l, "action-next-page")))
                .on_press_maybe((self.page + 1 < pages).then(|| Message::Page(self.page + 1)))
                .style(button::secondary),
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        c = c.push(
            container(column![header, scrollable(rows).height(Length::Fill)])
                .style(theme::card)
                .height(Length::Fill),
        );
        c.push(nav).padding(24).height(Length::Fill).into()
    }
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::new()
    }
}

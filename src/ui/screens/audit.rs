//! The audit log (supervisors and administrators), readable: what happened
//! in Vietnamese, who did it by name, which case by its number, the details
//! as labelled fields; filters by user, action and dates; the chain checked
//! on request. Opening the log is itself recorded (once, not per page).

use std::collections::HashMap;

use iced::widget::{column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::audit::action;
use crate::domain::dates;
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Choice, Kind, btn};
use crate::vault::audit::{AuditFilter, AuditPage, ChainReport};

const PER_PAGE: usize = 50;

/// The widths of the log's columns (the header's and the rows'): the
/// number, the time, who, what, on what, the details.
const WIDTHS: [Length; 6] = [
    Length::Fixed(60.0),
    Length::Fixed(150.0),
    Length::FillPortion(2),
    Length::FillPortion(3),
    Length::FillPortion(2),
    Length::FillPortion(4),
];

#[derive(Debug, Clone)]
pub struct PageData {
    pub page: AuditPage,
    /// Case and batch numbers by id, and people's names by username.
    pub numbers: HashMap<String, String>,
    pub names: HashMap<String, String>,
    /// The vault's own id (the target of events about the whole vault).
    pub vault_id: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<Box<PageData>>),
    Actor(Choice<Option<String>>),
    Action(Choice<Option<String>>),
    From(String),
    To(String),
    Page(usize),
    Verify,
    Verified(UiResult<ChainReport>),
}

pub struct AuditLog {
    data: Option<Box<PageData>>,
    actor: Option<String>,
    action: Option<String>,
    from: String,
    to: String,
    page: usize,
    notice: Option<Notice>,
    verify: Option<UiResult<ChainReport>>,
    busy: bool,
    /// Whether this opening of the log is already recorded.
    recorded: bool,
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
    action::LIST_IMPORTED,
    action::TRUST_ADDED,
    action::CONFLICT_SETTLED,
    action::TRUST_REMOVED,
    action::REKEY_STARTED,
    action::REKEY_COMPLETED,
    action::REKEY_ROLLED_BACK,
    action::ADMIN_KEY_CREATED,
    action::ACCOUNT_CONVERTED,
    action::STATE_MISMATCH,
    action::STATE_ACCEPTED,
    action::LOCKOUT_TAMPERED,
    action::KDF_TAMPERED,
    action::AUDIT_ALARM,
    action::NOTICE_RECORDED,
    action::RIGHTS_REQUESTED,
    action::RIGHTS_DEADLINE,
    action::RIGHTS_DECIDED,
    action::RETENTION_REVIEWED,
    action::RETENTION_REMOVED,
    action::ATTACHMENT_ADDED,
    action::ATTACHMENT_OPENED,
    action::ATTACHMENT_REMOVED,
    action::PAPER_ISSUED,
    action::CITIZENS_HANDED_OVER,
];

/// The names of the details' fields that have a label (the completeness test covers them).
pub const DETAIL_KEYS: &[&str] = &[
    "fields",
    "referral",
    "what",
    "screening",
    "at",
    "by",
    "version",
    "to",
    "status",
    "sequence",
    "role",
    "people",
    "other",
    "from",
    "updated",
    "sender",
    "record",
    "reason_given",
    "page",
    "new",
    "format",
    "fingerprint",
    "decision",
    "conflicts",
    "choice",
    "cases",
    "batch",
    "answers",
    "agency",
    "schema",
    "kind",
    "rule",
    "sensitive",
    "purpose",
    "agreed",
    "refused",
    "records",
    "attachment",
    "attachments",
    "kind",
    "bytes",
    "sensitive",
];

/// A stored time as the unit reads it (the unit's clock, not the laptop's).
pub fn format_ts(ts: &str) -> String {
    crate::clock::local_rfc3339(ts)
        .map(|t| t.format("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_else(|| ts.to_string())
}

/// The details of an event as "Label: value" fields; ids become numbers.
pub fn details_text(l: Lang, details: &str, numbers: &HashMap<String, String>) -> String {
    let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(details)
    else {
        return String::new();
    };
    let value = |k: &str, v: &serde_json::Value| -> String {
        match v {
            serde_json::Value::Bool(true) => t!(l, "yes"),
            serde_json::Value::Bool(false) => t!(l, "no"),
            serde_json::Value::String(s) => detail_value(l, k, s, numbers),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    };
    m.iter()
        .map(|(k, v)| {
            let label = if DETAIL_KEYS.contains(&k.as_str()) {
                i18n::dynamic(l, &format!("audit-field-{k}"))
            } else {
                k.clone()
            };
            format!("{label}: {}", value(k, v))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One value of an event's details as a person reads it: a case's or
/// batch's id as its number, a date as dd/mm/yyyy, the words the vault
/// writes as their labels, an id of nothing shown here as "another record".
fn detail_value(l: Lang, key: &str, s: &str, numbers: &HashMap<String, String>) -> String {
    if let Some(n) = numbers.get(s) {
        return n.clone();
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.format("%d/%m/%Y").to_string();
    }
    match (key, s) {
        ("by", "self") => t!(l, "audit-value-self"),
        ("by", "admin") => t!(l, "audit-value-admin"),
        ("by", "recovery_code") => t!(l, "audit-value-recovery-code"),
        ("format", "screen") => t!(l, "audit-value-screen"),
        _ if uuid::Uuid::try_parse(s).is_ok() => t!(l, "audit-target-other"),
        _ => s.to_string(),
    }
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
            notice: None,
            verify: None,
            busy: false,
            recorded: false,
        }
    }

    fn filter(&self) -> Option<AuditFilter> {
        let conv = |s: &str| -> Option<Option<String>> {
            if s.trim().is_empty() {
                Some(None)
            } else {
                dates::parse_dmy(s)
                    .ok()
                    .map(|d| Some(d.format("%Y-%m-%d").to_string()))
            }
        };
        Some(AuditFilter {
            actor: self.actor.clone(),
            action: self.action.clone(),
            from: conv(&self.from)?,
            to: conv(&self.to)?,
        })
    }

    /// Entering the area records one viewing of the log.
    pub fn load(&mut self, session: &Session) -> Task<Message> {
        self.recorded = false;
        self.fetch(session)
    }

    fn fetch(&mut self, session: &Session) -> Task<Message> {
        let Some(filter) = self.filter() else {
            self.notice = Some(Notice::BadDates);
            return Task::none();
        };
        self.notice = None;
        let offset = self.page * PER_PAGE;
        let record = !self.recorded;
        self.recorded = true;
        self.busy = true;
        session.db.task(
            move |v| {
                v.require(v.user().role.can_supervise())?;
                let page = v.audit_page(&filter, offset, PER_PAGE)?;
                let mut ids: Vec<String> = page.rows.iter().map(|r| r.target.clone()).collect();
                for r in &page.rows {
                    if let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&r.details) {
                        ids.extend(m.values().filter_map(|x| x.as_str().map(str::to_string)));
                    }
                }
                let numbers = v.record_numbers(&ids)?;
                let names = v
                    .list_users()?
                    .into_iter()
                    .map(|u| (u.username, u.display_name))
                    .collect();
                if record {
                    v.audit_access(action::AUDIT_VIEWED, "audit", serde_json::json!({}))?;
                }
                Ok(Box::new(PageData {
                    page,
                    numbers,
                    names,
                    vault_id: v.vault_id().to_string(),
                }))
            },
            Message::Loaded,
        )
    }

    /// A filter changed: the first page again.
    fn refilter(&mut self, session: &Session) -> Task<Message> {
        self.page = 0;
        self.fetch(session)
    }

    /// A date typed (`to`: the second one): the log is searched again once
    /// the date can be read; a half-typed date waits.
    fn typed_date(&mut self, session: &Session, to: bool, s: String) -> Task<Message> {
        let readable = s.trim().is_empty() || dates::parse_dmy(&s).is_ok();
        *if to { &mut self.to } else { &mut self.from } = s;
        if readable {
            self.refilter(session)
        } else {
            Task::none()
        }
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Task<Message> {
        match message {
            Message::Load => return self.fetch(session),
            Message::Loaded(r) => {
                if let Some(d) = widgets::settle(&mut self.busy, &mut self.notice, r) {
                    self.data = Some(d);
                }
                return Task::none();
            }
            Message::Actor(c) => self.actor = c.value,
            Message::Action(c) => self.action = c.value,
            Message::From(s) => return self.typed_date(session, false, s),
            Message::To(s) => return self.typed_date(session, true, s),
            Message::Page(p) => {
                self.page = p;
                return self.fetch(session);
            }
            Message::Verify => {
                self.verify = None;
                return session.db.task(|v| v.verify_audit(), Message::Verified);
            }
            Message::Verified(r) => {
                self.verify = Some(r);
                return Task::none();
            }
        }
        self.refilter(session)
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let verify = match &self.verify {
            Some(Ok(r)) => Some(match &r.broken {
                None => {
                    widgets::banner(Banner::Success, t!(l, "audit-verify-ok", count = r.events))
                }
                Some(b) => {
                    widgets::banner(Banner::Error, t!(l, "audit-verify-broken", seq = b.seq))
                }
            }),
            Some(Err(e)) => Some(widgets::banner(Banner::Error, e.message(l))),
            None => None,
        };
        let mut c = column![
            widgets::title(t!(l, "nav-audit")),
            widgets::notice(l, self.notice.as_ref()),
            widgets::slot(verify)
        ]
        .spacing(12);
        let (actors, actions) = match &self.data {
            Some(d) => (
                widgets::filter_choices(t!(l, "audit-all-users"), &d.page.actors, |a| {
                    match d.names.get(a) {
                        Some(n) => format!("{n} ({a})"),
                        None => a.clone(),
                    }
                }),
                widgets::filter_choices(t!(l, "audit-all-actions"), &d.page.actions, |a| {
                    action_label(l, a)
                }),
            ),
            None => (vec![], vec![]),
        };
        c = c.push(
            row![
                widgets::pick(actors, Some(&self.actor), String::new(), Message::Actor),
                widgets::pick(actions, Some(&self.action), String::new(), Message::Action),
                widgets::date_range(l, &self.from, &self.to, Message::From, Message::To),
                widgets::hspace(),
                btn(t!(l, "audit-verify"), Kind::Primary, Some(Message::Verify)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        let Some(d) = &self.data else {
            return c.push(text(t!(l, "loading"))).padding(24).into();
        };
        let titles = [
            "#".to_string(),
            t!(l, "audit-time"),
            t!(l, "audit-user"),
            t!(l, "audit-action"),
            t!(l, "audit-target"),
            t!(l, "audit-details"),
        ];
        let header = titles
            .into_iter()
            .zip(WIDTHS)
            .map(|(t, w)| widgets::th(t, w));
        let header = row(header).spacing(8).padding([6, 8]);
        let mut rows = column![].spacing(0);
        for (i, r) in d.page.rows.iter().enumerate() {
            let who = d
                .names
                .get(&r.actor)
                .cloned()
                .unwrap_or_else(|| r.actor.clone());
            let target = if r.target == d.vault_id {
                target_label(l, "vault")
            } else {
                d.numbers
                    .get(&r.target)
                    .cloned()
                    .unwrap_or_else(|| target_label(l, &r.target))
            };
            let cells = [
                r.seq.to_string(),
                format_ts(&r.ts),
                who,
                action_label(l, &r.action),
                target,
            ];
            let line = cells
                .into_iter()
                .zip(WIDTHS)
                .map(|(c, w)| text(c).width(w).size(13).into());
            let details = text(details_text(l, &r.details, &d.numbers))
                .width(WIDTHS[5])
                .size(12)
                .style(theme::muted);
            rows = rows.push(
                container(row(line).push(details).spacing(8))
                    .padding([5, 8])
                    .style(theme::row_style(i, None)),
            );
        }
        c = c.push(
            container(column![header, scrollable(rows).height(Length::Fill)])
                .style(theme::card)
                .height(Length::Fill),
        );
        c.push(widgets::pager(
            l,
            self.page,
            (d.page.total as usize).div_ceil(PER_PAGE),
            d.page.total.to_string(),
            Message::Page,
        ))
        .padding(24)
        .height(Length::Fill)
        .into()
    }
}

/// A target that is not a case or batch: what part of the vault it is.
fn target_label(l: Lang, target: &str) -> String {
    match target {
        "audit" => t!(l, "audit-target-audit"),
        "vault" => t!(l, "audit-target-vault"),
        "users" => t!(l, "audit-target-users"),
        "settings" => t!(l, "audit-target-settings"),
        "bundle" => t!(l, "audit-target-bundle"),
        "unit_key" => t!(l, "audit-target-unit-key"),
        "report" => t!(l, "audit-target-report"),
        // An id of something no longer here (or of another vault): say nothing wrong.
        other if other.len() > 20 => t!(l, "audit-target-other"),
        other => other.to_string(),
    }
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_as_words_dates_and_numbers() {
        let numbers = HashMap::from([("c-1".to_string(), "MB-2026-00001".to_string())]);
        let d = details_text(
            Lang::Vi,
            r#"{"by":"self","from":"2026-01-01","format":"screen","case":"c-1","record":"01a2320c-9492-75e7-bd9b-005bc296351d"}"#,
            &numbers,
        );
        assert!(d.contains("01/01/2026"), "{d}");
        assert!(!d.contains("2026-01-01"), "{d}");
        assert!(d.contains(&t!(Lang::Vi, "audit-value-self")), "{d}");
        assert!(!d.contains("self"), "no English word in Vietnamese: {d}");
        assert!(d.contains(&t!(Lang::Vi, "audit-value-screen")), "{d}");
        assert!(d.contains("MB-2026-00001"), "{d}");
        assert!(!d.contains("01a2320c"), "no raw id: {d}");
    }

    #[test]
    fn a_half_typed_date_waits_and_a_readable_one_searches_from_the_first_page() {
        let s = Session::detached();
        let mut a = AuditLog {
            page: 4,
            ..AuditLog::new()
        };
        let _ = a.update(Message::From("12/0".into()), &s);
        assert_eq!(a.from, "12/0");
        assert!(!a.busy, "a half-typed date is not searched");
        assert_eq!(a.page, 4);
        let _ = a.update(Message::From("12/03/2026".into()), &s);
        assert!(a.busy, "a readable date is searched");
        assert_eq!(a.page, 0, "from the first page");
        a.page = 2;
        let _ = a.update(
            Message::Action(Choice {
                value: Some(action::LOGIN.into()),
                label: String::new(),
            }),
            &s,
        );
        assert_eq!(a.action.as_deref(), Some(action::LOGIN));
        assert_eq!(a.page, 0);
    }
}

//! Personal data ("Dữ liệu cá nhân"): the register of the person's requests
//! (access, correction, withdrawal of consent, deletion, objection) — any
//! officer registers what was asked; an administrator sets the deadline and
//! decides, with the reason — and, for administrators, retention: the
//! periods, what is due now, and applying it after a confirmation.

use iced::widget::{column, row, scrollable, text};
use iced::{Element, Length, Task};

use crate::domain::dates;
use crate::domain::privacy::{
    RequestDecision, RequestKind, RetentionDue, RetentionPolicy, RightsRequest,
};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::session::{Secret, Session};
use crate::ui::theme;
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::privacy::RequestRow;

/// A field of a new request; its place in `Privacy::new` is `f as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    CaseNumber,
    Requester,
    Relation,
    ReceivedOn,
    Details,
}

/// A retention period; its place in `Privacy::periods` is `p as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    ScreeningMonths,
    ClosedYears,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<(Vec<RequestRow>, RetentionPolicy)>),
    OpenOnly(bool),
    New(NewField, String),
    NewKind(RequestKind),
    Register,
    Select(String),
    Deadline(String),
    SetDeadline,
    Decision(RequestDecision),
    Reason(String),
    Decide,
    Done(UiResult<()>),
    Period(Period, String),
    SavePeriods,
    CheckDue,
    Due(UiResult<RetentionDue>),
    Apply,
    ConfirmApply,
    CancelApply,
    Applied(UiResult<RetentionDue>),
    /// The person's own copy (an access request): choose where, made, closed.
    ExportCopy,
    ExportCopyTo(Option<std::path::PathBuf>),
    CopyExported(UiResult<(std::path::PathBuf, Secret)>),
    CloseCopy,
}

#[derive(Default)]
pub struct Privacy {
    pub rows: Vec<RequestRow>,
    pub open_only: bool,
    pub kind: RequestKind,
    pub new: [String; 5],
    pub selected: Option<String>,
    pub deadline: String,
    pub decision: Option<RequestDecision>,
    pub reason: String,
    pub periods: [String; 2],
    /// What retention would remove now (after "what is due").
    pub due: Option<RetentionDue>,
    /// The administrator pressed "apply": the confirmation is shown.
    pub confirming: bool,
    pub removed: Option<RetentionDue>,
    busy: bool,
    pub notice: Option<Notice>,
    /// The person's copy just made, and its passphrase (shown once).
    pub copy: Option<(std::path::PathBuf, Secret)>,
}

impl Period {
    /// The widget id of its input.
    fn id(self) -> &'static str {
        ["retention-months", "retention-years"][self as usize]
    }
}

impl NewField {
    /// The widget id of its input.
    fn id(self) -> &'static str {
        [
            "rights-case",
            "rights-requester",
            "rights-relation",
            "rights-received",
            "rights-details",
        ][self as usize]
    }

    fn required(self) -> bool {
        matches!(
            self,
            NewField::CaseNumber | NewField::Requester | NewField::ReceivedOn
        )
    }
}

impl Privacy {
    pub fn new() -> Privacy {
        Privacy {
            new: [
                String::new(),
                String::new(),
                String::new(),
                dates::format_dmy(crate::clock::today()),
                String::new(),
            ],
            ..Privacy::default()
        }
    }

    pub fn load(&mut self, s: &Session) -> Task<Message> {
        let open = self.open_only;
        s.db.task(
            move |v| Ok((v.rights_requests(open)?, v.retention_policy())),
            Message::Loaded,
        )
    }

    /// What is typed in a field of the new request.
    fn typed(&self, f: NewField) -> &str {
        &self.new[f as usize]
    }

    fn selected_row(&self) -> Option<&RequestRow> {
        let id = self.selected.as_deref()?;
        self.rows.iter().find(|r| r.request.id == id)
    }

    fn selected_request(&self) -> Option<&RightsRequest> {
        let id = self.selected.as_deref()?;
        self.rows.iter().map(|r| &r.request).find(|r| r.id == id)
    }

    pub fn update(&mut self, message: Message, s: &Session) -> Task<Message> {
        let today = crate::clock::today();
        match message {
            Message::Loaded(Ok((rows, policy))) => {
                self.busy = false;
                self.rows = rows;
                self.periods = [
                    policy.screening_months.to_string(),
                    policy.closed_years.to_string(),
                ];
            }
            Message::Loaded(Err(e))
            | Message::Due(Err(e))
            | Message::Applied(Err(e))
            | Message::Done(Err(e))
            | Message::CopyExported(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::OpenOnly(b) => {
                self.open_only = b;
                return self.load(s);
            }
            Message::New(f, v) => self.new[f as usize] = v,
            Message::NewKind(k) => self.kind = k,
            Message::Register => {
                let Ok(on) = dates::parse_past_dmy(self.typed(NewField::ReceivedOn).trim(), today)
                else {
                    self.notice = Some(Notice::BadDates);
                    return Task::none();
                };
                let number = self.typed(NewField::CaseNumber).trim().to_string();
                let mut r = RightsRequest {
                    kind: self.kind,
                    requester: self.typed(NewField::Requester).to_string(),
                    requester_relation: self.typed(NewField::Relation).to_string(),
                    received_on: Some(on),
                    details: self.typed(NewField::Details).to_string(),
                    ..RightsRequest::default()
                };
                self.busy = true;
                self.notice = None;
                return s.db.task(
                    move |v| {
                        r.case_id = v.case_id_by_number(&number)?;
                        v.register_request(&mut r)
                    },
                    Message::Done,
                );
            }
            Message::Select(id) => {
                self.deadline = self
                    .rows
                    .iter()
                    .find(|r| r.request.id == id)
                    .and_then(|r| r.request.deadline)
                    .map(dates::format_dmy)
                    .unwrap_or_default();
                self.selected = Some(id);
                self.decision = None;
                self.reason.clear();
            }
            Message::Deadline(v) => self.deadline = v,
            Message::SetDeadline => {
                let Some(id) = self.selected.clone() else {
                    return Task::none();
                };
                let Ok(d) = dates::parse_dmy(self.deadline.trim()) else {
                    self.notice = Some(Notice::BadDates);
                    return Task::none();
                };
                self.busy = true;
                return s
                    .db
                    .task(move |v| v.set_request_deadline(&id, d), Message::Done);
            }
            Message::Decision(d) => self.decision = Some(d),
            Message::Reason(v) => self.reason = v,
            Message::Decide => {
                let (Some(id), Some(d)) = (self.selected.clone(), self.decision) else {
                    return Task::none();
                };
                let reason = self.reason.clone();
                self.busy = true;
                return s.db.task(
                    move |v| v.decide_request(&id, d, &reason, today).map(|_| ()),
                    Message::Done,
                );
            }
            Message::Done(Ok(())) => {
                self.busy = false;
                self.notice = Some(Notice::Saved);
                // The date stays: the next request is likely received the same day.
                for f in [
                    NewField::CaseNumber,
                    NewField::Requester,
                    NewField::Relation,
                    NewField::Details,
                ] {
                    self.new[f as usize].clear();
                }
                return self.load(s);
            }
            Message::Period(p, v) => self.periods[p as usize] = v,
            Message::SavePeriods => {
                let (Ok(m), Ok(y)) = (
                    self.periods[Period::ScreeningMonths as usize]
                        .trim()
                        .parse::<u32>(),
                    self.periods[Period::ClosedYears as usize]
                        .trim()
                        .parse::<u32>(),
                ) else {
                    self.notice = Some(Notice::Error(crate::ui::jobs::UiError::Invalid(t!(
                        s.lang,
                        "privacy-periods-bad"
                    ))));
                    return Task::none();
                };
                let p = RetentionPolicy {
                    screening_months: m,
                    closed_years: y,
                };
                self.busy = true;
                self.due = None;
                return s.db.task(move |v| v.set_retention_policy(p), Message::Done);
            }
            Message::CheckDue => {
                self.busy = true;
                self.confirming = false;
                self.removed = None;
                return s.db.task(move |v| v.retention_due(today), Message::Due);
            }
            Message::Due(Ok(d)) => {
                self.busy = false;
                self.due = Some(d);
            }
            Message::Apply => {
                if self.due.is_some_and(|d| d != RetentionDue::default()) {
                    self.confirming = true;
                }
            }
            Message::CancelApply => self.confirming = false,
            Message::ConfirmApply => {
                self.confirming = false;
                self.busy = true;
                return s
                    .db
                    .task(move |v| v.apply_retention(today), Message::Applied);
            }
            Message::ExportCopy => {
                let Some(n) = self.selected_row().map(|r| r.case_number.clone()) else {
                    return Task::none();
                };
                return crate::ui::print::choose_save_path(
                    format!("ban-sao-du-lieu-{}.zip", n.replace('/', "-")),
                    "zip",
                    s.dir.join("exports"),
                )
                .map(Message::ExportCopyTo);
            }
            Message::ExportCopyTo(None) => {}
            Message::ExportCopyTo(Some(path)) => {
                let Some(case_id) = self.selected_request().map(|r| r.case_id.clone()) else {
                    return Task::none();
                };
                self.busy = true;
                let db = s.db.clone();
                return jobs::blocking(
                    move || {
                        let p = db.run(|v| crate::app::privacy::subject_copy(v, &case_id))?;
                        crate::app::packages::write(&path, &p.zip).map_err(UiError::from)?;
                        Ok((path, Secret::new(p.passphrase)))
                    },
                    Message::CopyExported,
                );
            }
            Message::CopyExported(Ok(c)) => {
                self.busy = false;
                self.copy = Some(c);
            }
            Message::CloseCopy => self.copy = None,
            Message::Applied(Ok(d)) => {
                self.busy = false;
                self.removed = Some(d);
                self.due = None;
            }
        }
        Task::none()
    }

    fn requests_view(&self, l: Lang, admin: bool) -> Element<'_, Message> {
        let kind_label = |k: RequestKind| i18n::dynamic(l, &format!("rights-kind-{}", k.key()));
        let kinds = widgets::choice_buttons(
            &RequestKind::ALL,
            Some(self.kind),
            kind_label,
            Some(Message::NewKind),
        );
        let input = |(f, label): (NewField, String)| {
            let value = self.typed(f);
            let input = widgets::input(f.id(), value, "", move |v| Message::New(f, v), None);
            widgets::field(label, f.required(), input, None)
        };
        let fields = [
            (NewField::CaseNumber, t!(l, "rights-case")),
            (NewField::Requester, t!(l, "rights-requester")),
            (NewField::Relation, t!(l, "rights-relation")),
            (NewField::ReceivedOn, t!(l, "rights-received")),
        ];
        let form = column![
            widgets::section(t!(l, "rights-new")),
            kinds,
            row(fields.map(input)).spacing(10),
            input((NewField::Details, t!(l, "rights-details"))),
            widgets::hint(t!(l, "rights-withdrawal-note")),
            btn(
                t!(l, "rights-register"),
                Kind::Primary,
                (!self.busy).then_some(Message::Register)
            ),
        ]
        .spacing(8);
        let today = crate::clock::today();
        let open_only = widgets::check(
            t!(l, "rights-open-only"),
            self.open_only,
            Some(Message::OpenOnly),
        );
        let mut list = column![widgets::section_bar(
            t!(l, "rights-register-title"),
            open_only
        )]
        .spacing(4);
        if self.rows.is_empty() {
            list = list.push(text(t!(l, "rights-none")).style(theme::muted));
        }
        for r in &self.rows {
            let q = &r.request;
            let state = match q.decision {
                Some(d) => i18n::dynamic(l, &format!("rights-decision-{}", d.key())),
                None if q.is_overdue(today) => t!(l, "rights-overdue"),
                None => t!(l, "rights-open"),
            };
            let line = row![
                text(r.case_number.clone()).width(Length::Fixed(150.0)),
                text(kind_label(q.kind)).width(Length::Fixed(170.0)),
                text(q.requester.clone()).width(Length::Fill),
                text(q.received_on.map(dates::format_dmy).unwrap_or_default())
                    .width(Length::Fixed(100.0)),
                text(
                    q.deadline
                        .map(dates::format_dmy)
                        .unwrap_or_else(|| "—".into())
                )
                .width(Length::Fixed(100.0)),
                text(state).width(Length::Fixed(150.0)),
                btn(
                    t!(l, "rights-select"),
                    Kind::Link,
                    Some(Message::Select(q.id.clone()))
                ),
            ]
            .spacing(8)
            .align_y(iced::Alignment::Center);
            list = list.push(line);
        }
        let mut c = column![form, list].spacing(14);
        if let (true, Some(q)) = (admin, self.selected_request()) {
            let decisions = widgets::choice_buttons(
                &RequestDecision::ALL,
                self.decision,
                |d| i18n::dynamic(l, &format!("rights-decision-{}", d.key())),
                q.is_open().then_some(Message::Decision),
            );
            let mut panel = column![
                widgets::section(t!(l, "rights-decide-title", kind = kind_label(q.kind))),
                widgets::kv(t!(l, "rights-details"), q.details.clone()),
                row![
                    widgets::field(
                        t!(l, "rights-deadline"),
                        false,
                        widgets::input(
                            "rights-deadline",
                            &self.deadline,
                            "dd/mm/yyyy",
                            Message::Deadline,
                            None
                        ),
                        None
                    ),
                    btn(
                        t!(l, "rights-set-deadline"),
                        Kind::Secondary,
                        (!self.busy && q.is_open()).then_some(Message::SetDeadline)
                    ),
                ]
                .spacing(10)
                .align_y(iced::Alignment::Center),
                decisions,
                widgets::field(
                    t!(l, "rights-reason"),
                    self.decision.is_some_and(|d| d != RequestDecision::Granted),
                    widgets::input("rights-reason", &self.reason, "", Message::Reason, None),
                    None
                ),
            ]
            .spacing(8);
            if q.kind == RequestKind::Access {
                panel = panel.push(btn(
                    t!(l, "rights-copy"),
                    Kind::Secondary,
                    (!self.busy).then_some(Message::ExportCopy),
                ));
            }
            if q.kind == RequestKind::Deletion {
                panel = panel.push(widgets::hint(t!(l, "rights-deletion-note")));
            }
            if q.kind == RequestKind::Correction {
                panel = panel.push(widgets::hint(t!(l, "rights-correction-note")));
            }
            panel = panel.push(btn(
                t!(l, "rights-decide"),
                Kind::Primary,
                (!self.busy && q.is_open() && self.decision.is_some()).then_some(Message::Decide),
            ));
            c = c.push(widgets::card(panel).padding(10));
        }
        c.into()
    }

    fn retention_view(&self, l: Lang) -> Element<'_, Message> {
        let period = |p: Period, label: String| {
            let value = &self.periods[p as usize];
            let input = widgets::input(p.id(), value, "", move |x| Message::Period(p, x), None);
            widgets::field(label, true, input, None)
        };
        let act = |label, kind, on: Message| btn(label, kind, (!self.busy).then_some(on));
        let due = self.due.is_some_and(|d| d != RetentionDue::default());
        let apply = btn(
            t!(l, "retention-apply"),
            Kind::Danger,
            (!self.busy && due).then_some(Message::Apply),
        );
        let mut c = column![
            widgets::section(t!(l, "retention-title")),
            widgets::hint(t!(l, "retention-explain")),
            row![
                period(Period::ScreeningMonths, t!(l, "retention-screening-months")),
                period(Period::ClosedYears, t!(l, "retention-closed-years")),
                act(
                    t!(l, "retention-save-periods"),
                    Kind::Secondary,
                    Message::SavePeriods
                ),
            ]
            .spacing(10)
            .align_y(iced::Alignment::Center),
            row![
                act(t!(l, "retention-check"), Kind::Secondary, Message::CheckDue),
                apply
            ]
            .spacing(10),
        ]
        .spacing(8);
        if let Some(d) = self.due {
            c = c.push(text(t!(
                l,
                "retention-due",
                screening = d.screening_answers,
                cases = d.cases
            )));
        }
        if self.confirming
            && let Some(d) = self.due
        {
            c = c.push(widgets::confirm(
                t!(
                    l,
                    "retention-confirm",
                    screening = d.screening_answers,
                    cases = d.cases
                ),
                (
                    t!(l, "retention-confirm-yes"),
                    Kind::Danger,
                    Message::ConfirmApply,
                ),
                (t!(l, "retention-confirm-no"), Message::CancelApply),
            ));
        }
        if let Some(d) = self.removed {
            c = c.push(widgets::banner(
                theme::Banner::Info,
                t!(
                    l,
                    "retention-removed",
                    screening = d.screening_answers,
                    cases = d.cases
                ),
            ));
        }
        widgets::card(c).padding(10).into()
    }

    pub fn view(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let admin = session.user.role.can_administer();
        if let Some((path, secret)) = &self.copy {
            return column![
                widgets::heading(l, None, t!(l, "nav-privacy"), vec![]),
                widgets::passphrase_panel(
                    l,
                    t!(l, "rights-copy-done"),
                    t!(l, "rights-copy-passphrase"),
                    path,
                    secret.expose(),
                    Message::CloseCopy
                ),
            ]
            .spacing(12)
            .padding(16)
            .into();
        }
        let mut c = column![
            widgets::heading(l, None, t!(l, "nav-privacy"), vec![]),
            widgets::notice(l, self.notice.as_ref()),
            self.requests_view(l, admin),
        ]
        .spacing(12)
        .padding(16);
        if admin {
            c = c.push(self.retention_view(l));
        }
        scrollable(c).height(Length::Fill).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applying_needs_something_due_and_a_confirmation() {
        let s = Session::detached();
        let mut p = Privacy::new();
        // Nothing checked yet: "apply" does nothing.
        let _ = p.update(Message::Apply, &s);
        assert!(!p.confirming);
        let _ = p.update(
            Message::Due(Ok(RetentionDue {
                screening_answers: 2,
                cases: 1,
            })),
            &s,
        );
        let _ = p.update(Message::Apply, &s);
        assert!(p.confirming, "the confirmation is asked first");
        let _ = p.update(Message::CancelApply, &s);
        assert!(!p.confirming);
        // Nothing due: no confirmation, nothing applied.
        let _ = p.update(Message::Due(Ok(RetentionDue::default())), &s);
        let _ = p.update(Message::Apply, &s);
        assert!(!p.confirming);
    }
}

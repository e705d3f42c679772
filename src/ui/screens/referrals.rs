//! Referrals to social services: the list by status, and a case's referral
//! editor — agency, services, consent (or the reason to proceed without it),
//! approval by a supervisor, handover, acknowledgement — and the encrypted
//! referral package with its passphrase shown once.

use std::path::PathBuf;

use chrono::{Local, NaiveTime};
use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::dates;
use crate::domain::referral::{Handover, Referral, ReferralStatus, SERVICES};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::{self, Db, UiError, UiResult};
use crate::ui::labels::Choice;
use crate::ui::session::{Secret, Session};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::cases::CaseView;
use crate::vault::referrals::{Agency, ReferralRow};

pub fn status_label(l: Lang, s: ReferralStatus) -> String {
    i18n::dynamic(l, &format!("referral-status-{}", s.key()))
}

// ---- the list ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub enum ListMessage {
    Load,
    Loaded(UiResult<Vec<ReferralRow>>),
    Filter(Choice<Option<ReferralStatus>>),
    Open(String),
}

pub struct List {
    rows: Vec<ReferralRow>,
    filter: Option<ReferralStatus>,
    error: Option<String>,
}

impl List {
    pub fn new() -> List {
        List {
            rows: Vec::new(),
            filter: None,
            error: None,
        }
    }

    pub fn load(&mut self, db: &Db) -> Task<ListMessage> {
        let f = self.filter;
        db.task(move |v| v.list_referrals(f, 500), ListMessage::Loaded)
    }

    /// Returns the case whose referral to open.
    pub fn update(
        &mut self,
        m: ListMessage,
        db: &Db,
        l: Lang,
    ) -> (Task<ListMessage>, Option<String>) {
        match m {
            ListMessage::Load => return (self.load(db), None),
            ListMessage::Loaded(Ok(rows)) => {
                self.rows = rows;
                self.error = None;
            }
            ListMessage::Loaded(Err(e)) => self.error = Some(e.message(l)),
            ListMessage::Filter(c) => {
                self.filter = c.value;
                return (self.load(db), None);
            }
            ListMessage::Open(case_id) => return (Task::none(), Some(case_id)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, ListMessage> {
        let filters: Vec<Choice<Option<ReferralStatus>>> = std::iter::once(Choice {
            value: None,
            label: t!(l, "filter-any-status"),
        })
        .chain(ReferralStatus::ALL.iter().map(|s| Choice {
            value: Some(*s),
            label: status_label(l, *s),
        }))
        .collect();
        let mut c = column![
            row![
                widgets::title(t!(l, "nav-referrals")),
                widgets::hspace(),
                pick_list(
                    filters.clone(),
                    filters.iter().find(|f| f.value == self.filter).cloned(),
                    ListMessage::Filter
                )
                .padding(6),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        let mut list = column![
            row![
                text(t!(l, "referral-number"))
                    .width(Length::Fixed(130.0))
                    .font(theme::SEMIBOLD),
                text(t!(l, "case-number"))
                    .width(Length::Fixed(140.0))
                    .font(theme::SEMIBOLD),
                text(t!(l, "case-full-name"))
                    .width(Length::Fill)
                    .font(theme::SEMIBOLD),
                text(t!(l, "referral-agency"))
                    .width(Length::FillPortion(2))
                    .font(theme::SEMIBOLD),
                text(t!(l, "case-status"))
                    .width(Length::Fixed(160.0))
                    .font(theme::SEMIBOLD),
            ]
            .spacing(8)
            .padding([6, 8])
        ];
        for r in &self.rows {
            list = list.push(
                button(
                    row![
                        text(r.number.clone()).width(Length::Fixed(130.0)),
                        text(r.case_number.clone()).width(Length::Fixed(140.0)),
                        text(r.full_name.clone()).width(Length::Fill),
                        text(r.agency.clone()).width(Length::FillPortion(2)),
                        text(status_label(l, r.status)).width(Length::Fixed(160.0)),
                    ]
                    .spacing(8),
                )
                .on_press(ListMessage::Open(r.case_id.clone()))
                .width(Length::Fill)
                .padding([6, 8])
                .style(theme::nav(false)),
            );
        }
        if self.rows.is_empty() {
            list = list.push(text(t!(l, "referral-none")));
        }
        c.push(
            container(scrollable(list).height(Length::Fill))
                .style(theme::card)
                .height(Length::Fill),
        )
        .padding(16)
        .height(Length::Fill)
        .into()
    }
}

impl Default for List {
    fn default() -> Self {
        List::new()
    }
}

// ---- the editor -------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub case: CaseView,
    pub referrals: Vec<Referral>,
    pub agencies: Vec<Agency>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ServicesOther,
    Wishes,
    Protection,
    Told,
    Language,
    Guardian,
    GuardianRelation,
    NoConsentReason,
    HandoverDate,
    HandoverTime,
    HandoverPlace,
    Receiver,
    ReceiverTitle,
    HandoverDocuments,
    AckDate,
    AckNote,
}

/// What the officer does with a finished document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocAction {
    Open,
    Save,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Loaded>),
    Select(usize),
    New,
    Agency(Choice<i64>),
    Service(&'static str, bool),
    Consent(bool),
    Text(Field, String),
    Save,
    Saved(UiResult<Referral>),
    Approve,
    RecordHandover,
    Acknowledge,
    Export,
    ExportTo(Option<PathBuf>),
    Exported(UiResult<(PathBuf, Secret)>),
    ClosePassphrase,
    Document(crate::ui::print::Doc, DocAction),
    Back,
}

pub enum Event {
    Close,
    Changed,
    Document(crate::ui::print::Doc, DocAction),
}

pub struct Editor {
    pub case: Option<CaseView>,
    pub referrals: Vec<Referral>,
    agencies: Vec<Agency>,
    pub current: Option<Referral>,
    texts: std::collections::BTreeMap<&'static str, String>,
    pub notice: Option<(Banner, String)>,
    pub passphrase: Option<(PathBuf, Secret)>,
    busy: bool,
}

fn key(f: Field) -> &'static str {
    match f {
        Field::ServicesOther => "services_other",
        Field::Wishes => "wishes",
        Field::Protection => "protection",
        Field::Told => "told",
        Field::Language => "language",
        Field::Guardian => "guardian",
        Field::GuardianRelation => "guardian_relation",
        Field::NoConsentReason => "no_consent_reason",
        Field::HandoverDate => "handover_date",
        Field::HandoverTime => "handover_time",
        Field::HandoverPlace => "handover_place",
        Field::Receiver => "receiver",
        Field::ReceiverTitle => "receiver_title",
        Field::HandoverDocuments => "handover_documents",
        Field::AckDate => "ack_date",
        Field::AckNote => "ack_note",
    }
}

impl Editor {
    pub fn open(case_id: String, db: &Db) -> (Editor, Task<Message>) {
        let e = Editor {
            case: None,
            referrals: Vec::new(),
            agencies: Vec::new(),
            current: None,
            texts: Default::default(),
            notice: None,
            passphrase: None,
            busy: false,
        };
        let task = db.task(
            move |v| {
                let case = v.open_case(&case_id)?;
                let referrals = v.referrals_of(&case_id)?;
                let agencies = v.agencies()?;
                Ok(Loaded {
                    case,
                    referrals,
                    agencies,
                })
            },
            Message::Loaded,
        );
        (e, task)
    }

    fn text(&self, f: Field) -> &str {
        self.texts.get(key(f)).map(String::as_str).unwrap_or("")
    }

    fn select(&mut self, r: Referral) {
        let today = dates::format_dmy(Local::now().date_naive());
        let now = Local::now().format("%H:%M").to_string();
        self.texts.clear();
        for (f, v) in [
            (Field::ServicesOther, r.services_other.clone()),
            (Field::Wishes, r.wishes.clone()),
            (Field::Protection, r.protection_concerns.clone()),
            (Field::Told, r.consent.told.clone()),
            (Field::Language, r.consent.language.clone()),
            (Field::Guardian, r.consent.guardian_name.clone()),
            (Field::GuardianRelation, r.consent.guardian_relation.clone()),
            (Field::NoConsentReason, r.no_consent_reason.clone()),
            (
                Field::HandoverDate,
                r.handover
                    .at
                    .map(|t| dates::format_dmy(t.date()))
                    .unwrap_or(today.clone()),
            ),
            (
                Field::HandoverTime,
                r.handover
                    .at
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or(now),
            ),
            (Field::HandoverPlace, r.handover.place.clone()),
            (Field::Receiver, r.handover.receiver_name.clone()),
            (Field::ReceiverTitle, r.handover.receiver_title.clone()),
            (Field::HandoverDocuments, r.handover.documents.clone()),
            (
                Field::AckDate,
                r.acknowledged_on.map(dates::format_dmy).unwrap_or(today),
            ),
            (Field::AckNote, r.acknowledged_note.clone()),
        ] {
            self.texts.insert(key(f), v);
        }
        self.current = Some(r);
    }

    /// The referral as the form shows it.
    fn edited(&self) -> Option<Referral> {
        let mut r = self.current.clone()?;
        r.services_other = self.text(Field::ServicesOther).to_string();
        r.wishes = self.text(Field::Wishes).to_string();
        r.protection_concerns = self.text(Field::Protection).to_string();
        r.consent.told = self.text(Field::Told).to_string();
        r.consent.language = self.text(Field::Language).to_string();
        r.consent.guardian_name = self.text(Field::Guardian).to_string();
        r.consent.guardian_relation = self.text(Field::GuardianRelation).to_string();
        r.no_consent_reason = self.text(Field::NoConsentReason).to_string();
        if r.consent.given && r.consent.recorded_on.is_none() {
            r.consent.recorded_on = Some(Local::now().date_naive());
        }
        Some(r)
    }

    pub fn update(
        &mut self,
        m: Message,
        session: &Session,
        l: Lang,
    ) -> (Task<Message>, Option<Event>) {
        let db = &session.db;
        match m {
            Message::Loaded(Ok(d)) => {
                self.agencies = d.agencies;
                self.referrals = d.referrals;
                self.case = Some(d.case);
                if let Some(r) = self.referrals.last().cloned() {
                    self.select(r);
                }
            }
            Message::Loaded(Err(e)) => self.notice = Some((Banner::Error, e.message(l))),
            Message::Select(i) => {
                if let Some(r) = self.referrals.get(i).cloned() {
                    self.select(r);
                }
            }
            Message::New => {
                let Some(case) = &self.case else {
                    return (Task::none(), None);
                };
                let r = Referral {
                    case_id: case.record.id.clone(),
                    agency_id: self.agencies.iter().find(|a| a.active).map(|a| a.id),
                    services: vec!["essential_needs".into()],
                    wishes: case.record.wishes.clone(),
                    ..Referral::default()
                };
                self.select(r);
            }
            Message::Agency(c) => {
                if let Some(r) = &mut self.current {
                    r.agency_id = Some(c.value);
                }
            }
            Message::Service(s, on) => {
                if let Some(r) = &mut self.current {
                    r.services.retain(|x| x != s);
                    if on {
                        r.services.push(s.to_string());
                        r.services
                            .sort_by_key(|x| SERVICES.iter().position(|y| y == x));
                    }
                }
            }
            Message::Consent(b) => {
                if let Some(r) = &mut self.current {
                    r.consent.given = b;
                }
            }
            Message::Text(f, v) => {
                self.texts.insert(key(f), v);
            }
            Message::Save => {
                let Some(mut r) = self.edited() else {
                    return (Task::none(), None);
                };
                self.busy = true;
                return (
                    db.task(
                        move |v| {
                            v.save_referral(&mut r)?;
                            Ok(r)
                        },
                        Message::Saved,
                    ),
                    None,
                );
            }
            Message::Saved(Ok(r)) => {
                self.busy = false;
                match self.referrals.iter_mut().find(|x| x.id == r.id) {
                    Some(x) => *x = r.clone(),
                    None => self.referrals.push(r.clone()),
                }
                self.notice = Some((
                    Banner::Success,
                    t!(
                        l,
                        "referral-saved",
                        number = r.number.clone(),
                        status = status_label(l, r.status)
                    ),
                ));
                self.select(r);
                return (Task::none(), Some(Event::Changed));
            }
            Message::Saved(Err(e)) => {
                self.busy = false;
                self.notice = Some((Banner::Error, referral_error(l, &e)));
            }
            Message::Approve => {
                let Some(mut r) = self.edited() else {
                    return (Task::none(), None);
                };
                self.busy = true;
                return (
                    db.task(
                        move |v| {
                            v.save_referral(&mut r)?;
                            v.approve_referral(&r.id)
                        },
                        Message::Saved,
                    ),
                    None,
                );
            }
            Message::RecordHandover => {
                let Some(r) = self.current.clone() else {
                    return (Task::none(), None);
                };
                let date = dates::parse_dmy(self.text(Field::HandoverDate));
                let time =
                    NaiveTime::parse_from_str(self.text(Field::HandoverTime).trim(), "%H:%M");
                let (Ok(date), Ok(time)) = (date, time) else {
                    self.notice = Some((Banner::Error, t!(l, "referral-bad-datetime")));
                    return (Task::none(), None);
                };
                let h = Handover {
                    at: Some(date.and_time(time)),
                    place: self.text(Field::HandoverPlace).to_string(),
                    receiver_name: self.text(Field::Receiver).to_string(),
                    receiver_title: self.text(Field::ReceiverTitle).to_string(),
                    documents: self.text(Field::HandoverDocuments).to_string(),
                };
                self.busy = true;
                return (
                    db.task(move |v| v.hand_over_referral(&r.id, h), Message::Saved),
                    None,
                );
            }
            Message::Acknowledge => {
                let Some(r) = self.current.clone() else {
                    return (Task::none(), None);
                };
                let Ok(on) =
                    dates::parse_past_dmy(self.text(Field::AckDate), Local::now().date_naive())
                else {
                    self.notice = Some((Banner::Error, t!(l, "referral-bad-datetime")));
                    return (Task::none(), None);
                };
                let note = self.text(Field::AckNote).to_string();
                self.busy = true;
                return (
                    db.task(
                        move |v| v.acknowledge_referral(&r.id, on, &note),
                        Message::Saved,
                    ),
                    None,
                );
            }
            Message::Export => {
                let name = self
                    .current
                    .as_ref()
                    .map(|r| format!("goi-chuyen-gui-{}.zip", r.number))
                    .unwrap_or_default();
                return (
                    crate::ui::print::choose_save_path(name, "zip", session.dir.join("exports"))
                        .map(Message::ExportTo),
                    None,
                );
            }
            Message::ExportTo(None) => {}
            Message::ExportTo(Some(path)) => {
                let Some(id) = self.current.as_ref().map(|r| r.id.clone()) else {
                    return (Task::none(), None);
                };
                self.busy = true;
                let db = db.clone();
                return (
                    jobs::blocking(
                        move || {
                            let package = db.with(|v| {
                                crate::export::package::build_referral_package(v, &id)
                                    .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))
                            })?;
                            crate::export::package::write_package(&path, &package.zip)
                                .map_err(|e| UiError::Storage(e.to_string()))?;
                            Ok((path, Secret::new(package.passphrase)))
                        },
                        Message::Exported,
                    ),
                    None,
                );
            }
            Message::Exported(Ok(p)) => {
                self.busy = false;
                self.passphrase = Some(p);
            }
            Message::Exported(Err(e)) => {
                self.busy = false;
                self.notice = Some((Banner::Error, e.message(l)));
            }
            Message::ClosePassphrase => self.passphrase = None,
            Message::Document(doc, action) => {
                return (Task::none(), Some(Event::Document(doc, action)));
            }
            Message::Back => return (Task::none(), Some(Event::Close)),
        }
        (Task::none(), None)
    }

    pub fn view(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let Some(case) = &self.case else {
            let mut c =
                column![button(text(t!(l, "case-back"))).on_press(Message::Back)].spacing(10);
            if let Some((k, m)) = &self.notice {
                c = c.push(widgets::banner(*k, m.clone()));
            }
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let mut c = column![
            row![
                button(text(t!(l, "case-back")))
                    .on_press(Message::Back)
                    .style(button::secondary)
                    .padding([6, 12]),
                widgets::title(t!(l, "referral-title", number = case.record.number.clone())),
                text(case.record.identity.full_name.clone()).size(15),
                widgets::hspace(),
                button(text(t!(l, "referral-new")))
                    .on_press(Message::New)
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        if let Some((path, secret)) = &self.passphrase {
            c = c.push(
                container(
                    column![
                        widgets::section(t!(l, "referral-package-done")),
                        text(t!(
                            l,
                            "referral-package-path",
                            path = path.display().to_string()
                        ))
                        .size(14),
                        text(t!(l, "referral-package-passphrase")).size(14),
                        container(text(secret.expose().to_string()).size(26).font(theme::BOLD))
                            .padding(10)
                            .style(theme::card),
                        text(t!(l, "referral-package-warning")).size(13),
                        button(text(t!(l, "referral-package-close")))
                            .on_press(Message::ClosePassphrase)
                            .style(button::primary),
                    ]
                    .spacing(8),
                )
                .padding(14)
                .style(theme::banner(Banner::Warning)),
            );
            return c.padding(16).into();
        }
        if let Some((k, m)) = &self.notice {
            c = c.push(widgets::banner(*k, m.clone()));
        }
        if self.referrals.len() > 1 {
            let mut tabs = row![].spacing(4);
            for (i, r) in self.referrals.iter().enumerate() {
                let sel = self.current.as_ref().is_some_and(|x| x.id == r.id);
                tabs = tabs.push(
                    button(text(r.number.clone()).size(13))
                        .on_press(Message::Select(i))
                        .style(theme::nav(sel)),
                );
            }
            c = c.push(tabs);
        }
        let Some(r) = &self.current else {
            return c
                .push(text(t!(l, "referral-none-for-case")))
                .padding(16)
                .into();
        };
        let draft = r.status == ReferralStatus::Draft;
        let agencies: Vec<Choice<i64>> = self
            .agencies
            .iter()
            .filter(|a| a.active)
            .map(|a| Choice {
                value: a.id,
                label: a.name.clone(),
            })
            .collect();
        let agency = r
            .agency_id
            .and_then(|id| agencies.iter().find(|a| a.value == id).cloned());
        let input = |f: Field, label: String, enabled: bool| {
            widgets::field(
                label,
                text_input("", self.text(f))
                    .on_input_maybe(enabled.then_some(move |s| Message::Text(f, s)))
                    .padding(6),
                None,
            )
        };
        let mut services = column![widgets::section(t!(l, "referral-services"))].spacing(4);
        for s in SERVICES {
            services = services.push(
                checkbox(r.services.iter().any(|x| x == s))
                    .label(i18n::dynamic(l, &format!("service-{s}")))
                    .on_toggle_maybe(draft.then_some(move |b| Message::Service(s, b)))
                    .text_size(14),
            );
        }
        services = services.push(input(
            Field::ServicesOther,
            t!(l, "referral-services-other"),
            draft,
        ));
        let child = case.record.is_child();
        let mut consent = column![
            widgets::section(t!(l, "referral-consent")),
            checkbox(r.consent.given)
                .label(t!(l, "referral-consent-given"))
                .on_toggle_maybe(draft.then_some(Message::Consent)),
            input(Field::Told, t!(l, "referral-consent-told"), draft),
            input(Field::Language, t!(l, "referral-consent-language"), draft),
        ]
        .spacing(6);
        if child {
            consent = consent
                .push(
                    text(t!(l, "referral-child-guardian"))
                        .size(13)
                        .style(theme::warning_text),
                )
                .push(
                    row![
                        input(Field::Guardian, t!(l, "referral-guardian"), draft),
                        input(
                            Field::GuardianRelation,
                            t!(l, "case-family-relation"),
                            draft
                        )
                    ]
                    .spacing(8),
                );
        }
        consent = consent.push(input(
            Field::NoConsentReason,
            t!(l, "referral-no-consent-reason"),
            draft,
        ));
        let left = column![
            row![
                text(format!("{} · {}", r.number, status_label(l, r.status)))
                    .size(16)
                    .font(theme::SEMIBOLD),
            ],
            widgets::field(
                t!(l, "referral-agency"),
                pick_list(agencies, agency, Message::Agency).padding(6),
                None
            ),
            container(services).padding(10).style(theme::card),
            input(Field::Wishes, t!(l, "case-wishes"), draft),
            input(Field::Protection, t!(l, "referral-protection"), draft),
            container(consent).padding(10).style(theme::card),
        ]
        .spacing(10);
        // Workflow actions for the current step.
        let mut actions = column![widgets::section(t!(l, "referral-workflow"))].spacing(8);
        for s in ReferralStatus::ALL {
            let done = s_rank(r.status) >= s_rank(s);
            let t = text(format!(
                "{} {}",
                if done { "●" } else { "○" },
                status_label(l, s)
            ))
            .size(14);
            actions = actions.push(t);
        }
        match r.status {
            ReferralStatus::Draft => {
                actions = actions.push(
                    button(text(t!(l, "referral-save")))
                        .on_press_maybe((!self.busy).then_some(Message::Save))
                        .style(button::secondary),
                );
                if !r.id.is_empty() && session.user.role.can_supervise() {
                    if r.created_by == session.user.username {
                        actions = actions.push(
                            text(t!(l, "referral-own"))
                                .size(13)
                                .style(theme::warning_text),
                        );
                    } else {
                        actions = actions.push(
                            button(text(t!(l, "referral-approve")))
                                .on_press_maybe((!self.busy).then_some(Message::Approve))
                                .style(button::success),
                        );
                    }
                } else if !r.id.is_empty() {
                    actions = actions.push(
                        text(t!(l, "referral-needs-supervisor"))
                            .size(13)
                            .style(theme::muted),
                    );
                }
            }
            ReferralStatus::Approved => {
                actions = actions
                    .push(
                        text(t!(l, "referral-handover-title"))
                            .size(14)
                            .font(theme::SEMIBOLD),
                    )
                    .push(
                        row![
                            input(Field::HandoverDate, t!(l, "batch-date"), true),
                            input(Field::HandoverTime, t!(l, "batch-time"), true)
                        ]
                        .spacing(8),
                    )
                    .push(input(Field::HandoverPlace, t!(l, "case-place"), true))
                    .push(
                        row![
                            input(Field::Receiver, t!(l, "referral-receiver"), true),
                            input(Field::ReceiverTitle, t!(l, "referral-receiver-title"), true)
                        ]
                        .spacing(8),
                    )
                    .push(input(
                        Field::HandoverDocuments,
                        t!(l, "case-documents"),
                        true,
                    ))
                    .push(
                        button(text(t!(l, "referral-record-handover")))
                            .on_press_maybe((!self.busy).then_some(Message::RecordHandover))
                            .style(button::primary),
                    );
            }
            ReferralStatus::HandedOver => {
                actions = actions
                    .push(
                        row![
                            input(Field::AckDate, t!(l, "referral-ack-date"), true),
                            input(Field::AckNote, t!(l, "referral-ack-note"), true)
                        ]
                        .spacing(8),
                    )
                    .push(
                        button(text(t!(l, "referral-acknowledge")))
                            .on_press_maybe((!self.busy).then_some(Message::Acknowledge))
                            .style(button::primary),
                    );
            }
            ReferralStatus::Acknowledged => {
                actions = actions.push(
                    text(t!(
                        l,
                        "referral-ack-on",
                        date = r.acknowledged_on.map(dates::format_dmy).unwrap_or_default()
                    ))
                    .size(14),
                );
            }
        }
        if r.status != ReferralStatus::Draft {
            use crate::ui::print::Doc;
            let rid = r.id.clone();
            actions = actions
                .push(widgets::section(t!(l, "referral-documents")))
                .push(
                    button(text(t!(l, "referral-export")))
                        .on_press_maybe((!self.busy).then_some(Message::Export))
                        .style(button::primary),
                )
                .push(doc_buttons(
                    l,
                    Doc::Referral(rid.clone()),
                    self.busy,
                    t!(l, "doc-referral"),
                ))
                .push(doc_buttons(
                    l,
                    Doc::Handover(rid),
                    self.busy,
                    t!(l, "doc-handover"),
                ));
        }
        c.push(
            row![
                scrollable(left)
                    .width(Length::FillPortion(3))
                    .height(Length::Fill),
                scrollable(container(actions).padding(10).style(theme::card))
                    .width(Length::FillPortion(2))
                    .height(Length::Fill),
            ]
            .spacing(12),
        )
        .padding(16)
        .height(Length::Fill)
        .into()
    }
}

fn s_rank(s: ReferralStatus) -> usize {
    ReferralStatus::ALL
        .iter()
        .position(|x| *x == s)
        .unwrap_or(0)
}

/// "Open PDF" and "Save PDF" for one document.
pub fn doc_buttons<'a>(
    l: Lang,
    doc: crate::ui::print::Doc,
    busy: bool,
    label: String,
) -> Element<'a, Message> {
    row![
        text(label).size(14).width(Length::Fill),
        button(text(t!(l, "doc-open")))
            .on_press_maybe((!busy).then(|| Message::Document(doc.clone(), DocAction::Open)))
            .style(button::secondary),
        button(text(t!(l, "doc-save")))
            .on_press_maybe((!busy).then(|| Message::Document(doc.clone(), DocAction::Save)))
            .style(button::secondary),
    ]
    .spacing(6)
    .align_y(Alignment::Center)
    .into()
}

fn referral_error(l: Lang, e: &UiError) -> String {
    match e {
        UiError::Invalid(m)
            if m.contains("cannot be approved") || m.contains("cannot be recorded") =>
        {
            let problems: Vec<String> = m
                .rsplit(": ")
                .next()
                .unwrap_or("")
                .split(", ")
                .map(|k| i18n::dynamic(l, &format!("referral-problem-{k}")))
                .collect();
            t!(l, "referral-cannot", problems = problems.join(" "))
        }
        e => e.message(l),
    }
}

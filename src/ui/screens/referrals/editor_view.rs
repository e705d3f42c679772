//! Drawing the referral editor: the referral on the left, its workflow and
//! papers on the right.

use iced::widget::{Row, column, container, row, scrollable, text, text_input};
use iced::{Element, Length};

use super::editor::{Editor, Field, Message};
use super::status_label;
use crate::domain::dates;
use crate::domain::referral::{ReferralStatus, SERVICES};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::print::Doc;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};

impl Editor {
    pub fn view(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let Some(case) = &self.case else {
            let head = widgets::heading(l, Some(Message::Back), t!(l, "nav-referrals"), vec![]);
            return widgets::loading(l, head, self.notice.as_ref());
        };
        let dirty = self.is_dirty();
        let save = (!self.busy && dirty).then_some(Message::Save);
        let mut actions = vec![text(case.record.identity.full_name.clone()).size(15).into()];
        actions.extend(widgets::buttons([
            (
                t!(l, "referral-new"),
                Kind::Secondary,
                // Another referral opens once this one's input is saved.
                (!self.withdrawn && !dirty).then_some(Message::New),
            ),
            (t!(l, "referral-save"), Kind::Primary, save),
        ]));
        let title = t!(l, "referral-title", number = case.record.number.clone());
        let mut c = column![widgets::heading(l, Some(Message::Back), title, actions)].spacing(10);
        if let Some((path, secret)) = &self.passphrase {
            c = c.push(widgets::passphrase_panel(
                l,
                t!(l, "referral-package-done"),
                t!(l, "referral-package-passphrase"),
                path,
                secret.expose(),
                Message::ClosePassphrase,
            ));
            return c.padding(16).into();
        }
        if self.withdrawn {
            c = c.push(widgets::banner(Banner::Error, t!(l, "referral-withdrawn")));
        }
        if self.referrals.len() > 1 {
            let mut tabs = row![].spacing(4);
            for (i, r) in self.referrals.iter().enumerate() {
                let sel = self.current.as_ref().is_some_and(|x| x.id == r.id);
                tabs = tabs.push(
                    widgets::focus(
                        iced::widget::button(text(r.number.clone()).size(13))
                            .on_press_maybe((!dirty).then_some(Message::Select(i)))
                            .style(theme::nav(sel)),
                    )
                    .on_activate(Message::Select(i)),
                );
            }
            c = c.push(tabs);
        }
        let Some(r) = &self.current else {
            return c
                .push(text(t!(l, "referral-none-for-case")))
                .push(widgets::notice(l, self.notice.as_ref()))
                .padding(16)
                .into();
        };
        let draft = r.status == ReferralStatus::Draft;
        // A new referral names an agency in force today; an old one keeps
        // the agency of its time (a retired Sở LĐ-TB&XH still shows on it).
        let today = crate::clock::today();
        let agencies = widgets::labelled(
            self.agencies
                .iter()
                .filter(|a| a.valid_on(today) || (!draft && r.agency_id == Some(a.id)))
                .map(|a| (a.id, a.name.clone())),
        );
        let input = |f: Field, label: String, enabled: bool| {
            widgets::field(
                label,
                false,
                text_input("", self.text(f))
                    .on_input_maybe(enabled.then_some(move |s| Message::Text(f, s)))
                    .padding(6),
                None,
            )
        };
        // Fields side by side.
        let fields = |list: Vec<(Field, String)>, enabled: bool| {
            Row::with_children(list.into_iter().map(|(f, label)| input(f, label, enabled)))
                .spacing(8)
        };
        let mut services = column![widgets::section(t!(l, "referral-services"))].spacing(4);
        for s in SERVICES {
            services = services.push(widgets::check(
                i18n::dynamic(l, &format!("service-{s}")),
                r.services.iter().any(|x| x == s),
                draft.then_some(move |b| Message::Service(s, b)),
            ));
        }
        services = services.push(input(
            Field::ServicesOther,
            t!(l, "referral-services-other"),
            draft,
        ));
        let child = case.record.is_child();
        let mut consent = column![
            widgets::section(t!(l, "referral-consent")),
            widgets::check(
                t!(l, "referral-consent-given"),
                r.consent.given,
                draft.then_some(Message::Consent)
            ),
            input(Field::Told, t!(l, "referral-consent-told"), draft),
            input(Field::Language, t!(l, "referral-consent-language"), draft),
        ]
        .spacing(6);
        if child && crate::domain::privacy::parties(&case.record.age_reading()).own {
            consent = consent.push(widgets::check(
                t!(l, "referral-consent-child"),
                r.consent.child_agreed,
                draft.then_some(Message::ChildConsent),
            ));
        }
        if child {
            consent = consent
                .push(
                    text(t!(l, "referral-child-guardian"))
                        .size(13)
                        .style(theme::warning_text),
                )
                .push(fields(
                    vec![
                        (Field::Guardian, t!(l, "referral-guardian")),
                        (Field::GuardianRelation, t!(l, "case-family-relation")),
                    ],
                    draft,
                ));
        }
        consent = consent.push(input(
            Field::NoConsentReason,
            t!(l, "referral-no-consent-reason"),
            draft,
        ));
        let left = column![
            row![
                text(if r.number.is_empty() {
                    // Not saved yet: no number to name.
                    status_label(l, r.status)
                } else {
                    format!("{} · {}", r.number, status_label(l, r.status))
                })
                .size(16)
                .font(theme::SEMIBOLD),
            ],
            widgets::pick_field(
                l,
                t!(l, "referral-agency"),
                true,
                agencies,
                r.agency_id.as_ref(),
                Message::Agency
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
                actions = actions.push(btn(
                    t!(l, "referral-save"),
                    Kind::Secondary,
                    (!self.busy).then_some(Message::Save),
                ));
                if !r.id.is_empty() && session.user.role.can_supervise() {
                    if r.created_by == session.user.username {
                        actions = actions.push(
                            text(t!(l, "referral-own"))
                                .size(13)
                                .style(theme::warning_text),
                        );
                    } else {
                        actions = actions.push(btn(
                            t!(l, "referral-approve"),
                            Kind::Success,
                            (!self.busy).then_some(Message::Approve),
                        ));
                    }
                } else if !r.id.is_empty() {
                    actions = actions.push(widgets::hint(t!(l, "referral-needs-supervisor")));
                }
            }
            ReferralStatus::Approved => {
                let handover = [
                    vec![
                        (Field::HandoverDate, t!(l, "batch-date")),
                        (Field::HandoverTime, t!(l, "batch-time")),
                    ],
                    vec![(Field::HandoverPlace, t!(l, "case-place"))],
                    vec![
                        (Field::Receiver, t!(l, "referral-receiver")),
                        (Field::ReceiverTitle, t!(l, "referral-receiver-title")),
                    ],
                    vec![(Field::HandoverDocuments, t!(l, "case-documents"))],
                ];
                actions = actions.push(
                    text(t!(l, "referral-handover-title"))
                        .size(14)
                        .font(theme::SEMIBOLD),
                );
                for line in handover {
                    actions = actions.push(fields(line, true));
                }
                actions = actions.push(btn(
                    t!(l, "referral-record-handover"),
                    Kind::Primary,
                    (!self.busy).then_some(Message::RecordHandover),
                ));
            }
            ReferralStatus::HandedOver => {
                actions = actions
                    .push(fields(
                        vec![
                            (Field::AckDate, t!(l, "referral-ack-date")),
                            (Field::AckNote, t!(l, "referral-ack-note")),
                        ],
                        true,
                    ))
                    .push(btn(
                        t!(l, "referral-acknowledge"),
                        Kind::Primary,
                        (!self.busy).then_some(Message::Acknowledge),
                    ));
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
        // A draft's papers print as drafts (marked, unnumbered) from what is
        // saved, so the officer can read them before asking for approval;
        // the package leaves only once the referral is approved.
        let draft = r.status == ReferralStatus::Draft;
        let rid = r.id.clone();
        let ready = !(self.busy || draft && self.is_dirty());
        let document = |label, doc: Doc| {
            widgets::doc_row(l, label, ready, move |a| Message::Document(doc.clone(), a))
        };
        actions = actions.push(widgets::section(t!(l, "referral-documents")));
        if draft {
            actions = actions.push(widgets::hint(t!(l, "referral-draft-papers")));
        } else {
            actions = actions.push(btn(
                t!(l, "referral-export"),
                Kind::Primary,
                (!self.busy).then_some(Message::Export),
            ));
        }
        actions = actions
            .push(document(t!(l, "doc-referral"), Doc::Referral(rid.clone())))
            .push(document(t!(l, "doc-handover"), Doc::Handover(rid)));
        c.push(
            row![
                scrollable(left.padding(iced::Padding {
                    right: 14.0,
                    ..iced::Padding::ZERO
                }))
                .width(Length::FillPortion(3))
                .height(Length::Fill),
                scrollable(container(actions).padding(10).style(theme::card))
                    .width(Length::FillPortion(2))
                    .height(Length::Fill),
            ]
            .spacing(12),
        )
        // Under the form: a notice appearing never moves the buttons
        // the officer is about to click (a second "save" would hit the
        // paper below the one meant).
        .push(widgets::notice(l, self.notice.as_ref()))
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

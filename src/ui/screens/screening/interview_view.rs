//! Drawing the interview: the questionnaire on the left, the result (in
//! sentences, dimension by dimension), the evidence, the decision and the
//! review on the right. A supervisor reviewing another officer's decision
//! sees the answers read-only.

use iced::widget::{Space, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Padding};

use super::interview::{ID_REASON, Interview, Message};
use super::{answer_label, decision_label, dimension_label, grade_label};
use crate::domain::screening::record::{EVIDENCE_SOURCES, FALLBACK_SIGNS};
use crate::domain::screening::{
    Answer, Approval, Catalog, Decision, Dimension, Element as LegalElement, Exploitation,
    LegalElements, Means, Outcome, Purpose, ScreeningResult, Signs, still_needed,
};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::labels;
use crate::ui::session::Session;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Kind, btn};

/// Room on the right of a scrolled column for its scroll bar.
const SCROLLBAR: Padding = Padding {
    top: 0.0,
    right: 14.0,
    bottom: 0.0,
    left: 0.0,
};

/// "1 mạnh, 2 vừa": the grades that have a count, in order, joined by `sep`.
fn counted(l: Lang, [strong, medium, weak, other]: [u32; 4], sep: &str) -> String {
    [
        (strong, t!(l, "grade-count-strong")),
        (medium, t!(l, "grade-count-medium")),
        (weak, t!(l, "grade-count-weak")),
        (other, t!(l, "grade-other")),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, g)| format!("{n} {g}"))
    .collect::<Vec<_>>()
    .join(sep)
}

/// "Tuyển mộ bằng thủ đoạn lừa dối: chưa đủ dấu hiệu (cần 1 mạnh + 1 khác)".
pub fn dimension_sentence(l: Lang, d: Dimension, r: &ScreeningResult) -> String {
    let dr = r.dimension(d);
    let name = dimension_label(l, d);
    let have = counted(l, [dr.strong, dr.medium, dr.weak, 0], ", ");
    match still_needed(dr.strong, dr.medium, dr.weak) {
        None => t!(l, "screening-dim-positive", name = name, have = have),
        Some(n) => {
            let need = counted(l, [n.strong, n.medium, n.weak, n.other], " + ");
            if have.is_empty() {
                t!(l, "screening-dim-none", name = name, need = need)
            } else {
                t!(
                    l,
                    "screening-dim-short",
                    name = name,
                    have = have,
                    need = need
                )
            }
        }
    }
}

/// The three elements of Law 53/2024 art. 2(1) and what is missing.
pub fn legal_panel<'a, M: 'a>(legal: &LegalElements, under_18: bool, l: Lang) -> Element<'a, M> {
    let value = |b: Option<bool>| match b {
        Some(true) => t!(l, "legal-value-yes"),
        Some(false) => t!(l, "legal-value-no"),
        None => t!(l, "legal-value-unknown"),
    };
    let means = match legal.means {
        Means::Present => t!(l, "legal-value-yes"),
        Means::Absent => t!(l, "legal-value-no"),
        Means::Unknown => t!(l, "legal-value-unknown"),
        Means::NotRequired => t!(l, "legal-value-not_required"),
    };
    let line = |name: String, v: String| {
        row![
            text(name).size(13).width(Length::FillPortion(3)),
            text(v)
                .size(13)
                .font(theme::SEMIBOLD)
                .width(Length::FillPortion(1)),
        ]
        .spacing(8)
    };
    let (kind, verdict) = match legal.signs {
        Signs::Present if under_18 => (Banner::Error, t!(l, "legal-signs-present-under-18")),
        Signs::Present => (Banner::Error, t!(l, "legal-signs-present")),
        Signs::Insufficient => (Banner::Info, t!(l, "legal-signs-insufficient")),
        Signs::Unknown => (Banner::Warning, t!(l, "legal-signs-unknown")),
    };
    let mut c = column![
        widgets::section(t!(l, "legal-title")),
        line(t!(l, "legal-element-act"), value(legal.act)),
        line(t!(l, "legal-element-purpose"), value(legal.purpose)),
        line(t!(l, "legal-element-means"), means),
        widgets::banner(kind, verdict),
    ]
    .spacing(4);
    if !legal.missing.is_empty() {
        c = c.push(
            text(t!(l, "legal-missing-title"))
                .size(13)
                .font(theme::SEMIBOLD),
        );
        for m in &legal.missing {
            c = c.push(
                text(match m {
                    LegalElement::Act => t!(l, "legal-missing-act"),
                    LegalElement::Purpose => t!(l, "legal-missing-purpose"),
                    LegalElement::Means => t!(l, "legal-missing-means"),
                })
                .size(13),
            );
        }
    }
    c.into()
}

/// The result and the path that leads to it, dimension by dimension.
pub fn result_path<'a, M: 'a>(r: &ScreeningResult, l: Lang) -> Element<'a, M> {
    let mut col = column![widgets::section(t!(l, "screening-ilo-title"))].spacing(4);
    for d in Dimension::ALL {
        let positive = r.dimension(d).positive;
        let t = text(dimension_sentence(l, d, r)).size(13);
        col = col.push(if positive { t.font(theme::SEMIBOLD) } else { t });
    }
    col = col.push(
        text(t!(l, "screening-rule-legend"))
            .size(12)
            .style(theme::muted),
    );
    let rule = if r.list.is_child() {
        t!(l, "screening-rule-child")
    } else {
        t!(l, "screening-rule-adult")
    };
    col = col.push(text(rule).size(13).style(theme::muted));
    let kind = match r.outcome {
        Outcome::SuspectedVictim => Banner::Error,
        Outcome::NeedsFurtherInterview | Outcome::ExploitationOnly => Banner::Warning,
        Outcome::NoIndicators => Banner::Info,
    };
    col = col.push(widgets::banner(kind, labels::outcome(l, r.outcome.key())));
    if r.unknown_could_change {
        col = col.push(
            text(t!(l, "screening-unknown-could-change"))
                .size(13)
                .style(theme::warning_text),
        );
    }
    col.into()
}

impl Interview {
    /// A supervisor looking at another officer's pending decision: answers read-only.
    pub(super) fn reviewing(&self, session: &Session) -> bool {
        self.record.as_ref().is_some_and(|r| {
            r.approval == Some(Approval::Pending)
                && session.user.role.can_supervise()
                && r.decided_by.as_deref() != Some(session.user.username.as_str())
        })
    }

    pub fn view(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let Some(case) = &self.case else {
            let head = widgets::heading(l, Some(Message::Back), t!(l, "nav-screening"), vec![]);
            return widgets::loading(l, head, self.notice.as_ref());
        };
        let rec = &case.record;
        let read_only = self.locked() || self.reviewing(session);
        let age = rec
            .age()
            .map(|a| t!(l, "screening-age", age = a))
            .unwrap_or_else(|| t!(l, "screening-age-unknown"));
        let head = widgets::heading(
            l,
            Some(Message::Back),
            t!(l, "screening-title", number = rec.number.clone()),
            vec![
                text(format!("{} · {}", rec.identity.full_name, age))
                    .size(15)
                    .into(),
                btn(
                    t!(l, "screening-save"),
                    Kind::Primary,
                    (!self.busy && !read_only).then_some(Message::Save),
                ),
            ],
        );
        let repeat = (case.receptions.len() > 1).then(|| {
            widgets::banner(
                Banner::Error,
                t!(l, "screening-repeat", count = case.receptions.len()),
            )
        });
        let restored = self.restored_draft.then(|| {
            let message = t!(l, "screening-draft-restored");
            widgets::draft_restored(l, message, Message::DiscardDraft)
        });
        let body = row![
            scrollable(
                column![
                    self.view_settings(l, read_only),
                    self.view_questions(l, read_only)
                ]
                .spacing(8)
                .padding(SCROLLBAR)
            )
            .id(iced::widget::Id::new(super::interview::ID_QUESTIONS))
            .width(Length::FillPortion(3))
            .height(Length::Fill),
            scrollable(
                container(self.view_result_and_decision(session, l, read_only)).padding(SCROLLBAR)
            )
            .width(Length::FillPortion(2))
            .height(Length::Fill),
        ]
        .spacing(12);
        column![
            head,
            widgets::slot(repeat),
            widgets::slot(restored),
            body,
            // Under the questions and the papers' buttons, which it never moves.
            widgets::notice(l, self.notice.as_ref()),
        ]
        .spacing(8)
        .padding(16)
        .height(Length::Fill)
        .into()
    }

    fn view_settings(&self, l: Lang, read_only: bool) -> Element<'_, Message> {
        let explo = widgets::labelled([
            (Exploitation::Labour, t!(l, "exploitation-labour")),
            (Exploitation::Sexual, t!(l, "exploitation-sexual")),
        ]);
        let mut settings = row![
            text(t!(l, "screening-exploitation")).size(14),
            widgets::pick(
                explo,
                Some(&self.exploitation),
                t!(l, "choose-placeholder"),
                Message::Exploitation
            ),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        {
            let moved = widgets::labelled([
                (None, t!(l, "answer-unknown")),
                (Some(true), t!(l, "answer-yes")),
                (Some(false), t!(l, "answer-no")),
            ]);
            settings = settings
                .push(text(t!(l, "screening-moved")).size(14))
                .push(widgets::pick(
                    moved,
                    Some(&self.moved),
                    t!(l, "choose-placeholder"),
                    Message::Moved,
                ));
        }
        let mut c = column![if read_only {
            Element::from(widgets::hint(t!(l, "screening-read-only")))
        } else {
            settings.wrap().vertical_spacing(6).into()
        }]
        .spacing(6);
        // The purposes of Law 53/2024 art. 2(1), as many as apply.
        let mut purposes = row![].spacing(12);
        for p in Purpose::ALL {
            purposes = purposes.push(widgets::check(
                i18n::dynamic(l, &format!("purpose-{}", p.key())),
                self.purposes.contains(&p),
                (!read_only).then_some(move |b| Message::Purpose(p, b)),
            ));
        }
        c = c.push(
            text(t!(l, "screening-purposes"))
                .size(13)
                .font(theme::SEMIBOLD),
        );
        c = c.push(purposes.wrap().vertical_spacing(4));
        if let Some(r) = &self.result {
            let list = i18n::dynamic(l, &format!("list-{}", r.list.key()));
            let note = if r.presumed_child {
                t!(l, "screening-presumed-child")
            } else {
                String::new()
            };
            c = c.push(
                text(format!("{} {}", t!(l, "screening-list", list = list), note))
                    .size(13)
                    .style(theme::muted),
            );
        }
        let mut tabs = row![].spacing(4);
        for d in Dimension::ALL {
            let dr = self.result.as_ref().map(|r| r.dimension(d));
            let yes = dr.map(|x| x.indicators.len()).unwrap_or(0);
            let mark = match (yes, dr.is_some_and(|x| x.positive)) {
                (0, _) => d.prefix().to_string(),
                (n, true) => format!("{} · {n} ✓", d.prefix()),
                (n, false) => format!("{} · {n}", d.prefix()),
            };
            let label = column![
                text(dimension_label(l, d)).size(13),
                text(mark).size(11).style(theme::muted)
            ];
            tabs = tabs.push(
                widgets::focus(
                    iced::widget::button(label)
                        .on_press(Message::Dimension(d))
                        .style(theme::nav(self.dimension == d))
                        .padding([4, 10]),
                )
                .on_activate(Message::Dimension(d)),
            );
        }
        c.push(tabs.wrap().vertical_spacing(4))
            .push(
                text(t!(l, "screening-keys-help"))
                    .size(12)
                    .style(theme::muted),
            )
            .into()
    }

    fn view_questions(&self, l: Lang, read_only: bool) -> Element<'_, Message> {
        let Ok(catalog) = Catalog::builtin() else {
            return text(t!(l, "error-catalog")).into();
        };
        let list = self.list();
        let mut col = column![widgets::section(dimension_label(l, self.dimension))].spacing(8);
        let questions = catalog
            .in_dimension(self.dimension)
            .filter_map(|ind| ind.grade(list).map(|g| (ind, g)));
        for (i, (ind, grade)) in questions.enumerate() {
            let (label, question) = match l {
                Lang::Vi => (&ind.label_vi, ind.question_vi_on(list)),
                Lang::En => (&ind.label_en, ind.question_en.as_str().into()),
            };
            let current = self.answers.get(&ind.code).copied();
            let mut answers = row![].spacing(4);
            for (k, a) in Answer::ALL.into_iter().enumerate() {
                let kind = if current == Some(a) {
                    Kind::Primary
                } else {
                    Kind::Secondary
                };
                answers = answers.push(btn(
                    format!("{} {}", k + 1, answer_label(l, a)),
                    kind,
                    (!read_only).then(|| Message::Answer(ind.code.clone(), a)),
                ));
            }
            let code = ind.code.clone();
            let note = self.notes.get(&ind.code).map(String::as_str).unwrap_or("");
            let note: Element<'_, Message> = if read_only {
                text(note.to_string()).size(13).into()
            } else {
                text_input(&t!(l, "screening-note"), note)
                    .on_input(move |s| Message::Note(code.clone(), s))
                    .padding(4)
                    .size(13)
                    .into()
            };
            let card = container(
                column![
                    row![
                        text(format!("{} · {}", ind.code, label))
                            .size(13)
                            .font(theme::SEMIBOLD)
                            .width(Length::Fill),
                        text(grade_label(l, grade)).size(12).style(theme::muted),
                    ],
                    text(question.into_owned()).size(15),
                    answers,
                    note,
                ]
                .spacing(6),
            )
            .padding(10)
            .style(if i == self.cursor && !read_only {
                theme::card_current
            } else {
                theme::card
            });
            let card = if i == self.cursor {
                card.id(iced::widget::Id::new(super::interview::ID_CURRENT))
            } else {
                card
            };
            col = col.push(iced::widget::mouse_area(card).on_press(Message::Focus(i)));
        }
        col.into()
    }

    fn view_result_and_decision(
        &self,
        session: &Session,
        l: Lang,
        read_only: bool,
    ) -> Element<'_, Message> {
        let mut col = column![widgets::section(t!(l, "screening-result"))].spacing(8);
        if let Some(stored) = self.shows_stored_result() {
            col = col.push(widgets::hint(t!(
                l,
                "screening-v1-result",
                version = stored.catalog_version.clone()
            )));
        }
        if let Some(r) = &self.result {
            col = col.push(container(result_path(r, l)).padding(10).style(theme::card));
            if let Some(legal) = &r.legal {
                col = col.push(
                    container(legal_panel(legal, r.list.is_child(), l))
                        .padding(10)
                        .style(theme::card),
                );
            }
            if let Some(d) = self.proposal() {
                col = col.push(
                    text(t!(
                        l,
                        "screening-proposed-decision",
                        decision = decision_label(l, Some(d))
                    ))
                    .size(13)
                    .font(theme::SEMIBOLD),
                );
            }
        }
        col = col.push(self.view_evidence(l, read_only));
        col = col.push(self.view_decision(session, l));
        if let Some(r) = &self.record
            && !r.id.is_empty()
        {
            col = col.push(widgets::doc_row(
                l,
                t!(l, "doc-screening"),
                true,
                Message::Print,
            ));
        }
        if self.history.len() > 1 {
            let mut h = column![widgets::section(t!(l, "screening-history"))].spacing(2);
            for r in &self.history {
                h = h.push(
                    text(format!(
                        "v{} · {} · {} · {}",
                        r.version,
                        crate::ui::screens::audit::format_ts(&r.updated_at),
                        labels::outcome(l, r.result.outcome.key()),
                        decision_label(l, r.decision)
                    ))
                    .size(13),
                );
            }
            col = col.push(container(h).padding(10).style(theme::card));
        }
        col.into()
    }

    /// The evidence sources and signs of art. 32.
    fn view_evidence(&self, l: Lang, read_only: bool) -> Element<'_, Message> {
        let edit = !read_only;
        let e = &self.evidence;
        let ticks = |prefix, keys, recorded, on| tick_list(l, prefix, keys, recorded, edit, on);
        let sources = ticks("evidence", &EVIDENCE_SOURCES, &e.sources, Message::Source);
        let signs = ticks("sign", &FALLBACK_SIGNS, &e.signs, Message::Sign);
        let mut ev = column![widgets::section(t!(l, "screening-evidence"))]
            .spacing(4)
            .extend(sources)
            .push(
                text(t!(l, "screening-fallback"))
                    .size(13)
                    .font(theme::SEMIBOLD),
            )
            .push(widgets::check(
                t!(l, "sign-background_verified"),
                e.background_verified,
                edit.then_some(Message::BackgroundVerified),
            ))
            .extend(signs);
        if edit {
            ev = ev.push(
                text_input(&t!(l, "screening-evidence-note"), &self.evidence.note)
                    .on_input(Message::EvidenceNote)
                    .padding(4)
                    .size(13),
            );
        } else if !self.evidence.note.is_empty() {
            ev = ev.push(text(self.evidence.note.clone()).size(13));
        }
        container(ev).padding(10).style(theme::card).into()
    }

    fn view_decision(&self, session: &Session, l: Lang) -> Element<'_, Message> {
        let mut dec = column![
            widgets::section(t!(l, "screening-decision")),
            widgets::hint(t!(l, "screening-advice"))
        ]
        .spacing(6);
        if let Some(r) = &self.record {
            let by = |u: &Option<String>| u.as_deref().map(|u| self.name_of(u)).unwrap_or_default();
            let state = match r.approval {
                Some(Approval::Pending) => t!(l, "approval-pending", by = by(&r.decided_by)),
                Some(Approval::Approved) => t!(l, "approval-approved", by = by(&r.approved_by)),
                Some(Approval::Returned) => t!(
                    l,
                    "approval-returned",
                    by = by(&r.approved_by),
                    note = r.approval_note.clone()
                ),
                None => t!(l, "approval-none"),
            };
            dec = dec.push(text(format!("{} · v{}", state, r.version)).size(14));
            if let Some(d) = r.decision {
                dec = dec.push(
                    text(format!(
                        "{}: {} — {}",
                        t!(l, "screening-decision"),
                        decision_label(l, Some(d)),
                        r.decision_reason
                    ))
                    .size(13),
                );
            }
        }
        let reviewing = self.reviewing(session);
        if self.locked() {
            dec = dec.push(btn(
                t!(l, "screening-rescreen"),
                Kind::Secondary,
                Some(Message::Rescreen),
            ));
        } else if !reviewing {
            let decisions = widgets::choices(&Decision::ALL, |d| decision_label(l, Some(*d)));
            dec = dec
                .push(widgets::pick(
                    decisions,
                    self.decision.as_ref(),
                    t!(l, "screening-decision-placeholder"),
                    Message::Decision,
                ))
                .push(
                    text_input(&t!(l, "screening-reason"), &self.reason)
                        .id(iced::widget::Id::new(ID_REASON))
                        .on_input(Message::Reason)
                        .on_submit(Message::RecordDecision)
                        .padding(6),
                )
                .push(btn(
                    t!(l, "screening-record-decision"),
                    Kind::Primary,
                    (!self.busy).then_some(Message::RecordDecision),
                ));
        }
        // The supervisor's review: never of one's own decision.
        if let Some(r) = &self.record
            && r.approval == Some(Approval::Pending)
            && session.user.role.can_supervise()
        {
            if !reviewing {
                dec = dec.push(
                    text(t!(l, "screening-own-decision"))
                        .size(13)
                        .style(theme::warning_text),
                );
            } else if let Some(approve) = self.confirming {
                let question = if approve {
                    t!(l, "screening-confirm-approve")
                } else {
                    t!(l, "screening-confirm-return")
                };
                let confirm = (!self.busy).then_some(Message::ConfirmReview);
                let buttons = widgets::buttons([
                    (t!(l, "action-confirm"), Kind::Primary, confirm),
                    (
                        t!(l, "action-cancel"),
                        Kind::Secondary,
                        Some(Message::CancelReview),
                    ),
                ]);
                dec = dec.push(widgets::banner_with(Banner::Warning, question, buttons));
            } else {
                let review = |approve| (!self.busy).then_some(Message::Review(approve));
                dec = dec
                    .push(
                        text_input(&t!(l, "screening-review-note"), &self.review_note)
                            .on_input(Message::ReviewNote)
                            .padding(6),
                    )
                    .push(widgets::button_row([
                        (t!(l, "screening-approve"), Kind::Success, review(true)),
                        (t!(l, "screening-return"), Kind::Danger, review(false)),
                    ]));
            }
        }
        dec = dec.push(Space::new().height(Length::Fixed(4.0)));
        container(dec).padding(10).style(theme::card).into()
    }
}

/// A check box for each key of a list of art. 32 ("evidence-a", "sign-…"),
/// ticked when it is among those recorded; `on` says a change.
fn tick_list<'a>(
    l: Lang,
    prefix: &str,
    keys: &[&'static str],
    recorded: &[String],
    edit: bool,
    on: fn(String, bool) -> Message,
) -> Vec<Element<'a, Message>> {
    keys.iter()
        .map(|&k| {
            widgets::check(
                i18n::dynamic(l, &format!("{prefix}-{k}")),
                recorded.iter().any(|s| s == k),
                edit.then_some(move |b| on(k.to_string(), b)),
            )
        })
        .collect()
}

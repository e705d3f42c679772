//! Drawing the case form from the field table: every section is rows of
//! fields, every field a widget chosen by its kind, every message in a place
//! that is always there (so the layout never shifts under the field being
//! typed in), and the duplicates and comparison panels above the tabs.

use chrono::NaiveDate;
use iced::widget::{Id, column, container, row, scrollable, text, text_editor, text_input};
use iced::{Alignment, Element, Length};

use super::{CaseForm, DuplicateChoice, Message, today};
use crate::domain::case::{CaseRecord, Status};
use crate::domain::dates;
use crate::domain::deadlines::{self, DeadlineState};
use crate::domain::fields::{self, AgeHint, ChoiceList, Field, Kind, Required, Section};
use crate::domain::places;
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::labels;
use crate::ui::theme::{self, Banner};
use crate::ui::widgets::{self, Choice, Kind as Btn, btn};

pub fn section_label(l: Lang, s: Section) -> String {
    labels::keyed(l, "case-section", s.key())
}

/// The choices of a list, labelled.
fn list_choices(l: Lang, list: ChoiceList) -> Vec<Choice<String>> {
    list.keys()
        .into_iter()
        .map(|k| Choice {
            value: k.to_string(),
            label: labels::choice(l, list, k),
        })
        .collect()
}

impl CaseForm {
    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let title = if self.base.number.is_empty() {
            t!(l, "case-new-title")
        } else {
            t!(l, "case-title", number = self.base.number.clone())
        };
        let mut actions: Vec<Element<'_, Message>> = Vec::new();
        let batch = self
            .batch_number
            .as_ref()
            .map(|b| t!(l, "case-in-batch", number = b.clone()));
        if self.version.is_some() {
            // The case's next steps open from what is saved.
            let clean = !self.is_dirty();
            actions.extend(widgets::buttons(
                [
                    (t!(l, "case-screen"), Message::Screen),
                    (t!(l, "case-refer"), Message::Refer),
                    (t!(l, "case-notice"), Message::Notice),
                ]
                .map(|(label, m)| (label, Btn::Secondary, clean.then_some(m))),
            ));
        }
        actions.push(btn(
            t!(l, "case-save"),
            Btn::Primary,
            (!self.busy && !self.loading).then_some(Message::Save),
        ));
        let head = widgets::heading_under(l, Some(Message::Back), title, batch, actions);
        if self.loading {
            return widgets::loading(l, head, self.notice.as_ref());
        }
        let repeat = (self.receptions.len() > 1).then(|| {
            let list = self
                .receptions
                .iter()
                .map(|(_, n, d)| format!("{n} ({})", dates::iso_to_dmy(d)))
                .collect::<Vec<_>>()
                .join(", ");
            widgets::banner(
                Banner::Error,
                t!(
                    l,
                    "case-repeat-return",
                    count = self.receptions.len(),
                    list = list
                ),
            )
        });
        let restored = self.restored_draft.then(|| {
            let message = t!(l, "case-draft-restored");
            widgets::draft_restored(l, message, Message::DiscardDraft)
        });
        let notice = if self.fine_asked {
            Some(widgets::confirm(
                t!(l, "case-fine-confirm"),
                (
                    t!(l, "case-fine-confirm-yes"),
                    Btn::Primary,
                    Message::ConfirmFine,
                ),
                (t!(l, "action-cancel"), Message::CancelFine),
            ))
        } else {
            match (&self.notice, self.remaining_problems()) {
                // After a save was tried, the summary counts what is left to fix.
                (_, Some(n)) => Some(widgets::banner(
                    Banner::Error,
                    t!(l, "case-has-errors", count = n),
                )),
                (Some(crate::ui::notice::Notice::FormProblems(_)), None) => None,
                (Some(n), None) => Some(widgets::banner(n.kind(), n.text(l))),
                (None, None) => None,
            }
        };
        let dups = (!self.duplicates.is_empty()).then(|| self.view_duplicates(l));
        let compare = self.compare.as_ref().map(|o| self.view_compare(o, l));
        let mut tabs = row![].spacing(4);
        for s in Section::ALL {
            let has_error = self.shown.keys().any(|k| fields::section_of(k) == s);
            let label = if has_error {
                format!("{} ⚠", section_label(l, s))
            } else {
                section_label(l, s)
            };
            tabs = tabs.push(
                widgets::focus(
                    iced::widget::button(text(label).size(14))
                        .on_press(Message::Section(s))
                        .style(theme::nav(self.section == s))
                        .padding([6, 12]),
                )
                .on_activate(Message::Section(s)),
            );
        }
        let mut body = column![].spacing(8);
        let mut current_row: Option<u8> = None;
        let mut line = row![].spacing(12);
        for f in fields::in_section(self.section) {
            if current_row != Some(f.row) {
                if current_row.is_some() {
                    body = body.push(std::mem::replace(&mut line, row![].spacing(12)));
                    if self.section == Section::Identity && current_row == Some(2) {
                        body = body.push(self.view_age_hint(l));
                    }
                }
                if let Some(h) = f.heading {
                    body = body.push(widgets::section(i18n::dynamic(l, h)));
                }
                current_row = Some(f.row);
            }
            line = line.push(self.view_field(l, f));
        }
        body = body.push(line);
        if self.section == Section::Status {
            body = body.push(self.view_timeline(l));
        }
        if self.section == Section::Support {
            body = body.push(self.attachments.view(l).map(Message::Attach));
        }
        column![
            head,
            widgets::slot(repeat),
            widgets::slot(restored),
            widgets::slot(notice),
            widgets::slot(dups),
            widgets::slot(compare),
            tabs,
            scrollable(widgets::card(body))
                .id(Id::new("case-form-scroll"))
                .height(Length::Fill),
        ]
        .spacing(8)
        .padding(16)
        .height(Length::Fill)
        .into()
    }

    fn error_text(&self, l: Lang, f: &Field) -> Option<String> {
        self.problem(f.key)
            .map(|p| labels::problem_for(l, p, &i18n::dynamic(l, f.label)))
    }

    fn view_field<'a>(&'a self, l: Lang, f: &'static Field) -> Element<'a, Message> {
        let mut label = i18n::dynamic(l, f.label);
        if f.sensitivity.is_sensitive() {
            // Sensitive personal data (Decree 356/2025) is marked where it is typed.
            label = format!("{label} · {}", t!(l, "case-sensitive-mark"));
        }
        let required = f.required == Required::Always
            || matches!(f.required, Required::From(s) if self.status().rank() >= s.rank());
        let error = self.error_text(l, f);
        let value = self.get(f.key);
        let key = f.key;
        let input: Element<'a, Message> = match f.kind {
            Kind::Text(_)
            | Kind::List
            | Kind::Date
            | Kind::Year
            | Kind::Age
            | Kind::Count { .. }
            | Kind::Months => {
                // A date shows how it is typed.
                let placeholder = if f.kind == Kind::Date {
                    "dd/mm/yyyy"
                } else {
                    ""
                };
                let on_input = move |s| Message::Text(key, s);
                widgets::input(f.widget, value, placeholder, on_input, Some(Message::Save)).into()
            }
            Kind::Multiline => match self.editors.get(key) {
                Some(content) => text_editor(content)
                    .id(Id::new(f.widget))
                    .on_action(move |a| Message::Edit(key, a))
                    .height(Length::Fixed(64.0))
                    .padding(6)
                    .into(),
                None => text("").into(),
            },
            Kind::Flag => {
                return container(widgets::check(
                    label,
                    !value.is_empty(),
                    Some(move |b| Message::Flag(key, b)),
                ))
                .padding([22, 0])
                .width(Length::Fill)
                .into();
            }
            Kind::Choice(list) => {
                let options = list_choices(l, list);
                let current = value.to_string();
                widgets::pick(
                    options,
                    (!current.is_empty()).then_some(&current),
                    t!(l, "choose-placeholder"),
                    move |c: Choice<String>| Message::Pick(key, c.value),
                )
            }
            Kind::Gate => {
                let current: Option<i64> = value.parse().ok();
                let options: Vec<Choice<i64>> = self
                    .gates
                    .iter()
                    .filter(|g| g.active || Some(g.id) == current)
                    .map(|g| Choice {
                        value: g.id,
                        label: g.name.clone(),
                    })
                    .collect();
                widgets::pick(
                    options,
                    current.as_ref(),
                    t!(l, "choose-placeholder"),
                    |c: Choice<i64>| Message::Gate(c.value),
                )
            }
            Kind::Province | Kind::Commune => self.view_place(l, f),
        };
        widgets::field(label, required, input, error)
    }

    fn status(&self) -> Status {
        Status::from_key(self.get("status")).unwrap_or_default()
    }

    /// A province or commune picker: type a few letters (diacritics are not
    /// needed), then Enter takes the first match or a click one of them.
    fn view_place<'a>(&'a self, l: Lang, f: &'static Field) -> Element<'a, Message> {
        let key = f.key;
        let code: Option<u32> = self.get(key).parse().ok();
        let province = if key == "province" {
            None
        } else {
            self.province().and_then(places::province)
        };
        let name = match (key, code) {
            ("province", Some(c)) => places::province(c).map(|p| p.name.clone()),
            (_, Some(c)) => province.and_then(|p| p.commune(c)).map(|c| c.name.clone()),
            _ => None,
        }
        .unwrap_or_default();
        let query = self.queries.get(key);
        let matches: Vec<(u32, String)> = match (key, query) {
            (_, None) => Vec::new(),
            ("province", Some(q)) => places::search_provinces(q, 6)
                .into_iter()
                .map(|p| (p.code, p.name.clone()))
                .collect(),
            (_, Some(q)) => province
                .map(|p| {
                    p.search_communes(q, 6)
                        .into_iter()
                        .map(|c| (c.code, c.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let placeholder = if key == "province" {
            t!(l, "setup-province-placeholder")
        } else {
            t!(l, "case-commune-placeholder")
        };
        let first = matches.first().map(|(c, _)| Message::PlacePick(key, *c));
        let input = text_input(&placeholder, query.map(String::as_str).unwrap_or(&name))
            .id(Id::new(f.widget))
            .on_input(move |s| Message::PlaceQuery(key, s))
            .on_submit_maybe(first)
            .padding(6);
        let mut suggestions = row![].spacing(4);
        for (c, n) in matches {
            suggestions = suggestions.push(btn(n, Btn::Link, Some(Message::PlacePick(key, c))));
        }
        column![input, suggestions].spacing(2).into()
    }

    /// The hint about the person's age, from the age fields alone, in a
    /// place that is always there.
    fn view_age_hint(&self, l: Lang) -> Element<'_, Message> {
        let hint = match fields::age_hint(&self.data, today()) {
            AgeHint::None => None,
            AgeHint::Age(a) => Some((Banner::Info, t!(l, "case-age-is", age = a))),
            AgeHint::Under16 => Some((Banner::Warning, t!(l, "case-under-16"))),
            AgeHint::Under18 => Some((Banner::Warning, t!(l, "case-under-18"))),
            AgeHint::PresumedMinor => Some((Banner::Warning, t!(l, "case-possibly-child"))),
        };
        widgets::banner_slot(hint)
    }

    fn view_timeline(&self, l: Lang) -> Element<'_, Message> {
        let today = today();
        let record = fields::record_from(&self.base, &self.data, today)
            .unwrap_or_else(|_| self.base.clone());
        let d = deadlines::deadlines(&record, today);
        let state = |s: DeadlineState| match s {
            DeadlineState::Done => t!(l, "deadline-done"),
            DeadlineState::Due => t!(l, "deadline-due"),
            DeadlineState::Overdue => t!(l, "deadline-overdue"),
            DeadlineState::NotApplicable => t!(l, "deadline-na"),
        };
        let line = |label: String, date: Option<NaiveDate>, s: DeadlineState| {
            let t = text(format!(
                "{label}: {} — {}",
                date.map(dates::format_dmy).unwrap_or_else(|| "—".into()),
                state(s)
            ))
            .size(14);
            if s == DeadlineState::Overdue {
                t.style(theme::danger_text)
            } else {
                t
            }
        };
        let mut c = column![
            widgets::section(t!(l, "case-timeline")),
            text(format!(
                "{}: {}",
                t!(l, "case-received-on"),
                record
                    .received_on
                    .map(dates::format_dmy)
                    .unwrap_or_default()
            ))
            .size(14),
            line(
                t!(l, "deadline-verification"),
                d.verification_due,
                d.verification
            ),
            line(t!(l, "deadline-support"), d.support_ends, d.support),
        ]
        .spacing(6);
        if let Some(o) = &self.screening_outcome {
            c = c.push(
                text(format!(
                    "{}: {}",
                    t!(l, "case-screening-outcome"),
                    labels::outcome(l, o)
                ))
                .size(14),
            );
        }
        c.into()
    }

    fn view_duplicates(&self, l: Lang) -> Element<'_, Message> {
        let mut col = column![widgets::section(t!(l, "dup-title"))].spacing(6);
        for d in &self.duplicates {
            let reason = match d.kind {
                crate::domain::dedupe::MatchKind::SameIdNumber => t!(l, "dup-same-id"),
                crate::domain::dedupe::MatchKind::SamePassport => t!(l, "dup-same-passport"),
                crate::domain::dedupe::MatchKind::SimilarName => {
                    t!(l, "dup-similar", score = d.score)
                }
            };
            let summary = format!(
                "{} — {} — {} ({})",
                reason,
                d.number,
                d.full_name,
                dates::iso_to_dmy(&d.received_on)
            );
            let id = &d.case_id;
            let mut actions = vec![(
                t!(l, "dup-compare"),
                Btn::Secondary,
                Some(Message::Compare(id.clone())),
            )];
            let linked = !self.pending_duplicates && d.same_person;
            if self.pending_duplicates {
                let open = Message::OpenOther(id.clone());
                actions.push((t!(l, "dup-open-other"), Btn::Secondary, Some(open)));
            } else if !linked && self.case_id().is_some() {
                let (link, dismiss) = (Message::Link(id.clone()), Message::Dismiss(id.clone()));
                actions.push((t!(l, "dup-link"), Btn::Primary, Some(link)));
                actions.push((t!(l, "dup-dismiss"), Btn::Secondary, Some(dismiss)));
            }
            let mut r = row![text(summary).size(14).width(Length::Fill)]
                .extend(widgets::buttons(actions))
                .spacing(8)
                .align_y(Alignment::Center);
            if linked {
                r = r.push(text(t!(l, "dup-already-linked")).size(13));
            }
            col = col.push(r);
        }
        if self.pending_duplicates {
            // A new case that has the same ID or passport number as an existing one.
            col = col.push(text(t!(l, "dup-new-question")).size(14)).push(
                row![
                    btn(
                        t!(l, "dup-repeat-return"),
                        Btn::Primary,
                        Some(Message::Decide(DuplicateChoice::RepeatReturn))
                    ),
                    text_input(&t!(l, "dup-reason-placeholder"), &self.duplicate_reason)
                        .on_input(Message::DuplicateReason)
                        .padding(6)
                        .width(Length::Fill),
                    btn(
                        t!(l, "dup-create-anyway"),
                        Btn::Danger,
                        Some(Message::Decide(DuplicateChoice::CreateAnyway))
                    ),
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        }
        let strong = self
            .duplicates
            .iter()
            .any(|d| d.kind.is_strong() && !d.same_person);
        container(col)
            .padding(10)
            .style(theme::banner(if strong {
                Banner::Error
            } else {
                Banner::Warning
            }))
            .into()
    }

    fn view_compare<'a>(
        &'a self,
        other: &'a crate::vault::cases::CaseView,
        l: Lang,
    ) -> Element<'a, Message> {
        let mine = fields::record_from(&self.base, &self.data, today())
            .unwrap_or_else(|_| self.base.clone());
        let o = &other.record;
        let pairs: Vec<(String, String, String)> = vec![
            (t!(l, "case-number"), mine.number.clone(), o.number.clone()),
            (
                t!(l, "case-sex"),
                labels::sex(l, mine.identity.sex),
                labels::sex(l, o.identity.sex),
            ),
            (t!(l, "case-birth"), birth_text(&mine), birth_text(o)),
            (
                t!(l, "case-province"),
                province_name(mine.address.province_code),
                province_name(o.address.province_code),
            ),
            (
                t!(l, "case-received-on"),
                mine.received_on.map(dates::format_dmy).unwrap_or_default(),
                o.received_on.map(dates::format_dmy).unwrap_or_default(),
            ),
        ];
        // The typed text fields compared as stored.
        let texts = [
            "full_name",
            "other_names",
            "id_number",
            "passport_number",
            "as_on_papers",
            "family_name",
        ]
        .into_iter()
        .filter_map(fields::field)
        .map(|f| {
            let show = |c: &CaseRecord| fields::to_typed(f.kind, &(f.get)(c));
            (i18n::dynamic(l, f.label), show(&mine), show(o))
        });
        let mut col = column![widgets::section_bar(
            t!(l, "dup-compare-title"),
            widgets::button_row([
                (
                    t!(l, "dup-open-other"),
                    Btn::Secondary,
                    Some(Message::OpenOther(o.id.clone()))
                ),
                (
                    t!(l, "action-close"),
                    Btn::Secondary,
                    Some(Message::CloseCompare)
                ),
            ])
        )]
        .spacing(4);
        for (label, a, b) in pairs.into_iter().chain(texts) {
            let same = a == b && !a.is_empty();
            col = col.push(
                row![
                    text(label)
                        .width(Length::Fixed(180.0))
                        .size(13)
                        .style(theme::muted),
                    text(a).width(Length::Fill).size(14),
                    text(b).width(Length::Fill).size(14),
                    text(if same { "=" } else { "" }).width(Length::Fixed(20.0)),
                ]
                .spacing(8),
            );
        }
        container(col).padding(10).style(theme::card).into()
    }
}

fn birth_text(c: &CaseRecord) -> String {
    if let Some(d) = c.identity.birth_date {
        dates::format_dmy(d)
    } else if let Some(y) = c.identity.birth_year {
        y.to_string()
    } else if let Some(a) = c.identity.age_estimate {
        format!("~{a}")
    } else {
        "?".into()
    }
}

fn province_name(code: Option<u32>) -> String {
    code.and_then(places::province)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

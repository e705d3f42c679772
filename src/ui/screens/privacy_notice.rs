//! The personal-data notice step for one person ("Thông báo về xử lý dữ
//! liệu cá nhân"): what the officer tells the person, and what the person
//! answers for each optional use. Every answer starts as "not asked" — the
//! form never carries an earlier answer forward and never ticks anything in
//! advance; the store counts only an "agreed" the officer recorded. After
//! saving, the one-page copy for the person can be printed.

use iced::widget::{column, container, row, scrollable, text};
use iced::{Element, Length, Task};

use crate::domain::dates;
use crate::domain::privacy::{Choice, Notice as PNotice, OptionalUse, parties};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::UiResult;
use crate::ui::notice::Notice;
use crate::ui::print::{Doc, DocAction};
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Kind, btn};
use crate::vault::cases::CaseView;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    GivenOn,
    Language,
    Interpreter,
    Guardian,
    GuardianRelation,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<(CaseView, Option<PNotice>)>),
    Text(Field, String),
    Use(OptionalUse, Choice),
    GuardianConsent(Choice),
    Save,
    Saved(UiResult<PNotice>),
    Print(DocAction),
    Back,
}

pub use crate::ui::screens::PaperEvent as Event;

pub struct NoticeForm {
    pub case_id: String,
    case: Option<CaseView>,
    /// The notice given before (shown as a line; its answers are not reused).
    previous: Option<PNotice>,
    pub form: PNotice,
    pub given_on: String,
    /// Saved in this opening: the copy can be printed.
    pub saved: bool,
    busy: bool,
    pub notice: Option<Notice>,
}

impl NoticeForm {
    pub fn open(case_id: String, session: &Session) -> (NoticeForm, Task<Message>) {
        let id = case_id.clone();
        let task = session.db.task(
            move |v| Ok((v.read_case(&id)?, v.latest_notice(&id)?)),
            Message::Loaded,
        );
        (
            NoticeForm {
                form: PNotice::renewed(None, &case_id),
                case_id,
                case: None,
                previous: None,
                given_on: dates::format_dmy(crate::clock::today()),
                saved: false,
                busy: false,
                notice: None,
            },
            task,
        )
    }

    /// A save (or another write) is on its way.
    pub fn is_saving(&self) -> bool {
        self.busy
    }

    /// Input not saved yet.
    pub fn is_dirty(&self) -> bool {
        !self.saved && (!self.form.uses.is_empty() || self.form.guardian != Choice::NotAsked)
    }

    fn text_of(&self, f: Field) -> &str {
        match f {
            Field::GivenOn => &self.given_on,
            Field::Language => &self.form.language,
            Field::Interpreter => &self.form.interpreter,
            Field::Guardian => &self.form.guardian_name,
            Field::GuardianRelation => &self.form.guardian_relation,
        }
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        // While the notice is recorded the form shows what is written: an
        // answer changed now would be marked saved with it.
        let edits = matches!(
            message,
            Message::Text(..) | Message::Use(..) | Message::GuardianConsent(_)
        );
        if self.busy && edits {
            return (Task::none(), None);
        }
        match message {
            Message::Loaded(Ok((case, prev))) => {
                // The language, interpreter and guardian come from the case
                // or the earlier notice; never an answer.
                let mut f = PNotice::renewed(prev.as_ref(), &self.case_id);
                if f.language.is_empty() {
                    f.language = case.record.language.language.clone();
                }
                if f.interpreter.is_empty() {
                    f.interpreter = case.record.language.interpreter.clone();
                }
                self.form = f;
                self.previous = prev;
                self.case = Some(case);
            }
            Message::Loaded(Err(e)) | Message::Saved(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::Text(f, s) => {
                self.saved = false;
                match f {
                    Field::GivenOn => self.given_on = s,
                    Field::Language => self.form.language = s,
                    Field::Interpreter => self.form.interpreter = s,
                    Field::Guardian => self.form.guardian_name = s,
                    Field::GuardianRelation => self.form.guardian_relation = s,
                }
            }
            Message::Use(u, c) => {
                self.saved = false;
                self.form.uses.insert(u, c);
            }
            Message::GuardianConsent(c) => {
                self.saved = false;
                self.form.guardian = c;
            }
            // One notice per giving: Ctrl+S again while it is recorded, or
            // with nothing changed since, records no second notice.
            Message::Save if self.busy || self.saved => {}
            Message::Save => {
                let today = crate::clock::today();
                let Ok(on) = dates::parse_past_dmy(self.given_on.trim(), today) else {
                    self.notice = Some(Notice::BadDates);
                    return (Task::none(), None);
                };
                let mut n = self.form.clone();
                n.given_on = Some(on);
                self.busy = true;
                self.notice = None;
                return (
                    session.db.task(
                        move |v| {
                            v.save_notice(&mut n)?;
                            Ok(n)
                        },
                        Message::Saved,
                    ),
                    None,
                );
            }
            Message::Saved(Ok(n)) => {
                self.busy = false;
                self.saved = true;
                self.previous = Some(n);
                self.notice = Some(Notice::Saved);
            }
            Message::Print(a) => {
                return (
                    Task::none(),
                    Some(Event::Document(Doc::Notice(self.case_id.clone()), a)),
                );
            }
            Message::Back => return (Task::none(), Some(Event::Close)),
        }
        (Task::none(), None)
    }

    fn choices<'a>(
        l: Lang,
        current: Choice,
        on: impl Fn(Choice) -> Message + 'a,
    ) -> Element<'a, Message> {
        let mut r = row![].spacing(6);
        for c in [Choice::Agreed, Choice::Refused, Choice::NotAsked] {
            let kind = if c == current {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            r = r.push(btn(
                i18n::dynamic(l, &format!("notice-choice-{}", c.key())),
                kind,
                Some(on(c)),
            ));
        }
        r.into()
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let notice = self
            .notice
            .as_ref()
            .map(|n| widgets::banner(n.kind(), n.text(l)));
        let title = match &self.case {
            Some(c) => t!(l, "notice-title", number = c.record.number.clone()),
            None => t!(l, "notice-title", number = String::new()),
        };
        let mut actions: Vec<Element<'_, Message>> = Vec::new();
        if self.saved {
            actions.push(btn(
                t!(l, "doc-open"),
                Kind::Secondary,
                Some(Message::Print(DocAction::Open)),
            ));
            actions.push(btn(
                t!(l, "doc-save"),
                Kind::Secondary,
                Some(Message::Print(DocAction::Save)),
            ));
        }
        actions.push(btn(
            t!(l, "notice-save"),
            Kind::Primary,
            (!self.busy && !self.saved && self.case.is_some()).then_some(Message::Save),
        ));
        let head = widgets::heading(l, Some(Message::Back), title, actions);
        let Some(case) = &self.case else {
            return column![head, widgets::slot(notice), text(t!(l, "loading"))]
                .spacing(10)
                .padding(16)
                .into();
        };
        let who = parties(&case.record.age_reading());
        let input = |f: Field, id: &'static str, label: String| {
            widgets::field(
                label,
                matches!(f, Field::GivenOn | Field::Language),
                widgets::input(id, self.text_of(f), "", move |s| Message::Text(f, s), None),
                None,
            )
        };
        let told = column![
            text(t!(
                l,
                "notice-person",
                name = case.record.identity.full_name.clone()
            ))
            .font(theme::SEMIBOLD),
            text(t!(l, "notice-tell-purpose")).size(14),
            text(t!(l, "notice-tell-sensitive")).size(14),
            text(t!(l, "notice-tell-rights")).size(14),
            text(t!(l, "notice-tell-hotline")).size(14),
        ]
        .spacing(4);
        let mut c = column![
            head,
            widgets::slot(notice),
            container(told).padding(10).style(theme::card),
            row![
                input(Field::GivenOn, "notice-given-on", t!(l, "notice-given-on")),
                input(Field::Language, "notice-language", t!(l, "notice-language")),
                input(
                    Field::Interpreter,
                    "notice-interpreter",
                    t!(l, "notice-interpreter")
                ),
            ]
            .spacing(10),
            widgets::section(t!(l, "notice-uses")),
            text(t!(l, "notice-never-default"))
                .size(13)
                .style(theme::muted),
        ]
        .spacing(10)
        .padding(16);
        if let Some(p) = &self.previous {
            c = c.push(
                text(t!(
                    l,
                    "notice-previous",
                    date = p.given_on.map(dates::format_dmy).unwrap_or_default()
                ))
                .size(13)
                .style(theme::muted),
            );
        }
        for u in OptionalUse::ALL {
            c = c.push(
                row![
                    text(i18n::dynamic(l, &format!("notice-use-{}", u.key()))).width(Length::Fill),
                    Self::choices(l, self.form.answer(u), move |x| Message::Use(u, x)),
                ]
                .spacing(10)
                .align_y(iced::Alignment::Center),
            );
        }
        if who.guardian {
            c = c.push(widgets::section(t!(l, "notice-guardian-section")));
            c = c.push(
                text(if who.own {
                    t!(l, "notice-child-and-guardian")
                } else {
                    t!(l, "notice-guardian-answers")
                })
                .size(13)
                .style(theme::muted),
            );
            c = c.push(
                row![
                    input(Field::Guardian, "notice-guardian", t!(l, "notice-guardian")),
                    input(
                        Field::GuardianRelation,
                        "notice-guardian-relation",
                        t!(l, "notice-guardian-relation")
                    ),
                ]
                .spacing(10),
            );
            c = c.push(
                row![
                    text(t!(l, "notice-guardian-consent")).width(Length::Fill),
                    Self::choices(l, self.form.guardian, Message::GuardianConsent),
                ]
                .spacing(10)
                .align_y(iced::Alignment::Center),
            );
        }
        scrollable(c).height(Length::Fill).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::CaseRecord;

    fn loaded(prev: Option<PNotice>) -> NoticeForm {
        let session = Session::detached();
        let (mut f, _) = NoticeForm::open("c1".into(), &session);
        let view = CaseView {
            record: CaseRecord {
                id: "c1".into(),
                number: "HS-2026-00001".into(),
                ..CaseRecord::default()
            },
            version: 1,
            batch_number: None,
            receptions: Vec::new(),
            screening_outcome: None,
            decision: None,
            created_by: "canbo".into(),
            updated_at: String::new(),
        };
        let _ = f.update(Message::Loaded(Ok((view, prev))), &session);
        f
    }

    /// Nothing is ticked when the form opens, even when the person agreed
    /// before: an earlier "yes" is never carried into a new notice.
    #[test]
    fn the_form_opens_with_nothing_ticked() {
        let mut prev = PNotice::renewed(None, "c1");
        prev.given_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 1);
        prev.language = "Tiếng Khmer".into();
        prev.recorded_by = "canbo".into();
        prev.uses.insert(OptionalUse::ShareNgo, Choice::Agreed);
        let f = loaded(Some(prev));
        for u in OptionalUse::ALL {
            assert_eq!(f.form.answer(u), Choice::NotAsked, "{u:?}");
        }
        assert_eq!(f.form.guardian, Choice::NotAsked);
        assert_eq!(f.form.language, "Tiếng Khmer");
        assert!(!f.is_dirty());
    }

    #[test]
    fn an_answer_is_the_officers_click() {
        let session = Session::detached();
        let mut f = loaded(None);
        let _ = f.update(Message::Use(OptionalUse::Photos, Choice::Refused), &session);
        assert_eq!(f.form.answer(OptionalUse::Photos), Choice::Refused);
        assert_eq!(f.form.answer(OptionalUse::ShareNgo), Choice::NotAsked);
        assert!(f.is_dirty());
    }
}

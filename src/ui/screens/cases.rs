//! The case list: one search box (name, other names, ID or passport, case
//! number, phone; diacritics and đ folded), filters, paged, Vietnamese order.

use std::time::Duration;

use chrono::Local;
use iced::widget::{
    Id, button, column, container, operation, pick_list, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length, Task};

use crate::domain::case::{Sex, Status};
use crate::domain::dates;
use crate::domain::deadlines::{self, DeadlineState};
use crate::domain::places;
use crate::domain::screening::Outcome;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Db, UiResult};
use crate::ui::labels::{self, Choice};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::cases::{CasePage, CaseQuery, Gate, SortOrder};

pub const ID_SEARCH: &str = "cases-search";
const PER_PAGE: usize = 50;

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    SearchDue(u64),
    SubmitSearch,
    Status(Choice<Option<Status>>),
    Sex(Choice<Option<Sex>>),
    Child(Choice<Option<bool>>),
    Outcome(Choice<Option<String>>),
    Gate(Choice<Option<i64>>),
    From(String),
    To(String),
    Overdue(bool),
    Sort(Choice<SortOrder>),
    ApplyFilters,
    ClearFilters,
    Page(usize),
    Loaded(u64, UiResult<CasePage>),
    Open(String),
    New,
    Drafts(UiResult<Vec<(String, String)>>),
    ResumeDraft(String),
}

pub enum Event {
    Open(String),
    New,
    ResumeDraft(String),
}

pub struct Cases {
    pub query: CaseQuery,
    from: String,
    to: String,
    page: Option<CasePage>,
    generation: u64,
    pub loading: bool,
    error: Option<String>,
    pub gates: Vec<Gate>,
    drafts: Vec<(String, String)>,
}

impl Cases {
    pub fn new() -> Cases {
        Cases {
            query: CaseQuery {
                per_page: PER_PAGE,
                ..CaseQuery::default()
            },
            from: String::new(),
            to: String::new(),
            page: None,
            generation: 0,
            loading: false,
            error: None,
            gates: Vec::new(),
            drafts: Vec::new(),
        }
    }

    pub fn page(&self) -> Option<&CasePage> {
        self.page.as_ref()
    }

    /// Load the current page (and the unsaved drafts of new cases).
    pub fn load(&mut self, db: &Db) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        self.loading = true;
        let q = self.query.clone();
        Task::batch([
            db.task(
                move |v| v.search_cases(&q, Local::now().date_naive()),
                move |r| Message::Loaded(generation, r),
            ),
            db.task(
                |v| {
                    Ok(v.list_drafts()?
                        .into_iter()
                        .filter(|(s, _)| s.starts_with("case:new:"))
                        .collect())
                },
                Message::Drafts,
            ),
            operation::focus(Id::new(ID_SEARCH)),
        ])
    }

    fn reload(&mut self, db: &Db) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        self.loading = true;
        let q = self.query.clone();
        db.task(
            move |v| v.search_cases(&q, Local::now().date_naive()),
            move |r| Message::Loaded(generation, r),
        )
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Search(s) => {
                self.query.text = s;
                self.query.page = 0;
                self.generation += 1;
                let generation = self.generation;
                // Search after a short pause in typing.
                return (
                    Task::perform(
                        async move { tokio::time::sleep(Duration::from_millis(250)).await },
                        move |_| Message::SearchDue(generation),
                    ),
                    None,
                );
            }
            Message::SearchDue(g) if g == self.generation => return (self.reload(db), None),
            Message::SearchDue(_) => {}
            Message::SubmitSearch => {
                self.query.page = 0;
                return (self.reload(db), None);
            }
            Message::Status(c) => self.query.status = c.value,
            Message::Sex(c) => self.query.sex = c.value,
            Message::Child(c) => self.query.child = c.value,
            Message::Outcome(c) => self.query.outcome = c.value,
            Message::Gate(c) => self.query.gate_id = c.value,
            Message::From(s) => self.from = s,
            Message::To(s) => self.to = s,
            Message::Overdue(b) => {
                self.query.overdue_only = b;
                self.query.page = 0;
                return (self.reload(db), None);
            }
            Message::Sort(c) => {
                self.query.sort = c.value;
                self.query.page = 0;
                return (self.reload(db), None);
            }
            Message::ApplyFilters => {
                let parse = |s: &str| {
                    if s.trim().is_empty() {
                        Ok(None)
                    } else {
                        dates::parse_dmy(s).map(Some)
                    }
                };
                match (parse(&self.from), parse(&self.to)) {
                    (Ok(f), Ok(t)) => {
                        self.query.from = f;
                        self.query.to = t;
                        self.error = None;
                    }
                    _ => {
                        self.error = Some(t!(lang, "cases-bad-dates"));
                        return (Task::none(), None);
                    }
                }
                self.query.page = 0;
                return (self.reload(db), None);
            }
            Message::ClearFilters => {
                let text = std::mem::take(&mut self.query.text);
                self.query = CaseQuery {
                    per_page: PER_PAGE,
                    text,
                    sort: self.query.sort,
                    ..CaseQuery::default()
                };
                self.from.clear();
                self.to.clear();
                return (self.reload(db), None);
            }
            Message::Page(p) => {
                self.query.page = p;
                return (self.reload(db), None);
            }
            Message::Loaded(g, r) => {
                if g == self.generation {
                    self.loading = false;
                    match r {
                        Ok(p) => {
                            self.page = Some(p);
                            self.error = None;
                        }
                        Err(e) => self.error = Some(e.message(lang)),
                    }
                }
            }
            Message::Open(id) => return (Task::none(), Some(Event::Open(id))),
            Message::New => return (Task::none(), Some(Event::New)),
            Message::Drafts(Ok(d)) => self.drafts = d,
            Message::Drafts(Err(_)) => {}
            Message::ResumeDraft(slot) => return (Task::none(), Some(Event::ResumeDraft(slot))),
        }
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let mut c = column![
            row![
                widgets::title(t!(l, "nav-cases")),
                widgets::hspace(),
                button(text(t!(l, "cases-new")))
                    .on_press(Message::New)
                    .style(button::primary)
                    .padding([8, 16]),
            ]
            .align_y(Alignment::Center)
        ]
        .spacing(10);
        for (slot, at) in &self.drafts {
            c = c.push(
                container(
                    row![
                        text(t!(
                            l,
                            "cases-draft-waiting",
                            at = crate::ui::screens::audit::format_ts(at)
                        ))
                        .width(Length::Fill),
                        button(text(t!(l, "cases-draft-resume")))
                            .on_press(Message::ResumeDraft(slot.clone()))
                            .style(button::secondary),
                    ]
                    .align_y(Alignment::Center),
                )
                .padding(8)
                .style(theme::banner(Banner::Info)),
            );
        }
        c = c.push(
            text_input(&t!(l, "cases-search-placeholder"), &self.query.text)
                .id(Id::new(ID_SEARCH))
                .on_input(Message::Search)
                .on_submit(Message::SubmitSearch)
                .padding(10)
                .size(16),
        );
        c = c.push(self.view_filters(l));
        if let Some(e) = &self.error {
            c = c.push(widgets::banner(Banner::Error, e.clone()));
        }
        let Some(page) = &self.page else {
            return c.push(text(t!(l, "loading"))).padding(20).into();
        };
        let header = row![
            text(t!(l, "case-number"))
                .width(Length::Fixed(130.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-full-name"))
                .width(Length::FillPortion(3))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-sex"))
                .width(Length::Fixed(60.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "cases-age"))
                .width(Length::Fixed(60.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-province"))
                .width(Length::FillPortion(2))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-received-on"))
                .width(Length::Fixed(100.0))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-gate"))
                .width(Length::FillPortion(2))
                .font(theme::SEMIBOLD),
            text(t!(l, "case-status"))
                .width(Length::FillPortion(2))
                .font(theme::SEMIBOLD),
        ]
        .spacing(8)
        .padding([6, 8]);
        let today = Local::now().date_naive();
        let mut rows = column![];
        for (i, r) in page.rows.iter().enumerate() {
            let d = deadlines::verification_and_support(
                r.received_on,
                r.status,
                r.verification_requested,
                today,
            );
            let overdue = d.verification == DeadlineState::Overdue;
            let mut name = r.full_name.clone();
            if r.is_child {
                name.push_str(&format!(" · {}", t!(l, "cases-child")));
            }
            if r.receptions > 1 {
                name.push_str(&format!(
                    " · {}",
                    t!(l, "cases-repeat", count = r.receptions)
                ));
            }
            let mut status = labels::status(l, r.status);
            if overdue {
                status = format!("{status} · {}", t!(l, "cases-overdue"));
            }
            let line = row![
                text(r.number.clone()).width(Length::Fixed(130.0)).size(14),
                text(name).width(Length::FillPortion(3)).size(14),
                text(labels::sex(l, r.sex))
                    .width(Length::Fixed(60.0))
                    .size(14),
                text(r.age.map(|a| a.to_string()).unwrap_or_else(|| "?".into()))
                    .width(Length::Fixed(60.0))
                    .size(14),
                text(
                    r.home_province
                        .and_then(places::province)
                        .map(|p| p.short_name().to_string())
                        .unwrap_or_default()
                )
                .width(Length::FillPortion(2))
                .size(14),
                text(dates::format_dmy(r.received_on))
                    .width(Length::Fixed(100.0))
                    .size(14),
                text(short_gate(r.gate.as_deref().unwrap_or_default()))
                    .width(Length::FillPortion(2))
                    .size(14),
                if overdue {
                    text(status)
                        .width(Length::FillPortion(2))
                        .size(14)
                        .style(theme::danger_text)
                } else {
                    text(status).width(Length::FillPortion(2)).size(14)
                },
            ]
            .spacing(8);
            rows = rows.push(
                button(line)
                    .on_press(Message::Open(r.id.clone()))
                    .padding([6, 8])
                    .width(Length::Fill)
                    .style(move |theme: &iced::Theme, status| {
                        let mut s = theme::nav(false)(theme, status);
                        if status != button::Status::Hovered {
                            s.background = theme::row_style(i, None)(theme).background;
                        }
                        s
                    }),
            );
        }
        if page.rows.is_empty() {
            rows = rows.push(text(t!(l, "cases-none")).size(14));
        }
        let pages = page.total.div_ceil(PER_PAGE).max(1);
        let total = if page.capped {
            format!("{}+", page.total)
        } else {
            page.total.to_string()
        };
        let nav = row![
            button(text(t!(l, "action-prev")))
                .on_press_maybe((self.query.page > 0).then(|| Message::Page(self.query.page - 1)))
                .style(button::secondary),
            text(t!(
                l,
                "cases-page",
                page = self.query.page + 1,
                pages = pages,
                total = total
            ))
            .size(13),
            button(text(t!(l, "action-next-page")))
                .on_press_maybe(
                    (self.query.page + 1 < pages).then(|| Message::Page(self.query.page + 1))
                )
                .style(button::secondary),
            if self.loading {
                text(t!(l, "loading")).size(13)
            } else {
                text("").size(13)
            },
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        c.push(
            container(column![header, scrollable(rows).height(Length::Fill)])
                .style(theme::card)
                .height(Length::Fill),
        )
        .push(nav)
        .padding(16)
        .height(Length::Fill)
        .into()
    }

    fn view_filters(&self, l: Lang) -> Element<'_, Message> {
        let any = |label: String| label;
        let statuses: Vec<Choice<Option<Status>>> = std::iter::once(Choice {
            value: None,
            label: any(t!(l, "filter-any-status")),
        })
        .chain(Status::ALL.iter().map(|s| Choice {
            value: Some(*s),
            label: labels::status(l, *s),
        }))
        .collect();
        let sexes: Vec<Choice<Option<Sex>>> = std::iter::once(Choice {
            value: None,
            label: t!(l, "filter-any-sex"),
        })
        .chain([Sex::Male, Sex::Female, Sex::Other].iter().map(|s| Choice {
            value: Some(*s),
            label: labels::sex(l, *s),
        }))
        .collect();
        let children = vec![
            Choice {
                value: None,
                label: t!(l, "filter-any-age"),
            },
            Choice {
                value: Some(true),
                label: t!(l, "filter-children"),
            },
            Choice {
                value: Some(false),
                label: t!(l, "filter-adults"),
            },
        ];
        let outcomes: Vec<Choice<Option<String>>> = std::iter::once(Choice {
            value: None,
            label: t!(l, "filter-any-outcome"),
        })
        .chain(std::iter::once(Choice {
            value: Some("none".into()),
            label: t!(l, "filter-not-screened"),
        }))
        .chain(Outcome::ALL.iter().map(|o| Choice {
            value: Some(o.key().to_string()),
            label: labels::outcome(l, o.key()),
        }))
        .collect();
        let gates: Vec<Choice<Option<i64>>> = std::iter::once(Choice {
            value: None,
            label: t!(l, "filter-any-gate"),
        })
        .chain(self.gates.iter().map(|g| Choice {
            value: Some(g.id),
            label: g.name.clone(),
        }))
        .collect();
        let sorts = vec![
            Choice {
                value: SortOrder::Name,
                label: t!(l, "sort-name"),
            },
            Choice {
                value: SortOrder::Newest,
                label: t!(l, "sort-newest"),
            },
        ];
        let q = &self.query;
        column![
            row![
                pick_list(
                    statuses.clone(),
                    statuses.iter().find(|c| c.value == q.status).cloned(),
                    Message::Status
                )
                .padding(6),
                pick_list(
                    sexes.clone(),
                    sexes.iter().find(|c| c.value == q.sex).cloned(),
                    Message::Sex
                )
                .padding(6),
                pick_list(
                    children.clone(),
                    children.iter().find(|c| c.value == q.child).cloned(),
                    Message::Child
                )
                .padding(6),
                pick_list(
                    outcomes.clone(),
                    outcomes.iter().find(|c| c.value == q.outcome).cloned(),
                    Message::Outcome
                )
                .padding(6),
                pick_list(
                    gates.clone(),
                    gates.iter().find(|c| c.value == q.gate_id).cloned(),
                    Message::Gate
                )
                .padding(6),
            ]
            .spacing(8),
            row![
                text_input(&t!(l, "audit-from"), &self.from)
                    .on_input(Message::From)
                    .on_submit(Message::ApplyFilters)
                    .padding(6)
                    .width(Length::Fixed(150.0)),
                text_input(&t!(l, "audit-to"), &self.to)
                    .on_input(Message::To)
                    .on_submit(Message::ApplyFilters)
                    .padding(6)
                    .width(Length::Fixed(150.0)),
                iced::widget::checkbox(q.overdue_only)
                    .label(t!(l, "filter-overdue"))
                    .on_toggle(Message::Overdue),
                button(text(t!(l, "action-filter")))
                    .on_press(Message::ApplyFilters)
                    .style(button::secondary),
                button(text(t!(l, "filter-clear")))
                    .on_press(Message::ClearFilters)
                    .style(button::text),
                widgets::hspace(),
                pick_list(
                    sorts.clone(),
                    sorts.iter().find(|c| c.value == q.sort).cloned(),
                    Message::Sort
                )
                .padding(6),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(6)
        .into()
    }
}

/// "Cửa khẩu quốc tế Mộc Bài" -> "Mộc Bài": enough in a list column.
pub fn short_gate(name: &str) -> String {
    [
        "Cửa khẩu quốc tế ",
        "Cửa khẩu chính ",
        "Cửa khẩu phụ ",
        "Cửa khẩu ",
    ]
    .iter()
    .find_map(|p| name.strip_prefix(p))
    .unwrap_or(name)
    .to_string()
}

impl Default for Cases {
    fn default() -> Self {
        Cases::new()
    }
}

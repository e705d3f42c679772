//! The case list: one search box (name, other names, ID or passport, case
//! number, phone; diacritics and đ folded) and filters that apply as they
//! change, paged, in Vietnamese order; and the drafts waiting to be resumed.

use std::time::Duration;

use iced::widget::{Id, column, operation, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::domain::case::{Sex, Status};
use crate::domain::dates;
use crate::domain::deadlines::{self, DeadlineState};
use crate::domain::places;
use crate::domain::screening::{AgeBand, Outcome};
use crate::t;
use crate::ui::i18n::{self, Lang};
use crate::ui::jobs::UiResult;
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::screens::Update;
use crate::ui::session::Session;
use crate::ui::theme::Banner;
use crate::ui::widgets::{self, Choice, Kind, Line, btn, col};
use crate::vault::cases::{CasePage, CaseQuery, Gate, SortOrder};

pub const ID_SEARCH: &str = "cases-search";
pub const ID_FROM: &str = "cases-from";
const PER_PAGE: usize = 50;

#[derive(Debug, Clone)]
pub enum Message {
    Search(String),
    /// A pause in typing (the search or a date filter): run the query.
    Due(u64),
    SubmitSearch,
    Status(Choice<Option<Status>>),
    Sex(Choice<Option<Sex>>),
    AgeBand(Choice<Option<AgeBand>>),
    Outcome(Choice<Option<String>>),
    Gate(Choice<Option<i64>>),
    From(String),
    To(String),
    Overdue(bool),
    Sort(Choice<SortOrder>),
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
    notice: Option<Notice>,
    pub gates: Vec<Gate>,
    /// The user's drafts (slot, when), newest first.
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
            notice: None,
            gates: Vec::new(),
            drafts: Vec::new(),
        }
    }

    pub fn page(&self) -> Option<&CasePage> {
        self.page.as_ref()
    }

    pub fn set_drafts(&mut self, drafts: &[(String, String)]) {
        self.drafts = drafts.to_vec();
    }

    /// Load the current page and the drafts; the search box takes the focus.
    pub fn load(&mut self, session: &Session) -> Task<Message> {
        Task::batch([
            self.reload(session),
            session.db.task(
                |v| {
                    Ok(v.list_drafts()?
                        .into_iter()
                        .filter(|(s, _)| s != crate::ui::screens::shell::RESUME_SLOT)
                        .collect::<Vec<_>>())
                },
                Message::Drafts,
            ),
            operation::focus(Id::new(ID_SEARCH)),
        ])
    }

    fn reload(&mut self, session: &Session) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        self.loading = true;
        let q = self.query.clone();
        session.db.task(
            move |v| v.search_cases(&q, crate::clock::today()),
            move |r| Message::Loaded(generation, r),
        )
    }

    /// Run the query after a short pause in typing.
    fn later(&mut self) -> Task<Message> {
        self.generation += 1;
        let generation = self.generation;
        Task::perform(
            async move { tokio::time::sleep(Duration::from_millis(250)).await },
            move |_| Message::Due(generation),
        )
    }

    /// A filter changed: the first page again, at once.
    fn refilter(&mut self, session: &Session) -> Task<Message> {
        self.query.page = 0;
        self.reload(session)
    }

    /// The date filters, when both can be read; otherwise the notice says why.
    fn read_dates(&mut self) -> bool {
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
                self.notice = None;
                true
            }
            _ => false,
        }
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        let q = &mut self.query;
        // A filter changed: it applies at once, from the first page.
        match message {
            Message::Status(c) => q.status = c.value,
            Message::Sex(c) => q.sex = c.value,
            Message::AgeBand(c) => q.age_band = c.value,
            Message::Outcome(c) => q.outcome = c.value,
            Message::Gate(c) => q.gate_id = c.value,
            Message::Overdue(b) => q.overdue_only = b,
            Message::Sort(c) => q.sort = c.value,
            Message::SubmitSearch => {}
            other => return self.update_other(other, session),
        }
        (self.refilter(session), None)
    }

    /// What is not a filter: typing (run after a pause), paging, the
    /// results, opening.
    fn update_other(&mut self, message: Message, session: &Session) -> Update<Message, Event> {
        match message {
            Message::Search(s) => {
                self.query.text = s;
                self.query.page = 0;
                return (self.later(), None);
            }
            Message::Due(g) if g == self.generation => {
                if self.read_dates() {
                    return (self.refilter(session), None);
                }
                // A half-typed date: say so only when it stays unreadable.
                self.notice = Some(Notice::BadDates);
            }
            Message::From(s) => {
                self.from = s;
                return (self.later(), None);
            }
            Message::To(s) => {
                self.to = s;
                return (self.later(), None);
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
                self.notice = None;
                return (self.reload(session), None);
            }
            Message::Page(p) => {
                self.query.page = p;
                return (self.reload(session), None);
            }
            Message::Loaded(g, r) if g == self.generation => {
                self.loading = false;
                match r {
                    Ok(p) => self.page = Some(p),
                    Err(e) => self.notice = Some(Notice::Error(e)),
                }
            }
            Message::Open(id) => return (Task::none(), Some(Event::Open(id))),
            Message::New => return (Task::none(), Some(Event::New)),
            Message::Drafts(Ok(d)) => self.drafts = d,
            Message::ResumeDraft(slot) => return (Task::none(), Some(Event::ResumeDraft(slot))),
            // The filters (in `update`), a stale pause or result, drafts not read.
            _ => {}
        }
        (Task::none(), None)
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let mut c = column![widgets::heading(
            l,
            None,
            t!(l, "nav-cases"),
            vec![btn(t!(l, "cases-new"), Kind::Primary, Some(Message::New))]
        )]
        .spacing(10);
        for (slot, at) in self.drafts.iter().take(5) {
            c = c.push(widgets::banner_with(
                Banner::Info,
                t!(
                    l,
                    "cases-draft-waiting",
                    what = draft_kind(l, slot),
                    at = crate::ui::screens::audit::format_ts(at)
                ),
                vec![btn(
                    t!(l, "cases-draft-resume"),
                    Kind::Secondary,
                    Some(Message::ResumeDraft(slot.clone())),
                )],
            ));
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
        c = c.push(widgets::notice(l, self.notice.as_ref()));
        let Some(page) = &self.page else {
            return c.push(text(t!(l, "loading"))).padding(16).into();
        };
        let today = crate::clock::today();
        let lines = page
            .rows
            .iter()
            .map(|r| {
                let d = deadlines::verification_and_support(
                    r.received_on,
                    r.status,
                    r.verification_requested,
                    today,
                );
                let overdue = d.verification == DeadlineState::Overdue;
                let mut name = r.full_name.clone();
                if let Some(badge) = age_badge(l, r.age_band, r.is_child) {
                    name.push_str(&format!(" · {badge}"));
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
                Line {
                    cells: vec![
                        r.number.clone(),
                        name,
                        labels::sex(l, r.sex),
                        r.age.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
                        r.home_province
                            .and_then(places::province)
                            .map(|p| p.short_name().to_string())
                            .unwrap_or_default(),
                        dates::format_dmy(r.received_on),
                        short_gate(r.gate.as_deref().unwrap_or_default()),
                        status,
                    ],
                    alert: overdue,
                    on_open: Message::Open(r.id.clone()),
                }
            })
            .collect();
        let total = if page.capped {
            format!("{}+", page.total)
        } else {
            page.total.to_string()
        };
        c.push(widgets::row_list(
            vec![
                col(t!(l, "case-number"), Length::Fixed(130.0)),
                col(t!(l, "case-full-name"), Length::FillPortion(3)),
                col(t!(l, "case-sex"), Length::Fixed(60.0)),
                col(t!(l, "cases-age"), Length::Fixed(50.0)),
                col(t!(l, "case-province"), Length::FillPortion(2)),
                col(t!(l, "case-received-on"), Length::Fixed(100.0)),
                col(t!(l, "case-gate"), Length::FillPortion(2)),
                col(t!(l, "case-status"), Length::FillPortion(2)),
            ],
            lines,
            t!(l, "cases-none"),
        ))
        .push(
            row![
                widgets::pager(
                    l,
                    self.query.page,
                    page.total.div_ceil(PER_PAGE),
                    total,
                    Message::Page
                ),
                text(if self.loading {
                    t!(l, "loading")
                } else {
                    String::new()
                })
                .size(13),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        )
        .padding(16)
        .height(Length::Fill)
        .into()
    }

    fn view_filters(&self, l: Lang) -> Element<'_, Message> {
        let q = &self.query;
        let statuses = widgets::filter_choices(t!(l, "filter-any-status"), Status::ALL, |s| {
            labels::status(l, *s)
        });
        let sexes = widgets::filter_choices(
            t!(l, "filter-any-sex"),
            &[Sex::Male, Sex::Female, Sex::Other],
            |s| labels::sex(l, *s),
        );
        let bands = widgets::filter_choices(t!(l, "filter-any-age"), &AgeBand::ALL, |b| {
            i18n::dynamic(l, &format!("age-band-{}", b.key()))
        });
        let mut outcomes =
            widgets::filter_choices(t!(l, "filter-any-outcome"), &Outcome::ALL, |o: &Outcome| {
                labels::outcome(l, o.key())
            })
            .into_iter()
            .map(|c| Choice {
                value: c.value.map(|o| o.key().to_string()),
                label: c.label,
            })
            .collect::<Vec<_>>();
        outcomes.insert(
            1,
            Choice {
                value: Some("none".into()),
                label: t!(l, "filter-not-screened"),
            },
        );
        let gates = widgets::filter_choices(
            t!(l, "filter-any-gate"),
            &self.gates.iter().map(|g| g.id).collect::<Vec<_>>(),
            |id| {
                self.gates
                    .iter()
                    .find(|g| g.id == *id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default()
            },
        );
        let sorts = widgets::choices(&[SortOrder::Name, SortOrder::Newest], |s| match s {
            SortOrder::Name => t!(l, "sort-name"),
            SortOrder::Newest => t!(l, "sort-newest"),
        });
        let any = String::new();
        column![
            row![
                // The five filters share the line (the longest labels
                // would otherwise push the last one out of the window).
                widgets::pick_sized(
                    statuses,
                    Some(&q.status),
                    any.clone(),
                    Message::Status,
                    Length::FillPortion(3)
                ),
                widgets::pick_sized(
                    sexes,
                    Some(&q.sex),
                    any.clone(),
                    Message::Sex,
                    Length::FillPortion(2)
                ),
                widgets::pick_sized(
                    bands,
                    Some(&q.age_band),
                    any.clone(),
                    Message::AgeBand,
                    // "Từ đủ 16 đến dưới 18 tuổi" fits its menu.
                    Length::FillPortion(4)
                ),
                widgets::pick_sized(
                    outcomes,
                    Some(&q.outcome),
                    any.clone(),
                    Message::Outcome,
                    Length::FillPortion(4)
                ),
                widgets::pick_sized(
                    gates,
                    Some(&q.gate_id),
                    any.clone(),
                    Message::Gate,
                    Length::FillPortion(2)
                ),
            ]
            .spacing(8),
            row![
                widgets::date_range(l, &self.from, &self.to, Message::From, Message::To)
                    .from_id(ID_FROM),
                widgets::check(
                    t!(l, "filter-overdue"),
                    q.overdue_only,
                    Some(Message::Overdue)
                ),
                btn(
                    t!(l, "filter-clear"),
                    Kind::Link,
                    Some(Message::ClearFilters)
                ),
                widgets::hspace(),
                widgets::pick(sorts, Some(&q.sort), any, Message::Sort),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(6)
        .into()
    }
}

/// The badge beside a name: a child under 16, or under 18 (both thresholds
/// of the law, kept apart).
pub fn age_badge(l: Lang, band: AgeBand, under_18: bool) -> Option<String> {
    match band {
        AgeBand::Under16 => Some(t!(l, "cases-under-16")),
        _ if under_18 => Some(t!(l, "cases-child")),
        _ => None,
    }
}

/// What a draft belongs to, in words.
fn draft_kind(l: Lang, slot: &str) -> String {
    if slot.starts_with("case:new:") {
        t!(l, "draft-new-case")
    } else if slot.starts_with("case:") {
        t!(l, "draft-case")
    } else if slot.starts_with("screening:") {
        t!(l, "draft-screening")
    } else if slot.starts_with("referral:") {
        t!(l, "draft-referral")
    } else {
        t!(l, "draft-batch")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn any<T>(value: Option<T>) -> Choice<Option<T>> {
        Choice {
            value,
            label: String::new(),
        }
    }

    #[test]
    fn a_filter_applies_at_once_from_the_first_page_and_typing_waits() {
        let s = Session::detached();
        let mut c = Cases::new();
        c.query.page = 3;
        let _ = c.update(Message::Status(any(Some(Status::Screened))), &s);
        assert_eq!(c.query.status, Some(Status::Screened));
        assert_eq!(c.query.page, 0, "a filter starts again from the first page");
        assert!(c.loading, "the filter is searched at once");

        let mut c = Cases::new();
        c.query.page = 2;
        let _ = c.update(Message::Search("hoa".into()), &s);
        assert_eq!(c.query.text, "hoa");
        assert_eq!(c.query.page, 0);
        assert!(!c.loading, "typing is searched after a pause, not at once");
        let _ = c.update(Message::Overdue(true), &s);
        assert!(c.query.overdue_only && c.loading);
    }
}

//! The form of one "Biên bản bàn giao công dân": the receiver (an agency
//! in force today that receives citizens, or a family named as typed), who
//! of the batch's pending people go to it, both parties' representatives
//! (rank, post, full name), the place, the time of opening and closing as
//! the officer types them (never made up), the notes; checked, then
//! confirmed, then recorded through `app::handovers::record_new`, which
//! issues the paper's number and date.

use chrono::NaiveDateTime;
use iced::widget::{Id, column, container, operation, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use crate::app::handovers::{FormData, NewHandover, Receiver, Recorded};
use crate::domain::dates::{self, DateError};
use crate::domain::org::Agency;
use crate::domain::papers::Person;
use crate::domain::places;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::UiResult;
use crate::ui::labels;
use crate::ui::notice::Notice;
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Choice, Kind, btn, check, field, input, pick};
use crate::vault::cases::CaseRow;

/// The form's scrollable (the confirmation is shown by scrolling to its end).
pub const ID_SCROLL: &str = "handover-form-scroll";

/// The typed fields, in the form's (and the Tab key's) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    ReceiverName,
    GiverRank,
    GiverPost,
    GiverName,
    RepRank,
    RepPost,
    RepName,
    Place,
    Started,
    Ended,
    Notes,
}

impl Text {
    pub const ALL: [Text; 11] = [
        Text::ReceiverName,
        Text::GiverRank,
        Text::GiverPost,
        Text::GiverName,
        Text::RepRank,
        Text::RepPost,
        Text::RepName,
        Text::Place,
        Text::Started,
        Text::Ended,
        Text::Notes,
    ];

    /// The widget id of the field (tests and focus).
    pub fn id(self) -> &'static str {
        match self {
            Text::ReceiverName => "handover-receiver-name",
            Text::GiverRank => "handover-giver-rank",
            Text::GiverPost => "handover-giver-post",
            Text::GiverName => "handover-giver-name",
            Text::RepRank => "handover-rep-rank",
            Text::RepPost => "handover-rep-post",
            Text::RepName => "handover-rep-name",
            Text::Place => "handover-place",
            Text::Started => "handover-started",
            Text::Ended => "handover-ended",
            Text::Notes => "handover-notes",
        }
    }
}

/// The receiver picked: an agency of the list, or one named as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Agency(i64),
    Named,
}

/// Where a problem is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Receiver,
    ReceiverName,
    People,
    Started,
    Ended,
}

/// What is wrong with the form, shown under its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter)]
#[strum(prefix = "handover-problem-", serialize_all = "kebab-case")]
pub enum Problem {
    NoReceiver,
    ReceiverName,
    Nobody,
    TimeFormat,
    TimeInvalid,
    Future,
    BeforeReception,
    EndWithoutStart,
    EndBeforeStart,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<FormData>),
    Receiver(Choice<Pick>),
    /// Tick or untick a person (case id).
    Tick(String, bool),
    TickAll(bool),
    Input(Text, String),
    /// Check the form and ask for confirmation.
    Review,
    /// Back from the confirmation to the form.
    Back,
    /// Record it (only from the confirmation).
    Confirm,
    Recorded(UiResult<Recorded>),
    Cancel,
}

pub enum Event {
    /// A record was made: what the batch screen tells the officer.
    Recorded(Notice),
    Cancel,
}

pub struct Form {
    pub batch_id: String,
    pub batch_number: String,
    loaded: bool,
    received_at: Option<NaiveDateTime>,
    receivers: Vec<Agency>,
    people: Vec<CaseRow>,
    /// The case ids ticked.
    ticked: Vec<String>,
    receiver: Option<Pick>,
    texts: [String; 11],
    default_place: String,
    /// The default plan's receiver, how many it is for, and how many the
    /// plan sends elsewhere.
    proposal: Option<(String, usize, usize)>,
    problems: Vec<(Slot, Problem)>,
    /// Checked once: problems follow every change from then on.
    checked: bool,
    pub confirming: bool,
    pub busy: bool,
    notice: Option<Notice>,
}

impl Form {
    pub fn new(batch_id: String, batch_number: String) -> Form {
        Form {
            batch_id,
            batch_number,
            loaded: false,
            received_at: None,
            receivers: Vec::new(),
            people: Vec::new(),
            ticked: Vec::new(),
            receiver: None,
            texts: Default::default(),
            default_place: String::new(),
            proposal: None,
            problems: Vec::new(),
            checked: false,
            confirming: false,
            busy: false,
            notice: None,
        }
    }

    /// What the form starts from: the pending people, the receivers, the plan.
    pub fn load(session: &Session, batch_id: String) -> Task<Message> {
        session.db.task_app(
            move |v| crate::app::handovers::form_data(v, &batch_id),
            Message::Loaded,
        )
    }

    pub fn text(&self, t: Text) -> &str {
        &self.texts[t as usize]
    }

    pub fn problems(&self) -> &[(Slot, Problem)] {
        &self.problems
    }

    pub fn problem(&self, slot: Slot) -> Option<Problem> {
        self.problems
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, p)| *p)
    }

    pub fn ticked(&self) -> &[String] {
        &self.ticked
    }

    pub fn receiver(&self) -> Option<&Pick> {
        self.receiver.as_ref()
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Fill the form from what was loaded: the giver is the signed-in
    /// officer; the default receiver and its people follow the plan (each
    /// person to the police of their home province), everyone else ticked
    /// when there is no plan.
    pub fn fill(&mut self, d: FormData) {
        self.received_at = d.received_at;
        self.default_place = d.default_place;
        self.texts[Text::GiverRank as usize] = d.giver.rank;
        self.texts[Text::GiverPost as usize] = d.giver.post;
        self.texts[Text::GiverName as usize] = d.giver.name;
        match &d.proposal {
            Some(g) => {
                self.receiver = Some(Pick::Agency(g.agency.id));
                self.ticked = g.case_ids.clone();
                self.proposal = Some((g.agency.name.clone(), g.case_ids.len(), d.others));
            }
            None => self.ticked = d.people.iter().map(|p| p.id.clone()).collect(),
        }
        self.receivers = d.receivers;
        self.people = d.people;
        self.loaded = true;
    }

    pub fn update(
        &mut self,
        message: Message,
        session: &Session,
    ) -> (Task<Message>, Option<Event>) {
        let editing = matches!(
            message,
            Message::Receiver(_) | Message::Tick(..) | Message::TickAll(_) | Message::Input(..)
        );
        match message {
            Message::Loaded(Ok(d)) => self.fill(d),
            Message::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            Message::Receiver(c) => self.receiver = Some(c.value),
            Message::Tick(id, on) => {
                self.ticked.retain(|t| *t != id);
                if on && self.people.iter().any(|p| p.id == id) {
                    self.ticked.push(id);
                }
            }
            Message::TickAll(on) => {
                self.ticked = if on {
                    self.people.iter().map(|p| p.id.clone()).collect()
                } else {
                    Vec::new()
                };
            }
            Message::Input(t, s) => self.texts[t as usize] = s,
            Message::Review => {
                if self.busy || !self.loaded {
                    return (Task::none(), None);
                }
                self.checked = true;
                self.notice = None;
                let (_, problems) = self.check(crate::clock::now());
                self.confirming = problems.is_empty();
                self.problems = problems;
                if self.confirming {
                    // The confirmation sits at the foot of the form: show it.
                    return (operation::snap_to_end(Id::new(ID_SCROLL)), None);
                }
            }
            Message::Back => self.confirming = false,
            Message::Confirm => {
                if !self.confirming || self.busy {
                    return (Task::none(), None);
                }
                let (new, problems) = self.check(crate::clock::now());
                let Some(new) = new else {
                    self.problems = problems;
                    self.confirming = false;
                    return (Task::none(), None);
                };
                self.busy = true;
                let batch_id = self.batch_id.clone();
                return (
                    session.db.task_app(
                        move |v| crate::app::handovers::record_new(v, &batch_id, &new),
                        Message::Recorded,
                    ),
                    None,
                );
            }
            Message::Recorded(Ok(r)) => {
                self.busy = false;
                self.confirming = false;
                return (
                    Task::none(),
                    Some(Event::Recorded(Notice::CitizensHandedOver {
                        number: r.number.trim().to_string(),
                        receiver: r.handover.receiver,
                        count: r.handover.case_ids.len(),
                    })),
                );
            }
            Message::Recorded(Err(e)) => {
                self.busy = false;
                self.confirming = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::Cancel => return (Task::none(), Some(Event::Cancel)),
        }
        if editing {
            // A change after the confirmation was asked for asks again.
            self.confirming = false;
            if self.checked {
                self.problems = self.check(crate::clock::now()).1;
            }
        }
        (Task::none(), None)
    }

    fn moment(&self, t: Text) -> Result<Option<NaiveDateTime>, Problem> {
        let s = self.text(t).trim();
        if s.is_empty() {
            return Ok(None);
        }
        dates::parse_dmy_hm(s).map(Some).map_err(|e| match e {
            DateError::Invalid => Problem::TimeInvalid,
            _ => Problem::TimeFormat,
        })
    }

    /// The handover as typed, or what is wrong with it (checked at `now`).
    pub fn check(&self, now: NaiveDateTime) -> (Option<NewHandover>, Vec<(Slot, Problem)>) {
        let mut problems = Vec::new();
        let receiver = match &self.receiver {
            None => {
                problems.push((Slot::Receiver, Problem::NoReceiver));
                None
            }
            Some(Pick::Agency(id)) => Some(Receiver::Agency(*id)),
            Some(Pick::Named) => {
                let name = self.text(Text::ReceiverName).trim();
                if name.is_empty() {
                    problems.push((Slot::ReceiverName, Problem::ReceiverName));
                    None
                } else {
                    Some(Receiver::Named(name.to_string()))
                }
            }
        };
        // In the batch's order.
        let case_ids: Vec<String> = self
            .people
            .iter()
            .filter(|p| self.ticked.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        if case_ids.is_empty() {
            problems.push((Slot::People, Problem::Nobody));
        }
        let mut times = [None, None];
        for (i, (t, slot)) in [(Text::Started, Slot::Started), (Text::Ended, Slot::Ended)]
            .into_iter()
            .enumerate()
        {
            match self.moment(t) {
                Err(p) => problems.push((slot, p)),
                Ok(Some(at)) if at.date() > now.date() => problems.push((slot, Problem::Future)),
                Ok(Some(at)) if self.received_at.is_some_and(|r| at < r) => {
                    problems.push((slot, Problem::BeforeReception))
                }
                Ok(m) => times[i] = m,
            }
        }
        let [started, ended] = times;
        let typed = |t: Text| !self.text(t).trim().is_empty();
        if !typed(Text::Started) && typed(Text::Ended) {
            problems.push((Slot::Ended, Problem::EndWithoutStart));
        }
        if let (Some(s), Some(e)) = (started, ended)
            && e < s
        {
            problems.push((Slot::Ended, Problem::EndBeforeStart));
        }
        if !problems.is_empty() {
            return (None, problems);
        }
        let person = |rank: Text, post: Text, name: Text| Person {
            rank: self.text(rank).trim().to_string(),
            post: self.text(post).trim().to_string(),
            name: self.text(name).trim().to_string(),
        };
        let new = receiver.map(|receiver| NewHandover {
            receiver,
            case_ids,
            receiver_person: person(Text::RepRank, Text::RepPost, Text::RepName),
            giver_person: person(Text::GiverRank, Text::GiverPost, Text::GiverName),
            started_at: started,
            ended_at: ended,
            place: self.text(Text::Place).trim().to_string(),
            notes: self.text(Text::Notes).trim().to_string(),
        });
        (new, problems)
    }

    fn receiver_label(&self, l: Lang) -> String {
        match &self.receiver {
            Some(Pick::Agency(id)) => self
                .receivers
                .iter()
                .find(|a| a.id == *id)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            Some(Pick::Named) => self.text(Text::ReceiverName).trim().to_string(),
            None => t!(l, "handover-receiver-pick"),
        }
    }

    fn problem_text(&self, l: Lang, slot: Slot) -> Option<String> {
        self.problem(slot)
            .map(|p| problem_text(l, p, self.received_at))
    }

    /// A field's input; Enter checks the form (it never records).
    fn input<'a>(&'a self, t: Text, placeholder: &str) -> Element<'a, Message> {
        input(
            t.id(),
            self.text(t),
            placeholder,
            move |s| Message::Input(t, s),
            Some(Message::Review),
        )
        .into()
    }

    /// A typed field: its label, its input, and its problem where it has a slot.
    fn typed<'a>(
        &'a self,
        l: Lang,
        label: String,
        t: Text,
        placeholder: &str,
        slot: Option<Slot>,
    ) -> Element<'a, Message> {
        let problem = slot.and_then(|s| self.problem_text(l, s));
        field(label, false, self.input(t, placeholder), problem)
    }

    fn party<'a>(
        &'a self,
        l: Lang,
        title: String,
        [rank, post, name]: [Text; 3],
    ) -> Element<'a, Message> {
        column![
            widgets::section(title),
            row![
                container(self.typed(l, t!(l, "handover-rank"), rank, "", None))
                    .width(Length::FillPortion(2)),
                container(self.typed(l, t!(l, "handover-post"), post, "", None))
                    .width(Length::FillPortion(3)),
            ]
            .spacing(8),
            self.typed(l, t!(l, "handover-full-name"), name, "", None),
        ]
        .spacing(2)
        .width(Length::Fill)
        .into()
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let heading = widgets::heading(
            l,
            Some(Message::Cancel),
            t!(l, "handover-form-title", number = self.batch_number.clone()),
            vec![],
        );
        let notice = widgets::notice(l, self.notice.as_ref());
        if !self.loaded {
            return column![heading, notice].spacing(10).into();
        }
        let options = widgets::labelled(
            self.receivers
                .iter()
                .map(|a| (Pick::Agency(a.id), a.name.clone()))
                .chain([(Pick::Named, t!(l, "handover-receiver-named"))]),
        );
        let named = self.receiver == Some(Pick::Named);
        let name_shown: Element<'_, Message> = if named {
            self.input(Text::ReceiverName, &t!(l, "handover-receiver-name-hint"))
        } else {
            let agency = match &self.receiver {
                Some(Pick::Agency(_)) => self.receiver_label(l),
                _ => String::new(),
            };
            iced::widget::text_input(&t!(l, "handover-receiver-name-hint"), &agency)
                .id(iced::widget::Id::new(Text::ReceiverName.id()))
                .padding(6)
                .into()
        };
        let receiver = pick(
            options,
            self.receiver.as_ref(),
            t!(l, "handover-receiver-pick"),
            Message::Receiver,
        );
        // Fields side by side share the row's width equally.
        let receiver_row = row![
            field(
                t!(l, "handover-receiver"),
                true,
                receiver,
                self.problem_text(l, Slot::Receiver),
            ),
            field(
                t!(l, "handover-receiver-name"),
                named,
                name_shown,
                self.problem_text(l, Slot::ReceiverName),
            ),
        ]
        .spacing(12);
        let proposal = self
            .proposal
            .as_ref()
            .map(|(name, n, others)| -> Element<'_, Message> {
                text(if *others > 0 {
                    t!(
                        l,
                        "handover-proposal-more",
                        receiver = name.clone(),
                        count = *n,
                        others = *others
                    )
                } else {
                    t!(l, "handover-proposal", receiver = name.clone(), count = *n)
                })
                .size(13)
                .style(theme::muted)
                .into()
            });

        let all = !self.people.is_empty() && self.ticked.len() == self.people.len();
        let mut list = column![].spacing(4);
        for p in &self.people {
            let on = self.ticked.contains(&p.id);
            let id = p.id.clone();
            list = list.push(check(
                person_line(l, p),
                on,
                Some(move |b| Message::Tick(id.clone(), b)),
            ));
        }
        let list_height = (self.people.len() as f32 * 23.0 + 12.0).clamp(40.0, 190.0);
        let title = t!(
            l,
            "handover-people",
            ticked = self.ticked.len(),
            total = self.people.len()
        );
        let tick_all = check(t!(l, "handover-all"), all, Some(Message::TickAll));
        let people = column![
            widgets::section_bar(title, tick_all),
            container(scrollable(list).height(Length::Fixed(list_height)))
                .padding(6)
                .width(Length::Fill)
                .style(theme::card),
            container(
                text(self.problem_text(l, Slot::People).unwrap_or_default())
                    .size(12)
                    .style(theme::danger_text)
            )
            .height(Length::Fixed(16.0)),
        ]
        .spacing(4);

        let parties = row![
            self.party(
                l,
                t!(l, "handover-giver"),
                [Text::GiverRank, Text::GiverPost, Text::GiverName]
            ),
            self.party(
                l,
                t!(l, "handover-receiver-rep"),
                [Text::RepRank, Text::RepPost, Text::RepName]
            ),
        ]
        .spacing(20);
        let hint = t!(l, "handover-time-hint");
        let place = t!(l, "handover-place");
        let (started, ended) = (t!(l, "handover-started"), t!(l, "handover-ended"));
        let when = row![
            self.typed(l, place, Text::Place, &self.default_place, None),
            self.typed(l, started, Text::Started, &hint, Some(Slot::Started)),
            self.typed(l, ended, Text::Ended, &hint, Some(Slot::Ended)),
        ]
        .spacing(12);
        let notes_hint = t!(l, "handover-notes-hint");
        let notes = self.typed(l, t!(l, "handover-notes"), Text::Notes, &notes_hint, None);

        // The confirmation replaces the button (another widget: the focus
        // does not carry over, so a second Enter does not record).
        let ready = |m| (!self.busy).then_some(m);
        let actions: Element<'_, Message> = if self.confirming {
            container(
                column![
                    text(t!(
                        l,
                        "handover-confirm-text",
                        count = self.ticked.len(),
                        receiver = self.receiver_label(l)
                    ))
                    .size(14),
                    widgets::button_row([
                        (
                            t!(l, "handover-back-edit"),
                            Kind::Secondary,
                            ready(Message::Back)
                        ),
                        (
                            t!(l, "handover-confirm"),
                            Kind::Primary,
                            ready(Message::Confirm)
                        ),
                    ])
                    .spacing(10),
                ]
                .spacing(8),
            )
            .padding(10)
            .width(Length::Fill)
            .style(theme::card)
            .into()
        } else {
            let count = self.problems.len();
            row![
                btn(
                    t!(l, "handover-review"),
                    Kind::Primary,
                    ready(Message::Review)
                ),
                text(if count > 0 {
                    t!(l, "handover-problems", count = count)
                } else {
                    String::new()
                })
                .size(13)
                .style(theme::danger_text),
            ]
            .spacing(12)
            .align_y(Alignment::Center)
            .into()
        };

        let body = column![
            widgets::hint(t!(l, "handover-form-hint")),
            receiver_row,
            widgets::slot(proposal),
            people,
            parties,
            when,
            notes,
            actions,
        ]
        .spacing(8)
        .padding(iced::Padding {
            right: 14.0,
            ..iced::Padding::ZERO
        });
        column![
            heading,
            notice,
            scrollable(body).id(Id::new(ID_SCROLL)).height(Length::Fill)
        ]
        .spacing(10)
        .height(Length::Fill)
        .into()
    }
}

/// "2026-00012 · Nguyễn Văn A · nam · 34 tuổi · Tỉnh An Giang".
fn person_line(l: Lang, p: &CaseRow) -> String {
    let mut parts = vec![p.number.clone(), p.full_name.clone(), labels::sex(l, p.sex)];
    if let Some(a) = p.age {
        parts.push(t!(l, "handover-person-age", age = a));
    }
    parts.push(
        p.home_province
            .and_then(places::province)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| t!(l, "handover-no-province")),
    );
    parts.join(" · ")
}

pub fn problem_text(l: Lang, p: Problem, received_at: Option<NaiveDateTime>) -> String {
    match p {
        Problem::BeforeReception => t!(
            l,
            "handover-problem-before-reception",
            when = received_at.map(dates::format_dmy_hm).unwrap_or_default()
        ),
        other => labels::of(l, other),
    }
}

#[cfg(test)]
#[path = "handover_form_tests.rs"]
mod tests;

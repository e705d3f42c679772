//! Administration of what papers print and whom they go to: the unit's
//! letterhead (superior agency, name, abbreviation, place, head's post,
//! default signer, numbering), users' rank and post, the agencies (kind,
//! address, contact, phone, province, valid from/to) and the gates (kind,
//! province). Every change goes through the vault, which checks the
//! administrator and audits it.

use iced::widget::{column, row, text};
use iced::{Element, Length, Task};

use crate::domain::dates;
use crate::domain::org::{Agency, Gate};
use crate::domain::papers::{AgencyKind, GateKind, Letterhead, Numbering};
use crate::domain::places;
use crate::domain::text::join_present;
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{UiError, UiResult};
use crate::ui::session::Session;
use crate::ui::theme;
use crate::ui::widgets::{self, Choice, Line, col};
use crate::vault::users::UserRow;

pub fn agency_kind_label(l: Lang, k: AgencyKind) -> String {
    crate::i18n::dynamic(l, &format!("agency-kind-{}", k.key()))
}

pub fn gate_kind_label(l: Lang, k: GateKind) -> String {
    crate::i18n::dynamic(l, &format!("gate-kind-{}", k.key()))
}

/// The message ids this panel builds at run time (checked in both languages).
pub fn dynamic_keys() -> Vec<String> {
    AgencyKind::ALL
        .iter()
        .map(|k| format!("agency-kind-{}", k.key()))
        .chain(
            GateKind::ALL
                .iter()
                .map(|k| format!("gate-kind-{}", k.key())),
        )
        .collect()
}

#[derive(Debug, Clone)]
pub struct OrgData {
    pub letterhead: Letterhead,
    pub agencies: Vec<Agency>,
    pub gates: Vec<Gate>,
    pub users: Vec<(UserRow, String, String)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Load,
    Loaded(UiResult<OrgData>),
    Superior(String),
    UnitName(String),
    Abbreviation(String),
    Place(String),
    HeadPost(String),
    Signer(Choice<String>),
    BlankNumbers(bool),
    SaveLetterhead,
    User(Choice<String>),
    Rank(String),
    Post(String),
    SaveTitle,
    OpenAgency(i64),
    NewAgency,
    AgencyName(String),
    AgencyKind(Choice<AgencyKind>),
    AgencyAddress(String),
    AgencyContact(String),
    AgencyPhone(String),
    AgencyProvince(Choice<u32>),
    AgencyFrom(String),
    AgencyTo(String),
    AgencyActive(bool),
    SaveAgency,
    OpenGate(i64),
    NewGate,
    GateName(String),
    GateKind(Choice<GateKind>),
    GateProvince(Choice<u32>),
    GateActive(bool),
    SaveGate,
    Done(UiResult<()>),
}

#[derive(Debug, Clone)]
enum Notice {
    Saved,
    BadDate,
    /// Letterhead fields typed in capitals (they also stand inside sentences).
    TypedInCapitals,
    Error(UiError),
}

#[derive(Debug, Clone, Default)]
struct AgencyForm {
    id: i64,
    name: String,
    kind: Option<AgencyKind>,
    address: String,
    contact: String,
    phone: String,
    province: Option<u32>,
    from: String,
    to: String,
    active: bool,
}

#[derive(Debug, Clone, Default)]
struct GateForm {
    id: i64,
    name: String,
    kind: Option<GateKind>,
    province: Option<u32>,
    active: bool,
}

#[derive(Debug, Default)]
pub struct Orgs {
    data: Option<OrgData>,
    letterhead: Letterhead,
    user: Option<String>,
    rank: String,
    post: String,
    agency: Option<AgencyForm>,
    gate: Option<GateForm>,
    notice: Option<Notice>,
    busy: bool,
}

fn optional_date(s: &str) -> Result<Option<chrono::NaiveDate>, ()> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        dates::parse_dmy(s).map(Some).map_err(|_| ())
    }
}

impl Orgs {
    pub fn load(&mut self, session: &Session) -> Task<Message> {
        session.db.task(
            |v| {
                let people = v.people()?;
                let users = v
                    .list_users()?
                    .into_iter()
                    .map(|u| {
                        let p = people.get(&u.username).cloned().unwrap_or_default();
                        (u, p.rank, p.post)
                    })
                    .collect();
                Ok(OrgData {
                    letterhead: v.letterhead_setting()?,
                    agencies: v.agencies()?,
                    gates: v.gates()?,
                    users,
                })
            },
            Message::Loaded,
        )
    }

    fn run(
        &mut self,
        session: &Session,
        f: impl FnOnce(&mut crate::vault::Vault) -> crate::vault::Result<()> + Send + 'static,
    ) -> Task<Message> {
        self.busy = true;
        self.notice = None;
        session.db.task(f, Message::Done)
    }

    /// The capitals banner goes once no name is typed in capitals.
    fn clear_mended_capitals(&mut self) {
        if matches!(self.notice, Some(Notice::TypedInCapitals))
            && self.letterhead.typed_in_capitals().is_empty()
        {
            self.notice = None;
        }
    }

    pub fn update(&mut self, message: Message, session: &Session) -> Task<Message> {
        let lh = &mut self.letterhead;
        match message {
            Message::Load => return self.load(session),
            Message::Loaded(Ok(d)) => {
                self.letterhead = d.letterhead.clone();
                self.data = Some(d);
            }
            Message::Loaded(Err(e)) | Message::Done(Err(e)) => {
                self.busy = false;
                self.notice = Some(Notice::Error(e));
            }
            Message::Done(Ok(())) => {
                self.busy = false;
                self.notice = Some(Notice::Saved);
                self.agency = None;
                self.gate = None;
                return self.load(session);
            }
            Message::Superior(s) => {
                lh.superior = s;
                self.clear_mended_capitals();
            }
            Message::UnitName(s) => {
                lh.unit_name = s;
                self.clear_mended_capitals();
            }
            Message::Abbreviation(s) => lh.abbreviation = s,
            Message::Place(s) => {
                lh.place = s;
                self.clear_mended_capitals();
            }
            Message::HeadPost(s) => lh.head_post = s,
            Message::Signer(c) => lh.default_signer = c.value,
            Message::BlankNumbers(b) => {
                lh.numbering = if b {
                    Numbering::Blank
                } else {
                    Numbering::Issued
                }
            }
            Message::SaveLetterhead => {
                if !self.letterhead.cleaned().typed_in_capitals().is_empty() {
                    self.notice = Some(Notice::TypedInCapitals);
                    return Task::none();
                }
                let l = self.letterhead.clone();
                return self.run(session, move |v| v.set_letterhead(&l));
            }
            Message::User(c) => {
                if let Some((_, rank, post)) = self
                    .data
                    .as_ref()
                    .and_then(|d| d.users.iter().find(|(u, _, _)| u.username == c.value))
                {
                    self.rank = rank.clone();
                    self.post = post.clone();
                }
                self.user = Some(c.value);
            }
            Message::Rank(s) => self.rank = s,
            Message::Post(s) => self.post = s,
            Message::SaveTitle => {
                let Some(u) = self.user.clone() else {
                    return Task::none();
                };
                let (rank, post) = (self.rank.clone(), self.post.clone());
                return self.run(session, move |v| v.set_user_title(&u, &rank, &post));
            }
            Message::OpenAgency(id) => {
                if let Some(a) = self
                    .data
                    .as_ref()
                    .and_then(|d| d.agencies.iter().find(|a| a.id == id))
                {
                    self.agency = Some(AgencyForm {
                        id: a.id,
                        name: a.name.clone(),
                        kind: AgencyKind::from_key(&a.kind),
                        address: a.address.clone(),
                        contact: a.contact.clone(),
                        phone: a.phone.clone(),
                        province: a.province_code,
                        from: a.valid_from.map(dates::format_dmy).unwrap_or_default(),
                        to: a.valid_to.map(dates::format_dmy).unwrap_or_default(),
                        active: a.active,
                    });
                }
            }
            Message::NewAgency => {
                self.agency = Some(AgencyForm {
                    active: true,
                    ..AgencyForm::default()
                })
            }
            Message::AgencyName(s) => self.with_agency(|f| f.name = s),
            Message::AgencyKind(c) => self.with_agency(|f| f.kind = Some(c.value)),
            Message::AgencyAddress(s) => self.with_agency(|f| f.address = s),
            Message::AgencyContact(s) => self.with_agency(|f| f.contact = s),
            Message::AgencyPhone(s) => self.with_agency(|f| f.phone = s),
            Message::AgencyProvince(c) => self.with_agency(|f| f.province = Some(c.value)),
            Message::AgencyFrom(s) => self.with_agency(|f| f.from = s),
            Message::AgencyTo(s) => self.with_agency(|f| f.to = s),
            Message::AgencyActive(b) => self.with_agency(|f| f.active = b),
            Message::SaveAgency => {
                let Some(f) = self.agency.clone() else {
                    return Task::none();
                };
                let (Ok(from), Ok(to)) = (optional_date(&f.from), optional_date(&f.to)) else {
                    self.notice = Some(Notice::BadDate);
                    return Task::none();
                };
                let a = Agency {
                    id: f.id,
                    name: f.name,
                    kind: f.kind.unwrap_or(AgencyKind::Other).key().to_string(),
                    address: f.address,
                    active: f.active,
                    contact: f.contact,
                    phone: f.phone,
                    province_code: f.province,
                    valid_from: from,
                    valid_to: to,
                };
                return self.run(session, move |v| v.save_agency(&a).map(|_| ()));
            }
            Message::OpenGate(id) => {
                if let Some(g) = self
                    .data
                    .as_ref()
                    .and_then(|d| d.gates.iter().find(|g| g.id == id))
                {
                    self.gate = Some(GateForm {
                        id: g.id,
                        name: g.name.clone(),
                        kind: GateKind::from_key(&g.kind),
                        province: g.province_code,
                        active: g.active,
                    });
                }
            }
            Message::NewGate => {
                self.gate = Some(GateForm {
                    active: true,
                    ..GateForm::default()
                })
            }
            Message::GateName(s) => self.with_gate(|f| f.name = s),
            Message::GateKind(c) => self.with_gate(|f| f.kind = Some(c.value)),
            Message::GateProvince(c) => self.with_gate(|f| f.province = Some(c.value)),
            Message::GateActive(b) => self.with_gate(|f| f.active = b),
            Message::SaveGate => {
                let Some(f) = self.gate.clone() else {
                    return Task::none();
                };
                let g = Gate {
                    id: f.id,
                    name: f.name,
                    is_other: false,
                    active: f.active,
                    kind: f.kind.unwrap_or(GateKind::Other).key().to_string(),
                    province_code: f.province,
                };
                return self.run(session, move |v| v.save_gate(&g).map(|_| ()));
            }
        }
        Task::none()
    }

    fn with_agency(&mut self, f: impl FnOnce(&mut AgencyForm)) {
        if let Some(a) = self.agency.as_mut() {
            f(a);
        }
    }

    fn with_gate(&mut self, f: impl FnOnce(&mut GateForm)) {
        if let Some(g) = self.gate.as_mut() {
            f(g);
        }
    }

    pub fn view(&self, l: Lang) -> Element<'_, Message> {
        let notice = self.notice.as_ref().map(|n| match n {
            Notice::Saved => widgets::banner(theme::Banner::Success, t!(l, "saved")),
            Notice::BadDate => widgets::banner(theme::Banner::Error, t!(l, "org-bad-date")),
            Notice::TypedInCapitals => {
                widgets::banner(theme::Banner::Error, t!(l, "org-capitals-not-saved"))
            }
            Notice::Error(e) => widgets::banner(theme::Banner::Error, e.message(l)),
        });
        let Some(data) = &self.data else {
            return text(t!(l, "loading")).into();
        };
        column![
            widgets::slot(notice),
            self.view_letterhead(l, data),
            self.view_titles(l, data),
            self.view_agencies(l, data),
            self.view_gates(l, data),
        ]
        .spacing(16)
        .into()
    }

    fn view_letterhead<'a>(&'a self, l: Lang, data: &'a OrgData) -> Element<'a, Message> {
        let lh = &self.letterhead;
        let line = |label: String, value: &'a str, on: fn(String) -> Message| {
            widgets::text_field(label, false, value, on)
        };
        let signers: Vec<Choice<String>> = data
            .users
            .iter()
            .filter(|(u, _, _)| u.active)
            .map(|(u, _, _)| Choice {
                value: u.username.clone(),
                label: format!("{} ({})", u.display_name, u.username),
            })
            .collect();
        let signer = (!lh.default_signer.is_empty()).then_some(&lh.default_signer);
        // Under the names, why those typed in capitals are not saved.
        let capitals = (!lh.typed_in_capitals().is_empty()).then(|| {
            text(t!(l, "org-typed-in-capitals"))
                .size(13)
                .style(theme::danger_text)
        });
        widgets::card(
            column![
                widgets::section(t!(l, "org-letterhead")),
                widgets::hint(t!(l, "org-letterhead-hint")),
                row![
                    line(t!(l, "org-superior"), &lh.superior, Message::Superior),
                    line(t!(l, "org-unit-name"), &lh.unit_name, Message::UnitName),
                ]
                .spacing(12),
                capitals,
                row![
                    line(
                        t!(l, "org-abbreviation"),
                        &lh.abbreviation,
                        Message::Abbreviation
                    ),
                    line(t!(l, "org-place"), &lh.place, Message::Place),
                    line(t!(l, "org-head-post"), &lh.head_post, Message::HeadPost),
                ]
                .spacing(12),
                row![
                    widgets::pick_field(
                        l,
                        t!(l, "org-default-signer"),
                        false,
                        signers,
                        signer,
                        Message::Signer
                    ),
                    widgets::check(
                        t!(l, "org-blank-numbers"),
                        lh.numbering == Numbering::Blank,
                        Some(Message::BlankNumbers)
                    ),
                ]
                .spacing(12),
                widgets::at_end(self.save(l, Message::SaveLetterhead)),
            ]
            .spacing(8),
        )
        .into()
    }

    fn view_titles<'a>(&'a self, l: Lang, data: &'a OrgData) -> Element<'a, Message> {
        let users: Vec<Choice<String>> = data
            .users
            .iter()
            .map(|(u, rank, post)| Choice {
                value: u.username.clone(),
                label: join_present(
                    &[u.display_name.as_str(), rank.as_str(), post.as_str()],
                    " · ",
                ),
            })
            .collect();
        let save = (!self.busy && self.user.is_some()).then_some(Message::SaveTitle);
        widgets::card(
            column![
                widgets::section(t!(l, "org-titles")),
                row![
                    widgets::pick_field(
                        l,
                        t!(l, "field-username"),
                        false,
                        users,
                        self.user.as_ref(),
                        Message::User
                    ),
                    widgets::text_field(t!(l, "org-rank"), false, &self.rank, Message::Rank),
                    widgets::text_field(t!(l, "org-post"), false, &self.post, Message::Post),
                ]
                .spacing(12),
                widgets::at_end(widgets::save(l, save)),
            ]
            .spacing(8),
        )
        .into()
    }

    fn view_agencies<'a>(&'a self, l: Lang, data: &'a OrgData) -> Element<'a, Message> {
        let validity = |a: &Agency| match (a.valid_from, a.valid_to) {
            (None, None) => String::new(),
            (f, t) => format!(
                "{} – {}",
                f.map(dates::format_dmy).unwrap_or_default(),
                t.map(dates::format_dmy).unwrap_or_default()
            ),
        };
        let today = crate::clock::today();
        let open = self.agency.as_ref().map(|f| f.id);
        let lines = data
            .agencies
            .iter()
            .map(|a| {
                let cells = vec![
                    a.name.clone(),
                    agency_kind_label(l, a.kind()),
                    validity(a),
                    in_force(l, a.valid_on(today)),
                ];
                line(cells, a.id, open, Message::OpenAgency)
            })
            .collect();
        widgets::list_editor(
            t!(l, "org-agencies"),
            Some((t!(l, "org-new-agency"), Message::NewAgency)),
            columns(l, t!(l, "org-validity")),
            lines,
            220.0,
            self.agency.as_ref().map(|f| self.agency_editor(l, f)),
        )
    }

    fn agency_editor<'a>(&'a self, l: Lang, f: &'a AgencyForm) -> Element<'a, Message> {
        let kinds = widgets::choices(&AgencyKind::ALL, |k| agency_kind_label(l, *k));
        let kind = widgets::pick_field(
            l,
            t!(l, "org-kind"),
            true,
            kinds,
            f.kind.as_ref(),
            Message::AgencyKind,
        );
        let province = widgets::province_field(l, f.province.as_ref(), Message::AgencyProvince);
        column![
            row![
                widgets::text_field(t!(l, "org-name"), true, &f.name, Message::AgencyName),
                kind
            ]
            .spacing(12),
            row![
                widgets::text_field(
                    t!(l, "org-address"),
                    false,
                    &f.address,
                    Message::AgencyAddress
                ),
                province
            ]
            .spacing(12),
            row![
                widgets::text_field(
                    t!(l, "org-contact"),
                    false,
                    &f.contact,
                    Message::AgencyContact
                ),
                widgets::text_field(t!(l, "org-phone"), false, &f.phone, Message::AgencyPhone),
                widgets::text_field(t!(l, "org-valid-from"), false, &f.from, Message::AgencyFrom),
                widgets::text_field(t!(l, "org-valid-to"), false, &f.to, Message::AgencyTo),
            ]
            .spacing(12),
            row![
                widgets::check(t!(l, "org-active"), f.active, Some(Message::AgencyActive)),
                widgets::hspace(),
                self.save(l, Message::SaveAgency),
            ],
        ]
        .spacing(8)
        .into()
    }

    fn view_gates<'a>(&'a self, l: Lang, data: &'a OrgData) -> Element<'a, Message> {
        let open = self.gate.as_ref().map(|f| f.id);
        let lines = data
            .gates
            .iter()
            .map(|g| {
                let province = g.province_code.and_then(places::province);
                let cells = vec![
                    g.name.clone(),
                    gate_kind_label(l, g.kind()),
                    province.map(|p| p.name.clone()).unwrap_or_default(),
                    in_force(l, g.active),
                ];
                line(cells, g.id, open, Message::OpenGate)
            })
            .collect();
        widgets::list_editor(
            t!(l, "org-gates"),
            Some((t!(l, "org-new-gate"), Message::NewGate)),
            columns(l, t!(l, "setup-province")),
            lines,
            160.0,
            self.gate.as_ref().map(|f| self.gate_editor(l, f)),
        )
    }

    fn gate_editor<'a>(&'a self, l: Lang, f: &'a GateForm) -> Element<'a, Message> {
        let kinds = widgets::choices(&GateKind::ALL, |k| gate_kind_label(l, *k));
        row![
            widgets::text_field(t!(l, "org-name"), true, &f.name, Message::GateName),
            widgets::pick_field(
                l,
                t!(l, "org-kind"),
                false,
                kinds,
                f.kind.as_ref(),
                Message::GateKind
            ),
            widgets::province_field(l, f.province.as_ref(), Message::GateProvince),
            widgets::check(t!(l, "org-active"), f.active, Some(Message::GateActive)),
            self.save(l, Message::SaveGate),
        ]
        .spacing(12)
        .align_y(iced::Alignment::Center)
        .into()
    }

    /// The save button of a panel (disabled while a change is being saved).
    fn save<'a>(&self, l: Lang, on_save: Message) -> Element<'a, Message> {
        widgets::save(l, (!self.busy).then_some(on_save))
    }
}

/// The columns of the agency and gate lists: name, kind, `third`, status.
fn columns(l: Lang, third: String) -> Vec<widgets::Col> {
    vec![
        col(t!(l, "org-name"), Length::FillPortion(5)),
        col(t!(l, "org-kind"), Length::FillPortion(3)),
        col(third, Length::FillPortion(3)),
        col(t!(l, "field-status"), Length::FillPortion(2)),
    ]
}

/// A row of the agency or the gate register, marked while its record is
/// open in the editor.
fn line(
    cells: Vec<String>,
    id: i64,
    open: Option<i64>,
    on_open: fn(i64) -> Message,
) -> Line<Message> {
    Line {
        cells,
        alert: open == Some(id),
        on_open: on_open(id),
    }
}

fn in_force(l: Lang, yes: bool) -> String {
    if yes {
        t!(l, "org-in-force")
    } else {
        t!(l, "org-retired")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_superior_typed_in_capitals_is_not_saved_and_the_officer_is_told_why() {
        let session = Session::detached();
        let mut o = Orgs::default();
        let _ = o.update(
            Message::Superior("BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH TÂY NINH".into()),
            &session,
        );
        let _ = o.update(Message::SaveLetterhead, &session);
        assert!(matches!(o.notice, Some(Notice::TypedInCapitals)));
        assert!(!o.busy, "nothing was sent to the vault");

        let _ = o.update(
            Message::Superior("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh".into()),
            &session,
        );
        assert!(
            o.notice.is_none(),
            "the banner goes once the name is mended"
        );
        let _ = o.update(Message::SaveLetterhead, &session);
        assert!(o.busy, "the letterhead is being saved");
        assert!(o.notice.is_none());
    }
}

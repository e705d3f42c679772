//! The case form, in sections: identity and reception; address and family;
//! language and journey; health and needs; support, documents and wishes;
//! status and deadlines. Drafts are saved into the vault every 3 seconds and
//! on lock; a duplicate ID or a similar person raises an alert on save.

use chrono::{Local, NaiveDate};
use iced::widget::{
    Id, button, checkbox, column, combo_box, container, operation, pick_list, row, scrollable,
    text, text_input,
};
use iced::{Alignment, Element, Length, Task};
use serde::{Deserialize, Serialize};

use crate::domain::case::{CaseRecord, ExitLegality, FieldError, Problem, Sex, Source, Status};
use crate::domain::deadlines::{self, DeadlineState};
use crate::domain::{dates, places};
use crate::t;
use crate::ui::i18n::Lang;
use crate::ui::jobs::{Db, UiResult};
use crate::ui::labels::{self, Choice};
use crate::ui::theme::{self, Banner};
use crate::ui::widgets;
use crate::vault::cases::{CaseSaved, CaseView, DuplicateHit, Gate};

pub const ID_FULL_NAME: &str = "case-full-name";
pub const ID_EXIT_DATE: &str = "case-exit-date";
pub const ID_FIRST_ADDRESS: &str = "case-address";
pub const ID_FIRST_HEALTH: &str = "case-health";
pub const ID_FIRST_SUPPORT: &str = "case-meals";
pub const ID_VERIFICATION: &str = "case-verification";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Section {
    Identity,
    AddressFamily,
    Journey,
    Health,
    Support,
    Status,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Identity,
        Section::AddressFamily,
        Section::Journey,
        Section::Health,
        Section::Support,
        Section::Status,
    ];

    fn label(self, l: Lang) -> String {
        match self {
            Section::Identity => t!(l, "case-section-identity"),
            Section::AddressFamily => t!(l, "case-section-address"),
            Section::Journey => t!(l, "case-section-journey"),
            Section::Health => t!(l, "case-section-health"),
            Section::Support => t!(l, "case-section-support"),
            Section::Status => t!(l, "case-section-status"),
        }
    }

    fn first_input(self) -> &'static str {
        match self {
            Section::Identity => ID_FULL_NAME,
            Section::AddressFamily => ID_FIRST_ADDRESS,
            Section::Journey => ID_EXIT_DATE,
            Section::Health => ID_FIRST_HEALTH,
            Section::Support => ID_FIRST_SUPPORT,
            Section::Status => ID_VERIFICATION,
        }
    }
}

/// Text fields of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum F {
    FullName,
    OtherNames,
    BirthDate,
    BirthYear,
    AgeEstimate,
    Ethnicity,
    Nationality,
    IdNumber,
    Passport,
    Phone,
    ReceivedOn,
    Place,
    AsOnPapers,
    AddressDetail,
    FamilyName,
    FamilyRelation,
    FamilyPhone,
    FamilyAddress,
    Language,
    Interpreter,
    ExitDate,
    ExitGate,
    Country,
    DestPlace,
    Employer,
    WorkDone,
    HowRecruited,
    RecruiterContacts,
    MonthsAbroad,
    HowReturned,
    Condition,
    Injuries,
    Needs,
    Children,
    Documents,
    Wishes,
    Meals,
    Clothing,
    ShelterDays,
    SupportOther,
    Notes,
    VerificationOn,
    IdentifiedOn,
}

impl F {
    /// The field's id in the domain's validation (and the widget id).
    fn key(self) -> &'static str {
        match self {
            F::FullName => "full_name",
            F::OtherNames => "other_names",
            F::BirthDate => "birth_date",
            F::BirthYear => "birth_year",
            F::AgeEstimate => "age_estimate",
            F::Ethnicity => "ethnicity",
            F::Nationality => "nationality",
            F::IdNumber => "id_number",
            F::Passport => "passport_number",
            F::Phone => "phone",
            F::ReceivedOn => "received_on",
            F::Place => "place",
            F::AsOnPapers => "as_on_papers",
            F::AddressDetail => "address_detail",
            F::FamilyName => "family_name",
            F::FamilyRelation => "family_relation",
            F::FamilyPhone => "family_phone",
            F::FamilyAddress => "family_address",
            F::Language => "language",
            F::Interpreter => "interpreter",
            F::ExitDate => "exit_date",
            F::ExitGate => "exit_gate",
            F::Country => "destination_country",
            F::DestPlace => "destination_place",
            F::Employer => "employer",
            F::WorkDone => "work_done",
            F::HowRecruited => "how_recruited",
            F::RecruiterContacts => "recruiter_contacts",
            F::MonthsAbroad => "months_abroad",
            F::HowReturned => "how_returned",
            F::Condition => "condition",
            F::Injuries => "injuries",
            F::Needs => "immediate_needs",
            F::Children => "children",
            F::Documents => "documents",
            F::Wishes => "wishes",
            F::Meals => "meals",
            F::Clothing => "clothing_sets",
            F::ShelterDays => "shelter_days",
            F::SupportOther => "support_other",
            F::Notes => "notes",
            F::VerificationOn => "verification_requested_on",
            F::IdentifiedOn => "identified_on",
        }
    }

    fn section(self) -> Section {
        use F::*;
        match self {
            FullName | OtherNames | BirthDate | BirthYear | AgeEstimate | Ethnicity
            | Nationality | IdNumber | Passport | Phone | ReceivedOn | Place => Section::Identity,
            AsOnPapers | AddressDetail | FamilyName | FamilyRelation | FamilyPhone
            | FamilyAddress => Section::AddressFamily,
            Language | Interpreter | ExitDate | ExitGate | Country | DestPlace | Employer
            | WorkDone | HowRecruited | RecruiterContacts | MonthsAbroad | HowReturned => {
                Section::Journey
            }
            Condition | Injuries | Needs => Section::Health,
            Children | Documents | Wishes | Meals | Clothing | ShelterDays | SupportOther => {
                Section::Support
            }
            Notes | VerificationOn | IdentifiedOn => Section::Status,
        }
    }
}

/// Switches of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum B {
    AgeUncertain,
    InterpreterNeeded,
    Pregnant,
    Medical,
    Travel,
    Interpretation,
}

/// What the officer typed, as typed: this is what a draft keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormData {
    pub texts: std::collections::BTreeMap<String, String>,
    pub flags: std::collections::BTreeMap<String, bool>,
    pub sex: Sex,
    pub source: Source,
    pub status: Status,
    pub legality: ExitLegality,
    pub gate_id: Option<i64>,
    pub province: Option<u32>,
    pub commune: Option<u32>,
}

fn bkey(b: B) -> &'static str {
    match b {
        B::AgeUncertain => "age_uncertain",
        B::InterpreterNeeded => "interpreter_needed",
        B::Pregnant => "pregnant",
        B::Medical => "medical",
        B::Travel => "travel",
        B::Interpretation => "interpretation",
    }
}

impl FormData {
    pub fn get(&self, f: F) -> &str {
        self.texts.get(f.key()).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, f: F, v: String) {
        self.texts.insert(f.key().to_string(), v);
    }

    pub fn flag(&self, b: B) -> bool {
        self.flags.get(bkey(b)).copied().unwrap_or(false)
    }

    fn set_flag(&mut self, b: B, v: bool) {
        self.flags.insert(bkey(b).to_string(), v);
    }

    pub fn from_record(c: &CaseRecord) -> FormData {
        let mut d = FormData {
            sex: c.identity.sex,
            source: c.source,
            status: c.status,
            legality: c.journey.exit_legality,
            gate_id: c.gate_id,
            province: c.address.province_code,
            commune: c.address.commune_code,
            ..FormData::default()
        };
        let date = |x: Option<NaiveDate>| x.map(dates::format_dmy).unwrap_or_default();
        let num = |x: Option<u32>| x.map(|n| n.to_string()).unwrap_or_default();
        let nz = |n: u32| if n == 0 { String::new() } else { n.to_string() };
        let id = &c.identity;
        for (f, v) in [
            (F::FullName, id.full_name.clone()),
            (F::OtherNames, id.other_names.clone()),
            (F::BirthDate, date(id.birth_date)),
            (
                F::BirthYear,
                id.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            ),
            (F::AgeEstimate, num(id.age_estimate)),
            (F::Ethnicity, id.ethnicity.clone()),
            (F::Nationality, id.nationality.clone()),
            (F::IdNumber, id.id_number.clone()),
            (F::Passport, id.passport_number.clone()),
            (F::Phone, id.phone.clone()),
            (F::ReceivedOn, date(c.received_on)),
            (F::Place, c.place.clone()),
            (F::AsOnPapers, c.address.as_on_papers.clone()),
            (F::AddressDetail, c.address.detail.clone()),
            (F::FamilyName, c.family.name.clone()),
            (F::FamilyRelation, c.family.relation.clone()),
            (F::FamilyPhone, c.family.phone.clone()),
            (F::FamilyAddress, c.family.address.clone()),
            (F::Language, c.language.language.clone()),
            (F::Interpreter, c.language.interpreter.clone()),
            (F::ExitDate, date(c.journey.exit_date)),
            (F::ExitGate, c.journey.exit_gate.clone()),
            (F::Country, c.journey.destination_country.clone()),
            (F::DestPlace, c.journey.destination_place.clone()),
            (F::Employer, c.journey.employer.clone()),
            (F::WorkDone, c.journey.work_done.clone()),
            (F::HowRecruited, c.journey.how_recruited.clone()),
            (F::RecruiterContacts, c.journey.recruiter_contacts.clone()),
            (F::MonthsAbroad, num(c.journey.months_abroad)),
            (F::HowReturned, c.journey.how_returned.clone()),
            (F::Condition, c.health.condition.clone()),
            (F::Injuries, c.health.injuries.clone()),
            (F::Needs, c.health.immediate_needs.clone()),
            (F::Children, c.children.join(", ")),
            (F::Documents, c.documents.clone()),
            (F::Wishes, c.wishes.clone()),
            (F::Meals, nz(c.support.meals)),
            (F::Clothing, nz(c.support.clothing_sets)),
            (F::ShelterDays, nz(c.support.shelter_days)),
            (F::SupportOther, c.support.other.clone()),
            (F::Notes, c.notes.clone()),
            (F::VerificationOn, date(c.verification_requested_on)),
            (F::IdentifiedOn, date(c.identified_on)),
        ] {
            d.set(f, v);
        }
        d.set_flag(B::AgeUncertain, id.age_uncertain);
        d.set_flag(B::InterpreterNeeded, c.language.interpreter_needed);
        d.set_flag(B::Pregnant, c.health.pregnant);
        d.set_flag(B::Medical, c.support.medical);
        d.set_flag(B::Travel, c.support.travel);
        d.set_flag(B::Interpretation, c.support.interpretation);
        d
    }

    /// The record the form describes, or the fields that cannot be read.
    pub fn to_record(
        &self,
        base: &CaseRecord,
        today: NaiveDate,
    ) -> Result<CaseRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |f: F, past: bool| -> Option<NaiveDate> {
            let s = self.get(f).trim();
            if s.is_empty() {
                return None;
            }
            let r = if past {
                dates::parse_past_dmy(s, today)
            } else {
                dates::parse_dmy(s)
            };
            match r {
                Ok(d) => Some(d),
                Err(e) => {
                    let problem = match e {
                        dates::DateError::Future => Problem::FutureDate,
                        dates::DateError::TooOld => Problem::TooOld,
                        _ => Problem::AgeRange,
                    };
                    // "AgeRange" here means "not a date in dd/mm/yyyy".
                    let problem = if problem == Problem::AgeRange {
                        Problem::Required
                    } else {
                        problem
                    };
                    errors.push(FieldError {
                        field: f.key(),
                        problem,
                    });
                    None
                }
            }
        };
        let birth_date = date(F::BirthDate, true);
        let received_on = date(F::ReceivedOn, true);
        let exit_date = date(F::ExitDate, true);
        let verification = date(F::VerificationOn, true);
        let identified = date(F::IdentifiedOn, true);
        let mut num = |f: F, max: u32| -> Option<u32> {
            let s = self.get(f).trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<u32>() {
                Ok(n) if n <= max => Some(n),
                _ => {
                    errors.push(FieldError {
                        field: f.key(),
                        problem: Problem::AgeRange,
                    });
                    None
                }
            }
        };
        let birth_year = num(F::BirthYear, 3000).map(|y| y as i32);
        let age_estimate = num(F::AgeEstimate, 130);
        let months = num(F::MonthsAbroad, 1200);
        let meals = num(F::Meals, 10_000).unwrap_or(0);
        let clothing = num(F::Clothing, 1000).unwrap_or(0);
        let shelter = num(F::ShelterDays, 10_000).unwrap_or(0);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut c = base.clone();
        let g = |f: F| self.get(f).to_string();
        c.source = self.source;
        c.status = self.status;
        c.received_on = received_on;
        c.gate_id = self.gate_id;
        c.place = g(F::Place);
        let id = &mut c.identity;
        id.full_name = g(F::FullName);
        id.other_names = g(F::OtherNames);
        id.sex = self.sex;
        id.birth_date = birth_date;
        id.birth_year = birth_year;
        id.age_estimate = age_estimate;
        id.age_uncertain = self.flag(B::AgeUncertain);
        id.ethnicity = g(F::Ethnicity);
        id.nationality = g(F::Nationality);
        id.id_number = g(F::IdNumber);
        id.passport_number = g(F::Passport);
        id.phone = g(F::Phone);
        c.address.as_on_papers = g(F::AsOnPapers);
        c.address.province_code = self.province;
        c.address.commune_code = self.commune;
        c.address.detail = g(F::AddressDetail);
        c.family.name = g(F::FamilyName);
        c.family.relation = g(F::FamilyRelation);
        c.family.phone = g(F::FamilyPhone);
        c.family.address = g(F::FamilyAddress);
        c.language.language = g(F::Language);
        c.language.interpreter_needed = self.flag(B::InterpreterNeeded);
        c.language.interpreter = g(F::Interpreter);
        let j = &mut c.journey;
        j.exit_date = exit_date;
        j.exit_gate = g(F::ExitGate);
        j.exit_legality = self.legality;
        j.destination_country = g(F::Country);
        j.destination_place = g(F::DestPlace);
        j.employer = g(F::Employer);
        j.work_done = g(F::WorkDone);
        j.how_recruited = g(F::HowRecruited);
        j.recruiter_contacts = g(F::RecruiterContacts);
        j.months_abroad = months;
        j.how_returned = g(F::HowReturned);
        c.health.condition = g(F::Condition);
        c.health.injuries = g(F::Injuries);
        c.health.pregnant = self.flag(B::Pregnant);
        c.health.immediate_needs = g(F::Needs);
        c.children = self
            .get(F::Children)
            .split([',', ';'])
            .map(|s| s.trim().to_string())
            .collect();
        c.documents = g(F::Documents);
        c.wishes = g(F::Wishes);
        c.support.meals = meals;
        c.support.clothing_sets = clothing;
        c.support.shelter_days = shelter;
        c.support.medical = self.flag(B::Medical);
        c.support.travel = self.flag(B::Travel);
        c.support.interpretation = self.flag(B::Interpretation);
        c.support.other = g(F::SupportOther);
        c.notes = g(F::Notes);
        c.verification_requested_on = verification;
        c.identified_on = identified;
        c.normalize();
        let problems = crate::domain::case::validate(&c, today);
        if problems.is_empty() {
            Ok(c)
        } else {
            Err(problems)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub view: CaseView,
    pub draft: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Opened>),
    Section(Section),
    Text(F, String),
    Flag(B, bool),
    Sex(Choice<Sex>),
    Source(Choice<Source>),
    Status(Choice<Status>),
    Legality(Choice<ExitLegality>),
    Gate(GateChoice),
    Province(PlaceChoice),
    Commune(PlaceChoice),
    Save,
    Saved(UiResult<CaseSaved>),
    Autosave,
    DraftSaved(UiResult<()>),
    DiscardDraft,
    Compare(String),
    Compared(UiResult<CaseView>),
    CloseCompare,
    Link(String),
    Dismiss(String),
    DuplicateHandled(UiResult<String>),
    Back,
    ConfirmDiscard,
    StayHere,
    OpenOther(String),
    Screen,
    Refer,
}

pub enum Event {
    /// Open the referrals of this case.
    Refer(String),
    Close,
    Open(String),
    /// Open the screening interview of this case.
    Screen(String),
    /// A saved case changed the list: reload it.
    Changed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GateChoice {
    pub id: i64,
    name: String,
}

impl std::fmt::Display for GateChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceChoice {
    pub code: u32,
    name: String,
}

impl std::fmt::Display for PlaceChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

fn province_choices() -> Vec<PlaceChoice> {
    places::provinces()
        .iter()
        .map(|p| PlaceChoice {
            code: p.code,
            name: p.name.clone(),
        })
        .collect()
}

fn commune_choices(province: Option<u32>) -> Vec<PlaceChoice> {
    province
        .and_then(places::province)
        .map(|p| {
            p.communes
                .iter()
                .map(|c| PlaceChoice {
                    code: c.code,
                    name: c.name.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub struct CaseForm {
    /// The record as last saved (or a new one).
    base: CaseRecord,
    version: Option<i64>,
    pub data: FormData,
    saved_data: FormData,
    pub section: Section,
    gates: Vec<Gate>,
    provinces: combo_box::State<PlaceChoice>,
    communes: combo_box::State<PlaceChoice>,
    errors: Vec<FieldError>,
    pub duplicates: Vec<DuplicateHit>,
    pub notice: Option<(Banner, String)>,
    compare: Option<CaseView>,
    receptions: Vec<(String, String, String)>,
    screening_outcome: Option<String>,
    batch_number: Option<String>,
    draft_slot: String,
    draft_dirty: bool,
    restored_draft: bool,
    confirm_back: bool,
    busy: bool,
    pub loading: bool,
}

impl CaseForm {
    fn empty(gates: Vec<Gate>) -> CaseForm {
        CaseForm {
            base: CaseRecord::default(),
            version: None,
            data: FormData::default(),
            saved_data: FormData::default(),
            section: Section::Identity,
            gates,
            provinces: combo_box::State::new(province_choices()),
            communes: combo_box::State::new(Vec::new()),
            errors: Vec::new(),
            duplicates: Vec::new(),
            notice: None,
            compare: None,
            receptions: Vec::new(),
            screening_outcome: None,
            batch_number: None,
            draft_slot: String::new(),
            draft_dirty: false,
            restored_draft: false,
            confirm_back: false,
            busy: false,
            loading: false,
        }
    }

    /// A new case (not from a batch).
    pub fn new_case(gates: Vec<Gate>) -> (CaseForm, Task<Message>) {
        let mut f = CaseForm::empty(gates);
        let today = Local::now().date_naive();
        f.base.received_on = Some(today);
        f.base.identity.nationality = "Việt Nam".into();
        f.data = FormData::from_record(&f.base);
        f.saved_data = f.data.clone();
        f.draft_slot = format!("case:new:{}", uuid::Uuid::now_v7());
        (f, operation::focus(Id::new(ID_FULL_NAME)))
    }

    /// Open a stored case (and its draft, if one was left).
    pub fn open(id: String, gates: Vec<Gate>, db: &Db) -> (CaseForm, Task<Message>) {
        let mut f = CaseForm::empty(gates);
        f.loading = true;
        f.draft_slot = format!("case:{id}");
        let slot = f.draft_slot.clone();
        let task = db.task(
            move |v| {
                let view = v.open_case(&id)?;
                let draft = v.load_draft(&slot)?;
                Ok(Opened { view, draft })
            },
            Message::Loaded,
        );
        (f, task)
    }

    /// Resume a draft of a new case left by a crash or a lock.
    pub fn resume_new(slot: String, payload: &str, gates: Vec<Gate>) -> (CaseForm, Task<Message>) {
        let (mut f, task) = CaseForm::new_case(gates);
        if let Ok(d) = serde_json::from_str::<FormData>(payload) {
            f.data = d;
            f.restored_draft = true;
            f.communes = combo_box::State::new(commune_choices(f.data.province));
        }
        f.draft_slot = slot;
        (f, task)
    }

    pub fn case_id(&self) -> Option<&str> {
        (!self.base.id.is_empty()).then_some(self.base.id.as_str())
    }

    pub fn is_dirty(&self) -> bool {
        self.data != self.saved_data
    }

    pub fn needs_autosave(&self) -> bool {
        self.draft_dirty
    }

    /// The unsaved input, for a draft in the vault.
    pub fn draft(&self) -> Option<(String, String)> {
        self.is_dirty().then(|| {
            (
                self.draft_slot.clone(),
                serde_json::to_string(&self.data).expect("form serialises"),
            )
        })
    }

    fn touch(&mut self) {
        self.draft_dirty = self.is_dirty();
        self.confirm_back = false;
        if !self.errors.is_empty() {
            self.errors.retain(|_| false);
        }
    }

    fn error_for(&self, key: &str, l: Lang) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == key)
            .map(|e| labels::problem(l, e.problem))
    }

    pub fn update(
        &mut self,
        message: Message,
        db: &Db,
        lang: Lang,
    ) -> (Task<Message>, Option<Event>) {
        let l = lang;
        match message {
            Message::Loaded(Ok(opened)) => {
                self.loading = false;
                self.base = opened.view.record.clone();
                self.version = Some(opened.view.version);
                self.receptions = opened.view.receptions.clone();
                self.screening_outcome = opened.view.screening_outcome.clone();
                self.batch_number = opened.view.batch_number.clone();
                self.data = FormData::from_record(&self.base);
                self.saved_data = self.data.clone();
                if let Some(d) = opened
                    .draft
                    .and_then(|p| serde_json::from_str::<FormData>(&p).ok())
                    && d != self.data
                {
                    self.data = d;
                    self.restored_draft = true;
                }
                self.communes = combo_box::State::new(commune_choices(self.data.province));
                return (operation::focus(Id::new(ID_FULL_NAME)), None);
            }
            Message::Loaded(Err(e)) => {
                self.loading = false;
                self.notice = Some((Banner::Error, e.message(l)));
            }
            Message::Section(s) => {
                self.section = s;
                return (operation::focus(Id::new(s.first_input())), None);
            }
            Message::Text(f, v) => {
                self.data.set(f, v);
                self.touch();
            }
            Message::Flag(b, v) => {
                self.data.set_flag(b, v);
                self.touch();
            }
            Message::Sex(c) => {
                self.data.sex = c.value;
                self.touch();
            }
            Message::Source(c) => {
                self.data.source = c.value;
                self.touch();
            }
            Message::Status(c) => {
                self.data.status = c.value;
                self.touch();
            }
            Message::Legality(c) => {
                self.data.legality = c.value;
                self.touch();
            }
            Message::Gate(g) => {
                self.data.gate_id = Some(g.id);
                self.touch();
            }
            Message::Province(p) => {
                if self.data.province != Some(p.code) {
                    self.data.commune = None;
                }
                self.data.province = Some(p.code);
                self.communes = combo_box::State::new(commune_choices(Some(p.code)));
                self.touch();
            }
            Message::Commune(c) => {
                self.data.commune = Some(c.code);
                self.touch();
            }
            Message::Save => return (self.save(db, l), None),
            Message::Saved(Ok(saved)) => {
                self.busy = false;
                let was_new = self.version.is_none();
                self.base.id = saved.id.clone();
                self.base.number = saved.number.clone();
                self.version = Some(saved.version);
                if let Ok(rec) = self.data.to_record(&self.base, Local::now().date_naive()) {
                    self.base = rec;
                }
                self.saved_data = self.data.clone();
                self.duplicates = saved.duplicates;
                self.restored_draft = false;
                let old_slot =
                    std::mem::replace(&mut self.draft_slot, format!("case:{}", saved.id));
                self.draft_dirty = false;
                self.notice = Some((
                    Banner::Success,
                    if was_new {
                        t!(l, "case-created", number = saved.number.clone())
                    } else {
                        t!(l, "case-saved", number = saved.number.clone())
                    },
                ));
                return (
                    db.task(move |v| v.delete_draft(&old_slot), Message::DraftSaved),
                    Some(Event::Changed),
                );
            }
            Message::Saved(Err(e)) => {
                self.busy = false;
                self.notice = Some((Banner::Error, e.message(l)));
            }
            Message::Autosave => {
                if self.draft_dirty && !self.busy {
                    self.draft_dirty = false;
                    let (slot, payload) = self.draft().unwrap_or_else(|| {
                        (
                            self.draft_slot.clone(),
                            serde_json::to_string(&self.data).expect("serialises"),
                        )
                    });
                    return (
                        db.task(move |v| v.save_draft(&slot, &payload), Message::DraftSaved),
                        None,
                    );
                }
            }
            Message::DraftSaved(Ok(())) => {}
            Message::DraftSaved(Err(e)) => {
                self.draft_dirty = true;
                self.notice = Some((
                    Banner::Error,
                    t!(l, "case-draft-failed", detail = e.message(l)),
                ));
            }
            Message::DiscardDraft => {
                self.data = self.saved_data.clone();
                self.restored_draft = false;
                self.draft_dirty = false;
                self.communes = combo_box::State::new(commune_choices(self.data.province));
                let slot = self.draft_slot.clone();
                return (
                    db.task(move |v| v.delete_draft(&slot), Message::DraftSaved),
                    None,
                );
            }
            Message::Compare(id) => {
                return (db.task(move |v| v.read_case(&id), Message::Compared), None);
            }
            Message::Compared(Ok(view)) => self.compare = Some(view),
            Message::Compared(Err(e)) => self.notice = Some((Banner::Error, e.message(l))),
            Message::CloseCompare => self.compare = None,
            Message::Link(other) => {
                let Some(id) = self.case_id().map(str::to_string) else {
                    return (Task::none(), None);
                };
                let other2 = other.clone();
                return (
                    db.task(
                        move |v| {
                            v.link_duplicate(&id, &other2)?;
                            Ok(other2)
                        },
                        Message::DuplicateHandled,
                    ),
                    None,
                );
            }
            Message::Dismiss(other) => {
                let Some(id) = self.case_id().map(str::to_string) else {
                    return (Task::none(), None);
                };
                return (
                    db.task(
                        move |v| {
                            v.dismiss_duplicate(&id, &other)?;
                            Ok(other)
                        },
                        Message::DuplicateHandled,
                    ),
                    None,
                );
            }
            Message::DuplicateHandled(Ok(other)) => {
                self.duplicates.retain(|d| d.case_id != other);
                self.compare = None;
                // Reload to show the receptions of the (now linked) person.
                if let Some(id) = self.case_id().map(str::to_string) {
                    let slot = self.draft_slot.clone();
                    return (
                        db.task(
                            move |v| {
                                let view = v.read_case(&id)?;
                                let draft = v.load_draft(&slot)?;
                                Ok(Opened { view, draft })
                            },
                            Message::Loaded,
                        ),
                        Some(Event::Changed),
                    );
                }
            }
            Message::DuplicateHandled(Err(e)) => self.notice = Some((Banner::Error, e.message(l))),
            Message::Back => {
                if self.is_dirty() && !self.confirm_back {
                    self.confirm_back = true;
                    return (Task::none(), None);
                }
                return (Task::none(), Some(Event::Close));
            }
            Message::ConfirmDiscard => {
                // Leave without saving: the draft stays in the vault only if asked to keep it.
                let slot = self.draft_slot.clone();
                return (
                    db.task(move |v| v.delete_draft(&slot), Message::DraftSaved),
                    Some(Event::Close),
                );
            }
            Message::StayHere => self.confirm_back = false,
            Message::OpenOther(id) => return (Task::none(), Some(Event::Open(id))),
            Message::Screen => {
                if let Some(id) = self.case_id() {
                    return (Task::none(), Some(Event::Screen(id.to_string())));
                }
            }
            Message::Refer => {
                if let Some(id) = self.case_id() {
                    return (Task::none(), Some(Event::Refer(id.to_string())));
                }
            }
        }
        (Task::none(), None)
    }

    fn save(&mut self, db: &Db, l: Lang) -> Task<Message> {
        if self.busy || self.loading {
            return Task::none();
        }
        let today = Local::now().date_naive();
        match self.data.to_record(&self.base, today) {
            Err(errors) => {
                self.errors = errors;
                self.section = section_of(self.errors[0].field);
                self.notice = Some((
                    Banner::Error,
                    t!(l, "case-has-errors", count = self.errors.len()),
                ));
                Task::none()
            }
            Ok(mut record) => {
                self.errors.clear();
                self.busy = true;
                self.notice = None;
                match self.version {
                    None => db.task(move |v| v.create_case(&mut record), Message::Saved),
                    Some(version) => {
                        db.task(move |v| v.update_case(&mut record, version), Message::Saved)
                    }
                }
            }
        }
    }

    pub fn view(&self, lang: Lang) -> Element<'_, Message> {
        let l = lang;
        let title = if self.base.number.is_empty() {
            t!(l, "case-new-title")
        } else {
            t!(l, "case-title", number = self.base.number.clone())
        };
        let mut head = row![
            button(text(t!(l, "case-back")))
                .on_press(Message::Back)
                .style(button::secondary)
                .padding([6, 12]),
            widgets::title(title),
            widgets::hspace(),
        ]
        .spacing(12)
        .align_y(Alignment::Center);
        if let Some(b) = &self.batch_number {
            head = head.push(
                text(t!(l, "case-in-batch", number = b.clone()))
                    .size(13)
                    .style(theme::muted),
            );
        }
        if self.version.is_some() {
            head = head
                .push(
                    button(text(t!(l, "case-screen")))
                        .on_press_maybe((!self.is_dirty()).then_some(Message::Screen))
                        .style(button::secondary)
                        .padding([8, 14]),
                )
                .push(
                    button(text(t!(l, "case-refer")))
                        .on_press_maybe((!self.is_dirty()).then_some(Message::Refer))
                        .style(button::secondary)
                        .padding([8, 14]),
                );
        }
        head = head.push(
            button(text(t!(l, "case-save")))
                .on_press_maybe((!self.busy && !self.loading).then_some(Message::Save))
                .style(button::primary)
                .padding([8, 18]),
        );
        let mut c = column![head].spacing(10);
        if self.loading {
            return c.push(text(t!(l, "loading"))).padding(20).into();
        }
        if self.confirm_back {
            c = c.push(
                container(
                    row![
                        text(t!(l, "case-unsaved-question")).width(Length::Fill),
                        button(text(t!(l, "case-save")))
                            .on_press(Message::Save)
                            .style(button::primary),
                        button(text(t!(l, "case-discard")))
                            .on_press(Message::ConfirmDiscard)
                            .style(button::danger),
                        button(text(t!(l, "case-stay")))
                            .on_press(Message::StayHere)
                            .style(button::secondary),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
                .padding(10)
                .style(theme::banner(Banner::Warning)),
            );
        }
        if self.receptions.len() > 1 {
            let list = self
                .receptions
                .iter()
                .map(|(_, n, d)| format!("{n} ({})", dates::iso_to_dmy(d)))
                .collect::<Vec<_>>()
                .join(", ");
            c = c.push(widgets::banner(
                Banner::Error,
                t!(
                    l,
                    "case-repeat-return",
                    count = self.receptions.len(),
                    list = list
                ),
            ));
        }
        if self.restored_draft {
            c = c.push(
                container(
                    row![
                        text(t!(l, "case-draft-restored")).width(Length::Fill),
                        button(text(t!(l, "case-draft-discard")))
                            .on_press(Message::DiscardDraft)
                            .style(button::secondary),
                    ]
                    .align_y(Alignment::Center),
                )
                .padding(8)
                .style(theme::banner(Banner::Info)),
            );
        }
        if let Some((kind, msg)) = &self.notice {
            c = c.push(widgets::banner(*kind, msg.clone()));
        }
        if !self.duplicates.is_empty() {
            c = c.push(self.view_duplicates(l));
        }
        if let Some(other) = &self.compare {
            c = c.push(self.view_compare(other, l));
        }
        let mut tabs = row![].spacing(4);
        for s in Section::ALL {
            let has_error = self.errors.iter().any(|e| section_of(e.field) == s);
            let label = if has_error {
                format!("{} ⚠", s.label(l))
            } else {
                s.label(l)
            };
            tabs = tabs.push(
                button(text(label).size(14))
                    .on_press(Message::Section(s))
                    .style(theme::nav(self.section == s))
                    .padding([6, 12]),
            );
        }
        c = c.push(tabs);
        let body = match self.section {
            Section::Identity => self.view_identity(l),
            Section::AddressFamily => self.view_address(l),
            Section::Journey => self.view_journey(l),
            Section::Health => self.view_health(l),
            Section::Support => self.view_support(l),
            Section::Status => self.view_status(l),
        };
        c = c.push(scrollable(container(body).padding(12).style(theme::card)).height(Length::Fill));
        c.padding(16).height(Length::Fill).into()
    }

    fn input<'a>(&'a self, l: Lang, f: F, label: String) -> Element<'a, Message> {
        let mut ti = text_input("", self.data.get(f))
            .on_input(move |s| Message::Text(f, s))
            .on_submit(Message::Save)
            .padding(6);
        ti = ti.id(Id::new(widget_id(f)));
        widgets::field(label, ti, self.error_for(f.key(), l))
    }

    fn flag<'a>(&'a self, b: B, label: String) -> Element<'a, Message> {
        checkbox(self.data.flag(b))
            .label(label)
            .on_toggle(move |v| Message::Flag(b, v))
            .into()
    }

    fn view_identity(&self, l: Lang) -> Element<'_, Message> {
        let sexes = labels::choices(Sex::ALL, |s| labels::sex(l, s));
        let sources = labels::choices(Source::ALL, |s| labels::source(l, s));
        let gates: Vec<GateChoice> = self
            .gates
            .iter()
            .filter(|g| g.active || Some(g.id) == self.data.gate_id)
            .map(|g| GateChoice {
                id: g.id,
                name: g.name.clone(),
            })
            .collect();
        let gate = gates
            .iter()
            .find(|g| Some(g.id) == self.data.gate_id)
            .cloned();
        let base = CaseRecord {
            received_on: dates::parse_dmy(self.data.get(F::ReceivedOn)).ok(),
            ..CaseRecord::default()
        };
        let preview = self.data.to_record(&base, Local::now().date_naive()).ok();
        let age_hint = match preview.as_ref() {
            Some(c) if c.is_child() => Some((Banner::Warning, t!(l, "case-child-presumed"))),
            Some(c) if c.possibly_child() => Some((Banner::Warning, t!(l, "case-possibly-child"))),
            Some(c) => c
                .age()
                .map(|a| (Banner::Info, t!(l, "case-age-is", age = a))),
            None => None,
        };
        let mut col = column![
            widgets::section(t!(l, "case-identity")),
            row![
                self.input(l, F::FullName, t!(l, "case-full-name")),
                self.input(l, F::OtherNames, t!(l, "case-other-names")),
            ]
            .spacing(12),
            row![
                widgets::field(
                    t!(l, "case-sex"),
                    pick_list(
                        sexes.clone(),
                        labels::selected(&sexes, self.data.sex),
                        Message::Sex
                    )
                    .padding(6),
                    self.error_for("sex", l)
                ),
                self.input(l, F::BirthDate, t!(l, "case-birth-date")),
                self.input(l, F::BirthYear, t!(l, "case-birth-year")),
                self.input(l, F::AgeEstimate, t!(l, "case-age-estimate")),
            ]
            .spacing(12),
            self.flag(B::AgeUncertain, t!(l, "case-age-uncertain")),
        ]
        .spacing(10);
        if let Some((kind, msg)) = age_hint {
            col = col.push(widgets::banner(kind, msg));
        }
        col.push(
            row![
                self.input(l, F::IdNumber, t!(l, "case-id-number")),
                self.input(l, F::Passport, t!(l, "case-passport")),
                self.input(l, F::Phone, t!(l, "case-phone")),
            ]
            .spacing(12),
        )
        .push(
            row![
                self.input(l, F::Ethnicity, t!(l, "case-ethnicity")),
                self.input(l, F::Nationality, t!(l, "case-nationality")),
            ]
            .spacing(12),
        )
        .push(widgets::section(t!(l, "case-reception")))
        .push(
            row![
                widgets::field(
                    t!(l, "case-source"),
                    pick_list(
                        sources.clone(),
                        labels::selected(&sources, self.data.source),
                        Message::Source
                    )
                    .padding(6),
                    None
                ),
                self.input(l, F::ReceivedOn, t!(l, "case-received-on")),
                widgets::field(
                    t!(l, "case-gate"),
                    pick_list(gates, gate, Message::Gate).padding(6),
                    None
                ),
                self.input(l, F::Place, t!(l, "case-place")),
            ]
            .spacing(12),
        )
        .into()
    }

    fn view_address(&self, l: Lang) -> Element<'_, Message> {
        let province = province_choices()
            .into_iter()
            .find(|p| Some(p.code) == self.data.province);
        let commune = commune_choices(self.data.province)
            .into_iter()
            .find(|c| Some(c.code) == self.data.commune);
        column![
            widgets::section(t!(l, "case-address")),
            widgets::field(
                t!(l, "case-as-on-papers"),
                text_input("", self.data.get(F::AsOnPapers))
                    .id(Id::new(ID_FIRST_ADDRESS))
                    .on_input(|s| Message::Text(F::AsOnPapers, s))
                    .padding(6),
                self.error_for("as_on_papers", l)
            ),
            row![
                widgets::field(
                    t!(l, "case-province"),
                    combo_box(
                        &self.provinces,
                        &t!(l, "setup-province-placeholder"),
                        province.as_ref(),
                        Message::Province
                    )
                    .padding(6),
                    self.error_for("province", l)
                ),
                widgets::field(
                    t!(l, "case-commune"),
                    combo_box(
                        &self.communes,
                        &t!(l, "case-commune-placeholder"),
                        commune.as_ref(),
                        Message::Commune
                    )
                    .padding(6),
                    self.error_for("commune", l)
                ),
            ]
            .spacing(12),
            self.input(l, F::AddressDetail, t!(l, "case-address-detail")),
            widgets::section(t!(l, "case-family")),
            row![
                self.input(l, F::FamilyName, t!(l, "case-family-name")),
                self.input(l, F::FamilyRelation, t!(l, "case-family-relation")),
                self.input(l, F::FamilyPhone, t!(l, "case-family-phone")),
            ]
            .spacing(12),
            self.input(l, F::FamilyAddress, t!(l, "case-family-address")),
        ]
        .spacing(10)
        .into()
    }

    fn view_journey(&self, l: Lang) -> Element<'_, Message> {
        let legal = labels::choices(ExitLegality::ALL, |s| labels::legality(l, s));
        column![
            widgets::section(t!(l, "case-language")),
            row![
                self.input(l, F::Language, t!(l, "case-language-spoken")),
                self.input(l, F::Interpreter, t!(l, "case-interpreter")),
            ]
            .spacing(12),
            self.flag(B::InterpreterNeeded, t!(l, "case-interpreter-needed")),
            widgets::section(t!(l, "case-journey")),
            row![
                self.input(l, F::ExitDate, t!(l, "case-exit-date")),
                self.input(l, F::ExitGate, t!(l, "case-exit-gate")),
                widgets::field(
                    t!(l, "case-exit-legality"),
                    pick_list(
                        legal.clone(),
                        labels::selected(&legal, self.data.legality),
                        Message::Legality
                    )
                    .padding(6),
                    None
                ),
            ]
            .spacing(12),
            row![
                self.input(l, F::Country, t!(l, "case-destination-country")),
                self.input(l, F::DestPlace, t!(l, "case-destination-place")),
                self.input(l, F::MonthsAbroad, t!(l, "case-months-abroad")),
            ]
            .spacing(12),
            row![
                self.input(l, F::Employer, t!(l, "case-employer")),
                self.input(l, F::WorkDone, t!(l, "case-work-done")),
            ]
            .spacing(12),
            row![
                self.input(l, F::HowRecruited, t!(l, "case-how-recruited")),
                self.input(l, F::RecruiterContacts, t!(l, "case-recruiter-contacts")),
            ]
            .spacing(12),
            self.input(l, F::HowReturned, t!(l, "case-how-returned")),
        ]
        .spacing(10)
        .into()
    }

    fn view_health(&self, l: Lang) -> Element<'_, Message> {
        column![
            widgets::section(t!(l, "case-health")),
            self.input(l, F::Condition, t!(l, "case-condition")),
            self.input(l, F::Injuries, t!(l, "case-injuries")),
            self.flag(B::Pregnant, t!(l, "case-pregnant")),
            self.input(l, F::Needs, t!(l, "case-needs")),
        ]
        .spacing(10)
        .into()
    }

    fn view_support(&self, l: Lang) -> Element<'_, Message> {
        column![
            widgets::section(t!(l, "case-support")),
            row![
                self.input(l, F::Meals, t!(l, "case-meals")),
                self.input(l, F::Clothing, t!(l, "case-clothing")),
                self.input(l, F::ShelterDays, t!(l, "case-shelter-days")),
            ]
            .spacing(12),
            row![
                self.flag(B::Medical, t!(l, "case-medical")),
                self.flag(B::Travel, t!(l, "case-travel")),
                self.flag(B::Interpretation, t!(l, "case-interpretation")),
            ]
            .spacing(24),
            self.input(l, F::SupportOther, t!(l, "case-support-other")),
            widgets::section(t!(l, "case-children-documents")),
            self.input(l, F::Children, t!(l, "case-children")),
            self.input(l, F::Documents, t!(l, "case-documents")),
            self.input(l, F::Wishes, t!(l, "case-wishes")),
        ]
        .spacing(10)
        .into()
    }

    fn view_status(&self, l: Lang) -> Element<'_, Message> {
        let statuses = labels::choices(Status::ALL, |s| labels::status(l, s));
        let today = Local::now().date_naive();
        let record = self
            .data
            .to_record(&self.base, today)
            .unwrap_or_else(|_| self.base.clone());
        let d = deadlines::deadlines(&record, today);
        let state = |s: DeadlineState| match s {
            DeadlineState::Done => t!(l, "deadline-done"),
            DeadlineState::Due => t!(l, "deadline-due"),
            DeadlineState::Overdue => t!(l, "deadline-overdue"),
            DeadlineState::NotApplicable => t!(l, "deadline-na"),
        };
        let line =
            |label: String, date: Option<NaiveDate>, s: DeadlineState| -> Element<'_, Message> {
                let t = text(format!(
                    "{label}: {} — {}",
                    date.map(dates::format_dmy).unwrap_or_else(|| "—".into()),
                    state(s)
                ))
                .size(14);
                if s == DeadlineState::Overdue {
                    t.style(theme::danger_text).into()
                } else {
                    t.into()
                }
            };
        let mut timeline = column![widgets::section(t!(l, "case-timeline"))].spacing(6);
        timeline = timeline
            .push(
                text(format!(
                    "{}: {}",
                    t!(l, "case-received-on"),
                    record
                        .received_on
                        .map(dates::format_dmy)
                        .unwrap_or_default()
                ))
                .size(14),
            )
            .push(line(
                t!(l, "deadline-verification"),
                d.verification_due,
                d.verification,
            ))
            .push(line(t!(l, "deadline-support"), d.support_ends, d.support));
        if let Some(o) = &self.screening_outcome {
            timeline = timeline.push(
                text(format!(
                    "{}: {}",
                    t!(l, "case-screening-outcome"),
                    labels::outcome(l, o)
                ))
                .size(14),
            );
        }
        column![
            widgets::section(t!(l, "case-status")),
            row![
                widgets::field(
                    t!(l, "case-status"),
                    pick_list(
                        statuses.clone(),
                        labels::selected(&statuses, self.data.status),
                        Message::Status
                    )
                    .padding(6),
                    None
                ),
                self.input(l, F::VerificationOn, t!(l, "case-verification-on")),
                self.input(l, F::IdentifiedOn, t!(l, "case-identified-on")),
            ]
            .spacing(12),
            self.input(l, F::Notes, t!(l, "case-notes")),
            timeline,
        ]
        .spacing(10)
        .into()
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
            let mut r = row![text(summary).size(14).width(Length::Fill)]
                .spacing(8)
                .align_y(Alignment::Center);
            r = r.push(
                button(text(t!(l, "dup-compare")))
                    .on_press(Message::Compare(d.case_id.clone()))
                    .style(button::secondary),
            );
            if d.same_person {
                r = r.push(text(t!(l, "dup-already-linked")).size(13));
            } else {
                r = r
                    .push(
                        button(text(t!(l, "dup-link")))
                            .on_press(Message::Link(d.case_id.clone()))
                            .style(button::primary),
                    )
                    .push(
                        button(text(t!(l, "dup-dismiss")))
                            .on_press(Message::Dismiss(d.case_id.clone()))
                            .style(button::secondary),
                    );
            }
            col = col.push(r);
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

    fn view_compare<'a>(&'a self, other: &'a CaseView, l: Lang) -> Element<'a, Message> {
        let mine = self
            .data
            .to_record(&self.base, Local::now().date_naive())
            .unwrap_or_else(|_| self.base.clone());
        let rows: Vec<(String, String, String)> = vec![
            (
                t!(l, "case-number"),
                mine.number.clone(),
                other.record.number.clone(),
            ),
            (
                t!(l, "case-full-name"),
                mine.identity.full_name.clone(),
                other.record.identity.full_name.clone(),
            ),
            (
                t!(l, "case-other-names"),
                mine.identity.other_names.clone(),
                other.record.identity.other_names.clone(),
            ),
            (
                t!(l, "case-sex"),
                labels::sex(l, mine.identity.sex),
                labels::sex(l, other.record.identity.sex),
            ),
            (
                t!(l, "case-birth"),
                birth_text(&mine),
                birth_text(&other.record),
            ),
            (
                t!(l, "case-id-number"),
                mine.identity.id_number.clone(),
                other.record.identity.id_number.clone(),
            ),
            (
                t!(l, "case-passport"),
                mine.identity.passport_number.clone(),
                other.record.identity.passport_number.clone(),
            ),
            (
                t!(l, "case-province"),
                province_name(mine.address.province_code),
                province_name(other.record.address.province_code),
            ),
            (
                t!(l, "case-as-on-papers"),
                mine.address.as_on_papers.clone(),
                other.record.address.as_on_papers.clone(),
            ),
            (
                t!(l, "case-family-name"),
                mine.family.name.clone(),
                other.record.family.name.clone(),
            ),
            (
                t!(l, "case-received-on"),
                mine.received_on.map(dates::format_dmy).unwrap_or_default(),
                other
                    .record
                    .received_on
                    .map(dates::format_dmy)
                    .unwrap_or_default(),
            ),
        ];
        let mut col = column![
            row![
                widgets::section(t!(l, "dup-compare-title")),
                widgets::hspace(),
                button(text(t!(l, "dup-open-other")))
                    .on_press(Message::OpenOther(other.record.id.clone()))
                    .style(button::secondary),
                button(text(t!(l, "action-close")))
                    .on_press(Message::CloseCompare)
                    .style(button::secondary),
            ]
            .spacing(8)
        ]
        .spacing(4);
        for (label, a, b) in rows {
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

/// The widget id of a text field.
pub fn widget_id(f: F) -> &'static str {
    match f {
        F::FullName => ID_FULL_NAME,
        F::ExitDate => ID_EXIT_DATE,
        F::Condition => ID_FIRST_HEALTH,
        F::Meals => ID_FIRST_SUPPORT,
        F::VerificationOn => ID_VERIFICATION,
        other => other.key(),
    }
}

const ALL_FIELDS: &[F] = &[
    F::FullName,
    F::OtherNames,
    F::BirthDate,
    F::BirthYear,
    F::AgeEstimate,
    F::Ethnicity,
    F::Nationality,
    F::IdNumber,
    F::Passport,
    F::Phone,
    F::ReceivedOn,
    F::Place,
    F::AsOnPapers,
    F::AddressDetail,
    F::FamilyName,
    F::FamilyRelation,
    F::FamilyPhone,
    F::FamilyAddress,
    F::Language,
    F::Interpreter,
    F::ExitDate,
    F::ExitGate,
    F::Country,
    F::DestPlace,
    F::Employer,
    F::WorkDone,
    F::HowRecruited,
    F::RecruiterContacts,
    F::MonthsAbroad,
    F::HowReturned,
    F::Condition,
    F::Injuries,
    F::Needs,
    F::Children,
    F::Documents,
    F::Wishes,
    F::Meals,
    F::Clothing,
    F::ShelterDays,
    F::SupportOther,
    F::Notes,
    F::VerificationOn,
    F::IdentifiedOn,
];

/// The section that holds a field named in a validation error.
fn section_of(field: &str) -> Section {
    match field {
        "province" | "commune" => Section::AddressFamily,
        "sex" | "age" => Section::Identity,
        f => ALL_FIELDS
            .iter()
            .find(|x| x.key() == f)
            .map(|x| x.section())
            .unwrap_or(Section::Identity),
    }
}

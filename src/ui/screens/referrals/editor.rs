//! A case's referrals: the one being edited, its workflow step by step, and
//! the package. Unsaved edits of a draft referral are kept as a draft in the
//! vault like every other form.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveTime;
use iced::Task;
use serde::{Deserialize, Serialize};

use crate::domain::dates;
use crate::domain::referral::{Handover, Referral, ReferralStatus, SERVICES};
use crate::ui::jobs::{self, UiError, UiResult};
use crate::ui::notice::Notice;
use crate::ui::print::{Doc, DocAction};
use crate::ui::screens::case_form::draft;
use crate::ui::session::{Secret, Session};
use crate::ui::widgets::Choice;
use crate::vault::cases::CaseView;
use crate::vault::referrals::Agency;

/// The form's name in the slot of its draft.
const FORM: &str = "referral";

#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub case: CaseView,
    pub referrals: Vec<Referral>,
    pub agencies: Vec<Agency>,
    pub draft: Option<String>,
    /// The person withdrew their consent (no new referral, no package).
    pub withdrawn: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

impl Field {
    fn key(self) -> &'static str {
        match self {
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
}

/// What a draft of the editor keeps: the referral as edited and the texts typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub referral: Referral,
    pub texts: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(UiResult<Box<Loaded>>),
    Select(usize),
    New,
    Agency(Choice<i64>),
    Service(&'static str, bool),
    Consent(bool),
    /// A child of 7 or more agrees themselves.
    ChildConsent(bool),
    Text(Field, String),
    Save,
    Saved(UiResult<Referral>),
    Autosave,
    DraftSaved(UiResult<()>),
    Approve,
    RecordHandover,
    Acknowledge,
    Export,
    ExportTo(Option<PathBuf>),
    Exported(UiResult<(PathBuf, Secret)>),
    ClosePassphrase,
    Document(Doc, DocAction),
    Back,
}

pub use crate::ui::screens::PaperEvent as Event;

#[derive(Default)]
pub struct Editor {
    pub case: Option<CaseView>,
    pub referrals: Vec<Referral>,
    pub(super) agencies: Vec<Agency>,
    pub current: Option<Referral>,
    /// The referral as loaded or last saved (what "unsaved" compares with).
    saved: Option<(Referral, BTreeMap<String, String>)>,
    pub(super) texts: BTreeMap<String, String>,
    pub notice: Option<Notice>,
    pub passphrase: Option<(PathBuf, Secret)>,
    pub(super) busy: bool,
    draft_dirty: bool,
    /// The person withdrew their consent: said where referrals are made.
    pub withdrawn: bool,
}

impl Editor {
    pub fn open(case_id: String, session: &Session) -> (Editor, Task<Message>) {
        let e = Editor::default();
        let slot = draft::slot(FORM, &case_id);
        let task = session.db.task(
            move |v| {
                let case = v.open_case(&case_id)?;
                let referrals = v.referrals_of(&case_id)?;
                let agencies = v.agencies()?;
                let draft = v.load_draft(&slot)?;
                let withdrawn = v.consent_withdrawn(&case_id)?;
                Ok(Box::new(Loaded {
                    case,
                    referrals,
                    agencies,
                    draft,
                    withdrawn,
                }))
            },
            Message::Loaded,
        );
        (e, task)
    }

    pub(super) fn text(&self, f: Field) -> &str {
        self.texts.get(f.key()).map(String::as_str).unwrap_or("")
    }

    pub fn draft_slot(&self) -> Option<String> {
        self.case.as_ref().map(|c| draft::slot(FORM, &c.record.id))
    }

    /// A save (or another write) is on its way.
    pub fn is_saving(&self) -> bool {
        self.busy
    }

    /// The referral on the form is not in the vault yet.
    pub fn is_new(&self) -> bool {
        self.current.as_ref().is_some_and(|r| r.id.is_empty())
    }

    /// Whether a draft referral has edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        match (&self.current, &self.saved) {
            (Some(c), Some((r, t))) => {
                c.status == ReferralStatus::Draft && (c != r || &self.texts != t)
            }
            (Some(c), None) => c.status == ReferralStatus::Draft,
            _ => false,
        }
    }

    pub fn needs_autosave(&self) -> bool {
        self.draft_dirty
    }

    pub fn draft(&self) -> Option<(String, String)> {
        if !self.is_dirty() {
            return None;
        }
        let d = Draft {
            referral: self.current.clone()?,
            texts: self.texts.clone(),
        };
        Some((self.draft_slot()?, serde_json::to_string(&d).ok()?))
    }

    fn touch(&mut self) {
        self.draft_dirty = self.is_dirty();
    }

    fn select(&mut self, r: Referral) {
        let today = dates::format_dmy(crate::clock::today());
        let now = crate::clock::now().format("%H:%M").to_string();
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
                // The time the officer records, never one made up: now, until changed.
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
            self.texts.insert(f.key().to_string(), v);
        }
        self.saved = (!r.id.is_empty()).then(|| (r.clone(), self.texts.clone()));
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
            r.consent.recorded_on = Some(crate::clock::today());
        }
        Some(r)
    }

    pub fn update(&mut self, m: Message, session: &Session) -> (Task<Message>, Option<Event>) {
        let db = &session.db;
        match m {
            Message::Loaded(Ok(d)) => {
                let d = *d;
                self.agencies = d.agencies;
                self.withdrawn = d.withdrawn;
                self.referrals = d.referrals;
                self.case = Some(d.case);
                if let Some(r) = self.referrals.last().cloned() {
                    self.select(r);
                }
                if let Some(draft) = d.draft.and_then(|p| serde_json::from_str::<Draft>(&p).ok())
                    && draft.referral.status == ReferralStatus::Draft
                {
                    self.current = Some(draft.referral);
                    self.texts = draft.texts;
                    self.notice = Some(Notice::DraftRestored);
                }
            }
            Message::Loaded(Err(e)) => self.notice = Some(Notice::Error(e)),
            // Opening another referral would replace what is typed in this one.
            Message::Select(_) | Message::New if self.is_dirty() => {
                self.notice = Some(Notice::ReferralSaveFirst);
            }
            // While it is saved, the referral shows what is being written:
            // the answer replaces the form, so it takes no typing until then.
            // Nor a second write (Ctrl+S twice would make two referrals).
            Message::Agency(_)
            | Message::Service(..)
            | Message::Consent(_)
            | Message::ChildConsent(_)
            | Message::Text(..)
            | Message::Save
            | Message::Approve
            | Message::RecordHandover
            | Message::Acknowledge
            | Message::Export
            | Message::ExportTo(_)
            // The draft would be written while the referral it holds is:
            // the save's own job removes it.
            | Message::Autosave
                if self.busy => {}
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
                    agency_id: self
                        .agencies
                        .iter()
                        .find(|a| a.valid_on(crate::clock::today()))
                        .map(|a| a.id),
                    services: vec!["essential_needs".into()],
                    wishes: case.record.wishes.clone(),
                    ..Referral::default()
                };
                self.select(r);
                self.touch();
            }
            Message::Agency(c) => {
                if let Some(r) = &mut self.current {
                    r.agency_id = Some(c.value);
                }
                self.touch();
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
                self.touch();
            }
            Message::Consent(b) => {
                if let Some(r) = &mut self.current {
                    r.consent.given = b;
                }
                self.touch();
            }
            Message::ChildConsent(b) => {
                if let Some(r) = &mut self.current {
                    r.consent.child_agreed = b;
                }
                self.touch();
            }
            Message::Text(f, v) => {
                self.texts.insert(f.key().to_string(), v);
                self.touch();
            }
            Message::Save | Message::Approve => {
                // Saved first; approving also approves what was saved.
                let approve = matches!(m, Message::Approve);
                let Some(mut r) = self.edited() else {
                    return (Task::none(), None);
                };
                if !approve && r.status != ReferralStatus::Draft {
                    return (Task::none(), None);
                }
                self.busy = true;
                // The draft goes in the job that writes the referral: a lock
                // drops the answer, and a new referral's draft kept then would
                // create the referral a second time.
                let draft = self.draft_slot();
                let save = move |v: &mut crate::vault::Vault| {
                    v.save_referral(&mut r)?;
                    if let Some(slot) = draft {
                        jobs::drop_draft(v, &slot);
                    }
                    if approve {
                        v.approve_referral(&r.id)
                    } else {
                        Ok(r)
                    }
                };
                return (db.task(save, Message::Saved), None);
            }
            Message::Saved(Ok(r)) => {
                self.busy = false;
                self.draft_dirty = false;
                match self.referrals.iter_mut().find(|x| x.id == r.id) {
                    Some(x) => *x = r.clone(),
                    None => self.referrals.push(r.clone()),
                }
                self.notice = Some(Notice::ReferralSaved {
                    number: r.number.clone(),
                    status: r.status,
                });
                // The save's job removed the draft.
                self.select(r);
            }
            Message::Saved(Err(e)) | Message::Exported(Err(e)) => {
                self.busy = false;
                self.notice = Some(referral_notice(e));
            }
            Message::Autosave => {
                let draft = self.draft_dirty.then(|| self.draft()).flatten();
                let task = db.autosave(&mut self.draft_dirty, draft, Message::DraftSaved);
                return (task, None);
            }
            Message::DraftSaved(r) => jobs::draft_saved(r, &mut self.draft_dirty, &mut self.notice),
            Message::RecordHandover => {
                let Some(r) = self.current.clone() else {
                    return (Task::none(), None);
                };
                let date = dates::parse_dmy(self.text(Field::HandoverDate));
                let time =
                    NaiveTime::parse_from_str(self.text(Field::HandoverTime).trim(), "%H:%M");
                let (Ok(date), Ok(time)) = (date, time) else {
                    self.notice = Some(Notice::ReferralBadDateTime);
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
                    dates::parse_past_dmy(self.text(Field::AckDate), crate::clock::today())
                else {
                    self.notice = Some(Notice::ReferralBadDateTime);
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
                    .map(|r| format!("goi-chuyen-gui-{}.zip", r.number.replace('/', "-")))
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
                            let package = db.run(|v| crate::app::packages::referral(v, &id))?;
                            crate::app::packages::write(&path, &package.zip)
                                .map_err(UiError::from)?;
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
            Message::ClosePassphrase => self.passphrase = None,
            Message::Document(doc, action) => {
                return (Task::none(), Some(Event::Document(doc, action)));
            }
            Message::Back => return (Task::none(), Some(Event::Close)),
        }
        (Task::none(), None)
    }
}

/// A refusal of the vault's referral rules as the list of what is missing.
fn referral_notice(e: UiError) -> Notice {
    match &e {
        UiError::Invalid(m)
            if m.contains("cannot be approved") || m.contains("cannot be recorded") =>
        {
            Notice::ReferralProblems(
                m.rsplit(": ")
                    .next()
                    .unwrap_or("")
                    .split(", ")
                    .map(str::to_string)
                    .collect(),
            )
        }
        _ => Notice::Error(e),
    }
}

#[cfg(test)]
#[path = "editor_tests.rs"]
mod tests;

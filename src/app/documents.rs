//! The printed papers: what each is made from, built as PDF in memory and
//! audited (what and which record, never the content).
//!
//! A paper is issued once its act has happened (a batch received, a
//! screening decision approved, a referral approved, a handover made): its
//! number and date (the date of the act, which also chooses the legal
//! regime it cites) are fixed then and the data it is laid out from is kept
//! in the vault, so every later print is the same paper. Before its act a
//! paper prints as a draft, unnumbered and dated today.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{AppError, Result};
use crate::domain::audit::action;
use crate::domain::case::CaseRecord;
use crate::domain::org::Agency;
use crate::domain::papers::{Letterhead, PaperKind, Person};
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::{Approval, Catalog};
use crate::export::docs::{self, PaperHead};
use crate::export::pdf::{self, Template};
use crate::vault::{Vault, VaultError};

/// A paper and the record it is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    /// The reception record of a batch (batch id).
    Reception(String),
    /// The screening record (screening id).
    Screening(String),
    /// The referral form (referral id).
    Referral(String),
    /// The handover record of a referral (referral id).
    Handover(String),
    /// The personal-data notice given to a person (case id), a copy for them.
    Notice(String),
    /// The handover of people who are not victims to one receiver
    /// (citizen handover id).
    CitizenHandover(String),
}

impl Doc {
    /// A file name that says what the paper is and when it was made, and
    /// nothing about the person.
    pub fn file_name(&self) -> String {
        let prefix = match self {
            Doc::Reception(_) => "bien-ban-tiep-nhan",
            Doc::Screening(_) => "phieu-sang-loc",
            Doc::Referral(_) => "phieu-chuyen-gui",
            Doc::Handover(_) => "bien-ban-ban-giao",
            Doc::Notice(_) => "thong-bao-du-lieu-ca-nhan",
            Doc::CitizenHandover(_) => "bien-ban-ban-giao-cong-dan",
        };
        format!("{prefix}-{}.pdf", crate::clock::now().format("%Y%m%d-%H%M"))
    }

    fn what(&self) -> (&'static str, &str) {
        match self {
            Doc::Reception(id) => ("reception_record", id),
            Doc::Screening(id) => ("screening_record", id),
            Doc::Referral(id) => ("referral_form", id),
            Doc::Handover(id) => ("handover_record", id),
            Doc::Notice(id) => ("privacy_notice", id),
            Doc::CitizenHandover(id) => ("citizen_handover_record", id),
        }
    }

    /// The kind of numbered paper (the notice is a copy for the person,
    /// not a numbered paper of the unit).
    pub fn kind(&self) -> Option<PaperKind> {
        Some(match self {
            Doc::Reception(_) => PaperKind::Reception,
            Doc::Screening(_) => PaperKind::Screening,
            Doc::Referral(_) => PaperKind::Referral,
            Doc::Handover(_) => PaperKind::Handover,
            Doc::CitizenHandover(_) => PaperKind::CitizenHandover,
            Doc::Notice(_) => return None,
        })
    }

    fn template(&self) -> Template {
        match self {
            Doc::Reception(_) => Template::Reception,
            Doc::Screening(_) => Template::Screening,
            Doc::Referral(_) => Template::Referral,
            Doc::Handover(_) => Template::Handover,
            Doc::CitizenHandover(_) => Template::CitizenHandover,
            Doc::Notice(_) => Template::Notice,
        }
    }
}

/// A paper ready to lay out: its data, the record its audit names, and
/// its number and date when issued.
#[derive(Debug, Clone)]
pub struct Paper {
    pub data: Value,
    /// The case (or batch) the paper is about, for the audit.
    pub target: String,
    pub issued: Option<(String, NaiveDate)>,
}

/// The people papers name, by username.
pub(super) struct People(HashMap<String, Person>);

impl People {
    pub(super) fn of(v: &Vault) -> Result<People> {
        Ok(People(v.people()?))
    }

    pub(super) fn get(&self, username: &str) -> Person {
        self.0.get(username).cloned().unwrap_or_else(|| Person {
            name: username.to_string(),
            ..Person::default()
        })
    }

    fn opt(&self, username: Option<&str>) -> Person {
        username.map(|u| self.get(u)).unwrap_or_default()
    }
}

fn day_of(ts: &str) -> Option<NaiveDate> {
    crate::clock::local_rfc3339(ts)
        .map(|t| t.date())
        .or_else(|| crate::domain::dates::parse_iso(ts))
}

/// The record a paper's audit event names, without building the paper.
fn target(v: &Vault, doc: &Doc) -> Result<String> {
    Ok(match doc {
        Doc::Reception(id) => id.clone(),
        Doc::Screening(id) => v.screening(id)?.case_id,
        Doc::Referral(id) | Doc::Handover(id) => v.referral(id)?.case_id,
        Doc::CitizenHandover(id) => v.citizen_handover(id)?.batch_id,
        Doc::Notice(id) => id.clone(),
    })
}

/// The paper's data laid out for a head (number and date), and the date
/// of its act when it has happened.
fn assemble(
    v: &mut Vault,
    doc: &Doc,
    letterhead: &Letterhead,
    number: &str,
    today: NaiveDate,
) -> Result<(Value, Option<NaiveDate>)> {
    let people = People::of(v)?;
    let head = |date: Option<NaiveDate>| PaperHead {
        letterhead,
        number: number.to_string(),
        date: date.unwrap_or(today),
    };
    let default_signer =
        (!letterhead.default_signer.is_empty()).then(|| people.get(&letterhead.default_signer));
    Ok(match doc {
        Doc::Reception(batch_id) => {
            let (batch, rows) = v.open_batch(batch_id)?;
            let cases: Vec<_> = rows
                .iter()
                .map(|r| v.read_case(&r.id).map(|c| c.record))
                .collect::<std::result::Result<_, _>>()?;
            let gate = v
                .gates()?
                .into_iter()
                .find(|g| Some(g.id) == batch.gate_id)
                .map(|g| g.name)
                .unwrap_or_default();
            let act = batch.received_at.map(|t| t.date());
            let officer = default_signer.unwrap_or_else(|| people.get(&v.user().username));
            (
                docs::reception(&head(act), &batch, &gate, &cases, &officer),
                act,
            )
        }
        Doc::Screening(sid) => {
            let s = v.screening(sid)?;
            let case = v.read_case(&s.case_id)?.record;
            let catalog = Catalog::builtin().map_err(|e| VaultError::Invalid(e.to_string()))?;
            let act = (s.approval == Some(Approval::Approved))
                .then(|| s.approved_at.as_deref().and_then(day_of))
                .flatten();
            let data = docs::screening(
                &head(act.or_else(|| day_of(&s.updated_at))),
                &case,
                &s,
                &people.get(&s.interviewer),
                &people.opt(s.approved_by.as_deref()),
                catalog,
            );
            (data, act)
        }
        Doc::Notice(_) => {
            return Err(AppError::Refused(
                "the notice is not a numbered paper".into(),
            ));
        }
        Doc::Referral(rid) | Doc::Handover(rid) => {
            let r = v.referral(rid)?;
            let (case, agency) = for_agency(v, &r)?;
            let decision = v
                .screenings_of(&r.case_id)?
                .into_iter()
                .next()
                .and_then(|s| s.decision);
            let officer = people.get(&r.created_by);
            if matches!(doc, Doc::Referral(_)) {
                let act = (r.status != ReferralStatus::Draft).then(|| {
                    r.approved_on
                        .or(r.handover.at.map(|t| t.date()))
                        .unwrap_or(today)
                });
                let signer = r
                    .approved_by
                    .as_deref()
                    .map(|u| people.get(u))
                    .or(default_signer)
                    .unwrap_or_default();
                (
                    docs::referral(&head(act), &case, &r, &agency, decision, &officer, &signer),
                    act,
                )
            } else {
                let act = matches!(
                    r.status,
                    ReferralStatus::HandedOver | ReferralStatus::Acknowledged
                )
                .then_some(r.handover.at.map(|t| t.date()))
                .flatten();
                (
                    docs::handover(&head(act), &case, &r, &agency, &officer),
                    act,
                )
            }
        }
        Doc::CitizenHandover(hid) => {
            let h = v.citizen_handover(hid)?;
            let (batch, _) = v.open_batch(&h.batch_id)?;
            let cases: Vec<_> = h
                .case_ids
                .iter()
                .map(|id| v.read_case(id).map(|c| c.record))
                .collect::<std::result::Result<_, _>>()?;
            let address = h
                .agency_id
                .map(|a| v.agency(a).map(|a| a.address))
                .transpose()?
                .unwrap_or_default();
            let act = Some(h.started_at.map(|t| t.date()).unwrap_or(today));
            let officer = people.get(&h.created_by);
            let reception = v.issued_paper(PaperKind::Reception, &h.batch_id)?;
            let reception = reception.as_ref().map(|p| (p.number.as_str(), p.issued_on));
            (
                docs::citizen_handover(
                    &head(act),
                    &h,
                    &batch,
                    &cases,
                    &officer,
                    &address,
                    reception,
                ),
                act,
            )
        }
    })
}

/// Put the audit checkpoint (`Kiểm chứng nhật ký: SEQ:HASH`) into a paper's
/// data: `common.typ` prints it in small type at the end of the last page.
pub fn stamp(v: &Vault, data: &mut Value) -> Result<()> {
    let line = v.checkpoint_text()?;
    if let Some(o) = data.as_object_mut() {
        o.insert("checkpoint".into(), json!(line));
    }
    Ok(())
}

/// The paper of a record: the one issued; issued now when its act has
/// happened; otherwise a draft (unnumbered, dated today).
pub fn paper(v: &mut Vault, doc: &Doc) -> Result<Paper> {
    let Some(kind) = doc.kind() else {
        return Err(AppError::Refused(
            "the notice is not a numbered paper".into(),
        ));
    };
    let (_, id) = doc.what();
    if let Some(p) = v.issued_paper(kind, id)? {
        return Ok(Paper {
            data: p.data,
            target: target(v, doc)?,
            issued: Some((p.number, p.issued_on)),
        });
    }
    let letterhead = v.letterhead()?;
    let today = crate::clock::today();
    let blank = letterhead.number(kind, None);
    let (mut data, act) = assemble(v, doc, &letterhead, &blank, today)?;
    // The audit head when the paper is made, kept with an issued paper (so a
    // reprint is the same paper) and printed on its last page.
    stamp(v, &mut data)?;
    let target = target(v, doc)?;
    match act {
        Some(on) => {
            let p = v.issue_paper(kind, id, on, data, &letterhead)?;
            Ok(Paper {
                data: p.data,
                target,
                issued: Some((p.number, p.issued_on)),
            })
        }
        None => {
            if let Some(o) = data.as_object_mut() {
                o.insert("draft".into(), json!(true));
            }
            Ok(Paper {
                data,
                target,
                issued: None,
            })
        }
    }
}

/// Lay out a paper as PDF (not audited: the caller audits what it does).
pub fn render(doc: &Doc, p: &Paper) -> Result<Vec<u8>> {
    Ok(pdf::render(doc.template(), &p.data)?)
}

/// Build a paper's PDF and audit it: `print` for a copy opened in the
/// viewer, otherwise an export (saved to a file).
pub fn build(v: &mut Vault, doc: &Doc, print: bool) -> Result<Vec<u8>> {
    let (bytes, target) = match doc {
        Doc::Notice(case_id) => (super::privacy::notice_pdf(v, case_id)?, case_id.clone()),
        _ => {
            let p = paper(v, doc)?;
            (render(doc, &p)?, p.target)
        }
    };
    let (what, id) = doc.what();
    v.audit_access(
        if print { action::PRINT } else { action::EXPORT },
        &target,
        json!({"what": what, "record": id}),
    )?;
    Ok(bytes)
}

/// The recovery-code sheet for a code just issued (shown once; printed
/// through the wiped print folder like every paper).
pub fn recovery_sheet(v: &Vault, code: &str) -> Result<Vec<u8>> {
    let unit = v.unit()?;
    let mut data = docs::recovery_sheet(&unit, code, &v.user().display_name, crate::clock::today());
    stamp(v, &mut data)?;
    Ok(pdf::render(Template::RecoverySheet, &data)?)
}

/// The case of a referral as its receiving agency may see it (only what the
/// agency needs: no journey statements, the family's contact only when the
/// person agreed; see `domain::privacy::for_referral`), and that agency.
pub(crate) fn for_agency(v: &Vault, r: &Referral) -> Result<(CaseRecord, Agency)> {
    let case = v.read_case(&r.case_id)?.record;
    let case = crate::domain::privacy::for_referral(&case, &v.consents_of(&r.case_id)?);
    let agency_id = r
        .agency_id
        .ok_or_else(|| AppError::Refused("the referral names no receiving agency".into()))?;
    Ok((case, v.agency(agency_id)?))
}

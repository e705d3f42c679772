//! Receiving agencies and referrals. Every change and every status step is
//! audited; approval is by a supervisor who did not draft the referral.

pub use crate::domain::org::Agency;
use crate::vault::db::{self, Cached};
use chrono::Datelike;
use rusqlite::params;
use serde_json::json;

use super::packed::Packed;
use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::case::Status;
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub id: String,
    pub case_id: String,
    pub number: String,
    pub case_number: String,
    pub full_name: String,
    pub agency: String,
    pub status: ReferralStatus,
    pub created_by: String,
    pub updated_at: String,
}

fn problems_text(p: &[crate::domain::referral::ReferralProblem]) -> String {
    p.iter().map(|x| x.key()).collect::<Vec<_>>().join(", ")
}

impl Vault {
    pub fn agencies(&self) -> Result<Vec<Agency>> {
        super::papers::read_agencies(self.conn())
    }

    pub fn agency(&self, id: i64) -> Result<Agency> {
        self.agencies()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| VaultError::NotFound("agency".into()))
    }

    /// Add a receiving agency (administrators).
    pub fn add_agency(&mut self, name: &str, kind: &str, address: &str) -> Result<i64> {
        self.require_admin()?;
        let name = text::clean_line(name);
        if name.is_empty() {
            return Err(VaultError::Invalid("agency name".into()));
        }
        let (kind, address) = (text::clean_line(kind), text::clean_line(address));
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO agencies (name, kind, address) VALUES (?1, ?2, ?3)",
                params![name, kind, address],
            )?;
            let id = tx.conn.last_insert_rowid();
            tx.audit(
                action::SETTINGS_CHANGED,
                "agencies",
                json!({"fields": ["agencies"]}),
            )?;
            Ok(id)
        })
    }

    pub fn referrals_of(&self, case_id: &str) -> Result<Vec<Referral>> {
        let sql = "SELECT data FROM referrals WHERE case_id = ?1 ORDER BY rid";
        db::json_rows(self.conn(), sql, [case_id])
    }

    pub fn referral(&self, id: &str) -> Result<Referral> {
        let sql = "SELECT data FROM referrals WHERE id = ?1";
        db::json_row(self.conn(), sql, [id], "referral")
    }

    /// Referrals by status (for the Referrals screen), newest first.
    pub fn list_referrals(
        &self,
        status: Option<ReferralStatus>,
        limit: usize,
    ) -> Result<Vec<ReferralRow>> {
        let mut s = self.conn().prepare_cached(
            "SELECT r.id, r.case_id, r.number, c.number, c.full_name, COALESCE(a.name, ''), r.status, r.created_by, r.updated_at
             FROM referrals r JOIN cases c ON c.id = r.case_id LEFT JOIN agencies a ON a.id = r.agency_id
             WHERE (?1 IS NULL OR r.status = ?1) ORDER BY r.updated_at DESC LIMIT ?2",
        )?;
        let rows = s
            .query_map(params![status.map(|s| s.key()), limit as i64], |r| {
                let st: String = r.get(6)?;
                Ok(ReferralRow {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    number: r.get(2)?,
                    case_number: r.get(3)?,
                    full_name: r.get(4)?,
                    agency: r.get(5)?,
                    status: ReferralStatus::from_key(&st).unwrap_or_default(),
                    created_by: r.get(7)?,
                    updated_at: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Save a referral in draft (new or changed). Only drafts can be edited.
    pub fn save_referral(&mut self, r: &mut Referral) -> Result<()> {
        for s in [
            &mut r.services_other,
            &mut r.wishes,
            &mut r.protection_concerns,
            &mut r.no_consent_reason,
        ] {
            *s = text::clean_text(s);
        }
        for s in [
            &mut r.consent.told,
            &mut r.consent.language,
            &mut r.consent.guardian_name,
            &mut r.consent.guardian_relation,
        ] {
            *s = text::clean_line(s);
        }
        r.services
            .retain(|s| crate::domain::referral::SERVICES.contains(&s.as_str()));
        self.agency_choosable(r.agency_id)?;
        let ts = now_iso();
        if r.id.is_empty() {
            let exists: i64 = self.conn().row(
                "SELECT count(*) FROM cases WHERE id = ?1",
                [&r.case_id],
                |x| x.get(0),
            )?;
            if exists == 0 {
                return Err(VaultError::NotFound("case".into()));
            }
            if self.consent_withdrawn(&r.case_id)? {
                return Err(VaultError::Invalid(format!(
                    "no new referral: {}",
                    crate::domain::referral::ReferralProblem::ConsentWithdrawn.key()
                )));
            }
            r.id = uuid::Uuid::now_v7().to_string();
            r.status = ReferralStatus::Draft;
            r.created_by = self.user().username.clone();
            let year = crate::clock::today().year();
            self.write(|tx| {
                let seq: i64 = tx.conn.row(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM referrals WHERE year = ?1",
                    [year],
                    |x| x.get(0),
                )?;
                r.number = format!("CG-{year}-{seq:04}");
                tx.conn.exec(
                    "INSERT INTO referrals (id, case_id, number, year, seq, agency_id, status, data, created_by, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9, ?9)",
                    params![r.id, r.case_id, r.number, year, seq, r.agency_id, Packed::of(&*r), r.created_by, ts],
                )?;
                tx.audit(action::REFERRAL_CREATED, &r.case_id, json!({"referral": r.id}))
            })
        } else {
            let old = self.referral(&r.id)?;
            if old.status != ReferralStatus::Draft {
                return Err(VaultError::Invalid(
                    "only a draft referral can be changed".into(),
                ));
            }
            r.number = old.number.clone();
            r.created_by = old.created_by.clone();
            r.status = old.status;
            r.case_id = old.case_id.clone();
            self.write(|tx| {
                tx.conn.exec(
                    "UPDATE referrals SET agency_id = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
                    params![r.id, r.agency_id, Packed::of(&*r), ts],
                )?;
                tx.audit(
                    action::REFERRAL_UPDATED,
                    &r.case_id,
                    json!({"referral": r.id}),
                )
            })
        }
    }

    fn set_referral_status(&mut self, r: &Referral, case_status: Option<Status>) -> Result<()> {
        let ts = now_iso();
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE referrals SET status = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
                params![r.id, r.status.key(), Packed::of(r), ts],
            )?;
            if let Some(s) = case_status {
                let cur: String = tx.conn.row(
                    "SELECT status FROM cases WHERE id = ?1",
                    [&r.case_id],
                    |x| x.get(0),
                )?;
                let cur = Status::from_key(&cur).unwrap_or_default();
                if cur.rank() < s.rank() {
                    tx.conn.exec(
                        "UPDATE cases SET status = ?2 WHERE id = ?1",
                        params![r.case_id, s.key()],
                    )?;
                }
            }
            tx.audit(
                action::REFERRAL_STATUS,
                &r.case_id,
                json!({"referral": r.id, "status": r.status.key()}),
            )
        })
    }

    /// Approve a draft: a supervisor who did not draft it, with consent or a reason.
    pub fn approve_referral(&mut self, id: &str) -> Result<Referral> {
        let mut r = self.referral(id)?;
        let is_child: bool = self.conn().row(
            "SELECT is_child FROM cases WHERE id = ?1",
            [&r.case_id],
            |x| x.get::<_, i64>(0),
        )? != 0;
        let mut problems = r.approval_problems(
            &self.user().username,
            self.user().role.can_supervise(),
            is_child,
        );
        let age = self.read_case(&r.case_id)?.record.age_reading();
        for p in r.privacy_problems(&age, self.consent_withdrawn(&r.case_id)?) {
            if !problems.contains(&p) {
                problems.push(p);
            }
        }
        if !problems.is_empty() {
            return Err(VaultError::Invalid(format!(
                "the referral cannot be approved: {}",
                problems_text(&problems)
            )));
        }
        self.agency_choosable(r.agency_id)?;
        r.status = ReferralStatus::Approved;
        r.approved_by = Some(self.user().username.clone());
        r.approved_on = Some(crate::clock::today());
        self.set_referral_status(&r, Some(Status::Referred))?;
        Ok(r)
    }

    /// Record the handover (who received the person, when).
    pub fn hand_over_referral(
        &mut self,
        id: &str,
        handover: crate::domain::referral::Handover,
    ) -> Result<Referral> {
        let mut r = self.referral(id)?;
        r.handover = handover;
        r.handover.receiver_name = text::clean_line(&r.handover.receiver_name);
        r.handover.receiver_title = text::clean_line(&r.handover.receiver_title);
        r.handover.place = text::clean_line(&r.handover.place);
        r.handover.documents = text::clean_text(&r.handover.documents);
        let problems = r.handover_problems();
        if !problems.is_empty() {
            return Err(VaultError::Invalid(format!(
                "the handover cannot be recorded: {}",
                problems_text(&problems)
            )));
        }
        r.status = ReferralStatus::HandedOver;
        self.set_referral_status(&r, Some(Status::HandedOver))?;
        Ok(r)
    }

    /// Record the receiving agency's acknowledgement.
    pub fn acknowledge_referral(
        &mut self,
        id: &str,
        on: chrono::NaiveDate,
        note: &str,
    ) -> Result<Referral> {
        let mut r = self.referral(id)?;
        if r.status != ReferralStatus::HandedOver {
            return Err(VaultError::Invalid(
                "the referral has not been handed over".into(),
            ));
        }
        r.status = ReferralStatus::Acknowledged;
        r.acknowledged_on = Some(on);
        r.acknowledged_note = text::clean_text(note);
        self.set_referral_status(&r, None)?;
        Ok(r)
    }
}

impl Vault {
    /// A referral made today can only name an agency in force today: a
    /// retired one (Sở LĐ-TB&XH after the transfer) stays on old papers only.
    fn agency_choosable(&self, agency_id: Option<i64>) -> Result<()> {
        let Some(id) = agency_id else {
            return Ok(());
        };
        let a = self.agency(id)?;
        let today = crate::clock::today();
        if !a.valid_on(today) {
            return Err(VaultError::Invalid(format!(
                "{} is not in force on {}: choose the agency that receives referrals now",
                a.name,
                crate::domain::dates::format_dmy(today)
            )));
        }
        Ok(())
    }

    /// Store referrals in bulk (synthetic data), keeping their status and its
    /// effect on the cases; one audit event each.
    pub fn insert_referrals(&mut self, refs: &mut [Referral]) -> Result<()> {
        let this_year = crate::clock::today().year();
        self.write(|tx| {
            for r in refs.iter_mut() {
                // Numbered in the year of the handover when it is known, so a
                // referral handed over in 2024 is not numbered CG-2026-….
                let year = r.handover.at.map_or(this_year, |at| at.year());
                let seq: i64 = tx.conn.row(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM referrals WHERE year = ?1",
                    [year],
                    |x| x.get(0),
                )?;
                if r.id.is_empty() {
                    r.id = uuid::Uuid::now_v7().to_string();
                }
                r.number = format!("CG-{year}-{seq:04}");
                let ts = now_iso();
                tx.conn.exec(
                    "INSERT INTO referrals (id, case_id, number, year, seq, agency_id, status, data, created_by, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                    params![r.id, r.case_id, r.number, year, seq, r.agency_id, r.status.key(), Packed::of(&*r), r.created_by, ts],
                )?;
                let case_status = match r.status {
                    ReferralStatus::Draft => None,
                    ReferralStatus::Approved => Some(Status::Referred),
                    ReferralStatus::HandedOver | ReferralStatus::Acknowledged => Some(Status::HandedOver),
                };
                if let Some(s) = case_status {
                    tx.conn.exec(
                        "UPDATE cases SET status = ?2 WHERE id = ?1 AND status NOT IN ('closed', 'released')",
                        params![r.case_id, s.key()],
                    )?;
                }
                tx.audit(action::REFERRAL_CREATED, &r.case_id, json!({"referral": r.id, "status": r.status.key()}))?;
            }
            Ok(())
        })
    }
}

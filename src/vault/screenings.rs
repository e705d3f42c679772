//! Screenings: saved in versions, decided by an officer, approved or returned
//! by a supervisor. The case's status and latest outcome follow.

use crate::vault::db::{self, Cached};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::packed::{Json, Packed};
use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::case::Status;
use crate::domain::screening::{
    self, Approval, Catalog, Decision, Evidence, ScreeningInput, ScreeningRecord,
};

/// A case waiting for screening (the queue), oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub case_id: String,
    pub number: String,
    pub full_name: String,
    pub received_on: String,
    pub is_child: bool,
}

/// A screening waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRow {
    pub screening_id: String,
    pub case_id: String,
    pub number: String,
    pub full_name: String,
    pub decision: String,
    /// The officer who proposed the decision now waiting for approval
    /// (a user name; the window shows their rank and name).
    pub proposed_by: String,
    pub updated_at: String,
}

fn load(conn: &rusqlite::Connection, sql: &str, arg: &str) -> Result<Option<ScreeningRecord>> {
    let data: Option<Json> = conn.row(sql, [arg], |r| r.get(0)).optional()?;
    data.map(|d| db::decode(&d.0)).transpose()
}

impl Vault {
    /// Every screening of a case, newest version first.
    pub fn screenings_of(&self, case_id: &str) -> Result<Vec<ScreeningRecord>> {
        let sql = "SELECT data FROM screenings WHERE case_id = ?1 ORDER BY version DESC";
        db::json_rows(self.conn(), sql, [case_id])
    }

    pub fn screening(&self, id: &str) -> Result<ScreeningRecord> {
        load(self.conn(), "SELECT data FROM screenings WHERE id = ?1", id)?
            .ok_or_else(|| VaultError::NotFound("screening".into()))
    }

    /// Save the answers of a screening. Without `id`, or when the last version
    /// is approved, a new version is made; an earlier one is never overwritten.
    pub fn save_screening(
        &mut self,
        case_id: &str,
        id: Option<&str>,
        input: &ScreeningInput,
        notes: &std::collections::BTreeMap<String, String>,
        evidence: &Evidence,
    ) -> Result<ScreeningRecord> {
        let catalog = Catalog::builtin().map_err(|e| VaultError::Invalid(e.to_string()))?;
        let result =
            screening::evaluate(catalog, input).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let existing = match id {
            Some(id) => Some(self.screening(id)?),
            None => None,
        };
        let ts = now_iso();
        let username = self.user().username.clone();
        let mut rec = match existing {
            Some(r) if !r.is_final() => r,
            _ => {
                let version: i64 = self.conn().row(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM screenings WHERE case_id = ?1",
                    [case_id],
                    |r| r.get(0),
                )?;
                ScreeningRecord {
                    id: uuid::Uuid::now_v7().to_string(),
                    case_id: case_id.to_string(),
                    version,
                    catalog_version: catalog.version.clone(),
                    input: input.clone(),
                    notes: Default::default(),
                    result: result.clone(),
                    evidence: Evidence::default(),
                    decision: None,
                    decision_reason: String::new(),
                    decided_by: None,
                    decided_at: None,
                    approval: None,
                    approved_by: None,
                    approved_at: None,
                    approval_note: String::new(),
                    interviewer: username.clone(),
                    created_at: ts.clone(),
                    updated_at: ts.clone(),
                }
            }
        };
        if rec.case_id != case_id {
            return Err(VaultError::Invalid(
                "the screening belongs to another case".into(),
            ));
        }
        rec.input = input.clone();
        // The result is recomputed by the rule in force: it carries that rule's version.
        // A version saved earlier and not re-saved keeps its own version and result.
        rec.catalog_version = catalog.version.clone();
        rec.notes = notes
            .iter()
            .filter(|(_, n)| !n.trim().is_empty())
            .map(|(k, n)| (k.clone(), crate::domain::text::clean_text(n)))
            .collect();
        rec.result = result;
        rec.evidence = evidence.clone();
        rec.evidence.note = crate::domain::text::clean_text(&rec.evidence.note);
        rec.updated_at = ts.clone();
        let is_new = rec.created_at == ts;
        self.write(|tx| {
            let data = Packed::of(&rec);
            if is_new {
                tx.conn.exec(
                    "INSERT INTO screenings (id, case_id, version, outcome, data, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![rec.id, rec.case_id, rec.version, rec.result.outcome.key(), data, ts],
                )?;
            } else {
                tx.conn.exec(
                    "UPDATE screenings SET outcome = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
                    params![rec.id, rec.result.outcome.key(), data, ts],
                )?;
            }
            tx.conn.exec(
                "UPDATE cases SET screening_outcome = ?2, purposes = ?3,
                    status = CASE WHEN status = 'received' THEN 'screened' ELSE status END
                 WHERE id = ?1",
                params![case_id, rec.result.outcome.key(), purposes_mask(&rec)],
            )?;
            sync_case_status(tx.conn, case_id)?;
            tx.audit(
                action::SCREENING_SAVED,
                case_id,
                json!({"screening": rec.id, "version": rec.version, "answers": rec.input.answers.len()}),
            )
        })?;
        Ok(rec)
    }

    /// The officer records the decision; it waits for a supervisor.
    pub fn record_decision(
        &mut self,
        screening_id: &str,
        decision: Decision,
        reason: &str,
    ) -> Result<ScreeningRecord> {
        let mut rec = self.screening(screening_id)?;
        if rec.is_final() {
            return Err(VaultError::Invalid(
                "this screening is approved; screen again for a new version".into(),
            ));
        }
        let reason = crate::domain::text::clean_text(reason);
        if reason.is_empty() {
            return Err(VaultError::Invalid("a reason is required".into()));
        }
        let ts = now_iso();
        rec.decision = Some(decision);
        rec.decision_reason = reason;
        rec.decided_by = Some(self.user().username.clone());
        rec.decided_at = Some(ts.clone());
        rec.approval = Some(Approval::Pending);
        rec.approved_by = None;
        rec.approved_at = None;
        rec.updated_at = ts.clone();
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE screenings SET decision = ?2, approval = 'pending', decided_by = ?3, data = ?4, updated_at = ?5
                 WHERE id = ?1",
                params![rec.id, decision.key(), rec.decided_by, Packed::of(&rec), ts],
            )?;
            tx.conn.exec("UPDATE cases SET decision = ?2 WHERE id = ?1", params![rec.case_id, decision.key()])?;
            tx.audit(
                action::DECISION_RECORDED,
                &rec.case_id,
                json!({"screening": rec.id, "decision": decision.key()}),
            )
        })?;
        Ok(rec)
    }

    /// A supervisor approves or returns a decision (never their own).
    pub fn review_decision(
        &mut self,
        screening_id: &str,
        approve: bool,
        note: &str,
    ) -> Result<ScreeningRecord> {
        self.require_supervisor()?;
        let mut rec = self.screening(screening_id)?;
        if rec.approval != Some(Approval::Pending) {
            return Err(VaultError::Invalid(
                "no decision is waiting for approval".into(),
            ));
        }
        if rec.decided_by.as_deref() == Some(self.user().username.as_str()) {
            return Err(VaultError::Forbidden("approving one's own decision".into()));
        }
        let note = crate::domain::text::clean_text(note);
        if !approve && note.is_empty() {
            return Err(VaultError::Invalid(
                "say why the decision is returned".into(),
            ));
        }
        let ts = now_iso();
        let approval = if approve {
            Approval::Approved
        } else {
            Approval::Returned
        };
        rec.approval = Some(approval);
        rec.approved_by = Some(self.user().username.clone());
        rec.approved_at = Some(ts.clone());
        rec.approval_note = note;
        rec.updated_at = ts.clone();
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE screenings SET approval = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
                params![rec.id, approval.key(), Packed::of(&rec), ts],
            )?;
            sync_case_status(tx.conn, &rec.case_id)?;
            tx.audit(
                if approve {
                    action::DECISION_APPROVED
                } else {
                    action::DECISION_RETURNED
                },
                &rec.case_id,
                json!({"screening": rec.id}),
            )
        })?;
        Ok(rec)
    }

    /// Cases received and not yet screened, oldest first.
    pub fn screening_queue(&self, limit: usize) -> Result<(Vec<QueueRow>, usize)> {
        let mut s = self.conn().prepare_cached(
            "SELECT id, number, full_name, received_on, is_child FROM cases
             WHERE screening_outcome IS NULL AND status = 'received'
             ORDER BY received_on, rid LIMIT ?1",
        )?;
        let rows = s
            .query_map([limit as i64], |r| {
                Ok(QueueRow {
                    case_id: r.get(0)?,
                    number: r.get(1)?,
                    full_name: r.get(2)?,
                    received_on: r.get(3)?,
                    is_child: r.get::<_, i64>(4)? != 0,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total: i64 = self.conn().row(
            "SELECT count(*) FROM cases WHERE screening_outcome IS NULL AND status = 'received'",
            [],
            |r| r.get(0),
        )?;
        Ok((rows, total as usize))
    }

    /// Decisions waiting for a supervisor, oldest first.
    pub fn pending_decisions(&self) -> Result<Vec<PendingRow>> {
        let mut s = self.conn().prepare_cached(
            "SELECT s.id, s.case_id, c.number, c.full_name, s.decision, s.decided_by, s.updated_at
             FROM screenings s JOIN cases c ON c.id = s.case_id
             WHERE s.approval = 'pending' ORDER BY s.updated_at",
        )?;
        let rows = s
            .query_map([], |r| {
                Ok(PendingRow {
                    screening_id: r.get(0)?,
                    case_id: r.get(1)?,
                    number: r.get(2)?,
                    full_name: r.get(3)?,
                    decision: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    proposed_by: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    updated_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// The purposes of exploitation a screening recorded, as the bit set of the
/// `cases.purposes` report fact (bit i for `Purpose::ALL[i]`).
pub(crate) fn purposes_mask(r: &ScreeningRecord) -> i64 {
    screening::Purpose::ALL
        .iter()
        .enumerate()
        .filter(|(_, p)| r.input.purposes.contains(p))
        .map(|(i, _)| 1i64 << i)
        .sum()
}

/// The case status that follows from its latest screening: an approved
/// "suspected victim" decision puts the person in the identification process.
fn sync_case_status(conn: &rusqlite::Connection, case_id: &str) -> Result<()> {
    let latest: Option<(Option<String>, Option<String>)> = conn.row(
            "SELECT decision, approval FROM screenings WHERE case_id = ?1 ORDER BY version DESC LIMIT 1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let status: String = conn.row("SELECT status FROM cases WHERE id = ?1", [case_id], |r| {
        r.get(0)
    })?;
    let status = Status::from_key(&status).unwrap_or_default();
    if let Some((Some(decision), Some(approval))) = latest
        && approval == "approved"
        && decision == Decision::SuspectedVictim.key()
        && status.rank() < Status::BeingIdentified.rank()
    {
        conn.exec(
            "UPDATE cases SET status = 'being_identified' WHERE id = ?1",
            [case_id],
        )?;
        // Keep the JSON record's status in step.
        let Json(data) = conn.row("SELECT data FROM cases WHERE id = ?1", [case_id], |r| {
            r.get(0)
        })?;
        if let Ok(mut rec) = serde_json::from_str::<crate::domain::case::CaseRecord>(&data) {
            rec.status = Status::BeingIdentified;
            conn.exec(
                "UPDATE cases SET data = ?2 WHERE id = ?1",
                params![case_id, Packed::json(&rec.stored_json())],
            )?;
        }
    }
    Ok(())
}

impl Vault {
    /// Store finished screenings in bulk (synthetic data and imports), with
    /// their effect on the cases; one audit event each.
    pub fn insert_screenings(&mut self, recs: &[ScreeningRecord]) -> Result<()> {
        self.write(|tx| {
            for rec in recs {
                tx.conn.exec(
                    "INSERT INTO screenings (id, case_id, version, outcome, decision, approval, decided_by, data, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        rec.id, rec.case_id, rec.version, rec.result.outcome.key(), rec.decision.map(|d| d.key()),
                        rec.approval.map(|a| a.key()), rec.decided_by, Packed::of(rec),
                        rec.created_at, rec.updated_at
                    ],
                )?;
                tx.conn.exec(
                    "UPDATE cases SET screening_outcome = ?2, decision = ?3, purposes = ?4,
                        status = CASE WHEN status = 'received' THEN 'screened' ELSE status END
                     WHERE id = ?1",
                    params![rec.case_id, rec.result.outcome.key(), rec.decision.map(|d| d.key()), purposes_mask(rec)],
                )?;
                sync_case_status(tx.conn, &rec.case_id)?;
                tx.audit(action::SCREENING_SAVED, &rec.case_id, json!({"screening": rec.id, "version": rec.version}))?;
            }
            Ok(())
        })
    }
}

//! Personal data protection in the store: the notice given at intake, the
//! register of the person's requests, and retention (see `domain::privacy`).
//!
//! Retention removes for real: rows are deleted (or rewritten without the
//! personal data) with `secure_delete` on, the search index entries go and
//! the index is merged so no deleted term survives in it, the write-ahead
//! log is truncated afterwards, and each case gets one audit event naming
//! what was removed and why (never a value). A case reduced to its report
//! facts keeps its row (number, dates, the counted columns), so the report
//! of a past period gives the same totals after the run as before.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

use super::db::{self, Cached};
use super::packed::{Json, Packed};
use super::{Result, Tx, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::case::{CaseRecord, Journey, Support};
use crate::domain::privacy::{
    Choice, Consents, Notice, RequestDecision, RequestKind, RetentionDue, RetentionPolicy,
    RightsRequest, consents,
};
use crate::domain::referral::Referral;
use crate::domain::text;

/// The settings that hold the retention periods.
pub const SCREENING_MONTHS_KEY: &str = "retention_screening_months";
pub const CLOSED_YEARS_KEY: &str = "retention_closed_years";

/// The rule names the audit events carry.
pub const RULE_SCREENING: &str = "not_victim_screening_after_handover";
pub const RULE_CLOSED: &str = "closed_case_anonymised";
pub const RULE_DELETION: &str = "deletion_request_granted";

/// One row of the register, with the case number it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRow {
    pub request: RightsRequest,
    pub case_number: String,
}

/// What a retention run touches: the cases per rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionPlan {
    pub screening_cases: Vec<String>,
    pub closed_cases: Vec<String>,
}

impl RetentionPlan {
    pub fn due(&self) -> RetentionDue {
        RetentionDue {
            screening_answers: self.screening_cases.len(),
            cases: self.closed_cases.len(),
        }
    }
}

/// The last time anything about a case changed (the case, a screening, a
/// referral step): the handover or the closing happened no later than this,
/// so a period counted from it never ends early.
const LAST_ACTIVITY: &str = "max(c.updated_at,
    COALESCE((SELECT max(s.updated_at) FROM screenings s WHERE s.case_id = c.id), ''),
    COALESCE((SELECT max(r.updated_at) FROM referrals r WHERE r.case_id = c.id), ''))";

/// What must be kept whatever the period: a case with an open request of
/// the person (any of their cases), or an incoming version not yet settled.
const NOT_HELD: &str =
    "NOT EXISTS (SELECT 1 FROM rights_requests q JOIN cases o ON o.id = q.case_id
        WHERE o.person_id = c.person_id AND q.decision IS NULL)
    AND NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.case_id = c.id AND k.settled_at IS NULL)";

/// The cases due under each rule on `today`.
pub fn plan(
    conn: &Connection,
    policy: &RetentionPolicy,
    today: NaiveDate,
) -> Result<RetentionPlan> {
    let ids = |sql: &str, cutoff: NaiveDate| -> Result<Vec<String>> {
        let mut s = conn.prepare(sql)?;
        let rows = s
            .query_map([cutoff.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    };
    // Screening answers: the latest screening decided "not a victim" and
    // that decision approved; the person handed over, released or closed.
    let screening_cases = ids(
        &format!(
            "SELECT c.id FROM cases c
             WHERE c.anonymised_on IS NULL AND c.screening_removed_on IS NULL
               AND c.status IN ('handed_over', 'released', 'closed')
               AND EXISTS (SELECT 1 FROM screenings s WHERE s.case_id = c.id)
               AND (SELECT s.decision || '/' || COALESCE(s.approval, '') FROM screenings s
                    WHERE s.case_id = c.id ORDER BY s.version DESC LIMIT 1) = 'not_victim/approved'
               AND substr({LAST_ACTIVITY}, 1, 10) <= ?1
               AND {NOT_HELD}
             ORDER BY c.rid"
        ),
        policy.screening_cutoff(today),
    )?;
    let closed_cases = ids(
        &format!(
            "SELECT c.id FROM cases c
             WHERE c.anonymised_on IS NULL AND c.status = 'closed'
               AND substr({LAST_ACTIVITY}, 1, 10) <= ?1
               AND {NOT_HELD}
             ORDER BY c.rid"
        ),
        policy.closed_cutoff(today),
    )?;
    // A case reduced to its facts loses its screening answers too: count it once.
    let screening_cases = screening_cases
        .into_iter()
        .filter(|id| !closed_cases.contains(id))
        .collect();
    Ok(RetentionPlan {
        screening_cases,
        closed_cases,
    })
}

/// Remove the screening records of a case (answers, notes, evidence); the
/// outcome and the decision stay on the case as report facts.
fn remove_screening(tx: &mut Tx<'_>, case_id: &str, today: NaiveDate, rule: &str) -> Result<()> {
    let n = tx
        .conn
        .exec("DELETE FROM screenings WHERE case_id = ?1", [case_id])?;
    tx.conn.exec(
        "DELETE FROM drafts WHERE slot = ?1",
        [format!("screening:{case_id}")],
    )?;
    tx.conn.exec(
        "UPDATE cases SET screening_removed_on = ?2 WHERE id = ?1",
        params![case_id, today.to_string()],
    )?;
    tx.audit(
        action::RETENTION_REMOVED,
        case_id,
        json!({"what": "screening_answers", "rule": rule, "records": n}),
    )
}

/// Reduce a case to the facts the reports count: the row keeps its number,
/// dates and counted columns; names, numbers, statements, the screening
/// records, notices, history, drafts and the search entry go.
fn anonymise(tx: &mut Tx<'_>, case_id: &str, today: NaiveDate, rule: &str) -> Result<()> {
    let (rid, Json(data)): (i64, Json) = tx.conn.row(
        "SELECT rid, data FROM cases WHERE id = ?1",
        [case_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let old: CaseRecord = db::decode(&data)?;
    let shell = CaseRecord {
        id: old.id.clone(),
        number: old.number.clone(),
        person_id: old.person_id.clone(),
        batch_id: old.batch_id.clone(),
        status: old.status,
        source: old.source,
        received_on: old.received_on,
        gate_id: old.gate_id,
        journey: Journey {
            destination_country: old.journey.destination_country.clone(),
            ..Journey::default()
        },
        support: Support {
            other: String::new(),
            ..old.support.clone()
        },
        ..CaseRecord::default()
    };
    super::cases::unindex_search(tx.conn, rid)?;
    // The coarse columns the per-day report aggregates count (sex, age band,
    // home province, nationality and the like) stay, so past totals do not
    // move; everything that names or pinpoints the person goes.
    tx.conn.exec(
        "UPDATE cases SET full_name = '', birth_year = NULL, age = NULL,
            id_number = '', passport_number = '', data = ?2,
            anonymised_on = ?3, screening_removed_on = COALESCE(screening_removed_on, ?3)
         WHERE rid = ?1",
        params![rid, Packed::json(&shell.stored_json()), today.to_string()],
    )?;
    let screenings = tx
        .conn
        .exec("DELETE FROM screenings WHERE case_id = ?1", [case_id])?;
    // Referrals keep what the report counts (status, agency, services).
    let referrals = rewrite_of_case(tx.conn, "referrals", case_id, |r: Referral| Referral {
        id: r.id,
        case_id: r.case_id,
        number: r.number,
        agency_id: r.agency_id,
        status: r.status,
        services: r.services,
        created_by: r.created_by,
        approved_by: r.approved_by,
        ..Referral::default()
    })?;
    // The register keeps that a request was made and decided, not by whom or why.
    rewrite_of_case(
        tx.conn,
        "rights_requests",
        case_id,
        |mut q: RightsRequest| {
            q.requester.clear();
            q.requester_relation.clear();
            q.details.clear();
            q.reason.clear();
            q
        },
    )?;
    tx.conn
        .exec("DELETE FROM notices WHERE case_id = ?1", [case_id])?;
    tx.conn
        .exec("DELETE FROM case_history WHERE case_id = ?1", [case_id])?;
    tx.conn.exec(
        "DELETE FROM drafts WHERE slot IN (?1, ?2, ?3)",
        params![
            format!("case:{case_id}"),
            format!("screening:{case_id}"),
            format!("referral:{case_id}")
        ],
    )?;
    tx.conn.exec(
        "DELETE FROM duplicate_dismissals WHERE case_a = ?1 OR case_b = ?1",
        [case_id],
    )?;
    tx.conn.exec(
        "DELETE FROM conflicts WHERE case_id = ?1 AND settled_at IS NOT NULL",
        [case_id],
    )?;
    tx.audit(
        action::RETENTION_REMOVED,
        case_id,
        json!({"what": "case_anonymised", "rule": rule, "screening_records": screenings,
               "referrals_reduced": referrals}),
    )
}

/// Merge the search index so that no deleted entry survives in its
/// segments, fill its vocabulary anew (no removed name stays), and truncate the write-ahead log (old pages leave the disk).
fn settle_removals(conn: &Connection) -> Result<()> {
    conn.execute_batch("INSERT INTO cases_fts (cases_fts) VALUES ('optimize');")?;
    conn.execute_batch(super::cases::REFILL_WORDS)?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(())
}

fn parse_notice(d: &str) -> Result<Notice> {
    serde_json::from_str(d).map_err(|e| VaultError::Corrupt(e.to_string()))
}

fn parse_request(d: &str) -> Result<RightsRequest> {
    serde_json::from_str(d).map_err(|e| VaultError::Corrupt(e.to_string()))
}

impl Vault {
    fn case_exists_live(&self, case_id: &str) -> Result<()> {
        let anon: Option<Option<String>> = self
            .conn()
            .row(
                "SELECT anonymised_on FROM cases WHERE id = ?1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?;
        match anon {
            None => Err(VaultError::NotFound("case".into())),
            Some(Some(_)) => Err(VaultError::Invalid(
                "the case was reduced to anonymised statistics".into(),
            )),
            Some(None) => Ok(()),
        }
    }

    /// The latest notice given for a case.
    pub fn latest_notice(&self, case_id: &str) -> Result<Option<Notice>> {
        let d: Option<String> = self
            .conn()
            .row(
                "SELECT data FROM notices WHERE case_id = ?1 ORDER BY rid DESC LIMIT 1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?;
        d.as_deref().map(parse_notice).transpose()
    }

    /// Record a notice given to a person (any officer). It must be complete
    /// (date, language, the guardian of a minor who agreed to something);
    /// the officer who recorded it is the signed-in user. Audited with the
    /// counts of answers, no value.
    pub fn save_notice(&mut self, n: &mut Notice) -> Result<()> {
        self.case_exists_live(&n.case_id)?;
        let case = self.read_case(&n.case_id)?.record;
        n.language = text::clean_line(&n.language);
        n.interpreter = text::clean_line(&n.interpreter);
        n.guardian_name = text::clean_line(&n.guardian_name);
        n.guardian_relation = text::clean_line(&n.guardian_relation);
        refuse_incomplete("notice", &n.problems(&case.age_reading()), |p| p.key())?;
        n.id = uuid::Uuid::now_v7().to_string();
        n.recorded_by = self.user().username.clone();
        n.recorded_at = now_iso();
        let count = |c: Choice| n.uses.values().filter(|x| **x == c).count();
        let (agreed, refused) = (count(Choice::Agreed), count(Choice::Refused));
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO notices (id, case_id, data, recorded_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    n.id,
                    n.case_id,
                    serde_json::to_string(&*n).expect("serialises"),
                    n.recorded_by,
                    n.recorded_at
                ],
            )?;
            tx.audit(
                action::NOTICE_RECORDED,
                &n.case_id,
                json!({"agreed": agreed, "refused": refused}),
            )
        })
    }

    /// Whether the person of this case (any of their receptions) withdrew consent.
    pub fn consent_withdrawn(&self, case_id: &str) -> Result<bool> {
        let mut s = self.conn().prepare_cached(
            "SELECT q.data FROM rights_requests q JOIN cases o ON o.id = q.case_id
             WHERE q.kind = 'withdrawal'
               AND o.person_id = (SELECT person_id FROM cases WHERE id = ?1)",
        )?;
        let rows = s
            .query_map([case_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for d in rows {
            if parse_request(&d)?.withdraws() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// What the person of a case agreed to, all things considered.
    pub fn consents_of(&self, case_id: &str) -> Result<Consents> {
        let case = self.read_case(case_id)?.record;
        let notice = self.latest_notice(case_id)?;
        Ok(consents(
            notice.as_ref(),
            &case.age_reading(),
            self.consent_withdrawn(case_id)?,
        ))
    }

    /// The case numbers among `ids` whose person withdrew consent.
    pub fn withdrawn_among(&self, ids: &[String]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for id in ids {
            if self.consent_withdrawn(id)? {
                out.push(
                    self.conn()
                        .row("SELECT number FROM cases WHERE id = ?1", [id], |r| r.get(0))?,
                );
            }
        }
        Ok(out)
    }

    /// Register a request of the person (any officer records what was asked).
    pub fn register_request(&mut self, r: &mut RightsRequest) -> Result<()> {
        self.case_exists_live(&r.case_id)?;
        r.requester = text::clean_line(&r.requester);
        r.requester_relation = text::clean_line(&r.requester_relation);
        r.details = text::clean_text(&r.details);
        refuse_incomplete("request", &r.problems(), |p| p.key())?;
        r.id = uuid::Uuid::now_v7().to_string();
        r.recorded_by = self.user().username.clone();
        r.decision = None;
        r.decided_by = None;
        r.decided_on = None;
        r.reason.clear();
        let ts = now_iso();
        let received = r.received_on.map(|d| d.to_string()).unwrap_or_default();
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO rights_requests (id, case_id, kind, received_on, deadline, decision, data,
                    created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8, ?8)",
                params![
                    r.id,
                    r.case_id,
                    r.kind.key(),
                    received,
                    r.deadline.map(|d| d.to_string()),
                    serde_json::to_string(&*r).expect("serialises"),
                    r.recorded_by,
                    ts
                ],
            )?;
            tx.audit(
                action::RIGHTS_REQUESTED,
                &r.case_id,
                json!({"request": r.id, "kind": r.kind.key()}),
            )
        })
    }

    pub fn rights_request(&self, id: &str) -> Result<RightsRequest> {
        let sql = "SELECT data FROM rights_requests WHERE id = ?1";
        let d: String = db::one(self.conn(), sql, [id], "request")?;
        parse_request(&d)
    }

    fn store_request(tx: &mut Tx<'_>, r: &RightsRequest) -> Result<()> {
        tx.conn.exec(
            "UPDATE rights_requests SET deadline = ?2, decision = ?3, data = ?4, updated_at = ?5
             WHERE id = ?1",
            params![
                r.id,
                r.deadline.map(|d| d.to_string()),
                r.decision.map(|d| d.key()),
                serde_json::to_string(r).expect("serialises"),
                now_iso()
            ],
        )?;
        Ok(())
    }

    /// Set the deadline of a request (administrators).
    pub fn set_request_deadline(&mut self, id: &str, deadline: NaiveDate) -> Result<()> {
        self.require_admin()?;
        let mut r = self.rights_request(id)?;
        if let Some(on) = r.received_on
            && deadline < on
        {
            return Err(VaultError::Invalid(
                "the deadline is before the request was received".into(),
            ));
        }
        r.deadline = Some(deadline);
        self.write(|tx| {
            Self::store_request(tx, &r)?;
            tx.audit(
                action::RIGHTS_DEADLINE,
                &r.case_id,
                json!({"request": r.id, "kind": r.kind.key()}),
            )
        })
    }

    /// Decide a request (administrators): a refusal or a partial grant needs
    /// its reason. A granted deletion reduces the case to its anonymised
    /// report facts in the same transaction, unless the case is still open
    /// (then the request must be refused or decided later, with the reason).
    pub fn decide_request(
        &mut self,
        id: &str,
        decision: RequestDecision,
        reason: &str,
        today: NaiveDate,
    ) -> Result<RightsRequest> {
        self.require_admin()?;
        let mut r = self.rights_request(id)?;
        let problems = r.decision_problems(decision, reason);
        if !problems.is_empty() {
            return Err(VaultError::Invalid(format!(
                "the request cannot be decided: {}",
                problems
                    .iter()
                    .map(|p| p.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let erase = r.kind == RequestKind::Deletion && decision == RequestDecision::Granted;
        if erase {
            let status: String = self.conn().row(
                "SELECT status FROM cases WHERE id = ?1",
                [&r.case_id],
                |x| x.get(0),
            )?;
            let open = crate::domain::case::Status::from_key(&status).is_some_and(|s| s.is_open());
            if open {
                return Err(VaultError::Invalid(
                    "the case is still open: its data is needed for the reception and verification \
                     under Law 53/2024; refuse the deletion with the reason, or decide it once the case is closed"
                        .into(),
                ));
            }
        }
        r.decision = Some(decision);
        r.reason = text::clean_text(reason);
        r.decided_by = Some(self.user().username.clone());
        r.decided_on = Some(today);
        let erased = self.write(|tx| {
            Self::store_request(tx, &r)?;
            tx.audit(
                action::RIGHTS_DECIDED,
                &r.case_id,
                json!({"request": r.id, "kind": r.kind.key(), "decision": decision.key()}),
            )?;
            if erase {
                anonymise(tx, &r.case_id, today, RULE_DELETION)?;
            }
            Ok(erase)
        })?;
        if erased {
            settle_removals(self.conn())?;
            r = self.rights_request(id)?;
        }
        Ok(r)
    }

    /// The register: every request (or the open ones), newest first.
    pub fn rights_requests(&self, open_only: bool) -> Result<Vec<RequestRow>> {
        let mut s = self.conn().prepare_cached(
            "SELECT q.data, c.number FROM rights_requests q JOIN cases c ON c.id = q.case_id
             WHERE (?1 = 0 OR q.decision IS NULL) ORDER BY q.rid DESC LIMIT 500",
        )?;
        let rows = s
            .query_map([open_only as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(d, n)| {
                Ok(RequestRow {
                    request: parse_request(&d)?,
                    case_number: n,
                })
            })
            .collect()
    }

    /// The requests about one case, oldest first.
    pub fn requests_of(&self, case_id: &str) -> Result<Vec<RightsRequest>> {
        let mut s = self
            .conn()
            .prepare_cached("SELECT data FROM rights_requests WHERE case_id = ?1 ORDER BY rid")?;
        let rows = s
            .query_map([case_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter().map(|d| parse_request(d)).collect()
    }

    /// The earlier versions of a case record (oldest first): what a
    /// correction replaced.
    pub fn case_history(&self, case_id: &str) -> Result<Vec<(i64, CaseRecord, String, String)>> {
        let mut s = self.conn().prepare_cached(
            "SELECT version, data, replaced_by, replaced_at FROM case_history
             WHERE case_id = ?1 ORDER BY version",
        )?;
        let rows = s
            .query_map([case_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Json>(1)?.0,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(v, d, by, at)| {
                let c = serde_json::from_str(&d).map_err(|e| VaultError::Corrupt(e.to_string()))?;
                Ok((v, c, by, at))
            })
            .collect()
    }

    /// The retention periods (the defaults until an administrator sets them).
    pub fn retention_policy(&self) -> RetentionPolicy {
        let d = RetentionPolicy::default();
        let get = |k: &str, default: u32| {
            self.setting(k)
                .ok()
                .flatten()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        RetentionPolicy {
            screening_months: get(SCREENING_MONTHS_KEY, d.screening_months),
            closed_years: get(CLOSED_YEARS_KEY, d.closed_years),
        }
    }

    /// Set the retention periods (administrators; within the bounds).
    pub fn set_retention_policy(&mut self, p: RetentionPolicy) -> Result<()> {
        self.require_admin()?;
        if !p.is_valid() {
            return Err(VaultError::Invalid(format!(
                "retention periods out of range: screening answers {}–{} months, closed cases {}–{} years",
                crate::domain::privacy::SCREENING_MONTHS.0,
                crate::domain::privacy::SCREENING_MONTHS.1,
                crate::domain::privacy::CLOSED_YEARS.0,
                crate::domain::privacy::CLOSED_YEARS.1
            )));
        }
        self.write(|tx| {
            for (k, v) in [
                (SCREENING_MONTHS_KEY, p.screening_months),
                (CLOSED_YEARS_KEY, p.closed_years),
            ] {
                db::put_setting(tx.conn, k, &v.to_string())?;
            }
            tx.audit(
                action::SETTINGS_CHANGED,
                "settings",
                json!({"fields": [SCREENING_MONTHS_KEY, CLOSED_YEARS_KEY]}),
            )
        })
    }

    /// What retention would remove on `today` (administrators); audited
    /// with the counts.
    pub fn retention_due(&mut self, today: NaiveDate) -> Result<RetentionDue> {
        self.require_admin()?;
        let due = plan(self.conn(), &self.retention_policy(), today)?.due();
        self.audit_access(
            action::RETENTION_REVIEWED,
            "retention",
            json!({"screening_answers": due.screening_answers, "cases": due.cases}),
        )?;
        Ok(due)
    }

    /// Apply retention on `today` (administrators): exactly what
    /// [`Self::retention_due`] counts, in one transaction, one audit event
    /// per case. Returns what was removed.
    pub fn apply_retention(&mut self, today: NaiveDate) -> Result<RetentionDue> {
        self.require_admin()?;
        let policy = self.retention_policy();
        let done = self.write(|tx| {
            let p = plan(tx.conn, &policy, today)?;
            for id in &p.screening_cases {
                remove_screening(tx, id, today, RULE_SCREENING)?;
            }
            for id in &p.closed_cases {
                anonymise(tx, id, today, RULE_CLOSED)?;
            }
            Ok(p.due())
        })?;
        if done != RetentionDue::default() {
            settle_removals(self.conn())?;
        }
        Ok(done)
    }

    /// Whether a case was reduced to its anonymised facts.
    pub fn is_anonymised(&self, case_id: &str) -> Result<bool> {
        let a: Option<String> = self.conn().row(
            "SELECT anonymised_on FROM cases WHERE id = ?1",
            [case_id],
            |r| r.get(0),
        )?;
        Ok(a.is_some())
    }

    /// The ids of the cases of the same person, oldest first (for the
    /// person's own copy), without the anonymised ones.
    pub fn cases_of_person(&self, case_id: &str) -> Result<Vec<String>> {
        let mut s = self.conn().prepare_cached(
            "SELECT id FROM cases WHERE anonymised_on IS NULL
               AND person_id = (SELECT person_id FROM cases WHERE id = ?1)
             ORDER BY received_on, rid",
        )?;
        let rows = s
            .query_map([case_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(rows)
    }
}

/// Rewrites every record (JSON `data`) of a case in `table` through `keep`;
/// how many there were.
fn rewrite_of_case<T>(
    conn: &Connection,
    table: &str,
    case_id: &str,
    keep: impl Fn(T) -> T,
) -> Result<usize>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    // Each record is written back as it was kept: packed (a blob) or text.
    let rows: Vec<(i64, Json, bool)> = {
        let mut s = conn.prepare(&format!("SELECT rid, data FROM {table} WHERE case_id = ?1"))?;
        s.query_map([case_id], |r| {
            let packed = matches!(r.get_ref(1)?, rusqlite::types::ValueRef::Blob(_));
            Ok((r.get(0)?, r.get(1)?, packed))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    for (rid, Json(data), packed) in &rows {
        let record: T = db::decode(data)?;
        let json = serde_json::to_string(&keep(record)).expect("serialises");
        let sql = format!("UPDATE {table} SET data = ?2 WHERE rid = ?1");
        if *packed {
            conn.exec(&sql, params![rid, Packed::json(&json)])?;
        } else {
            conn.exec(&sql, params![rid, json])?;
        }
    }
    Ok(rows.len())
}

/// Refuses an incomplete record (`what`: the notice, the request), naming
/// its problems by key.
fn refuse_incomplete<P>(
    what: &str,
    problems: &[P],
    key: impl Fn(&P) -> &'static str,
) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let keys: Vec<&str> = problems.iter().map(key).collect();
    Err(VaultError::Invalid(format!(
        "the {what} is not complete: {}",
        keys.join(", ")
    )))
}

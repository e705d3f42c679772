//! Period statistics read through the store: one query per table.

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::json;

use super::{Result, Vault};
use crate::domain::audit::action;
use crate::domain::case::CaseRecord;
use crate::domain::report::{AGE_BANDS, AnonRow, Report, Table, anon_row};
use crate::domain::screening::ScreeningRecord;

/// The tables of the report, in order.
pub const TABLES: [&str; 13] = [
    "overview",
    "sex",
    "age_band",
    "source",
    "gate",
    "destination",
    "exploitation",
    "outcome",
    "decision",
    "support",
    "referrals",
    "repeat",
    "children",
];

fn grouped(
    conn: &Connection,
    key: &str,
    sql: &str,
    from: &str,
    to: &str,
    order: &[&str],
) -> Result<Table> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut counts: Vec<(String, i64)> = stmt
        .query_map(params![from, to], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get(1)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // A fixed order where one is known (every band shown, even at zero).
    if !order.is_empty() {
        let mut ordered: Vec<(String, i64)> = order
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    counts
                        .iter()
                        .find(|(c, _)| c == k)
                        .map(|(_, n)| *n)
                        .unwrap_or(0),
                )
            })
            .collect();
        ordered.extend(
            counts
                .into_iter()
                .filter(|(c, _)| !order.contains(&c.as_str())),
        );
        counts = ordered;
    } else {
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    Ok(Table {
        key: key.into(),
        rows: counts,
    })
}

/// The report over cases received from `from` to `to` (inclusive).
pub fn period_report(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Report> {
    let (f, t) = (from.to_string(), to.to_string());
    let w = "FROM cases c WHERE c.received_on BETWEEN ?1 AND ?2";
    let mut tables = Vec::new();
    let overview: (i64, i64, i64, i64) = conn.prepare_cached(&format!(
        "SELECT count(*), COALESCE(sum(c.is_child), 0), COALESCE(sum(c.screening_outcome IS NOT NULL), 0),
            COALESCE(sum(c.decision = 'suspected_victim'), 0) {w}"
    ))?
    .query_row(params![f, t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    tables.push(Table {
        key: "overview".into(),
        rows: vec![
            ("received".into(), overview.0),
            ("children".into(), overview.1),
            ("screened".into(), overview.2),
            ("suspected_victims".into(), overview.3),
        ],
    });
    tables.push(grouped(
        conn,
        "sex",
        &format!("SELECT c.sex, count(*) {w} GROUP BY c.sex"),
        &f,
        &t,
        &["male", "female", "other", "unknown"],
    )?);
    tables.push(grouped(
        conn,
        "age_band",
        &format!(
            "SELECT CASE WHEN c.age IS NULL THEN 'unknown' WHEN c.age < 16 THEN 'under_16' WHEN c.age < 18 THEN '16_17'
                WHEN c.age < 30 THEN '18_29' WHEN c.age < 45 THEN '30_44' ELSE '45_plus' END AS band, count(*)
             {w} GROUP BY band"
        ),
        &f,
        &t,
        &AGE_BANDS,
    )?);
    tables.push(grouped(
        conn,
        "source",
        &format!("SELECT c.source, count(*) {w} GROUP BY c.source"),
        &f,
        &t,
        &[
            "handed_over",
            "rescued",
            "self_returned",
            "hotline_111",
            "other_agency",
        ],
    )?);
    tables.push(grouped(
        conn,
        "gate",
        "SELECT COALESCE(g.name, ''), count(*) FROM cases c LEFT JOIN gates g ON g.id = c.gate_id
         WHERE c.received_on BETWEEN ?1 AND ?2 GROUP BY c.gate_id",
        &f,
        &t,
        &[],
    )?);
    tables.push(grouped(
        conn,
        "destination",
        &format!("SELECT c.dest_country, count(*) {w} GROUP BY c.dest_country"),
        &f,
        &t,
        &[],
    )?);
    tables.push(grouped(
        conn,
        "exploitation",
        &format!("SELECT COALESCE(c.exploitation, 'not_screened'), count(*) {w} GROUP BY 1"),
        &f,
        &t,
        &["labour", "sexual", "not_screened"],
    )?);
    tables.push(grouped(
        conn,
        "outcome",
        &format!("SELECT COALESCE(c.screening_outcome, 'not_screened'), count(*) {w} GROUP BY 1"),
        &f,
        &t,
        &[
            "suspected_victim",
            "needs_further_interview",
            "exploitation_only",
            "no_indicators",
            "not_screened",
        ],
    )?);
    tables.push(grouped(
        conn,
        "decision",
        &format!("SELECT COALESCE(c.decision, 'none'), count(*) {w} GROUP BY 1"),
        &f,
        &t,
        &[
            "suspected_victim",
            "needs_verification",
            "not_victim",
            "none",
        ],
    )?);
    let s: (i64, i64, i64, i64, i64, i64) = conn.prepare_cached(&format!(
        "SELECT COALESCE(sum(c.sup_meals), 0), COALESCE(sum(c.sup_clothing), 0), COALESCE(sum(c.sup_shelter), 0),
            COALESCE(sum(c.sup_medical), 0), COALESCE(sum(c.sup_travel), 0), COALESCE(sum(c.sup_interpretation), 0) {w}"
    ))?
    .query_row(params![f, t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    tables.push(Table {
        key: "support".into(),
        rows: vec![
            ("meals".into(), s.0),
            ("clothing_sets".into(), s.1),
            ("shelter_days".into(), s.2),
            ("medical".into(), s.3),
            ("travel".into(), s.4),
            ("interpretation".into(), s.5),
        ],
    });
    tables.push(grouped(
        conn,
        "referrals",
        "SELECT r.status, count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
         WHERE c.received_on BETWEEN ?1 AND ?2 GROUP BY r.status",
        &f,
        &t,
        &["draft", "approved", "handed_over", "acknowledged"],
    )?);
    let repeat: (i64, i64) = conn.prepare_cached(&format!(
        "SELECT COALESCE(sum(EXISTS (SELECT 1 FROM cases p WHERE p.person_id = c.person_id AND p.rid <> c.rid
                AND (p.received_on < c.received_on OR (p.received_on = c.received_on AND p.rid < c.rid)))), 0),
            count(*) {w}"
    ))?
    .query_row(params![f, t], |r| Ok((r.get(0)?, r.get(1)?)))?;
    tables.push(Table {
        key: "repeat".into(),
        rows: vec![
            ("repeat".into(), repeat.0),
            ("first".into(), repeat.1 - repeat.0),
        ],
    });
    tables.push(grouped(
        conn,
        "children",
        &format!(
            "SELECT CASE WHEN c.is_child = 1 THEN 'child' ELSE 'adult' END, count(*) {w} GROUP BY 1"
        ),
        &f,
        &t,
        &["child", "adult"],
    )?);
    Ok(Report { from, to, tables })
}

/// The rows of the anonymised dataset (before generalisation).
pub fn anon_rows(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<AnonRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.data, c.received_on,
            (SELECT s.data FROM screenings s WHERE s.case_id = c.id ORDER BY s.version DESC LIMIT 1)
         FROM cases c WHERE c.received_on BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let data: String = r.get(0)?;
        let screening: Option<String> = r.get(2)?;
        let Ok(case) = serde_json::from_str::<CaseRecord>(&data) else {
            continue;
        };
        let s = screening.and_then(|s| serde_json::from_str::<ScreeningRecord>(&s).ok());
        out.push(anon_row(&case, s.as_ref()));
    }
    Ok(out)
}

impl Vault {
    /// The period report (supervisors and administrators); audited.
    pub fn report(&mut self, from: NaiveDate, to: NaiveDate, format: &str) -> Result<Report> {
        self.require(self.user().role.can_supervise())?;
        let r = period_report(self.conn(), from, to)?;
        self.audit_access(
            action::REPORT,
            "report",
            json!({"from": from.to_string(), "to": to.to_string(), "format": format}),
        )?;
        Ok(r)
    }

    /// The anonymised dataset rows (supervisors and administrators); audited.
    pub fn anonymised_rows(&mut self, from: NaiveDate, to: NaiveDate) -> Result<Vec<AnonRow>> {
        self.require(self.user().role.can_supervise())?;
        let rows = anon_rows(self.conn(), from, to)?;
        self.audit_access(
            action::EXPORT,
            "dataset",
            json!({"what": "anonymised_dataset", "from": from.to_string(), "to": to.to_string()}),
        )?;
        Ok(rows)
    }
}

//! Period statistics read through the store: one query per table.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::json;

use super::packed::Json;
use super::{Result, Vault, VaultError};
use crate::domain::audit::action;
use crate::domain::case::CaseRecord;
use crate::domain::report::{self, AnonRow, NamedPeriod, Names, Report, Sums, anon_row};
use crate::domain::screening::ScreeningRecord;
use crate::vault::db::Cached;

/// The per-day aggregates of a period, summed (see `0060_report_days.sql`).
/// The rows are added up here rather than by `GROUP BY`, which would sort
/// them: one range scan of the `report_days` key.
pub fn period_sums(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Sums> {
    let mut by_dim: HashMap<String, HashMap<String, i64>> = HashMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT dim, key, n FROM report_days WHERE day BETWEEN ?1 AND ?2")?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        let dim = r.get_ref(0)?.as_str().unwrap_or_default();
        let key = r.get_ref(1)?.as_str().unwrap_or_default();
        let n: i64 = r.get(2)?;
        let keys = match by_dim.get_mut(dim) {
            Some(k) => k,
            None => by_dim.entry(dim.to_string()).or_default(),
        };
        match keys.get_mut(key) {
            Some(v) => *v += n,
            None => {
                keys.insert(key.to_string(), n);
            }
        }
    }
    Ok(by_dim
        .into_iter()
        .flat_map(|(d, keys)| keys.into_iter().map(move |(k, n)| ((d.clone(), k), n)))
        .collect())
}

/// Reception batches whose date falls in the period.
fn batches_in(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    let end = to + chrono::Duration::days(1);
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM batches WHERE received_at >= ?1 AND received_at < ?2",
        )?
        .query_row(params![from.to_string(), end.to_string()], |r| r.get(0))?)
}

/// The report over cases received from `from` to `to` (inclusive), with the
/// same period of the previous year for comparison: two range scans of the
/// per-day aggregates (a few hundred rows a day, whatever the number of
/// cases), the batches of both periods, and the names of gates and agencies.
pub fn period_report(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Report> {
    let names = |sql: &str| -> Result<HashMap<String, String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?.to_string(), r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let names = Names {
        gates: names("SELECT id, name FROM gates")?,
        agencies: names("SELECT id, name FROM agencies")?,
    };
    let (lf, lt) = report::same_period_last_year(from, to);
    let now = period_sums(conn, from, to)?;
    let before = period_sums(conn, lf, lt)?;
    Ok(report::build(
        (from, to),
        &now,
        ((lf, lt), &before),
        (batches_in(conn, from, to)?, batches_in(conn, lf, lt)?),
        &names,
    ))
}

/// One (day, dim, key) whose stored aggregate differs from the recount:
/// (day, dim, key, stored, recounted).
pub type Drift = (String, String, String, i64, i64);

/// Where the per-day aggregates differ from a recount of every case (the
/// `report_days::recount_sql`, the query the migration filled them with):
/// (day, dim, key, stored, recounted). Empty when the
/// triggers kept them current.
pub fn report_days_drift(conn: &Connection) -> Result<Vec<Drift>> {
    let load = |sql: &str| -> Result<HashMap<(String, String, String), i64>> {
        let mut m = HashMap::new();
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(3)?;
            if n != 0 {
                m.insert((r.get(0)?, r.get(1)?, r.get(2)?), n);
            }
        }
        Ok(m)
    };
    let stored = load("SELECT day, dim, key, n FROM report_days")?;
    let counted = load(&format!(
        "SELECT day, dim, key, sum(n) FROM ({}) GROUP BY day, dim, key",
        super::report_days::recount_sql()
    ))?;
    let mut keys: Vec<_> = stored.keys().chain(counted.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let (a, b) = (
                stored.get(&k).copied().unwrap_or(0),
                counted.get(&k).copied().unwrap_or(0),
            );
            (a != b).then_some((k.0, k.1, k.2, a, b))
        })
        .collect())
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
        let Json(data) = r.get(0)?;
        let screening: Option<String> = r.get::<_, Option<Json>>(2)?.map(|j| j.0);
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
        self.require_supervisor()?;
        let r = period_report(self.conn(), from, to)?;
        self.audit_access(
            action::REPORT,
            "report",
            json!({"from": from.to_string(), "to": to.to_string(), "format": format}),
        )?;
        Ok(r)
    }

    /// The report of a named period (see [`Vault::report_periods`]).
    pub fn report_named(&mut self, name: &str, format: &str) -> Result<Report> {
        let p = self.report_period(name)?;
        let mut r = self.report(p.from, p.to, format)?;
        r.name = Some(p.name);
        Ok(r)
    }

    /// The named report periods, by first day (newest first).
    pub fn report_periods(&self) -> Result<Vec<NamedPeriod>> {
        let mut stmt = self.conn().prepare(
            "SELECT name, from_on, to_on FROM report_periods ORDER BY from_on DESC, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, f, t) = row?;
            let parse = |s: &str| {
                s.parse::<NaiveDate>()
                    .map_err(|e| VaultError::Corrupt(format!("report period date: {e}")))
            };
            out.push(NamedPeriod {
                name,
                from: parse(&f)?,
                to: parse(&t)?,
            });
        }
        Ok(out)
    }

    /// The period with this name (matched folded: "dot cao diem 2024" finds
    /// "Đợt cao điểm 2024").
    pub fn report_period(&self, name: &str) -> Result<NamedPeriod> {
        let fold = crate::domain::text::fold(&crate::domain::text::clean_line(name));
        self.report_periods()?
            .into_iter()
            .find(|p| crate::domain::text::fold(&p.name) == fold)
            .ok_or_else(|| VaultError::NotFound(format!("report period {name}")))
    }

    /// Name a report period, or change the dates of a name (administrators); audited.
    pub fn save_report_period(&mut self, name: &str, from: NaiveDate, to: NaiveDate) -> Result<()> {
        self.require_admin()?;
        let name = crate::domain::text::clean_line(name);
        if name.is_empty() {
            return Err(VaultError::Invalid("a report period needs a name".into()));
        }
        if from > to {
            return Err(VaultError::Invalid(
                "the period starts after it ends".into(),
            ));
        }
        let fold = crate::domain::text::fold(&name);
        let actor = self.user().username.clone();
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO report_periods (name, name_fold, from_on, to_on, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (name_fold) DO UPDATE SET name = excluded.name,
                    from_on = excluded.from_on, to_on = excluded.to_on",
                params![name, fold, from.to_string(), to.to_string(), actor, super::now_iso()],
            )?;
            tx.audit(
                action::SETTINGS_CHANGED,
                "report_period",
                json!({"what": "report_period", "from": from.to_string(), "to": to.to_string()}),
            )
        })
    }

    /// Remove a named period (administrators); audited.
    pub fn remove_report_period(&mut self, name: &str) -> Result<()> {
        self.require_admin()?;
        let p = self.report_period(name)?;
        let fold = crate::domain::text::fold(&p.name);
        self.write(|tx| {
            tx.conn.exec(
                "DELETE FROM report_periods WHERE name_fold = ?1",
                params![fold],
            )?;
            tx.audit(
                action::SETTINGS_CHANGED,
                "report_period",
                json!({"what": "report_period_removed"}),
            )
        })
    }

    /// The anonymised dataset rows (supervisors and administrators); audited.
    pub fn anonymised_rows(&mut self, from: NaiveDate, to: NaiveDate) -> Result<Vec<AnonRow>> {
        self.require_supervisor()?;
        let rows = anon_rows(self.conn(), from, to)?;
        self.audit_access(
            action::EXPORT,
            "dataset",
            // Generalised and k-anonymous, but drawn from sensitive fields:
            // the categories and the purpose are recorded (Decree 356/2025).
            json!({"what": "anonymised_dataset", "from": from.to_string(), "to": to.to_string(),
                   "sensitive": ["crime_data", "location"], "purpose": "research_statistics"}),
        )?;
        Ok(rows)
    }
}

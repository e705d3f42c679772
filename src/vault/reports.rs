//! Period statistics read through the store: one query per table.

use std::collections::HashMap;

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

/// Counts for one table, in a fixed order where one is known (every band shown,
/// even at zero, then any value the order does not name), else largest first.
fn ordered(key: &str, counts: HashMap<String, i64>, order: &[&str]) -> Table {
    let mut rows: Vec<(String, i64)> = order
        .iter()
        .map(|k| (k.to_string(), counts.get(*k).copied().unwrap_or(0)))
        .collect();
    let mut rest: Vec<(String, i64)> = counts
        .into_iter()
        .filter(|(c, _)| !order.contains(&c.as_str()))
        .collect();
    rest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.extend(rest);
    Table {
        key: key.into(),
        rows,
    }
}

/// The report over cases received from `from` to `to` (inclusive).
///
/// One pass over the `cases_report` covering index counts every table at once
/// (no case row and no JSON is read), one grouped scan of `cases_person` finds
/// first receptions, and one join counts referrals.
pub fn period_report(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Report> {
    let (f, t) = (from.to_string(), to.to_string());
    let gates: HashMap<i64, String> = conn
        .prepare_cached("SELECT id, name FROM gates")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    // The eight tables counted from the case rows, in `TABLES` order.
    let keys = &TABLES[1..9];
    let mut counts: [HashMap<String, i64>; 8] = Default::default();
    let (mut received, mut children, mut screened, mut suspected) = (0i64, 0i64, 0i64, 0i64);
    let mut support = [0i64; 6];
    {
        let mut stmt = conn.prepare_cached(
            "SELECT sex, age_band, source, gate_id, dest_country, exploitation, screening_outcome,
                decision, is_child, sup_meals, sup_clothing, sup_shelter, sup_medical,
                sup_travel, sup_interpretation
             FROM cases INDEXED BY cases_report WHERE received_on BETWEEN ?1 AND ?2",
        )?;
        let mut rows = stmt.query(params![f, t])?;
        // Count by borrowed values; a key is allocated only the first time it is seen.
        fn bump(map: &mut HashMap<String, i64>, v: &str) {
            match map.get_mut(v) {
                Some(n) => *n += 1,
                None => {
                    map.insert(v.to_string(), 1);
                }
            }
        }
        fn str_at<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'a str>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        }
        let mut by_gate: HashMap<Option<i64>, i64> = HashMap::new();
        while let Some(r) = rows.next()? {
            let outcome = str_at(r, 6)?;
            let decision = str_at(r, 7)?;
            let is_child: i64 = r.get(8)?;
            received += 1;
            children += is_child;
            screened += outcome.is_some() as i64;
            suspected += (decision == Some("suspected_victim")) as i64;
            *by_gate.entry(r.get::<_, Option<i64>>(3)?).or_insert(0) += 1;
            let [sex, band, source, _, dest, exploitation, out, dec] = &mut counts;
            bump(sex, str_at(r, 0)?.unwrap_or_default());
            bump(band, str_at(r, 1)?.unwrap_or("unknown"));
            bump(source, str_at(r, 2)?.unwrap_or_default());
            bump(dest, str_at(r, 4)?.unwrap_or_default());
            bump(exploitation, str_at(r, 5)?.unwrap_or("not_screened"));
            bump(out, outcome.unwrap_or("not_screened"));
            bump(dec, decision.unwrap_or("none"));
            for (i, s) in support.iter_mut().enumerate() {
                *s += r.get::<_, i64>(9 + i)?;
            }
        }
        for (gate, n) in by_gate {
            let name = gate
                .and_then(|g| gates.get(&g).cloned())
                .unwrap_or_default();
            *counts[3].entry(name).or_insert(0) += n;
        }
    }

    let mut tables = vec![Table {
        key: "overview".into(),
        rows: vec![
            ("received".into(), received),
            ("children".into(), children),
            ("screened".into(), screened),
            ("suspected_victims".into(), suspected),
        ],
    }];
    let orders: [&[&str]; 8] = [
        &["male", "female", "other", "unknown"],
        &AGE_BANDS,
        &[
            "handed_over",
            "rescued",
            "self_returned",
            "hotline_111",
            "other_agency",
        ],
        &[],
        &[],
        &["labour", "sexual", "not_screened"],
        &[
            "suspected_victim",
            "needs_further_interview",
            "exploitation_only",
            "no_indicators",
            "not_screened",
        ],
        &[
            "suspected_victim",
            "needs_verification",
            "not_victim",
            "none",
        ],
    ];
    for ((key, map), order) in keys.iter().zip(counts).zip(orders) {
        tables.push(ordered(key, map, order));
    }
    tables.push(Table {
        key: "support".into(),
        rows: [
            "meals",
            "clothing_sets",
            "shelter_days",
            "medical",
            "travel",
            "interpretation",
        ]
        .iter()
        .zip(support)
        .map(|(k, n)| (k.to_string(), n))
        .collect(),
    });
    let referrals: HashMap<String, i64> = conn
        .prepare_cached(
            // Referrals first, each case's date from a covering index: driving
            // from the cases would read every case row in the period.
            "SELECT r.status, count(*) FROM referrals r INDEXED BY referrals_case
             CROSS JOIN cases c INDEXED BY cases_id_received ON c.id = r.case_id
             WHERE c.received_on BETWEEN ?1 AND ?2 GROUP BY r.status",
        )?
        .query_map(params![f, t], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tables.push(ordered(
        "referrals",
        referrals,
        &["draft", "approved", "handed_over", "acknowledged"],
    ));
    // A person's first reception is the earliest of their cases; it falls in the
    // period exactly when that earliest date does (ties on the day count once).
    let first: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT min(received_on) AS first_on FROM cases
             INDEXED BY cases_person GROUP BY person_id) WHERE first_on BETWEEN ?1 AND ?2",
        )?
        .query_row(params![f, t], |r| r.get(0))?;
    tables.push(Table {
        key: "repeat".into(),
        rows: vec![("repeat".into(), received - first), ("first".into(), first)],
    });
    tables.push(Table {
        key: "children".into(),
        rows: vec![
            ("child".into(), children),
            ("adult".into(), received - children),
        ],
    });
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
        self.require_supervisor()?;
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
        self.require_supervisor()?;
        let rows = anon_rows(self.conn(), from, to)?;
        self.audit_access(
            action::EXPORT,
            "dataset",
            json!({"what": "anonymised_dataset", "from": from.to_string(), "to": to.to_string()}),
        )?;
        Ok(rows)
    }
}

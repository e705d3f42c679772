//! Reception batches and cases: save, load, list, search and duplicates.
//! Every view and change is audited with record ids and field names only.

use std::collections::BTreeSet;

use crate::vault::db::{self, Cached};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::packed::{Json, Packed};
use super::{Result, Tx, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::batch::BatchRecord;
use crate::domain::case::{self, CaseRecord, Sex, Status};
use crate::domain::dedupe::{self, MatchKind};
use crate::domain::papers::PaperKind;
use crate::domain::screening::AgeBand;
use crate::domain::text;

pub use crate::domain::org::Gate;

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: String,
    pub number: String,
    pub full_name: String,
    pub sex: Sex,
    pub age: Option<u32>,
    /// Under 18 ("người dưới 18 tuổi"), presumption of minority included.
    pub is_child: bool,
    /// The age band by the effective age: under 16 ("trẻ em") is `AgeBand::Under16`.
    pub age_band: AgeBand,
    pub home_province: Option<u32>,
    pub received_on: NaiveDate,
    pub gate: Option<String>,
    pub status: Status,
    pub screening_outcome: Option<String>,
    pub verification_requested: bool,
    pub receptions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Vietnamese alphabetical order of names.
    #[default]
    Name,
    /// Most recently received first.
    Newest,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseQuery {
    /// Free text: name, other names, ID, passport, case number or phone.
    pub text: String,
    pub status: Option<Status>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub gate_id: Option<i64>,
    pub sex: Option<Sex>,
    /// Under 18 (presumption of minority included) or not.
    pub child: Option<bool>,
    /// One age band (e.g. only those under 16).
    pub age_band: Option<AgeBand>,
    pub outcome: Option<String>,
    /// Only cases whose verification request is overdue.
    pub overdue_only: bool,
    pub sort: SortOrder,
    pub page: usize,
    pub per_page: usize,
}

/// A page of results. `total` is exact up to `TOTAL_CAP`, then `capped`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    pub total: usize,
    pub capped: bool,
}

pub const TOTAL_CAP: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateHit {
    pub case_id: String,
    pub number: String,
    pub full_name: String,
    pub received_on: String,
    pub birth_year: Option<i32>,
    pub home_province: Option<u32>,
    pub kind: MatchKind,
    pub score: u32,
    pub same_person: bool,
}

impl DuplicateHit {
    /// A candidate from a row whose first columns are `id, number,
    /// full_name, received_on, birth_year, home_province`.
    pub(crate) fn from_row(
        r: &Row<'_>,
        kind: MatchKind,
        score: u32,
        same_person: bool,
    ) -> rusqlite::Result<DuplicateHit> {
        Ok(DuplicateHit {
            case_id: r.get(0)?,
            number: r.get(1)?,
            full_name: r.get(2)?,
            received_on: r.get(3)?,
            birth_year: r.get(4)?,
            home_province: r.get::<_, Option<i64>>(5)?.map(|p| p as u32),
            kind,
            score,
            same_person,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSaved {
    pub id: String,
    pub number: String,
    pub version: i64,
    pub duplicates: Vec<DuplicateHit>,
}

/// A case as opened: the record, its version and its person's other receptions.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub record: CaseRecord,
    pub version: i64,
    pub batch_number: Option<String>,
    /// (case id, number, received on) of every reception of this person, oldest first.
    pub receptions: Vec<(String, String, String)>,
    pub screening_outcome: Option<String>,
    pub decision: Option<String>,
    pub created_by: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    pub id: String,
    pub number: String,
    pub received_at: String,
    pub gate: Option<String>,
    pub place: String,
    pub people: u32,
    pub children: u32,
}

fn parse_date(s: &str) -> NaiveDate {
    crate::domain::dates::parse_iso(s).unwrap_or_default()
}

fn case_row(r: &Row<'_>) -> rusqlite::Result<CaseRow> {
    let sex: String = r.get("sex")?;
    let status: String = r.get("status")?;
    let received: String = r.get("received_on")?;
    Ok(CaseRow {
        id: r.get("id")?,
        number: r.get("number")?,
        full_name: r.get("full_name")?,
        sex: Sex::from_key(&sex).unwrap_or_default(),
        age: r.get::<_, Option<i64>>("age")?.map(|a| a as u32),
        is_child: r.get::<_, i64>("is_child")? != 0,
        age_band: AgeBand::from_key(&r.get::<_, String>("age_band")?).unwrap_or_default(),
        home_province: r.get::<_, Option<i64>>("home_province")?.map(|p| p as u32),
        received_on: parse_date(&received),
        gate: r.get("gate")?,
        status: Status::from_key(&status).unwrap_or_default(),
        screening_outcome: r.get("screening_outcome")?,
        verification_requested: r.get::<_, i64>("verification_requested")? != 0,
        receptions: r.get::<_, i64>("receptions")? as u32,
    })
}

const ROW_COLUMNS: &str =
    "c.id, c.number, c.full_name, c.sex, c.age, c.is_child, c.age_band, c.home_province,
    c.received_on, g.name AS gate, c.status, c.screening_outcome, c.verification_requested,
    (SELECT count(*) FROM cases p WHERE p.person_id = c.person_id) AS receptions";

/// Build an FTS5 query from what the officer typed: folded tokens; the words
/// already typed must match whole, the last one (still being typed) as a
/// prefix. "nguyen thi hoa" finds Nguyễn Thị Hoa and Nguyễn Thị Hoài, not
/// Nguyễn Hoàng Thịnh.
///
/// FTS5 answers a prefix (`"nguyen"*`) by gathering every matching row
/// first, so a common surname would cost in proportion to the vault. The
/// prefix is therefore spelt out as the words of the vault it begins
/// (`search_words`): `("nguyen")`, `("hoa" OR "hoai")`, which FTS5 reads
/// lazily, newest first, 50 at a time. A prefix of more than
/// [`MAX_EXPANSION`] words, or one the vocabulary does not hold (digits
/// first, other scripts), stays a prefix: those match few rows.
pub fn fts_query(conn: &Connection, typed: &str) -> Result<Option<String>> {
    let folded = text::fold(typed);
    let tokens: Vec<&str> = words(&folded).take(8).collect();
    let Some((last, whole)) = tokens.split_last() else {
        return Ok(None);
    };
    let mut terms: Vec<String> = whole.iter().map(|t| format!("\"{t}\"")).collect();
    let spelt = if is_vocabulary_word(last) {
        let mut s = conn.prepare_cached(
            "SELECT word FROM search_words WHERE word >= ?1 AND word < ?1 || char(1114111)
             ORDER BY word LIMIT ?2",
        )?;
        s.query_map(params![last, MAX_EXPANSION as i64 + 1], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    if spelt.is_empty() || spelt.len() > MAX_EXPANSION {
        terms.push(format!("\"{last}\"*"));
    } else {
        let any: Vec<String> = spelt.iter().map(|w| format!("\"{w}\"")).collect();
        terms.push(format!("({})", any.join(" OR ")));
    }
    Ok(Some(terms.join(" AND ")))
}

/// The words of folded text, as FTS5's tokenizer splits them (letters and
/// digits; anything else separates).
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The most words a typed prefix is spelt out as (see [`fts_query`]).
pub const MAX_EXPANSION: usize = 64;

/// Words the vocabulary keeps: ASCII letters and digits, a letter first
/// (folded names, passport numbers, the letters of case numbers), where
/// FTS5's tokenizer and this one agree.
fn is_vocabulary_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_lowercase())
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Index a case's search text: its row in `cases_fts`, and its words in
/// the vocabulary prefixes are spelt out with.
pub(crate) fn index_search(conn: &Connection, rid: i64, search: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO cases_fts (rowid, search) VALUES (?1, ?2)",
        params![rid, search],
    )?;
    for word in words(search).filter(|w| is_vocabulary_word(w)) {
        conn.exec(
            "INSERT OR IGNORE INTO search_words (word) VALUES (?1)",
            [word],
        )?;
    }
    Ok(())
}

/// Remove a case's row from `cases_fts`, by its rowid (the index keeps no
/// copy of the text: migration 0100). Its words stay in the vocabulary until
/// [`REFILL_WORDS`] runs: a word no case holds only spells out to nothing.
pub(crate) fn unindex_search(conn: &Connection, rid: i64) -> Result<()> {
    conn.exec("DELETE FROM cases_fts WHERE rowid = ?1", [rid])?;
    Ok(())
}

/// Fills `search_words` anew from the words `cases_fts` holds (migration
/// 0070, and after retention removed cases, so that no removed name stays).
pub const REFILL_WORDS: &str = "
DELETE FROM search_words;
CREATE VIRTUAL TABLE temp.cases_fts_words USING fts5vocab(main, cases_fts, row);
INSERT INTO search_words (word)
SELECT term FROM temp.cases_fts_words
WHERE term GLOB '[a-z]*' AND term NOT GLOB '*[^a-z0-9]*';
DROP TABLE temp.cases_fts_words;
";

/// Migration 0070: the vocabulary of the search index.
pub fn migration_0070() -> String {
    format!(
        "{}{REFILL_WORDS}",
        include_str!("migrations/0070_search_words.sql")
    )
}

fn filters(q: &CaseQuery, today: NaiveDate) -> (Vec<String>, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let text = |s: &str| Some(Value::Text(s.to_string()));
    let overdue = today - chrono::Duration::days(crate::domain::deadlines::VERIFICATION_DAYS);
    // Each filter set: its condition, and the value of its `?` if it has one.
    let wanted = [
        q.status.map(|s| ("c.status = ?", text(s.key()))),
        q.from.map(|d| ("c.received_on >= ?", text(&d.to_string()))),
        q.to.map(|d| ("c.received_on <= ?", text(&d.to_string()))),
        q.gate_id.map(|g| ("c.gate_id = ?", Some(Value::Integer(g)))),
        q.sex.map(|s| ("c.sex = ?", text(s.key()))),
        q.child.map(|c| ("c.is_child = ?", Some(Value::Integer(c as i64)))),
        q.age_band.map(|b| ("c.age_band = ?", text(b.key()))),
        q.outcome.as_deref().map(|o| match o {
            "none" => ("c.screening_outcome IS NULL", None),
            o => ("c.screening_outcome = ?", text(o)),
        }),
        q.overdue_only.then(|| {
            (
                "c.verification_requested = 0 AND c.status NOT IN ('closed', 'released') AND c.received_on < ?",
                text(&overdue.to_string()),
            )
        }),
    ];
    let mut conds: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    for (cond, value) in wanted.into_iter().flatten() {
        match value {
            Some(v) => {
                args.push(v);
                conds.push(cond.replace('?', &format!("?{}", args.len())));
            }
            None => conds.push(cond.to_string()),
        }
    }
    (conds, args)
}

/// A page of the case list or of search results.
///
/// A search returns a page straight from the index in newest-first order, so
/// a one-word common surname ("nguyen") never sorts every match; the page is
/// then ordered for display. Without search text, the list pages through the
/// Vietnamese-order (or date) index.
pub fn list_cases(conn: &Connection, q: &CaseQuery, today: NaiveDate) -> Result<CasePage> {
    let per_page = q.per_page.clamp(1, 500);
    let offset = q.page * per_page;
    let (mut conds, mut args) = filters(q, today);
    let fts = fts_query(conn, &q.text)?;
    let filtered = !conds.is_empty();
    // The page's row ids come from an inner query that reads only indexes
    // (and the filter columns); the full rows are read for those 50 alone,
    // so a deep page or a common name does not read every skipped case.
    let (from, order, key) = match (&fts, q.sort) {
        (Some(m), _) => {
            args.push(rusqlite::types::Value::Text(m.clone()));
            conds.push(format!("cases_fts MATCH ?{}", args.len()));
            // Newest first straight from the index: no sort of the whole match set.
            let from = if filtered {
                "cases_fts JOIN cases c ON c.rid = cases_fts.rowid"
            } else {
                "cases_fts"
            };
            (from, "cases_fts.rowid DESC", "cases_fts.rowid")
        }
        (None, SortOrder::Newest) => ("cases c", "c.received_on DESC, c.rid DESC", "c.rid"),
        // `tn_sort_key(full_name)` is the key of the index `cases_name_sort`
        // (and `cases_status`), which the order reads: no key is stored in the row.
        (None, SortOrder::Name) => ("cases c", "tn_sort_key(c.full_name), c.rid", "c.rid"),
    };
    let where_ = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let page_sql = format!(
        "SELECT {key} FROM {from} {where_} ORDER BY {order} LIMIT {per_page} OFFSET {offset}"
    );
    let page: Vec<i64> = conn
        .prepare_cached(&page_sql)?
        .query_map(params_from_iter(args.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The rows are put in the page's order here rather than sorted again in
    // SQL, which for the name order would compute 50 sort keys the index holds.
    let sql = format!(
        "SELECT c.rid AS page_rid, {ROW_COLUMNS} FROM cases c LEFT JOIN gates g ON g.id = c.gate_id
         WHERE c.rid IN (SELECT value FROM json_each(?1))"
    );
    let ids = format!(
        "[{}]",
        page.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut found = conn
        .prepare_cached(&sql)?
        .query_map([ids], |r| Ok((r.get::<_, i64>("page_rid")?, case_row(r)?)))?
        .collect::<rusqlite::Result<std::collections::HashMap<_, _>>>()?;
    let mut rows: Vec<CaseRow> = page.iter().filter_map(|rid| found.remove(rid)).collect();
    if fts.is_some() && q.sort == SortOrder::Name {
        // Order the page (not the whole match set) by name.
        rows.sort_by_cached_key(|r| (text::sort_key(&r.full_name), r.number.clone()));
    }
    let count_sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM {from} {where_} LIMIT {})",
        TOTAL_CAP + 1
    );
    let total: i64 = conn
        .prepare_cached(&count_sql)?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let total = total as usize;
    Ok(CasePage {
        rows,
        total: total.min(TOTAL_CAP),
        capped: total > TOTAL_CAP,
    })
}

fn next_number(
    conn: &Connection,
    table: &str,
    prefix: &str,
    year: i32,
    width: usize,
) -> Result<(i64, String)> {
    let seq: i64 = conn.row(
        &format!("SELECT COALESCE(MAX(seq), 0) + 1 FROM {table} WHERE year = ?1"),
        [year],
        |r| r.get(0),
    )?;
    Ok((seq, format!("{prefix}-{year}-{seq:0width$}")))
}

/// The indexes a bulk load builds after the rows (`Vault::bulk_load`): their
/// keys (the name's sort key, the birth year, ID and passport numbers) come
/// in no order, unlike the ids, dates and sequence numbers of the others.
pub const BULK_DEFERRED: &[&str] = &[
    "cases_name_sort",
    "cases_status",
    "cases_dup",
    "cases_id_number",
    "cases_passport",
];

/// Columns derived from a record, written with it.
pub(crate) struct Derived {
    pub(crate) full_name: String,
    pub(crate) birth_year: Option<i32>,
    pub(crate) age: Option<u32>,
    pub(crate) is_child: bool,
    pub(crate) home_province: Option<u32>,
    pub(crate) search: String,
}

pub(crate) fn derive(c: &CaseRecord) -> Derived {
    Derived {
        full_name: c.identity.full_name.clone(),
        birth_year: c.birth_year_approx(),
        age: c.age(),
        is_child: c.is_child(),
        home_province: c.address.province_code,
        search: c.search_text(),
    }
}

/// The report facts of a case (see migrations 0005, 0009 and 0030; the
/// triggers of 0030 keep `report_days` in step with them).
pub(crate) fn write_facts(conn: &Connection, rid: i64, c: &CaseRecord) -> Result<()> {
    use crate::domain::lists;
    let s = &c.support;
    conn.exec(
        "UPDATE cases SET sup_meals = ?2, sup_clothing = ?3, sup_shelter = ?4,
            sup_medical = ?5, sup_travel = ?6, sup_interpretation = ?7, age_band = ?8,
            nat_code = ?9, ethnic_code = ?10, dest_code = ?11, exit_legality = ?12,
            identified = ?13, fined = ?14, fine_amount = ?15, wanted = ?16 WHERE rid = ?1",
        params![
            rid,
            s.meals,
            s.clothing_sets,
            s.shelter_days,
            s.medical,
            s.travel,
            s.interpretation,
            c.age_band().key(),
            lists::country_key(&c.identity.nationality),
            lists::ethnic_key(&c.identity.ethnicity),
            lists::country_key(&c.journey.destination_country),
            c.journey.exit_legality.key(),
            c.is_identified(),
            !c.fine.is_empty(),
            c.fine.amount,
            c.wanted_handed_to_police,
        ],
    )?;
    Ok(())
}

/// Insert a normalized, validated case inside a transaction. Assigns id,
/// number and (unless set) a new person.
pub fn insert_case(tx: &mut Tx<'_>, c: &mut CaseRecord, unit_prefix: &str) -> Result<i64> {
    let conn = tx.conn;
    let received = c
        .received_on
        .ok_or_else(|| VaultError::Invalid("received_on".into()))?;
    if c.id.is_empty() {
        c.id = uuid::Uuid::now_v7().to_string();
    }
    let year = received.year();
    if c.number.is_empty() {
        let (_, number) = next_number(conn, "cases", unit_prefix, year, 5)?;
        c.number = number;
    }
    let seq: i64 = c
        .number
        .rsplit('-')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let ts = now_iso();
    if c.person_id.is_empty() {
        c.person_id = uuid::Uuid::now_v7().to_string();
    }
    conn.exec(
        "INSERT OR IGNORE INTO persons (id, created_at) VALUES (?1, ?2)",
        params![c.person_id, ts],
    )?;
    let d = derive(c);
    let data = Packed::json(&c.stored_json());
    conn.exec(
        "INSERT INTO cases (id, number, year, seq, person_id, batch_id, status, source, received_on,
            gate_id, full_name, sex, birth_year, age, is_child, home_province, id_number,
            passport_number, verification_requested, data, created_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22)",
        params![
            c.id, c.number, year, seq, c.person_id, c.batch_id, c.status.key(), c.source.key(),
            received.to_string(), c.gate_id, d.full_name, c.identity.sex.key(), d.birth_year, d.age,
            d.is_child, d.home_province, c.identity.id_number, c.identity.passport_number,
            c.verification_requested_on.is_some(), data, tx.actor(), ts
        ],
    )?;
    let rid = conn.last_insert_rowid();
    write_facts(conn, rid, c)?;
    index_search(conn, rid, &d.search)?;
    tx.audit(
        action::CASE_CREATED,
        &c.id,
        json!({"batch": c.batch_id.is_some()}),
    )?;
    Ok(rid)
}

pub(crate) fn insert_batch(
    tx: &mut Tx<'_>,
    batch: &mut BatchRecord,
    people: &mut [CaseRecord],
    prefix: &str,
) -> Result<()> {
    batch.normalize();
    let received = batch
        .received_at
        .ok_or_else(|| VaultError::Invalid("received_at".into()))?;
    let year = received.date().year();
    let (seq, number) = next_number(tx.conn, "batches", "DTN", year, 4)?;
    if batch.id.is_empty() {
        batch.id = uuid::Uuid::now_v7().to_string();
    }
    batch.number = number;
    let ts = now_iso();
    tx.conn.exec(
        "INSERT INTO batches (id, number, year, seq, received_at, gate_id, data, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            batch.id, batch.number, year, seq, received.format("%Y-%m-%dT%H:%M").to_string(),
            batch.gate_id, serde_json::to_string(&*batch).expect("serialises"), tx.actor(), ts
        ],
    )?;
    tx.audit(
        action::BATCH_CREATED,
        &batch.id,
        json!({"people": people.len()}),
    )?;
    insert_people(tx, batch, people, prefix)
}

/// People join a batch only until its reception record is issued: the
/// signed record names the people of the batch when it was made.
fn refuse_if_reception_issued(conn: &Connection, batch_id: &str) -> Result<()> {
    match super::papers::issued_paper_in(conn, PaperKind::Reception, batch_id)? {
        None => Ok(()),
        Some(p) => Err(VaultError::ReceptionIssued {
            number: p.number.trim().to_string(),
            issued_on: p.issued_on,
        }),
    }
}

/// Insert people received with a (saved) batch: each takes the batch's
/// date, gate and source.
pub(crate) fn insert_people(
    tx: &mut Tx<'_>,
    batch: &BatchRecord,
    people: &mut [CaseRecord],
    prefix: &str,
) -> Result<()> {
    let received = batch
        .received_at
        .ok_or_else(|| VaultError::Invalid("received_at".into()))?;
    refuse_if_reception_issued(tx.conn, &batch.id)?;
    for c in people.iter_mut() {
        c.batch_id = Some(batch.id.clone());
        c.received_on = Some(received.date());
        c.gate_id = batch.gate_id;
        c.source = batch.source;
        c.normalize();
        insert_case(tx, c, prefix)?;
    }
    Ok(())
}

/// Save changes to a (normalized) case inside a transaction; returns the new version.
pub fn update_case_in(tx: &mut Tx<'_>, c: &mut CaseRecord, version: i64) -> Result<i64> {
    let row = tx.conn.row(
        "SELECT rid, version, data FROM cases WHERE id = ?1",
        [&c.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    );
    let (rid, stored_version, Json(old_data)): (i64, i64, Json) = db::found(row, "case")?;
    if stored_version != version {
        return Err(VaultError::Invalid(
            "the case was changed elsewhere since it was opened".into(),
        ));
    }
    let old: CaseRecord =
        serde_json::from_str(&old_data).map_err(|e| VaultError::Corrupt(e.to_string()))?;
    // Identity of the record is not the form's to change.
    c.number = old.number.clone();
    c.person_id = old.person_id.clone();
    c.batch_id = old.batch_id.clone();
    let fields = changed_fields(&old, c);
    if !fields.is_empty() {
        // The values replaced stay in the record's history (a correction is
        // traceable); the audit event names the fields only.
        // The stored record is copied as it is kept (packed), not packed again.
        tx.conn.exec(
            "INSERT INTO case_history (case_id, version, data, replaced_by, replaced_at)
             SELECT id, version, data, ?2, ?3 FROM cases WHERE rid = ?1",
            params![rid, tx.actor(), now_iso()],
        )?;
    }
    let d = derive(c);
    let data = Packed::json(&c.stored_json());
    let new_version = version + 1;
    tx.conn.exec(
        "UPDATE cases SET status = ?2, source = ?3, received_on = ?4, gate_id = ?5, full_name = ?6,
            sex = ?7, birth_year = ?8, age = ?9, is_child = ?10, home_province = ?11, id_number = ?12,
            passport_number = ?13, verification_requested = ?14,
            data = ?15, updated_at = ?16, version = ?17
         WHERE rid = ?1",
        params![
            rid, c.status.key(), c.source.key(), c.received_on.map(|d| d.to_string()), c.gate_id,
            d.full_name, c.identity.sex.key(), d.birth_year, d.age, d.is_child, d.home_province,
            c.identity.id_number, c.identity.passport_number, c.verification_requested_on.is_some(),
            data, now_iso(), new_version
        ],
    )?;
    write_facts(tx.conn, rid, c)?;
    if old.search_text() != d.search {
        unindex_search(tx.conn, rid)?;
        index_search(tx.conn, rid, &d.search)?;
    }
    tx.audit(action::CASE_UPDATED, &c.id, json!({"fields": fields}))?;
    Ok(new_version)
}

/// Duplicate candidates of a case (see `Vault::duplicates_for`).
pub fn duplicates_in(conn: &Connection, c: &CaseRecord) -> Result<Vec<DuplicateHit>> {
    let dismissed: BTreeSet<String> = {
        let mut s = conn.prepare_cached(
            "SELECT case_b FROM duplicate_dismissals WHERE case_a = ?1
                 UNION SELECT case_a FROM duplicate_dismissals WHERE case_b = ?1",
        )?;
        s.query_map([&c.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut hits: Vec<DuplicateHit> = Vec::new();
    let hit = |r: &Row<'_>, kind: MatchKind, score: u32| -> rusqlite::Result<DuplicateHit> {
        let same_person = r.get::<_, String>(6)? == c.person_id;
        DuplicateHit::from_row(r, kind, score, same_person)
    };
    let cols = "id, number, full_name, received_on, birth_year, home_province, person_id";
    if !c.identity.id_number.is_empty() {
        let mut s = conn.prepare_cached(&format!(
            "SELECT {cols} FROM cases WHERE id_number = ?1 AND id_number <> '' AND id <> ?2"
        ))?;
        for h in s.query_map(params![c.identity.id_number, c.id], |r| {
            hit(r, MatchKind::SameIdNumber, 100)
        })? {
            hits.push(h?);
        }
    }
    if !c.identity.passport_number.is_empty() {
        let mut s = conn.prepare_cached(&format!(
            "SELECT {cols} FROM cases WHERE passport_number = ?1 AND passport_number <> ''
             AND id <> ?2"
        ))?;
        for h in s.query_map(params![c.identity.passport_number, c.id], |r| {
            hit(r, MatchKind::SamePassport, 100)
        })? {
            let h = h?;
            if !hits.iter().any(|x| x.case_id == h.case_id) {
                hits.push(h);
            }
        }
    }
    if let (Some(year), Some(province)) = (c.birth_year_approx(), c.address.province_code) {
        let mut s = conn.prepare_cached(&format!(
            "SELECT {cols} FROM cases WHERE birth_year = ?1 AND home_province = ?2 AND id <> ?3"
        ))?;
        let mut rows = s.query(params![year, province, c.id])?;
        while let Some(r) = rows.next()? {
            let name: String = r.get(2)?;
            let score = dedupe::name_similarity(&c.identity.full_name, &name);
            if score >= dedupe::NAME_SIMILARITY {
                let h = hit(r, MatchKind::SimilarName, (score * 100.0).round() as u32)?;
                if !hits.iter().any(|x| x.case_id == h.case_id) {
                    hits.push(h);
                }
            }
        }
    }
    hits.retain(|h| !dismissed.contains(&h.case_id));
    hits.sort_by(|a, b| {
        b.kind
            .is_strong()
            .cmp(&a.kind.is_strong())
            .then(b.score.cmp(&a.score))
    });
    hits.truncate(20);
    Ok(hits)
}

/// The names of the top-level sections and identity fields that differ.
fn changed_fields(old: &CaseRecord, new: &CaseRecord) -> Vec<String> {
    let a = serde_json::to_value(old).expect("serialises");
    let b = serde_json::to_value(new).expect("serialises");
    let mut out = BTreeSet::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, va) in a {
            let vb = b.get(k);
            if Some(va) == vb {
                continue;
            }
            match (va.as_object(), vb.and_then(|v| v.as_object())) {
                (Some(oa), Some(ob)) => {
                    for (kk, x) in oa {
                        if ob.get(kk) != Some(x) {
                            out.insert(format!("{k}.{kk}"));
                        }
                    }
                }
                _ => {
                    out.insert(k.clone());
                }
            }
        }
    }
    out.into_iter().collect()
}

impl Vault {
    /// The case-number prefix: the unit code, or "HS" (hồ sơ).
    pub(crate) fn case_prefix(&self) -> String {
        self.unit()
            .ok()
            .map(|u| text::alnum_upper(&u.code))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "HS".into())
    }

    pub fn gates(&self) -> Result<Vec<Gate>> {
        super::papers::read_gates(self.conn())
    }

    /// Add a border gate or place to the configurable list (administrators).
    pub fn add_gate(&mut self, name: &str) -> Result<i64> {
        self.require_admin()?;
        let name = text::clean_line(name);
        if name.is_empty() {
            return Err(VaultError::Invalid("gate name".into()));
        }
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO gates (name, sort) VALUES (?1, (SELECT COALESCE(MAX(sort), 0) + 1 FROM gates WHERE sort < 99))",
                [&name],
            )?;
            let id = tx.conn.last_insert_rowid();
            tx.audit(action::SETTINGS_CHANGED, "gates", json!({"fields": ["gates"]}))?;
            Ok(id)
        })
    }

    pub fn set_gate_active(&mut self, id: i64, active: bool) -> Result<()> {
        self.require_admin()?;
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE gates SET active = ?2 WHERE id = ?1",
                params![id, active],
            )?;
            tx.audit(
                action::SETTINGS_CHANGED,
                "gates",
                json!({"fields": ["gates.active"]}),
            )
        })
    }

    /// Create a reception batch and one case per person, in one transaction;
    /// returns each case with its possible duplicates.
    pub fn create_batch(
        &mut self,
        batch: &mut BatchRecord,
        people: &mut [CaseRecord],
    ) -> Result<Vec<CaseSaved>> {
        let prefix = self.case_prefix();
        self.write(|tx| insert_batch(tx, batch, people, &prefix))?;
        people
            .iter()
            .map(|c| {
                Ok(CaseSaved {
                    id: c.id.clone(),
                    number: c.number.clone(),
                    version: 1,
                    duplicates: self.duplicates_for(c)?,
                })
            })
            .collect()
    }

    /// Fill a new vault in bulk (the demo vault, the bench). Two kinds of
    /// per-row work that grow with the vault are done once at the end:
    /// - the indexes whose keys come in random order (`BULK_DEFERRED`) are
    ///   dropped and built again from their own definitions, each written
    ///   once, sorted, instead of a page here and a page there by every
    ///   insert;
    /// - the report aggregates' triggers (`report_days::TRIGGERS`, about 60
    ///   upserts a case with its screening) are dropped, and the aggregates
    ///   are added up from the rows afterwards (`report_days::refill_sql`).
    ///
    /// Nothing `load` does may query by those indexes or read the aggregates.
    /// All is put back even when `load` fails; a process killed meanwhile
    /// leaves them out, so this is for a vault being made, never one in use.
    pub fn bulk_load<T>(&mut self, load: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        let defs = |kind: &str, names: &[&str]| -> Result<Vec<(String, String)>> {
            let mut s = self.conn().prepare(
                "SELECT name, sql FROM sqlite_schema WHERE type = ?1 AND sql IS NOT NULL
                   AND name IN (SELECT value FROM json_each(?2))",
            )?;
            let names = serde_json::to_string(names).expect("names serialise");
            Ok(s.query_map([kind, &names], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let indexes = defs("index", BULK_DEFERRED)?;
        let triggers = defs("trigger", super::report_days::TRIGGERS)?;
        for (kind, list) in [("INDEX", &indexes), ("TRIGGER", &triggers)] {
            for (name, _) in list {
                self.conn().execute_batch(&format!("DROP {kind} {name}"))?;
            }
        }
        let out = load(self);
        let mut rebuild = String::from(
            "BEGIN;
DELETE FROM report_days;
DELETE FROM person_first;
",
        );
        rebuild += &super::report_days::refill_sql();
        for (_, sql) in indexes.iter().chain(&triggers) {
            rebuild += &format!("{sql};\n");
        }
        rebuild += "COMMIT;";
        if let Err(e) = self.conn().execute_batch(&rebuild) {
            let _ = self.conn().execute_batch("ROLLBACK;");
            return Err(e.into());
        }
        out
    }

    /// Many batches in one transaction (synthetic data, imports); no duplicate check.
    pub fn insert_batches(&mut self, batches: &mut [(BatchRecord, Vec<CaseRecord>)]) -> Result<()> {
        let prefix = self.case_prefix();
        self.write(|tx| {
            for (b, people) in batches.iter_mut() {
                insert_batch(tx, b, people, &prefix)?;
            }
            Ok(())
        })
    }

    pub fn update_batch(&mut self, batch: &mut BatchRecord) -> Result<()> {
        batch.normalize();
        let received = batch
            .received_at
            .ok_or_else(|| VaultError::Invalid("received_at".into()))?;
        self.write(|tx| {
            let old: Option<String> = tx
                .conn.row("SELECT data FROM batches WHERE id = ?1", [&batch.id], |r| r.get(0))
                .optional()?;
            let old: BatchRecord = old
                .and_then(|d| serde_json::from_str(&d).ok())
                .ok_or_else(|| VaultError::NotFound("batch".into()))?;
            batch.number = old.number.clone();
            tx.conn.exec(
                "UPDATE batches SET received_at = ?2, gate_id = ?3, data = ?4, updated_at = ?5 WHERE id = ?1",
                params![
                    batch.id, received.format("%Y-%m-%dT%H:%M").to_string(), batch.gate_id,
                    serde_json::to_string(&*batch).expect("serialises"), now_iso()
                ],
            )?;
            let a = serde_json::to_value(&old).expect("serialises");
            let b = serde_json::to_value(&*batch).expect("serialises");
            let fields: Vec<&String> = a
                .as_object()
                .map(|o| o.iter().filter(|(k, v)| b.get(k.as_str()) != Some(v)).map(|(k, _)| k).collect())
                .unwrap_or_default();
            tx.audit(action::BATCH_UPDATED, &batch.id, json!({"fields": fields}))
        })
    }

    /// Open a batch and its people (audited).
    pub fn open_batch(&mut self, id: &str) -> Result<(BatchRecord, Vec<CaseRow>)> {
        let sql = "SELECT data FROM batches WHERE id = ?1";
        let batch: BatchRecord = db::json_row(self.conn(), sql, [id], "batch")?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM cases c LEFT JOIN gates g ON g.id = c.gate_id
             WHERE c.batch_id = ?1 ORDER BY c.seq"
        ))?;
        let rows = stmt
            .query_map([id], case_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        self.audit_access(action::BATCH_VIEWED, id, json!({"people": rows.len()}))?;
        Ok((batch, rows))
    }

    /// Batches, newest first.
    pub fn list_batches(&self, page: usize, per_page: usize) -> Result<(Vec<BatchSummary>, usize)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT b.id, b.number, b.received_at, g.name, b.data,
                (SELECT count(*) FROM cases c WHERE c.batch_id = b.id),
                (SELECT count(*) FROM cases c WHERE c.batch_id = b.id AND c.is_child = 1)
             FROM batches b LEFT JOIN gates g ON g.id = b.gate_id
             ORDER BY b.received_at DESC, b.rid DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt
            .query_map(params![per_page as i64, (page * per_page) as i64], |r| {
                let data: String = r.get(4)?;
                let place = serde_json::from_str::<BatchRecord>(&data)
                    .map(|b| b.place)
                    .unwrap_or_default();
                Ok(BatchSummary {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    received_at: r.get(2)?,
                    gate: r.get(3)?,
                    place,
                    people: r.get::<_, i64>(5)? as u32,
                    children: r.get::<_, i64>(6)? as u32,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total: i64 = self
            .conn()
            .row("SELECT count(*) FROM batches", [], |r| r.get(0))?;
        Ok((rows, total as usize))
    }

    /// Save a new case (outside a batch or added to one). The record is
    /// normalised and must pass the domain's validation, whoever calls.
    pub fn create_case(&mut self, c: &mut CaseRecord) -> Result<CaseSaved> {
        c.normalize();
        refuse_invalid(c)?;
        let prefix = self.case_prefix();
        self.write(|tx| {
            if let Some(batch) = &c.batch_id {
                refuse_if_reception_issued(tx.conn, batch)?;
            }
            insert_case(tx, c, &prefix).map(|_| ())
        })?;
        Ok(CaseSaved {
            id: c.id.clone(),
            number: c.number.clone(),
            version: 1,
            duplicates: self.duplicates_for(c)?,
        })
    }

    /// Save changes to a case. `version` is the one the form was opened with;
    /// a newer version in the store (another window, an import) is refused.
    pub fn update_case(&mut self, c: &mut CaseRecord, version: i64) -> Result<CaseSaved> {
        c.normalize();
        refuse_invalid(c)?;
        let new_version = self.write(|tx| update_case_in(tx, c, version))?;
        Ok(CaseSaved {
            id: c.id.clone(),
            number: c.number.clone(),
            version: new_version,
            duplicates: self.duplicates_for(c)?,
        })
    }

    /// Open a case (audited as a view).
    pub fn open_case(&mut self, id: &str) -> Result<CaseView> {
        let view = self.read_case(id)?;
        self.audit_access(action::CASE_VIEWED, id, json!({}))?;
        Ok(view)
    }

    /// Open another person's case beside the one being entered, to compare
    /// them as possible duplicates: an access like any other, audited.
    pub fn compare_case(&mut self, id: &str) -> Result<CaseView> {
        let view = self.read_case(id)?;
        self.audit_access(action::CASE_VIEWED, id, json!({"via": "duplicate_compare"}))?;
        Ok(view)
    }

    /// Read a case without auditing (for exports and bundles, which audit themselves).
    pub fn read_case(&self, id: &str) -> Result<CaseView> {
        let view = self
            .conn().row(
                "SELECT c.data, c.version, c.person_id, c.screening_outcome, c.decision, c.created_by,
                    c.updated_at, c.status, b.number
                 FROM cases c LEFT JOIN batches b ON b.id = c.batch_id WHERE c.id = ?1",
                [id],
                |r| {
                    let Json(data) = r.get(0)?;
                    let status: String = r.get(7)?;
                    let person: String = r.get(2)?;
                    Ok((
                        data,
                        status,
                        CaseView {
                            record: CaseRecord { person_id: person, ..CaseRecord::default() },
                            version: r.get(1)?,
                            batch_number: r.get(8)?,
                            receptions: Vec::new(),
                            screening_outcome: r.get(3)?,
                            decision: r.get(4)?,
                            created_by: r.get(5)?,
                            updated_at: r.get(6)?,
                        },
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| VaultError::NotFound("case".into()))?;
        let (data, status, mut v) = view;
        let person = std::mem::take(&mut v.record.person_id);
        let mut record: CaseRecord = db::decode(&data)?;
        record.person_id = person.clone();
        record.status = Status::from_key(&status).unwrap_or_default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, number, received_on FROM cases WHERE person_id = ?1 ORDER BY received_on, rid")?;
        let receptions = stmt
            .query_map([&person], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        v.record = record;
        v.receptions = receptions;
        Ok(v)
    }

    /// The id of the case with a number.
    pub fn case_id_by_number(&self, number: &str) -> Result<String> {
        let (sql, number) = ("SELECT id FROM cases WHERE number = ?1", number.trim());
        db::one(self.conn(), sql, [number], &format!("case {number}"))
    }

    /// List or search cases (searches are audited without their text).
    pub fn search_cases(&mut self, q: &CaseQuery, today: NaiveDate) -> Result<CasePage> {
        let page = list_cases(self.conn(), q, today)?;
        if !q.text.trim().is_empty() {
            self.audit_access(
                action::CASE_SEARCHED,
                "cases",
                json!({"results": page.total}),
            )?;
        }
        Ok(page)
    }

    /// The human numbers of cases, batches, referrals and screenings by their
    /// ids (what the audit log shows instead of ids).
    pub fn record_numbers(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut out = std::collections::HashMap::new();
        let mut queries = [
            self.conn().prepare_cached("SELECT number FROM cases WHERE id = ?1")?,
            self.conn().prepare_cached("SELECT number FROM batches WHERE id = ?1")?,
            self.conn().prepare_cached("SELECT number FROM referrals WHERE id = ?1")?,
            self.conn().prepare_cached(
                "SELECT c.number || ' v' || s.version FROM screenings s JOIN cases c ON c.id = s.case_id WHERE s.id = ?1",
            )?,
            self.conn()
                .prepare_cached("SELECT display_name || ' (' || username || ')' FROM users WHERE id = ?1")?,
        ];
        for id in ids {
            if id.len() < 32 || out.contains_key(id) {
                continue;
            }
            for q in queries.iter_mut() {
                if let Some(n) = q.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                    out.insert(id.clone(), n);
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Possible duplicates of a case among the other cases: same ID or
    /// passport number (strong), or a similar folded name with the same birth
    /// year and home province. Dismissed pairs are left out.
    pub fn duplicates_for(&self, c: &CaseRecord) -> Result<Vec<DuplicateHit>> {
        duplicates_in(self.conn(), c)
    }

    /// Link a case to the person of another case: the same person received again.
    pub fn link_duplicate(&mut self, case_id: &str, other_case_id: &str) -> Result<()> {
        let person_of = |id: &str| -> Result<String> {
            db::one(
                self.conn(),
                "SELECT person_id FROM cases WHERE id = ?1",
                [id],
                "case",
            )
        };
        let person = person_of(other_case_id)?;
        let old_person = person_of(case_id)?;
        self.write(|tx| {
            // Every case of the old person moves to the other person.
            tx.conn.exec("UPDATE cases SET person_id = ?1 WHERE person_id = ?2", params![person, old_person])?;
            let Json(data) = tx.conn.row("SELECT data FROM cases WHERE id = ?1", [case_id], |r| r.get(0))?;
            let mut rec: CaseRecord = db::decode(&data)?;
            rec.person_id = person.clone();
            tx.conn.exec(
                "UPDATE cases SET data = ?2 WHERE id = ?1",
                params![case_id, Packed::json(&rec.stored_json())],
            )?;
            tx.conn.exec(
                "DELETE FROM persons WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM cases WHERE person_id = ?1)",
                [&old_person],
            )?;
            tx.audit(action::DUPLICATE_LINKED, case_id, json!({"other": other_case_id}))
        })
    }

    /// Record that two cases are different people; the alert is not raised again.
    pub fn dismiss_duplicate(&mut self, case_id: &str, other_case_id: &str) -> Result<()> {
        self.dismiss_duplicate_because(case_id, other_case_id, "")
    }

    /// Record that two cases are different people, with the officer's reason
    /// (kept with the pair; the audit log says only that a reason was given).
    pub fn dismiss_duplicate_because(
        &mut self,
        case_id: &str,
        other_case_id: &str,
        reason: &str,
    ) -> Result<()> {
        let (a, b) = if case_id < other_case_id {
            (case_id, other_case_id)
        } else {
            (other_case_id, case_id)
        };
        let reason = text::clean_text(reason);
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO duplicate_dismissals (case_a, case_b, dismissed_by, dismissed_at, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(case_a, case_b) DO UPDATE SET reason = excluded.reason",
                params![a, b, tx.actor(), now_iso(), reason],
            )?;
            tx.audit(
                action::DUPLICATE_DISMISSED,
                case_id,
                json!({"other": other_case_id, "reason_given": !reason.is_empty()}),
            )
        })
    }

    /// Rebuild the Vietnamese sort keys when the collation changed (after an
    /// upgrade): they live only in the indexes on `tn_sort_key(full_name)`,
    /// which are built again.
    pub fn refresh_sort_keys(&mut self) -> Result<()> {
        if self.setting("sort_key_version")?.as_deref() == Some(text::SORT_KEY_VERSION) {
            return Ok(());
        }
        self.write(|tx| {
            tx.conn
                .execute_batch("REINDEX cases_name_sort; REINDEX cases_status;")?;
            db::put_setting(tx.conn, "sort_key_version", text::SORT_KEY_VERSION)
        })
    }
}

/// A record that does not pass validation is not stored (the error names
/// the fields and their problems, never their values).
fn refuse_invalid(c: &CaseRecord) -> Result<()> {
    let problems = case::validate(c, crate::clock::today());
    if problems.is_empty() {
        return Ok(());
    }
    Err(VaultError::Invalid(format!(
        "the case is not valid: {}",
        problems
            .iter()
            .map(|p| format!("{} ({})", p.field, p.problem.key()))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

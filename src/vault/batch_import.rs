//! Importing a handover list into a reception batch.
//!
//! The preview (`domain::handover_list::preview`) is completed here with the
//! duplicates among stored cases ([`add_vault_duplicates`]: the same CCCD or
//! passport number, a similar name with the same birth year and home
//! province — `cases::duplicates_in`, the case form's check — and the same
//! folded name with the same birth year). Nothing is written until
//! [`Vault::import_list`], which creates a new batch or adds to an existing
//! one and creates every case in ONE transaction through the batch table's
//! own path (`cases::insert_batch` / `cases::insert_people`), with ONE
//! `list_imported` audit event that names the file by its SHA-256 and
//! counts — never its content or a name. The mapping is remembered for the
//! unit and the list's columns for the batch, in the same transaction, so
//! the list can be written back in its own columns ([`Vault::list_back`]).
//!
//! The sequence a caller (the window's preview screen, `tiepnhan batch import`) follows:
//!
//! ```text
//! let book = export::sheet_reader::read_bytes(&bytes, sheet)?;      // file -> Grid (+ sheet names)
//! let conv = handover_list::convert(&book.grid, LegacyChoice::Auto); // TCVN3/VNI -> Unicode
//! let mut mapping = handover_list::propose(&conv.grid);              // headers -> fields
//! let headers = handover_list::header_labels(&conv.grid, &mapping);
//! if let Some(r) = vault.remembered_mapping()? { mapping.apply_remembered(&headers, &r); }
//! // the officer changes columns: mapping.columns[i] = Some(Field::…) / apply_overrides
//! let mut preview = handover_list::preview_converted(&conv, &mapping, &batch_header, today);
//! vault.list_duplicates(&mut preview)?;                              // + stored cases
//! // show preview.rows (problems, flags, duplicates), preview.conversions; on confirm:
//! vault.import_list(ImportRequest { preview: &preview, target, sha256: &sha256_hex(&bytes),
//!                                   format: book.format.key(), skip_invalid })?;
//! ```

use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::cases::{self, DuplicateHit};
use super::db::{self, Cached};
use super::{Result, Tx, Vault, VaultError};
use crate::domain::audit::action;
use crate::domain::batch::BatchRecord;
use crate::domain::case::CaseRecord;
use crate::domain::dedupe::MatchKind;
use crate::domain::handover_list::{
    self, ListColumn, ListTable, Preview, Remembered, RowDuplicate,
};
use crate::domain::text;

/// The settings key of the unit's remembered mapping.
pub const MAPPING_SETTING: &str = "handover_list.mapping";

/// The settings key of a batch's list columns.
pub fn columns_setting(batch_id: &str) -> String {
    format!("handover_list.columns/{batch_id}")
}

/// The SHA-256 of a file, in hex (what the audit event names).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Cases with the same folded name and the same birth year.
fn same_name_and_year(conn: &Connection, c: &CaseRecord) -> Result<Vec<DuplicateHit>> {
    let Some(year) = c.birth_year_approx() else {
        return Ok(Vec::new());
    };
    let folded = text::fold(&c.identity.full_name);
    let tokens: Vec<&str> = folded
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let query = tokens
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" ");
    // The index match first, then its rows by rowid: a join would let the
    // planner walk every case of that birth year and run the match for each.
    let mut s = conn.prepare_cached(
        "SELECT c.id, c.number, c.full_name, c.received_on, c.birth_year, c.home_province
         FROM cases c
         WHERE c.rid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?1 LIMIT 2000)
           AND c.birth_year = ?2
         LIMIT 200",
    )?;
    let rows = s.query_map(params![query, year], |r| {
        DuplicateHit::from_row(r, MatchKind::SimilarName, 100, false)
    })?;
    let mut out = Vec::new();
    for h in rows {
        let h = h?;
        if text::fold(&h.full_name) == folded {
            out.push(h);
        }
    }
    Ok(out)
}

/// Add to each row of a preview the stored cases it may be.
pub fn add_vault_duplicates(conn: &Connection, preview: &mut Preview) -> Result<()> {
    for row in &mut preview.rows {
        let probe = row.probe();
        let mut hits = cases::duplicates_in(conn, &probe)?;
        for h in same_name_and_year(conn, &probe)? {
            if !hits.iter().any(|x| x.case_id == h.case_id) {
                hits.push(h);
            }
        }
        row.duplicates
            .extend(hits.into_iter().map(|h| RowDuplicate::Vault {
                case_id: h.case_id,
                case_number: h.number,
                full_name: h.full_name,
                kind: h.kind,
                score: h.score,
            }));
    }
    Ok(())
}

/// Where the list's people go.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A new batch with this header (date and time, gate, handing-over party…).
    New(BatchRecord),
    /// An existing batch, by id.
    Existing(String),
}

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub preview: &'a Preview,
    pub target: Target,
    /// The file's SHA-256 in hex ([`sha256_hex`]).
    pub sha256: &'a str,
    /// "xlsx", "csv"…
    pub format: &'a str,
    /// Import the valid rows and leave out the others (otherwise any row
    /// with a problem refuses the whole list).
    pub skip_invalid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedRow {
    /// The sheet row the case came from.
    pub line: usize,
    pub case_id: String,
    pub case_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub batch_id: String,
    pub batch_number: String,
    pub created: Vec<ImportedRow>,
    /// Rows left out for their problems (with `skip_invalid`).
    pub skipped: usize,
}

fn load_batch(conn: &Connection, id: &str) -> Result<BatchRecord> {
    db::json_row(
        conn,
        "SELECT data FROM batches WHERE id = ?1",
        [id],
        "batch",
    )
}

/// The import inside a transaction (see [`Vault::import_list`]).
pub fn import_in(tx: &mut Tx<'_>, req: ImportRequest<'_>, prefix: &str) -> Result<Imported> {
    let p = req.preview;
    let invalid = p.rows.iter().filter(|r| !r.is_valid()).count();
    if invalid > 0 && !req.skip_invalid {
        return Err(VaultError::Invalid(format!(
            "{invalid} of {} rows of the list have problems; nothing was imported",
            p.rows.len()
        )));
    }
    let (lines, mut people): (Vec<usize>, Vec<CaseRecord>) = p
        .rows
        .iter()
        .filter(|r| r.is_valid())
        .filter_map(|r| r.case.clone().map(|c| (r.line, c)))
        .unzip();
    if people.is_empty() {
        return Err(VaultError::Invalid("the list has no row to import".into()));
    }
    let batch = match req.target {
        Target::New(mut b) => {
            // The unit's clock, as the batch table checks the header.
            let errors = b.validate(crate::clock::now());
            if !errors.is_empty() {
                let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
                return Err(VaultError::Invalid(format!(
                    "the batch needs: {}",
                    fields.join(", ")
                )));
            }
            cases::insert_batch(tx, &mut b, &mut people, prefix)?;
            b
        }
        Target::Existing(id) => {
            let b = load_batch(tx.conn, &id)?;
            cases::insert_people(tx, &b, &mut people, prefix)?;
            b
        }
    };
    let remembered = p.mapping.remember(&p.headers);
    db::put_setting(
        tx.conn,
        MAPPING_SETTING,
        &serde_json::to_string(&remembered).expect("serialises"),
    )?;
    let key = columns_setting(&batch.id);
    if !tx
        .conn
        .any("SELECT 1 FROM settings WHERE key = ?1", [&key])?
    {
        let columns = handover_list::list_columns(p);
        db::put_setting(
            tx.conn,
            &key,
            &serde_json::to_string(&columns).expect("serialises"),
        )?;
    }
    tx.audit(
        action::LIST_IMPORTED,
        &batch.id,
        json!({
            "sha256": req.sha256,
            "format": req.format,
            "rows": p.rows.len(),
            "created": people.len(),
            "skipped": invalid,
            "converted": p.converted_rows(),
            "legacy": p.detection.legacy.map(|l| l.key()),
        }),
    )?;
    Ok(Imported {
        batch_id: batch.id.clone(),
        batch_number: batch.number.clone(),
        created: lines
            .into_iter()
            .zip(&people)
            .map(|(line, c)| ImportedRow {
                line,
                case_id: c.id.clone(),
                case_number: c.number.clone(),
            })
            .collect(),
        skipped: invalid,
    })
}

impl Vault {
    /// The mapping remembered from the unit's last imported list.
    pub fn remembered_mapping(&self) -> Result<Option<Remembered>> {
        Ok(self
            .setting(MAPPING_SETTING)?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Add the stored cases each row may be (see [`add_vault_duplicates`]).
    pub fn list_duplicates(&self, preview: &mut Preview) -> Result<()> {
        add_vault_duplicates(self.conn(), preview)
    }

    /// Create the list's cases in one transaction (see the module docs).
    pub fn import_list(&mut self, req: ImportRequest<'_>) -> Result<Imported> {
        let prefix = self.case_prefix();
        self.write(|tx| import_in(tx, req, &prefix))
    }

    /// A batch's id and header by its number.
    pub fn batch_by_number(&self, number: &str) -> Result<BatchRecord> {
        let id = self.batch_id_by_number(number)?;
        load_batch(self.conn(), &id)
    }

    /// The batch's people as the handover list they came with (its columns,
    /// or the default ones), with their case numbers; audited as an export.
    pub fn list_back(&mut self, batch_id: &str) -> Result<(BatchRecord, ListTable)> {
        let batch = load_batch(self.conn(), batch_id)?;
        let columns: Vec<ListColumn> = self
            .setting(&columns_setting(batch_id))?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_else(handover_list::default_columns);
        let ids: Vec<String> = {
            let mut s = self
                .conn()
                .prepare_cached("SELECT id FROM cases WHERE batch_id = ?1 ORDER BY seq")?;
            s.query_map([batch_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let people: Vec<CaseRecord> = ids
            .iter()
            .map(|id| self.read_case(id).map(|v| v.record))
            .collect::<Result<_>>()?;
        let table = handover_list::list_back(&columns, &people);
        self.audit_access(
            action::EXPORT,
            batch_id,
            json!({"kind": "handover_list", "format": "xlsx", "people": people.len()}),
        )?;
        Ok((batch, table))
    }
}

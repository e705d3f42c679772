//! Organisations as data (agencies, gates, the unit's letterhead, users'
//! rank and post), issued papers (number and date fixed at issue, the data
//! kept so a reprint is the same paper) and the handover of people who are
//! not victims. Changes are administrators' (checked here) and audited.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::case::Status;
use crate::domain::org::{Agency, CitizenHandover, Gate};
use crate::domain::papers::{AgencyKind, GateKind, Letterhead, PaperKind, Person};
use crate::domain::{places, text};
use crate::vault::db::{self, Cached};

const LETTERHEAD_KEY: &str = "letterhead";

/// A paper as issued: its number and date and the data it is laid out from.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedPaper {
    pub kind: PaperKind,
    pub record_id: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub data: Value,
}

fn date_col(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| crate::domain::dates::parse_iso(&s))
}

fn agency_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Agency> {
    Ok(Agency {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        address: r.get(3)?,
        active: r.get::<_, i64>(4)? != 0,
        contact: r.get(5)?,
        phone: r.get(6)?,
        province_code: r.get(7)?,
        valid_from: date_col(r.get(8)?),
        valid_to: date_col(r.get(9)?),
    })
}

pub(crate) const AGENCY_COLUMNS: &str =
    "id, name, kind, address, active, contact, phone, province_code, valid_from, valid_to";

pub(crate) fn read_agencies(conn: &rusqlite::Connection) -> Result<Vec<Agency>> {
    let mut s = conn.prepare_cached(&format!(
        "SELECT {AGENCY_COLUMNS} FROM agencies ORDER BY id"
    ))?;
    let rows = s.query_map([], agency_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn read_gates(conn: &rusqlite::Connection) -> Result<Vec<Gate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, is_other, active, kind, province_code FROM gates ORDER BY sort, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Gate {
            id: r.get(0)?,
            name: r.get(1)?,
            is_other: r.get::<_, i64>(2)? != 0,
            active: r.get::<_, i64>(3)? != 0,
            kind: r.get(4)?,
            province_code: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The paper issued for a record, if it was, read on `conn` (inside a
/// transaction too).
pub(crate) fn issued_paper_in(
    conn: &rusqlite::Connection,
    kind: PaperKind,
    record_id: &str,
) -> Result<Option<IssuedPaper>> {
    let row: Option<(String, String, String)> = conn
        .row(
            "SELECT number, issued_on, data FROM papers WHERE kind = ?1 AND record_id = ?2",
            params![kind.key(), record_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    row.map(|(number, on, data)| {
        Ok(IssuedPaper {
            kind,
            record_id: record_id.to_string(),
            number,
            issued_on: crate::domain::dates::parse_iso(&on)
                .ok_or_else(|| VaultError::Corrupt("a paper's date".into()))?,
            data: serde_json::from_str(&data).map_err(|e| VaultError::Corrupt(e.to_string()))?,
        })
    })
    .transpose()
}

impl Vault {
    /// The agencies that can be chosen for an act on `d` (a new referral,
    /// a handover): active and in force then.
    pub fn agencies_valid_on(&self, d: NaiveDate) -> Result<Vec<Agency>> {
        Ok(self
            .agencies()?
            .into_iter()
            .filter(|a| a.valid_on(d))
            .collect())
    }

    /// Add (id 0) or change an agency (administrators). A retired agency
    /// keeps its row: old papers still name it.
    pub fn save_agency(&mut self, a: &Agency) -> Result<i64> {
        self.require_admin()?;
        let known = AgencyKind::from_key(&a.kind).is_some();
        let name = org_name("agency", &a.name, &a.kind, known)?;
        if let (Some(f), Some(t)) = (a.valid_from, a.valid_to)
            && t < f
        {
            return Err(VaultError::Invalid(
                "the agency's end date is before its start date".into(),
            ));
        }
        known_province(a.province_code)?;
        let clash: Option<i64> = self
            .conn()
            .row(
                "SELECT id FROM agencies WHERE name = ?1 AND id <> ?2",
                params![name, a.id],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(VaultError::Invalid("another agency has this name".into()));
        }
        let vals = (
            name,
            a.kind.clone(),
            text::clean_line(&a.address),
            a.active,
            text::clean_line(&a.contact),
            text::clean_line(&a.phone),
            a.province_code,
            a.valid_from.map(|d| d.to_string()),
            a.valid_to.map(|d| d.to_string()),
        );
        let existing = a.id != 0;
        if existing {
            self.agency(a.id)?;
        }
        self.write(|tx| {
            let id = if existing {
                tx.conn.exec(
                    "UPDATE agencies SET name = ?2, kind = ?3, address = ?4, active = ?5, contact = ?6,
                     phone = ?7, province_code = ?8, valid_from = ?9, valid_to = ?10 WHERE id = ?1",
                    params![a.id, vals.0, vals.1, vals.2, vals.3, vals.4, vals.5, vals.6, vals.7, vals.8],
                )?;
                a.id
            } else {
                tx.conn.exec(
                    "INSERT INTO agencies (name, kind, address, active, contact, phone, province_code, valid_from, valid_to)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![vals.0, vals.1, vals.2, vals.3, vals.4, vals.5, vals.6, vals.7, vals.8],
                )?;
                tx.conn.last_insert_rowid()
            };
            tx.audit(
                action::SETTINGS_CHANGED,
                "agencies",
                json!({"fields": ["agencies"], "record": id.to_string(), "new": !existing}),
            )?;
            Ok(id)
        })
    }

    /// Add (id 0) or change a gate (administrators).
    pub fn save_gate(&mut self, g: &Gate) -> Result<i64> {
        self.require_admin()?;
        let name = org_name(
            "gate",
            &g.name,
            &g.kind,
            GateKind::from_key(&g.kind).is_some(),
        )?;
        known_province(g.province_code)?;
        let existing = g.id != 0;
        if existing && !self.gates()?.iter().any(|x| x.id == g.id) {
            return Err(VaultError::NotFound("gate".into()));
        }
        self.write(|tx| {
            let id = if existing {
                tx.conn.exec(
                    "UPDATE gates SET name = ?2, kind = ?3, province_code = ?4, active = ?5 WHERE id = ?1",
                    params![g.id, name, g.kind, g.province_code, g.active],
                )?;
                g.id
            } else {
                tx.conn.exec(
                    "INSERT INTO gates (name, kind, province_code, active, sort)
                     VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(sort), 0) + 1 FROM gates WHERE sort < 99))",
                    params![name, g.kind, g.province_code, g.active],
                )?;
                tx.conn.last_insert_rowid()
            };
            tx.audit(
                action::SETTINGS_CHANGED,
                "gates",
                json!({"fields": ["gates"], "record": id.to_string(), "new": !existing}),
            )?;
            Ok(id)
        })
    }

    /// The letterhead as set by an administrator (fields may be empty).
    pub fn letterhead_setting(&self) -> Result<Letterhead> {
        Ok(self
            .setting(LETTERHEAD_KEY)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// The letterhead papers print: empty fields filled from the unit.
    pub fn letterhead(&self) -> Result<Letterhead> {
        let unit = self.unit()?;
        let province = unit
            .province_code
            .and_then(places::province)
            .map(|p| p.short_name().to_string())
            .unwrap_or_default();
        Ok(self
            .letterhead_setting()?
            .resolved(&unit.name, &unit.code, &province))
    }

    /// Set the letterhead (administrators; audited with the field names).
    pub fn set_letterhead(&mut self, l: &Letterhead) -> Result<()> {
        let l = l.cleaned();
        let capitals = l.typed_in_capitals();
        if !capitals.is_empty() {
            return Err(VaultError::Invalid(format!(
                "typed in capitals (type them as in a sentence; the header prints capitals): {}",
                capitals.join(", ")
            )));
        }
        if !l.default_signer.is_empty() {
            self.user_id_of(&l.default_signer)?;
        }
        let value = serde_json::to_string(&l).map_err(|e| VaultError::Invalid(e.to_string()))?;
        self.set_setting(LETTERHEAD_KEY, &value)
    }

    fn user_id_of(&self, username: &str) -> Result<String> {
        let sql = "SELECT id FROM users WHERE username = ?1";
        db::one(self.conn(), sql, [username], &format!("user {username}"))
    }

    /// Every user as papers name them (display name, rank, post), by username.
    pub fn people(&self) -> Result<HashMap<String, Person>> {
        let mut s = self
            .conn()
            .prepare_cached("SELECT username, display_name, rank, post FROM users")?;
        let rows = s.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Person {
                    name: r.get(1)?,
                    rank: r.get(2)?,
                    post: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Set a user's rank ("Thiếu tá") and post ("Phó Đồn trưởng") for
    /// signer blocks (administrators; audited with the field names).
    pub fn set_user_title(&mut self, username: &str, rank: &str, post: &str) -> Result<()> {
        self.require_admin()?;
        let id = self.user_id_of(username)?;
        let (rank, post) = (text::clean_line(rank), text::clean_line(post));
        let ts = now_iso();
        self.write(|tx| {
            tx.conn.exec(
                "UPDATE users SET rank = ?2, post = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, rank, post, ts],
            )?;
            tx.audit(
                action::USER_CHANGED,
                &id,
                json!({"fields": ["rank", "post"]}),
            )
        })
    }

    /// The paper issued for a record, if it was.
    pub fn issued_paper(&self, kind: PaperKind, record_id: &str) -> Result<Option<IssuedPaper>> {
        issued_paper_in(self.conn(), kind, record_id)
    }

    /// Issue a paper: the next number of its year and type (Decree 30:
    /// "12/BB-ĐMB", or blank for the records office), its date, and the
    /// data it is laid out from (with `number` set) kept for reprints.
    /// Issuing twice returns the first issue. Audited (kind and number).
    pub fn issue_paper(
        &mut self,
        kind: PaperKind,
        record_id: &str,
        on: NaiveDate,
        mut data: Value,
        letterhead: &Letterhead,
    ) -> Result<IssuedPaper> {
        if let Some(p) = self.issued_paper(kind, record_id)? {
            return Ok(p);
        }
        let year = on.year();
        let ts = now_iso();
        let record = record_id.to_string();
        let number = self.write(|tx| {
            let seq: i64 = tx.conn.row(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM papers WHERE symbol = ?1 AND year = ?2",
                params![kind.symbol(), year],
                |r| r.get(0),
            )?;
            let number = letterhead.number(kind, Some(seq));
            if let Some(o) = data.as_object_mut() {
                o.insert("number".into(), Value::String(number.clone()));
            }
            let actor = tx.actor().to_string();
            tx.conn.exec(
                "INSERT INTO papers (kind, record_id, symbol, year, seq, number, issued_on, data, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    kind.key(),
                    record,
                    kind.symbol(),
                    year,
                    seq,
                    number,
                    on.to_string(),
                    data.to_string(),
                    actor,
                    ts
                ],
            )?;
            tx.audit(
                action::PAPER_ISSUED,
                &record,
                json!({"what": kind.key(), "record": number}),
            )?;
            Ok(number)
        })?;
        Ok(IssuedPaper {
            kind,
            record_id: record_id.to_string(),
            number,
            issued_on: on,
            data,
        })
    }

    /// The id of the batch with a number.
    pub fn batch_id_by_number(&self, number: &str) -> Result<String> {
        let (sql, number) = ("SELECT id FROM batches WHERE number = ?1", number.trim());
        db::one(self.conn(), sql, [number], &format!("batch {number}"))
    }

    /// The handovers of people who are not victims recorded for a batch.
    pub fn citizen_handovers_of(&self, batch_id: &str) -> Result<Vec<CitizenHandover>> {
        let sql = "SELECT data FROM citizen_handovers WHERE batch_id = ?1 ORDER BY rid";
        db::json_rows(self.conn(), sql, [batch_id])
    }

    pub fn citizen_handover(&self, id: &str) -> Result<CitizenHandover> {
        let sql = "SELECT data FROM citizen_handovers WHERE id = ?1";
        db::json_row(self.conn(), sql, [id], "handover")
    }

    /// Record that people of a batch who are not victims were handed to one
    /// receiver (one record per receiver). Refuses people of another batch,
    /// people already handed over, suspected victims (they are referred),
    /// an agency that is retired on the day or does not receive citizens,
    /// and a closing time before the opening (or without it). Their cases
    /// become "handed over". Audited.
    pub fn record_citizen_handover(&mut self, h: &mut CitizenHandover) -> Result<()> {
        let exists: i64 = self.conn().row(
            "SELECT count(*) FROM batches WHERE id = ?1",
            [&h.batch_id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            return Err(VaultError::NotFound("batch".into()));
        }
        if h.case_ids.is_empty() {
            return Err(VaultError::Invalid("nobody to hand over".into()));
        }
        match (h.started_at, h.ended_at) {
            (None, Some(_)) => {
                return Err(VaultError::Invalid(
                    "a closing time needs the opening time".into(),
                ));
            }
            (Some(s), Some(e)) if e < s => {
                return Err(VaultError::Invalid(
                    "the handover ends before it starts".into(),
                ));
            }
            _ => {}
        }
        let day = h
            .started_at
            .map(|t| t.date())
            .unwrap_or_else(crate::clock::today);
        if let Some(aid) = h.agency_id {
            let a = self.agency(aid)?;
            if !a.valid_on(day) {
                return Err(VaultError::Invalid(format!(
                    "{} is not in force on {}",
                    a.name,
                    crate::domain::dates::format_dmy(day)
                )));
            }
            if !a.kind().receives_citizens() {
                return Err(VaultError::Invalid(format!(
                    "{} does not receive citizens who are not victims (refer a victim instead)",
                    a.name
                )));
            }
            if h.receiver.trim().is_empty() {
                h.receiver = a.name.clone();
            }
        }
        h.receiver = text::clean_line(&h.receiver);
        if h.receiver.is_empty() {
            return Err(VaultError::Invalid("the receiver is required".into()));
        }
        let already: std::collections::HashSet<String> = self
            .citizen_handovers_of(&h.batch_id)?
            .into_iter()
            .flat_map(|x| x.case_ids)
            .collect();
        for id in &h.case_ids {
            let row: Option<(String, Option<String>)> = self
                .conn()
                .row(
                    "SELECT batch_id, decision FROM cases WHERE id = ?1",
                    [id],
                    |r| {
                        Ok((
                            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                            r.get(1)?,
                        ))
                    },
                )
                .optional()?;
            match row {
                None => return Err(VaultError::NotFound("case".into())),
                Some((b, _)) if b != h.batch_id => {
                    return Err(VaultError::Invalid(
                        "a person of another batch cannot be on this record".into(),
                    ));
                }
                Some((_, Some(d))) if d == "suspected_victim" => {
                    return Err(VaultError::Invalid(
                        "a suspected victim is referred, not handed over as a citizen".into(),
                    ));
                }
                _ => {}
            }
            if already.contains(id) {
                return Err(VaultError::Invalid(
                    "a person on the list was already handed over".into(),
                ));
            }
        }
        for p in [&mut h.receiver_person, &mut h.giver_person] {
            p.name = text::clean_line(&p.name);
            p.rank = text::clean_line(&p.rank);
            p.post = text::clean_line(&p.post);
        }
        h.place = text::clean_line(&h.place);
        h.notes = text::clean_text(&h.notes);
        h.id = uuid::Uuid::now_v7().to_string();
        h.created_by = self.user().username.clone();
        let ts = now_iso();
        let data = serde_json::to_string(&*h).map_err(|e| VaultError::Invalid(e.to_string()))?;
        let handed = Status::HandedOver;
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO citizen_handovers (id, batch_id, agency_id, data, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![h.id, h.batch_id, h.agency_id, data, h.created_by, ts],
            )?;
            for id in &h.case_ids {
                let cur: String =
                    tx.conn
                        .row("SELECT status FROM cases WHERE id = ?1", [id], |x| x.get(0))?;
                if Status::from_key(&cur).unwrap_or_default().rank() < handed.rank() {
                    tx.conn.exec(
                        "UPDATE cases SET status = ?2 WHERE id = ?1",
                        params![id, handed.key()],
                    )?;
                }
            }
            tx.audit(
                action::CITIZENS_HANDED_OVER,
                &h.batch_id,
                json!({"record": h.id, "people": h.case_ids.len(), "to": h.agency_id}),
            )
        })
    }
}

/// The name of an agency or a gate (`what`), cleaned; refused when it is
/// empty or its kind is not `known`.
fn org_name(what: &str, name: &str, kind: &str, known: bool) -> Result<String> {
    let name = text::clean_line(name);
    if name.is_empty() {
        return Err(VaultError::Invalid(format!("the {what} needs a name")));
    }
    if !known {
        return Err(VaultError::Invalid(format!("unknown {what} kind '{kind}'")));
    }
    Ok(name)
}

/// A province code, when given, is one of the provinces.
fn known_province(code: Option<u32>) -> Result<()> {
    match code {
        Some(p) if places::province(p).is_none() => {
            Err(VaultError::Invalid(format!("no province with code {p}")))
        }
        _ => Ok(()),
    }
}

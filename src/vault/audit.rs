//! Appending to and verifying the audit chain.

use crate::vault::db::Cached;
use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::error::Result;
use crate::domain::audit::{canonical, chain_hash, genesis};

/// Append one event; returns its sequence number and hash. Call inside the
/// transaction that makes the change it records.
pub fn append(
    conn: &Connection,
    vault_id: &str,
    actor: &str,
    action: &str,
    target: &str,
    details: &serde_json::Value,
) -> Result<(i64, [u8; 32])> {
    let last: Option<(i64, Vec<u8>)> = conn
        .row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, genesis(vault_id).to_vec()),
    };
    let ts = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let details = details.to_string();
    let hash = chain_hash(&prev, &canonical(seq, &ts, actor, action, target, &details));
    let inserted = conn.exec(
        "INSERT INTO audit (seq, ts, actor, action, target, details, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, ts, actor, action, target, details, hash.to_vec()],
    );
    if let Err(e) = inserted {
        // A vault not yet migrated by 0090 (an integrity check runs before
        // the first sign-in) still has the column of the previous hash, which
        // refuses the row above; only then is the schema looked at.
        if !conn.any(
            "SELECT 1 FROM pragma_table_info('audit') WHERE name = 'prev_hash'",
            [],
        )? {
            return Err(e.into());
        }
        conn.exec(
            "INSERT INTO audit (seq, ts, actor, action, target, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![seq, ts, actor, action, target, details, prev, hash.to_vec()],
        )?;
    }
    Ok((seq, hash))
}

/// The newest event's sequence number and hash.
pub fn head(conn: &Connection) -> Result<Option<(i64, Vec<u8>)>> {
    Ok(conn
        .row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Broken {
    pub seq: i64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub events: i64,
    pub head_seq: i64,
    pub broken: Option<Broken>,
}

/// Walk the whole chain; report the first broken sequence number. With the
/// anchor (seq, hash) from the keyring, also detect removed trailing events
/// and a database rolled back to an older copy.
pub fn verify(
    conn: &Connection,
    vault_id: &str,
    anchor: Option<(i64, &[u8])>,
) -> Result<ChainReport> {
    let mut stmt = conn.prepare(&format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = genesis(vault_id).to_vec();
    let mut events = 0i64;
    let mut broken = None;
    let mut anchor_seen = false;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let ts: String = r.get(1)?;
        let actor: String = r.get(2)?;
        let action: String = r.get(3)?;
        let target: String = r.get(4)?;
        let details: String = r.get(5)?;
        let hash: Vec<u8> = r.get(6)?;
        events += 1;
        if seq != expected_seq {
            broken = Some(Broken {
                seq: expected_seq,
                reason: format!("event #{expected_seq} is missing"),
            });
            break;
        }
        let computed = chain_hash(
            &prev,
            &canonical(seq, &ts, &actor, &action, &target, &details),
        );
        if computed[..] != hash[..] {
            broken = Some(Broken {
                seq,
                reason: format!("event #{seq} was altered"),
            });
            break;
        }
        if let Some((aseq, ahash)) = anchor
            && aseq == seq
        {
            anchor_seen = true;
            if ahash != &hash[..] {
                broken = Some(Broken {
                    seq,
                    reason: format!("event #{seq} differs from the anchor kept in keyring.json"),
                });
                break;
            }
        }
        prev = hash;
        expected_seq += 1;
    }
    let head_seq = expected_seq - 1;
    if broken.is_none()
        && let Some((aseq, _)) = anchor
        && !anchor_seen
        && aseq > head_seq
    {
        broken = Some(Broken {
            seq: head_seq + 1,
            reason: format!(
                "the audit log ends at #{head_seq} but keyring.json anchors #{aseq}: \
                 events were removed or the database was replaced by an older copy"
            ),
        });
    }
    Ok(ChainReport {
        events,
        head_seq,
        broken,
    })
}

/// A finding about the audit log or its anchors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFinding {
    /// `audit_chain` (an event altered, missing or removed) or `anchor`
    /// (an anchor missing, forged or rolled back).
    pub kind: &'static str,
    pub message: String,
    pub seq: Option<i64>,
}

fn hash_at(conn: &Connection, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?)
}

/// The anchor an administrator sealed, and the one the data key keeps.
const SEALED: (&str, &str) = ("an administrator sealed", "an administrator sealed");
const KEPT: (&str, &str) = ("keyring.json anchors", "kept in keyring.json");

/// An anchor (`seq`, `hash`) that the log contradicts: the log ends before
/// it (events removed, or an older copy of the database), or its event
/// differs. `whose` names the anchor in the message: who holds it, and the
/// anchor itself.
fn anchor_broken(
    conn: &Connection,
    head_seq: i64,
    seq: i64,
    hash: &[u8],
    whose: (&str, &str),
) -> Result<Option<AuditFinding>> {
    let (holder, anchor) = whose;
    Ok(if seq > head_seq {
        Some(AuditFinding {
            kind: "audit_chain",
            message: format!(
                "the audit log ends at #{head_seq} but {holder} #{seq}: \
                 events were removed or the database was replaced by an older copy"
            ),
            seq: Some(head_seq + 1),
        })
    } else if hash_at(conn, seq)?.as_deref() != Some(hash) {
        Some(AuditFinding {
            kind: "audit_chain",
            message: format!("event #{seq} differs from the anchor {anchor}"),
            seq: Some(seq),
        })
    } else {
        None
    })
}

/// Verify the chain and both anchors: the data-key anchor (the head at the
/// last write, which no one without a password can forge) and the anchor
/// sealed with the administrators' key (which no officer can forge). With
/// `since_sealed`, only the events after the sealed anchor are re-hashed
/// (what an unlock does); otherwise the whole chain (`check`). A missing,
/// forged or rolled-back anchor is a finding, never re-anchored. Nothing
/// here relies on the append-only triggers.
pub fn verify_anchored(
    conn: &Connection,
    kr: &super::keyring::Keyring,
    key: &super::keyring::DataKey,
    since_sealed: bool,
) -> Result<Vec<AuditFinding>> {
    let mut out = Vec::new();
    let head = head(conn)?;
    let head_seq = head.as_ref().map(|h| h.0).unwrap_or(0);
    let finding =
        |kind: &'static str, message: String, seq: Option<i64>| AuditFinding { kind, message, seq };
    // The anchor sealed by an administrator.
    let mut sealed_ok: Option<(i64, Vec<u8>)> = None;
    let mut anchor_findings = Vec::new();
    if !kr.admin_keys.is_empty() {
        match super::state::verify_sealed_anchor(kr) {
            Err(m) => anchor_findings.push(finding("anchor", m, None)),
            Ok(None) => anchor_findings.push(finding(
                "anchor",
                "keyring.json holds no audit anchor sealed by an administrator (it was removed)"
                    .into(),
                None,
            )),
            Ok(Some((seq, hash))) => match anchor_broken(conn, head_seq, seq, &hash, SEALED)? {
                Some(f) => anchor_findings.push(f),
                None => sealed_ok = Some((seq, hash)),
            },
        }
    }
    // The data-key anchor: the head at the last write.
    match kr.verified_anchor(key) {
        Err(m) => anchor_findings.push(finding("anchor", m, None)),
        Ok(None) => anchor_findings.push(finding(
            "anchor",
            "keyring.json holds no audit anchor (it was removed)".into(),
            None,
        )),
        Ok(Some((aseq, ahash))) => {
            let pending = kr.verified_pending_anchor(key);
            if let Some(f) = anchor_broken(conn, head_seq, aseq, &ahash, KEPT)? {
                anchor_findings.push(f);
            } else if aseq < head_seq {
                let head_hash = head.as_ref().map(|h| h.1.clone()).unwrap_or_default();
                let pending_is_head = pending
                    .as_ref()
                    .is_some_and(|(s, h)| *s == head_seq && *h == head_hash);
                if !pending_is_head {
                    anchor_findings.push(finding(
                        "anchor",
                        format!(
                            "keyring.json anchors #{aseq} but the audit log goes on to #{head_seq}: \
                             keyring.json was rolled back or replaced"
                        ),
                        Some(aseq + 1),
                    ));
                }
            }
        }
    }
    // The chain itself.
    let (start, mut prev) = match (&sealed_ok, since_sealed) {
        (Some((seq, hash)), true) => (*seq, hash.clone()),
        _ => (0, genesis(&kr.vault_id).to_vec()),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {AUDIT_COLUMNS} FROM audit WHERE seq > ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([start])?;
    let mut expected = start + 1;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let hash: Vec<u8> = r.get(6)?;
        if seq != expected {
            out.push(finding(
                "audit_chain",
                format!("event #{expected} is missing"),
                Some(expected),
            ));
            break;
        }
        let computed = chain_hash(
            &prev,
            &canonical(
                seq,
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                &r.get::<_, String>(4)?,
                &r.get::<_, String>(5)?,
            ),
        );
        if computed[..] != hash[..] {
            out.push(finding(
                "audit_chain",
                format!("event #{seq} was altered"),
                Some(seq),
            ));
            break;
        }
        prev = hash;
        expected += 1;
    }
    out.extend(anchor_findings);
    Ok(out)
}

/// Whether both append-only triggers are in place.
pub fn triggers_present(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
         AND name IN ('audit_no_update', 'audit_no_delete')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 2)
}

/// A filter over the audit log (all fields optional); dates are ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// An event of the log as listed, and as a bundle carries it (with its hash).
pub type AuditRow = crate::domain::bundle::BundleAudit;

/// The columns `audit_row` reads, in its order.
pub const AUDIT_COLUMNS: &str = "seq, ts, actor, action, target, details, hash";

/// An event from a row of `SELECT {AUDIT_COLUMNS} FROM audit`.
pub fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        ts: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        details: r.get(5)?,
        hash: hex::encode(r.get::<_, Vec<u8>>(6)?),
    })
}

fn where_clause(f: &AuditFilter) -> (String, Vec<String>) {
    let mut conds = Vec::new();
    let mut args = Vec::new();
    if let Some(a) = &f.actor {
        args.push(a.clone());
        conds.push(format!("actor = ?{}", args.len()));
    }
    if let Some(a) = &f.action {
        args.push(a.clone());
        conds.push(format!("action = ?{}", args.len()));
    }
    if let Some(d) = &f.from {
        args.push(d.clone());
        conds.push(format!("ts >= ?{}", args.len()));
    }
    if let Some(d) = &f.to {
        // Inclusive: everything before the next day.
        args.push(format!("{d}T99"));
        conds.push(format!("ts < ?{}", args.len()));
    }
    let w = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (w, args)
}

/// One page of events, newest first, and the number matching the filter.
pub fn page(
    conn: &Connection,
    f: &AuditFilter,
    offset: usize,
    limit: usize,
) -> Result<(Vec<AuditRow>, i64)> {
    let (w, args) = where_clause(f);
    let total: i64 = conn.row(
        &format!("SELECT count(*) FROM audit {w}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {AUDIT_COLUMNS} FROM audit {w}
         ORDER BY seq DESC LIMIT {limit} OFFSET {offset}"
    ))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), audit_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

/// The distinct actors and actions (for the filter pickers).
pub fn facets(conn: &Connection) -> Result<(Vec<String>, Vec<String>)> {
    let collect = |sql: &str| -> Result<Vec<String>> {
        let mut s = conn.prepare(sql)?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    };
    Ok((
        collect("SELECT DISTINCT actor FROM audit ORDER BY actor")?,
        collect("SELECT DISTINCT action FROM audit ORDER BY action")?,
    ))
}

/// One page of the log as the window lists it: the events (newest first),
/// how many match the filter, and the actors and actions to filter by.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: i64,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
}

impl super::Vault {
    /// A page of the log and the filter's choices (see `AuditPage`).
    pub fn audit_page(&self, f: &AuditFilter, offset: usize, limit: usize) -> Result<AuditPage> {
        let (rows, total) = page(self.conn(), f, offset, limit)?;
        let (actors, actions) = facets(self.conn())?;
        Ok(AuditPage {
            rows,
            total,
            actors,
            actions,
        })
    }
}

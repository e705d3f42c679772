//! `tiepnhan check`: SQLCipher page authentication, SQLite structure, the
//! audit chain and its anchor. Read-only until everything passes.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use rusqlite::Connection;

use super::keyring::{DataKey, Keyring};
use super::{OpenMode, Result, Tuning, Vault, VaultError, audit, db, db_path, migrations, rekey};
use crate::domain::audit::action;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable code: `page_hmac`, `structure`, `truncated`, `audit_chain`, `anchor`, ...
    pub kind: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
}

impl Finding {
    fn new(kind: &str, message: impl Into<String>) -> Finding {
        Finding {
            kind: kind.into(),
            message: message.into(),
            seq: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub ok: bool,
    pub findings: Vec<Finding>,
    pub audit_events: i64,
    pub schema_version: i64,
    /// The attachments held (each read back against its SHA-256).
    pub attachments: super::attachments::Totals,
}

/// Run every check. `Err` only when the credentials are refused; damage is
/// reported as findings. When all is well, the check is itself audited (and
/// failed logins since the last success are written to the log).
pub fn run(dir: &Path, username: &str, password: &str, now: DateTime<Utc>) -> Result<CheckReport> {
    run_against(dir, username, password, now, None)
}

/// As `run`, also verifying that the audit log holds the checkpoint
/// `(sequence, hash)` (from a backup, a bundle, a package or a printed page).
pub fn run_against(
    dir: &Path,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
    against: Option<&Checkpoint>,
) -> Result<CheckReport> {
    let (lock, mut kr, opened, username) = Vault::unwrap_for(dir, username, password, now)?;
    // Settle an interrupted re-key first (the file is in one key or the other).
    let keys = match rekey::open_settled(
        dir,
        &mut kr,
        &opened,
        OpenMode::ReadWrite,
        Tuning::default(),
    ) {
        Ok((conn, keys, _)) => {
            drop(conn);
            keys
        }
        Err(VaultError::KeyChanged) => return Err(VaultError::KeyChanged),
        Err(_) => opened.current.clone(),
    };
    let (mut report, conn) = inspect(dir, &kr, &keys.data, OpenMode::ReadWrite);
    if let (Some(cp), Some(c)) = (against, &conn) {
        match cp.found_in(c) {
            Ok(None) => {}
            Ok(Some(m)) => report.findings.push(Finding::new("checkpoint", m)),
            Err(e) => report
                .findings
                .push(Finding::new("checkpoint", e.to_string())),
        }
        report.ok = report.findings.is_empty();
    }
    if let (true, Some(conn)) = (report.ok, conn) {
        // Audit the check (and pending failures) like a login.
        let v = Vault::finish_login(
            dir,
            conn,
            keys,
            kr,
            &username,
            lock,
            action::INTEGRITY_CHECK,
            None,
        )?;
        v.close_quietly();
    }
    Ok(report)
}

/// A point of the audit chain kept outside the vault folder: its sequence
/// number and hash, written `SEQ:HEX` (e.g. `1234:9f86d0...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

impl Checkpoint {
    /// Parse `SEQ:HEX` (64 hex digits).
    pub fn parse(s: &str) -> std::result::Result<Checkpoint, String> {
        let (seq, hash) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| "a checkpoint is SEQUENCE:HASH".to_string())?;
        let seq: i64 = seq
            .trim()
            .parse()
            .map_err(|_| "the checkpoint's sequence is not a number".to_string())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err("a checkpoint is SEQUENCE:HASH with a 64-digit hex hash".into());
        }
        Ok(Checkpoint { seq, hash })
    }

    /// The text printed on papers and written into manifests.
    pub fn text(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }

    /// `None` when the audit log holds this event with this hash; otherwise
    /// what is wrong, in one line.
    pub fn found_in(&self, conn: &Connection) -> Result<Option<String>> {
        let h: Option<Vec<u8>> = conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [self.seq], |r| {
                r.get(0)
            })
            .ok();
        Ok(match h {
            None => Some(format!(
                "the audit log does not reach checkpoint #{}: events were removed or the database was rolled back",
                self.seq
            )),
            Some(h) if hex::encode(&h) != self.hash => Some(format!(
                "event #{} differs from the checkpoint: the audit log was rewritten",
                self.seq
            )),
            Some(_) => None,
        })
    }
}

/// Every check of the vault folder `dir` with a known keyring and data key,
/// changing nothing (a backup is inspected read-only). Returns the report and,
/// when the database opened, its connection.
pub(crate) fn inspect(
    dir: &Path,
    kr: &Keyring,
    key: &DataKey,
    mode: OpenMode,
) -> (CheckReport, Option<Connection>) {
    let mut findings = Vec::new();
    let path = db_path(dir);
    let mut report = CheckReport {
        ok: false,
        findings: Vec::new(),
        audit_events: 0,
        schema_version: 0,
        attachments: Default::default(),
    };

    match std::fs::metadata(&path) {
        Ok(m) if m.len() % 4096 != 0 => findings.push(Finding::new(
            "truncated",
            format!(
                "tiepnhan.db is {} bytes, not a whole number of 4096-byte pages: it was cut short",
                m.len()
            ),
        )),
        Ok(m) if m.len() == 0 => findings.push(Finding::new("truncated", "tiepnhan.db is empty")),
        Ok(_) => {}
        Err(_) => {
            findings.push(Finding::new("missing", "tiepnhan.db is missing"));
            report.findings = findings;
            return (report, None);
        }
    }

    let conn = match db::open(&path, key, mode, Tuning::default()) {
        Ok(c) => c,
        Err(VaultError::Corrupt(m)) => {
            findings.push(Finding::new("page_hmac", m));
            report.findings = findings;
            return (report, None);
        }
        Err(e) => {
            findings.push(Finding::new(
                "open",
                format!("the database cannot be opened: {e}"),
            ));
            report.findings = findings;
            return (report, None);
        }
    };

    // 1. Every page's HMAC.
    match conn
        .prepare("PRAGMA cipher_integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        }) {
        Ok(rows) => {
            for r in rows.into_iter().take(20) {
                findings.push(Finding::new("page_hmac", r));
            }
        }
        Err(e) => findings.push(Finding::new("page_hmac", format!("page check failed: {e}"))),
    }

    // 2. SQLite's structure (catches a file cut on a page boundary and swapped pages).
    match conn.prepare("PRAGMA quick_check").and_then(|mut s| {
        s.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    }) {
        Ok(rows) => {
            for r in rows.into_iter().filter(|r| r != "ok").take(20) {
                findings.push(Finding::new("structure", r));
            }
        }
        Err(e) => findings.push(Finding::new(
            "structure",
            format!("the database structure is damaged: {e}"),
        )),
    }

    // 3. The expected page count against the file.
    if let (Ok(pages), Ok(meta)) = (
        conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0)),
        std::fs::metadata(&path),
    ) {
        let wal_len = std::fs::metadata(dir.join("tiepnhan.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
        if wal_len == 0 && (meta.len() as i64) < pages * 4096 {
            findings.push(Finding::new(
                "truncated",
                format!("tiepnhan.db holds {} pages but its header counts {pages}: the file was cut short", meta.len() / 4096),
            ));
        }
    }

    // 4. Schema version.
    match migrations::schema_version(&conn) {
        Ok(v) => {
            report.schema_version = v;
            // An older version is no damage: the next sign-in migrates it.
            if v > migrations::MIGRATIONS.len() as i64 {
                findings.push(Finding::new(
                    "schema",
                    format!(
                        "schema version {v}: made by a newer TiepNhan (this one knows {})",
                        migrations::MIGRATIONS.len()
                    ),
                ));
            }
        }
        Err(e) => findings.push(Finding::new("schema", e.to_string())),
    }

    // 5. The whole audit chain and both anchors (the data-key anchor and
    // the one sealed by an administrator); missing, forged or rolled back
    // anchors are findings. This does not rely on the triggers.
    match audit::verify_anchored(&conn, kr, key, false) {
        Ok(found) => {
            report.audit_events = conn
                .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
                .unwrap_or(0);
            for f in found {
                findings.push(Finding {
                    kind: f.kind.into(),
                    message: if f.kind == "audit_chain" {
                        format!("audit log broken at #{}: {}", f.seq.unwrap_or(0), f.message)
                    } else {
                        f.message
                    },
                    seq: f.seq,
                });
            }
        }
        Err(e) => findings.push(Finding::new(
            "audit_chain",
            format!("the audit log cannot be read: {e}"),
        )),
    }

    // 6. The append-only triggers.
    match audit::triggers_present(&conn) {
        Ok(true) => {}
        Ok(false) => findings.push(Finding::new(
            "audit_triggers",
            "the audit log's append-only triggers were removed",
        )),
        Err(e) => findings.push(Finding::new("audit_triggers", e.to_string())),
    }
    // 7. Every attachment complete and as stored.
    let has_table = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'attachments'",
            [],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(false);
    if has_table {
        match super::attachments::verify_all(&conn) {
            Ok((totals, problems)) => {
                report.attachments = totals;
                for p in problems.into_iter().take(20) {
                    findings.push(Finding::new("attachment", p));
                }
            }
            Err(e) => findings.push(Finding::new("attachment", e.to_string())),
        }
    }
    report.ok = findings.is_empty();
    report.findings = findings;
    (report, Some(conn))
}

impl Vault {
    /// Close without a lock event (used after a headless command).
    pub fn close_quietly(mut self) {
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        self.flush_keyring();
    }
}

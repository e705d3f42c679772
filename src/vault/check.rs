//! `tiepnhan check`: SQLCipher page authentication, SQLite structure, the
//! audit chain and its anchor. Read-only until everything passes.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use rusqlite::Connection;

use super::keyring::{DataKey, Keyring};
use super::{OpenMode, Result, Tuning, Vault, VaultError, audit, db, db_path, migrations};
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
}

/// Run every check. `Err` only when the credentials are refused; damage is
/// reported as findings. When all is well, the check is itself audited (and
/// failed logins since the last success are written to the log).
pub fn run(dir: &Path, username: &str, password: &str, now: DateTime<Utc>) -> Result<CheckReport> {
    let (lock, kr, key, username) = Vault::unwrap_for(dir, username, password, now)?;
    let (report, conn) = inspect(dir, &kr, &key, OpenMode::ReadWrite);
    if let (true, Some(conn)) = (report.ok, conn) {
        // Audit the check (and pending failures) like a login.
        let v = Vault::finish_login(dir, conn, key, kr, &username, lock, action::INTEGRITY_CHECK)?;
        v.close_quietly();
    }
    Ok(report)
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
            if v != migrations::MIGRATIONS.len() as i64 {
                findings.push(Finding::new(
                    "schema",
                    format!(
                        "schema version {v}, expected {}",
                        migrations::MIGRATIONS.len()
                    ),
                ));
            }
        }
        Err(e) => findings.push(Finding::new("schema", e.to_string())),
    }

    // 5. The audit chain and its anchor.
    let anchor = match kr.verified_anchor(key) {
        Ok(a) => a,
        Err(m) => {
            findings.push(Finding::new("anchor", m));
            None
        }
    };
    match audit::verify(
        &conn,
        &kr.vault_id,
        anchor.as_ref().map(|(s, h)| (*s, h.as_slice())),
    ) {
        Ok(chain) => {
            report.audit_events = chain.events;
            if let Some(b) = chain.broken {
                findings.push(Finding {
                    kind: "audit_chain".into(),
                    message: format!("audit log broken at #{}: {}", b.seq, b.reason),
                    seq: Some(b.seq),
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

//! SIGKILL in the middle of write transactions: every acknowledged transaction
//! survives, `check` passes, nothing is half-written.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

const WRITES: usize = 30;
const ROUNDS: usize = 30;

/// The child side: unlock, then 30 audited write transactions, printing
/// `ack N` after each commit. Runs only when the parent test starts it.
#[test]
#[ignore = "child process of sigkill_during_writes"]
fn crash_child_writer() {
    let Ok(dir) = std::env::var("TIEPNHAN_CRASH_DIR") else {
        return;
    };
    let round: usize = std::env::var("TIEPNHAN_CRASH_ROUND")
        .unwrap()
        .parse()
        .unwrap();
    let mut v = unlock(Path::new(&dir), "admin");
    for i in 1..=WRITES {
        // Each transaction writes a setting and a draft that must match.
        let value = format!("{round}-{i}-{}", "v".repeat(2000));
        v.write(|tx| {
            tx.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                rusqlite::params![format!("r{round}.{i}"), value],
            )?;
            tx.conn.execute(
                "INSERT INTO drafts (user_id, slot, payload, updated_at) VALUES ('x', ?1, ?2, 'now')",
                rusqlite::params![format!("r{round}.{i}"), value],
            )?;
            tx.audit("settings_changed", "settings", serde_json::json!({"fields": ["crash"]}))
        })
        .unwrap();
        println!("ack {i}");
    }
    // Keep the process alive until killed.
    std::thread::sleep(Duration::from_secs(30));
}

#[test]
fn sigkill_during_writes_loses_nothing_acknowledged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    new_vault(&dir).close_quietly();
    let me = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..ROUNDS {
        let kill_after = 1 + (next() % (WRITES as u64 - 2)) as usize;
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "crash_child_writer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TIEPNHAN_CRASH_DIR", &dir)
            .env("TIEPNHAN_CRASH_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut acked = 0;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while acked < kill_after {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(n) = line.strip_prefix("ack ") {
                acked = n.trim().parse().unwrap();
            }
        }
        // Kill somewhere inside the next transaction.
        std::thread::sleep(Duration::from_micros(next() % 3000));
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
        assert!(
            acked >= kill_after,
            "round {round}: child stopped early after {acked}"
        );

        let v = unlock(&dir, "admin");
        for i in 1..=acked {
            let key = format!("r{round}.{i}");
            let s: Option<String> = v
                .conn()
                .query_row("SELECT value FROM settings WHERE key = ?1", [&key], |r| {
                    r.get(0)
                })
                .ok();
            let d: Option<String> = v
                .conn()
                .query_row("SELECT payload FROM drafts WHERE slot = ?1", [&key], |r| {
                    r.get(0)
                })
                .ok();
            assert!(s.is_some(), "round {round}: acknowledged write {i} lost");
            assert_eq!(s, d, "round {round}: write {i} half-written");
        }
        // Unacknowledged writes are all or nothing.
        let settings: i64 = v
            .conn()
            .query_row(
                "SELECT count(*) FROM settings WHERE key LIKE ?1",
                [format!("r{round}.%")],
                |r| r.get(0),
            )
            .unwrap();
        let drafts: i64 = v
            .conn()
            .query_row(
                "SELECT count(*) FROM drafts WHERE slot LIKE ?1",
                [format!("r{round}.%")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(settings, drafts, "round {round}");
        assert!(settings as usize >= acked);
        v.close_quietly();
        let report =
            tiepnhan::vault::check::run(&dir, "admin", PASSWORD, chrono::Utc::now()).unwrap();
        assert!(report.ok, "round {round}: {:?}", report.findings);
    }
}

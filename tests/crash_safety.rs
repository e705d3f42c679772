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
    let (_tmp, dir) = empty_vault();
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

/// The child side of the re-key test: unlock, write a marker, re-key while
/// printing each progress step. Runs only when the parent test starts it.
#[test]
#[ignore = "child process of sigkill_during_rekey"]
fn crash_child_rekeyer() {
    let Ok(dir) = std::env::var("TIEPNHAN_CRASH_DIR") else {
        return;
    };
    let round = std::env::var("TIEPNHAN_CRASH_ROUND").unwrap();
    let mut v = unlock(Path::new(&dir), "admin");
    v.set_setting(&format!("rekey.{round}"), "marker").unwrap();
    println!("ready");
    let progress = |p: tiepnhan::vault::rekey::RekeyProgress| println!("step {:?}", p.stage);
    v.rekey(
        tiepnhan::vault::rekey::RekeyReason::RecoveryRenewed,
        &progress,
    )
    .unwrap();
    println!("done");
    std::thread::sleep(Duration::from_secs(30));
}

#[test]
fn sigkill_during_rekey_leaves_a_vault_that_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    // Enough pages for the rewrite to take a while.
    v.write(|tx| {
        for i in 0..4000 {
            tx.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                rusqlite::params![format!("bulk.{i}"), "x".repeat(1000)],
            )?;
        }
        tx.audit("settings_changed", "settings", serde_json::json!({}))
    })
    .unwrap();
    v.close_quietly();
    let me = std::env::current_exe().unwrap();
    let spawn = |round: &str| {
        Command::new(&me)
            .args([
                "--exact",
                "crash_child_rekeyer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TIEPNHAN_CRASH_DIR", &dir)
            .env("TIEPNHAN_CRASH_ROUND", round)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let epoch = || tiepnhan::vault::keyring::Keyring::load(&dir).unwrap().epoch;
    // One full re-key, timed from "ready" to "done".
    let mut child = spawn("calibrate");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut started = None;
    let mut took = Duration::from_millis(500);
    for line in lines.by_ref() {
        let line = line.unwrap();
        // libtest prints "test crash_child_rekeyer ... " before the first line.
        if line.ends_with("ready") {
            started = Some(std::time::Instant::now());
        }
        if line.ends_with("done") {
            took = started.unwrap().elapsed();
            break;
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut old_key, mut new_key) = (0, 0);
    for round in 0..ROUNDS {
        let before = epoch();
        let mut child = spawn(&round.to_string());
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for line in lines.by_ref() {
            if line.unwrap().ends_with("ready") {
                break;
            }
        }
        // Anywhere from the start of the re-key to a little after its end.
        let at = Duration::from_micros(next() % (took.as_micros() as u64 * 3 / 2).max(1));
        std::thread::sleep(at);
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();

        let v = unlock(&dir, "admin");
        let marker: Option<String> = v
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [format!("rekey.{round}")],
                |r| r.get(0),
            )
            .ok();
        assert_eq!(marker.as_deref(), Some("marker"), "round {round}");
        assert!(
            v.keyring().rekey.is_none(),
            "round {round}: the journal was settled"
        );
        v.close_quietly();
        let after = epoch();
        assert!(after == before || after == before + 1, "round {round}");
        if after == before {
            old_key += 1;
        } else {
            new_key += 1;
        }
        let report =
            tiepnhan::vault::check::run(&dir, "admin", PASSWORD, chrono::Utc::now()).unwrap();
        assert!(report.ok, "round {round}: {:?}", report.findings);
    }
    eprintln!(
        "re-key {took:?}; killed under the old key {old_key} times, the new key {new_key} times"
    );
    assert!(old_key > 0 && new_key > 0, "old {old_key}, new {new_key}");
}

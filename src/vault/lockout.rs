//! Failed sign-ins that cannot be edited away unnoticed.
//!
//! Beside the per-account counters (`Keyring::lockout`, which decide the
//! delay and the hard lock), every failure and every clearing of a counter is
//! appended to a hash chain in keyring.json. At each successful sign-in the
//! database (which needs the key) records the chain's length and head; the
//! next successful sign-in checks that the keyring's chain still starts
//! there, that it hashes to its head, and that each account's counter holds
//! the failures the chain lists for it. Deleting `lockout`, the chain, or
//! rolling either back to before the last successful sign-in is found,
//! audited (`lockout_tampered`) and counted.
//!
//! What no file can detect: replacing keyring.json by an exact copy taken
//! after the last successful sign-in. That is no more than copying the file
//! away and guessing offline, which only the Argon2id cost slows.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keyring::Keyring;

/// The most entries kept between two successful sign-ins; past it the chain
/// keeps only its count and head.
const MAX_SINCE: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureEvent {
    Failure,
    /// A counter cleared (successful sign-in, an administrator's unlock).
    Cleared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureEntry {
    pub tag: String,
    pub at: DateTime<Utc>,
    pub event: FailureEvent,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureLog {
    /// Entries ever appended.
    pub total: u64,
    /// The chain's head (hex; empty before the first entry).
    pub head: String,
    /// Where the chain stood at the last successful sign-in.
    pub base_total: u64,
    pub base_head: String,
    /// The entries since then.
    pub since: Vec<FailureEntry>,
    /// More than `MAX_SINCE` entries since the last successful sign-in.
    #[serde(default)]
    pub overflow: bool,
}

fn link(prev: &str, e: &FailureEntry) -> String {
    let mut h = Sha256::new();
    h.update(b"tiepnhan/failure-log/v1|");
    h.update(prev.as_bytes());
    h.update(b"|");
    h.update(e.tag.as_bytes());
    h.update(b"|");
    h.update(e.at.to_rfc3339_opts(SecondsFormat::Millis, true).as_bytes());
    h.update(match e.event {
        FailureEvent::Failure => b"|f",
        FailureEvent::Cleared => b"|c",
    });
    hex::encode(h.finalize())
}

impl FailureLog {
    pub fn append(&mut self, tag: &str, at: DateTime<Utc>, event: FailureEvent) {
        let e = FailureEntry {
            tag: tag.to_string(),
            at,
            event,
        };
        self.head = link(&self.head, &e);
        self.total += 1;
        if self.since.len() < MAX_SINCE {
            self.since.push(e);
        } else {
            self.overflow = true;
        }
    }
}

impl Keyring {
    /// What is wrong with the failure record, given where the database saw
    /// it last (`None`: a vault from before the record). Empty when sound.
    pub fn failure_log_problems(&self, seen: Option<(u64, String)>) -> Vec<String> {
        let log = &self.failure_log;
        let mut out = Vec::new();
        if let Some((total, head)) = seen
            && (log.base_total != total || log.base_head != head)
        {
            out.push(format!(
                "the failed sign-in record in keyring.json was removed or rolled back \
                 (it starts at entry {} but the vault last saw entry {total})",
                log.base_total
            ));
            return out;
        }
        if !log.overflow {
            let mut h = log.base_head.clone();
            for e in &log.since {
                h = link(&h, e);
            }
            if h != log.head || log.base_total + log.since.len() as u64 != log.total {
                out.push("the failed sign-in record in keyring.json was edited".into());
                return out;
            }
            // Each account's counter holds at least the failures listed for it
            // since its counter was last cleared.
            let mut per_tag: std::collections::BTreeMap<&str, u32> = Default::default();
            for e in &log.since {
                match e.event {
                    FailureEvent::Failure => *per_tag.entry(&e.tag).or_default() += 1,
                    FailureEvent::Cleared => {
                        per_tag.remove(e.tag.as_str());
                    }
                }
            }
            for (tag, n) in per_tag {
                let have = self.lockout.get(tag).map(|l| l.failures).unwrap_or(0);
                if have < n {
                    out.push(format!(
                        "the failed sign-in counter of an account was lowered in keyring.json ({have} instead of {n})"
                    ));
                }
            }
        }
        out
    }

    /// Mark the current point as seen by a successful sign-in.
    pub fn failure_log_checkpoint(&mut self) -> (u64, String) {
        let log = &mut self.failure_log;
        log.base_total = log.total;
        log.base_head = log.head.clone();
        log.since.clear();
        log.overflow = false;
        (log.total, log.head.clone())
    }
}

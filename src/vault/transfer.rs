//! Transfer bundles in the store: the unit's key, trusted senders, the cases
//! a bundle carries, and the import — preview first, then one transaction.

use crate::vault::db::Cached;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::cases::{derive, write_facts};
use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::bundle::{BundleAudit, BundleCase, FORMAT, Payload, Preview, Sender};
use crate::domain::case::CaseRecord;
use crate::domain::referral::Referral;
use crate::domain::screening::ScreeningRecord;

/// A unit's public key as a small file handed to the receiving desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitKeyFile {
    pub format: String,
    pub unit: String,
    pub public_key: String,
    pub fingerprint: String,
}

pub const UNIT_KEY_FORMAT: &str = "tiepnhan-unit-key/1";

pub use crate::domain::bundle::fingerprint;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedUnit {
    pub fingerprint: String,
    pub unit: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: i64,
    pub case_id: String,
    pub sender: String,
    pub created_at: String,
}

/// The newest change to a case, its screenings and referrals.
fn local_revision(conn: &Connection, case_id: &str) -> Result<Option<String>> {
    Ok(conn
        .row(
            "SELECT max(c.updated_at,
                    COALESCE((SELECT max(updated_at) FROM screenings WHERE case_id = c.id), ''),
                    COALESCE((SELECT max(updated_at) FROM referrals WHERE case_id = c.id), ''))
             FROM cases c WHERE c.id = ?1",
            [case_id],
            |r| r.get(0),
        )
        .optional()?)
}

enum Plan {
    New,
    Update,
    Conflict,
    Unchanged,
}

impl Vault {
    /// The unit's signing key (it never leaves the vault unwrapped).
    pub fn unit_signing_key(&self) -> Result<SigningKey> {
        let secret = self
            .keyring()
            .unit_secret(self.data_key())?
            .ok_or_else(|| VaultError::Keyring("this vault has no unit key".into()))?;
        Ok(SigningKey::from_bytes(&secret))
    }

    pub fn unit_public_key(&self) -> Result<[u8; 32]> {
        Ok(self.unit_signing_key()?.verifying_key().to_bytes())
    }

    /// The public key file of this unit, to show (not audited: nothing leaves).
    pub fn unit_key_info(&self) -> Result<UnitKeyFile> {
        let public = self.unit_public_key()?;
        Ok(UnitKeyFile {
            format: UNIT_KEY_FORMAT.into(),
            unit: self.unit()?.name,
            public_key: B64.encode(public),
            fingerprint: fingerprint(&public),
        })
    }

    /// The public key file of this unit, to hand over (audited as an export).
    pub fn unit_key_file(&mut self) -> Result<UnitKeyFile> {
        let public = self.unit_public_key()?;
        let file = UnitKeyFile {
            format: UNIT_KEY_FORMAT.into(),
            unit: self.unit()?.name,
            public_key: B64.encode(public),
            fingerprint: fingerprint(&public),
        };
        self.audit_access(
            action::EXPORT,
            "unit_key",
            json!({"what": "unit_public_key"}),
        )?;
        Ok(file)
    }

    /// Trust a sending unit (administrators). The fingerprint is recomputed
    /// from the key, never taken from the file.
    pub fn trust_unit(&mut self, file: &UnitKeyFile) -> Result<String> {
        self.require(self.user().role.can_administer())?;
        if file.format != UNIT_KEY_FORMAT {
            return Err(VaultError::Invalid("not a TiepNhan unit key file".into()));
        }
        let key = B64
            .decode(&file.public_key)
            .map_err(|_| VaultError::Invalid("the key is not base64".into()))?;
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| VaultError::Invalid("the key is not 32 bytes".into()))?;
        ed25519_dalek::VerifyingKey::from_bytes(&key)
            .map_err(|_| VaultError::Invalid("not an Ed25519 key".into()))?;
        let fp = fingerprint(&key);
        let unit = crate::domain::text::clean_line(&file.unit);
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO trusted_units (fingerprint, public_key, unit, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(fingerprint) DO UPDATE SET unit = excluded.unit",
                params![fp, file.public_key, unit, tx.actor(), now_iso()],
            )?;
            tx.audit(action::TRUST_ADDED, "trusted_units", json!({"fingerprint": fp}))
        })?;
        Ok(fp)
    }

    pub fn trusted_units(&self) -> Result<Vec<TrustedUnit>> {
        let mut s = self
            .conn()
            .prepare("SELECT fingerprint, unit, added_at FROM trusted_units ORDER BY unit")?;
        let rows = s.query_map([], |r| {
            Ok(TrustedUnit {
                fingerprint: r.get(0)?,
                unit: r.get(1)?,
                added_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The trusted unit with this public key, if any.
    pub fn trusted_sender(&self, public_b64: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .row(
                "SELECT fingerprint, unit FROM trusted_units WHERE public_key = ?1",
                [public_b64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The payload of a bundle to `recipient`: every case, or only what
    /// changed since the last bundle to that recipient.
    pub fn bundle_payload(&self, recipient: &str, since_last: bool) -> Result<Payload> {
        let conn = self.conn();
        let since: Option<String> = if since_last {
            conn.row(
                "SELECT sent_at FROM bundles_sent WHERE recipient = ?1",
                [recipient],
                |r| r.get(0),
            )
            .optional()?
        } else {
            None
        };
        let since = since.unwrap_or_default();
        let mut ids_stmt = conn.prepare(
            "SELECT id FROM cases WHERE updated_at > ?1
             UNION SELECT case_id FROM screenings WHERE updated_at > ?1
             UNION SELECT case_id FROM referrals WHERE updated_at > ?1",
        )?;
        let ids: Vec<String> = ids_stmt
            .query_map([&since], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        self.payload_for(&ids)
    }

    /// The payload of a bundle carrying these cases.
    pub fn payload_for(&self, ids: &[String]) -> Result<Payload> {
        let conn = self.conn();
        let mut cases = Vec::with_capacity(ids.len());
        let mut batch_ids = std::collections::BTreeSet::new();
        for id in ids {
            let view = self.read_case(id)?;
            if let Some(b) = &view.record.batch_id {
                batch_ids.insert(b.clone());
            }
            let mut screenings = self.screenings_of(id)?;
            screenings.reverse();
            cases.push(BundleCase {
                revision: local_revision(conn, id)?.unwrap_or_default(),
                version: view.version,
                record: view.record,
                screenings,
                referrals: self.referrals_of(id)?,
            });
        }
        let mut batches = Vec::new();
        for b in batch_ids {
            let data: Option<String> = conn
                .row("SELECT data FROM batches WHERE id = ?1", [&b], |r| r.get(0))
                .optional()?;
            if let Some(d) = data.and_then(|d| serde_json::from_str(&d).ok()) {
                batches.push(d);
            }
        }
        let mut audit = Vec::new();
        {
            let mut s = conn.prepare_cached(
                "SELECT seq, ts, actor, action, target, details, hash FROM audit WHERE target = ?1 ORDER BY seq",
            )?;
            for id in ids {
                let rows = s.query_map([id], |r| {
                    Ok(BundleAudit {
                        seq: r.get(0)?,
                        ts: r.get(1)?,
                        actor: r.get(2)?,
                        action: r.get(3)?,
                        target: r.get(4)?,
                        details: r.get(5)?,
                        hash: hex::encode(r.get::<_, Vec<u8>>(6)?),
                    })
                })?;
                for a in rows {
                    audit.push(a?);
                }
            }
        }
        let sequence: i64 = self
            .setting("bundle_sequence")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
            + 1;
        Ok(Payload {
            format: FORMAT.into(),
            bundle_id: uuid::Uuid::now_v7().to_string(),
            sender: Sender {
                unit: self.unit()?.name,
                vault_id: self.vault_id().to_string(),
                public_key: B64.encode(self.unit_public_key()?),
            },
            created_at: now_iso(),
            sequence,
            cases,
            batches,
            audit,
        })
    }

    /// Remember a bundle as sent (its sequence, and the time for `--since-last`).
    pub fn record_bundle_sent(&mut self, recipient: &str, payload: &Payload) -> Result<()> {
        let (seq, at, n) = (
            payload.sequence,
            payload.created_at.clone(),
            payload.cases.len(),
        );
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO settings (key, value) VALUES ('bundle_sequence', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [seq.to_string()],
            )?;
            tx.conn.exec(
                "INSERT INTO bundles_sent (recipient, sequence, sent_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(recipient) DO UPDATE SET sequence = excluded.sequence, sent_at = excluded.sent_at",
                params![recipient, seq, at],
            )?;
            tx.audit(action::BUNDLE_EXPORTED, "bundle", json!({"cases": n, "sequence": seq}))
        })
    }

    fn plan(&self, bc: &BundleCase, sender: &str) -> Result<Plan> {
        let conn = self.conn();
        let Some(local) = local_revision(conn, &bc.record.id)? else {
            return Ok(Plan::New);
        };
        let state: Option<(String, String)> = conn.row(
                "SELECT remote_revision, local_revision FROM sync_state WHERE case_id = ?1 AND sender = ?2",
                params![bc.record.id, sender],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match state {
            Some((remote, _)) if bc.revision < remote => {
                return Err(VaultError::Invalid(format!(
                    "an older bundle: it would roll case {} back",
                    bc.record.number
                )));
            }
            Some((remote, _)) if bc.revision == remote => Plan::Unchanged,
            Some((_, at_import)) if local == at_import => Plan::Update,
            // Changed here since the last import, or a case we never imported.
            _ => Plan::Conflict,
        })
    }

    /// What an import would do. Refuses replays (an older sequence from the same
    /// sender, or a case revision older than one already imported).
    pub fn preview_import(&self, p: &Payload, sender: &str) -> Result<Preview> {
        let last: Option<i64> = self
            .conn()
            .row(
                "SELECT sequence FROM bundles_received WHERE sender = ?1",
                [sender],
                |r| r.get(0),
            )
            .optional()?;
        if last.is_some_and(|l| p.sequence <= l) {
            return Err(VaultError::Invalid(format!(
                "an older bundle (number {}; number {} was already imported): it would roll records back",
                p.sequence,
                last.unwrap_or(0)
            )));
        }
        let mut preview = Preview::default();
        for bc in &p.cases {
            match self.plan(bc, sender)? {
                Plan::New => preview.new += 1,
                Plan::Update => preview.updated += 1,
                Plan::Conflict => preview.conflicts += 1,
                Plan::Unchanged => preview.unchanged += 1,
            }
        }
        Ok(preview)
    }

    /// Import a verified, validated payload from a trusted sender: one transaction.
    pub fn apply_import(&mut self, p: &Payload, sender: &str) -> Result<Preview> {
        let preview = self.preview_import(p, sender)?;
        let plans: Vec<Plan> = p
            .cases
            .iter()
            .map(|bc| self.plan(bc, sender))
            .collect::<Result<_>>()?;
        let short = sender.replace(' ', "").chars().take(4).collect::<String>();
        self.write(|tx| {
            for b in &p.batches {
                tx.conn.exec(
                    "INSERT OR IGNORE INTO batches (id, number, year, seq, received_at, gate_id, data, created_by, created_at, updated_at)
                     VALUES (?1, ?2, 0, 0, ?3, NULL, ?4, 'import', ?5, ?5)",
                    params![
                        b.id,
                        format!("{}/{short}", b.number),
                        b.received_at.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default(),
                        serde_json::to_string(b).expect("serialises"),
                        now_iso()
                    ],
                )?;
            }
            for (bc, plan) in p.cases.iter().zip(plans) {
                match plan {
                    Plan::Unchanged => continue,
                    Plan::Conflict => {
                        tx.conn.exec(
                            "INSERT INTO conflicts (case_id, sender, incoming, remote_revision, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![bc.record.id, sender, serde_json::to_string(bc).expect("serialises"), bc.revision, now_iso()],
                        )?;
                    }
                    Plan::New | Plan::Update => store_incoming(tx.conn, bc, &short)?,
                }
                let local = local_revision(tx.conn, &bc.record.id)?.unwrap_or_default();
                tx.conn.exec(
                    "INSERT INTO sync_state (case_id, sender, remote_revision, local_revision) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(case_id, sender) DO UPDATE SET remote_revision = excluded.remote_revision,
                        local_revision = CASE WHEN ?5 THEN local_revision ELSE excluded.local_revision END",
                    params![bc.record.id, sender, bc.revision, local, matches!(plan, Plan::Conflict)],
                )?;
            }
            for a in &p.audit {
                tx.conn.exec(
                    "INSERT OR IGNORE INTO imported_audit (sender, seq, ts, actor, action, target, details, hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![sender, a.seq, a.ts, a.actor, a.action, a.target, a.details, a.hash],
                )?;
            }
            tx.conn.exec(
                "INSERT INTO bundles_received (sender, sequence, received_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(sender) DO UPDATE SET sequence = excluded.sequence, received_at = excluded.received_at",
                params![sender, p.sequence, now_iso()],
            )?;
            tx.audit(
                action::BUNDLE_IMPORTED,
                "bundle",
                json!({"sender": sender, "sequence": p.sequence, "new": preview.new, "updated": preview.updated, "conflicts": preview.conflicts}),
            )
        })?;
        Ok(preview)
    }

    pub fn open_conflicts(&self) -> Result<Vec<Conflict>> {
        let mut s = self.conn().prepare(
            "SELECT id, case_id, sender, created_at FROM conflicts WHERE settled_at IS NULL ORDER BY id",
        )?;
        let rows = s.query_map([], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                case_id: r.get(1)?,
                sender: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The incoming version of a conflict (to show beside the local one).
    pub fn conflict_incoming(&self, id: i64) -> Result<BundleCase> {
        let data: String = self
            .conn()
            .row("SELECT incoming FROM conflicts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| VaultError::NotFound("conflict".into()))?;
        serde_json::from_str(&data).map_err(|e| VaultError::Corrupt(e.to_string()))
    }

    /// Settle a conflict: keep the local version, or take the incoming one.
    pub fn settle_conflict(&mut self, id: i64, take_incoming: bool) -> Result<()> {
        let bc = self.conflict_incoming(id)?;
        let sender: String =
            self.conn()
                .row("SELECT sender FROM conflicts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let short = sender.replace(' ', "").chars().take(4).collect::<String>();
        self.write(|tx| {
            if take_incoming {
                store_incoming(tx.conn, &bc, &short)?;
            }
            let local = local_revision(tx.conn, &bc.record.id)?.unwrap_or_default();
            tx.conn.exec(
                "UPDATE sync_state SET local_revision = ?3 WHERE case_id = ?1 AND sender = ?2",
                params![bc.record.id, sender, local],
            )?;
            tx.conn.exec(
                "UPDATE conflicts SET settled_at = ?2, settled_by = ?3, choice = ?4 WHERE id = ?1",
                params![
                    id,
                    now_iso(),
                    tx.actor(),
                    if take_incoming { "incoming" } else { "local" }
                ],
            )?;
            tx.audit(
                action::CONFLICT_SETTLED,
                &bc.record.id,
                json!({"choice": if take_incoming { "incoming" } else { "local" }}),
            )
        })
    }
}

/// Write an incoming case (new or replacing), its screenings and referrals.
fn store_incoming(conn: &Connection, bc: &BundleCase, short: &str) -> Result<()> {
    let mut c: CaseRecord = bc.record.clone();
    c.normalize();
    let received = c
        .received_on
        .ok_or_else(|| VaultError::Invalid("no reception date".into()))?;
    use chrono::Datelike;
    let d = derive(&c);
    let ts = now_iso();
    conn.exec(
        "INSERT OR IGNORE INTO persons (id, created_at) VALUES (?1, ?2)",
        params![c.person_id, ts],
    )?;
    let existing: Option<(i64, String, i64)> = conn
        .row(
            "SELECT rid, search, version FROM cases WHERE id = ?1",
            [&c.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let latest = bc.screenings.iter().max_by_key(|s| s.version);
    let outcome = latest.map(|s| s.result.outcome.key());
    let decision = latest.and_then(|s| s.decision.map(|d| d.key()));
    let data = serde_json::to_string(&c).expect("serialises");
    let rid = match existing {
        Some((rid, old_search, version)) => {
            conn.exec(
                "UPDATE cases SET person_id = ?2, status = ?3, source = ?4, received_on = ?5, gate_id = NULL,
                    full_name = ?6, sex = ?7, birth_year = ?8, age = ?9, is_child = ?10, home_province = ?11,
                    id_number = ?12, passport_number = ?13, verification_requested = ?14, screening_outcome = ?15,
                    decision = ?16, search = ?17, name_sort = ?18, data = ?19, updated_at = ?20, version = ?21
                 WHERE rid = ?1",
                params![
                    rid, c.person_id, c.status.key(), c.source.key(), received.to_string(), d.full_name,
                    c.identity.sex.key(), d.birth_year, d.age, d.is_child, d.home_province, c.identity.id_number,
                    c.identity.passport_number, c.verification_requested_on.is_some(), outcome, decision, d.search,
                    d.name_sort, data, ts, version + 1
                ],
            )?;
            conn.exec(
                "INSERT INTO cases_fts (cases_fts, rowid, search) VALUES ('delete', ?1, ?2)",
                params![rid, old_search],
            )?;
            rid
        }
        None => {
            let taken: bool = conn.row(
                "SELECT count(*) > 0 FROM cases WHERE number = ?1",
                [&c.number],
                |r| r.get(0),
            )?;
            let number = if taken {
                format!("{}/{short}", c.number)
            } else {
                c.number.clone()
            };
            let batch = c.batch_id.as_ref().filter(|b| {
                conn.row("SELECT count(*) > 0 FROM batches WHERE id = ?1", [b], |r| {
                    r.get::<_, bool>(0)
                })
                .unwrap_or(false)
            });
            conn.exec(
                "INSERT INTO cases (id, number, year, seq, person_id, batch_id, status, source, received_on, gate_id,
                    full_name, sex, birth_year, age, is_child, home_province, id_number, passport_number,
                    verification_requested, screening_outcome, decision, search, name_sort, data, created_by,
                    created_at, updated_at, version)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                    ?19, ?20, ?21, ?22, 'import', ?23, ?23, ?24)",
                params![
                    c.id, number, received.year(), c.person_id, batch, c.status.key(), c.source.key(),
                    received.to_string(), d.full_name, c.identity.sex.key(), d.birth_year, d.age, d.is_child,
                    d.home_province, c.identity.id_number, c.identity.passport_number,
                    c.verification_requested_on.is_some(), outcome, decision, d.search, d.name_sort, data, ts,
                    bc.version
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    conn.exec(
        "INSERT INTO cases_fts (rowid, search) VALUES (?1, ?2)",
        params![rid, d.search],
    )?;
    write_facts(conn, rid, &c)?;
    if let Some(s) = latest {
        let explo = match s.input.exploitation {
            crate::domain::screening::Exploitation::Labour => "labour",
            crate::domain::screening::Exploitation::Sexual => "sexual",
        };
        conn.exec(
            "UPDATE cases SET exploitation = ?2 WHERE rid = ?1",
            params![rid, explo],
        )?;
    }
    for s in &bc.screenings {
        store_screening(conn, s)?;
    }
    for r in &bc.referrals {
        store_referral(conn, r, short)?;
    }
    Ok(())
}

fn store_screening(conn: &Connection, s: &ScreeningRecord) -> Result<()> {
    let exists: bool = conn.row(
        "SELECT count(*) > 0 FROM screenings WHERE id = ?1",
        [&s.id],
        |r| r.get(0),
    )?;
    let data = serde_json::to_string(s).expect("serialises");
    if exists {
        conn.exec(
            "UPDATE screenings SET outcome = ?2, decision = ?3, approval = ?4, decided_by = ?5, data = ?6, updated_at = ?7 WHERE id = ?1",
            params![s.id, s.result.outcome.key(), s.decision.map(|d| d.key()), s.approval.map(|a| a.key()), s.decided_by, data, s.updated_at],
        )?;
    } else {
        // A version number already used here for this case moves up.
        let version: i64 = conn.row(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM screenings WHERE case_id = ?1 AND version = ?2)
                THEN (SELECT max(version) + 1 FROM screenings WHERE case_id = ?1) ELSE ?2 END",
            params![s.case_id, s.version],
            |r| r.get(0),
        )?;
        conn.exec(
            "INSERT INTO screenings (id, case_id, version, outcome, decision, approval, decided_by, data, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![s.id, s.case_id, version, s.result.outcome.key(), s.decision.map(|d| d.key()), s.approval.map(|a| a.key()), s.decided_by, data, s.created_at, s.updated_at],
        )?;
    }
    Ok(())
}

fn store_referral(conn: &Connection, r: &Referral, short: &str) -> Result<()> {
    let data = serde_json::to_string(r).expect("serialises");
    let exists: bool = conn.row(
        "SELECT count(*) > 0 FROM referrals WHERE id = ?1",
        [&r.id],
        |x| x.get(0),
    )?;
    if exists {
        conn.exec(
            "UPDATE referrals SET status = ?2, data = ?3, updated_at = ?4 WHERE id = ?1",
            params![r.id, r.status.key(), data, now_iso()],
        )?;
    } else {
        let taken: bool = conn.row(
            "SELECT count(*) > 0 FROM referrals WHERE number = ?1",
            [&r.number],
            |x| x.get(0),
        )?;
        let number = if taken {
            format!("{}/{short}", r.number)
        } else {
            r.number.clone()
        };
        // The agency list is per vault: keep the agency only if it exists here.
        let agency = r.agency_id.filter(|a| {
            conn.row(
                "SELECT count(*) > 0 FROM agencies WHERE id = ?1",
                [a],
                |x| x.get::<_, bool>(0),
            )
            .unwrap_or(false)
        });
        conn.exec(
            "INSERT INTO referrals (id, case_id, number, year, seq, agency_id, status, data, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![r.id, r.case_id, number, agency, r.status.key(), data, r.created_by, now_iso()],
        )?;
    }
    Ok(())
}

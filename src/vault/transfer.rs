//! Transfer bundles in the store: the unit's key, trusted senders, the cases
//! a bundle carries, and the import — preview first, then one transaction.

use crate::vault::db::{self, Cached};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::cases::{derive, write_facts};
use super::packed::Packed;
use super::{Result, Vault, VaultError, now_iso};
use crate::domain::audit::action;
use crate::domain::bundle::{
    BundleCase, ChainPoint, ConflictReason, FORMAT, ImportAction, Payload, Preview, PreviewItem,
    Sender,
};
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
    pub reason: ConflictReason,
}

/// The newest change to a case, its screenings and referrals.
fn local_revision(conn: &Connection, case_id: &str) -> Result<Option<String>> {
    Ok(conn
        .row(
            "SELECT max(c.updated_at,
                    COALESCE((SELECT max(updated_at) FROM screenings WHERE case_id = c.id), ''),
                    COALESCE((SELECT max(updated_at) FROM referrals WHERE case_id = c.id), ''),
                    COALESCE((SELECT max(added_at) FROM attachments WHERE case_id = c.id), ''))
             FROM cases c WHERE c.id = ?1",
            [case_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The case a screening or referral row belongs to here, if the row exists.
fn owner_of(conn: &Connection, table: &str, id: &str) -> Result<Option<String>> {
    let sql = match table {
        "screenings" => "SELECT case_id FROM screenings WHERE id = ?1",
        _ => "SELECT case_id FROM referrals WHERE id = ?1",
    };
    Ok(conn.row(sql, [id], |r| r.get(0)).optional()?)
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
        self.require_admin()?;
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

    /// Stop trusting a sending unit (administrators; audited). Its bundles
    /// are refused from now on; what was imported stays.
    pub fn untrust_unit(&mut self, fingerprint: &str) -> Result<()> {
        self.require_admin()?;
        let compact: String = fingerprint
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let fp = compact
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let n = self.write(|tx| {
            let n = tx
                .conn
                .exec("DELETE FROM trusted_units WHERE fingerprint = ?1", [&fp])?;
            if n > 0 {
                tx.audit(
                    action::TRUST_REMOVED,
                    "trusted_units",
                    json!({"fingerprint": fp}),
                )?;
            }
            Ok(n)
        })?;
        if n == 0 {
            return Err(VaultError::NotFound("trusted unit".into()));
        }
        Ok(())
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
        self.require_supervisor()?;
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
             UNION SELECT case_id FROM referrals WHERE updated_at > ?1
             UNION SELECT case_id FROM attachments WHERE case_id IS NOT NULL AND added_at > ?1",
        )?;
        let mut ids: Vec<String> = ids_stmt
            .query_map([&since], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A case reduced to its anonymised report facts does not travel.
        let mut anon =
            conn.prepare_cached("SELECT anonymised_on IS NOT NULL FROM cases WHERE id = ?1")?;
        ids.retain(|id| {
            !anon
                .query_row([id], |r| r.get::<_, bool>(0))
                .unwrap_or(false)
        });
        self.payload_for(&ids)
    }

    /// The payload of a bundle carrying these cases.
    pub fn payload_for(&self, ids: &[String]) -> Result<Payload> {
        self.require_supervisor()?;
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
                attachments: self
                    .bundle_attachments(&super::attachments::Owner::Case(id.clone()))?,
            });
        }
        let mut batches = Vec::new();
        let mut batch_attachments = std::collections::BTreeMap::new();
        for b in batch_ids {
            let list = self.bundle_attachments(&super::attachments::Owner::Batch(b.clone()))?;
            if !list.is_empty() {
                batch_attachments.insert(b.clone(), list);
            }
            let data: Option<String> = conn
                .row("SELECT data FROM batches WHERE id = ?1", [&b], |r| r.get(0))
                .optional()?;
            if let Some(d) = data.and_then(|d| serde_json::from_str(&d).ok()) {
                batches.push(d);
            }
        }
        let mut audit = Vec::new();
        {
            let mut s = conn.prepare_cached(&format!(
                "SELECT {} FROM audit WHERE target = ?1 ORDER BY seq",
                super::audit::AUDIT_COLUMNS
            ))?;
            for id in ids {
                let rows = s.query_map([id], super::audit::audit_row)?;
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
        let checkpoint = super::audit::head(conn)?.map(|(seq, hash)| ChainPoint {
            seq,
            hash: hex::encode(hash),
        });
        let mut prior_checkpoints = Vec::new();
        {
            let mut s = conn.prepare(
                "SELECT c.seq, a.hash FROM checkpoints_sent c LEFT JOIN audit a ON a.seq = c.seq
                 ORDER BY c.seq DESC LIMIT 1000",
            )?;
            let rows = s.query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<Vec<u8>>>(1)?))
            })?;
            for row in rows {
                let (seq, hash) = row?;
                // A checkpoint the log no longer holds is sent without a
                // hash: the desk that kept it then refuses the bundle.
                prior_checkpoints.push(ChainPoint {
                    seq,
                    hash: hash.map(hex::encode).unwrap_or_default(),
                });
            }
        }
        Ok(Payload {
            checkpoint,
            prior_checkpoints,
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
            batch_attachments,
            audit,
        })
    }

    /// Remember a bundle as sent (its sequence, and the time for `--since-last`).
    pub fn record_bundle_sent(&mut self, recipient: &str, payload: &Payload) -> Result<()> {
        self.require_supervisor()?;
        let (seq, at, n) = (
            payload.sequence,
            payload.created_at.clone(),
            payload.cases.len(),
        );
        // The categories of sensitive data the bundle carries, for the audit log.
        let sensitive: Vec<_> = payload
            .cases
            .iter()
            .flat_map(|c| crate::domain::fields::sensitive_categories(&c.record))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO settings (key, value) VALUES ('bundle_sequence', ?1)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [seq.to_string()],
            )?;
            if let Some(c) = &payload.checkpoint {
                tx.conn.exec(
                    "INSERT OR IGNORE INTO checkpoints_sent (seq) VALUES (?1)",
                    [c.seq],
                )?;
            }
            tx.conn.exec(
                "INSERT INTO bundles_sent (recipient, sequence, sent_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(recipient) DO UPDATE SET sequence = excluded.sequence, sent_at = excluded.sent_at",
                params![recipient, seq, at],
            )?;
            tx.audit(
                action::BUNDLE_EXPORTED,
                "bundle",
                json!({"cases": n, "sequence": seq, "sensitive": sensitive,
                       "purpose": "transfer_between_units"}),
            )
        })
    }

    /// What happens to one incoming case. `claimed` holds the screening and
    /// referral ids of the cases before it in the same bundle (id -> case).
    fn plan(
        &self,
        bc: &BundleCase,
        sender: &str,
        claimed: &mut std::collections::HashMap<String, String>,
    ) -> Result<PreviewItem> {
        let conn = self.conn();
        let case_id = &bc.record.id;
        let state: Option<(String, String)> = conn
            .row(
                "SELECT remote_revision, local_revision FROM sync_state WHERE case_id = ?1 AND sender = ?2",
                params![case_id, sender],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let local = local_revision(conn, case_id)?;
        let (mut action, mut reason) = match (&local, &state) {
            (_, Some((remote, _))) if bc.revision < *remote => {
                return Err(VaultError::Invalid(format!(
                    "an older bundle: it would roll case {} back",
                    bc.record.number
                )));
            }
            (None, _) => (ImportAction::New, None),
            (Some(_), Some((remote, _))) if bc.revision == *remote => {
                (ImportAction::Unchanged, None)
            }
            (Some(l), Some((_, at_import))) if l == at_import => (ImportAction::Update, None),
            (Some(_), Some(_)) => (ImportAction::Conflict, Some(ConflictReason::ChangedHere)),
            (Some(_), None) => (ImportAction::Conflict, Some(ConflictReason::NotFromSender)),
        };
        // A screening or referral id held by another case (here, or earlier
        // in this bundle) is never taken over: the case waits for a supervisor.
        let mut clash = None;
        for (table, ids, why) in [
            (
                "screenings",
                bc.screenings.iter().map(|s| &s.id).collect::<Vec<_>>(),
                ConflictReason::ScreeningOfAnotherCase,
            ),
            (
                "referrals",
                bc.referrals.iter().map(|r| &r.id).collect::<Vec<_>>(),
                ConflictReason::ReferralOfAnotherCase,
            ),
        ] {
            for id in ids {
                let here = owner_of(conn, table, id)?;
                let earlier = claimed.insert(format!("{table}/{id}"), case_id.clone());
                let foreign =
                    here.is_some_and(|o| o != *case_id) || earlier.is_some_and(|o| o != *case_id);
                if foreign && clash.is_none() {
                    clash = Some(why);
                }
            }
        }
        if let (Some(why), ImportAction::New | ImportAction::Update) = (clash, action) {
            action = ImportAction::Conflict;
            reason = Some(why);
        }
        let writes = matches!(action, ImportAction::New | ImportAction::Update);
        Ok(PreviewItem {
            case_id: case_id.clone(),
            number: bc.record.number.clone(),
            action,
            reason,
            screenings: if writes {
                bc.screenings.iter().map(|s| s.id.clone()).collect()
            } else {
                Vec::new()
            },
            referrals: if writes {
                bc.referrals.iter().map(|r| r.id.clone()).collect()
            } else {
                Vec::new()
            },
        })
    }

    /// What an import would do, case by case: new, updated, conflict (with
    /// its reason) or unchanged, and which records each writes. Refuses
    /// replays (an older sequence from the same sender, or a case revision
    /// older than one already imported).
    pub fn preview_import(&self, p: &Payload, sender: &str) -> Result<Preview> {
        self.require_supervisor()?;
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
        self.check_sender_chain(p, sender)?;
        let mut preview = Preview::default();
        let mut claimed = std::collections::HashMap::new();
        for bc in &p.cases {
            let item = self.plan(bc, sender, &mut claimed)?;
            match item.action {
                ImportAction::New => preview.new += 1,
                ImportAction::Update => preview.updated += 1,
                ImportAction::Conflict => preview.conflicts += 1,
                ImportAction::Unchanged => preview.unchanged += 1,
            }
            preview.items.push(item);
        }
        Ok(preview)
    }

    /// The sender's audit chain must extend the checkpoint kept from its last
    /// bundle: otherwise its vault was rolled back (or its log rewritten)
    /// and the bundle is refused.
    fn check_sender_chain(&self, p: &Payload, sender: &str) -> Result<()> {
        let kept: Option<(Option<i64>, Option<String>)> = self
            .conn()
            .row(
                "SELECT checkpoint_seq, checkpoint_hash FROM bundles_received WHERE sender = ?1",
                [sender],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((Some(seq), Some(hash))) = kept else {
            return Ok(());
        };
        let rolled_back = || {
            VaultError::Invalid(format!(
                "the sender's audit log does not extend the checkpoint #{seq} of its last bundle: \
                 its vault was rolled back or its log rewritten; the bundle is refused"
            ))
        };
        let Some(now) = &p.checkpoint else {
            return Err(rolled_back());
        };
        if now.seq < seq {
            return Err(rolled_back());
        }
        let extends = (now.seq == seq && now.hash == hash)
            || p.prior_checkpoints
                .iter()
                .any(|c| c.seq == seq && c.hash == hash);
        if !extends {
            return Err(rolled_back());
        }
        Ok(())
    }

    /// Import a verified, validated payload from a trusted sender: one transaction.
    pub fn apply_import(&mut self, p: &Payload, sender: &str) -> Result<Preview> {
        let preview = self.preview_import(p, sender)?;
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
            for (batch_id, list) in &p.batch_attachments {
                if tx.conn.any("SELECT 1 FROM batches WHERE id = ?1", [batch_id])? {
                    store_attachments(tx.conn, &super::attachments::Owner::Batch(batch_id.clone()), list)?;
                }
            }
            for (bc, item) in p.cases.iter().zip(&preview.items) {
                let conflict = item.action == ImportAction::Conflict;
                match item.action {
                    ImportAction::Unchanged => continue,
                    ImportAction::Conflict => {
                        tx.conn.exec(
                            "INSERT INTO conflicts (case_id, sender, incoming, remote_revision, created_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![bc.record.id, sender, serde_json::to_string(bc).expect("serialises"), bc.revision, now_iso(),
                                item.reason.unwrap_or(ConflictReason::ChangedHere).key()],
                        )?;
                    }
                    ImportAction::New | ImportAction::Update => {
                        store_incoming(tx.conn, bc, &short)?;
                    }
                }
                let local = local_revision(tx.conn, &bc.record.id)?.unwrap_or_default();
                tx.conn.exec(
                    "INSERT INTO sync_state (case_id, sender, remote_revision, local_revision) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(case_id, sender) DO UPDATE SET remote_revision = excluded.remote_revision,
                        local_revision = CASE WHEN ?5 THEN local_revision ELSE excluded.local_revision END",
                    params![bc.record.id, sender, bc.revision, local, conflict],
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
                "INSERT INTO bundles_received (sender, sequence, received_at, checkpoint_seq, checkpoint_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(sender) DO UPDATE SET sequence = excluded.sequence, received_at = excluded.received_at,
                    checkpoint_seq = COALESCE(excluded.checkpoint_seq, checkpoint_seq),
                    checkpoint_hash = COALESCE(excluded.checkpoint_hash, checkpoint_hash)",
                params![
                    sender,
                    p.sequence,
                    now_iso(),
                    p.checkpoint.as_ref().map(|c| c.seq),
                    p.checkpoint.as_ref().map(|c| c.hash.clone())
                ],
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
            "SELECT id, case_id, sender, created_at, reason FROM conflicts WHERE settled_at IS NULL ORDER BY id",
        )?;
        let rows = s.query_map([], |r| {
            let reason: String = r.get(4)?;
            Ok(Conflict {
                id: r.get(0)?,
                case_id: r.get(1)?,
                sender: r.get(2)?,
                created_at: r.get(3)?,
                reason: ConflictReason::from_key(&reason).unwrap_or(ConflictReason::ChangedHere),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The incoming version of a conflict (to show beside the local one).
    pub fn conflict_incoming(&self, id: i64) -> Result<BundleCase> {
        let sql = "SELECT incoming FROM conflicts WHERE id = ?1";
        db::json_row(self.conn(), sql, [id], "conflict")
    }

    /// Settle a conflict (supervisors): keep the local version, or take the
    /// incoming one. Taking it never overwrites a screening or referral of
    /// another case: such a record is stored under a new id, attached to the
    /// incoming case (the audit event counts them).
    pub fn settle_conflict(&mut self, id: i64, take_incoming: bool) -> Result<()> {
        self.require_supervisor()?;
        let bc = self.conflict_incoming(id)?;
        let settled: Option<String> = self.conn().row(
            "SELECT settled_at FROM conflicts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if settled.is_some() {
            return Err(VaultError::Invalid(
                "this conflict is already settled".into(),
            ));
        }
        let sender: String =
            self.conn()
                .row("SELECT sender FROM conflicts WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let short = sender.replace(' ', "").chars().take(4).collect::<String>();
        self.write(|tx| {
            let renumbered = if take_incoming {
                store_incoming(tx.conn, &bc, &short)?
            } else {
                0
            };
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
                json!({"choice": if take_incoming { "incoming" } else { "local" }, "new_ids": renumbered}),
            )
        })
    }
}

/// A number not yet used here: the sender's, else with the sender's short
/// fingerprint, else with a counter after it.
fn free_number(conn: &Connection, table: &str, number: &str, short: &str) -> Result<String> {
    let sql = match table {
        "cases" => "SELECT count(*) > 0 FROM cases WHERE number = ?1",
        _ => "SELECT count(*) > 0 FROM referrals WHERE number = ?1",
    };
    let taken = |n: &str| -> Result<bool> { Ok(conn.row(sql, [n], |r| r.get(0))?) };
    if !taken(number)? {
        return Ok(number.to_string());
    }
    let mut candidate = format!("{number}/{short}");
    let mut i = 2;
    while taken(&candidate)? {
        candidate = format!("{number}/{short}-{i}");
        i += 1;
    }
    Ok(candidate)
}

/// Write an incoming case (new or replacing), its screenings and referrals.
/// A screening or referral whose id belongs to another case here is stored
/// under a new id (never over the other case's record); returns how many.
fn store_incoming(conn: &Connection, bc: &BundleCase, short: &str) -> Result<usize> {
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
    let existing: Option<(i64, i64)> = conn
        .row(
            "SELECT rid, version FROM cases WHERE id = ?1",
            [&c.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let latest = bc.screenings.iter().max_by_key(|s| s.version);
    let outcome = latest.map(|s| s.result.outcome.key());
    let decision = latest.and_then(|s| s.decision.map(|d| d.key()));
    let data = Packed::json(&c.stored_json());
    let rid = match existing {
        Some((rid, version)) => {
            conn.exec(
                "UPDATE cases SET person_id = ?2, status = ?3, source = ?4, received_on = ?5, gate_id = NULL,
                    full_name = ?6, sex = ?7, birth_year = ?8, age = ?9, is_child = ?10, home_province = ?11,
                    id_number = ?12, passport_number = ?13, verification_requested = ?14, screening_outcome = ?15,
                    decision = ?16, data = ?17, updated_at = ?18, version = ?19
                 WHERE rid = ?1",
                params![
                    rid, c.person_id, c.status.key(), c.source.key(), received.to_string(), d.full_name,
                    c.identity.sex.key(), d.birth_year, d.age, d.is_child, d.home_province, c.identity.id_number,
                    c.identity.passport_number, c.verification_requested_on.is_some(), outcome, decision,
                    data, ts, version + 1
                ],
            )?;
            super::cases::unindex_search(conn, rid)?;
            rid
        }
        None => {
            let number = free_number(conn, "cases", &c.number, short)?;
            let batch = c.batch_id.as_ref().filter(|b| {
                conn.row("SELECT count(*) > 0 FROM batches WHERE id = ?1", [b], |r| {
                    r.get::<_, bool>(0)
                })
                .unwrap_or(false)
            });
            conn.exec(
                "INSERT INTO cases (id, number, year, seq, person_id, batch_id, status, source, received_on, gate_id,
                    full_name, sex, birth_year, age, is_child, home_province, id_number, passport_number,
                    verification_requested, screening_outcome, decision, data, created_by,
                    updated_at, version)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                    ?19, ?20, 'import', ?21, ?22)",
                params![
                    c.id, number, received.year(), c.person_id, batch, c.status.key(), c.source.key(),
                    received.to_string(), d.full_name, c.identity.sex.key(), d.birth_year, d.age, d.is_child,
                    d.home_province, c.identity.id_number, c.identity.passport_number,
                    c.verification_requested_on.is_some(), outcome, decision, data, ts,
                    bc.version
                ],
            )?;
            conn.last_insert_rowid()
        }
    };
    super::cases::index_search(conn, rid, &d.search)?;
    write_facts(conn, rid, &c)?;
    if let Some(s) = latest {
        conn.exec(
            "UPDATE cases SET purposes = ?2 WHERE rid = ?1",
            params![rid, super::screenings::purposes_mask(s)],
        )?;
    }
    store_attachments(
        conn,
        &super::attachments::Owner::Case(c.id.clone()),
        &bc.attachments,
    )?;
    let mut renumbered = 0;
    for s in &bc.screenings {
        renumbered += store_screening(conn, s, &c.id)? as usize;
    }
    for r in &bc.referrals {
        renumbered += store_referral(conn, r, &c.id, short)? as usize;
    }
    Ok(renumbered)
}

/// Where a record of case `case_id` lands in `table`: whether this vault
/// already holds it (an update), and whether it takes a new id because its
/// id belongs to another case here (then `id` is the new one).
fn land(conn: &Connection, table: &str, id: &mut String, case_id: &str) -> Result<(bool, bool)> {
    let owner = owner_of(conn, table, id)?;
    let renumber = owner.as_deref().is_some_and(|o| o != case_id);
    if renumber {
        *id = uuid::Uuid::now_v7().to_string();
    }
    Ok((owner.is_some() && !renumber, renumber))
}

/// Store a screening of case `case_id`; true when it took a new id because
/// its id belongs to another case here.
fn store_screening(conn: &Connection, s: &ScreeningRecord, case_id: &str) -> Result<bool> {
    let mut s = s.clone();
    s.case_id = case_id.to_string();
    let (known, renumber) = land(conn, "screenings", &mut s.id, case_id)?;
    let s = &s;
    let data = Packed::of(s);
    if known {
        conn.exec(
            "UPDATE screenings SET outcome = ?2, decision = ?3, approval = ?4, decided_by = ?5, data = ?6, updated_at = ?7
             WHERE id = ?1 AND case_id = ?8",
            params![s.id, s.result.outcome.key(), s.decision.map(|d| d.key()), s.approval.map(|a| a.key()), s.decided_by, data, s.updated_at, case_id],
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
    Ok(renumber)
}

/// Store a referral of case `case_id`; true when it took a new id because
/// its id belongs to another case here.
fn store_referral(conn: &Connection, r: &Referral, case_id: &str, short: &str) -> Result<bool> {
    let mut r = r.clone();
    r.case_id = case_id.to_string();
    let (known, renumber) = land(conn, "referrals", &mut r.id, case_id)?;
    let r = &r;
    let data = Packed::of(r);
    if known {
        conn.exec(
            "UPDATE referrals SET status = ?2, data = ?3, updated_at = ?4 WHERE id = ?1 AND case_id = ?5",
            params![r.id, r.status.key(), data, now_iso(), case_id],
        )?;
    } else {
        let number = free_number(conn, "referrals", &r.number, short)?;
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
    Ok(renumber)
}

/// Store the attachments a bundle carries for a case or a batch (each
/// decoded, checked against its SHA-256 and cleaned again; one already held
/// is left as it is).
fn store_attachments(
    conn: &Connection,
    owner: &super::attachments::Owner,
    list: &[crate::domain::bundle::BundleAttachment],
) -> Result<()> {
    for a in list {
        let bytes = B64
            .decode(&a.data)
            .map_err(|_| VaultError::Invalid("an attachment in the bundle is not base64".into()))?;
        if hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)) != a.sha256 {
            return Err(VaultError::Invalid(
                "an attachment in the bundle does not match its SHA-256".into(),
            ));
        }
        super::attachments::store_incoming(conn, owner, a, &bytes)?;
    }
    Ok(())
}

impl Vault {
    /// The attachments of a case or batch as a bundle carries them.
    fn bundle_attachments(
        &self,
        owner: &super::attachments::Owner,
    ) -> Result<Vec<crate::domain::bundle::BundleAttachment>> {
        self.attachments_of(owner)?
            .into_iter()
            .map(|m| {
                Ok(crate::domain::bundle::BundleAttachment {
                    data: B64.encode(self.read_attachment(&m.id)?),
                    id: m.id,
                    kind: m.kind,
                    sha256: m.sha256,
                    added_at: m.added_at,
                    added_by: m.added_by,
                })
            })
            .collect()
    }
}

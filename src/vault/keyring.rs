//! `keyring.json`: the data key wrapped per user and under the recovery code,
//! the failed-unlock counters, and the MAC'ed audit anchor.
//!
//! Nothing in this file is secret in the clear: wrapped keys are
//! XChaCha20-Poly1305 ciphertexts under Argon2id-derived keys, usernames are
//! stored as keyed tags, and the anchor is authenticated with a key derived
//! from the data key.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::error::{Result, VaultError};
use super::fsio;
use crate::domain::security;

pub const KEYRING_FILE: &str = "keyring.json";
/// Format 2 adds accounts with their own identities, the administrators'
/// key chain, the signed state, the sealed anchor and the re-key journal.
const FORMAT: &str = "tiepnhan-keyring/2";
const FORMAT_1: &str = "tiepnhan-keyring/1";

/// The 256-bit key that opens the database. Zeroed when dropped.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; 32]>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom::fill(k.as_mut()).expect("system random generator");
        DataKey(k)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn from_bytes(k: Zeroizing<[u8; 32]>) -> DataKey {
        DataKey(k)
    }

    /// The SQLCipher raw-key literal `x'<64 hex>'`, zeroed when dropped.
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        let hex = Zeroizing::new(hex::encode(*self.0));
        s.push_str(&hex);
        s.push('\'');
        s
    }

    /// A sub-key for one purpose (anchor MAC, unit key wrapping...).
    pub fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref()).expect("any key size");
        mac.update(b"tiepnhan/subkey/v1/");
        mac.update(purpose.as_bytes());
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// Argon2id cost parameters, stored with every wrapped key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// The floor: never less than 64 MiB and three passes.
    pub const FLOOR: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    const MAX_M_KIB: u32 = 256 * 1024;
    /// The most any keyring may ask for: 4 GiB of memory, 20 passes, 16 lanes.
    /// Anything above is refused before a single derivation runs (a keyring
    /// edited to `t = 4000000000` would otherwise hang the sign-in screen).
    pub const CEILING: KdfParams = KdfParams {
        m_kib: 4 * 1024 * 1024,
        t: 20,
        p: 16,
    };

    /// Within the floor and the ceiling.
    pub fn check_bounds(self) -> Result<()> {
        if self.m_kib < Self::FLOOR.m_kib || self.t < Self::FLOOR.t || self.p < 1 {
            return Err(VaultError::Keyring("KDF parameters below the floor".into()));
        }
        if self.m_kib > Self::CEILING.m_kib || self.t > Self::CEILING.t || self.p > Self::CEILING.p
        {
            return Err(VaultError::Keyring(format!(
                "KDF parameters above the ceiling (memory {} KiB, {} passes, {} lanes; at most 4 GiB, 20 passes, 16 lanes)",
                self.m_kib, self.t, self.p
            )));
        }
        Ok(())
    }

    fn argon2(self) -> Result<Argon2<'static>> {
        let params = Params::new(self.m_kib, self.t, self.p, Some(32))
            .map_err(|e| VaultError::Keyring(format!("bad KDF parameters: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    pub fn derive(self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        self.check_bounds()?;
        let mut out = Zeroizing::new([0u8; 32]);
        self.argon2()?
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|e| VaultError::Keyring(format!("key derivation failed: {e}")))?;
        Ok(out)
    }

    /// Find parameters that take about `target` on this machine: memory grows
    /// to 256 MiB first, then passes. Never below the floor.
    pub fn calibrate(target: Duration) -> KdfParams {
        let mut p = KdfParams::FLOOR;
        let salt = [7u8; 16];
        loop {
            let start = Instant::now();
            let _ = p.derive(b"calibration", &salt);
            let took = start.elapsed();
            if took >= target.mul_f32(0.8) || p.t >= Self::CEILING.t {
                return p;
            }
            // Estimate the factor still needed and apply it to memory, then time.
            let factor = (target.as_secs_f64() / took.as_secs_f64().max(0.001)).max(1.05);
            if p.m_kib < Self::MAX_M_KIB {
                let m = (p.m_kib as f64 * factor).min(Self::MAX_M_KIB as f64) as u32;
                p.m_kib = (m / 1024).max(64) * 1024;
            } else {
                p.t = ((p.t as f64 * factor).ceil() as u32)
                    .max(p.t + 1)
                    .min(Self::CEILING.t);
            }
        }
    }
}

/// What a wrapped key is wrapped under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WrapKind {
    User,
    Recovery,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wrap {
    pub kind: WrapKind,
    /// Keyed tag of the username (empty for the recovery wrap).
    pub tag: String,
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub ct: String,
}

/// Failed unlock attempts of one account (or of an unknown username).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Lockout {
    pub failures: u32,
    pub last_failure: Option<DateTime<Utc>>,
    pub locked: bool,
    /// Failures not yet written to the audit log (written at the next successful login).
    #[serde(default)]
    pub pending_audit: Vec<DateTime<Utc>>,
}

/// The audit head (sequence number and hash) with its MAC.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub mac: String,
}

/// The unit's Ed25519 signing key, wrapped under the data key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WrappedUnitKey {
    pub public: String,
    pub nonce: String,
    pub ct: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Keyring {
    pub format: String,
    pub vault_id: String,
    pub created_at: DateTime<Utc>,
    /// Parameters for new wraps (calibrated at creation).
    pub kdf: KdfParams,
    pub wraps: Vec<Wrap>,
    #[serde(default)]
    pub lockout: BTreeMap<String, Lockout>,
    pub anchor: Option<Anchor>,
    /// The head a write is about to commit (saved before the commit, so a
    /// crash between the commit and the anchor's update is no finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_pending: Option<Anchor>,
    #[serde(default)]
    pub unit_key: Option<WrappedUnitKey>,
    /// The data key's epoch: grows with every re-key.
    #[serde(default)]
    pub epoch: u32,
    /// Accounts in format 2 (users and the recovery code).
    #[serde(default)]
    pub accounts: Vec<super::accounts::Account>,
    /// The administrators' public keys, oldest first, each signed by the one before.
    #[serde(default)]
    pub admin_keys: Vec<super::accounts::AdminCert>,
    /// Users, roles, trusted units and accounts as an administrator signed them.
    #[serde(default)]
    pub signed_state: Option<super::state::SignedState>,
    /// The audit head signed with the admin key.
    #[serde(default)]
    pub sealed_anchor: Option<super::state::SealedAnchor>,
    /// A re-key under way (see `vault::rekey`).
    #[serde(default)]
    pub rekey: Option<super::rekey::RekeyJournal>,
    /// HMAC of `kdf` under the data key: the parameters of new wraps cannot
    /// be weakened or inflated by editing the file.
    #[serde(default)]
    pub kdf_mac: Option<String>,
    /// A re-key finished after an interruption, so its new recovery code was
    /// never shown: administrators are asked to renew it.
    #[serde(default)]
    pub recovery_unseen: bool,
    /// Tags of accounts a re-key left out (deactivated): their sign-in says
    /// so instead of "wrong password".
    #[serde(default)]
    pub revoked: Vec<String>,
    /// The chain of failed sign-ins (see `vault::lockout`).
    #[serde(default)]
    pub failure_log: super::lockout::FailureLog,
}

/// The outcome of checking a lockout before an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    Wait(u64),
    Locked,
}

/// The data a wrap is bound to, by format (`Keyring::aad`, `aad_v2`).
type Aad = fn(&Keyring, &WrapKind, &str, &KdfParams, &str) -> Vec<u8>;

impl Keyring {
    pub fn new(vault_id: String, kdf: KdfParams, now: DateTime<Utc>) -> Keyring {
        Keyring {
            format: FORMAT.into(),
            vault_id,
            created_at: now,
            kdf,
            wraps: Vec::new(),
            lockout: BTreeMap::new(),
            anchor: None,
            anchor_pending: None,
            unit_key: None,
            epoch: 1,
            accounts: Vec::new(),
            admin_keys: Vec::new(),
            signed_state: None,
            sealed_anchor: None,
            rekey: None,
            kdf_mac: None,
            recovery_unseen: false,
            revoked: Vec::new(),
            failure_log: Default::default(),
        }
    }

    pub fn load(dir: &Path) -> Result<Keyring> {
        let path = dir.join(KEYRING_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                VaultError::NoVault(dir.to_path_buf())
            } else {
                VaultError::io("read keyring.json", e)
            }
        })?;
        Self::load_from_bytes(&bytes)
    }

    /// Parse a keyring (a copy kept elsewhere, a backup's); bounds checked.
    pub fn load_from_bytes(bytes: &[u8]) -> Result<Keyring> {
        if bytes.len() > 16 << 20 {
            return Err(VaultError::Keyring("keyring.json is too large".into()));
        }
        let mut k: Keyring = serde_json::from_slice(bytes)
            .map_err(|e| VaultError::Keyring(format!("keyring.json: {e}")))?;
        if k.format != FORMAT && k.format != FORMAT_1 {
            return Err(VaultError::Keyring(format!("unknown format {}", k.format)));
        }
        if k.format == FORMAT_1 && k.epoch == 0 {
            k.epoch = 1;
        }
        // Refuse absurd work factors before any derivation runs.
        k.kdf.check_bounds()?;
        for w in k.wraps.iter().chain(k.accounts.iter().map(|a| &a.wrap)) {
            w.kdf.check_bounds()?;
        }
        Ok(k)
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let mut k = std::borrow::Cow::Borrowed(self);
        if k.format != FORMAT {
            k.to_mut().format = FORMAT.into();
        }
        let json = serde_json::to_vec_pretty(&*k).expect("keyring serialises");
        fsio::write_atomic(&dir.join(KEYRING_FILE), &json)
    }

    // ---- the parameters of new wraps ------------------------------------------------

    fn kdf_hmac(&self, key: &DataKey) -> Hmac<Sha256> {
        let k = key.derive("kdf-params");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(k.as_ref()).expect("any key size");
        mac.update(
            format!(
                "tiepnhan/kdf/v1|{}|{}|{}|{}",
                self.vault_id, self.kdf.m_kib, self.kdf.t, self.kdf.p
            )
            .as_bytes(),
        );
        mac
    }

    /// Authenticate `kdf` under the data key.
    pub fn seal_kdf(&mut self, key: &DataKey) {
        self.kdf_mac = Some(hex::encode(self.kdf_hmac(key).finalize().into_bytes()));
    }

    /// Whether `kdf` is as a signed-in user sealed it (`None`: never sealed,
    /// a vault from before the seal).
    pub fn kdf_sealed_ok(&self, key: &DataKey) -> Option<bool> {
        let tag = hex::decode(self.kdf_mac.as_ref()?).unwrap_or_default();
        Some(self.kdf_hmac(key).verify_slice(&tag).is_ok())
    }

    /// The keyed tag under which a username is stored: the keyring does not
    /// list officers' names in the clear.
    pub fn user_tag(&self, username: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"tiepnhan/user-tag/v1/");
        h.update(self.vault_id.as_bytes());
        h.update(b"/");
        h.update(username.as_bytes());
        hex::encode(&h.finalize()[..16])
    }

    fn aad(&self, kind: &WrapKind, tag: &str, kdf: &KdfParams, salt: &str) -> Vec<u8> {
        format!(
            "tiepnhan/wrap/v1|{}|{:?}|{}|{}|{}|{}|{}",
            self.vault_id, kind, tag, kdf.m_kib, kdf.t, kdf.p, salt
        )
        .into_bytes()
    }

    fn aad_v2(&self, kind: &WrapKind, tag: &str, kdf: &KdfParams, salt: &str) -> Vec<u8> {
        format!(
            "tiepnhan/wrap/v2|{}|{:?}|{}|{}|{}|{}|{}",
            self.vault_id, kind, tag, kdf.m_kib, kdf.t, kdf.p, salt
        )
        .into_bytes()
    }

    /// Wrap any plaintext (an account's secret) under Argon2id(`secret`).
    pub(crate) fn make_wrap_of(
        &self,
        kind: WrapKind,
        tag: String,
        secret: &[u8],
        plaintext: &[u8],
    ) -> Result<Wrap> {
        self.seal(kind, tag, secret, plaintext, Self::aad_v2)
    }

    /// Open a format-2 wrap; `Ok(None)` for a wrong secret.
    pub(crate) fn open_wrap_of(
        &self,
        w: &Wrap,
        secret: &[u8],
    ) -> Result<Option<Zeroizing<Vec<u8>>>> {
        self.unseal(w, secret, Self::aad_v2)
    }

    fn make_wrap(&self, kind: WrapKind, tag: String, secret: &[u8], key: &DataKey) -> Result<Wrap> {
        self.seal(kind, tag, secret, key.bytes(), Self::aad)
    }

    /// Open a legacy (format 1) wrap, which holds the data key itself.
    pub(crate) fn open_legacy(&self, w: &Wrap, secret: &[u8]) -> Result<Option<DataKey>> {
        match self.unseal(w, secret, Self::aad)? {
            Some(pt) if pt.len() == 32 => {
                let mut k = Zeroizing::new([0u8; 32]);
                k.copy_from_slice(&pt);
                Ok(Some(DataKey(k)))
            }
            Some(_) => Err(VaultError::Keyring(
                "wrapped key has the wrong length".into(),
            )),
            None => Ok(None),
        }
    }

    /// `plaintext` encrypted under Argon2id(`secret`) with a fresh salt and
    /// nonce, bound by `aad` to this vault, the account and the parameters.
    fn seal(
        &self,
        kind: WrapKind,
        tag: String,
        secret: &[u8],
        plaintext: &[u8],
        aad: Aad,
    ) -> Result<Wrap> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("system random generator");
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("system random generator");
        let kdf = self.kdf;
        let kek = kdf.derive(secret, &salt)?;
        let salt_b64 = B64.encode(salt);
        let aad = aad(self, &kind, &tag, &kdf, &salt_b64);
        let ct = xseal(kek.as_ref(), &nonce, plaintext, &aad)
            .ok_or_else(|| VaultError::Keyring("wrapping failed".into()))?;
        Ok(Wrap {
            kind,
            tag,
            kdf,
            salt: salt_b64,
            nonce: B64.encode(nonce),
            ct: B64.encode(ct),
        })
    }

    /// What `seal` wrapped (zeroed when dropped); `Ok(None)` for a wrong
    /// secret.
    fn unseal(&self, w: &Wrap, secret: &[u8], aad: Aad) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let bad = |what: &str| VaultError::Keyring(format!("bad {what}"));
        let salt = B64.decode(&w.salt).map_err(|_| bad("salt"))?;
        let nonce = B64.decode(&w.nonce).map_err(|_| bad("nonce"))?;
        let ct = B64.decode(&w.ct).map_err(|_| bad("ciphertext"))?;
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| bad("nonce"))?;
        let kek = w.kdf.derive(secret, &salt)?;
        let aad = aad(self, &w.kind, &w.tag, &w.kdf, &w.salt);
        Ok(xopen(kek.as_ref(), &nonce, &ct, &aad).map(Zeroizing::new))
    }

    pub fn has_user(&self, username: &str) -> bool {
        let tag = self.user_tag(username);
        self.account(&WrapKind::User, &tag).is_some()
            || self
                .wraps
                .iter()
                .any(|w| w.kind == WrapKind::User && w.tag == tag)
    }

    /// Write a format-1 wrap of the data key (how vaults before format 2
    /// kept their accounts); only the tests of the upgrade path use it.
    #[doc(hidden)]
    pub fn set_legacy_user_wrap(
        &mut self,
        username: &str,
        password: &[u8],
        key: &DataKey,
    ) -> Result<()> {
        let tag = self.user_tag(username);
        let wrap = self.make_wrap(WrapKind::User, tag.clone(), password, key)?;
        self.remove_account(&WrapKind::User, &tag);
        self.wraps.push(wrap);
        Ok(())
    }

    /// A format-1 recovery wrap (tests of the upgrade path).
    #[doc(hidden)]
    pub fn set_legacy_recovery_wrap(&mut self, code: &str, key: &DataKey) -> Result<()> {
        let wrap = self.make_wrap(WrapKind::Recovery, String::new(), code.as_bytes(), key)?;
        self.remove_account(&WrapKind::Recovery, "");
        self.wraps.push(wrap);
        Ok(())
    }

    pub fn remove_user_wrap(&mut self, username: &str) {
        let tag = self.user_tag(username);
        self.remove_account(&WrapKind::User, &tag);
    }

    /// Open a user's account with their password. `Ok(None)` means wrong
    /// credentials (the KDF runs even for unknown usernames, so timing does
    /// not tell them apart).
    pub fn unwrap_user(
        &self,
        username: &str,
        password: &[u8],
    ) -> Result<Option<super::accounts::Opened>> {
        self.open_account(&WrapKind::User, &self.user_tag(username), password)
    }

    pub fn unwrap_recovery(&self, code: &str) -> Result<Option<super::accounts::Opened>> {
        if self.account(&WrapKind::Recovery, "").is_none()
            && !self.wraps.iter().any(|w| w.kind == WrapKind::Recovery)
        {
            return Err(VaultError::Keyring("no recovery wrap".into()));
        }
        self.open_account(&WrapKind::Recovery, "", code.as_bytes())
    }

    // ---- failed unlocks -------------------------------------------------------------

    /// Whether the account is an administrator's (never hard-locked).
    pub fn is_admin_account(&self, username: &str) -> bool {
        self.account(&WrapKind::User, &self.user_tag(username))
            .is_some_and(|a| a.admin)
    }

    pub fn gate(&self, username: &str, now: DateTime<Utc>) -> Gate {
        let Some(l) = self.lockout.get(&self.user_tag(username)) else {
            return Gate::Open;
        };
        let admin = self.is_admin_account(username);
        if l.locked && !admin {
            return Gate::Locked;
        }
        let delay = if admin {
            security::admin_delay_after(l.failures)
        } else {
            security::delay_after(l.failures)
        };
        if let (true, Some(last)) = (delay > 0, l.last_failure) {
            let until = last + chrono::Duration::seconds(delay as i64);
            if now < until {
                let left = (until - now).num_milliseconds().max(0) as u64;
                return Gate::Wait(left.div_ceil(1000));
            }
        }
        Gate::Open
    }

    /// Record one failed attempt; returns the failures in a row.
    /// Administrators' accounts are never hard-locked by guesses: their
    /// delay keeps growing instead (the recovery code stays the way out).
    pub fn record_failure(&mut self, username: &str, now: DateTime<Utc>) -> u32 {
        let tag = self.user_tag(username);
        let admin = self.is_admin_account(username);
        self.failure_log
            .append(&tag, now, super::lockout::FailureEvent::Failure);
        let l = self.lockout.entry(tag).or_default();
        l.failures += 1;
        l.last_failure = Some(now);
        if l.pending_audit.len() < 100 {
            l.pending_audit.push(now);
        }
        if l.failures >= security::HARD_LOCK_AFTER && !admin {
            l.locked = true;
        }
        l.failures
    }

    pub fn lockout_of(&self, username: &str) -> Lockout {
        self.lockout
            .get(&self.user_tag(username))
            .cloned()
            .unwrap_or_default()
    }

    /// Clear the counter after a successful login (or an admin's unlock);
    /// returns the failures still to be audited.
    pub fn clear_lockout(&mut self, username: &str) -> Vec<DateTime<Utc>> {
        let tag = self.user_tag(username);
        match self.lockout.remove(&tag) {
            Some(l) => {
                self.failure_log
                    .append(&tag, Utc::now(), super::lockout::FailureEvent::Cleared);
                l.pending_audit
            }
            None => Vec::new(),
        }
    }

    // ---- audit anchor ----------------------------------------------------------------

    fn anchor_hmac(&self, key: &DataKey, seq: i64, hash: &str) -> Hmac<Sha256> {
        let k = key.derive("audit-anchor");
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(k.as_ref()).expect("any key size");
        mac.update(self.vault_id.as_bytes());
        mac.update(&seq.to_be_bytes());
        mac.update(hash.as_bytes());
        mac
    }

    pub fn set_anchor(&mut self, key: &DataKey, seq: i64, hash: &[u8]) {
        self.anchor_pending = None;
        let hash = hex::encode(hash);
        let mac = hex::encode(self.anchor_hmac(key, seq, &hash).finalize().into_bytes());
        self.anchor = Some(Anchor { seq, hash, mac });
    }

    /// Record the head a write is about to commit.
    pub fn set_pending_anchor(&mut self, key: &DataKey, seq: i64, hash: &[u8]) {
        let hash = hex::encode(hash);
        let mac = hex::encode(self.anchor_hmac(key, seq, &hash).finalize().into_bytes());
        self.anchor_pending = Some(Anchor { seq, hash, mac });
    }

    /// The pending anchor, if there is one and its MAC is valid.
    pub fn verified_pending_anchor(&self, key: &DataKey) -> Option<(i64, Vec<u8>)> {
        let a = self.anchor_pending.as_ref()?;
        let tag = hex::decode(&a.mac).ok()?;
        self.anchor_hmac(key, a.seq, &a.hash)
            .verify_slice(&tag)
            .ok()?;
        Some((a.seq, hex::decode(&a.hash).ok()?))
    }

    /// The anchor, if its MAC is valid; `Err` if it was tampered with.
    pub fn verified_anchor(
        &self,
        key: &DataKey,
    ) -> std::result::Result<Option<(i64, Vec<u8>)>, String> {
        let Some(a) = &self.anchor else {
            return Ok(None);
        };
        let tag = hex::decode(&a.mac).unwrap_or_default();
        self.anchor_hmac(key, a.seq, &a.hash)
            .verify_slice(&tag)
            .map_err(|_| "the audit anchor in keyring.json fails its MAC check".to_string())?;
        let hash =
            hex::decode(&a.hash).map_err(|_| "the audit anchor hash is not hex".to_string())?;
        Ok(Some((a.seq, hash)))
    }
}

impl Keyring {
    fn unit_aad(&self, public: &str) -> Vec<u8> {
        format!("tiepnhan/unit-key/v1|{}|{}", self.vault_id, public).into_bytes()
    }

    /// Give the unit a new Ed25519 signing key (for transfer bundles),
    /// wrapped under the data key.
    pub fn new_unit_key(&mut self, key: &DataKey) -> Result<()> {
        let mut secret = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(secret.as_mut()).expect("system random generator");
        let public = ed25519_dalek::SigningKey::from_bytes(&secret)
            .verifying_key()
            .to_bytes();
        self.set_unit_key(key, &secret, &public)
    }

    /// Keep the unit's Ed25519 signing key, wrapped under the data key.
    pub fn set_unit_key(
        &mut self,
        key: &DataKey,
        secret: &[u8; 32],
        public: &[u8; 32],
    ) -> Result<()> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("system random generator");
        let public_b64 = B64.encode(public);
        let k = key.derive("unit-signing-key");
        let ct = xseal(k.as_ref(), &nonce, secret, &self.unit_aad(&public_b64))
            .ok_or_else(|| VaultError::Keyring("wrapping the unit key failed".into()))?;
        self.unit_key = Some(WrappedUnitKey {
            public: public_b64,
            nonce: B64.encode(nonce),
            ct: B64.encode(ct),
        });
        Ok(())
    }

    /// The unit's signing key (secret part), unwrapped with the data key.
    pub fn unit_secret(&self, key: &DataKey) -> Result<Option<Zeroizing<[u8; 32]>>> {
        let Some(w) = &self.unit_key else {
            return Ok(None);
        };
        let bad = || VaultError::Keyring("the unit key is damaged".into());
        let nonce = B64.decode(&w.nonce).map_err(|_| bad())?;
        let ct = B64.decode(&w.ct).map_err(|_| bad())?;
        let k = key.derive("unit-signing-key");
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| bad())?;
        let mut pt = xopen(k.as_ref(), &nonce, &ct, &self.unit_aad(&w.public)).ok_or_else(bad)?;
        if pt.len() != 32 {
            pt.zeroize();
            return Err(bad());
        }
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&pt);
        pt.zeroize();
        Ok(Some(out))
    }
}

/// XChaCha20-Poly1305 with a 32-byte key: `msg` sealed with `aad`.
fn xseal(key: &[u8], nonce: &[u8; 24], msg: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let cipher = XChaCha20Poly1305::new_from_slice(key).ok()?;
    cipher
        .encrypt(&XNonce::from(*nonce), Payload { msg, aad })
        .ok()
}

/// What `xseal` sealed, or `None` (a wrong key, or the text or `aad` altered).
fn xopen(key: &[u8], nonce: &[u8; 24], ct: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let cipher = XChaCha20Poly1305::new_from_slice(key).ok()?;
    cipher
        .decrypt(&XNonce::from(*nonce), Payload { msg: ct, aad })
        .ok()
}

/// Generate a fresh recovery code (150 random bits in Crockford base32 groups).
pub fn new_recovery_code() -> Zeroizing<String> {
    let mut r = Zeroizing::new([0u8; 19]);
    getrandom::fill(r.as_mut()).expect("system random generator");
    Zeroizing::new(security::format_recovery_code(&r))
}

//! Admin-signed state: users, roles, trusted units, accounts and the KDF
//! parameters, signed with the administrators' key; and the audit anchor
//! sealed with the same key.
//!
//! The signature is checked at every unlock and before every supervisor or
//! administrator decision. A mismatch (a role or user changed, an account key
//! added or replaced, a trusted unit added without an administrator's key)
//! refuses every supervisor and administrator right until an administrator
//! reviews the differences and signs the state again; it is written to the
//! audit log.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::accounts::{AdminKey, verify_sig};
use super::error::Result;
use super::keyring::{KdfParams, Keyring, WrapKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct StateUser {
    pub id: String,
    /// Keyed tag of the username (keyring.json lists no names in the clear).
    pub tag: String,
    pub role: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct StateAccount {
    /// `user` or `recovery`.
    pub kind: String,
    pub tag: String,
    /// The account's recipient, or `legacy` for a format-1 wrap.
    pub recipient: String,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct StateTrusted {
    pub fingerprint: String,
    pub public_key: String,
}

/// What administrators sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub users: Vec<StateUser>,
    pub accounts: Vec<StateAccount>,
    pub trusted: Vec<StateTrusted>,
    pub kdf: KdfParams,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedState {
    pub state: State,
    /// The epoch of the admin key that signed it.
    pub key_epoch: u32,
    pub sig: String,
}

/// The audit head signed with the admin key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedAnchor {
    pub seq: i64,
    pub hash: String,
    pub key_epoch: u32,
    pub sig: String,
}

/// The outcome of checking the signed state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateCheck {
    /// The vault has no admin key yet (made before it; an administrator's
    /// next sign-in adds it). Roles are as the database says.
    Unsigned,
    Ok,
    /// What differs from what an administrator signed, one line each.
    Mismatch(Vec<String>),
}

fn state_msg(vault_id: &str, s: &State) -> Vec<u8> {
    let mut m = format!("tiepnhan/state/v1|{vault_id}|").into_bytes();
    m.extend(serde_json::to_vec(s).expect("state serialises"));
    m
}

fn anchor_msg(vault_id: &str, seq: i64, hash: &str) -> Vec<u8> {
    format!("tiepnhan/sealed-anchor/v1|{vault_id}|{seq}|{hash}").into_bytes()
}

/// The state as the database and keyring hold it now. `accounts` may be
/// given instead of the keyring's (a re-key signs the accounts it will leave).
pub fn current_state(
    conn: &Connection,
    kr: &Keyring,
    accounts: Option<Vec<StateAccount>>,
) -> Result<State> {
    let mut stmt = conn.prepare_cached("SELECT id, username, role, active FROM users")?;
    let mut users = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)? != 0,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(id, username, role, active)| StateUser {
            id,
            tag: kr.user_tag(&username),
            role,
            active,
        })
        .collect::<Vec<_>>();
    users.sort();
    let mut stmt = conn.prepare_cached("SELECT fingerprint, public_key FROM trusted_units")?;
    let mut trusted = stmt
        .query_map([], |r| {
            Ok(StateTrusted {
                fingerprint: r.get(0)?,
                public_key: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    trusted.sort();
    let mut accounts = accounts.unwrap_or_else(|| keyring_accounts(kr));
    accounts.sort();
    Ok(State {
        users,
        accounts,
        trusted,
        kdf: kr.kdf,
    })
}

fn kind_key(k: &WrapKind) -> &'static str {
    match k {
        WrapKind::User => "user",
        WrapKind::Recovery => "recovery",
    }
}

/// The keyring's accounts as the state lists them.
pub fn keyring_accounts(kr: &Keyring) -> Vec<StateAccount> {
    let mut v: Vec<StateAccount> = kr
        .accounts
        .iter()
        .map(|a| StateAccount {
            kind: kind_key(&a.kind).into(),
            tag: a.tag.clone(),
            recipient: a.recipient.clone(),
            admin: a.admin,
        })
        .chain(kr.wraps.iter().map(|w| StateAccount {
            kind: kind_key(&w.kind).into(),
            tag: w.tag.clone(),
            recipient: "legacy".into(),
            admin: false,
        }))
        .collect();
    v.sort();
    v
}

/// Sign a state.
pub fn sign_state(kr: &Keyring, key: &AdminKey, key_epoch: u32, state: State) -> SignedState {
    let sig = key.sign(&state_msg(&kr.vault_id, &state));
    SignedState {
        state,
        key_epoch,
        sig,
    }
}

/// Seal an audit head.
pub fn seal_anchor(
    kr: &Keyring,
    key: &AdminKey,
    key_epoch: u32,
    seq: i64,
    hash: &[u8],
) -> SealedAnchor {
    let hash = hex::encode(hash);
    SealedAnchor {
        sig: key.sign(&anchor_msg(&kr.vault_id, seq, &hash)),
        seq,
        hash,
        key_epoch,
    }
}

/// The public key of an admin-key epoch, from the keyring's chain.
fn key_of(kr: &Keyring, epoch: u32) -> Option<&str> {
    kr.admin_keys
        .iter()
        .find(|c| c.epoch == epoch)
        .map(|c| c.public.as_str())
}

/// Whether the sealed anchor's signature holds (`Err` names the problem).
pub fn verify_sealed_anchor(kr: &Keyring) -> std::result::Result<Option<(i64, Vec<u8>)>, String> {
    let Some(a) = &kr.sealed_anchor else {
        return Ok(None);
    };
    let ok = key_of(kr, a.key_epoch)
        .is_some_and(|pk| verify_sig(pk, &anchor_msg(&kr.vault_id, a.seq, &a.hash), &a.sig));
    if !ok {
        return Err(
            "the audit anchor in keyring.json is not signed by an administrator's key".into(),
        );
    }
    let hash = hex::decode(&a.hash).map_err(|_| "the sealed anchor hash is not hex".to_string())?;
    Ok(Some((a.seq, hash)))
}

/// Compare the signed state with `current`. `chain_ok` is false when the
/// account's pin did not lead to the keyring's admin key.
pub fn check(kr: &Keyring, current: &State) -> StateCheck {
    if kr.admin_keys.is_empty() {
        return StateCheck::Unsigned;
    }
    let Some(signed) = &kr.signed_state else {
        return StateCheck::Mismatch(vec![
            "keyring.json holds no state signed by an administrator".into(),
        ]);
    };
    let sig_ok = key_of(kr, signed.key_epoch)
        .is_some_and(|pk| verify_sig(pk, &state_msg(&kr.vault_id, &signed.state), &signed.sig));
    if !sig_ok {
        return StateCheck::Mismatch(vec![
            "the users, roles and trusted units in keyring.json are not signed by an administrator's key"
                .into(),
        ]);
    }
    let d = differences(&signed.state, current);
    if d.is_empty() {
        StateCheck::Ok
    } else {
        StateCheck::Mismatch(d)
    }
}

/// What differs between the signed and the current state, one line each
/// (user ids and tags, never names or secrets).
pub fn differences(signed: &State, current: &State) -> Vec<String> {
    let mut out = Vec::new();
    for u in &current.users {
        match signed.users.iter().find(|s| s.id == u.id) {
            None => out.push(format!(
                "user {} was added without an administrator's key",
                u.id
            )),
            Some(s) => {
                if s.tag != u.tag {
                    out.push(format!("user {} was renamed", u.id));
                }
                if s.role != u.role {
                    out.push(format!(
                        "user {} has role {} but an administrator signed {}",
                        u.id, u.role, s.role
                    ));
                }
                if s.active != u.active {
                    out.push(format!(
                        "user {} is {} but an administrator signed {}",
                        u.id,
                        if u.active { "active" } else { "deactivated" },
                        if s.active { "active" } else { "deactivated" }
                    ));
                }
            }
        }
    }
    for s in &signed.users {
        if !current.users.iter().any(|u| u.id == s.id) {
            out.push(format!("user {} was removed", s.id));
        }
    }
    for a in &current.accounts {
        match signed
            .accounts
            .iter()
            .find(|s| s.kind == a.kind && s.tag == a.tag)
        {
            None => out.push(format!(
                "a {} key ({}) was added without an administrator's key",
                a.kind, a.tag
            )),
            // A format-1 wrap converted at its user's sign-in.
            Some(s) if s.recipient == "legacy" && !a.admin => {}
            Some(s) => {
                if s.recipient != a.recipient {
                    out.push(format!(
                        "the {} key {} was replaced without an administrator's key",
                        a.kind, a.tag
                    ));
                }
                if s.admin != a.admin {
                    out.push(format!(
                        "the {} key {} gained or lost the admin key",
                        a.kind, a.tag
                    ));
                }
            }
        }
    }
    // An account missing from keyring.json grants nothing (a backup keeps
    // only the administrators' and the recovery code's): not a mismatch.
    for t in &current.trusted {
        if !signed.trusted.contains(t) {
            out.push(format!(
                "trusted unit {} was added without an administrator's key",
                t.fingerprint
            ));
        }
    }
    for t in &signed.trusted {
        if !current.trusted.contains(t) {
            out.push(format!("trusted unit {} was removed", t.fingerprint));
        }
    }
    if signed.kdf != current.kdf {
        out.push("the key-derivation parameters of new passwords were changed".into());
    }
    out
}

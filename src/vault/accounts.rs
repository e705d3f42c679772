//! Accounts in `keyring.json` (format 2): what a password or the recovery
//! code opens, and the keys of each epoch.
//!
//! Every account (a user, or the recovery code) has an age X25519 identity.
//! The identity — with the administrators' public key as the account knows it
//! (its *pin*) — is wrapped under Argon2id(password) with XChaCha20-Poly1305,
//! as before. The keys themselves (the data key, and for administrators and
//! the recovery code the admin key) are encrypted to the identity's public
//! recipient. So a re-key can hand the new keys to every active account
//! without knowing their passwords, and an account left out (deactivated,
//! demoted) keeps only keys that no longer open anything.
//!
//! Vaults from before this format have `wraps` holding the data key directly
//! under the password ("legacy" wraps); each is converted at its user's next
//! sign-in. A re-key drops the legacy wraps left: those users need a new
//! password from an administrator.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::error::{Result, VaultError};
use super::keyring::{DataKey, Keyring, Wrap, WrapKind};

/// The administrators' Ed25519 signing key (its 32-byte seed). It signs
/// users, roles, trusted units and the audit anchor; only administrators'
/// accounts and the recovery code open it.
#[derive(Clone)]
pub struct AdminKey(Zeroizing<[u8; 32]>);

impl AdminKey {
    pub fn generate() -> AdminKey {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom::fill(k.as_mut()).expect("system random generator");
        AdminKey(k)
    }

    fn signing(&self) -> SigningKey {
        SigningKey::from_bytes(&self.0)
    }

    pub fn public_b64(&self) -> String {
        B64.encode(self.signing().verifying_key().to_bytes())
    }

    pub fn sign(&self, msg: &[u8]) -> String {
        B64.encode(self.signing().sign(msg).to_bytes())
    }
}

impl std::fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminKey(..)")
    }
}

/// Verify an Ed25519 signature given in base64 by a base64 public key.
pub fn verify_sig(public_b64: &str, msg: &[u8], sig_b64: &str) -> bool {
    let Ok(pk) = B64.decode(public_b64) else {
        return false;
    };
    let Ok(pk): std::result::Result<[u8; 32], _> = pk.try_into() else {
        return false;
    };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = B64.decode(sig_b64) else {
        return false;
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(&sig) else {
        return false;
    };
    vk.verify(msg, &sig).is_ok()
}

/// The keys of one epoch, as an account opens them.
#[derive(Clone, Debug)]
pub struct KeySet {
    pub epoch: u32,
    pub data: DataKey,
    pub admin: Option<AdminKey>,
}

impl KeySet {
    const MAGIC: &'static [u8; 4] = b"TNK1";

    fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(73));
        v.extend_from_slice(Self::MAGIC);
        v.extend_from_slice(&self.epoch.to_be_bytes());
        v.extend_from_slice(self.data.bytes());
        match &self.admin {
            Some(a) => {
                v.push(1);
                v.extend_from_slice(a.0.as_ref());
            }
            None => v.push(0),
        }
        v
    }

    fn decode(b: &[u8]) -> Result<KeySet> {
        let bad = || VaultError::Keyring("an account's keys are damaged".into());
        if b.len() < 41 || &b[..4] != Self::MAGIC {
            return Err(bad());
        }
        let epoch = u32::from_be_bytes(b[4..8].try_into().expect("4 bytes"));
        let mut d = Zeroizing::new([0u8; 32]);
        d.copy_from_slice(&b[8..40]);
        let admin = match (b[40], b.len()) {
            (0, 41) => None,
            (1, 73) => {
                let mut a = Zeroizing::new([0u8; 32]);
                a.copy_from_slice(&b[41..73]);
                Some(AdminKey(a))
            }
            _ => return Err(bad()),
        };
        Ok(KeySet {
            epoch,
            data: DataKey::from_bytes(d),
            admin,
        })
    }
}

/// The administrators' public key as an account last saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminPin {
    pub epoch: u32,
    pub public: String,
    /// The vault's first administrators' key: a vault restored to an older
    /// chain is accepted only when that chain starts from it.
    #[serde(default)]
    pub root: String,
}

/// One administrators' public key; every key after the first is signed by
/// the key before it (a successor certificate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCert {
    pub epoch: u32,
    pub public: String,
    /// Signature by the previous key (empty for the first key).
    pub sig: String,
}

/// An account in format 2.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub kind: WrapKind,
    /// Keyed tag of the username (empty for the recovery code).
    pub tag: String,
    /// The identity and pin under Argon2id(password).
    pub wrap: Wrap,
    /// The identity's age recipient (`age1...`).
    pub recipient: String,
    /// The keys of the current epoch, encrypted to the recipient (base64).
    pub keys: String,
    /// During a re-key: the keys of the next epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Administrators' accounts are never hard-locked (growing delay only).
    #[serde(default)]
    pub admin: bool,
}

#[derive(Serialize, Deserialize)]
struct SecretJson {
    identity: String,
    #[serde(default)]
    pin: Option<AdminPin>,
}

/// What a password (or the recovery code) opened.
pub struct Opened {
    /// `None` for a legacy wrap (the data key directly under the password).
    pub identity: Option<age::x25519::Identity>,
    pub pin: Option<AdminPin>,
    pub current: KeySet,
    /// The next epoch's keys while a re-key is under way.
    pub next: Option<KeySet>,
}

impl Opened {
    pub fn is_legacy(&self) -> bool {
        self.identity.is_none()
    }
}

/// Encrypt a key set to an age recipient.
pub fn seal_keys(recipient: &str, keys: &KeySet) -> Result<String> {
    let r = age::x25519::Recipient::from_str(recipient)
        .map_err(|_| VaultError::Keyring("an account's recipient is damaged".into()))?;
    let ct = age::encrypt(&r, &keys.encode())
        .map_err(|_| VaultError::Keyring("sealing the keys failed".into()))?;
    Ok(B64.encode(ct))
}

fn open_keys(identity: &age::x25519::Identity, sealed: &str) -> Result<KeySet> {
    let bad = || VaultError::Keyring("an account's keys are damaged".into());
    let ct = B64.decode(sealed).map_err(|_| bad())?;
    let mut pt = age::decrypt(identity, &ct).map_err(|_| bad())?;
    let keys = KeySet::decode(&pt);
    pt.zeroize();
    keys
}

impl Keyring {
    /// The account of `kind` with `tag`, if any.
    pub fn account(&self, kind: &WrapKind, tag: &str) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|a| &a.kind == kind && a.tag == tag)
    }

    fn account_mut(&mut self, kind: &WrapKind, tag: &str) -> Option<&mut Account> {
        self.accounts
            .iter_mut()
            .find(|a| &a.kind == kind && a.tag == tag)
    }

    /// Make (or replace) an account: a new identity wrapped under `secret`
    /// with `pin`, holding `keys` (and `next`, during a re-key).
    pub fn put_account(
        &mut self,
        kind: WrapKind,
        tag: String,
        secret: &[u8],
        pin: Option<AdminPin>,
        keys: &KeySet,
        next: Option<&KeySet>,
    ) -> Result<()> {
        let identity = age::x25519::Identity::generate();
        self.put_account_with(kind, tag, secret, &identity, pin, keys, next)
    }

    /// As `put_account`, keeping an existing identity (a password change).
    #[allow(clippy::too_many_arguments)]
    pub fn put_account_with(
        &mut self,
        kind: WrapKind,
        tag: String,
        secret: &[u8],
        identity: &age::x25519::Identity,
        pin: Option<AdminPin>,
        keys: &KeySet,
        next: Option<&KeySet>,
    ) -> Result<()> {
        let recipient = identity.to_public().to_string();
        let json = Zeroizing::new(
            serde_json::to_vec(&SecretJson {
                identity: identity.to_string().expose_secret().to_string(),
                pin,
            })
            .expect("serialises"),
        );
        let wrap = self.make_wrap_of(kind.clone(), tag.clone(), secret, &json)?;
        let account = Account {
            admin: keys.admin.is_some(),
            kind: kind.clone(),
            tag: tag.clone(),
            wrap,
            keys: seal_keys(&recipient, keys)?,
            next: next.map(|n| seal_keys(&recipient, n)).transpose()?,
            recipient,
        };
        self.accounts.retain(|a| !(a.kind == kind && a.tag == tag));
        self.wraps.retain(|w| !(w.kind == kind && w.tag == tag));
        self.revoked.retain(|t| *t != tag);
        self.accounts.push(account);
        Ok(())
    }

    /// Hand new keys to an existing account (no password needed).
    pub fn reseal_account(
        &mut self,
        kind: &WrapKind,
        tag: &str,
        keys: &KeySet,
        next: bool,
    ) -> Result<()> {
        let a = self
            .account_mut(kind, tag)
            .ok_or_else(|| VaultError::NotFound("account".into()))?;
        let sealed = seal_keys(&a.recipient, keys)?;
        if next {
            a.next = Some(sealed);
        } else {
            a.admin = keys.admin.is_some();
            a.keys = sealed;
        }
        Ok(())
    }

    /// Open an account with its password or code. `Ok(None)`: wrong secret.
    /// Legacy wraps are opened too (their key set has no admin key).
    pub fn open_account(
        &self,
        kind: &WrapKind,
        tag: &str,
        secret: &[u8],
    ) -> Result<Option<Opened>> {
        if let Some(a) = self.account(kind, tag) {
            let Some(mut pt) = self.open_wrap_of(&a.wrap, secret)? else {
                return Ok(None);
            };
            let parsed: std::result::Result<SecretJson, _> = serde_json::from_slice(&pt);
            pt.zeroize();
            let mut sj =
                parsed.map_err(|_| VaultError::Keyring("an account's secret is damaged".into()))?;
            let identity = age::x25519::Identity::from_str(&sj.identity)
                .map_err(|_| VaultError::Keyring("an account's identity is damaged".into()));
            sj.identity.zeroize();
            let identity = identity?;
            if identity.to_public().to_string() != a.recipient {
                return Err(VaultError::Keyring(
                    "an account's recipient does not match its identity".into(),
                ));
            }
            let current = open_keys(&identity, &a.keys)?;
            let next = a
                .next
                .as_ref()
                .map(|n| open_keys(&identity, n))
                .transpose()?;
            return Ok(Some(Opened {
                identity: Some(identity),
                pin: sj.pin,
                current,
                next,
            }));
        }
        match self.wraps.iter().find(|w| &w.kind == kind && w.tag == tag) {
            Some(w) => Ok(self.open_legacy(w, secret)?.map(|data| Opened {
                identity: None,
                pin: None,
                current: KeySet {
                    epoch: self.epoch,
                    data,
                    admin: None,
                },
                next: None,
            })),
            None => {
                // Same work for an unknown account, so timing does not tell.
                let _ = self.kdf.derive(secret, &[0u8; 16]);
                Ok(None)
            }
        }
    }

    /// Remove an account (and any legacy wrap) with this tag.
    pub fn remove_account(&mut self, kind: &WrapKind, tag: &str) {
        self.accounts.retain(|a| !(&a.kind == kind && a.tag == tag));
        self.wraps.retain(|w| !(&w.kind == kind && w.tag == tag));
    }

    /// Every account's tag and kind (format 2 and legacy).
    pub fn account_tags(&self) -> Vec<(WrapKind, String)> {
        let mut v: Vec<(WrapKind, String)> = self
            .accounts
            .iter()
            .map(|a| (a.kind.clone(), a.tag.clone()))
            .chain(self.wraps.iter().map(|w| (w.kind.clone(), w.tag.clone())))
            .collect();
        v.sort_by(|a, b| (format!("{:?}", a.0), &a.1).cmp(&(format!("{:?}", b.0), &b.1)));
        v.dedup();
        v
    }

    // ---- administrators' public keys -------------------------------------------------

    fn successor_msg(&self, epoch: u32, public: &str) -> Vec<u8> {
        format!(
            "tiepnhan/admin-successor/v1|{}|{epoch}|{public}",
            self.vault_id
        )
        .into_bytes()
    }

    /// The current administrators' public key, if the vault has one.
    pub fn admin_public(&self) -> Option<&AdminCert> {
        self.admin_keys.last()
    }

    /// Start the chain with a first admin key.
    pub fn set_first_admin_key(&mut self, key: &AdminKey) {
        self.admin_keys = vec![AdminCert {
            epoch: 1,
            public: key.public_b64(),
            sig: String::new(),
        }];
    }

    /// Append a successor key, signed by the current one.
    pub fn push_admin_key(&mut self, current: &AdminKey, next: &AdminKey) -> AdminPin {
        let epoch = self.admin_keys.last().map(|c| c.epoch + 1).unwrap_or(1);
        let public = next.public_b64();
        let sig = current.sign(&self.successor_msg(epoch, &public));
        self.admin_keys.push(AdminCert {
            epoch,
            public: public.clone(),
            sig,
        });
        AdminPin {
            epoch,
            public,
            root: self.admin_keys[0].public.clone(),
        }
    }

    /// The pin of the current admin key.
    pub fn current_pin(&self) -> Option<AdminPin> {
        self.admin_keys.last().map(|c| AdminPin {
            epoch: c.epoch,
            public: c.public.clone(),
            root: self.admin_keys[0].public.clone(),
        })
    }

    /// For a pin newer than the keyring's chain (the vault was restored from
    /// an older backup): whether the chain starts at the pin's root and each
    /// key is signed by the one before.
    pub fn chain_from_root_ok(&self, pin: &AdminPin) -> bool {
        let Some(first) = self.admin_keys.first() else {
            return false;
        };
        !pin.root.is_empty()
            && first.public == pin.root
            && self
                .verify_pin(&AdminPin {
                    epoch: first.epoch,
                    public: first.public.clone(),
                    root: first.public.clone(),
                })
                .is_ok()
    }

    /// Follow the successor certificates from an account's pin to the current
    /// key. `Err` names what is wrong (a forged or unknown key).
    pub fn verify_pin(&self, pin: &AdminPin) -> std::result::Result<AdminPin, String> {
        let start = self
            .admin_keys
            .iter()
            .position(|c| c.epoch == pin.epoch && c.public == pin.public)
            .ok_or_else(|| {
                "the administrators' key in keyring.json is not the one this account knows"
                    .to_string()
            })?;
        for w in self.admin_keys[start..].windows(2) {
            if w[1].epoch != w[0].epoch + 1
                || !verify_sig(
                    &w[0].public,
                    &self.successor_msg(w[1].epoch, &w[1].public),
                    &w[1].sig,
                )
            {
                return Err(format!(
                    "the administrators' key #{} is not signed by the key before it",
                    w[1].epoch
                ));
            }
        }
        Ok(self.current_pin().expect("the chain is not empty"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::keyring::KdfParams;

    #[test]
    fn an_account_opens_its_keys_and_nothing_else() {
        let mut kr = Keyring::new("v".into(), KdfParams::FLOOR, chrono::Utc::now());
        let admin = AdminKey::generate();
        kr.set_first_admin_key(&admin);
        let keys = KeySet {
            epoch: 1,
            data: DataKey::generate(),
            admin: Some(admin.clone()),
        };
        let tag = kr.user_tag("admin");
        kr.put_account(
            WrapKind::User,
            tag.clone(),
            b"mat khau dai du 12",
            kr.current_pin(),
            &keys,
            None,
        )
        .unwrap();
        assert!(
            kr.open_account(&WrapKind::User, &tag, b"wrong password")
                .unwrap()
                .is_none()
        );
        let o = kr
            .open_account(&WrapKind::User, &tag, b"mat khau dai du 12")
            .unwrap()
            .unwrap();
        assert_eq!(o.current.data.bytes(), keys.data.bytes());
        assert_eq!(o.current.admin.unwrap().public_b64(), admin.public_b64());
        assert_eq!(kr.verify_pin(o.pin.as_ref().unwrap()).unwrap().epoch, 1);
        // A successor key is accepted through its certificate; a forged one is not.
        let next = AdminKey::generate();
        kr.push_admin_key(&admin, &next);
        assert_eq!(kr.verify_pin(o.pin.as_ref().unwrap()).unwrap().epoch, 2);
        let forger = AdminKey::generate();
        let mut forged = kr.clone();
        forged.admin_keys.pop();
        forged.push_admin_key(&forger, &AdminKey::generate());
        assert!(forged.verify_pin(o.pin.as_ref().unwrap()).is_err());
    }
}

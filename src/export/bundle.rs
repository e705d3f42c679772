//! Transfer bundles on the wire: the payload (JSON) signed with the unit's
//! Ed25519 key, then encrypted with age — to a passphrase or to the desk's
//! age public key. One file, written atomically. Reading a bundle never
//! panics, whatever the bytes.

use std::io::{Read, Write};
use std::iter;
use std::str::FromStr;

use age::secrecy::SecretString;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::domain::bundle::{self, Payload};

pub const ENVELOPE: &str = "tiepnhan-signed/1";
/// The largest bundle read (decrypted): 2 GiB would not fit a laptop anyway.
pub const MAX_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("the bundle is damaged or incomplete (it could not be decrypted)")]
    Damaged,
    #[error("wrong bundle passphrase or key")]
    WrongKey,
    #[error("this bundle needs {0}")]
    NeedsKey(&'static str),
    #[error("not a TiepNhan bundle")]
    NotABundle,
    #[error("the signature does not match: the bundle was altered or signed with another key")]
    BadSignature,
    #[error("signed by a unit this desk does not trust (fingerprint {0})")]
    Untrusted(String),
    #[error("invalid bundle: {0}")]
    Invalid(String),
    #[error("{0}")]
    Io(String),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    public_key: String,
    signature: String,
    payload: String,
}

/// How a bundle is encrypted.
pub enum Seal<'a> {
    Passphrase(&'a str),
    /// An age X25519 public key (`age1...`).
    Recipient(&'a str),
}

/// Sign and encrypt a payload.
pub fn seal(payload: &Payload, key: &SigningKey, how: Seal<'_>) -> Result<Vec<u8>, BundleError> {
    let bytes = serde_json::to_vec(payload).map_err(|e| BundleError::Io(e.to_string()))?;
    let signature = key.sign(&bytes);
    let env = Envelope {
        format: ENVELOPE.into(),
        public_key: B64.encode(key.verifying_key().to_bytes()),
        signature: B64.encode(signature.to_bytes()),
        payload: B64.encode(&bytes),
    };
    let plain = serde_json::to_vec(&env).map_err(|e| BundleError::Io(e.to_string()))?;
    let encryptor = match how {
        Seal::Passphrase(p) => {
            age::Encryptor::with_user_passphrase(SecretString::from(p.to_string()))
        }
        Seal::Recipient(r) => {
            let r = age::x25519::Recipient::from_str(r.trim())
                .map_err(|_| BundleError::Invalid("not an age public key (age1...)".into()))?;
            age::Encryptor::with_recipients(iter::once(&r as &dyn age::Recipient))
                .map_err(|e| BundleError::Io(e.to_string()))?
        }
    };
    let mut out = Vec::with_capacity(plain.len() + 1024);
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| BundleError::Io(e.to_string()))?;
    w.write_all(&plain)
        .map_err(|e| BundleError::Io(e.to_string()))?;
    w.finish().map_err(|e| BundleError::Io(e.to_string()))?;
    Ok(out)
}

/// How to open a bundle.
pub enum Key<'a> {
    Passphrase(&'a str),
    /// The contents of an age identity file (`AGE-SECRET-KEY-...`).
    Identity(&'a str),
}

/// Decrypt, check the signature and parse; validation of the records follows.
/// Returns the payload and the signer's public key (base64).
pub fn open(bytes: &[u8], key: Key<'_>) -> Result<(Payload, String), BundleError> {
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(|e| match e {
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
            BundleError::NotABundle
        }
        _ => BundleError::Damaged,
    })?;
    let scrypt = decryptor.is_scrypt();
    let reader = match key {
        Key::Passphrase(p) => {
            if !scrypt {
                return Err(BundleError::NeedsKey("an age identity file (--identity)"));
            }
            let mut id = age::scrypt::Identity::new(SecretString::from(p.to_string()));
            id.set_max_work_factor(22);
            decryptor.decrypt(iter::once(&id as &dyn age::Identity))
        }
        Key::Identity(text) => {
            if scrypt {
                return Err(BundleError::NeedsKey("a passphrase"));
            }
            let ids = age::IdentityFile::from_buffer(text.as_bytes())
                .and_then(|f| {
                    f.into_identities()
                        .map_err(|e| std::io::Error::other(e.to_string()))
                })
                .map_err(|_| BundleError::Invalid("not an age identity file".into()))?;
            decryptor.decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
        }
    }
    .map_err(|e| match e {
        age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
            BundleError::WrongKey
        }
        _ => BundleError::Damaged,
    })?;
    let mut plain = Vec::new();
    reader
        .take(MAX_BYTES)
        .read_to_end(&mut plain)
        .map_err(|_| BundleError::Damaged)?;
    let env: Envelope = serde_json::from_slice(&plain).map_err(|_| BundleError::NotABundle)?;
    if env.format != ENVELOPE {
        return Err(BundleError::NotABundle);
    }
    let public: [u8; 32] = B64
        .decode(&env.public_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or(BundleError::BadSignature)?;
    let signature: [u8; 64] = B64
        .decode(&env.signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or(BundleError::BadSignature)?;
    let payload_bytes = B64
        .decode(&env.payload)
        .map_err(|_| BundleError::NotABundle)?;
    let vk = VerifyingKey::from_bytes(&public).map_err(|_| BundleError::BadSignature)?;
    vk.verify(&payload_bytes, &Signature::from_bytes(&signature))
        .map_err(|_| BundleError::BadSignature)?;
    let payload: Payload = serde_json::from_slice(&payload_bytes)
        .map_err(|e| BundleError::Invalid(first_line(&e.to_string())))?;
    if payload.sender.public_key != env.public_key {
        return Err(BundleError::BadSignature);
    }
    bundle::validate(&payload).map_err(|e| BundleError::Invalid(e.to_string()))?;
    Ok((payload, env.public_key))
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect()
}

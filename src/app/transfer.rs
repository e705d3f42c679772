//! Transfer bundles between vaults (a border post to the provincial desk):
//! made, signed with the unit key and encrypted; checked against the trusted
//! senders and previewed; imported in one transaction.

use std::path::Path;

use super::{AppError, Result};
use crate::domain::bundle::{Payload, Preview};
use crate::export::bundle::{self, BundleError, Key, Seal};
use crate::vault::{Vault, fsio};

/// What a bundle was made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub cases: usize,
    pub sequence: i64,
}

/// Make a bundle for a recipient (an age public key) or a passphrase, write
/// it to `out` and remember it as sent (for "only what changed since").
pub fn export_to(v: &mut Vault, out: &Path, how: Seal<'_>, since_last: bool) -> Result<Sent> {
    let to = match &how {
        Seal::Recipient(r) => r.trim().to_string(),
        Seal::Passphrase(_) => "passphrase".to_string(),
    };
    let payload = v.bundle_payload(&to, since_last)?;
    let key = v.unit_signing_key()?;
    let bytes = bundle::seal(&payload, &key, how).map_err(refused)?;
    fsio::write_atomic(out, &bytes)?;
    v.record_bundle_sent(&to, &payload)?;
    Ok(Sent {
        cases: payload.cases.len(),
        sequence: payload.sequence,
    })
}

fn refused(e: BundleError) -> AppError {
    AppError::Refused(e.to_string())
}

/// A bundle opened and its signer found among the trusted units.
pub struct Opened {
    pub payload: Payload,
    /// The sender's fingerprint and unit name as this desk trusts them.
    pub fingerprint: String,
    pub unit: String,
}

/// Decrypt and verify a bundle; refused unless its signer is trusted here.
pub fn open(v: &Vault, bytes: &[u8], key: Key<'_>) -> Result<Opened> {
    let (payload, public) = bundle::open(bytes, key).map_err(refused)?;
    let (fingerprint, unit) = v.trusted_sender(&public)?.ok_or_else(|| {
        let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &public)
            .unwrap_or_default();
        refused(BundleError::Untrusted(crate::vault::transfer::fingerprint(&raw)))
    })?;
    Ok(Opened {
        payload,
        fingerprint,
        unit,
    })
}

/// What importing a bundle would change (nothing is written).
pub fn preview(v: &Vault, bytes: &[u8], key: Key<'_>) -> Result<(Preview, Opened)> {
    let o = open(v, bytes, key)?;
    let p = v.preview_import(&o.payload, &o.fingerprint)?;
    Ok((p, o))
}

/// Import a bundle (one transaction, audited).
pub fn import(v: &mut Vault, bytes: &[u8], key: Key<'_>) -> Result<Preview> {
    let o = open(v, bytes, key)?;
    Ok(v.apply_import(&o.payload, &o.fingerprint)?)
}

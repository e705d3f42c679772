//! Transfer bundles between vaults (a border post to the provincial desk):
//! made, signed with the unit key and encrypted; checked against the trusted
//! senders and previewed; imported in one transaction.

use std::path::Path;

use super::{AppError, Result};
use crate::domain::bundle::{Payload, Preview};
use crate::export::bundle::{self, BundleError, Key, Limits, Seal};
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
    // A person who withdrew their consent: their data does not leave in a bundle.
    let ids: Vec<String> = payload.cases.iter().map(|c| c.record.id.clone()).collect();
    let withdrawn = v.withdrawn_among(&ids)?;
    if !withdrawn.is_empty() {
        return Err(AppError::Refused(format!(
            "consent withdrawn for case {}: a bundle cannot carry their data",
            withdrawn.join(", ")
        )));
    }
    let key = v.unit_signing_key()?;
    // Written as it is encrypted: a bundle with photos is hundreds of
    // megabytes, and holding it whole would double what the export takes.
    fsio::write_atomic_with(out, |f| {
        bundle::seal_to(&payload, &key, how, f).map_err(refused)
    })?;
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

/// Open a bundle file: its size checked before reading, decrypted as a
/// stream, its signer checked against the trusted units before the payload
/// is read (a bundle from an untrusted unit is refused after a few
/// kilobytes), then its signature and contents.
pub fn open(v: &Vault, path: &Path, key: Key<'_>, limits: &Limits) -> Result<Opened> {
    let o = bundle::open_file(path, key, limits, |public| {
        v.trusted_sender(public)
            .map_err(|e| BundleError::Io(e.to_string()))
    })
    .map_err(refused)?;
    let (fingerprint, unit) = o.sender;
    Ok(Opened {
        payload: o.payload,
        fingerprint,
        unit,
    })
}

/// What importing a bundle would change (nothing is written).
pub fn preview(v: &Vault, path: &Path, key: Key<'_>, limits: &Limits) -> Result<(Preview, Opened)> {
    let o = open(v, path, key, limits)?;
    let p = v.preview_import(&o.payload, &o.fingerprint)?;
    Ok((p, o))
}

/// Import a bundle (one transaction, audited).
pub fn import(v: &mut Vault, path: &Path, key: Key<'_>, limits: &Limits) -> Result<Preview> {
    let o = open(v, path, key, limits)?;
    Ok(v.apply_import(&o.payload, &o.fingerprint)?)
}

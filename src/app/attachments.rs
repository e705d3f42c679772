//! Attachments: a file from disk into the vault (its size checked before it
//! is read), a copy for the system viewer or the printer, and the
//! attachments a referral package may carry.

use std::io::Read;
use std::path::Path;

use super::{AppError, Result};
use crate::domain::attachment::{self, AttachmentKind, MAX_BYTES};
use crate::domain::referral::Referral;
use crate::vault::attachments::{AttachmentMeta, Owner};
use crate::vault::{Vault, VaultError};

/// Read a file to attach: refused unread when it is larger than 20 MB.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| VaultError::io("read the file to attach", e);
    let f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    if len > MAX_BYTES {
        return Err(AppError::Refused(
            attachment::AttachmentProblem::TooLarge(len).to_string(),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // A file that grows while it is read still stops at the limit.
    f.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(AppError::Refused(
            attachment::AttachmentProblem::TooLarge(bytes.len() as u64).to_string(),
        ));
    }
    Ok(bytes)
}

/// Attach a file to a case or a batch (audited by the vault).
pub fn add_file(
    v: &mut Vault,
    owner: &Owner,
    kind: AttachmentKind,
    path: &Path,
) -> Result<AttachmentMeta> {
    let bytes = read_file(path)?;
    Ok(v.add_attachment(owner, kind, &bytes)?)
}

/// The file name of a copy: what it is and when, nothing about the person.
pub fn file_name(meta: &AttachmentMeta) -> String {
    format!(
        "tep-dinh-kem-{}-{}.{}",
        meta.kind.key().replace('_', "-"),
        crate::clock::now().format("%Y%m%d-%H%M"),
        meta.content_type.ext()
    )
}

/// What goes into a referral package: the attachments the officer chose,
/// each of this case and covered by the referral's consent
/// (`domain::attachment::referral_may_carry`). Anything else is refused,
/// never silently dropped. Names in the package: `dinh-kem/NN-kind.ext`.
pub fn for_referral(
    v: &Vault,
    referral: &Referral,
    chosen: &[String],
) -> Result<Vec<(String, AttachmentMeta, Vec<u8>)>> {
    let mut out = Vec::with_capacity(chosen.len());
    for (i, id) in chosen.iter().enumerate() {
        let meta = v.attachment(id)?;
        if meta.owner != Owner::Case(referral.case_id.clone()) {
            return Err(AppError::Refused(
                "a chosen attachment is not one of this case's".into(),
            ));
        }
        if !attachment::referral_may_carry(referral, meta.kind) {
            return Err(AppError::Refused(
                "the person's consent does not cover sharing attachments with this referral".into(),
            ));
        }
        let bytes = v.read_attachment(id)?;
        let name = format!(
            "dinh-kem/{:02}-{}.{}",
            i + 1,
            meta.kind.key().replace('_', "-"),
            meta.content_type.ext()
        );
        out.push((name, meta, bytes));
    }
    Ok(out)
}

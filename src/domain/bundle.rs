//! Transfer bundles between TiepNhan vaults (border post -> provincial desk):
//! the signed payload and its validation. Encryption and signatures are done
//! by the export layer; this is the shape and the rules.

use serde::{Deserialize, Serialize};

use super::batch::BatchRecord;
use super::case::CaseRecord;
use super::referral::Referral;
use super::screening::ScreeningRecord;

pub const FORMAT: &str = "tiepnhan-bundle/1";

/// The fingerprint of a unit's public key: the first 16 bytes of its SHA-256,
/// in groups of four hex digits (read aloud to compare keys).
pub fn fingerprint(public: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(public);
    hex::encode_upper(&h[..16])
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).expect("hex is ascii"))
        .collect::<Vec<_>>()
        .join(" ")
}
pub const MAX_CASES: usize = 200_000;
pub const MAX_TEXT: usize = 20_000;

/// An audit event of the sending vault about a case in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleAudit {
    pub seq: i64,
    pub ts: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub details: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleCase {
    pub record: CaseRecord,
    /// The sender's version of the case (grows with every change of the form).
    pub version: i64,
    /// The newest change to the case, its screenings or referrals (RFC 3339,
    /// UTC): an import never goes back to an older revision.
    pub revision: String,
    #[serde(default)]
    pub screenings: Vec<ScreeningRecord>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    /// The case's attachments (absent from bundles without any, so older
    /// desks still read those).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<BundleAttachment>,
}

/// An attachment carried by a bundle: its record and its bytes (base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleAttachment {
    pub id: String,
    pub kind: super::attachment::AttachmentKind,
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
    pub data: String,
}

/// At most this many attachments per case or batch in a bundle.
pub const MAX_ATTACHMENTS: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub unit: String,
    pub vault_id: String,
    /// Base64 of the Ed25519 public key.
    pub public_key: String,
}

/// A point of the sender's audit chain: its sequence number and hash (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainPoint {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    pub format: String,
    pub bundle_id: String,
    pub sender: Sender,
    pub created_at: String,
    /// Grows with every bundle the sender makes: an older one is a replay.
    pub sequence: i64,
    pub cases: Vec<BundleCase>,
    #[serde(default)]
    pub batches: Vec<BatchRecord>,
    /// The attachments of the batches carried (batch id -> attachments).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub batch_attachments: std::collections::BTreeMap<String, Vec<BundleAttachment>>,
    #[serde(default)]
    pub audit: Vec<BundleAudit>,
    /// The sender's audit head when the bundle was made.
    #[serde(default)]
    pub checkpoint: Option<ChainPoint>,
    /// The checkpoints of the sender's earlier bundles, with the hash its
    /// audit log holds at each now: a desk that kept one of them sees that
    /// this bundle's chain extends it (or refuses a rolled-back sender).
    #[serde(default)]
    pub prior_checkpoints: Vec<ChainPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    #[error("unknown bundle format '{0}'")]
    Format(String),
    #[error("too many cases ({0})")]
    TooMany(usize),
    #[error("case {index}: {reason}")]
    Case { index: usize, reason: String },
    #[error("the same case appears twice ({0})")]
    DuplicateCase(String),
    #[error("a batch attachment: {0}")]
    Attachment(String),
}

fn too_long(s: &str) -> bool {
    s.len() > MAX_TEXT
}

fn check_texts(c: &CaseRecord) -> Option<&'static str> {
    let id = &c.identity;
    let fields: [(&str, &'static str); 12] = [
        (&id.full_name, "full_name"),
        (&id.other_names, "other_names"),
        (&id.id_number, "id_number"),
        (&id.passport_number, "passport_number"),
        (&c.address.as_on_papers, "address"),
        (&c.journey.work_done, "work_done"),
        (&c.journey.how_recruited, "how_recruited"),
        (&c.journey.recruiter_contacts, "recruiter_contacts"),
        (&c.health.condition, "health"),
        (&c.notes, "notes"),
        (&c.wishes, "wishes"),
        (&c.documents, "documents"),
    ];
    fields
        .into_iter()
        .find(|(v, _)| too_long(v))
        .map(|(_, n)| n)
}

/// What is wrong with an attachment record of a bundle (its bytes are
/// checked when they are decoded and stored).
fn attachment_problem(a: &BundleAttachment) -> Option<&'static str> {
    if uuid::Uuid::parse_str(&a.id).is_err() {
        return Some("an attachment id is not a UUID");
    }
    if a.sha256.len() != 64 || a.added_at.len() > 40 || a.added_by.len() > 64 {
        return Some("an attachment record is malformed");
    }
    // Base64 of at most 20 MB.
    if a.data.len() as u64 > super::attachment::MAX_BYTES.div_ceil(3) * 4 {
        return Some("an attachment is larger than 20 MB");
    }
    None
}

/// Validate a payload: format, sizes, required fields, ids that are ids.
pub fn validate(p: &Payload) -> Result<(), BundleProblem> {
    if p.format != FORMAT {
        return Err(BundleProblem::Format(p.format.chars().take(40).collect()));
    }
    if p.cases.len() > MAX_CASES {
        return Err(BundleProblem::TooMany(p.cases.len()));
    }
    for list in p.batch_attachments.values() {
        if list.len() > MAX_ATTACHMENTS {
            return Err(BundleProblem::Attachment("too many attachments".into()));
        }
        if let Some(why) = list.iter().find_map(attachment_problem) {
            return Err(BundleProblem::Attachment(why.into()));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (index, bc) in p.cases.iter().enumerate() {
        let c = &bc.record;
        let bad = |reason: &str| BundleProblem::Case {
            index,
            reason: reason.to_string(),
        };
        if uuid::Uuid::parse_str(&c.id).is_err() {
            return Err(bad("the case id is not a UUID"));
        }
        if c.number.is_empty() || c.number.len() > 40 {
            return Err(bad("no case number"));
        }
        if c.person_id.is_empty() || c.person_id.len() > 64 {
            return Err(bad("no person id"));
        }
        if c.identity.full_name.trim().is_empty() {
            return Err(bad("no name"));
        }
        if c.received_on.is_none() {
            return Err(bad("no reception date"));
        }
        if bc.version < 1 {
            return Err(bad("the version is not positive"));
        }
        if let Some(f) = check_texts(c) {
            return Err(bad(&format!("{f} is too long")));
        }
        if c.children.len() > 50 || bc.screenings.len() > 100 || bc.referrals.len() > 100 {
            return Err(bad("too many linked records"));
        }
        for s in &bc.screenings {
            if s.case_id != c.id || uuid::Uuid::parse_str(&s.id).is_err() {
                return Err(bad("a screening of another case"));
            }
        }
        for r in &bc.referrals {
            if r.case_id != c.id || uuid::Uuid::parse_str(&r.id).is_err() {
                return Err(bad("a referral of another case"));
            }
        }
        if bc.attachments.len() > MAX_ATTACHMENTS {
            return Err(bad("too many attachments"));
        }
        if let Some(why) = bc.attachments.iter().find_map(attachment_problem) {
            return Err(bad(why));
        }
        if !seen.insert(c.id.clone()) {
            return Err(BundleProblem::DuplicateCase(c.number.clone()));
        }
    }
    Ok(())
}

/// What an import does with one case of a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// A case this vault does not hold: written with its records.
    New,
    /// A case imported before from this sender and not changed here since:
    /// replaced by the incoming version.
    Update,
    /// Kept aside for a supervisor to settle; nothing of the vault is written.
    Conflict,
    /// The same revision was imported before: nothing is written.
    Unchanged,
}

/// Why an incoming case is kept aside as a conflict instead of written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// The case was changed here since it was last imported from this sender.
    ChangedHere,
    /// A case with this id is held here but never came from this sender.
    NotFromSender,
    /// A screening in the bundle has the id of a screening of another case here
    /// (or of another case in the same bundle).
    ScreeningOfAnotherCase,
    /// A referral in the bundle has the id of a referral of another case here
    /// (or of another case in the same bundle).
    ReferralOfAnotherCase,
}

impl ConflictReason {
    /// A stable key (the window translates it: `conflict-reason-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            ConflictReason::ChangedHere => "changed_here",
            ConflictReason::NotFromSender => "not_from_sender",
            ConflictReason::ScreeningOfAnotherCase => "screening_of_another_case",
            ConflictReason::ReferralOfAnotherCase => "referral_of_another_case",
        }
    }

    pub fn from_key(s: &str) -> Option<ConflictReason> {
        [
            ConflictReason::ChangedHere,
            ConflictReason::NotFromSender,
            ConflictReason::ScreeningOfAnotherCase,
            ConflictReason::ReferralOfAnotherCase,
        ]
        .into_iter()
        .find(|r| r.key() == s)
    }
}

/// One case of a bundle in the preview: what will happen to it and which
/// records will be written. Nothing outside these lists is ever changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewItem {
    pub case_id: String,
    /// The sender's case number.
    pub number: String,
    pub action: ImportAction,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ConflictReason>,
    /// Ids of the screening records written (new or updated); empty unless
    /// the action is `new` or `update`.
    pub screenings: Vec<String>,
    /// Ids of the referrals written; empty unless `new` or `update`.
    pub referrals: Vec<String>,
}

/// What an import would do, before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub new: usize,
    pub updated: usize,
    pub conflicts: usize,
    pub unchanged: usize,
    /// Per case, in the order of the bundle.
    pub items: Vec<PreviewItem>,
}

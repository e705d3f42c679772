//! The audit chain rule: `hash = SHA-256(prev_hash || canonical event)`, where
//! `prev_hash` is the previous event's `hash` (only `hash` is stored).
//! Events name records and fields, never their values.

use sha2::{Digest, Sha256};

/// The first `prev_hash` of a vault's chain, bound to the vault id so a chain
/// cannot be moved from one vault to another.
pub fn genesis(vault_id: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"tiepnhan/audit-genesis/v1/");
    h.update(vault_id.as_bytes());
    h.finalize().into()
}

/// The canonical byte form of an event: a JSON array, unambiguous and stable.
pub fn canonical(
    seq: i64,
    ts: &str,
    actor: &str,
    action: &str,
    target: &str,
    details: &str,
) -> Vec<u8> {
    serde_json::to_vec(&(seq, ts, actor, action, target, details)).expect("tuple serialises")
}

pub fn chain_hash(prev: &[u8], canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(canonical);
    h.finalize().into()
}

/// Actions recorded in the audit log.
pub mod action {
    pub const VAULT_CREATED: &str = "vault_created";
    pub const LOGIN: &str = "login";
    pub const LOGIN_FAILED: &str = "login_failed";
    pub const LOCK: &str = "lock";
    pub const RECOVERY_USED: &str = "recovery_used";
    pub const USER_CREATED: &str = "user_created";
    pub const USER_CHANGED: &str = "user_changed";
    pub const PASSWORD_CHANGED: &str = "password_changed";
    pub const ACCOUNT_UNLOCKED: &str = "account_unlocked";
    pub const SETTINGS_CHANGED: &str = "settings_changed";
    pub const INTEGRITY_CHECK: &str = "integrity_check";
    pub const DRAFT_SAVED: &str = "draft_saved";
    pub const AUDIT_VIEWED: &str = "audit_viewed";
    pub const BATCH_CREATED: &str = "batch_created";
    pub const BATCH_UPDATED: &str = "batch_updated";
    pub const BATCH_VIEWED: &str = "batch_viewed";
    pub const CASE_CREATED: &str = "case_created";
    pub const CASE_VIEWED: &str = "case_viewed";
    pub const CASE_UPDATED: &str = "case_updated";
    pub const CASE_SEARCHED: &str = "case_searched";
    pub const DUPLICATE_LINKED: &str = "duplicate_linked";
    pub const DUPLICATE_DISMISSED: &str = "duplicate_dismissed";
    pub const SCREENING_SAVED: &str = "screening_saved";
    pub const DECISION_RECORDED: &str = "decision_recorded";
    pub const DECISION_APPROVED: &str = "decision_approved";
    pub const DECISION_RETURNED: &str = "decision_returned";
    pub const REFERRAL_CREATED: &str = "referral_created";
    pub const REFERRAL_UPDATED: &str = "referral_updated";
    pub const REFERRAL_STATUS: &str = "referral_status";
    pub const EXPORT: &str = "export";
    pub const PRINT: &str = "print";
    pub const REPORT: &str = "report";
    pub const BACKUP: &str = "backup";
    pub const RESTORE: &str = "restore";
    pub const BUNDLE_EXPORTED: &str = "bundle_exported";
    pub const BUNDLE_IMPORTED: &str = "bundle_imported";
    /// A handover list imported into a batch (details: the file's SHA-256, counts).
    pub const LIST_IMPORTED: &str = "list_imported";
    pub const TRUST_ADDED: &str = "trust_added";
    pub const CONFLICT_SETTLED: &str = "conflict_settled";
    pub const TRUST_REMOVED: &str = "trust_removed";
    pub const REKEY_STARTED: &str = "rekey_started";
    pub const REKEY_COMPLETED: &str = "rekey_completed";
    pub const REKEY_ROLLED_BACK: &str = "rekey_rolled_back";
    pub const ADMIN_KEY_CREATED: &str = "admin_key_created";
    pub const ACCOUNT_CONVERTED: &str = "account_converted";
    pub const STATE_MISMATCH: &str = "state_mismatch";
    pub const STATE_ACCEPTED: &str = "state_accepted";
    pub const LOCKOUT_TAMPERED: &str = "lockout_tampered";
    pub const KDF_TAMPERED: &str = "kdf_tampered";
    pub const AUDIT_ALARM: &str = "audit_alarm";
    /// The personal-data notice given to a person (details: counts of answers).
    pub const NOTICE_RECORDED: &str = "notice_recorded";
    /// A request of the person registered (details: its kind).
    pub const RIGHTS_REQUESTED: &str = "rights_requested";
    /// The administrator set a request's deadline.
    pub const RIGHTS_DEADLINE: &str = "rights_deadline";
    /// The administrator decided a request (details: kind and decision).
    pub const RIGHTS_DECIDED: &str = "rights_decided";
    /// What retention would remove, looked at (details: counts).
    pub const RETENTION_REVIEWED: &str = "retention_reviewed";
    /// Retention removed a case's data (details: what and the rule, no values).
    pub const RETENTION_REMOVED: &str = "retention_removed";
    /// A file attached to a case or a batch (details: kind, format, size, SHA-256).
    pub const ATTACHMENT_ADDED: &str = "attachment_added";
    /// An attachment opened, printed or saved (details: which, what for).
    pub const ATTACHMENT_OPENED: &str = "attachment_opened";
    pub const ATTACHMENT_REMOVED: &str = "attachment_removed";
    /// A paper issued: its number and date fixed (details: kind and number).
    pub const PAPER_ISSUED: &str = "paper_issued";
    /// People who are not victims handed to their home locality (details: counts).
    pub const CITIZENS_HANDED_OVER: &str = "citizens_handed_over";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_is_unambiguous() {
        let a = canonical(1, "t", "a|b", "c", "d", "{}");
        let b = canonical(1, "t", "a", "b|c", "d", "{}");
        assert_ne!(a, b);
        assert_ne!(
            chain_hash(&genesis("v1"), &a),
            chain_hash(&genesis("v2"), &a)
        );
    }
}

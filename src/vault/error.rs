use std::path::PathBuf;

/// Errors of the encrypted store. Messages never contain a person's data or a secret.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("file error ({context}): {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("no vault at {0}")]
    NoVault(PathBuf),
    #[error("a vault already exists at {0}")]
    VaultExists(PathBuf),
    #[error("the vault is open in another TiepNhan window or process")]
    Busy,
    #[error("wrong username or passphrase")]
    WrongCredentials { failures: u32 },
    #[error("too many failed attempts: wait {seconds} s before trying again")]
    Wait { seconds: u64 },
    #[error(
        "this account is locked after 10 failed attempts; use the recovery code or ask an administrator"
    )]
    HardLocked,
    #[error("this account is deactivated")]
    Deactivated,
    #[error("wrong recovery code")]
    WrongRecoveryCode,
    #[error("the keyring file is damaged: {0}")]
    Keyring(String),
    #[error("the database is damaged: {0}")]
    Corrupt(String),
    #[error(
        "the vault was made by a newer version of TiepNhan (schema {found}, this version knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error("not allowed for role {0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("already exists: {0}")]
    Duplicate(String),
    #[error("the disk is full or read-only: {0}")]
    Storage(String),
    #[error(
        "the vault was re-keyed and this account was not given the new key; ask an administrator for a new password"
    )]
    KeyChanged,
    #[error("supervisor and administrator rights are refused: {0}")]
    StateMismatch(String),
    #[error("{0}")]
    Password(#[from] crate::domain::security::PasswordProblem),
    #[error(
        "this account must change its password before anything else (sign in to the window once)"
    )]
    MustChangePassword,
    /// People cannot join a batch whose reception record is issued: the
    /// signed record names only the people received in that act.
    #[error(
        "the batch's reception record {} is issued: people received later go in a new batch",
        paper_ref(number, *issued_on)
    )]
    ReceptionIssued {
        number: String,
        issued_on: chrono::NaiveDate,
    },
}

/// "01/BB-ĐMB of 2026-08-20", or "of 2026-08-20" alone for a paper the
/// records office numbers by hand (its number is "/BB-ĐMB").
fn paper_ref(number: &str, issued_on: chrono::NaiveDate) -> String {
    if crate::domain::papers::Letterhead::is_blank_number(number) {
        format!("of {issued_on}")
    } else {
        format!("{number} of {issued_on}")
    }
}

impl VaultError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        let context = context.into();
        // By kind, so the same errors are recognised on every platform
        // (ENOSPC, EROFS, EDQUOT; ERROR_DISK_FULL, ERROR_WRITE_PROTECT, ...).
        match source.kind() {
            std::io::ErrorKind::StorageFull
            | std::io::ErrorKind::ReadOnlyFilesystem
            | std::io::ErrorKind::QuotaExceeded => {
                VaultError::Storage(format!("{context}: {source}"))
            }
            _ => VaultError::Io { context, source },
        }
    }

    /// True when the error comes from a full disk or read-only media.
    pub fn is_storage(&self) -> bool {
        match self {
            VaultError::Storage(_) => true,
            VaultError::Db(rusqlite::Error::SqliteFailure(e, msg)) => {
                matches!(
                    e.code,
                    rusqlite::ErrorCode::DiskFull
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::SystemIoFailure
                ) || msg.as_deref().is_some_and(|m| {
                    // Errors raised inside SQL functions (sqlcipher_export)
                    // keep only SQLite's message.
                    m.contains("disk is full") || m.contains("readonly database")
                })
            }
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, VaultError>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

    /// The operating system's own codes for a full disk, read-only media
    /// and an exhausted quota.
    fn storage_codes() -> Vec<i32> {
        #[cfg(unix)]
        return vec![libc::ENOSPC, libc::EROFS, libc::EDQUOT];
        #[cfg(windows)]
        {
            use windows_sys::Win32::Foundation as f;
            return vec![
                f::ERROR_DISK_FULL as i32,
                f::ERROR_HANDLE_DISK_FULL as i32,
                f::ERROR_WRITE_PROTECT as i32,
                f::ERROR_DISK_QUOTA_EXCEEDED as i32,
            ];
        }
        #[allow(unreachable_code)]
        Vec::new()
    }

    #[test]
    fn a_full_disk_read_only_media_or_quota_is_a_storage_error() {
        let codes = storage_codes();
        assert!(!codes.is_empty());
        for code in codes {
            let e = VaultError::io("write", Error::from_raw_os_error(code));
            assert!(e.is_storage(), "os error {code}: {e}");
        }
        let other = VaultError::io("write", Error::from(std::io::ErrorKind::PermissionDenied));
        assert!(!other.is_storage());
    }

    #[test]
    fn a_record_numbered_by_hand_is_cited_by_its_date_alone() {
        let on = chrono::NaiveDate::from_ymd_opt(2026, 8, 20).unwrap();
        let numbered = VaultError::ReceptionIssued {
            number: "01/BB-ĐMB".into(),
            issued_on: on,
        };
        assert!(
            numbered
                .to_string()
                .contains("record 01/BB-ĐMB of 2026-08-20 is issued"),
            "{numbered}"
        );
        let by_hand = VaultError::ReceptionIssued {
            number: "/BB-ĐMB".into(),
            issued_on: on,
        };
        let text = by_hand.to_string();
        assert!(text.contains("record of 2026-08-20 is issued"), "{text}");
        assert!(!text.contains("/BB"), "{text}");
    }
}

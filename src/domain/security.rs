//! Pure security rules: the failed-unlock policy, recovery-code format,
//! usernames and passwords, roles.

use serde::{Deserialize, Serialize};

/// Failures in a row after which the account is hard-locked.
pub const HARD_LOCK_AFTER: u32 = 10;
/// The first failure that imposes a waiting time.
pub const DELAY_FROM: u32 = 3;
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The waiting time imposed after `failures` failed attempts in a row:
/// none for the first two, then 2, 4, 8, 16, 32 seconds, capped at 60.
pub fn delay_after(failures: u32) -> u64 {
    if failures < DELAY_FROM {
        0
    } else {
        (1u64 << (failures - DELAY_FROM + 1).min(6)).min(60)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Officer,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Supervisor, Role::Admin];

    pub fn key(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn from_key(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == s)
    }

    /// Supervisors and admins approve decisions and referrals and read the audit log.
    pub fn can_supervise(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }

    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("username must be 3–32 characters: lower-case letters, digits, '.', '_' or '-'")]
    BadUsername,
    #[error("password must have at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("password must not contain line breaks")]
    PasswordLineBreak,
}

/// Normalise and validate a username (lower case ASCII).
pub fn normalize_username(raw: &str) -> Result<String, CredentialError> {
    let u = raw.trim().to_ascii_lowercase();
    let ok = (3..=32).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        && u.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(u)
    } else {
        Err(CredentialError::BadUsername)
    }
}

pub fn validate_password(p: &str) -> Result<(), CredentialError> {
    if p.contains(['\n', '\r']) {
        return Err(CredentialError::PasswordLineBreak);
    }
    if p.chars().count() < MIN_PASSWORD_CHARS {
        return Err(CredentialError::PasswordTooShort);
    }
    Ok(())
}

/// Crockford base32: no I, L, O or U, so a code copied by hand is read back the same.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const RECOVERY_GROUPS: usize = 6;
pub const RECOVERY_GROUP_LEN: usize = 5;

/// Format random bytes as a recovery code: 6 groups of 5 characters
/// (150 bits drawn, 30 characters), e.g. `7KQ2M-9XH4T-...`.
pub fn format_recovery_code(random: &[u8; 19]) -> String {
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut chars = Vec::with_capacity(RECOVERY_GROUPS * RECOVERY_GROUP_LEN);
    for &b in random {
        bits = (bits << 8) | b as u32;
        nbits += 8;
        while nbits >= 5 && chars.len() < RECOVERY_GROUPS * RECOVERY_GROUP_LEN {
            nbits -= 5;
            chars.push(ALPHABET[((bits >> nbits) & 31) as usize] as char);
        }
        bits &= (1 << nbits) - 1;
    }
    chars
        .chunks(RECOVERY_GROUP_LEN)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Read a recovery code as typed: case, spaces and dashes do not matter;
/// O is read as 0 and I or L as 1. Returns the canonical form or `None`.
pub fn parse_recovery_code(typed: &str) -> Option<String> {
    let mut chars = Vec::new();
    for c in typed.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        chars.push(c);
    }
    if chars.len() != RECOVERY_GROUPS * RECOVERY_GROUP_LEN {
        return None;
    }
    Some(
        chars
            .chunks(RECOVERY_GROUP_LEN)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_grows_from_the_third_failure() {
        assert_eq!(delay_after(1), 0);
        assert_eq!(delay_after(2), 0);
        assert_eq!(delay_after(3), 2);
        assert_eq!(delay_after(4), 4);
        assert_eq!(delay_after(7), 32);
        assert_eq!(delay_after(9), 60);
    }

    #[test]
    fn recovery_codes_round_trip_as_typed() {
        let code = format_recovery_code(&[0xA5; 19]);
        assert_eq!(code.len(), 6 * 5 + 5);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(parse_recovery_code(&typed).as_deref(), Some(code.as_str()));
        assert_eq!(parse_recovery_code("ABC"), None);
        assert_eq!(
            parse_recovery_code("oooooiiiiillllluuuuu0000011111"),
            None,
            "U is not in the alphabet"
        );
        assert_eq!(
            parse_recovery_code("ooooo iiiii lllll 00000 11111 22222").as_deref(),
            Some("00000-11111-11111-00000-11111-22222")
        );
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(normalize_username(" Admin ").unwrap(), "admin");
        assert!(normalize_username("a").is_err());
        assert!(normalize_username("nguyễn").is_err());
        assert!(validate_password("short").is_err());
        assert!(validate_password("mật khẩu dài đủ").is_ok());
    }
}

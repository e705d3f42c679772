//! Pure security rules: the failed-unlock policy, recovery-code format,
//! usernames and passwords, roles.

use serde::{Deserialize, Serialize};

/// Failures in a row after which the account is hard-locked.
pub const HARD_LOCK_AFTER: u32 = 10;
/// The first failure that imposes a waiting time.
pub const DELAY_FROM: u32 = 3;
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The waiting time imposed after `failures` failed attempts in a row:
/// none for the first two, then 2, 4, 8, 16, 32 seconds, capped at 60.
pub fn delay_after(failures: u32) -> u64 {
    if failures < DELAY_FROM {
        0
    } else {
        (1u64 << (failures - DELAY_FROM + 1).min(6)).min(60)
    }
}

/// An administrator's waiting time: the same growth, never a hard lock,
/// capped at 15 minutes.
pub fn admin_delay_after(failures: u32) -> u64 {
    if failures < DELAY_FROM {
        0
    } else {
        (1u64 << (failures - DELAY_FROM + 1).min(10)).min(900)
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

/// Why a password is refused. Each has a stable key (`key()`) that the
/// window translates (`error-password-<key>` in the Fluent files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password must not contain line breaks")]
    LineBreak,
    #[error("the password is one of the most common passwords")]
    Common,
    #[error("the password is built on the user's or the unit's name")]
    ContainsName,
    #[error("the password is too easy to guess (common words, a sequence, a repeat or a date)")]
    Guessable,
}

impl PasswordProblem {
    /// The stable key of the reason (`short`, `line`, `common`,
    /// `name`, `guessable`).
    pub fn key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "short",
            PasswordProblem::LineBreak => "line",
            PasswordProblem::Common => "common",
            PasswordProblem::ContainsName => "name",
            PasswordProblem::Guessable => "guessable",
        }
    }
}

/// Passwords common here that the estimator's English lists do not know
/// (folded: no marks, lower case).
const COMMON_LOCAL: &[&str] = &[
    "matkhau",
    "mat khau",
    "anhyeuem",
    "emyeuanh",
    "yeuem",
    "vietnam",
    "hanoi",
    "saigon",
    "bienphong",
    "bien phong",
    "congan",
    "cong an",
    "tiepnhan",
    "doanhtrai",
    "quandoi",
    "tayninh",
    "mocbai",
    "xamat",
    "admin",
    "quantri",
    "canbo",
    "chihuy",
];

/// Check a new password: long enough, no line break, and not common or
/// built on `related` words (the username, the user's and the unit's
/// names), judged by the zxcvbn strength estimator (score 3 of 4 at least,
/// about 10^8 guesses).
pub fn check_password(p: &str, related: &[&str]) -> Result<(), PasswordProblem> {
    if p.contains(['\n', '\r']) {
        return Err(PasswordProblem::LineBreak);
    }
    if p.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let folded = crate::domain::text::fold(p);
    let squeezed: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut inputs: Vec<String> = COMMON_LOCAL.iter().map(|s| s.to_string()).collect();
    let mut names: Vec<String> = Vec::new();
    for r in related {
        let f = crate::domain::text::fold(r);
        let whole: String = f.chars().filter(|c| c.is_alphanumeric()).collect();
        if whole.len() >= 3 {
            // Nothing but a name (with digits or signs around it).
            let letters: String = squeezed.chars().filter(|c| !c.is_ascii_digit()).collect();
            if letters == whole {
                return Err(PasswordProblem::ContainsName);
            }
            names.push(whole);
        }
        let words: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in &words {
            if w.len() >= 3 {
                names.push(w.to_string());
            }
        }
        // Two words written together ("Xa Mát" -> "xamat").
        for pair in words.windows(2) {
            names.push(format!("{}{}", pair[0], pair[1]));
        }
    }
    inputs.extend(names.iter().cloned());
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    // Judge both the password as typed and its folded form (marks dropped),
    // since a guesser tries that first.
    let mut worst: Option<zxcvbn::Entropy> = None;
    for candidate in [p.to_string(), folded.clone()] {
        let e = zxcvbn::zxcvbn(&candidate, &refs);
        if worst.as_ref().is_none_or(|w| e.guesses() < w.guesses()) {
            worst = Some(e);
        }
    }
    let e = worst.expect("two candidates");
    if u8::from(e.score()) >= 3 {
        return Ok(());
    }
    let from_names = names
        .iter()
        .any(|n| n.len() >= 4 && squeezed.contains(n.as_str()))
        || e.sequence().iter().any(|m| {
            matches!(&m.pattern, zxcvbn::matching::patterns::MatchPattern::Dictionary(d)
                if names.iter().any(|n| crate::domain::text::fold(&d.matched_word) == *n))
        });
    if from_names {
        return Err(PasswordProblem::ContainsName);
    }
    use zxcvbn::feedback::Warning;
    let common = e.sequence().iter().any(|m| {
        matches!(&m.pattern, zxcvbn::matching::patterns::MatchPattern::Dictionary(d)
            if COMMON_LOCAL.contains(&crate::domain::text::fold(&d.matched_word).as_str()))
    }) || matches!(
        e.feedback().and_then(|f| f.warning()),
        Some(
            Warning::ThisIsATop10Password
                | Warning::ThisIsATop100Password
                | Warning::ThisIsACommonPassword
                | Warning::ThisIsSimilarToACommonlyUsedPassword
        )
    );
    Err(if common {
        PasswordProblem::Common
    } else {
        PasswordProblem::Guessable
    })
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

    #[test]
    fn weak_and_related_passwords_are_refused_with_a_reason() {
        let related = ["canbo1", "Nguyễn Văn Bình", "Đồn Biên phòng Xa Mát"];
        let check = |p: &str| check_password(p, &related);
        assert_eq!(check("ngắn quá"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check("dòng một\ndòng hai dài"),
            Err(PasswordProblem::LineBreak)
        );
        assert_eq!(check("password1234"), Err(PasswordProblem::Common));
        assert_eq!(check("matkhau123456"), Err(PasswordProblem::Common));
        assert_eq!(check("canbo1canbo1"), Err(PasswordProblem::ContainsName));
        assert_eq!(
            check("NguyenVanBinh1990"),
            Err(PasswordProblem::ContainsName)
        );
        assert_eq!(check("aaaaaaaaaaaaaaa"), Err(PasswordProblem::Guessable));
        assert!(matches!(
            check("123456789012"),
            Err(PasswordProblem::Common | PasswordProblem::Guessable)
        ));
        assert!(check("mật khẩu thử 2026").is_ok());
        assert!(check("sông Vàm Cỏ chảy qua đồn").is_ok());
        assert!(check("Kx7#qPz!2mWv").is_ok());
        assert_eq!(PasswordProblem::Common.key(), "common");
    }
}

//! Text normalisation: everything stored is NFC; everything searched is folded.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Unicode NFC, the form every stored string takes.
/// The parts that are not empty, joined by `sep` ("Lào, Viêng Chăn";
/// nothing between two separators where a part is missing).
pub fn join_present(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(sep)
}

pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// NFC, trimmed, with runs of whitespace collapsed to one space and control
/// characters removed: the form of a single-line field (a name, a number).
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfc() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// NFC with control characters other than line breaks and tabs removed, and
/// surrounding whitespace trimmed: the form of a multi-line note.
pub fn clean_text(s: &str) -> String {
    let s: String = s
        .nfc()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    s.trim().to_string()
}

/// The search form of a string: lower case, without diacritics, with đ/Đ
/// folded to d and whitespace collapsed. `fold("Đặng Văn Đức") == "dang van duc"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            // Other letters without a decomposition that people type either way.
            'ð' | 'Ð' => 'd',
            c => c,
        };
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for l in c.to_lowercase() {
            // Lower-casing may produce a combining mark (İ -> i + U+0307).
            if !is_combining_mark(l) {
                out.push(l);
            }
        }
    }
    out
}

/// The Vietnamese collation sort key of a string: byte order of keys is
/// Vietnamese alphabetical order (A Ă Â B C D Đ E Ê …), so an index on the
/// key pages names in the order officers expect.
pub fn sort_key(s: &str) -> Vec<u8> {
    use std::sync::LazyLock;
    static COLLATOR: LazyLock<icu_collator::CollatorBorrowed<'static>> = LazyLock::new(|| {
        icu_collator::Collator::try_new(
            icu_locale_core::locale!("vi").into(),
            icu_collator::options::CollatorOptions::default(),
        )
        .expect("Vietnamese collation data is compiled in")
    });
    let mut key = Vec::with_capacity(s.len() * 3);
    let Ok(()) = COLLATOR.write_sort_key_to(s, &mut key);
    key
}

/// The version of the collation behind stored sort keys; keys are rebuilt when it changes.
pub const SORT_KEY_VERSION: &str = "icu_collator-2/vi/1";

/// Keep only the digits (for ID numbers and phone numbers).
pub fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// Upper-case alphanumerics only (for passport numbers).
pub fn alnum_upper(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_present_leaves_out_empty_parts() {
        assert_eq!(
            join_present(&["Lào", "", "Viêng Chăn"], ", "),
            "Lào, Viêng Chăn"
        );
        assert_eq!(join_present(&["", ""], ", "), "");
    }

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(fold("Đặng Văn Đức"), "dang van duc");
        assert_eq!(fold("ĐẶNG VĂN ĐỨC"), "dang van duc");
        assert_eq!(fold("Nguyễn Thị Hương"), "nguyen thi huong");
        assert_eq!(fold("  Trần   Quốc\tTuấn "), "tran quoc tuan");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        let nfd = "Nguye\u{0302}\u{0303}n Thi\u{0323} Hu\u{031B}o\u{031B}\u{0300}ng";
        assert_eq!(fold(nfd), "nguyen thi huong");
        assert_eq!(nfc(nfd), "Nguyễn Thị Hường");
    }

    #[test]
    fn vietnamese_order() {
        let mut names = vec![
            "Đức", "Zung", "Ơn", "Anh", "Ôn", "Ánh", "Dũng", "Ăn", "On", "Ân", "Bình",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "Anh", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn", "Zung"
            ]
        );
    }

    #[test]
    fn clean_line_collapses_and_normalises() {
        assert_eq!(clean_line("  Lê \u{0000} Văn\n\nAn  "), "Lê Văn An");
        assert_eq!(clean_line("Le\u{0302}"), "Lê");
    }
}

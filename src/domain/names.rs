//! Personal names as lists and papers write them: capitals turned to title
//! case (Vietnamese-aware, NFC), and names typed without diacritics noticed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::text;

/// Whether a name has letters and none of them is lower case ("NGUYỄN VĂN A").
pub fn is_all_caps(s: &str) -> bool {
    letters_and_none(s, char::is_lowercase)
}

/// Whether a name has letters and none of them is upper case ("nguyễn văn a").
pub fn is_all_lower(s: &str) -> bool {
    letters_and_none(s, char::is_uppercase)
}

/// Whether a text has letters and no character that is `excluded`.
fn letters_and_none(s: &str, excluded: fn(char) -> bool) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(excluded)
}

/// Every word with a capital first letter and the rest in lower case, in
/// NFC: "NGUYỄN THỊ HỒNG NHUNG" -> "Nguyễn Thị Hồng Nhung", "ĐẶNG VĂN ĐỨC"
/// -> "Đặng Văn Đức". Words joined by a hyphen or an apostrophe each get
/// their capital ("H'HEN NIÊ" -> "H'Hen Niê", as Ê Đê names are written).
pub fn title_case(s: &str) -> String {
    let clean = text::clean_line(s);
    let mut out = String::with_capacity(clean.len());
    let mut start = true;
    for c in clean.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = c.is_whitespace() || c == '-' || c == '\'' || c == '’';
        }
    }
    text::nfc(&out)
}

/// The name as it should be stored: cleaned, and in title case when it was
/// written all in capitals or all in lower case.
pub fn normalise_name(s: &str) -> String {
    let clean = text::clean_line(s);
    if is_all_caps(&clean) || is_all_lower(&clean) {
        title_case(&clean)
    } else {
        clean
    }
}

/// Whether any letter carries a Vietnamese diacritic (a tone mark, ă â ê ô ơ ư, or đ).
pub fn has_diacritics(s: &str) -> bool {
    s.nfd()
        .any(|c| is_combining_mark(c) || matches!(c, 'đ' | 'Đ'))
}

/// A name that looks Vietnamese but was written without any diacritic
/// ("Nguyen Van Duc"): the officer should add them. Names of one word or
/// with letters outside Vietnamese (foreign names) are not flagged.
pub fn lacks_diacritics(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() >= 2
        && !has_diacritics(s)
        && s.chars()
            .all(|c| c.is_ascii_alphabetic() || c.is_whitespace() || c == '-' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_to_title_case() {
        assert_eq!(title_case("NGUYỄN THỊ HỒNG NHUNG"), "Nguyễn Thị Hồng Nhung");
        assert_eq!(title_case("ĐẶNG VĂN ĐỨC"), "Đặng Văn Đức");
        assert_eq!(title_case("  trần   quốc tuấn "), "Trần Quốc Tuấn");
        assert_eq!(title_case("H'HEN NIÊ"), "H'Hen Niê");
        // Decomposed capitals come out composed.
        assert_eq!(title_case("NGUYE\u{302}\u{303}N"), "Nguyễn");
        assert_eq!(normalise_name("NGUYỄN VĂN A"), "Nguyễn Văn A");
        assert_eq!(
            normalise_name("Nguyễn văn A"),
            "Nguyễn văn A",
            "mixed case is kept"
        );
    }

    #[test]
    fn names_without_diacritics() {
        assert!(lacks_diacritics("Nguyen Van Duc"));
        assert!(lacks_diacritics("NGUYEN THI HONG NHUNG"));
        assert!(!lacks_diacritics("Nguyễn Văn Đức"));
        assert!(!lacks_diacritics("Dang Van Đuc"), "đ is a diacritic");
        assert!(!lacks_diacritics("Sokha"), "one word");
        assert!(has_diacritics("Nguye\u{302}\u{303}n"));
    }
}

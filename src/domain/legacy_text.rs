//! Text as officers really receive it: CSV bytes in UTF-8 (with or without
//! a BOM), UTF-16 or Windows-1258, and spreadsheet cells typed with the
//! legacy Vietnamese font encodings TCVN3 (ABC, ".VnTime" fonts) and VNI
//! (VNI-Windows, "VNI-Times" fonts), converted to Unicode NFC.
//!
//! A legacy cell is text whose characters are Latin-1 code points that a
//! legacy font draws as Vietnamese letters: "NguyÔn ThÞ Hång Nhung" (TCVN3)
//! or "Nguyeãn Thò Hoàng Nhung" (VNI) for "Nguyễn Thị Hồng Nhung". Which
//! reading is meant is decided by Vietnamese spelling: a word is accepted
//! when it is one well-formed syllable (initial consonant, vowel nucleus,
//! final consonant, at most one tone mark, consistent case). [`detect`]
//! weighs every cell of a list and gives a confidence; [`convert_cell`] then
//! converts a cell, and the preview shows before -> after for the officer
//! to confirm.
//!
//! The TCVN3 and VNI-Windows tables below are those of the VnConv library
//! of UniKey (Pham Kim Long, `unikey/data.cpp`: `SingleByteTables` TCVN3 and
//! `DoubleByteTables` VNI-WIN, against its `UnicodeTable`), the converter
//! Vietnamese offices use, as shipped by fcitx5-unikey. TCVN3 has no
//! separate codes for capital letters with a tone mark (the ".VnTimeH"
//! capital fonts draw the lower-case codes as capitals), so a word in
//! capitals reads back with its toned letters in lower case; [`decode`]
//! puts them back in capitals when the rest of the word is.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::text;

/// TCVN3 (TCVN 5712:1993 VN3) code -> letter (upper-case toned letters share
/// the lower-case codes).
const TCVN3: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// VNI-Windows: a base letter and a mark character (or one character) -> letter.
const VNI: [(&str, char); 134] = [
    ("A\u{D9}", 'Á'),
    ("a\u{F9}", 'á'),
    ("A\u{D8}", 'À'),
    ("a\u{F8}", 'à'),
    ("A\u{DB}", 'Ả'),
    ("a\u{FB}", 'ả'),
    ("A\u{D5}", 'Ã'),
    ("a\u{F5}", 'ã'),
    ("A\u{CF}", 'Ạ'),
    ("a\u{EF}", 'ạ'),
    ("A\u{C2}", 'Â'),
    ("a\u{E2}", 'â'),
    ("A\u{C1}", 'Ấ'),
    ("a\u{E1}", 'ấ'),
    ("A\u{C0}", 'Ầ'),
    ("a\u{E0}", 'ầ'),
    ("A\u{C5}", 'Ẩ'),
    ("a\u{E5}", 'ẩ'),
    ("A\u{C3}", 'Ẫ'),
    ("a\u{E3}", 'ẫ'),
    ("A\u{C4}", 'Ậ'),
    ("a\u{E4}", 'ậ'),
    ("A\u{CA}", 'Ă'),
    ("a\u{EA}", 'ă'),
    ("A\u{C9}", 'Ắ'),
    ("a\u{E9}", 'ắ'),
    ("A\u{C8}", 'Ằ'),
    ("a\u{E8}", 'ằ'),
    ("A\u{DA}", 'Ẳ'),
    ("a\u{FA}", 'ẳ'),
    ("A\u{DC}", 'Ẵ'),
    ("a\u{FC}", 'ẵ'),
    ("A\u{CB}", 'Ặ'),
    ("a\u{EB}", 'ặ'),
    ("\u{D1}", 'Đ'),
    ("\u{F1}", 'đ'),
    ("E\u{D9}", 'É'),
    ("e\u{F9}", 'é'),
    ("E\u{D8}", 'È'),
    ("e\u{F8}", 'è'),
    ("E\u{DB}", 'Ẻ'),
    ("e\u{FB}", 'ẻ'),
    ("E\u{D5}", 'Ẽ'),
    ("e\u{F5}", 'ẽ'),
    ("E\u{CF}", 'Ẹ'),
    ("e\u{EF}", 'ẹ'),
    ("E\u{C2}", 'Ê'),
    ("e\u{E2}", 'ê'),
    ("E\u{C1}", 'Ế'),
    ("e\u{E1}", 'ế'),
    ("E\u{C0}", 'Ề'),
    ("e\u{E0}", 'ề'),
    ("E\u{C5}", 'Ể'),
    ("e\u{E5}", 'ể'),
    ("E\u{C3}", 'Ễ'),
    ("e\u{E3}", 'ễ'),
    ("E\u{C4}", 'Ệ'),
    ("e\u{E4}", 'ệ'),
    ("\u{CD}", 'Í'),
    ("\u{ED}", 'í'),
    ("\u{CC}", 'Ì'),
    ("\u{EC}", 'ì'),
    ("\u{C6}", 'Ỉ'),
    ("\u{E6}", 'ỉ'),
    ("\u{D3}", 'Ĩ'),
    ("\u{F3}", 'ĩ'),
    ("\u{D2}", 'Ị'),
    ("\u{F2}", 'ị'),
    ("O\u{D9}", 'Ó'),
    ("o\u{F9}", 'ó'),
    ("O\u{D8}", 'Ò'),
    ("o\u{F8}", 'ò'),
    ("O\u{DB}", 'Ỏ'),
    ("o\u{FB}", 'ỏ'),
    ("O\u{D5}", 'Õ'),
    ("o\u{F5}", 'õ'),
    ("O\u{CF}", 'Ọ'),
    ("o\u{EF}", 'ọ'),
    ("O\u{C2}", 'Ô'),
    ("o\u{E2}", 'ô'),
    ("O\u{C1}", 'Ố'),
    ("o\u{E1}", 'ố'),
    ("O\u{C0}", 'Ồ'),
    ("o\u{E0}", 'ồ'),
    ("O\u{C5}", 'Ổ'),
    ("o\u{E5}", 'ổ'),
    ("O\u{C3}", 'Ỗ'),
    ("o\u{E3}", 'ỗ'),
    ("O\u{C4}", 'Ộ'),
    ("o\u{E4}", 'ộ'),
    ("\u{D4}", 'Ơ'),
    ("\u{F4}", 'ơ'),
    ("\u{D4}\u{D9}", 'Ớ'),
    ("\u{F4}\u{F9}", 'ớ'),
    ("\u{D4}\u{D8}", 'Ờ'),
    ("\u{F4}\u{F8}", 'ờ'),
    ("\u{D4}\u{DB}", 'Ở'),
    ("\u{F4}\u{FB}", 'ở'),
    ("\u{D4}\u{D5}", 'Ỡ'),
    ("\u{F4}\u{F5}", 'ỡ'),
    ("\u{D4}\u{CF}", 'Ợ'),
    ("\u{F4}\u{EF}", 'ợ'),
    ("U\u{D9}", 'Ú'),
    ("u\u{F9}", 'ú'),
    ("U\u{D8}", 'Ù'),
    ("u\u{F8}", 'ù'),
    ("U\u{DB}", 'Ủ'),
    ("u\u{FB}", 'ủ'),
    ("U\u{D5}", 'Ũ'),
    ("u\u{F5}", 'ũ'),
    ("U\u{CF}", 'Ụ'),
    ("u\u{EF}", 'ụ'),
    ("\u{D6}", 'Ư'),
    ("\u{F6}", 'ư'),
    ("\u{D6}\u{D9}", 'Ứ'),
    ("\u{F6}\u{F9}", 'ứ'),
    ("\u{D6}\u{D8}", 'Ừ'),
    ("\u{F6}\u{F8}", 'ừ'),
    ("\u{D6}\u{DB}", 'Ử'),
    ("\u{F6}\u{FB}", 'ử'),
    ("\u{D6}\u{D5}", 'Ữ'),
    ("\u{F6}\u{F5}", 'ữ'),
    ("\u{D6}\u{CF}", 'Ự'),
    ("\u{F6}\u{EF}", 'ự'),
    ("Y\u{D9}", 'Ý'),
    ("y\u{F9}", 'ý'),
    ("Y\u{D8}", 'Ỳ'),
    ("y\u{F8}", 'ỳ'),
    ("Y\u{DB}", 'Ỷ'),
    ("y\u{FB}", 'ỷ'),
    ("Y\u{D5}", 'Ỹ'),
    ("y\u{F5}", 'ỹ'),
    ("\u{CE}", 'Ỵ'),
    ("\u{EE}", 'ỵ'),
];

/// A legacy Vietnamese font encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub const ALL: [Legacy; 2] = [Legacy::Tcvn3, Legacy::Vni];

    pub fn key(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
        }
    }
}

static TCVN3_MAP: LazyLock<HashMap<char, char>> =
    LazyLock::new(|| TCVN3.iter().map(|&(b, c)| (char::from(b), c)).collect());

/// (base, mark) in lower case -> lower-case letter; a one-character entry has mark None.
static VNI_MAP: LazyLock<HashMap<(char, Option<char>), char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (seq, c) in VNI {
        let mut it = seq.chars();
        let base = it.next().expect("entry has a character");
        let mark = it.next();
        let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
        m.entry((lower(base), mark.map(lower)))
            .or_insert_with(|| lower(c));
    }
    m
});

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// Read a text's characters as a legacy encoding (NFC). Characters the
/// encoding does not use are kept.
pub fn decode(s: &str, legacy: Legacy) -> String {
    let out = match legacy {
        Legacy::Tcvn3 => decode_tcvn3(s),
        Legacy::Vni => decode_vni(s),
    };
    text::nfc(&out)
}

fn decode_tcvn3(s: &str) -> String {
    // (letters, mapped?) per character, in words and the text between them.
    let mut pieces: Vec<(bool, Vec<(char, bool)>)> = Vec::new();
    for c in s.chars() {
        let (ch, mapped) = match TCVN3_MAP.get(&c) {
            Some(&m) => (m, true),
            None => (c, false),
        };
        let letter = ch.is_alphabetic();
        match pieces.last_mut() {
            Some((is_word, chars)) if *is_word == letter => chars.push((ch, mapped)),
            _ => pieces.push((letter, vec![(ch, mapped)])),
        }
    }
    // TCVN3 has no codes for toned capitals: a cell typed in capitals (a
    // ".VnTimeH" font) or in title case reads back with lower-case toned
    // letters; the style of its ASCII letters tells which to restore.
    let words: Vec<&Vec<(char, bool)>> =
        pieces.iter().filter(|(w, _)| *w).map(|(_, c)| c).collect();
    let ascii = |w: &Vec<(char, bool)>| -> Vec<char> {
        w.iter()
            .filter(|(c, m)| !m && c.is_ascii_alphabetic())
            .map(|(c, _)| *c)
            .collect()
    };
    let long: Vec<Vec<char>> = words
        .iter()
        .map(|w| ascii(w))
        .filter(|a| a.len() >= 2)
        .collect();
    let caps = !long.is_empty()
        && long
            .iter()
            .all(|a| a.iter().all(|c| c.is_ascii_uppercase()));
    let initials: Vec<char> = words
        .iter()
        .filter_map(|w| w.first())
        .filter(|(c, m)| !m && c.is_ascii_alphabetic())
        .map(|(c, _)| *c)
        .collect();
    let title = !caps
        && words.len() >= 2
        && !initials.is_empty()
        && initials.iter().all(|c| c.is_ascii_uppercase());
    let mut out = String::with_capacity(s.len());
    for (is_word, chars) in &pieces {
        for (i, (c, mapped)) in chars.iter().enumerate() {
            let up = *is_word && *mapped && (caps || (title && i == 0));
            out.push(if up { upper(*c) } else { *c });
        }
    }
    out
}

fn decode_vni(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    while i < chars.len() {
        let c = chars[i];
        let is_upper = c.is_uppercase();
        if let Some(&m) = chars.get(i + 1)
            && !m.is_ascii()
            && let Some(&l) = VNI_MAP.get(&(lower(c), Some(lower(m))))
        {
            out.push(if is_upper { upper(l) } else { l });
            i += 2;
            continue;
        }
        match VNI_MAP.get(&(lower(c), None)) {
            Some(&l) if !c.is_ascii() => out.push(if is_upper { upper(l) } else { l }),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------
// Vietnamese spelling: is a word one well-formed syllable?

const INITIALS: [&str; 28] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

const NUCLEI: [&str; 53] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "ươi", "ươu", "uya", "uyê",
];

const FINALS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// The tone marks (grave, acute, tilde, hook, dot below).
fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// A word's letters without the tone (vowel qualities kept), lower case;
/// None when it is not Vietnamese letters or has more than one tone.
fn skeleton(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    let mut tones = 0;
    for c in word.to_lowercase().nfd() {
        if is_tone(c) {
            tones += 1;
        } else if matches!(c, '\u{302}' | '\u{306}' | '\u{31b}') {
            let base = out.pop()?;
            let q = match (base, c) {
                ('a', '\u{306}') => 'ă',
                ('a', '\u{302}') => 'â',
                ('e', '\u{302}') => 'ê',
                ('o', '\u{302}') => 'ô',
                ('o', '\u{31b}') => 'ơ',
                ('u', '\u{31b}') => 'ư',
                _ => return None,
            };
            out.push(q);
        } else if c.is_ascii_lowercase() || c == 'đ' {
            out.push(c);
        } else {
            return None;
        }
    }
    (tones <= 1).then_some(out)
}

fn syllable(s: &str) -> bool {
    INITIALS.iter().any(|i| {
        s.strip_prefix(i).is_some_and(|rest| {
            FINALS.iter().any(|f| {
                rest.strip_suffix(f)
                    .is_some_and(|n| !n.is_empty() && NUCLEI.contains(&n))
            })
        })
    })
}

fn case_consistent(word: &str) -> bool {
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return true;
    };
    let rest: Vec<char> = chars.collect();
    rest.iter().all(|c| c.is_lowercase())
        || (first.is_uppercase() && rest.iter().all(|c| c.is_uppercase()))
}

/// Whether a word is one well-formed Vietnamese syllable.
pub fn is_vietnamese_syllable(word: &str) -> bool {
    case_consistent(word) && skeleton(word).is_some_and(|s| syllable(&s))
}

/// How a text reads: words with a non-ASCII character that are well-formed
/// syllables, and those that are not. ASCII-only words count for neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reading {
    pub valid: usize,
    pub invalid: usize,
}

impl Reading {
    /// Every non-ASCII word well formed, and at least one of them.
    pub fn clean(&self) -> bool {
        self.invalid == 0 && self.valid > 0
    }
}

pub fn read(s: &str) -> Reading {
    let mut r = Reading::default();
    for w in s.split(|c: char| {
        !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
    }) {
        if w.is_empty() || w.is_ascii() {
            continue;
        }
        if is_vietnamese_syllable(w) {
            r.valid += 1;
        } else {
            r.invalid += 1;
        }
    }
    r
}

/// How strongly the cells of a list read as a legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Detection {
    /// The encoding the list is in, when the evidence says so.
    pub legacy: Option<Legacy>,
    /// 0–1: the share of deciding cells that speak for it.
    pub confidence: f32,
    /// Cells that read well only in that encoding.
    pub cells_for: usize,
    /// Cells that read well only as Unicode.
    pub cells_against: usize,
}

impl Detection {
    pub const NONE: Detection = Detection {
        legacy: None,
        confidence: 0.0,
        cells_for: 0,
        cells_against: 0,
    };
}

/// Weigh every cell of a list. A cell speaks for an encoding when it reads
/// badly as Unicode and well once decoded; against it when it reads well as
/// Unicode and badly decoded.
pub fn detect<'a>(cells: impl IntoIterator<Item = &'a str>) -> Detection {
    let mut for_ = [0usize; 2];
    let mut against = [0usize; 2];
    for cell in cells {
        if cell.is_ascii() {
            continue;
        }
        let uni = read(&text::nfc(cell));
        for (i, l) in Legacy::ALL.iter().enumerate() {
            let decoded = decode(cell, *l);
            if decoded == text::nfc(cell) {
                continue;
            }
            let leg = read(&decoded);
            if !uni.clean() && leg.clean() {
                for_[i] += 1;
            } else if uni.clean() && !leg.clean() {
                against[i] += 1;
            }
        }
    }
    let best = if for_[0] >= for_[1] { 0 } else { 1 };
    if for_[best] == 0 {
        return Detection::NONE;
    }
    let confidence = for_[best] as f32 / (for_[best] + against[best]) as f32;
    Detection {
        legacy: (confidence >= 0.8).then_some(Legacy::ALL[best]),
        confidence,
        cells_for: for_[best],
        cells_against: against[best],
    }
}

/// The converted text of a cell, or None when it stays as it is. With a
/// list-wide detection, every cell that changes is converted unless it
/// reads well as Unicode and badly decoded (a Unicode cell in a mixed
/// list); without one, only a cell that reads well in exactly one encoding
/// and badly as Unicode.
pub fn convert_cell(cell: &str, detection: &Detection) -> Option<(Legacy, String)> {
    if cell.is_ascii() {
        return None;
    }
    let nfc = text::nfc(cell);
    let uni = read(&nfc);
    let try_one = |l: Legacy| {
        let d = decode(cell, l);
        (d != nfc).then(|| (read(&d), d))
    };
    match detection.legacy {
        Some(l) => {
            let (r, d) = try_one(l)?;
            (!uni.clean() || r.clean()).then_some((l, d))
        }
        None => {
            if uni.clean() {
                return None;
            }
            let mut ok = Legacy::ALL
                .into_iter()
                .filter_map(|l| try_one(l).filter(|(r, _)| r.clean()).map(|(_, d)| (l, d)));
            let first = ok.next()?;
            ok.next().is_none().then_some(first)
        }
    }
}

// ---------------------------------------------------------------------------
// Bytes of a CSV file.

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1258,
    /// Latin-1 style bytes, as legacy TCVN3/VNI files are; cells are then converted.
    Windows1252,
}

impl TextEncoding {
    pub fn key(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1258 => "windows-1258",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }
}

/// A file's text (NFC) and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
}

/// UTF-16 without a BOM: most of the first bytes' high halves are zero.
fn utf16_guess(bytes: &[u8]) -> Option<TextEncoding> {
    let n = bytes.len().min(2000) / 2 * 2;
    if n < 4 {
        return None;
    }
    let (mut even0, mut odd0) = (0usize, 0usize);
    for (i, b) in bytes[..n].iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even0 += 1;
            } else {
                odd0 += 1;
            }
        }
    }
    let half = n / 2;
    if odd0 * 10 >= half * 3 && even0 * 10 < half {
        Some(TextEncoding::Utf16Le)
    } else if even0 * 10 >= half * 3 && odd0 * 10 < half {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

fn score(r: Reading) -> i64 {
    r.valid as i64 - 2 * r.invalid as i64
}

/// Read a CSV file's bytes: a BOM decides; then UTF-16 by its zero bytes;
/// then UTF-8 when valid; otherwise Windows-1258 or Latin-1 style bytes
/// (TCVN3/VNI), whichever spells better Vietnamese. Windows-1258 writes
/// tone marks as separate combining characters, so the text is put in NFC.
pub fn decode_bytes(bytes: &[u8]) -> Decoded {
    use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252, WINDOWS_1258};
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8], e: TextEncoding| Decoded {
        text: text::nfc(&enc.decode_without_bom_handling(body).0),
        encoding: e,
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Decoded {
            text: text::nfc(&String::from_utf8_lossy(rest)),
            encoding: TextEncoding::Utf8Bom,
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(UTF_16LE, rest, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(UTF_16BE, rest, TextEncoding::Utf16Be);
    }
    match utf16_guess(bytes) {
        Some(TextEncoding::Utf16Le) => return utf16(UTF_16LE, bytes, TextEncoding::Utf16Le),
        Some(TextEncoding::Utf16Be) => return utf16(UTF_16BE, bytes, TextEncoding::Utf16Be),
        _ => {}
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text::nfc(s),
            encoding: TextEncoding::Utf8,
        };
    }
    let cp1258 = text::nfc(&WINDOWS_1258.decode_without_bom_handling(bytes).0);
    let cp1252 = WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned();
    let s1258 = score(read(&cp1258));
    let s1252 = Legacy::ALL
        .iter()
        .map(|l| score(read(&decode(&cp1252, *l))))
        .max()
        .unwrap_or(i64::MIN);
    if s1252 > s1258 {
        Decoded {
            text: cp1252,
            encoding: TextEncoding::Windows1252,
        }
    } else {
        Decoded {
            text: cp1258,
            encoding: TextEncoding::Windows1258,
        }
    }
}

/// Encode Unicode text in a legacy encoding (the reverse of [`decode`]), as
/// a legacy font would have stored it; for tests and the demo data.
pub fn encode(s: &str, legacy: Legacy) -> String {
    let mut out = String::new();
    for c in s.nfc() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match legacy {
            Legacy::Tcvn3 => {
                // Capitals without a tone have their own codes; toned capitals use the lower-case code.
                let exact = TCVN3.iter().find(|(_, l)| *l == c);
                let low = TCVN3.iter().find(|(_, l)| *l == lower);
                match exact.or(low) {
                    Some((b, _)) => out.push(char::from(*b)),
                    None => out.push(c),
                }
            }
            Legacy::Vni => match VNI.iter().find(|(_, l)| *l == c) {
                Some((seq, _)) => out.push_str(seq),
                None => out.push(c),
            },
        }
    }
    out
}

/// Windows-1258 bytes of a text, with tone marks as separate combining
/// characters as Windows writes them; None when a character does not fit.
/// For tests and the demo data.
pub fn encode_cp1258(s: &str) -> Option<Vec<u8>> {
    // Vowel qualities (^ ˘ ʼ) stay on the letter; tone marks come apart
    // ("ặ" = a, dot below, breve in NFD -> ă, dot below).
    let mut form: Vec<char> = Vec::with_capacity(s.len());
    for c in s.nfd() {
        if matches!(c, '\u{302}' | '\u{306}' | '\u{31b}') {
            let i = form
                .iter()
                .rposition(|b| !unicode_normalization::char::is_combining_mark(*b))?;
            let composed: Vec<char> = [form[i], c].into_iter().nfc().collect();
            let [one] = composed[..] else {
                return None;
            };
            form[i] = one;
        } else {
            form.push(c);
        }
    }
    let form: String = form.into_iter().collect();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&form);
    (!unmappable).then(|| bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 6] = [
        "Nguyễn Thị Hồng Nhung",
        "Đặng Văn Đức",
        "Trần Quốc Tuấn",
        "Lê Thị Ngọc Ánh",
        "Phạm Hữu Nghĩa",
        "Huỳnh Thị Xuân Hương",
    ];

    #[test]
    fn names_as_cells_show_them() {
        for (legacy, nhung, duc) in [
            (Legacy::Tcvn3, "NguyÔn ThÞ Hång Nhung", "§Æng V¨n §øc"),
            (Legacy::Vni, "Nguyeãn Thò Hoàng Nhung", "Ñaëng Vaên Ñöùc"),
        ] {
            assert_eq!(encode("Nguyễn Thị Hồng Nhung", legacy), nhung);
            assert_eq!(encode("Đặng Văn Đức", legacy), duc);
            // Capitals (typed with a .VnTimeH font in TCVN3) read back in capitals.
            for n in NAMES.iter().chain(&["TRẦN QUỐC TUẤN"]) {
                let e = encode(n, legacy);
                assert_ne!(e, *n);
                assert_eq!(decode(&e, legacy), *n, "{e}");
            }
        }
    }

    #[test]
    fn syllables() {
        for w in [
            "Nguyễn", "Thị", "Hồng", "Đức", "quyết", "giếng", "gì", "khuya", "NGUYỄN", "Hương",
            "người", "ươn",
        ] {
            assert!(is_vietnamese_syllable(w), "{w}");
        }
        for w in [
            "NguyÔn", "ThÞ", "Hång", "Nguyeãn", "§øc", "Vaên", "José", "ñaëng",
        ] {
            assert!(!is_vietnamese_syllable(w), "{w}");
        }
    }

    #[test]
    fn detection_over_a_list() {
        let tcvn: Vec<String> = NAMES.iter().map(|n| encode(n, Legacy::Tcvn3)).collect();
        let d = detect(tcvn.iter().map(String::as_str));
        assert_eq!(d.legacy, Some(Legacy::Tcvn3), "{d:?}");
        assert!(d.confidence >= 0.99);
        let vni: Vec<String> = NAMES.iter().map(|n| encode(n, Legacy::Vni)).collect();
        let d = detect(vni.iter().map(String::as_str));
        assert_eq!(d.legacy, Some(Legacy::Vni), "{d:?}");
        for (e, n) in vni.iter().zip(NAMES) {
            assert_eq!(convert_cell(e, &d), Some((Legacy::Vni, n.to_string())));
        }
        let d = detect(NAMES);
        assert_eq!(d.legacy, None, "Unicode stays Unicode: {d:?}");
        for n in NAMES {
            assert_eq!(convert_cell(n, &d), None);
        }
        // Without a list-wide decision, an unambiguous cell is still converted.
        assert_eq!(
            convert_cell("NguyÔn ThÞ Hång Nhung", &Detection::NONE),
            Some((Legacy::Tcvn3, "Nguyễn Thị Hồng Nhung".to_string()))
        );
        // A Unicode cell in a TCVN3 list is left alone.
        let d = detect(tcvn.iter().map(String::as_str));
        assert_eq!(convert_cell("Nguyễn Thị Hồng Nhung", &d), None);
    }

    #[test]
    fn bytes_decoded() {
        let s = "Họ và tên,Ngày sinh\nNguyễn Thị Hồng Nhung,12/03/1998\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        assert_eq!(decode_bytes(&bom).encoding, TextEncoding::Utf8Bom);
        assert_eq!(decode_bytes(&bom).text, s);
        assert_eq!(decode_bytes(s.as_bytes()).encoding, TextEncoding::Utf8);
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_bytes(&le).encoding, TextEncoding::Utf16Le);
        assert_eq!(decode_bytes(&le).text, s);
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_bytes(&be).encoding, TextEncoding::Utf16Be);
        assert_eq!(decode_bytes(&be).text, s);
        let cp = encode_cp1258(s).expect("Vietnamese fits Windows-1258");
        assert!(cp.contains(&0xDE), "tone marks as separate bytes (U+0303)");
        let d = decode_bytes(&cp);
        assert_eq!(d.encoding, TextEncoding::Windows1258);
        assert_eq!(d.text, s);
        // TCVN3 bytes: Latin-1 characters, converted per cell afterwards.
        let tcvn = encode(s, Legacy::Tcvn3);
        let (tc, _, _) = encoding_rs::WINDOWS_1252.encode(&tcvn);
        let d = decode_bytes(&tc);
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(decode(&d.text, Legacy::Tcvn3), s);
    }
}

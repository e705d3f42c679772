//! Controlled lists, bundled as data (see `assets/data/README.md` for the
//! sources): the countries and territories of ISO 3166-1 with their
//! Vietnamese and English names, plus a "không quốc tịch" (stateless) entry,
//! and the 54 ethnic groups of Vietnam with the codes of the General
//! Statistics Office list (Decision 121-TCTK/PPCĐ of 2 March 1979).
//!
//! A value is a code from a list, or free text kept as [`Listed::Other`]
//! (written "other: …") and counted as such. Matching ignores case, marks,
//! spaces and punctuation, so "cam pu chia", "Cam-pu-chia", "campuchia" and
//! "Cambodia" all find Cambodia (KH).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::text;

/// The code of the stateless entry (ICAO Doc 9303 writes `XXA`).
pub const STATELESS: &str = "XX";

/// A country or territory of ISO 3166-1, or the stateless entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (`KH`); `XX` for the stateless entry.
    pub alpha2: String,
    /// ISO 3166-1 alpha-3 (`KHM`); `XXA` for the stateless entry.
    pub alpha3: String,
    /// ISO 3166-1 numeric (`116`); none for the stateless entry.
    pub numeric: Option<u16>,
    /// The short name in Vietnamese (`Campuchia`).
    pub name_vi: String,
    /// The short name in English (`Cambodia`).
    pub name_en: String,
    /// Other names and spellings that mean this entry.
    pub aliases: Vec<String>,
}

impl Country {
    pub fn is_stateless(&self) -> bool {
        self.alpha2 == STATELESS
    }
}

/// One of the 54 ethnic groups of Vietnam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EthnicGroup {
    /// The two-digit GSO code (`01` Kinh … `54` Rơ-măm).
    pub code: String,
    /// The official name as the GSO list writes it (`Khơ-me`).
    pub name_vi: String,
    pub name_en: String,
    /// Other names and spellings (`Khmer`, `Khơ Me`).
    pub aliases: Vec<String>,
}

/// A value of a controlled field: a code from the list, or free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listed {
    Code(String),
    Other(String),
}

/// The prefixes that mark free text ("other: …"), folded.
const OTHER_PREFIXES: [&str; 2] = ["other:", "khac:"];

impl Listed {
    /// The key a report counts: the code, or `other` for every free text.
    pub fn report_key(&self) -> &str {
        match self {
            Listed::Code(c) => c,
            Listed::Other(_) => "other",
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            Listed::Code(c) => Some(c),
            Listed::Other(_) => None,
        }
    }

    /// Read a stored value (see `Display`): "other: text" or a code.
    pub fn from_stored(s: &str) -> Option<Listed> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        match strip_other(s) {
            Some(rest) if rest.is_empty() => None,
            Some(rest) => Some(Listed::Other(rest)),
            None => Some(Listed::Code(s.to_string())),
        }
    }
}

/// `KH`, or `other: Nam Cực trắng` — the stored form.
impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Listed::Code(c) => f.write_str(c),
            Listed::Other(t) => write!(f, "other: {t}"),
        }
    }
}

impl Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Listed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Listed, D::Error> {
        let s = String::deserialize(d)?;
        Listed::from_stored(&s).ok_or_else(|| serde::de::Error::custom("an empty list value"))
    }
}

/// A stored list value as a paper prints it: the name, or the free text of
/// "khác: …" without its prefix.
pub fn printed(stored: &str) -> String {
    strip_other(stored).unwrap_or_else(|| stored.trim().to_string())
}

/// The text after an "other:" / "khác:" prefix (cleaned), if there is one.
fn strip_other(s: &str) -> Option<String> {
    let folded = text::fold(s);
    OTHER_PREFIXES.iter().find_map(|p| {
        folded.starts_with(p).then(|| {
            // The prefix is ASCII once folded, and so is its length in the
            // original up to the colon.
            let colon = s.find(':').map(|i| i + 1).unwrap_or(0);
            text::clean_line(&s[colon..])
        })
    })
}

/// The matching form of a text: folded (lower case, no marks, đ → d), with
/// everything but letters and digits removed. "Cam-pu-chia" → "campuchia".
pub fn match_key(s: &str) -> String {
    text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The compact keys of a name at each word start: "Việt Nam" → ["vietnam", "nam"].
fn word_suffixes(s: &str) -> Vec<String> {
    let folded = text::fold(s);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    (0..words.len()).map(|i| words[i..].concat()).collect()
}

/// The parts of an entry the index needs.
trait Entry {
    fn code(&self) -> &str;
    /// The Vietnamese name, the English name and the other names.
    fn labels(&self) -> (&str, &str, &[String]);

    /// Every name that means the entry (display names first).
    fn names(&self) -> Vec<&str> {
        let (vi, en, aliases) = self.labels();
        let mut v = vec![vi, en];
        v.extend(aliases.iter().map(String::as_str));
        v
    }
}

impl Entry for Country {
    fn code(&self) -> &str {
        &self.alpha2
    }

    fn labels(&self) -> (&str, &str, &[String]) {
        (&self.name_vi, &self.name_en, &self.aliases)
    }
}

impl Entry for EthnicGroup {
    fn code(&self) -> &str {
        &self.code
    }

    fn labels(&self) -> (&str, &str, &[String]) {
        (&self.name_vi, &self.name_en, &self.aliases)
    }
}

/// A list with its exact-match keys and its search keys.
struct Index<T> {
    items: Vec<T>,
    /// Exact match key -> item.
    exact: HashMap<String, usize>,
    /// Per item: the compact keys at each word start of each name, the
    /// display names' first.
    search: Vec<Vec<String>>,
    /// Per item: the Vietnamese collation key of its name.
    sort: Vec<Vec<u8>>,
}

impl<T: Entry> Index<T> {
    fn build(items: Vec<T>) -> Result<Index<T>, String> {
        let mut exact: HashMap<String, usize> = HashMap::new();
        let mut search = Vec::with_capacity(items.len());
        let mut sort = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut keys = Vec::new();
            for name in item.names() {
                let k = match_key(name);
                if k.is_empty() {
                    return Err(format!("{}: an empty name", item.code()));
                }
                if let Some(&j) = exact.get(&k)
                    && j != i
                {
                    return Err(format!(
                        "'{name}' means both {} and {}",
                        items[j].code(),
                        item.code()
                    ));
                }
                exact.insert(k, i);
                keys.extend(word_suffixes(name));
            }
            search.push(keys);
            sort.push(text::sort_key(item.labels().0));
        }
        Ok(Index {
            items,
            exact,
            search,
            sort,
        })
    }

    /// The entry a whole text names, if any.
    fn exact(&self, s: &str) -> Option<&T> {
        self.exact.get(&match_key(s)).map(|&i| &self.items[i])
    }

    /// Read free text as a value of this list: a name or spelling of an
    /// entry, or a code `by_code` finds, gives `Code`; "other: …" and
    /// anything else give `Other(text)`; empty text gives `None`.
    fn parse(&self, s: &str, by_code: impl Fn(&str) -> Option<&T>) -> Option<Listed> {
        let t = text::clean_line(s);
        if t.is_empty() {
            return None;
        }
        if let Some(rest) = strip_other(&t) {
            return (!rest.is_empty()).then_some(Listed::Other(rest));
        }
        Some(match self.exact(&t).or_else(|| by_code(&t)) {
            Some(entry) => Listed::Code(entry.code().to_string()),
            None => Listed::Other(t),
        })
    }

    /// Entries matching what was typed, best first: a name equal to it, then
    /// names starting with it, then names with a word starting with it, then
    /// names containing it; ties in Vietnamese alphabetical order.
    fn find(&self, query: &str, limit: usize) -> Vec<&T> {
        let q = match_key(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, usize)> = self
            .search
            .iter()
            .enumerate()
            .filter_map(|(i, keys)| {
                let rank = keys
                    .iter()
                    .enumerate()
                    .filter_map(|(n, k)| {
                        if *k == q {
                            Some(0)
                        } else if k.starts_with(&q) {
                            // The first key of a name is the whole name.
                            Some(if n == 0 { 1 } else { 2 })
                        } else if k.contains(&q) {
                            Some(3)
                        } else {
                            None
                        }
                    })
                    .min()?;
                Some((rank, i))
            })
            .collect();
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.sort[a.1].cmp(&self.sort[b.1]))
        });
        hits.into_iter()
            .take(limit)
            .map(|(_, i)| &self.items[i])
            .collect()
    }
}

const COUNTRIES_CSV: &str = include_str!("../../assets/data/countries.csv");
const ETHNIC_CSV: &str = include_str!("../../assets/data/ethnic-groups.csv");

#[derive(Deserialize)]
struct CountryRow {
    alpha2: String,
    alpha3: String,
    numeric: String,
    name_vi: String,
    name_en: String,
    aliases: String,
}

#[derive(Deserialize)]
struct EthnicRow {
    code: String,
    name_vi: String,
    name_en: String,
    aliases: String,
}

fn aliases(s: &str) -> Vec<String> {
    s.split('|')
        .map(text::clean_line)
        .filter(|a| !a.is_empty())
        .collect()
}

/// The entries of a bundled CSV list, each row made one by `entry`; an error
/// names the list and the line.
fn parse_rows<R: DeserializeOwned, T>(
    csv_text: &str,
    list: &str,
    entry: fn(R) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .deserialize::<R>()
        .enumerate()
        .map(|(i, row)| {
            row.map_err(|e| e.to_string())
                .and_then(entry)
                .map_err(|e| format!("{list} line {}: {e}", i + 2))
        })
        .collect()
}

fn parse_countries(csv_text: &str) -> Result<Vec<Country>, String> {
    parse_rows(csv_text, "countries", |r: CountryRow| {
        let numeric = match r.numeric.trim() {
            "" => None,
            n => Some(n.parse().map_err(|_| format!("numeric '{n}'"))?),
        };
        Ok(Country {
            alpha2: r.alpha2.trim().to_string(),
            alpha3: r.alpha3.trim().to_string(),
            numeric,
            name_vi: text::clean_line(&r.name_vi),
            name_en: text::clean_line(&r.name_en),
            aliases: aliases(&r.aliases),
        })
    })
}

fn parse_ethnic(csv_text: &str) -> Result<Vec<EthnicGroup>, String> {
    parse_rows(csv_text, "ethnic groups", |r: EthnicRow| {
        Ok(EthnicGroup {
            code: r.code.trim().to_string(),
            name_vi: text::clean_line(&r.name_vi),
            name_en: text::clean_line(&r.name_en),
            aliases: aliases(&r.aliases),
        })
    })
}

static COUNTRIES: LazyLock<Index<Country>> = LazyLock::new(|| {
    parse_countries(COUNTRIES_CSV)
        .and_then(Index::build)
        .expect("the bundled country list is valid (checked by its tests)")
});

static ETHNIC_GROUPS: LazyLock<Index<EthnicGroup>> = LazyLock::new(|| {
    parse_ethnic(ETHNIC_CSV)
        .and_then(Index::build)
        .expect("the bundled ethnic group list is valid (checked by its tests)")
});

// ---- countries -------------------------------------------------------------------------

/// Every country and territory (ISO 3166-1, by alpha-2), then the stateless entry.
pub fn countries() -> &'static [Country] {
    &COUNTRIES.items
}

/// The entry with this ISO alpha-2 or alpha-3 code (any case): `KH`, `khm`, `XX`.
pub fn country(code: &str) -> Option<&'static Country> {
    let c = code.trim().to_ascii_uppercase();
    COUNTRIES
        .items
        .iter()
        .find(|k| k.alpha2 == c || k.alpha3 == c)
}

/// Countries matching typed text (Vietnamese or English names, other
/// spellings, with or without marks), best first, at most `limit`.
pub fn find_countries(query: &str, limit: usize) -> Vec<&'static Country> {
    COUNTRIES.find(query, limit)
}

/// Read free text as a country: a name or spelling of one (any case, marks,
/// spaces or hyphens) or its code written in capitals gives `Code(alpha-2)`;
/// "other: …" and anything else give `Other(text)`. Empty text gives `None`.
/// "Campuchia", "Cam-pu-chia", "Cambodia", "KHM" → `Code("KH")`.
pub fn parse_country(s: &str) -> Option<Listed> {
    COUNTRIES.parse(s, |t| is_code_shape(t, 3).then(|| country(t)).flatten())
}

// ---- ethnic groups ---------------------------------------------------------------------

/// The 54 ethnic groups, in the order of their GSO codes.
pub fn ethnic_groups() -> &'static [EthnicGroup] {
    &ETHNIC_GROUPS.items
}

/// The ethnic group with this GSO code: `05` or `5`.
pub fn ethnic_group(code: &str) -> Option<&'static EthnicGroup> {
    let n: u32 = code.trim().parse().ok()?;
    ETHNIC_GROUPS
        .items
        .iter()
        .find(|g| g.code.parse::<u32>() == Ok(n))
}

/// Ethnic groups matching typed text, best first, at most `limit`.
pub fn find_ethnic_groups(query: &str, limit: usize) -> Vec<&'static EthnicGroup> {
    ETHNIC_GROUPS.find(query, limit)
}

/// Read free text as an ethnic group: a name or spelling, or its code
/// (digits) gives `Code("05")`; anything else `Other(text)`; empty `None`.
pub fn parse_ethnic_group(s: &str) -> Option<Listed> {
    ETHNIC_GROUPS.parse(s, |t| {
        t.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| ethnic_group(t))
            .flatten()
    })
}

/// The stored form of a typed country: the list's Vietnamese name
/// ("cambodia" → "Campuchia", "không quốc tịch" → "Không quốc tịch"), or
/// "khác: …" for text the list does not know; empty stays empty.
pub fn canonical_country(s: &str) -> String {
    stored_form(parse_country(s), |c| country(c).map(|k| k.name_vi.clone()))
}

/// The stored form of a typed ethnic group: its name, or "khác: …".
pub fn canonical_ethnic_group(s: &str) -> String {
    stored_form(parse_ethnic_group(s), |c| {
        ethnic_group(c).map(|g| g.name_vi.clone())
    })
}

/// The stored form of a value read from the text: the name of its code
/// (`name_of`), "khác: …" for free text, empty for none.
fn stored_form(value: Option<Listed>, name_of: impl Fn(&str) -> Option<String>) -> String {
    match value {
        None => String::new(),
        Some(Listed::Code(c)) => name_of(&c).unwrap_or(c),
        Some(Listed::Other(t)) => format!("khác: {t}"),
    }
}

/// The key a report counts a typed or stored country by: the alpha-2 code
/// (`KH`, `XX` for stateless), `other` for text off the list, empty if none.
pub fn country_key(s: &str) -> String {
    parse_country(s)
        .map(|l| l.report_key().to_string())
        .unwrap_or_default()
}

/// The key a report counts an ethnic group by: the GSO code, `other`, or empty.
pub fn ethnic_key(s: &str) -> String {
    parse_ethnic_group(s)
        .map(|l| l.report_key().to_string())
        .unwrap_or_default()
}

/// Capital ASCII letters only, 2 to `max` of them: how codes are written.
fn is_code_shape(t: &str, max: usize) -> bool {
    (2..=max).contains(&t.len()) && t.chars().all(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_stored_by_the_list_and_counted_by_code() {
        assert_eq!(canonical_country("cam-pu-chia"), "Campuchia");
        assert_eq!(canonical_country("Cambodia"), "Campuchia");
        // A paper prints the free text of "khác: …" without its prefix.
        assert!(canonical_country("Atlantis").starts_with("khác:"));
        assert_eq!(printed(&canonical_country("Atlantis")), "Atlantis");
        assert_eq!(printed("Campuchia"), "Campuchia");
        assert_eq!(printed(""), "");
        assert_eq!(canonical_country("không quốc tịch"), "Không quốc tịch");
        assert_eq!(
            canonical_country("Xứ Sở Thần Tiên"),
            "khác: Xứ Sở Thần Tiên"
        );
        assert_eq!(canonical_country(""), "");
        assert_eq!(country_key("Campuchia"), "KH");
        assert_eq!(country_key("Không quốc tịch"), STATELESS);
        assert_eq!(country_key("khác: Xứ Sở Thần Tiên"), "other");
        assert_eq!(country_key(""), "");
        // The stored form reads back to the same key.
        for typed in ["Lào", "thai lan", "Myanmar", "Trung Quốc", "Việt Nam"] {
            let stored = canonical_country(typed);
            assert_eq!(country_key(&stored), country_key(typed), "{typed}");
            assert_eq!(canonical_country(&stored), stored);
        }
        assert_eq!(canonical_ethnic_group("kinh"), "Kinh");
        assert_eq!(ethnic_key("Kinh"), "01");
        assert_eq!(ethnic_key("khác: Người Mán"), "other");
    }

    #[test]
    fn the_bundled_lists_are_complete() {
        let cs = countries();
        let iso: Vec<_> = cs.iter().filter(|c| !c.is_stateless()).collect();
        assert_eq!(iso.len(), 249, "ISO 3166-1 has 249 entries");
        assert_eq!(cs.len(), 250);
        for c in cs {
            assert_eq!(c.alpha2.len(), 2, "{c:?}");
            assert_eq!(c.alpha3.len(), 3, "{c:?}");
            assert!(!c.name_vi.is_empty() && !c.name_en.is_empty(), "{c:?}");
            assert_eq!(c.name_vi, text::nfc(&c.name_vi));
            assert!(c.is_stateless() || c.numeric.is_some(), "{c:?}");
        }
        let mut codes: Vec<_> = cs.iter().map(|c| &c.alpha2).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 250, "alpha-2 codes are unique");
        let stateless = country(STATELESS).unwrap();
        assert_eq!(stateless.name_vi, "Không quốc tịch");
        assert_eq!(stateless.alpha3, "XXA");

        let gs = ethnic_groups();
        assert_eq!(gs.len(), 54);
        for (i, g) in gs.iter().enumerate() {
            assert_eq!(g.code, format!("{:02}", i + 1), "codes run 01 to 54");
            assert!(!g.name_vi.is_empty() && !g.name_en.is_empty(), "{g:?}");
        }
        assert_eq!(ethnic_group("01").unwrap().name_vi, "Kinh");
        assert_eq!(ethnic_group("5").unwrap().name_vi, "Khơ-me");
        assert_eq!(ethnic_group("54").unwrap().name_vi, "Rơ-măm");
        assert!(ethnic_group("55").is_none() && ethnic_group("x").is_none());
        // Every name and alias means one entry only.
        parse_countries(COUNTRIES_CSV)
            .and_then(Index::build)
            .unwrap();
        parse_ethnic(ETHNIC_CSV).and_then(Index::build).unwrap();
    }

    #[test]
    fn lookup_by_code() {
        assert_eq!(country("KH").unwrap().name_vi, "Campuchia");
        assert_eq!(country("khm").unwrap().alpha2, "KH");
        assert_eq!(country(" vn ").unwrap().name_en, "Vietnam");
        assert_eq!(country("LA").unwrap().name_vi, "Lào");
        assert_eq!(country("TW").unwrap().name_vi, "Đài Loan (Trung Quốc)");
        assert!(country("ZZ").is_none());
    }

    #[test]
    fn folded_search_finds_every_spelling() {
        for q in [
            "cam pu chia",
            "campuchia",
            "Cambodia",
            "CAM-PU-CHIA",
            "Căm-pu-chia",
            "camp",
        ] {
            let hits = find_countries(q, 5);
            assert_eq!(
                hits.first().map(|c| c.alpha2.as_str()),
                Some("KH"),
                "{q}: {hits:?}"
            );
        }
        // A word inside a name: "nam" finds Việt Nam first among those.
        let hits = find_countries("viet", 3);
        assert_eq!(hits[0].alpha2, "VN");
        assert!(
            find_countries("nam", 20).iter().any(|c| c.alpha2 == "VN"),
            "a word start matches"
        );
        assert!(find_countries("", 10).is_empty());
        assert!(find_countries("qqqq", 10).is_empty());
        assert!(find_countries("a", 7).len() <= 7);
        assert_eq!(find_ethnic_groups("khmer", 3)[0].code, "05");
        assert_eq!(find_ethnic_groups("hmong", 3)[0].code, "08");
        assert_eq!(find_ethnic_groups("e de", 3)[0].code, "12");
        assert_eq!(find_ethnic_groups("bru van kieu", 3)[0].code, "23");
    }

    #[test]
    fn free_text_to_a_code_or_other() {
        let code = |s: &str| Some(Listed::Code(s.to_string()));
        let other = |s: &str| Some(Listed::Other(s.to_string()));
        let table = [
            // Today's destination variants.
            ("Campuchia", code("KH")),
            ("Cam-pu-chia", code("KH")),
            ("Cambodia", code("KH")),
            ("  cam pu chia ", code("KH")),
            ("KHM", code("KH")),
            ("KH", code("KH")),
            ("Lào", code("LA")),
            ("Myanmar", code("MM")),
            ("Miến Điện", code("MM")),
            ("Mỹ", code("US")),
            ("Hoa Kỳ", code("US")),
            ("Việt Nam", code("VN")),
            ("Không quốc tịch", code("XX")),
            ("không có quốc tịch", code("XX")),
            // Codes count only as codes are written (capitals).
            ("kh", other("kh")),
            // Free text is kept, "other: …" marked or not.
            ("other: Khu tự trị Kokang", other("Khu tự trị Kokang")),
            ("Khác:  vùng biên giới ", other("vùng biên giới")),
            ("Vùng Tam giác vàng", other("Vùng Tam giác vàng")),
            ("other:", None),
            ("", None),
            ("   ", None),
        ];
        for (input, expected) in table {
            assert_eq!(parse_country(input), expected, "{input:?}");
        }
        assert_eq!(parse_ethnic_group("Khmer"), code("05"));
        assert_eq!(parse_ethnic_group("H'Mông"), code("08"));
        assert_eq!(parse_ethnic_group("mông"), code("08"));
        assert_eq!(parse_ethnic_group("Kinh"), code("01"));
        assert_eq!(parse_ethnic_group("1"), code("01"));
        assert_eq!(parse_ethnic_group("Người Tà Mun"), other("Người Tà Mun"));
        assert_eq!(parse_ethnic_group("other: Tà Mun"), other("Tà Mun"));
    }

    #[test]
    fn stored_form_and_report_key() {
        for v in [
            Listed::Code("KH".into()),
            Listed::Other("Khu tự trị Kokang".into()),
        ] {
            let s = v.to_string();
            assert_eq!(Listed::from_stored(&s), Some(v.clone()), "{s}");
            let j = serde_json::to_string(&v).unwrap();
            assert_eq!(serde_json::from_str::<Listed>(&j).unwrap(), v);
        }
        assert_eq!(Listed::Other("x".into()).to_string(), "other: x");
        assert_eq!(Listed::Other("x".into()).report_key(), "other");
        assert_eq!(Listed::Code("KH".into()).report_key(), "KH");
        assert!(serde_json::from_str::<Listed>("\"\"").is_err());
    }
}

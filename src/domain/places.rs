//! Provinces and communes in force since 1 July 2025 (34 provinces, 3,321
//! communes), with official codes, parsed from the bundled JSON.

use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Commune {
    pub code: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Province {
    pub code: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub communes: Vec<Commune>,
}

/// A province's name without "Tỉnh"/"Thành phố" (e.g. "Tây Ninh").
pub fn short_name(name: &str) -> &str {
    name.strip_prefix("Tỉnh ")
        .or_else(|| name.strip_prefix("Thành phố "))
        .unwrap_or(name)
}

impl Province {
    /// The name without "Tỉnh"/"Thành phố" (e.g. "Tây Ninh").
    pub fn short_name(&self) -> &str {
        short_name(&self.name)
    }

    pub fn commune(&self, code: u32) -> Option<&Commune> {
        self.communes.iter().find(|c| c.code == code)
    }
}

#[derive(Debug, Deserialize)]
struct File<P> {
    provinces: Vec<P>,
}

/// The provinces of a bundled list (`{"provinces": […]}`), each put in NFC
/// by `nfc`.
pub(super) fn read_bundled<P: DeserializeOwned>(json: &str, nfc: fn(&mut P)) -> Vec<P> {
    let mut f: File<P> = serde_json::from_str(json).expect("a bundled province list parses");
    f.provinces.iter_mut().for_each(nfc);
    f.provinces
}

/// What the short names officers type for the two cities mean (folded).
pub(super) fn city_alias(folded: &str) -> Option<&'static str> {
    match folded {
        "hcm" | "tp hcm" | "tphcm" | "sai gon" | "sg" => Some("ho chi minh"),
        "hn" => Some("ha noi"),
        _ => None,
    }
}

const DATA: &str = include_str!("../../assets/data/vn-admin-units-2025.json");

static PROVINCES: LazyLock<Vec<Province>> = LazyLock::new(|| {
    read_bundled(DATA, |p: &mut Province| {
        p.name = super::text::nfc(&p.name);
        for c in &mut p.communes {
            c.name = super::text::nfc(&c.name);
        }
    })
});

pub fn provinces() -> &'static [Province] {
    &PROVINCES
}

pub fn province(code: u32) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.code == code)
}

/// The province an officer means by a short typed name ("tay ninh",
/// "TP HCM", "Hà Nội"): the only one whose folded name contains it.
pub fn find_province(typed: &str) -> Option<&'static Province> {
    let q = super::text::fold(typed);
    if q.is_empty() {
        return None;
    }
    let q = city_alias(&q).unwrap_or(&q);
    if let Ok(code) = q.parse::<u32>() {
        return province(code);
    }
    let matches: Vec<&Province> = PROVINCES
        .iter()
        .filter(|p| {
            super::text::fold(p.short_name()).starts_with(q) || super::text::fold(&p.name) == q
        })
        .collect();
    match matches.as_slice() {
        [one] => Some(one),
        _ => PROVINCES
            .iter()
            .find(|p| super::text::fold(p.short_name()) == q),
    }
}

/// Whether every word of a (folded) query is in a folded name.
fn matches(folded_name: &str, words: &[String]) -> bool {
    words.iter().all(|w| folded_name.contains(w.as_str()))
}

fn query_words(query: &str) -> Vec<String> {
    super::text::fold(query)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The provinces whose name holds every word typed, diacritics ignored
/// ("lang son" finds Lạng Sơn), at most `limit`.
pub fn search_provinces(query: &str, limit: usize) -> Vec<&'static Province> {
    let words = query_words(query);
    if words.is_empty() {
        return Vec::new();
    }
    PROVINCES
        .iter()
        .filter(|p| matches(&super::text::fold(&p.name), &words))
        .take(limit)
        .collect()
}

impl Province {
    /// The communes whose name holds every word typed, diacritics ignored.
    pub fn search_communes(&self, query: &str, limit: usize) -> Vec<&Commune> {
        let words = query_words(query);
        if words.is_empty() {
            return Vec::new();
        }
        self.communes
            .iter()
            .filter(|c| matches(&super::text::fold(&c.name), &words))
            .take(limit)
            .collect()
    }
}

/// Tây Ninh, where the first units work.
pub const TAY_NINH: u32 = 80;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_four_provinces() {
        assert_eq!(provinces().len(), 34);
        assert_eq!(
            provinces().iter().map(|p| p.communes.len()).sum::<usize>(),
            3321
        );
        let tn = province(TAY_NINH).unwrap();
        assert_eq!(tn.short_name(), "Tây Ninh");
        assert_eq!(tn.communes.len(), 96);
        assert_eq!(find_province("tay ninh").map(|p| p.code), Some(TAY_NINH));
        assert_eq!(find_province("Thanh Hóa").map(|p| p.code), Some(38));
        assert_eq!(find_province("tp hcm").map(|p| p.code), Some(79));
        assert_eq!(find_province("80").map(|p| p.code), Some(80));
        assert!(find_province("xyz").is_none());
        let found: Vec<u32> = search_provinces("lang son", 5)
            .iter()
            .map(|p| p.code)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(province(found[0]).unwrap().short_name(), "Lạng Sơn");
        assert_eq!(search_provinces("Lạng Sơn", 5).len(), 1);
        assert!(!tn.search_communes("ben cau", 5).is_empty());
    }
}

//! The 63 provinces in force until 30 June 2025, with the codes that the
//! 12-digit personal identification number (CCCD) carries in its first three
//! digits (Thông tư 07/2016/TT-BCA, Phụ lục 1), and the 2025 province each
//! became part of (Nghị quyết 202/2025/QH15). People's papers and the lists
//! handed over still name these provinces ("Long An", "Bạc Liêu").

use std::sync::LazyLock;

use serde::Deserialize;

use super::places;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OldProvince {
    /// The code before 1 July 2025 (1–96).
    pub code: u32,
    pub name: String,
    /// The code of the province it is part of since 1 July 2025.
    pub now: u32,
}

impl OldProvince {
    /// The name without "Tỉnh"/"Thành phố" (e.g. "Long An").
    pub fn short_name(&self) -> &str {
        places::short_name(&self.name)
    }
}

const DATA: &str = include_str!("../../assets/data/vn-provinces-2008-2025.json");

static OLD: LazyLock<Vec<OldProvince>> = LazyLock::new(|| {
    places::read_bundled(DATA, |p: &mut OldProvince| {
        p.name = super::text::nfc(&p.name)
    })
});

pub fn all() -> &'static [OldProvince] {
    &OLD
}

/// The province with a pre-2025 code (the first three digits of a CCCD number).
pub fn by_code(code: u32) -> Option<&'static OldProvince> {
    OLD.iter().find(|p| p.code == code)
}

/// The pre-2025 province an officer or a list means by a name ("long an",
/// "Tỉnh Bạc Liêu", "TP. Hồ Chí Minh", "Thừa Thiên - Huế").
pub fn find(typed: &str) -> Option<&'static OldProvince> {
    let q = normalise_name(typed);
    if q.is_empty() {
        return None;
    }
    let q = match q.as_str() {
        "hue" | "thua thien hue" => "thua thien hue",
        "brvt" | "vung tau" | "ba ria vung tau" => "ba ria vung tau",
        other => places::city_alias(other).unwrap_or(other),
    };
    OLD.iter()
        .find(|p| normalise_name(p.short_name()) == q || normalise_name(&p.name) == q)
}

/// Folded, without the "tỉnh"/"thành phố"/"tp." prefix and punctuation.
fn normalise_name(s: &str) -> String {
    let f = super::text::fold(s);
    let cleaned: String = f
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let rest: &[&str] = match words.as_slice() {
        ["tinh", rest @ ..] => rest,
        ["thanh", "pho", rest @ ..] => rest,
        ["tp", rest @ ..] => rest,
        all => all,
    };
    rest.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_three_provinces_each_in_a_2025_province() {
        assert_eq!(all().len(), 63);
        for p in all() {
            assert!(
                super::super::places::province(p.now).is_some(),
                "{} maps to a 2025 province",
                p.name
            );
        }
        assert_eq!(by_code(80).map(|p| p.short_name()), Some("Long An"));
        assert_eq!(by_code(80).map(|p| p.now), Some(80));
        assert_eq!(by_code(72).map(|p| p.now), Some(80), "Tây Ninh");
        assert_eq!(by_code(95).map(|p| p.now), Some(96), "Bạc Liêu -> Cà Mau");
        assert!(by_code(3).is_none());
        assert_eq!(find("tỉnh Long An").map(|p| p.code), Some(80));
        assert_eq!(find("TP. Hồ Chí Minh").map(|p| p.code), Some(79));
        assert_eq!(find("Thừa Thiên - Huế").map(|p| p.code), Some(46));
        assert_eq!(find("bac lieu").map(|p| p.code), Some(95));
        assert!(find("Atlantis").is_none());
    }
}

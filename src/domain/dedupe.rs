//! Duplicate detection: the same ID or passport number is a strong alert; a
//! similar folded name with the same birth year and home province is a
//! possible duplicate, for the officer to link or dismiss.

use serde::{Deserialize, Serialize};

use super::text::fold;

/// Jaro-Winkler similarity of folded names at or above which names are "similar".
pub const NAME_SIMILARITY: f64 = 0.92;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    SameIdNumber,
    SamePassport,
    SimilarName,
}

impl MatchKind {
    pub fn is_strong(self) -> bool {
        !matches!(self, MatchKind::SimilarName)
    }
}

/// Similarity of two names after folding (diacritics, đ and case ignored).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(&fold(a), &fold(b))
}

pub fn names_similar(a: &str, b: &str) -> bool {
    name_similarity(a, b) >= NAME_SIMILARITY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_similarity() {
        assert!(names_similar("Nguyễn Thị Hương", "NGUYEN THI HUONG"));
        assert!(names_similar("Đặng Văn Đức", "Dang Van Duc"));
        assert!(names_similar("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"));
        assert!(!names_similar("Nguyễn Văn Hùng", "Trần Thị Mai"));
    }
}

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::{Dimension, Grade, ListKind};

/// One indicator: stable code, dimension, grade per list, labels and the
/// question an officer asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub dimension: Dimension,
    grades: [Option<Grade>; 4],
    pub label_vi: String,
    pub label_en: String,
    pub question_vi: String,
    pub question_en: String,
    pub provenance: String,
}

impl Indicator {
    /// The grade of this indicator in a list, or `None` if it is not in that list.
    pub fn grade(&self, list: ListKind) -> Option<Grade> {
        self.grades[list.index()]
    }

    /// The Vietnamese question as it is asked on `list`: the catalog speaks
    /// to an adult ("anh/chị"); a child is spoken to as "em".
    pub fn question_vi_on(&self, list: ListKind) -> std::borrow::Cow<'_, str> {
        if !matches!(list, ListKind::ChildLabour | ListKind::ChildSexual) {
            return std::borrow::Cow::Borrowed(&self.question_vi);
        }
        // "anh/chị (em)": the catalog's own hint that a child may be asked.
        let q = self
            .question_vi
            .replace("anh/chị (em)", "em")
            .replace("Anh/chị (em)", "Em")
            .replace("Anh/chị", "Em")
            .replace("anh/chị", "em");
        std::borrow::Cow::Owned(q)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DimensionInfo {
    pub key: String,
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
}

/// The versioned indicator catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub version: String,
    pub title_vi: String,
    pub title_en: String,
    pub source: String,
    pub dimensions: Vec<DimensionInfo>,
    indicators: Vec<Indicator>,
    by_code: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("screening catalog: unreadable CSV at line {line}: {reason}")]
    Csv { line: usize, reason: String },
    #[error("screening catalog: unreadable metadata: {0}")]
    Meta(String),
    #[error("screening catalog: unknown dimension '{dimension}' for {code}")]
    UnknownDimension { code: String, dimension: String },
    #[error("screening catalog: code {code} does not match its dimension {dimension}")]
    CodeOutsideDimension { code: String, dimension: String },
    #[error("screening catalog: invalid grade '{grade}' for {code} in {list}")]
    BadGrade {
        code: String,
        list: String,
        grade: String,
    },
    #[error("screening catalog: {code} has no grade in any list")]
    NoGrades { code: String },
    #[error("screening catalog: {code} is missing its {field}")]
    MissingText { code: String, field: &'static str },
    #[error("screening catalog: code {0} appears twice")]
    DuplicateCode(String),
    #[error("screening catalog: dimension {0} has no indicator or no metadata")]
    EmptyDimension(String),
}

#[derive(Deserialize)]
struct Row {
    code: String,
    dimension: String,
    adult_labour: String,
    child_labour: String,
    adult_sexual: String,
    child_sexual: String,
    label_vi: String,
    label_en: String,
    question_vi: String,
    question_en: String,
    provenance: String,
}

#[derive(Deserialize)]
struct Meta {
    version: String,
    title_vi: String,
    title_en: String,
    source: String,
    dimensions: Vec<DimensionInfo>,
}

const CATALOG_CSV: &str = include_str!("../../../assets/screening/catalog.csv");
const CATALOG_META: &str = include_str!("../../../assets/screening/catalog.meta.json");

static BUILTIN: LazyLock<Result<Catalog, CatalogError>> =
    LazyLock::new(|| Catalog::parse(CATALOG_CSV, CATALOG_META));

impl Catalog {
    /// The catalog shipped with the application, validated once.
    pub fn builtin() -> Result<&'static Catalog, CatalogError> {
        BUILTIN.as_ref().map_err(Clone::clone)
    }

    /// Parse and validate a catalog: unknown dimensions, bad or missing grades,
    /// missing labels or questions and duplicate codes are errors.
    pub fn parse(csv_text: &str, meta_json: &str) -> Result<Catalog, CatalogError> {
        let meta: Meta =
            serde_json::from_str(meta_json).map_err(|e| CatalogError::Meta(e.to_string()))?;
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let mut indicators = Vec::new();
        let mut by_code = HashMap::new();
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let row = row.map_err(|e| CatalogError::Csv {
                line: i + 2,
                reason: e.to_string(),
            })?;
            let code = row.code.trim().to_string();
            let dimension = Dimension::from_key(row.dimension.trim()).ok_or_else(|| {
                CatalogError::UnknownDimension {
                    code: code.clone(),
                    dimension: row.dimension.clone(),
                }
            })?;
            if !code.starts_with(dimension.prefix())
                || code.len() != 4
                || !code[2..].chars().all(|c| c.is_ascii_digit())
            {
                return Err(CatalogError::CodeOutsideDimension {
                    code,
                    dimension: dimension.key().into(),
                });
            }
            let raw = [
                (&row.adult_labour, ListKind::AdultLabour),
                (&row.child_labour, ListKind::ChildLabour),
                (&row.adult_sexual, ListKind::AdultSexual),
                (&row.child_sexual, ListKind::ChildSexual),
            ];
            let mut grades = [None; 4];
            for (value, list) in raw {
                grades[list.index()] =
                    Grade::parse(value).ok_or_else(|| CatalogError::BadGrade {
                        code: code.clone(),
                        list: list.key().into(),
                        grade: value.clone(),
                    })?;
            }
            if grades.iter().all(Option::is_none) {
                return Err(CatalogError::NoGrades { code });
            }
            let texts = [
                (&row.label_vi, "Vietnamese label"),
                (&row.label_en, "English label"),
                (&row.question_vi, "Vietnamese question"),
                (&row.question_en, "English question"),
                (&row.provenance, "provenance"),
            ];
            for (text, field) in texts {
                if text.trim().is_empty() {
                    return Err(CatalogError::MissingText {
                        code: code.clone(),
                        field,
                    });
                }
            }
            if by_code.insert(code.clone(), indicators.len()).is_some() {
                return Err(CatalogError::DuplicateCode(code));
            }
            indicators.push(Indicator {
                code,
                dimension,
                grades,
                label_vi: crate::domain::text::nfc(row.label_vi.trim()),
                label_en: row.label_en.trim().to_string(),
                question_vi: crate::domain::text::nfc(row.question_vi.trim()),
                question_en: row.question_en.trim().to_string(),
                provenance: row.provenance.trim().to_string(),
            });
        }
        for d in Dimension::ALL {
            let has_meta = meta.dimensions.iter().any(|m| m.key == d.key());
            let has_items = indicators.iter().any(|i| i.dimension == d);
            if !has_meta || !has_items {
                return Err(CatalogError::EmptyDimension(d.key().into()));
            }
        }
        Ok(Catalog {
            version: meta.version,
            title_vi: meta.title_vi,
            title_en: meta.title_en,
            source: meta.source,
            dimensions: meta.dimensions,
            indicators,
            by_code,
        })
    }

    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.by_code.get(code).map(|&i| &self.indicators[i])
    }

    pub fn in_dimension(&self, d: Dimension) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.dimension == d)
    }

    pub fn dimension_info(&self, d: Dimension) -> &DimensionInfo {
        self.dimensions
            .iter()
            .find(|m| m.key == d.key())
            .expect("validated at parse time")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_is_complete() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(c.indicators().len(), 68);
        assert_eq!(
            c.get("DR01").unwrap().grade(ListKind::AdultLabour),
            Some(Grade::Strong)
        );
        assert_eq!(c.get("DR11").unwrap().grade(ListKind::AdultLabour), None);
        assert_eq!(
            c.get("CD07").unwrap().grade(ListKind::AdultSexual),
            Some(Grade::Strong)
        );
        assert!(c.get("XX01").is_none());
        for d in Dimension::ALL {
            assert!(c.in_dimension(d).count() >= 7);
        }
    }

    #[test]
    fn a_child_is_asked_as_em_and_an_adult_as_anh_chi() {
        let c = Catalog::builtin().unwrap();
        let cr01 = c.get("CR01").unwrap();
        assert_eq!(
            cr01.question_vi_on(ListKind::ChildLabour),
            "Khi đưa em đi, có ai đánh đập hoặc dùng vũ lực với em không?"
        );
        assert_eq!(cr01.question_vi_on(ListKind::AdultSexual), cr01.question_vi);
        let ex09 = c.get("EX09").unwrap();
        assert!(
            ex09.question_vi_on(ListKind::ChildLabour)
                .starts_with("Trong thời gian đó, em có bị ngăn")
        );
        assert!(
            c.get("CD07")
                .unwrap()
                .question_vi_on(ListKind::ChildSexual)
                .starts_with("Em có bị ép")
        );
        for ind in c.indicators() {
            for list in [ListKind::ChildLabour, ListKind::ChildSexual] {
                let q = ind.question_vi_on(list);
                assert!(!q.to_lowercase().contains("anh/chị"), "{}: {q}", ind.code);
                assert!(!q.contains("em (em)"), "{}: {q}", ind.code);
            }
        }
    }

    /// Why the builtin metadata and a catalog of one data row are refused.
    fn refusal(row: &str) -> CatalogError {
        let header = "code,dimension,adult_labour,child_labour,adult_sexual,child_sexual,label_vi,label_en,question_vi,question_en,provenance";
        let meta = include_str!("../../../assets/screening/catalog.meta.json");
        Catalog::parse(&format!("{header}\n{row}\n"), meta).unwrap_err()
    }

    #[test]
    fn rejects_bad_catalogs() {
        use CatalogError as E;
        let refused = [
            "DR01,deceptive_recruitment,huge,,,,a,b,c,d,e",
            "DR01,nowhere,strong,,,,a,b,c,d,e",
            "DR01,deceptive_recruitment,strong,,,,,b,c,d,e",
            "DR01,deceptive_recruitment,,,,,a,b,c,d,e",
            "CD01,deceptive_recruitment,strong,,,,a,b,c,d,e",
            // A catalog with only one dimension leaves the others empty.
            "DR01,deceptive_recruitment,strong,,,,a,b,c,d,e",
        ]
        .map(refusal);
        assert!(
            matches!(
                refused,
                [
                    E::BadGrade { .. },
                    E::UnknownDimension { .. },
                    E::MissingText { .. },
                    E::NoGrades { .. },
                    E::CodeOutsideDimension { .. },
                    E::EmptyDimension(_),
                ]
            ),
            "{refused:?}"
        );
    }
}

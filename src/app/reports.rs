//! The period report as a file: statistics as CSV, XLSX or PDF, or the
//! anonymised case-level dataset (k-anonymous).

use chrono::NaiveDate;

use super::Result;
use super::people::Names;
use crate::domain::report::{self, AnonReport};
use crate::export::tables;
use crate::i18n::Lang;
use crate::vault::Vault;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Pdf,
    /// The anonymised case-level CSV.
    Dataset,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Xlsx, Format::Pdf, Format::Dataset];

    pub fn key(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Dataset => "dataset",
        }
    }

    pub fn from_key(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.key() == s)
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Csv | Format::Dataset => "csv",
        }
    }

    /// A file name that says what the file is and for which period.
    pub fn file_name(self, from: NaiveDate, to: NaiveDate) -> String {
        let prefix = if self == Format::Dataset {
            "du-lieu-an-danh"
        } else {
            "bao-cao"
        };
        format!(
            "{prefix}-{}-{}.{}",
            from.format("%Y%m%d"),
            to.format("%Y%m%d"),
            self.ext()
        )
    }
}

/// A report file and, for the dataset, what anonymisation removed.
pub struct Exported {
    pub bytes: Vec<u8>,
    pub dataset: Option<AnonReport>,
}

/// Build the report of a period in a format (audited by the vault).
pub fn export(
    v: &mut Vault,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<Exported> {
    if format == Format::Dataset {
        let rows = v.anonymised_rows(from, to)?;
        let (rows, info) = report::anonymise(rows, report::K);
        let bytes = tables::dataset_csv(&rows, &info)?;
        return Ok(Exported {
            bytes,
            dataset: Some(info),
        });
    }
    let r = v.report(from, to, format.key())?;
    let bytes = match format {
        Format::Xlsx => tables::report_xlsx(&r, lang)?,
        Format::Pdf => {
            let unit = v.unit()?;
            let me = Names::of(v)?.get(&v.user().username);
            tables::report_pdf(&r, &unit, &me, crate::clock::today())?
        }
        _ => tables::report_csv(&r, lang)?,
    };
    Ok(Exported {
        bytes,
        dataset: None,
    })
}

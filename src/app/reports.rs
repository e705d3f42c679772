//! The period report as a file: statistics as CSV, XLSX or PDF, or the
//! anonymised case-level dataset (k-anonymous).

use chrono::NaiveDate;

use super::Result;
use crate::domain::report::{self, AnonReport, Report};
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

/// The period of a report: dates, or a period an administrator named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Dates(NaiveDate, NaiveDate),
    Named(String),
}

/// How the report paper is printed (PDF only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printing {
    /// A confidentiality mark ("MẬT"), chosen when printing.
    pub mark: Option<String>,
    /// "Kính gửi" other than the default (the provincial People's Committee).
    pub recipient: Option<String>,
}

/// The confidentiality marks offered when printing (Law on the Protection
/// of State Secrets 2018: "Mật", "Tối mật", "Tuyệt mật").
pub const MARKS: [&str; 3] = ["MẬT", "TỐI MẬT", "TUYỆT MẬT"];

/// The report of a period (audited by the vault).
pub fn report(v: &mut Vault, period: &Choice, purpose: &str) -> Result<Report> {
    Ok(match period {
        Choice::Dates(from, to) => v.report(*from, *to, purpose)?,
        Choice::Named(name) => v.report_named(name, purpose)?,
    })
}

/// Build the report of a period in a format (audited by the vault).
pub fn export(
    v: &mut Vault,
    from: NaiveDate,
    to: NaiveDate,
    format: Format,
    lang: Lang,
) -> Result<Exported> {
    export_period(
        v,
        &Choice::Dates(from, to),
        format,
        lang,
        &Printing::default(),
    )
}

/// Build the report of a period (dates or a name) in a format.
pub fn export_period(
    v: &mut Vault,
    period: &Choice,
    format: Format,
    lang: Lang,
    printing: &Printing,
) -> Result<Exported> {
    if format == Format::Dataset {
        let (from, to) = match period {
            Choice::Dates(f, t) => (*f, *t),
            Choice::Named(n) => {
                let p = v.report_period(n)?;
                (p.from, p.to)
            }
        };
        let rows = v.anonymised_rows(from, to)?;
        let (rows, info) = report::anonymise(rows, report::K);
        let bytes = tables::dataset_csv(&rows, &info)?;
        return Ok(Exported {
            bytes,
            dataset: Some(info),
        });
    }
    let r = report(v, period, format.key())?;
    let bytes = match format {
        Format::Xlsx => tables::report_xlsx(&r, lang, &v.letterhead()?.unit_name)?,
        Format::Pdf => {
            let letterhead = v.letterhead()?;
            let people = v.people()?;
            let signer_name = if letterhead.default_signer.is_empty() {
                v.user().username.clone()
            } else {
                letterhead.default_signer.clone()
            };
            let signer = people.get(&signer_name).cloned().unwrap_or_else(|| {
                crate::domain::papers::Person {
                    name: v.user().display_name.clone(),
                    ..Default::default()
                }
            });
            let mut paper = tables::ReportPaper::new(&letterhead, signer, crate::clock::today());
            paper.mark = printing.mark.clone();
            if let Some(to) = &printing.recipient {
                paper.recipient = to.clone();
            }
            paper.checkpoint = v.checkpoint_text()?;
            tables::report_pdf(&r, &letterhead, &paper)?
        }
        _ => tables::report_csv(&r, lang)?,
    };
    Ok(Exported {
        bytes,
        dataset: None,
    })
}

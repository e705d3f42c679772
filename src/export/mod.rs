//! Exports: PDF documents from typst templates, the encrypted referral
//! package, CSV/XLSX writers and transfer bundles.

pub mod bundle;
pub mod docs;
pub mod handover_xlsx;
pub mod media;
pub mod package;
pub mod pdf;
pub mod privacy_docs;
pub mod qr;
pub mod sheet_reader;
pub mod tables;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportError {
    #[error("the document could not be laid out: {0}")]
    Template(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the package could not be written: {0}")]
    Package(String),
    #[error("not allowed: {0}")]
    Refused(String),
}

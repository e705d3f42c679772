//! A handover list into a batch, as the window does it: read the file (no
//! vault), propose the columns (with what the unit chose last time),
//! preview every row against the vault, then create the people in one
//! transaction; and the batch's people written back as the list (XLSX).
//! The sequence is the one `vault::batch_import` documents; the headless
//! `tiepnhan batch import` follows the same steps.

use std::path::Path;

use super::Result;
use crate::domain::batch::BatchRecord;
use crate::domain::handover_list::{self as hl, Converted, LegacyChoice, Mapping, Preview};
use crate::domain::legacy_text::TextEncoding;
use crate::export::sheet_reader::{self, Format, SheetError};
use crate::vault::Vault;
use crate::vault::batch_import::{self, ImportRequest, Imported, Target};

/// A list file read and converted (TCVN3/VNI to Unicode), not yet mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct ListFile {
    pub format: Format,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub encoding: Option<TextEncoding>,
    /// The file's SHA-256 (what the audit event names; never the content).
    pub sha256: String,
    pub converted: Converted,
}

/// Read a list from disk; nothing is written anywhere.
pub fn read_path(
    path: &Path,
    sheet: Option<&str>,
    legacy: LegacyChoice,
) -> std::result::Result<ListFile, SheetError> {
    let io = |e: std::io::Error| SheetError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > sheet_reader::MAX_FILE_BYTES as u64 {
        return Err(SheetError::TooLarge);
    }
    let bytes = std::fs::read(path).map_err(io)?;
    read_bytes(&bytes, sheet, legacy)
}

/// Read a list from its bytes (see [`read_path`]).
pub fn read_bytes(
    bytes: &[u8],
    sheet: Option<&str>,
    legacy: LegacyChoice,
) -> std::result::Result<ListFile, SheetError> {
    let book = sheet_reader::read_bytes(bytes, sheet)?;
    Ok(ListFile {
        format: book.format,
        sheets: book.sheets,
        sheet: book.sheet,
        encoding: book.encoding,
        sha256: batch_import::sha256_hex(bytes),
        converted: hl::convert(&book.grid, legacy),
    })
}

/// The columns proposed from the headers, with the unit's earlier choices
/// for columns with the same labels.
pub fn propose(v: &Vault, file: &ListFile) -> Result<Mapping> {
    let mut mapping = hl::propose(&file.converted.grid);
    let headers = hl::header_labels(&file.converted.grid, &mapping);
    if let Some(r) = v.remembered_mapping()? {
        mapping.apply_remembered(&headers, &r);
    }
    Ok(mapping)
}

/// Every row read and checked with the batch table's rules, with the
/// duplicates in the list and among stored cases. Writes nothing.
pub fn preview(
    v: &Vault,
    file: &ListFile,
    mapping: &Mapping,
    batch: &BatchRecord,
) -> Result<Preview> {
    let mut p = hl::preview_converted(&file.converted, mapping, batch, crate::clock::today());
    v.list_duplicates(&mut p)?;
    Ok(p)
}

/// Create the list's people in one transaction, audited once with the
/// file's SHA-256.
pub fn import(
    v: &mut Vault,
    file: &ListFile,
    preview: &Preview,
    target: Target,
    skip_invalid: bool,
) -> Result<Imported> {
    Ok(v.import_list(ImportRequest {
        preview,
        target,
        sha256: &file.sha256,
        format: file.format.key(),
        skip_invalid,
    })?)
}

/// The batch's people as the list they came with, as XLSX bytes (audited
/// as an export). `title` is the sheet's first line.
pub fn export_list(
    v: &mut Vault,
    batch_id: &str,
    title: impl FnOnce(&BatchRecord) -> String,
) -> Result<(BatchRecord, usize, Vec<u8>)> {
    let (batch, table) = v.list_back(batch_id)?;
    let bytes = crate::export::handover_xlsx::list_xlsx(&title(&batch), &table)?;
    Ok((batch, table.rows.len(), bytes))
}

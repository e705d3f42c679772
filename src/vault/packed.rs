//! Record blobs: the JSON of a case, a case's earlier version, a screening
//! or a referral, stored compressed.
//!
//! A record is about 1 KB of JSON whose keys and coded values repeat from one
//! record to the next, so on its own it compresses poorly (zstd alone: about
//! 35 %). Compressed against a dictionary of the records' shape, it shrinks
//! to a fifth to a third. The dictionary (`assets/zstd/records-1.zdict`) was
//! trained on the *skeletons* of synthetic records: their keys and coded
//! values, with every free text, name and number blanked
//! (`tests/zstd_dictionary.rs` writes it again), so it holds nothing of a
//! person.
//!
//! A stored value is either text (the JSON itself, as every vault wrote it
//! before migration 0080) or a blob: one format byte, then a zstd frame made
//! with the dictionary of that format. Reading accepts both. A shipped
//! dictionary never changes: a new one is a new format byte, and the old one
//! stays to read what it wrote.
//!
//! SQL sees the JSON through `tn_json(data)` (for `json_extract` in a
//! migration) and packs it with `tn_pack(data)`.

use std::cell::RefCell;
use std::sync::OnceLock;

use rusqlite::Connection;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

/// The dictionary of format 1. Never edit it: vaults hold frames made with it
/// (`dictionary_is_the_shipped_one` pins its digest).
pub const DICTIONARY_1: &[u8] = include_bytes!("../../assets/zstd/records-1.zdict");

/// The format byte of a blob made with `DICTIONARY_1`.
const FORMAT_1: u8 = 1;

/// zstd's level: with a dictionary, higher levels gain a few bytes a record
/// and cost more time on every save (measured in `tests/zstd_dictionary.rs`).
const LEVEL: i32 = 9;

/// The largest record this accepts when opening a blob (a record with a long
/// narrative is tens of kilobytes; this bounds what a damaged frame can ask for).
const MAX_RECORD: usize = 16 * 1024 * 1024;

fn encoder_dictionary() -> &'static EncoderDictionary<'static> {
    static D: OnceLock<EncoderDictionary<'static>> = OnceLock::new();
    D.get_or_init(|| EncoderDictionary::copy(DICTIONARY_1, LEVEL))
}

fn decoder_dictionary() -> &'static DecoderDictionary<'static> {
    static D: OnceLock<DecoderDictionary<'static>> = OnceLock::new();
    D.get_or_init(|| DecoderDictionary::copy(DICTIONARY_1))
}

thread_local! {
    static COMPRESSOR: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

/// A record's JSON, packed for storing (binds as a blob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed(Vec<u8>);

impl Packed {
    /// Pack the JSON text of a record.
    pub fn json(text: &str) -> Packed {
        let frame = COMPRESSOR.with(|c| {
            let mut c = c.borrow_mut();
            if c.is_none() {
                *c = Compressor::with_prepared_dictionary(encoder_dictionary()).ok();
            }
            c.as_mut().and_then(|c| c.compress(text.as_bytes()).ok())
        });
        match frame {
            Some(frame) => {
                let mut out = Vec::with_capacity(frame.len() + 1);
                out.push(FORMAT_1);
                out.extend_from_slice(&frame);
                Packed(out)
            }
            // zstd could not set up (out of memory): the record is kept as
            // text (JSON starts with `{`, no format byte), which every
            // reader accepts.
            None => Packed(text.as_bytes().to_vec()),
        }
    }

    /// Pack a record (serialised as JSON).
    pub fn of<T: serde::Serialize>(value: &T) -> Packed {
        Packed::json(&serde_json::to_string(value).expect("records serialise"))
    }

    /// The stored bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl ToSql for Packed {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        if self.0.first() == Some(&b'{') {
            // The text fallback: stored as text, as before migration 0080.
            let s = std::str::from_utf8(&self.0)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            return Ok(ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())));
        }
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(&self.0)))
    }
}

/// Why a stored record could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum UnpackError {
    #[error("a stored record has an unknown format ({0})")]
    UnknownFormat(u8),
    #[error("a stored record is empty")]
    Empty,
    #[error("a stored record does not decompress: {0}")]
    Frame(String),
    #[error("a stored record is not UTF-8")]
    NotText,
}

/// The JSON text of a blob or text value as stored.
pub fn unpack(stored: &[u8]) -> Result<String, UnpackError> {
    let (&format, frame) = stored.split_first().ok_or(UnpackError::Empty)?;
    if format != FORMAT_1 {
        return Err(UnpackError::UnknownFormat(format));
    }
    let bytes = DECOMPRESSOR.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            *d = Some(
                Decompressor::with_prepared_dictionary(decoder_dictionary())
                    .map_err(|e| UnpackError::Frame(e.to_string()))?,
            );
        }
        let d = d.as_mut().expect("set above");
        let capacity = zstd::zstd_safe::get_frame_content_size(frame)
            .ok()
            .flatten()
            .map(|n| n as usize)
            .filter(|&n| n <= MAX_RECORD)
            .ok_or_else(|| UnpackError::Frame("no or too large a content size".into()))?;
        d.decompress(frame, capacity)
            .map_err(|e| UnpackError::Frame(e.to_string()))
    })?;
    String::from_utf8(bytes).map_err(|_| UnpackError::NotText)
}

/// A record's JSON text as read from its column, packed or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json(pub String);

impl FromSql for Json {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Text(t) => std::str::from_utf8(t)
                .map(|s| Json(s.to_string()))
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            ValueRef::Blob(b) => unpack(b)
                .map(Json)
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

/// `tn_json(data)`: the JSON of a stored record (text as it is, a blob
/// unpacked); `tn_pack(data)`: the record packed (a blob stays as it is).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("tn_json", 1, flags, |ctx| {
        let v: Option<Json> = ctx.get(0)?;
        Ok(v.map(|j| j.0))
    })?;
    conn.create_scalar_function("tn_pack", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(t) => {
                let s = std::str::from_utf8(t)
                    .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
                Some(rusqlite::types::Value::Blob(Packed::json(s).0))
            }
            ValueRef::Blob(b) => Some(rusqlite::types::Value::Blob(b.to_vec())),
            _ => None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"identity":{"full_name":"Nguyễn Thị Hoà","sex":"female"},"journey":{"destination_country":"Campuchia","exit_legality":"irregular"},"status":"open"}"#;

    #[test]
    fn a_record_comes_back_as_it_was_written() {
        let p = Packed::json(RECORD);
        assert_eq!(p.bytes()[0], FORMAT_1);
        assert!(p.bytes().len() < RECORD.len(), "{} bytes", p.bytes().len());
        assert_eq!(unpack(p.bytes()).unwrap(), RECORD);
    }

    /// The first column of every row of `sql`.
    fn column<T: FromSql>(conn: &Connection, sql: &str) -> Vec<T> {
        let mut s = conn.prepare(sql).unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn text_and_blob_columns_both_read_and_sql_sees_the_json() {
        let conn = Connection::open_in_memory().unwrap();
        register_functions(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t (data TEXT NOT NULL)")
            .unwrap();
        conn.execute("INSERT INTO t VALUES (?1)", [RECORD]).unwrap();
        conn.execute("INSERT INTO t VALUES (?1)", [Packed::json(RECORD)])
            .unwrap();
        let kinds: Vec<String> = column(&conn, "SELECT typeof(data) FROM t");
        assert_eq!(kinds, ["text", "blob"]);
        let read: Vec<Json> = column(&conn, "SELECT data FROM t");
        assert!(read.iter().all(|j| j.0 == RECORD));
        let names: Vec<String> = column(
            &conn,
            "SELECT json_extract(tn_json(data), '$.identity.full_name') FROM t",
        );
        assert_eq!(names, ["Nguyễn Thị Hoà", "Nguyễn Thị Hoà"]);
        conn.execute("UPDATE t SET data = tn_pack(data)", [])
            .unwrap();
        let blobs: i64 = conn
            .query_row(
                "SELECT count(*) FROM t WHERE typeof(data) = 'blob'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(blobs, 2);
    }

    #[test]
    fn a_damaged_blob_is_an_error_not_a_panic() {
        let mut p = Packed::json(RECORD).0;
        let n = p.len();
        p[n / 2] ^= 0xff;
        p.truncate(n - 3);
        assert!(unpack(&p).is_err());
        assert!(matches!(
            unpack(&[7, 1, 2]),
            Err(UnpackError::UnknownFormat(7))
        ));
        assert!(matches!(unpack(&[]), Err(UnpackError::Empty)));
        assert!(unpack(&[FORMAT_1]).is_err());
    }
}

//! The SQLCipher connection: keyed with the raw data key before anything else.

use std::path::Path;
use std::sync::Once;

use rusqlite::{Connection, ErrorCode, OpenFlags, ffi};

use super::error::{Result, VaultError};
use super::keyring::DataKey;
use super::packed::Json;

pub const DB_FILE: &str = "tiepnhan.db";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Create,
    ReadWrite,
    ReadOnly,
}

/// Pragmas that tune the connection (cache and memory security); see README "Performance".
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub cache_kib: i64,
    pub memory_security: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            cache_kib: 64 * 1024,
            memory_security: memory_security_requested(),
        }
    }
}

/// SQLCipher's `cipher_memory_security` (an `mlock`/`munlock` system call and a
/// wipe on every SQLite allocation) is off unless `TIEPNHAN_MEMORY_SECURITY=on`.
/// It is process-wide and cannot be turned off once on; measured by
/// `tiepnhan bench` it made searches 6 times and key-open 10 times slower
/// and did not finish a 200,000-case bench (README, "Performance"). SQLCipher
/// keeps its key material in its own locked, wiped heap either way, and the
/// process refuses core dumps (`crate::hardening`).
pub fn memory_security_requested() -> bool {
    matches!(
        std::env::var("TIEPNHAN_MEMORY_SECURITY").as_deref(),
        Ok("on" | "1" | "ON")
    )
}

/// Keying is serialised in the process: when many connections were keyed at
/// once (the parallel test suite, under load), SQLCipher's codec set-up
/// rarely failed with a bare SQLITE_ERROR. Keying happens a few times per
/// session, so the lock costs nothing; one retry covers what remains.
static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn set_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let lit = key.sqlcipher_literal();
    let mut rc = ffi::SQLITE_ERROR;
    for attempt in 0..2 {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _g = KEYING.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: the handle is valid for the life of `conn`; the key buffer outlives the call.
        rc = unsafe {
            ffi::sqlite3_key_v2(
                conn.handle(),
                c"main".as_ptr(),
                lit.as_ptr().cast(),
                lit.len() as std::ffi::c_int,
            )
        };
        if rc == ffi::SQLITE_OK {
            break;
        }
    }
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(VaultError::Db(rusqlite::Error::SqliteFailure(
            ffi::Error::new(rc),
            None,
        )))
    }
}

/// Prepared statements kept per connection (rusqlite's default is 16; the
/// write paths alone use more).
const STATEMENT_CACHE: usize = 128;

static SILENCE: Once = Once::new();

/// SQLCipher's process-wide settings: no log output (a wrong key or a bad
/// page prints nothing), and memory security when asked for.
fn process_settings(conn: &Connection, tuning: Tuning) {
    SILENCE.call_once(|| {
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        if tuning.memory_security {
            let _ = conn.execute_batch("PRAGMA cipher_memory_security = ON;");
        }
    });
}

/// Open (or create) the encrypted database with the raw data key.
pub fn open(path: &Path, key: &DataKey, mode: OpenMode, tuning: Tuning) -> Result<Connection> {
    let flags = match mode {
        OpenMode::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        OpenMode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
        OpenMode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if mode != OpenMode::Create && !path.exists() {
        return Err(VaultError::Corrupt(format!(
            "{} is missing",
            path.file_name().unwrap_or_default().to_string_lossy()
        )));
    }
    if mode == OpenMode::Create && !path.exists() {
        // Owner-only from the first byte; SQLite gives the WAL and the
        // shared-memory file the same mode as the database.
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| VaultError::io("create the database", e))?;
        super::fsio::restrict_permissions(&f);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    set_key(&conn, key)?;
    process_settings(&conn, tuning);
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            // The key was proven right by the keyring's AEAD, so this is damage.
            return Err(VaultError::Corrupt(
                "page 1 fails authentication (the file is damaged or not this vault's database)"
                    .into(),
            ));
        }
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt) => {
            // The schema itself is damaged: name the pages that fail their
            // HMAC (the page check needs no schema).
            let pages: Vec<String> = conn
                .prepare("PRAGMA cipher_integrity_check")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, String>(0))?
                        .take(5)
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap_or_default();
            return Err(VaultError::Corrupt(if pages.is_empty() {
                format!("{e}")
            } else {
                format!("{e}: {}", pages.join("; "))
            }));
        }
        Err(e) => return Err(e.into()),
    }
    if mode != OpenMode::ReadOnly {
        let jm: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !jm.eq_ignore_ascii_case("wal") {
            return Err(VaultError::Invalid(format!("could not enable WAL ({jm})")));
        }
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -{};
         PRAGMA busy_timeout = 5000;",
        tuning.cache_kib
    ))?;
    register_functions(&conn)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// The functions the schema's SQL calls, on every connection: the packed
/// records' (`tn_json`, `tn_pack`) and `tn_sort_key`, the key of the indexes
/// that order cases by name (`domain::text::sort_key`; its collation's
/// version is `text::SORT_KEY_VERSION`, and `refresh_sort_keys` rebuilds
/// those indexes when it changes).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    super::packed::register_functions(conn)?;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("tn_sort_key", 1, flags, |ctx| {
        let name: Option<String> = ctx.get(0)?;
        Ok(crate::domain::text::sort_key(name.as_deref().unwrap_or("")))
    })
}

/// Open an unencrypted database with the same pragmas (the benchmark baseline).
pub fn open_plain(path: &Path, tuning: Tuning) -> Result<Connection> {
    let conn = Connection::open(path)?;
    let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA cache_size = -{};",
        tuning.cache_kib
    ))?;
    register_functions(&conn)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// A record kept as JSON in a column, decoded (or the vault is corrupt).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(data: &str) -> Result<T> {
    serde_json::from_str(data).map_err(|e| VaultError::Corrupt(e.to_string()))
}

/// The records kept as JSON (packed or not, `super::packed`) in the first column of a query's rows.
pub(crate) fn json_rows<T, P>(conn: &Connection, sql: &str, p: P) -> Result<Vec<T>>
where
    T: serde::de::DeserializeOwned,
    P: rusqlite::Params,
{
    let mut s = conn.prepare_cached(sql)?;
    let rows = s.query_map(p, |r| r.get::<_, Json>(0))?;
    rows.map(|d| decode(&d?.0)).collect()
}

/// The record kept as JSON in the first column of a query's one row;
/// `NotFound(what)` when there is none.
pub(crate) fn json_row<T, P>(conn: &Connection, sql: &str, p: P, what: &str) -> Result<T>
where
    T: serde::de::DeserializeOwned,
    P: rusqlite::Params,
{
    decode(&one::<Json, _>(conn, sql, p, what)?.0)
}

/// The first column of a query's one row; `NotFound(what)` when there is
/// none.
pub(crate) fn one<T, P>(conn: &Connection, sql: &str, p: P, what: &str) -> Result<T>
where
    T: rusqlite::types::FromSql,
    P: rusqlite::Params,
{
    found(conn.row(sql, p, |r| r.get(0)), what)
}

/// A query's one row, or `NotFound(what)` when there is none.
pub(crate) fn found<T>(row: rusqlite::Result<T>, what: &str) -> Result<T> {
    use rusqlite::OptionalExtension;
    row.optional()?
        .ok_or_else(|| VaultError::NotFound(what.into()))
}

/// Set a vault setting (inserted, or replaced).
pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}

/// `execute` and `query_row` through the connection's statement cache: the
/// hot write paths (a case, its audit event, its search row) then parse
/// their SQL once per connection instead of once per call.
pub(crate) trait Cached {
    fn exec<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<usize>;
    fn row<T, P, F>(&self, sql: &str, p: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;

    /// Whether `sql` (a `SELECT count(*) ...` or `SELECT 1 ...`) finds a row.
    fn any<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<bool> {
        self.row(&format!("SELECT EXISTS ({sql})"), p, |r| r.get(0))
    }
}

impl Cached for Connection {
    fn exec<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(p)
    }

    fn row<T, P, F>(&self, sql: &str, p: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(p, f)
    }
}

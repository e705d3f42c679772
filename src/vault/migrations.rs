//! Schema migrations: a `user_version` loop inside one transaction.

use rusqlite::Connection;

use super::error::{Result, VaultError};

/// One schema step: a SQL file, or SQL written from a table in code.
#[derive(Clone, Copy)]
pub enum Migration {
    Sql(&'static str),
    Written(fn() -> String),
}

impl Migration {
    pub fn sql(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Migration::Sql(s) => (*s).into(),
            Migration::Written(f) => f().into(),
        }
    }
}

pub const MIGRATIONS: &[Migration] = &[
    Migration::Sql(include_str!("migrations/0001_core.sql")),
    Migration::Sql(include_str!("migrations/0002_intake.sql")),
    Migration::Sql(include_str!("migrations/0003_screening.sql")),
    Migration::Sql(include_str!("migrations/0004_referrals.sql")),
    Migration::Sql(include_str!("migrations/0005_report_facts.sql")),
    Migration::Sql(include_str!("migrations/0006_transfer.sql")),
    Migration::Sql(include_str!("migrations/0007_indexes.sql")),
    Migration::Sql(include_str!("migrations/0008_scale.sql")),
    Migration::Sql(include_str!("migrations/0009_age_bands.sql")),
    Migration::Sql(include_str!("migrations/0010_dismissal_reason.sql")),
    Migration::Sql(include_str!("migrations/0011_import_conflicts.sql")),
    Migration::Sql(include_str!("migrations/0012_checkpoints.sql")),
    Migration::Sql(include_str!("migrations/0020_papers_orgs.sql")),
    Migration::Sql(include_str!("migrations/0040_privacy.sql")),
    Migration::Sql(include_str!("migrations/0050_attachments.sql")),
    Migration::Written(super::report_days::migration_0060),
    Migration::Sql(include_str!("migrations/0061_report_periods.sql")),
    Migration::Written(super::cases::migration_0070),
    Migration::Sql(include_str!("migrations/0080_scale.sql")),
    Migration::Sql(include_str!("migrations/0090_compact.sql")),
    Migration::Sql(include_str!("migrations/0100_compact.sql")),
];

/// The list lookups the report-facts backfill calls (`0060_report_days.sql`).
fn register_list_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("tn_country_key", 1, flags, |ctx| {
        let s: Option<String> = ctx.get(0)?;
        Ok(crate::domain::lists::country_key(
            s.as_deref().unwrap_or(""),
        ))
    })?;
    conn.create_scalar_function("tn_ethnic_key", 1, flags, |ctx| {
        let s: Option<String> = ctx.get(0)?;
        Ok(crate::domain::lists::ethnic_key(s.as_deref().unwrap_or("")))
    })
}

/// Bring the schema up to date. Idempotent; refuses a database newer than this program.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    register_list_functions(conn)?;
    super::db::register_functions(conn)?;
    let tx = conn.transaction()?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(VaultError::TooNew {
            found: current,
            known,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(&step.sql())?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

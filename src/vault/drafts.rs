//! Unsaved form input, kept inside the vault (never in a temp file).

use crate::vault::db::Cached;
use rusqlite::{OptionalExtension, params};

use super::{Result, Vault, now_iso};

impl Vault {
    /// Save (or replace) the signed-in user's draft in a slot such as `case:<id>`.
    pub fn save_draft(&mut self, slot: &str, payload: &str) -> Result<()> {
        let uid = self.user().id.clone();
        self.write(|tx| {
            tx.conn.exec(
                "INSERT INTO drafts (user_id, slot, payload, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(user_id, slot) DO UPDATE SET payload = excluded.payload,
                 updated_at = excluded.updated_at",
                params![uid, slot, payload, now_iso()],
            )?;
            Ok(())
        })
    }

    pub fn load_draft(&self, slot: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .row(
                "SELECT payload FROM drafts WHERE user_id = ?1 AND slot = ?2",
                params![self.user().id, slot],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn delete_draft(&mut self, slot: &str) -> Result<()> {
        let uid = self.user().id.clone();
        self.write(|tx| {
            tx.conn.exec(
                "DELETE FROM drafts WHERE user_id = ?1 AND slot = ?2",
                params![uid, slot],
            )?;
            Ok(())
        })
    }

    /// The signed-in user's drafts (slot, updated at), newest first.
    pub fn list_drafts(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn().prepare(
            "SELECT slot, updated_at FROM drafts WHERE user_id = ?1 ORDER BY updated_at DESC",
        )?;
        let rows = stmt.query_map([&self.user().id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

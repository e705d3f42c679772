//! Attachments in the store: each file (checked and stripped of its
//! metadata by `domain::attachment::clean`) is kept in the encrypted
//! database in pieces of `CHUNK_BYTES`, with its kind, format, size,
//! SHA-256, when and by whom it was added. Never written to a plain file
//! by the store. Adding, opening and removing are audited; removing is for
//! the person who added it or a supervisor.

use rusqlite::{Connection, params};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::db::{self, Cached};
use super::{Result, Tx, Vault, VaultError, now_iso};
use crate::domain::attachment::{self, AttachmentKind, CHUNK_BYTES, Cleaned, ContentType};
use crate::domain::audit::action;

/// What an attachment belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "id")]
pub enum Owner {
    Case(String),
    Batch(String),
}

impl Owner {
    fn ids(&self) -> (Option<&str>, Option<&str>) {
        match self {
            Owner::Case(c) => (Some(c), None),
            Owner::Batch(b) => (None, Some(b)),
        }
    }

    /// The audit target: the case or the batch.
    pub fn id(&self) -> &str {
        match self {
            Owner::Case(c) | Owner::Batch(c) => c,
        }
    }
}

/// An attachment without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentMeta {
    pub id: String,
    pub owner: Owner,
    pub kind: AttachmentKind,
    pub content_type: ContentType,
    pub bytes: u64,
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}

impl AttachmentMeta {
    /// A photo of the person, an ID paper or a medical paper.
    pub fn is_sensitive(&self) -> bool {
        self.kind.sensitivity().is_sensitive()
    }
}

const COLUMNS: &str =
    "id, case_id, batch_id, kind, content_type, bytes, sha256, added_at, added_by";

fn meta_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttachmentMeta> {
    let case: Option<String> = r.get(1)?;
    let batch: Option<String> = r.get(2)?;
    let kind: String = r.get(3)?;
    let ct: String = r.get(4)?;
    Ok(AttachmentMeta {
        id: r.get(0)?,
        owner: match (case, batch) {
            (Some(c), _) => Owner::Case(c),
            (None, b) => Owner::Batch(b.unwrap_or_default()),
        },
        kind: AttachmentKind::from_key(&kind).unwrap_or_default(),
        content_type: ContentType::from_mime(&ct).unwrap_or(ContentType::Pdf),
        bytes: r.get::<_, i64>(5)? as u64,
        sha256: r.get(6)?,
        added_at: r.get(7)?,
        added_by: r.get(8)?,
    })
}

/// What is stored for one attachment (the id, the time and the person are
/// given by an import; new otherwise).
pub struct NewAttachment<'a> {
    pub id: Option<&'a str>,
    pub owner: &'a Owner,
    pub kind: AttachmentKind,
    pub file: &'a Cleaned,
    pub added_at: Option<&'a str>,
    pub added_by: Option<&'a str>,
}

/// Store a cleaned file in pieces and audit it, inside the caller's
/// transaction (also the benchmark's, against plain SQLite).
pub fn insert(tx: &mut Tx<'_>, a: NewAttachment<'_>) -> Result<AttachmentMeta> {
    let meta = write_rows(tx.conn, &a, tx.actor())?;
    tx.audit(
        action::ATTACHMENT_ADDED,
        a.owner.id(),
        json!({"attachment": meta.id, "kind": meta.kind.key(), "format": meta.content_type.ext(),
               "bytes": meta.bytes, "sensitive": meta.is_sensitive()}),
    )?;
    Ok(meta)
}

fn write_rows(conn: &Connection, a: &NewAttachment<'_>, actor: &str) -> Result<AttachmentMeta> {
    let bytes = &a.file.bytes;
    let sha = hex::encode(Sha256::digest(bytes));
    let id =
        a.id.map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let added_at = a.added_at.map(str::to_string).unwrap_or_else(now_iso);
    let added_by = a.added_by.unwrap_or(actor).to_string();
    let chunks = bytes.chunks(CHUNK_BYTES);
    let (case_id, batch_id) = a.owner.ids();
    conn.exec(
        "INSERT INTO attachments (id, case_id, batch_id, kind, content_type, bytes, chunks, sha256, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            case_id,
            batch_id,
            a.kind.key(),
            a.file.content_type.mime(),
            bytes.len() as i64,
            chunks.len() as i64,
            sha,
            added_at,
            added_by
        ],
    )?;
    let rid = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO attachment_chunks (attachment_rid, seq, data) VALUES (?1, ?2, ?3)",
    )?;
    for (seq, piece) in chunks.enumerate() {
        stmt.execute(params![rid, seq as i64, piece])?;
    }
    Ok(AttachmentMeta {
        id,
        owner: a.owner.clone(),
        kind: a.kind,
        content_type: a.file.content_type,
        bytes: bytes.len() as u64,
        sha256: sha,
        added_at,
        added_by,
    })
}

/// Store an attachment that came with a bundle (its id kept; nothing is
/// written when this vault already holds it). Returns whether it was written.
pub(crate) fn store_incoming(
    conn: &Connection,
    owner: &Owner,
    incoming: &crate::domain::bundle::BundleAttachment,
    bytes: &[u8],
) -> Result<bool> {
    if conn.any("SELECT 1 FROM attachments WHERE id = ?1", [&incoming.id])? {
        return Ok(false);
    }
    let file = attachment::clean(bytes).map_err(|e| VaultError::Invalid(e.to_string()))?;
    write_rows(
        conn,
        &NewAttachment {
            id: Some(&incoming.id),
            owner,
            kind: incoming.kind,
            file: &file,
            added_at: Some(&incoming.added_at),
            added_by: Some(&incoming.added_by),
        },
        "import",
    )?;
    Ok(true)
}

/// The bytes of an attachment, checked against its SHA-256.
pub(crate) fn read_bytes(conn: &Connection, id: &str) -> Result<Vec<u8>> {
    let row = conn.row(
        "SELECT rid, bytes, chunks, sha256 FROM attachments WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    );
    let (rid, size, chunks, sha): (i64, i64, i64, String) = db::found(row, "attachment")?;
    let mut out = Vec::with_capacity(size.max(0) as usize);
    let mut stmt = conn.prepare_cached(
        "SELECT seq, data FROM attachment_chunks WHERE attachment_rid = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([rid])?;
    let mut expected = 0i64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        if seq != expected {
            return Err(VaultError::Corrupt(format!(
                "attachment {id}: piece {expected} is missing"
            )));
        }
        let data = r
            .get_ref(1)?
            .as_blob()
            .map_err(|e| VaultError::Corrupt(format!("attachment {id}: {e}")))?;
        out.extend_from_slice(data);
        expected += 1;
    }
    if expected != chunks || out.len() as i64 != size {
        return Err(VaultError::Corrupt(format!(
            "attachment {id}: {expected} of {chunks} pieces, {} of {size} bytes",
            out.len()
        )));
    }
    if hex::encode(Sha256::digest(&out)) != sha {
        return Err(VaultError::Corrupt(format!(
            "attachment {id} does not match its SHA-256"
        )));
    }
    Ok(out)
}

/// What `tiepnhan check` reports of the attachments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub count: i64,
    pub bytes: i64,
    /// Of them, photos of people, ID papers and medical papers.
    pub sensitive: i64,
}

/// Count every attachment and read each back against its SHA-256; one line
/// per attachment that is incomplete or altered.
pub(crate) fn verify_all(conn: &Connection) -> Result<(Totals, Vec<String>)> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM attachments ORDER BY rid"))?;
    let all = stmt
        .query_map([], meta_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut totals = Totals::default();
    let mut problems = Vec::new();
    for m in &all {
        totals.count += 1;
        totals.bytes += m.bytes as i64;
        totals.sensitive += i64::from(m.is_sensitive());
        match read_bytes(conn, &m.id) {
            Ok(_) => {}
            Err(VaultError::Corrupt(msg)) => problems.push(msg),
            Err(e) => problems.push(format!("attachment {}: {e}", m.id)),
        }
    }
    Ok((totals, problems))
}

pub(crate) fn list(conn: &Connection, owner: &Owner) -> Result<Vec<AttachmentMeta>> {
    let sql = match owner {
        Owner::Case(_) => {
            format!("SELECT {COLUMNS} FROM attachments WHERE case_id = ?1 ORDER BY rid")
        }
        Owner::Batch(_) => {
            format!("SELECT {COLUMNS} FROM attachments WHERE batch_id = ?1 ORDER BY rid")
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([owner.id()], meta_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Vault {
    /// Attach a file to a case or a batch: it must be a JPEG, PNG or PDF of
    /// at most 20 MB (told from its bytes); images lose their metadata
    /// first. Any signed-in user may attach; audited.
    pub fn add_attachment(
        &mut self,
        owner: &Owner,
        kind: AttachmentKind,
        bytes: &[u8],
    ) -> Result<AttachmentMeta> {
        let file = attachment::clean(bytes).map_err(|e| VaultError::Invalid(e.to_string()))?;
        self.require_owner(owner)?;
        self.write(|tx| {
            insert(
                tx,
                NewAttachment {
                    id: None,
                    owner,
                    kind,
                    file: &file,
                    added_at: None,
                    added_by: None,
                },
            )
        })
    }

    fn require_owner(&self, owner: &Owner) -> Result<()> {
        let (sql, what) = match owner {
            Owner::Case(_) => ("SELECT count(*) > 0 FROM cases WHERE id = ?1", "case"),
            Owner::Batch(_) => ("SELECT count(*) > 0 FROM batches WHERE id = ?1", "batch"),
        };
        let found: bool = self.conn().row(sql, [owner.id()], |r| r.get(0))?;
        if found {
            Ok(())
        } else {
            Err(VaultError::NotFound(what.into()))
        }
    }

    /// The attachments of a case or a batch, oldest first.
    pub fn attachments_of(&self, owner: &Owner) -> Result<Vec<AttachmentMeta>> {
        list(self.conn(), owner)
    }

    pub fn attachment(&self, id: &str) -> Result<AttachmentMeta> {
        let sql = format!("SELECT {COLUMNS} FROM attachments WHERE id = ?1");
        db::found(self.conn().row(&sql, [id], meta_row), "attachment")
    }

    /// The bytes of an attachment without an audit event: for the
    /// thumbnails of a case or batch whose opening was audited, and for
    /// bundles and packages, which audit themselves.
    pub fn read_attachment(&self, id: &str) -> Result<Vec<u8>> {
        read_bytes(self.conn(), id)
    }

    /// Open an attachment to show, print or save it (`purpose`: `print`,
    /// `save`, `view`); audited with the purpose.
    pub fn open_attachment(
        &mut self,
        id: &str,
        purpose: &str,
    ) -> Result<(AttachmentMeta, Vec<u8>)> {
        let meta = self.attachment(id)?;
        let bytes = self.read_attachment(id)?;
        self.audit_access(
            action::ATTACHMENT_OPENED,
            meta.owner.id(),
            json!({"attachment": meta.id, "what": purpose, "kind": meta.kind.key(),
                   "sensitive": meta.is_sensitive()}),
        )?;
        Ok((meta, bytes))
    }

    /// Remove an attachment attached by mistake (its pieces are overwritten:
    /// the database runs with `secure_delete`). The person who added it or
    /// a supervisor; audited.
    pub fn remove_attachment(&mut self, id: &str) -> Result<()> {
        let meta = self.attachment(id)?;
        if meta.added_by != self.user().username {
            self.require_supervisor()?;
        }
        self.write(|tx| {
            tx.conn.exec("DELETE FROM attachment_chunks WHERE attachment_rid = (SELECT rid FROM attachments WHERE id = ?1)", [id])?;
            tx.conn.exec("DELETE FROM attachments WHERE id = ?1", [id])?;
            tx.audit(
                action::ATTACHMENT_REMOVED,
                meta.owner.id(),
                json!({"attachment": meta.id, "kind": meta.kind.key()}),
            )
        })
    }

    /// How many attachments the vault holds and their size.
    pub fn attachment_totals(&self) -> Result<Totals> {
        Ok(self.conn().row(
            "SELECT count(*), COALESCE(sum(bytes), 0),
                    COALESCE(sum(kind IN ('person_photo', 'id_document', 'medical')), 0)
             FROM attachments",
            [],
            |r| {
                Ok(Totals {
                    count: r.get(0)?,
                    bytes: r.get(1)?,
                    sensitive: r.get(2)?,
                })
            },
        )?)
    }
}

//! `tiepnhan bench`: every hot path measured on an encrypted vault of N demo
//! cases, and the same database work on a plain SQLite copy with the same
//! schema and data, so each figure has a ratio to the unencrypted baseline.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Local, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use crate::demo;
use crate::domain::case::CaseRecord;
use crate::domain::screening::{self, Catalog};
use crate::domain::text;
use crate::export::pdf;
use crate::vault::cases::{self, CaseQuery, SortOrder};
use crate::vault::keyring::KdfParams;
use crate::vault::{self, OpenMode, Tuning, Tx, Vault, db};

const PASS: &str = "mật khẩu đo hiệu năng";

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub median_ms: f64,
    pub p95_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plain_median_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    pub runs: usize,
}

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(v[v.len() / 2]);
    let p95 = ms(v[((v.len() as f64 * 0.95).ceil() as usize)
        .saturating_sub(1)
        .min(v.len() - 1)]);
    (median, p95)
}

/// Run `f` `warm` times unmeasured, then `runs` times measured.
fn time<T>(warm: usize, runs: usize, mut f: impl FnMut(usize) -> T) -> Vec<Duration> {
    for i in 0..warm {
        std::hint::black_box(f(i));
    }
    (0..runs)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(warm + i));
            t.elapsed()
        })
        .collect()
}

/// As `time`, for work that can fail: the first error ends the run and is
/// returned, so a write that fails on one side is never timed as a fast one.
fn time_ok<T>(
    warm: usize,
    runs: usize,
    mut f: impl FnMut(usize) -> vault::Result<T>,
) -> vault::Result<Vec<Duration>> {
    for i in 0..warm {
        std::hint::black_box(f(i)?);
    }
    (0..runs)
        .map(|i| {
            let t = Instant::now();
            std::hint::black_box(f(warm + i)?);
            Ok(t.elapsed())
        })
        .collect()
}

/// A page of 50 rows of the case list, as the window asks for it.
fn list_query(text: &str, page: usize, sort: SortOrder) -> CaseQuery {
    CaseQuery {
        text: text.into(),
        page,
        per_page: 50,
        sort,
        ..CaseQuery::default()
    }
}

/// `f` timed on the encrypted connection and on the plain one, as one figure.
fn side_by_side<T>(
    warm: usize,
    runs: usize,
    enc: &Connection,
    plain: &Connection,
    f: impl Fn(&Connection) -> vault::Result<T>,
) -> vault::Result<Figure> {
    let e = time_ok(warm, runs, |_| f(enc))?;
    Ok(figure(e, Some(time_ok(warm, runs, |_| f(plain))?)))
}

fn figure(enc: Vec<Duration>, plain: Option<Vec<Duration>>) -> Figure {
    let runs = enc.len();
    let (median_ms, p95_ms) = stats(enc);
    let plain_median_ms = plain.map(|p| stats(p).0);
    Figure {
        median_ms: round(median_ms),
        p95_ms: round(p95_ms),
        plain_median_ms: plain_median_ms.map(round),
        ratio: plain_median_ms.map(|p| round(median_ms / p.max(0.001))),
        runs,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The process's peak resident memory so far (Linux; 0 elsewhere).
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| round(kb / 1024.0))
        .unwrap_or(0.0)
}

/// A photo of about `target` bytes: a JPEG of noise (the worst case for
/// its size), with a comment segment the store drops.
fn bench_photo(target: usize) -> Vec<u8> {
    use image::codecs::jpeg::JpegEncoder;
    use rand::{RngCore, SeedableRng};
    let encode = |w: u32, h: u32| -> Vec<u8> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut px = vec![0u8; (w * h * 3) as usize];
        rng.fill_bytes(&mut px);
        let mut out = Vec::new();
        let _ = JpegEncoder::new_with_quality(&mut out, 92).encode(
            &px,
            w,
            h,
            image::ExtendedColorType::Rgb8,
        );
        out
    };
    let probe = encode(400, 400);
    let per_pixel = probe.len().max(1) as f64 / 160_000.0;
    let pixels = target as f64 / per_pixel;
    let w = (pixels * 4.0 / 3.0).sqrt() as u32;
    let h = (pixels / w.max(1) as f64) as u32 + 1;
    let mut photo = encode(w, h);
    // A comment segment after the start of image, as cameras write them.
    let comment = b"Camera comment and GPS place name";
    let mut seg = vec![0xFF, 0xFE];
    seg.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    seg.extend_from_slice(comment);
    photo.splice(2..2, seg);
    photo
}

/// Check, strip and store one attachment in its own transaction (the
/// store's path, without the unlock that `Vault::add_attachment` needs).
fn store_attachment(
    conn: &mut Connection,
    vault_id: &str,
    case_id: &str,
    photo: &[u8],
) -> vault::Result<()> {
    use crate::domain::attachment::{self, AttachmentKind};
    use crate::vault::attachments::{self, NewAttachment, Owner};
    let file = attachment::clean(photo).map_err(|e| vault::VaultError::Invalid(e.to_string()))?;
    let t = conn.transaction()?;
    let mut tx = Tx::new(&t, vault_id, "bench");
    attachments::insert(
        &mut tx,
        NewAttachment {
            id: None,
            owner: &Owner::Case(case_id.to_string()),
            kind: AttachmentKind::PersonPhoto,
            file: &file,
            added_at: None,
            added_by: None,
        },
    )?;
    t.commit()?;
    Ok(())
}

fn insert_one(conn: &mut Connection, vault_id: &str, c: &mut CaseRecord) -> vault::Result<()> {
    let t = conn.transaction()?;
    let mut tx = Tx::new(&t, vault_id, "bench");
    cases::insert_case(&mut tx, c, "BN")?;
    t.commit()?;
    Ok(())
}

fn update_one(
    conn: &mut Connection,
    vault_id: &str,
    c: &mut CaseRecord,
    version: i64,
) -> vault::Result<i64> {
    let t = conn.transaction()?;
    let mut tx = Tx::new(&t, vault_id, "bench");
    let v = cases::update_case_in(&mut tx, c, version)?;
    t.commit()?;
    Ok(v)
}

/// Run the benchmark; progress goes to stderr, the JSON is returned.
pub fn run(cases_n: usize, progress: &mut dyn FnMut(&str)) -> vault::Result<serde_json::Value> {
    let tmp = std::env::temp_dir().join(format!("tiepnhan-bench-{}", uuid::Uuid::now_v7()));
    let result = run_in(&tmp, cases_n, progress);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn put_after(name: &str, f: Figure, figures: &mut serde_json::Map<String, serde_json::Value>) {
    figures.insert(
        name.to_string(),
        serde_json::to_value(f).expect("serialises"),
    );
}

fn run_in(
    tmp: &Path,
    cases_n: usize,
    progress: &mut dyn FnMut(&str),
) -> vault::Result<serde_json::Value> {
    let dir = tmp.join("vault");
    progress("calibrating the key derivation");
    let kdf = KdfParams::calibrate(Duration::from_millis(600));
    progress(&format!("creating {cases_n} demo cases"));
    let t = Instant::now();
    demo::create_demo_vault_with(&dir, PASS, cases_n, 1, kdf)?;
    let build_s = t.elapsed().as_secs_f64();
    let mut figures = serde_json::Map::new();
    let mut put = |name: &str, f: Figure| {
        figures.insert(
            name.to_string(),
            serde_json::to_value(f).expect("serialises"),
        );
    };

    progress("unlock");
    let unlock = time_ok(1, 5, |_| {
        Vault::unlock(&dir, "demo", PASS, Utc::now()).map(|v| v.close_quietly())
    })?;
    put("unlock", figure(unlock, None));

    let v = Vault::unlock(&dir, "demo", PASS, Utc::now())?;
    let key = v.data_key().clone();
    let vault_id = v.vault_id().to_string();
    // The plain baseline: the same schema and data, unencrypted.
    progress("making the plain copy");
    let plain_path = tmp.join("plain.db");
    drop(Connection::open(&plain_path)?);
    v.conn().execute_batch(&format!(
        "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
        plain_path.display()
    ))?;
    // sqlcipher_export copies the schema and rows but not the schema
    // version; the copy is the same vault, unencrypted (as backup.rs does).
    let schema = vault::migrations::schema_version(v.conn())?;
    db::open_plain(&plain_path, Tuning::default())?.pragma_update(None, "user_version", schema)?;
    v.close_quietly();

    progress("where the bytes go");
    let storage = storage_breakdown(&vault::db_path(&dir), &plain_path, cases_n)?;

    progress("raw-key open");
    let path = vault::db_path(&dir);
    let open = time_ok(3, 30, |_| {
        db::open(&path, &key, OpenMode::ReadWrite, Tuning::default()).map(drop)
    })?;
    let open_plain = time_ok(3, 30, |_| {
        db::open_plain(&plain_path, Tuning::default()).map(drop)
    })?;
    put("raw_key_open", figure(open, Some(open_plain)));

    let mut enc = db::open(&path, &key, OpenMode::ReadWrite, Tuning::default())?;
    let mut plain = db::open_plain(&plain_path, Tuning::default())?;
    let today = Local::now().date_naive();

    // Queries for the search figures, from the data itself.
    let (full_name, id_number, folded): (String, String, String) = enc.query_row(
        "SELECT full_name, (SELECT id_number FROM cases WHERE id_number <> '' LIMIT 1 OFFSET 777),
            full_name FROM cases WHERE full_name LIKE 'Đặng %' LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let folded = text::fold(&folded);
    let searches = [
        ("search_common_surname", "nguyen".to_string()),
        ("search_full_name", full_name.clone()),
        ("search_folded", folded),
        ("search_id_number", id_number),
    ];
    for (name, q) in searches {
        progress(name);
        let query = list_query(&q, 0, SortOrder::Name);
        put(
            name,
            side_by_side(5, 60, &enc, &plain, |c| cases::list_cases(c, &query, today))?,
        );
    }

    progress("list pages");
    let first = list_query("", 0, SortOrder::Name);
    put(
        "list_page",
        side_by_side(5, 60, &enc, &plain, |c| cases::list_cases(c, &first, today))?,
    );
    // The deepest page the list reaches: counts stop at TOTAL_CAP, after
    // which the officer narrows the list with a search or a filter.
    let deepest = (cases::TOTAL_CAP / 50 - 1).min(cases_n / 100);
    let middle = list_query("", deepest, SortOrder::Name);
    put(
        "list_page_deep",
        side_by_side(3, 30, &enc, &plain, |c| {
            cases::list_cases(c, &middle, today)
        })?,
    );
    let filtered = CaseQuery {
        child: Some(true),
        ..list_query("", 0, SortOrder::Newest)
    };
    put(
        "list_page_filtered",
        side_by_side(3, 30, &enc, &plain, |c| {
            cases::list_cases(c, &filtered, today)
        })?,
    );

    // The cache choice, measured: the same list page and common-surname
    // search on connections with SQLite's default 2 MiB cache (both sides).
    // SQLCipher's memory security is process-wide and one-way, so its cost
    // is measured by a second run with TIEPNHAN_MEMORY_SECURITY=on.
    progress("tuning: small cache");
    let small = Tuning {
        cache_kib: 2000,
        ..Tuning::default()
    };
    let common = list_query("nguyen", 0, SortOrder::Name);
    {
        let enc_small = db::open(&path, &key, OpenMode::ReadWrite, small)?;
        let plain_small = db::open_plain(&plain_path, small)?;
        put(
            "tuning_small_cache_list_page_deep",
            side_by_side(3, 30, &enc_small, &plain_small, |c| {
                cases::list_cases(c, &middle, today)
            })?,
        );
        put(
            "tuning_small_cache_search_common_surname",
            side_by_side(3, 30, &enc_small, &plain_small, |c| {
                cases::list_cases(c, &common, today)
            })?,
        );
    }
    progress("duplicate check");
    let crate::vault::packed::Json(sample) = enc.query_row(
        "SELECT data FROM cases LIMIT 1 OFFSET 12345 % (SELECT count(*) FROM cases)",
        [],
        |r| r.get(0),
    )?;
    let sample: CaseRecord =
        serde_json::from_str(&sample).map_err(|e| vault::VaultError::Corrupt(e.to_string()))?;
    put(
        "duplicate_check",
        side_by_side(5, 60, &enc, &plain, |c| cases::duplicates_in(c, &sample))?,
    );

    progress("insert and save");
    let make = |i: usize| {
        let mut c = sample.clone();
        c.id.clear();
        c.number.clear();
        c.person_id.clear();
        c.batch_id = None;
        c.identity.full_name = format!("Người Đo Hiệu Năng {i}");
        c.identity.id_number = String::new();
        c
    };
    let e = time_ok(3, 40, |i| insert_one(&mut enc, &vault_id, &mut make(i)))?;
    let p = time_ok(3, 40, |i| {
        insert_one(&mut plain, &vault_id, &mut make(10_000 + i))
    })?;
    put("insert_case", figure(e, Some(p)));
    let mut edit = sample.clone();
    let mut version_e: i64 =
        enc.query_row("SELECT version FROM cases WHERE id = ?1", [&edit.id], |r| {
            r.get(0)
        })?;
    let mut version_p = version_e;
    let e = time_ok(3, 40, |i| {
        edit.notes = format!("Ghi chú {i}");
        version_e = update_one(&mut enc, &vault_id, &mut edit, version_e)?;
        Ok(())
    })?;
    let mut edit_p = sample.clone();
    let p = time_ok(3, 40, |i| {
        edit_p.notes = format!("Ghi chú {i}");
        version_p = update_one(&mut plain, &vault_id, &mut edit_p, version_p)?;
        Ok(())
    })?;
    put("save_edit", figure(e, Some(p)));

    progress("screening");
    let catalog = Catalog::builtin().map_err(|e| vault::VaultError::Invalid(e.to_string()))?;
    let input: screening::ScreeningInput = serde_json::from_value(json!({
        "age_years": 24, "age_uncertain": false, "exploitation": "labour", "moved_by_someone": true,
        "answers": {"DR01": "yes", "DR02": "yes", "EX01": "yes", "EX02": "yes", "CD01": "yes", "CD03": "yes", "CD04": "unknown", "CD06": "yes"}
    }))
    .expect("valid input");
    put(
        "screening_evaluation",
        figure(
            time(100, 1000, |_| screening::evaluate(catalog, &input)),
            None,
        ),
    );

    progress("report");
    let (from, to) = (today - chrono::Duration::days(3650), today);
    put(
        "report_all_cases",
        side_by_side(1, 7, &enc, &plain, |c| {
            vault::reports::period_report(c, from, to)
        })?,
    );
    progress("handover list of 500 people");
    let list = handover_list_500(&enc)?;
    put(
        "list_preview_500",
        side_by_side(1, 7, &enc, &plain, |c| preview_list(c, &list, today))?,
    );
    let preview = preview_list(&enc, &list, today)?;
    let mut created = 0;
    let e = time_ok(0, 3, |_| {
        created = import_list(&mut enc, &vault_id, &preview)?;
        Ok(())
    })?;
    let p = time_ok(0, 3, |_| import_list(&mut plain, &vault_id, &preview))?;
    put("list_import_500", figure(e, Some(p)));
    progress("attachment of 10 MB");
    let photo = bench_photo(10 << 20);
    let e = time_ok(1, 7, |_| {
        store_attachment(&mut enc, &vault_id, &sample.id, &photo)
    })?;
    let p = time_ok(1, 7, |_| {
        store_attachment(&mut plain, &vault_id, &sample.id, &photo)
    })?;
    put("attachment_store_10mb", figure(e, Some(p)));
    let attachment_bytes = photo.len();
    drop(photo);
    let list_500 = json!({
        "rows": preview.rows.len(),
        "valid": preview.valid(),
        "with_duplicates": preview.rows.iter().filter(|r| !r.duplicates.is_empty()).count(),
        "created_per_import": created,
    });
    drop(enc);
    drop(plain);

    progress("referral PDF");
    let mut v = Vault::unlock(&dir, "demo", PASS, Utc::now())?;
    let rid: Option<String> = v
        .conn()
        .query_row("SELECT id FROM referrals LIMIT 1", [], |r| r.get(0))
        .ok();
    if let Some(rid) = rid {
        let data = crate::app::documents::paper(
            &mut v,
            &crate::app::documents::Doc::Referral(rid.clone()),
        )
        .map_err(|e| crate::vault::VaultError::Invalid(e.to_string()))?
        .data;
        let first = Instant::now();
        let _ = pdf::render(pdf::Template::Referral, &data);
        figures.insert(
            "referral_pdf_first".into(),
            json!({"median_ms": round(first.elapsed().as_secs_f64() * 1000.0), "runs": 1}),
        );
        let e = time(0, 20, |_| pdf::render(pdf::Template::Referral, &data));
        figures.insert(
            "referral_pdf".into(),
            serde_json::to_value(figure(e, None)).expect("serialises"),
        );
    }

    progress("bundle of 10,000 cases");
    let ids: Vec<String> = {
        let mut s = v
            .conn()
            .prepare("SELECT id FROM cases ORDER BY rid LIMIT 10000")?;
        s.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    // Written to a file as the window and the CLI do (`app::transfer`).
    let bundle_path = tmp.join("bundle.tnb");
    let e = time(0, 3, |_| {
        let payload = v.payload_for(&ids).expect("payload");
        let key = v.unit_signing_key().expect("unit key");
        let file = std::fs::File::create(&bundle_path).expect("bundle file");
        crate::export::bundle::seal_to(
            &payload,
            &key,
            crate::export::bundle::Seal::Recipient(&recipient),
            file,
        )
        .expect("sealed");
    });
    let bundle_mb =
        round(std::fs::metadata(&bundle_path).map_or(0, |m| m.len()) as f64 / 1_048_576.0);
    figures.insert(
        "bundle_export_10k".into(),
        serde_json::to_value(figure(e, None)).expect("serialises"),
    );
    let key_file = v.unit_key_file()?;
    v.close_quietly();
    let secret = {
        use age::secrecy::ExposeSecret;
        identity.to_string().expose_secret().to_string()
    };
    let mut imports = Vec::new();
    for i in 0..3 {
        let desk = tmp.join(format!("desk{i}"));
        demo::create_demo_vault(&desk, PASS, 0, 2)?;
        let mut d = Vault::unlock(&desk, "demo", PASS, Utc::now())?;
        let fp = d.trust_unit(&key_file)?;
        let t = Instant::now();
        let opened = crate::export::bundle::open_file(
            &bundle_path,
            crate::export::bundle::Key::Identity(&secret),
            &crate::export::bundle::Limits::default(),
            |_| Ok(Some(())),
        )
        .map_err(|e| vault::VaultError::Invalid(e.to_string()))?;
        d.apply_import(&opened.payload, &fp)?;
        imports.push(t.elapsed());
        d.close_quietly();
        let _ = std::fs::remove_dir_all(&desk);
    }
    figures.insert(
        "bundle_import_10k".into(),
        serde_json::to_value(figure(imports, None)).expect("serialises"),
    );
    let _ = std::fs::remove_file(&bundle_path);

    // The audit chain: unlock re-hashes only the events after the anchor an
    // administrator sealed; `check` re-hashes all of them (the worst case of
    // an unlock after a long time without an administrator).
    progress("audit chain, whole");
    let mut v = Vault::unlock(&dir, "demo", PASS, Utc::now())?;
    let events: i64 = v
        .conn()
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
    let e = time_ok(0, 3, |_| {
        vault::audit::verify_anchored(v.conn(), v.keyring(), v.data_key(), false).map(|f| f.len())
    })?;
    let whole = figure(e, None);
    figures.insert(
        "audit_chain_whole".into(),
        json!({"median_ms": whole.median_ms, "events": events,
               "us_per_event": round(whole.median_ms * 1000.0 / events.max(1) as f64),
               "runs": whole.runs}),
    );

    // One re-key of the whole vault (what a deactivation costs).
    progress("re-key");
    let t = Instant::now();
    let done = v.rekey(
        vault::rekey::RekeyReason::RecoveryRenewed,
        &vault::rekey::no_progress,
    )?;
    let rekey_ms = t.elapsed().as_secs_f64() * 1000.0;
    let db_mb = std::fs::metadata(vault::db_path(&dir))
        .map(|m| m.len() as f64 / 1_048_576.0)
        .unwrap_or(0.0);
    v.close_quietly();
    figures.insert(
        "rekey".into(),
        json!({"median_ms": round(rekey_ms), "runs": 1, "database_mb": round(db_mb),
               "epoch": done.epoch}),
    );
    progress("unlock after the re-key");
    let unlock = time_ok(0, 3, |_| {
        Vault::unlock(&dir, "demo", PASS, Utc::now()).map(|v| v.close_quietly())
    })?;
    put_after("unlock_after_rekey", figure(unlock, None), &mut figures);

    Ok(json!({
        "cases": cases_n,
        "figures": figures,
        "peak_rss_mb": peak_rss_mb(),
        "memory_security": db::memory_security_requested(),
        "bundle_10k_mb": bundle_mb,
        "list_500": list_500,
        "attachment_photo_bytes": attachment_bytes,
        "build_seconds": round(build_s),
        "storage": storage,
        "kdf": {"m_kib": kdf.m_kib, "t": kdf.t, "p": kdf.p},
        "sqlcipher": crate::vault::sqlcipher_version().unwrap_or_default(),
    }))
}

/// Bytes per case on disk, and per table and index (SQLite's `dbstat` over
/// the plain copy, which has the same pages as the encrypted file less the
/// per-page reserve), largest first.
fn storage_breakdown(
    encrypted: &std::path::Path,
    plain: &std::path::Path,
    cases: usize,
) -> vault::Result<serde_json::Value> {
    let file_bytes = std::fs::metadata(encrypted).map(|m| m.len()).unwrap_or(0);
    let conn = Connection::open(plain)?;
    let mut stmt = conn.prepare(
        "SELECT d.name, COALESCE(m.type, 'table'), COALESCE(m.tbl_name, d.name),
                sum(d.pgsize), sum(d.unused)
           FROM dbstat d LEFT JOIN sqlite_schema m ON m.name = d.name
          GROUP BY d.name ORDER BY sum(d.pgsize) DESC",
    )?;
    let per_case = |b: i64| round(b as f64 / cases.max(1) as f64);
    let objects: Vec<serde_json::Value> = stmt
        .query_map([], |r| {
            let bytes: i64 = r.get(3)?;
            let unused: i64 = r.get(4)?;
            Ok(json!({
                "name": r.get::<_, String>(0)?,
                "type": r.get::<_, String>(1)?,
                "table": r.get::<_, String>(2)?,
                "bytes": bytes,
                "unused_bytes": unused,
                "bytes_per_case": per_case(bytes),
            }))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(json!({
        "file_bytes": file_bytes,
        "bytes_per_case": per_case(file_bytes as i64),
        "objects": objects,
    }))
}

/// A handover list of 500 people as an XLSX file: people like those in the
/// vault (Vietnamese names, half in capitals, dates, numbers), 25 of them
/// already received (their CCCD or passport is in the vault).
fn handover_list_500(conn: &Connection) -> vault::Result<Vec<u8>> {
    use rust_xlsxwriter::Workbook;
    let mut stmt = conn.prepare("SELECT data FROM cases ORDER BY rid LIMIT 500 OFFSET 1000")?;
    let people: Vec<CaseRecord> = stmt
        .query_map([], |r| r.get::<_, crate::vault::packed::Json>(0))?
        .filter_map(|d| d.ok().and_then(|d| serde_json::from_str(&d.0).ok()))
        .collect();
    let err = |e: rust_xlsxwriter::XlsxError| vault::VaultError::Invalid(e.to_string());
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let headers = [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Quê quán",
        "Số CCCD",
        "Hộ chiếu",
    ];
    sheet
        .write_string(0, 0, "DANH SÁCH CÔNG DÂN VIỆT NAM ĐƯỢC TRAO TRẢ")
        .map_err(err)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).map_err(err)?;
    }
    let n = people.len();
    for (i, c) in people.iter().enumerate() {
        let r = 3 + i as u32;
        let id = &c.identity;
        let mut name = id.full_name.clone();
        let fresh = i % 20 != 0;
        if fresh {
            // A new person: another row's given name, no known numbers.
            let other = &people[(i * 7 + 3) % n].identity.full_name;
            if let (Some((head, _)), Some((_, given))) =
                (name.rsplit_once(' '), other.rsplit_once(' '))
            {
                name = format!("{head} {given}");
            }
        }
        if i % 2 == 0 {
            name = name.to_uppercase();
        }
        sheet.write_number(r, 0, (i + 1) as f64).map_err(err)?;
        sheet.write_string(r, 1, &name).map_err(err)?;
        let sex = match id.sex {
            crate::domain::case::Sex::Female => "Nữ",
            _ => "Nam",
        };
        sheet.write_string(r, 2, sex).map_err(err)?;
        match (id.birth_date, id.birth_year, id.age_estimate) {
            (Some(d), _, _) => sheet.write_string(r, 3, d.format("%d/%m/%Y").to_string()),
            (None, Some(y), _) => sheet.write_number(r, 3, y as f64),
            (None, None, Some(a)) => sheet.write_number(
                r,
                3,
                (c.received_on
                    .map(|d| chrono::Datelike::year(&d))
                    .unwrap_or(2026)
                    - a as i32) as f64,
            ),
            _ => sheet.write_string(r, 3, "?"),
        }
        .map_err(err)?;
        sheet
            .write_string(
                r,
                4,
                format!("Xã Mỹ Quý Tây, huyện Đức Huệ, tỉnh Long An, {i}"),
            )
            .map_err(err)?;
        if !fresh {
            sheet.write_string(r, 5, &id.id_number).map_err(err)?;
            sheet.write_string(r, 6, &id.passport_number).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// The preview the officer sees: the file read, the mapping proposed, every
/// row checked, and its duplicates in the list and among stored cases.
fn preview_list(
    conn: &Connection,
    bytes: &[u8],
    today: chrono::NaiveDate,
) -> vault::Result<crate::domain::handover_list::Preview> {
    use crate::domain::batch::BatchRecord;
    use crate::domain::handover_list::{self as hl, LegacyChoice};
    let book = crate::export::sheet_reader::read_bytes(bytes, None)
        .map_err(|e| vault::VaultError::Invalid(e.to_string()))?;
    let converted = hl::convert(&book.grid, LegacyChoice::Auto);
    let mapping = hl::propose(&converted.grid);
    let batch = BatchRecord {
        received_at: Some(Local::now().naive_local() - chrono::Duration::hours(1)),
        gate_id: Some(1),
        handing_party: "Cảnh sát tỉnh Svay Rieng".into(),
        ..BatchRecord::default()
    };
    let mut preview = hl::preview_converted(&converted, &mapping, &batch, today);
    vault::batch_import::add_vault_duplicates(conn, &mut preview)?;
    Ok(preview)
}

/// The 500 people created in one transaction as a new batch.
fn import_list(
    conn: &mut Connection,
    vault_id: &str,
    preview: &crate::domain::handover_list::Preview,
) -> vault::Result<usize> {
    use crate::domain::batch::BatchRecord;
    use vault::batch_import::{ImportRequest, Target, import_in};
    let t = conn.transaction()?;
    let mut tx = Tx::new(&t, vault_id, "bench");
    let done = import_in(
        &mut tx,
        ImportRequest {
            preview,
            target: Target::New(BatchRecord {
                received_at: Some(Local::now().naive_local() - chrono::Duration::hours(1)),
                gate_id: Some(1),
                handing_party: "Cảnh sát tỉnh Svay Rieng".into(),
                ..BatchRecord::default()
            }),
            sha256: "bench",
            format: "xlsx",
            skip_invalid: true,
        },
        "BN",
    )?;
    t.commit()?;
    Ok(done.created.len())
}

//! Property tests: text folding, Unicode round trips through the vault, and
//! the audit chain naming the exact event that was edited.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::{Mutex, OnceLock};

use common::*;
use proptest::prelude::*;
use rusqlite::Connection;
use tiepnhan::domain::text::{clean_line, clean_text, fold, nfc};
use tiepnhan::vault::Vault;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    #[test]
    fn folding_is_idempotent(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
    }

    #[test]
    fn folding_removes_every_mark_and_folds_d(s in "[a-zA-ZàáảãạăắằẳẵặâấầẩẫậđĐèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ ]{0,40}") {
        let f = fold(&s);
        prop_assert!(!f.contains('đ') && !f.contains('Đ'));
        prop_assert!(f.chars().all(|c| c.is_ascii_lowercase() || c == ' '), "{}", f);
        // Case and marks do not matter: the folded forms of variants agree.
        prop_assert_eq!(fold(&s.to_uppercase()), f.clone());
        use unicode_normalization::UnicodeNormalization;
        prop_assert_eq!(fold(&s.nfd().collect::<String>()), f);
    }

    #[test]
    fn vietnamese_names_fold_as_officers_type_them(
        parts in proptest::collection::vec(
            prop_oneof![Just(("Đặng", "dang")), Just(("Nguyễn", "nguyen")), Just(("Thị", "thi")),
                        Just(("Ngọc", "ngoc")), Just(("Đức", "duc")), Just(("Huỳnh", "huynh")),
                        Just(("Phượng", "phuong")), Just(("Ánh", "anh"))], 1..5)
    ) {
        let name: Vec<&str> = parts.iter().map(|p| p.0).collect();
        let typed: Vec<&str> = parts.iter().map(|p| p.1).collect();
        prop_assert_eq!(fold(&name.join("  ")), typed.join(" "));
    }
}

/// One vault for the round-trip properties (creating one costs an Argon2id run).
fn shared_vault() -> &'static Mutex<Vault> {
    static V: OnceLock<Mutex<Vault>> = OnceLock::new();
    V.get_or_init(|| {
        let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
        Mutex::new(new_vault(&dir.path().join("v")))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn drafts_round_trip_any_unicode_exactly(s in any::<String>()) {
        let mut v = shared_vault().lock().unwrap_or_else(|e| e.into_inner());
        v.save_draft("prop", &s).unwrap();
        prop_assert_eq!(v.load_draft("prop").unwrap(), Some(s));
    }

    #[test]
    fn case_text_round_trips_as_nfc(name in "\\PC{1,40}", notes in any::<String>()) {
        prop_assume!(!clean_line(&name).is_empty());
        let mut v = shared_vault().lock().unwrap_or_else(|e| e.into_inner());
        let mut c = tiepnhan::domain::batch::QuickRow {
            full_name: name.clone(),
            sex: tiepnhan::domain::case::Sex::Female,
            age: "30".into(),
            province_code: Some(1),
            document: String::new(),
        }
        .to_case(
            &tiepnhan::domain::batch::BatchRecord {
                received_at: (chrono::Local::now() - chrono::Duration::days(1)).naive_local().into(),
                gate_id: Some(1),
                ..Default::default()
            },
            chrono::Local::now().date_naive(),
        )
        .unwrap();
        c.notes = notes.clone();
        let saved = v.create_case(&mut c).unwrap();
        let back = v.read_case(&saved.id).unwrap().record;
        prop_assert_eq!(&back.identity.full_name, &clean_line(&name));
        prop_assert_eq!(&back.notes, &clean_text(&notes));
        // What is stored is NFC, and storing it again changes nothing.
        prop_assert_eq!(nfc(&back.identity.full_name), back.identity.full_name.clone());
        prop_assert_eq!(clean_text(&back.notes), back.notes.clone());
    }
}

// ---------------------------------------------------------------------------
// The audit chain: any single edit is found at its exact sequence number.

const EVENTS: i64 = 40;
const VAULT_ID: &str = "prop-vault";

fn chain() -> (Connection, i64, Vec<u8>) {
    let mut conn = Connection::open_in_memory().unwrap();
    tiepnhan::vault::migrations::migrate(&mut conn).unwrap();
    let mut head = (0, Vec::new());
    for i in 0..EVENTS {
        let (seq, hash) = tiepnhan::vault::audit::append(
            &conn,
            VAULT_ID,
            &format!("user{}", i % 3),
            "case_updated",
            &format!("case-{i}"),
            &serde_json::json!({"fields": ["notes"], "n": i}),
        )
        .unwrap();
        head = (seq, hash.to_vec());
    }
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    (conn, head.0, head.1)
}

#[derive(Debug, Clone)]
enum Edit {
    Column(&'static str, String),
    FlipHash,
    /// Alter an event's details and recompute its own hash, as someone who
    /// can write the database but not the anchor would.
    Forge,
    Delete,
    Swap,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        prop_oneof![
            Just("ts"),
            Just("actor"),
            Just("action"),
            Just("target"),
            Just("details")
        ]
        .prop_flat_map(|c| "[a-zđ0-9 ]{1,12}".prop_map(move |v| Edit::Column(c, v))),
        Just(Edit::FlipHash),
        Just(Edit::Forge),
        Just(Edit::Delete),
        Just(Edit::Swap),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn any_single_edit_of_the_audit_chain_is_found_at_its_sequence(seq in 1..=EVENTS, e in edit()) {
        let (conn, head_seq, head_hash) = chain();
        let clean = tiepnhan::vault::audit::verify(&conn, VAULT_ID, Some((head_seq, &head_hash))).unwrap();
        prop_assert!(clean.broken.is_none());
        let expected = match &e {
            Edit::Column(col, value) => {
                let n = conn.execute(
                    &format!("UPDATE audit SET {col} = {col} || ?2 WHERE seq = ?1"),
                    rusqlite::params![seq, value],
                ).unwrap();
                prop_assert_eq!(n, 1);
                seq
            }
            Edit::FlipHash => {
                conn.execute("UPDATE audit SET hash = zeroblob(32) WHERE seq = ?1", [seq]).unwrap();
                // Event `seq` itself no longer matches its content.
                seq
            }
            Edit::Forge => {
                let prev: Vec<u8> = if seq == 1 {
                    tiepnhan::domain::audit::genesis(VAULT_ID).to_vec()
                } else {
                    conn.query_row("SELECT hash FROM audit WHERE seq = ?1", [seq - 1], |r| r.get(0)).unwrap()
                };
                let (ts, actor, action, target): (String, String, String, String) = conn
                    .query_row("SELECT ts, actor, action, target FROM audit WHERE seq = ?1", [seq], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })
                    .unwrap();
                let details = r#"{"fields":["name"]}"#;
                let hash = tiepnhan::domain::audit::chain_hash(
                    &prev,
                    &tiepnhan::domain::audit::canonical(seq, &ts, &actor, &action, &target, details),
                );
                conn.execute(
                    "UPDATE audit SET details = ?2, hash = ?3 WHERE seq = ?1",
                    rusqlite::params![seq, details, hash.to_vec()],
                ).unwrap();
                // The event itself now checks; the one after it no longer
                // links to it, and the last one differs from the anchor.
                if seq < EVENTS { seq + 1 } else { seq }
            }
            Edit::Delete => {
                conn.execute("DELETE FROM audit WHERE seq = ?1", [seq]).unwrap();
                seq
            }
            Edit::Swap => {
                // Swap the content of `seq` with the next event (or the one before the last).
                let other = if seq < EVENTS { seq + 1 } else { seq - 1 };
                conn.execute_batch(&format!(
                    "UPDATE audit SET seq = -1 WHERE seq = {seq};
                     UPDATE audit SET seq = {seq} WHERE seq = {other};
                     UPDATE audit SET seq = {other} WHERE seq = -1;"
                )).unwrap();
                seq.min(other)
            }
        };
        let report = tiepnhan::vault::audit::verify(&conn, VAULT_ID, Some((head_seq, &head_hash))).unwrap();
        let broken = report.broken.expect("the edit went unnoticed");
        prop_assert_eq!(broken.seq, expected, "{:?}: {}", e, broken.reason);
    }
}

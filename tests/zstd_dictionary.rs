//! The dictionary records are packed with (`tiepnhan::vault::packed`).
//!
//! It is trained on the skeletons of synthetic records: their keys and coded
//! values, every free text, name, date and number blanked, so it holds
//! nothing a person wrote or is. `write_the_dictionary` (ignored) shows how
//! the shipped file was made; a shipped dictionary never changes, so it
//! writes where `TIEPNHAN_ZDICT_OUT` says, never over the asset.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tiepnhan::demo::{SyntheticBatches, synthetic_followup};
use tiepnhan::vault::packed::{DICTIONARY_1, Packed, unpack};

/// Synthetic records as the vault stores them: cases, screenings, referrals.
fn records(cases: usize, seed: u64) -> [Vec<String>; 3] {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED);
    let (mut c, mut s, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for (_, people) in SyntheticBatches::new(cases, seed, today) {
        for p in people {
            let (screening, referral) = synthetic_followup(&mut rng, &p, today);
            c.push(p.stored_json());
            s.extend(screening.map(|x| serde_json::to_string(&x).unwrap()));
            r.extend(referral.map(|x| serde_json::to_string(&x).unwrap()));
        }
    }
    [c, s, r]
}

/// A coded value (an enum key, an indicator code) is kept; anything else
/// a person could have typed or be identified by is blanked.
fn coded(s: &str) -> bool {
    let b = s.as_bytes();
    let indicator = b.len() == 4
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..].iter().all(u8::is_ascii_digit);
    indicator
        || (!s.is_empty()
            && s.len() <= 40
            && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

fn skeleton(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), skeleton(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(skeleton).collect()),
        Value::String(s) if coded(s) => Value::String(s.clone()),
        Value::String(_) => Value::String(String::new()),
        Value::Number(_) => Value::from(0),
        other => other.clone(),
    }
}

#[test]
#[ignore = "writes a new dictionary; the shipped one never changes"]
fn write_the_dictionary() {
    let out = std::env::var("TIEPNHAN_ZDICT_OUT").expect("TIEPNHAN_ZDICT_OUT names the file");
    // As many samples of each kind (referrals are rarer than cases).
    let [c, s, r] = records(12_000, 7);
    let samples: Vec<Vec<u8>> = [&c[..2500], &s[..2500], &r[..r.len().min(2500)]]
        .into_iter()
        .flatten()
        .map(|j| {
            let v: Value = serde_json::from_str(j).unwrap();
            serde_json::to_vec(&skeleton(&v)).unwrap()
        })
        .collect();
    let dict = zstd::dict::from_samples(&samples, 32 * 1024).unwrap();
    std::fs::write(out, dict).unwrap();
}

#[test]
fn dictionary_is_the_shipped_one() {
    let digest = hex::encode(Sha256::digest(DICTIONARY_1));
    assert_eq!(
        digest, "c83abc3285bd857126a951f5636aea80ce78646235735de83c0ad063da4c859b",
        "records-1.zdict changed: vaults hold frames made with the shipped one"
    );
}

#[test]
fn skeletons_keep_codes_and_drop_what_a_person_typed() {
    let v: Value = serde_json::from_str(
        r#"{"identity":{"full_name":"Hồ Hồng My","sex":"female","phone":"0394165479","birth_date":"1998-01-25"},
            "answers":{"EX01":"yes"},"months_abroad":14,"how_recruited":"qua mạng"}"#,
    )
    .unwrap();
    let s = serde_json::to_string(&skeleton(&v)).unwrap();
    assert_eq!(
        s,
        r#"{"answers":{"EX01":"yes"},"how_recruited":"","identity":{"birth_date":"","full_name":"","phone":"","sex":"female"},"months_abroad":0}"#
    );
}

/// Packed records of another seed than the dictionary's: each comes back as
/// it was, and together they take well under half their JSON.
#[test]
fn packed_records_are_small_and_come_back_whole() {
    for (kind, list) in ["cases", "screenings", "referrals"]
        .iter()
        .zip(records(600, 99))
    {
        let json: usize = list.iter().map(String::len).sum();
        let mut packed = 0;
        for j in &list {
            let p = Packed::json(j);
            packed += p.bytes().len();
            assert_eq!(&unpack(p.bytes()).unwrap(), j);
        }
        let ratio = packed as f64 / json as f64;
        eprintln!(
            "{kind}: {} records, JSON {} B, packed {} B ({ratio:.2})",
            list.len(),
            json / list.len(),
            packed / list.len()
        );
        assert!(ratio < 0.5, "{kind}: packed to {ratio:.2} of the JSON");
    }
}

/// What each zstd level costs and gains with the dictionary, on synthetic
/// records (printed; `vault::packed::LEVEL` was chosen from it).
#[test]
#[ignore = "prints measurements"]
fn level_costs() {
    let [c, s, r] = records(2000, 99);
    let all: Vec<&String> = c.iter().chain(&s).chain(&r).collect();
    let json: usize = all.iter().map(|j| j.len()).sum();
    for level in [1, 3, 6, 9, 12, 15, 19] {
        let dict = zstd::dict::EncoderDictionary::copy(DICTIONARY_1, level);
        let mut z = zstd::bulk::Compressor::with_prepared_dictionary(&dict).unwrap();
        let t = std::time::Instant::now();
        let packed: usize = all
            .iter()
            .map(|j| z.compress(j.as_bytes()).unwrap().len())
            .sum();
        let us = t.elapsed().as_secs_f64() * 1e6 / all.len() as f64;
        eprintln!(
            "level {level:2}: {:.3} of the JSON, {us:.1} µs a record",
            packed as f64 / json as f64
        );
    }
}

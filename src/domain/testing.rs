//! Helpers for the domain's unit tests, in one place.

use chrono::NaiveDate;

/// A date the tests write as numbers.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The "today" of the tests that need one: 27/11/2026.
pub fn today() -> NaiveDate {
    day(2026, 11, 27)
}

/// The path of every leaf of a JSON value ("identity.full_name"); an empty
/// object is a leaf of its own.
pub fn leaf_paths(v: &serde_json::Value) -> Vec<String> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) if !m.is_empty() => {
                for (k, v) in m {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }
    let mut out = Vec::new();
    walk("", v, &mut out);
    out
}

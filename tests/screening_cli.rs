//! `tiepnhan screen`: JSON in, JSON out; bad input is refused with exit 1.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

fn screen(input: &str) -> std::process::Output {
    run(&["screen"], input)
}

#[test]
fn screens_a_scam_compound_case() {
    let out = screen(
        r#"{"age_years": 24, "age_uncertain": false, "exploitation": "labour", "moved_by_someone": true,
            "answers": {"DR01": "yes", "DR02": "yes", "EX01": "yes", "EX02": "yes", "CD01": "yes",
                        "CD03": "yes", "CD04": "yes", "CD06": "yes", "VD02": "unknown", "CR03": "declined"}}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list"], "adult_labour");
    assert_eq!(v["presumed_child"], false);
    assert_eq!(v["outcome"], "suspected_victim");
    assert_eq!(v["unknown_could_change"], false);
    let dims = v["dimensions"].as_object().unwrap();
    assert_eq!(dims.len(), 6);
    let cd = &dims["coercion_at_destination"];
    assert_eq!(cd["positive"], true);
    assert_eq!(cd["strong"], 3);
    assert_eq!(cd["medium"], 1);
    assert_eq!(cd["weak"], 0);
    assert_eq!(
        cd["indicators"],
        serde_json::json!(["CD01", "CD03", "CD04", "CD06"])
    );
    assert_eq!(
        dims["coercive_recruitment"]["indicators"],
        serde_json::json!([]),
        "declined is not yes"
    );
}

#[test]
fn presumption_of_minority_and_unknowns() {
    let out = screen(
        r#"{"age_years": null, "age_uncertain": true, "exploitation": "sexual", "moved_by_someone": null,
            "answers": {"EX01": "yes", "EX02": "yes"}}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list"], "child_sexual");
    assert_eq!(v["presumed_child"], true);
    assert_eq!(v["outcome"], "needs_further_interview");
    assert_eq!(v["unknown_could_change"], true);
}

#[test]
fn bad_input_is_refused_with_one_line() {
    for (input, hint) in [
        (
            r#"{"age_years": 20, "age_uncertain": false, "exploitation": "labour", "moved_by_someone": true, "answers": {"ZZ01": "yes"}}"#,
            "ZZ01",
        ),
        (
            r#"{"age_years": 20, "age_uncertain": false, "exploitation": "labour", "moved_by_someone": true, "answers": {"DR01": "maybe"}}"#,
            "maybe",
        ),
        (
            r#"{"age_years": 20, "exploitation": "organs", "answers": {}}"#,
            "organs",
        ),
        (r#"not json"#, "invalid"),
        (r#"{"age_years": -1, "exploitation": "labour"}"#, "invalid"),
        (
            r#"{"age_years": 20, "exploitation": "labour", "extra": 1}"#,
            "extra",
        ),
        (
            r#"{"age_years": 20, "exploitation": "labour", "purposes": ["forced_labour", "begging"]}"#,
            "begging",
        ),
        (
            r#"{"age_years": 20, "exploitation": "labour", "purposes": "forced_labour"}"#,
            "invalid",
        ),
    ] {
        let out = screen(input);
        assert_eq!(out.status.code(), Some(1), "{input}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(hint), "{input}: {err}");
        assert!(out.stdout.is_empty());
    }
}

/// The inputs CI also gives the Windows build (`.ci/windows.sh` compares its
/// output with this one's): each gives a result, or, named `bad-*`, one line
/// on stderr and exit 1.
#[test]
fn the_screening_corpus_gives_results_and_refusals() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/screening");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let input = std::fs::read_to_string(e.path()).unwrap();
        let out = screen(&input);
        if name.starts_with("bad-") {
            assert_eq!(out.status.code(), Some(1), "{name}");
            assert_eq!(stderr(&out).lines().count(), 1, "{name}");
        } else {
            assert!(out.status.success(), "{name}: {}", stderr(&out));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert!(v["outcome"].is_string(), "{name}: {v}");
        }
        seen += 1;
    }
    assert!(seen >= 8, "{seen}");
}

#[test]
fn prints_the_age_band_and_the_legal_elements() {
    // The typical scam-compound case: the ILO advice is a further interview
    // (DR is not positive), the legal elements are all present.
    let out = screen(
        r#"{"age_years": 24, "exploitation": "labour",
            "answers": {"DR01": "yes", "EX01": "yes", "EX02": "yes", "CD01": "yes",
                        "CD03": "yes", "CD04": "yes", "CD06": "yes"}}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "needs_further_interview");
    assert_eq!(v["age_band"], "adult");
    assert_eq!(
        v["legal"],
        serde_json::json!({"act": true, "purpose": true, "means": true, "signs": "present", "missing": []})
    );

    // Purposes feed the purpose element; nobody moved the person and no
    // recruitment indicator: the act is absent, the signs insufficient.
    let out = screen(
        r#"{"age_years": 30, "exploitation": "labour", "moved_by_someone": false,
            "purposes": ["forced_labour"], "answers": {"CD01": "yes"}}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["legal"],
        serde_json::json!({"act": false, "purpose": true, "means": true, "signs": "insufficient", "missing": ["act"]})
    );
}

#[test]
fn an_uncertain_nineteen_is_screened_on_the_child_list() {
    let out = screen(
        r#"{"age_years": 19, "age_uncertain": true, "exploitation": "labour", "moved_by_someone": null,
            "purposes": ["sold_for_benefit"], "answers": {"EX01": "yes", "EX02": "yes"}}"#,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list"], "child_labour");
    assert_eq!(v["presumed_child"], true);
    assert_eq!(v["age_band"], "16_17");
    assert_eq!(v["outcome"], "needs_further_interview");
    assert_eq!(
        v["legal"],
        serde_json::json!({"act": null, "purpose": true, "means": "not_required", "signs": "unknown", "missing": ["act"]})
    );
    // No estimate at all: age band unknown, still the child list.
    let out = screen(r#"{"age_years": null, "age_uncertain": true, "exploitation": "sexual"}"#);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["age_band"], "unknown");
    assert_eq!(v["list"], "child_sexual");
}

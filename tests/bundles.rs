//! Transfer bundles: round trip post -> desk, real age, refusals that change
//! nothing, conflicts kept for a person to settle, and a parser that never
//! panics (property tests plus the corpus of odd inputs).
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use proptest::prelude::*;
use tiepnhan::demo;
use tiepnhan::export::bundle::{self, BundleError, Key, Seal};
use tiepnhan::vault::Vault;

const POST: &str = "mật khẩu đồn biên phòng";
const DESK: &str = "mật khẩu bàn tỉnh 1";
const BUNDLE_PASS: &str = "cụm mật khẩu gói chuyển";

fn unlock_as(dir: &Path, pass: &str) -> Vault {
    Vault::unlock(dir, "demo", pass, chrono::Utc::now()).unwrap()
}

/// A post with demo cases and an empty desk that trusts the post.
fn post_and_desk(tmp: &Path, cases: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let post = tmp.join("post");
    let desk = tmp.join("desk");
    demo::create_demo_vault(&post, POST, cases, 3).unwrap();
    demo::create_demo_vault(&desk, DESK, 0, 4).unwrap();
    let file = unlock_as(&post, POST).unit_key_file().unwrap();
    let mut d = unlock_as(&desk, DESK);
    d.trust_unit(&file).unwrap();
    (post, desk)
}

fn counts(dir: &Path, pass: &str) -> (i64, i64, i64) {
    let v = unlock_as(dir, pass);
    let q = |sql: &str| v.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let r = (
        q("SELECT count(*) FROM cases"),
        q("SELECT count(*) FROM screenings"),
        q("SELECT count(*) FROM referrals"),
    );
    v.close_quietly();
    r
}

fn export(post: &Path, since_last: bool) -> Vec<u8> {
    let mut v = unlock_as(post, POST);
    let p = v.bundle_payload("passphrase", since_last).unwrap();
    let bytes = bundle::seal(
        &p,
        &v.unit_signing_key().unwrap(),
        Seal::Passphrase(BUNDLE_PASS),
    )
    .unwrap();
    v.record_bundle_sent("passphrase", &p).unwrap();
    v.close_quietly();
    bytes
}

fn import(
    desk: &Path,
    bytes: &[u8],
    apply: bool,
) -> Result<tiepnhan::domain::bundle::Preview, String> {
    let mut d = unlock_as(desk, DESK);
    // As the CLI and the window do: the signer is checked before the payload is read.
    let opened = bundle::open_reader(
        bytes,
        bytes.len() as u64,
        Key::Passphrase(BUNDLE_PASS),
        &bundle::Limits::default(),
        |public| Ok(d.trusted_sender(public).unwrap()),
    )
    .map_err(|e| e.to_string())?;
    let (fp, _) = opened.sender;
    let payload = opened.payload;
    let r = if apply {
        d.apply_import(&payload, &fp)
    } else {
        d.preview_import(&payload, &fp)
    };
    d.close_quietly();
    r.map_err(|e| e.to_string())
}

#[test]
fn round_trip_keeps_cases_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (post, desk) = post_and_desk(tmp.path(), 250);
    let bytes = export(&post, false);
    let preview = import(&desk, &bytes, false).unwrap();
    assert_eq!(
        (preview.new, preview.updated, preview.conflicts),
        (250, 0, 0)
    );
    assert_eq!(counts(&desk, DESK).0, 0, "the preview writes nothing");
    import(&desk, &bytes, true).unwrap();
    assert_eq!(counts(&desk, DESK), counts(&post, POST));

    let p = unlock_as(&post, POST);
    let d = unlock_as(&desk, DESK);
    let ids: Vec<String> = {
        let mut s = p.conn().prepare("SELECT id FROM cases").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for id in ids {
        let a = p.read_case(&id).unwrap();
        let b = d.read_case(&id).unwrap();
        assert_eq!(a.record, b.record, "case {} differs", a.record.number);
        assert_eq!(a.receptions.len(), b.receptions.len());
        assert_eq!(p.screenings_of(&id).unwrap(), d.screenings_of(&id).unwrap());
        let (ra, rb) = (p.referrals_of(&id).unwrap(), d.referrals_of(&id).unwrap());
        assert_eq!(ra.len(), rb.len());
        for (x, y) in ra.iter().zip(&rb) {
            assert_eq!(
                (&x.id, x.status, &x.services, &x.consent),
                (&y.id, y.status, &y.services, &y.consent)
            );
        }
    }
    // The sender's audit events for those cases travelled too; the import is audited.
    let imported: i64 = count(&d, "SELECT count(*) FROM imported_audit");
    assert!(imported >= 250);
    let n: i64 = count(
        &d,
        "SELECT count(*) FROM audit WHERE action = 'bundle_imported'",
    );
    assert_eq!(n, 1);
}

#[test]
fn the_age_tool_decrypts_a_bundle_sent_to_a_recipient_key() {
    let tmp = tempfile::tempdir().unwrap();
    let (post, desk) = post_and_desk(tmp.path(), 20);
    let key_file = tmp.path().join("desk.agekey");
    let out = Command::new("age-keygen")
        .arg("-o")
        .arg(&key_file)
        .output()
        .expect("age-keygen (Debian package age)");
    assert!(out.status.success());
    let text = std::fs::read_to_string(&key_file).unwrap();
    let public = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string();
    let file = tmp.path().join("b.age");
    run_ok(
        &[
            "bundle",
            "export",
            "--vault",
            post.to_str().unwrap(),
            "--user",
            "demo",
            "--out",
            file.to_str().unwrap(),
            "--recipient",
            &public,
        ],
        &format!("{POST}\n"),
    );
    let dec = Command::new("age")
        .args([
            "-d",
            "-i",
            key_file.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
        .output()
        .expect("age");
    assert!(
        dec.status.success(),
        "age could not decrypt: {}",
        String::from_utf8_lossy(&dec.stderr)
    );
    let env: serde_json::Value = serde_json::from_slice(&dec.stdout).unwrap();
    assert_eq!(env["format"], "tiepnhan-signed/1");
    // The desk imports it with its identity; --yes writes.
    let args = [
        "bundle",
        "import",
        "--vault",
        desk.to_str().unwrap(),
        "--user",
        "demo",
        "--in",
        file.to_str().unwrap(),
        "--identity",
        key_file.to_str().unwrap(),
    ];
    let o = run(&args, &format!("{DESK}\n"));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (&v["new"], &v["updated"], &v["conflicts"]),
        (
            &serde_json::json!(20),
            &serde_json::json!(0),
            &serde_json::json!(0)
        )
    );
    // The preview lists every case and what it writes.
    let items = v["cases"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert!(items.iter().all(|i| i["action"] == "new"));
    assert_eq!(counts(&desk, DESK).0, 0);
    let mut yes = args.to_vec();
    yes.push("--yes");
    assert!(run(&yes, &format!("{DESK}\n")).status.success());
    assert_eq!(counts(&desk, DESK).0, 20);
}

#[test]
fn bad_bundles_are_refused_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (post, desk) = post_and_desk(tmp.path(), 30);
    let good = export(&post, false);
    let before = counts(&desk, DESK);
    let refuse = |bytes: &[u8], hint: &str| {
        let e = import(&desk, bytes, true).expect_err("accepted a bad bundle");
        assert!(e.contains(hint), "expected '{hint}' in: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
        assert_eq!(counts(&desk, DESK), before, "the vault changed");
    };
    // Truncated, and one flipped bit.
    refuse(&good[..good.len() - 100], "damaged");
    refuse(&good[..good.len() / 2], "damaged");
    let mut flipped = good.clone();
    let at = flipped.len() - 500;
    flipped[at] ^= 0x04;
    refuse(&flipped, "damaged");
    // The wrong passphrase.
    let e = bundle::open(&good, Key::Passphrase("không đúng mật khẩu")).unwrap_err();
    assert_eq!(e, BundleError::WrongKey);
    // Signed by a unit the desk does not trust.
    let stranger = tmp.path().join("stranger");
    demo::create_demo_vault(&stranger, POST, 5, 9).unwrap();
    let s = unlock_as(&stranger, POST);
    let p = s.bundle_payload("passphrase", false).unwrap();
    let foreign = bundle::seal(
        &p,
        &s.unit_signing_key().unwrap(),
        Seal::Passphrase(BUNDLE_PASS),
    )
    .unwrap();
    s.close_quietly();
    refuse(&foreign, "does not trust");
    // A record that fails validation, signed by the trusted post.
    let v = unlock_as(&post, POST);
    let mut p = v.bundle_payload("passphrase", false).unwrap();
    p.cases[3].record.id = "not-a-uuid".into();
    let invalid = bundle::seal(
        &p,
        &v.unit_signing_key().unwrap(),
        Seal::Passphrase(BUNDLE_PASS),
    )
    .unwrap();
    let mut p2 = v.bundle_payload("passphrase", false).unwrap();
    p2.cases[0].record.identity.full_name = "x".repeat(30_000);
    let too_long = bundle::seal(
        &p2,
        &v.unit_signing_key().unwrap(),
        Seal::Passphrase(BUNDLE_PASS),
    )
    .unwrap();
    v.close_quietly();
    refuse(&invalid, "case 3");
    refuse(&too_long, "too long");
    // Not a bundle at all.
    refuse(b"hello, this is not an age file", "not a TiepNhan bundle");

    // A replayed older bundle is refused once a newer one is in.
    import(&desk, &good, true).unwrap();
    let after_first = counts(&desk, DESK);
    let newer = export(&post, false);
    import(&desk, &newer, true).unwrap();
    let e = import(&desk, &good, true).unwrap_err();
    assert!(e.contains("older bundle"), "{e}");
    assert_eq!(counts(&desk, DESK), after_first);
}

#[test]
fn edits_on_both_sides_are_kept_as_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let (post, desk) = post_and_desk(tmp.path(), 10);
    import(&desk, &export(&post, false), true).unwrap();
    let id: String = {
        let v = unlock_as(&post, POST);
        let id = v
            .conn()
            .query_row("SELECT id FROM cases ORDER BY rid LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        v.close_quietly();
        id
    };
    let edit = |dir: &Path, pass: &str, note: &str| {
        let mut v = unlock_as(dir, pass);
        let view = v.read_case(&id).unwrap();
        let mut r = view.record.clone();
        r.notes = note.into();
        v.update_case(&mut r, view.version).unwrap();
        v.close_quietly();
    };
    edit(&post, POST, "Ghi chú của đồn");
    edit(&desk, DESK, "Ghi chú của tỉnh");
    let bytes = export(&post, true);
    let preview = import(&desk, &bytes, true).unwrap();
    assert_eq!((preview.new, preview.updated, preview.conflicts), (0, 0, 1));
    let mut d = unlock_as(&desk, DESK);
    assert_eq!(
        d.read_case(&id).unwrap().record.notes,
        "Ghi chú của tỉnh",
        "the local version is kept"
    );
    let conflicts = d.open_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        d.conflict_incoming(conflicts[0].id).unwrap().record.notes,
        "Ghi chú của đồn",
        "and so is the incoming one"
    );
    d.settle_conflict(conflicts[0].id, true).unwrap();
    assert_eq!(d.read_case(&id).unwrap().record.notes, "Ghi chú của đồn");
    assert!(d.open_conflicts().unwrap().is_empty());
}

/// The reported attack: a trusted post's bundle carries a new case whose
/// referral has the id of the desk's own referral of an unrelated case. The
/// import used to overwrite it (acknowledged -> draft) while the preview said
/// one new case and no conflict.
#[test]
fn a_bundle_cannot_overwrite_another_cases_referral() {
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("post");
    let desk = tmp.path().join("desk");
    demo::create_demo_vault(&post, POST, 40, 3).unwrap();
    demo::create_demo_vault(&desk, DESK, 60, 4).unwrap();
    let file = unlock_as(&post, POST).unit_key_file().unwrap();
    unlock_as(&desk, DESK).trust_unit(&file).unwrap();
    // The desk's own referral of one of its cases, marked acknowledged.
    let (victim_id, victim_case, before): (String, String, (String, String, String)) = {
        let d = unlock_as(&desk, DESK);
        let (id, case): (String, String) = d
            .conn()
            .query_row(
                "SELECT id, case_id FROM referrals ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        d.conn()
            .execute(
                "UPDATE referrals SET status = 'acknowledged' WHERE id = ?1",
                [&id],
            )
            .unwrap();
        let row = d
            .conn()
            .query_row(
                "SELECT status, tn_json(data), updated_at FROM referrals WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        d.close_quietly();
        (id, case, row)
    };
    // The post's bundle: one case with a referral, its id replaced by the desk's.
    let bytes = {
        let mut v = unlock_as(&post, POST);
        let with_ref: String = value(&v, "SELECT case_id FROM referrals LIMIT 1");
        let mut p = v.payload_for(&[with_ref]).unwrap();
        p.cases[0].referrals[0].id = victim_id.clone();
        p.cases[0].referrals[0].status = tiepnhan::domain::referral::ReferralStatus::Draft;
        let b = bundle::seal(
            &p,
            &v.unit_signing_key().unwrap(),
            Seal::Passphrase(BUNDLE_PASS),
        )
        .unwrap();
        v.record_bundle_sent("passphrase", &p).unwrap();
        v.close_quietly();
        b
    };
    let row = |d: &Vault| -> (String, String, String) {
        d.conn()
            .query_row(
                "SELECT status, tn_json(data), updated_at FROM referrals WHERE id = ?1 AND case_id = ?2",
                [&victim_id, &victim_case],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    let preview = import(&desk, &bytes, false).unwrap();
    assert_eq!((preview.new, preview.updated, preview.conflicts), (0, 0, 1));
    assert_eq!(
        preview.items[0].reason,
        Some(tiepnhan::domain::bundle::ConflictReason::ReferralOfAnotherCase)
    );
    assert!(preview.items[0].referrals.is_empty(), "nothing is written");
    import(&desk, &bytes, true).unwrap();
    let mut d = unlock_as(&desk, DESK);
    assert_eq!(row(&d), before, "the desk's referral is untouched");
    // Even when a supervisor takes the incoming side, the other case's
    // referral stays; the incoming one is stored under a new id.
    let conflicts = d.open_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let incoming_case = conflicts[0].case_id.clone();
    d.settle_conflict(conflicts[0].id, true).unwrap();
    assert_eq!(row(&d), before, "the desk's referral is untouched");
    let refs = d.referrals_of(&incoming_case).unwrap();
    assert_eq!(refs.len(), 1);
    assert_ne!(refs[0].id, victim_id);
    d.close_quietly();
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/bundle");
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn the_corpus_of_odd_inputs_never_panics() {
    let files = corpus();
    assert!(files.len() >= 5, "the corpus is missing");
    for (name, bytes) in files {
        let r = std::panic::catch_unwind(|| bundle::open(&bytes, Key::Passphrase(BUNDLE_PASS)));
        assert!(r.is_ok(), "{name} panicked");
        assert!(r.unwrap().is_err(), "{name} was accepted");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = bundle::open(&bytes, Key::Passphrase(BUNDLE_PASS));
        let _ = bundle::open(&bytes, Key::Identity("AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQSL3L6M"));
    }

    #[test]
    fn age_prefixed_garbage_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"age-encryption.org/v1\n-> scrypt ".to_vec();
        bytes.extend(tail);
        let _ = bundle::open(&bytes, Key::Passphrase(BUNDLE_PASS));
    }
}

/// A reader that counts what was read from it.
struct Counting<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Write a bundle of about `payload_len * 4 / 3` bytes, encrypted to
/// `recipient`, signed by `key`, streaming (the payload is not a valid
/// payload: an importer that reads it has already gone too far).
fn write_big_bundle(
    path: &Path,
    recipient: &age::x25519::Recipient,
    key: &ed25519_dalek::SigningKey,
    payload_len: usize,
) {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as B64;
    use ed25519_dalek::Signer;
    use std::io::Write;
    let mut payload = Vec::with_capacity(payload_len);
    payload.extend_from_slice(br#"{"pad":""#);
    payload.resize(payload_len - 2, b'a');
    payload.extend_from_slice(br#""}"#);
    let signature = key.sign(&payload);
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let enc =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient)).unwrap();
    let mut w = enc.wrap_output(file).unwrap();
    write!(
        w,
        r#"{{"format":"tiepnhan-signed/1","public_key":"{}","signature":"{}","payload":""#,
        B64.encode(key.verifying_key().to_bytes()),
        B64.encode(signature.to_bytes())
    )
    .unwrap();
    for chunk in payload.chunks(3 << 16) {
        w.write_all(B64.encode(chunk).as_bytes()).unwrap();
    }
    w.write_all(br#""}"#).unwrap();
    w.finish().unwrap().flush().unwrap();
}

/// A 300 MB bundle encrypted to the desk's key by a unit the desk does not
/// trust: refused after reading its first kilobytes, and `tiepnhan bundle
/// import` stays under 200 MB of memory (measured with /usr/bin/time -v).
#[test]
fn a_300_mb_bundle_from_an_unknown_sender_is_refused_with_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let desk = tmp.path().join("desk");
    demo::create_demo_vault(&desk, DESK, 0, 4).unwrap();
    let identity = age::x25519::Identity::generate();
    let id_file = tmp.path().join("desk.agekey");
    {
        use age::secrecy::ExposeSecret;
        std::fs::write(&id_file, identity.to_string().expose_secret()).unwrap();
    }
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let file = tmp.path().join("big.age");
    write_big_bundle(&file, &identity.to_public(), &stranger, 225 << 20);
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size >= 300_000_000, "{size} bytes");

    // In the library: the signer is refused before the payload is read.
    let read = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let id_text = std::fs::read_to_string(&id_file).unwrap();
    let mut asked = Vec::new();
    let e = bundle::open_reader(
        Counting {
            inner: std::fs::File::open(&file).unwrap(),
            read: read.clone(),
        },
        size,
        Key::Identity(&id_text),
        &bundle::Limits::default(),
        |public| {
            asked.push(public.to_string());
            Ok(None::<()>)
        },
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::Untrusted(_)), "{e}");
    assert_eq!(asked.len(), 1, "the trust check is asked once");
    assert!(read.get() < 1 << 20, "{} bytes read", read.get());

    // The command, measured.
    let report = tmp.path().join("time.txt");
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg("-o")
        .arg(&report)
        .arg(bin())
        .args([
            "bundle",
            "import",
            "--vault",
            desk.to_str().unwrap(),
            "--user",
            "demo",
            "--in",
            file.to_str().unwrap(),
            "--identity",
            id_file.to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("{DESK}\n").as_bytes())?;
            c.wait_with_output()
        })
        .expect("/usr/bin/time (Debian package time)");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("does not trust"), "{err}");
    let report = std::fs::read_to_string(&report).unwrap();
    let peak_kb: u64 = report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .expect("a peak in the report")
        .trim()
        .parse()
        .unwrap();
    eprintln!("peak RSS of the refused import: {} MB", peak_kb / 1024);
    assert!(peak_kb < 200 * 1024, "peak {peak_kb} kB");
}

/// The size limit is checked before anything is read: a file of zeros over
/// the limit is "too large", not "not a bundle".
#[test]
fn the_size_limit_is_checked_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.age");
    let f = std::fs::File::create(&big).unwrap();
    // Sparse: no disk is used.
    f.set_len(bundle::DEFAULT_MAX_BYTES + 1).unwrap();
    drop(f);
    let e = bundle::open_file(
        &big,
        Key::Passphrase(BUNDLE_PASS),
        &bundle::Limits::default(),
        |_| Ok(Some(())),
    )
    .unwrap_err();
    assert_eq!(
        e,
        BundleError::TooLarge {
            bytes: (512 << 20) + 1,
            limit: 512 << 20
        }
    );
    // At the limit, it is read (and found not to be a bundle).
    let f = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
    f.set_len(4096).unwrap();
    drop(f);
    let small = bundle::Limits {
        max_bytes: 4096,
        ..Default::default()
    };
    let e = bundle::open_file(&big, Key::Passphrase(BUNDLE_PASS), &small, |_| Ok(Some(())))
        .unwrap_err();
    assert_eq!(e, BundleError::NotABundle);
    let smaller = bundle::Limits {
        max_bytes: 4095,
        ..Default::default()
    };
    let e = bundle::open_file(&big, Key::Passphrase(BUNDLE_PASS), &smaller, |_| {
        Ok(Some(()))
    })
    .unwrap_err();
    assert!(matches!(e, BundleError::TooLarge { .. }));

    // The command: configurable, one line, exit 1, before the vault is opened.
    let f = std::fs::OpenOptions::new().write(true).open(&big).unwrap();
    f.set_len(2 << 20).unwrap();
    drop(f);
    let o = run(
        &[
            "bundle",
            "import",
            "--vault",
            tmp.path().join("no-vault").to_str().unwrap(),
            "--user",
            "demo",
            "--in",
            big.to_str().unwrap(),
            "--max-mib",
            "1",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("too large"), "{err}");
}

/// A passphrase bundle asking for more scrypt work than 2^20 is refused
/// before any key derivation; a lower cap refuses a bundle sealed at 2^18.
#[test]
fn the_scrypt_work_factor_is_capped_at_20() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
    let header = |log_n: u8| {
        let mut b = format!(
            "age-encryption.org/v1\n-> scrypt {} {log_n}\n{}\n--- {}\n",
            B64.encode([1u8; 16]),
            B64.encode([2u8; 32]),
            B64.encode([3u8; 32]),
        )
        .into_bytes();
        b.extend([0u8; 16 + 64]);
        b
    };
    for (log_n, limit) in [(21u8, 20u8), (22, 20), (60, 20), (21, 30)] {
        let bytes = header(log_n);
        let started = std::time::Instant::now();
        let e = bundle::open_reader(
            bytes.as_slice(),
            bytes.len() as u64,
            Key::Passphrase(BUNDLE_PASS),
            &bundle::Limits {
                max_work_factor: limit,
                ..Default::default()
            },
            |_| Ok(Some(())),
        )
        .unwrap_err();
        assert_eq!(
            e,
            BundleError::TooMuchWork {
                required: log_n,
                max: 20
            },
            "2^{log_n} with a cap of {limit}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
    // A real bundle (sealed at 2^18) opens under the default cap, not under 2^17.
    let tmp = tempfile::tempdir().unwrap();
    let post = tmp.path().join("post");
    demo::create_demo_vault(&post, POST, 3, 3).unwrap();
    let bytes = export(&post, false);
    assert!(bundle::open(&bytes, Key::Passphrase(BUNDLE_PASS)).is_ok());
    let e = bundle::open_reader(
        bytes.as_slice(),
        bytes.len() as u64,
        Key::Passphrase(BUNDLE_PASS),
        &bundle::Limits {
            max_work_factor: 17,
            ..Default::default()
        },
        |_| Ok(Some(())),
    )
    .unwrap_err();
    assert_eq!(
        e,
        BundleError::TooMuchWork {
            required: bundle::SEAL_WORK_FACTOR,
            max: 17
        }
    );
}

/// The signer must be named before the payload: an envelope that puts the
/// payload first is not read.
#[test]
fn an_envelope_with_the_payload_before_its_signer_is_refused() {
    use std::io::Write;
    let identity = age::x25519::Identity::generate();
    let id_text = {
        use age::secrecy::ExposeSecret;
        identity.to_string().expose_secret().to_string()
    };
    let seal_plain = |plain: &[u8]| {
        let r = identity.to_public();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap();
        out
    };
    for plain in [
        &br#"{"payload":"e30=","format":"tiepnhan-signed/1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","signature":"AA=="}"#[..],
        br#"{"format":"tiepnhan-signed/1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","payload":"e\u0030="}"#,
        br#"{"format":"tiepnhan-signed/1","format":"tiepnhan-signed/1"}"#,
        br#"{"format":"tiepnhan-signed/2"}"#,
        br#"{"format":"tiepnhan-signed/1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","signature":"AA==","payload":"e30=","extra":1}"#,
        br#"{"format":"tiepnhan-signed/1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","signature":"AA==","payload":"e30="} trailing"#,
        br#"{"format":"tiepnhan-signed/1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","signature":"AA==","payload":"e30="#,
    ] {
        let bytes = seal_plain(plain);
        let e = bundle::open_reader(
            bytes.as_slice(),
            bytes.len() as u64,
            Key::Identity(&id_text),
            &bundle::Limits::default(),
            |_| Ok(Some(())),
        )
        .unwrap_err();
        assert!(
            matches!(e, BundleError::NotABundle | BundleError::BadSignature),
            "{}: {e}",
            String::from_utf8_lossy(plain)
        );
    }
}

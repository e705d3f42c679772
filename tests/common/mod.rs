//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

pub mod ui;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tiepnhan::domain::batch::{BatchRecord, QuickRow};
use tiepnhan::domain::case::{CaseRecord, Sex};
use tiepnhan::domain::security::Role;
use tiepnhan::vault::cases::CaseSaved;
use tiepnhan::vault::keyring::KdfParams;
use tiepnhan::vault::{NewVault, Unit, UnitKind, Vault};

pub const PASSWORD: &str = "mật khẩu thử 2026";

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_tiepnhan"))
}

/// Run the binary with `stdin` fed in; returns its output.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .env_remove("TIEPNHAN_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tiepnhan");
    // A command that refuses its input before reading stdin closes the pipe
    // first: that is its answer (checked by the caller), not a test failure.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.unwrap(),
    }
    child.wait_with_output().expect("wait for tiepnhan")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A vault created through the library with the floor KDF (fast), admin `admin`.
pub fn new_vault(dir: &Path) -> Vault {
    create_vault(dir, "Đồn Biên phòng Xa Mát").0
}

/// Like `new_vault`, returning the recovery code too.
pub fn new_vault_with_code(dir: &Path) -> (Vault, String) {
    create_vault(dir, "Đồn Biên phòng Tân Nam")
}

fn create_vault(dir: &Path, unit: &str) -> (Vault, String) {
    let (v, code) = Vault::create(
        dir,
        NewVault {
            unit: Unit {
                name: unit.into(),
                kind: UnitKind::BorderGuardStation,
                province_code: Some(80),
                code: String::new(),
            },
            admin_username: "admin".into(),
            admin_display_name: "Quản trị".into(),
            admin_password: zeroize::Zeroizing::new(PASSWORD.into()),
            kdf: KdfParams::FLOOR,
        },
    )
    .expect("create vault");
    (v, code.to_string())
}

/// `new_vault` with an officer "canbo" and a supervisor "chihuy" (first
/// password `PASSWORD`, not changed yet).
pub fn new_vault_with_staff(dir: &Path) -> Vault {
    let mut v = new_vault(dir);
    v.create_user("canbo", "Cán bộ", Role::Officer, PASSWORD)
        .unwrap();
    v.create_user("chihuy", "Chỉ huy", Role::Supervisor, PASSWORD)
        .unwrap();
    v
}

/// A case received today, named `name`, with what `f` sets (not saved).
pub fn case_with(name: &str, f: impl FnOnce(&mut CaseRecord)) -> CaseRecord {
    let mut c = CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = name.into();
    f(&mut c);
    c
}

/// A fresh temporary folder with a vault at `<tmp>/v` made by `new_vault`,
/// holding `cases` (saved: their ids and numbers are set), then closed.
pub fn vault_with<'a>(
    cases: impl IntoIterator<Item = &'a mut CaseRecord>,
) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    for c in cases {
        v.create_case(c).unwrap();
    }
    v.close_quietly();
    (tmp, dir)
}

/// A batch received yesterday at gate 1 with one person per `(name, sex,
/// age as typed)`, saved in `v`; the people's saved cases, in order.
pub fn batch_of(v: &mut Vault, people: &[(&str, Sex, &str)]) -> Vec<CaseSaved> {
    let mut b = BatchRecord {
        received_at: (chrono::Local::now() - chrono::Duration::days(1))
            .naive_local()
            .into(),
        gate_id: Some(1),
        ..BatchRecord::default()
    };
    let today = chrono::Local::now().date_naive();
    let mut cases: Vec<CaseRecord> = people
        .iter()
        .map(|(name, sex, age)| {
            let row = QuickRow {
                full_name: name.to_string(),
                sex: *sex,
                age: age.to_string(),
                ..Default::default()
            };
            row.to_case(&b, today).unwrap()
        })
        .collect();
    v.create_batch(&mut b, &mut cases).unwrap()
}

/// `vault_with` no case: a new vault in a temporary folder, closed.
pub fn empty_vault() -> (tempfile::TempDir, PathBuf) {
    vault_with(std::iter::empty())
}

/// The one number a query gives (`SELECT count(*) FROM audit WHERE …`).
pub fn count(v: &Vault, sql: &str) -> i64 {
    value(v, sql)
}

/// The first column of the first row a query gives.
pub fn value<T: rusqlite::types::FromSql>(v: &Vault, sql: &str) -> T {
    v.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row a query gives, mapped by `f`.
pub fn rows<T>(
    v: &Vault,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut s = v.conn().prepare(sql).unwrap();
    s.query_map([], f).unwrap().map(Result::unwrap).collect()
}

/// How many cases the vault in `dir` holds (opened as `admin`).
pub fn cases_in(dir: &Path) -> i64 {
    let v = unlock(dir, "admin");
    let n = count(&v, "SELECT count(*) FROM cases");
    v.close_quietly();
    n
}

/// Run the binary as `run` does, and check that it succeeded.
pub fn run_ok(args: &[&str], stdin: &str) -> Output {
    let out = run(args, stdin);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// The binary run on `vault` as the demo vaults' user "demo", its
/// passphrase on stdin: `args` are the command's words and options, without
/// `--vault` and `--user`.
pub fn as_demo(vault: &Path, args: &[&str]) -> Output {
    let vault = vault.to_str().unwrap();
    let at = args
        .iter()
        .position(|a| a.starts_with("--"))
        .unwrap_or(args.len());
    let mut all = args[..at].to_vec();
    all.extend(["--vault", vault, "--user", "demo"]);
    all.extend(&args[at..]);
    run(&all, &format!("{DEMO_PASS}\n"))
}

/// `as_demo`, checked to succeed.
pub fn as_demo_ok(vault: &Path, args: &[&str]) -> Output {
    let out = as_demo(vault, args);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// Fail with a clear reason when a tool a test opens files with is missing
/// (`.ci/run` installs them: apt-get install p7zip-full poppler-utils).
pub fn need(tool: &str) {
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{tool} is needed by this test (apt-get install p7zip-full poppler-utils)"
    );
}

/// Every audit action of the vault, oldest first.
pub fn audit_actions(v: &Vault) -> Vec<String> {
    let mut s = v
        .conn()
        .prepare("SELECT action FROM audit ORDER BY seq")
        .unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Extract an encrypted zip with 7-Zip (as the receiver would) into `out`.
pub fn unzip_7z(zip: &Path, pass: &str, out: &Path) {
    let o = Command::new("7z")
        .args([
            "x",
            "-y",
            &format!("-p{pass}"),
            &format!("-o{}", out.display()),
            zip.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// The first page of cases the case list shows for `text`.
pub fn cases_matching(v: &mut Vault, text: &str) -> tiepnhan::vault::cases::CasePage {
    let q = tiepnhan::vault::cases::CaseQuery {
        text: text.into(),
        ..Default::default()
    };
    v.search_cases(&q, chrono::Local::now().date_naive())
        .expect("search")
}

pub fn unlock(dir: &Path, user: &str) -> Vault {
    Vault::unlock(dir, user, PASSWORD, chrono::Utc::now()).expect("unlock")
}

/// Every occurrence of `needle` in the files under `dir` (recursively).
pub fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p)
                && bytes.windows(needle.len()).any(|w| w == needle)
            {
                hits.push(p);
            }
        }
    }
    hits
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The passphrase of the demo vaults the tests make.
pub const DEMO_PASS: &str = "mật khẩu demo 42";

/// A demo vault made by the `demo` command (`cases` cases, `seed`); what
/// it prints (JSON).
pub fn demo_cli(dir: &Path, cases: u32, seed: u32) -> serde_json::Value {
    let (cases, seed) = (cases.to_string(), seed.to_string());
    let vault = dir.to_str().unwrap();
    let args = ["demo", "--vault", vault, "--cases", &cases, "--seed", &seed];
    let out = run_ok(&args, &format!("{DEMO_PASS}\n"));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A demo vault with synthetic cases (user "demo").
pub fn demo_vault(dir: &Path, cases: usize) {
    tiepnhan::demo::create_demo_vault(dir, DEMO_PASS, cases, 5).expect("demo vault");
}

/// A batch received yesterday whose people (full name, home province code)
/// are screened with no indicators and decided "not a victim": the people
/// a post hands to their home locality. Returns the batch id and the case ids.
pub fn not_victims_batch(v: &mut Vault, people: &[(&str, u32)]) -> (String, Vec<String>) {
    use tiepnhan::domain::batch::{BatchRecord, QuickRow};
    use tiepnhan::domain::case::Sex;
    use tiepnhan::domain::screening::{Decision, Evidence, Exploitation, ScreeningInput};
    let mut b = BatchRecord {
        received_at: (chrono::Local::now() - chrono::Duration::days(1))
            .naive_local()
            .into(),
        gate_id: Some(1),
        handing_party: "Cảnh sát tỉnh Svay Rieng".into(),
        ..BatchRecord::default()
    };
    let today = chrono::Local::now().date_naive();
    let mut cases: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, (name, province))| {
            QuickRow {
                full_name: name.to_string(),
                sex: if i % 2 == 0 { Sex::Male } else { Sex::Female },
                age: (1990 + i).to_string(),
                province_code: Some(*province),
                document: String::new(),
            }
            .to_case(&b, today)
            .unwrap()
        })
        .collect();
    let saved = v.create_batch(&mut b, &mut cases).unwrap();
    let ids: Vec<String> = saved.into_iter().map(|s| s.id).collect();
    for id in &ids {
        let input = ScreeningInput {
            age_years: Some(30),
            age_uncertain: false,
            exploitation: Exploitation::Labour,
            moved_by_someone: Some(false),
            answers: Default::default(),
            purposes: Default::default(),
        };
        let s = v
            .save_screening(id, None, &input, &Default::default(), &Evidence::default())
            .unwrap();
        v.record_decision(&s.id, Decision::NotVictim, "Không có dấu hiệu bị mua bán")
            .unwrap();
    }
    (b.id, ids)
}

/// The vault's one batch, its reception record printed (so issued): the
/// batch id, the record's number and date.
pub fn issue_the_reception(v: &mut Vault) -> (String, String, chrono::NaiveDate) {
    use tiepnhan::app::documents::{Doc, paper};
    let id: String = value(v, "SELECT id FROM batches");
    let (number, on) = paper(v, &Doc::Reception(id.clone()))
        .unwrap()
        .issued
        .unwrap();
    (id, number, on)
}

//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

pub mod ui;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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
    let (v, _code) = Vault::create(
        dir,
        NewVault {
            unit: Unit {
                name: "Đồn Biên phòng Xa Mát".into(),
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
    v
}

/// Like `new_vault`, returning the recovery code too.
pub fn new_vault_with_code(dir: &Path) -> (Vault, String) {
    let (v, code) = Vault::create(
        dir,
        NewVault {
            unit: Unit {
                name: "Đồn Biên phòng Tân Nam".into(),
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

//! Print copies (the PDFs handed to the system viewer): wiped when the vault
//! locks, and a copy left by a process that crashed is gone after the next
//! start of the window or of any command.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use tiepnhan::ui::{KeyAction, Message, State};

const CHILD: &str = "TIEPNHAN_TEST_CRASHING_CHILD";

/// Every start sweeps what crashed processes left: the tests here take
/// turns, so one's start does not sweep another's crash before it looks.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|p| p.into_inner())
}

/// Run this test binary again as a process that makes a print copy the way
/// the window's "Open PDF" does and then crashes (abort: no destructor, no
/// wipe). Returns the copy's path.
fn crash_with_a_print_copy() -> PathBuf {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "crashing_process_with_a_print_copy",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the child did not crash");
    let text = String::from_utf8_lossy(&out.stdout);
    let path = text
        .lines()
        .find_map(|l| l.split_once("COPY ").map(|(_, p)| p.trim()))
        .unwrap_or_else(|| {
            panic!(
                "no copy made: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let path = PathBuf::from(path);
    assert!(path.exists(), "a crash leaves its copy behind");
    path
}

#[test]
#[ignore = "the crashing process of the tests below"]
fn crashing_process_with_a_print_copy() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let path = tiepnhan::vault::print_copies::write_copy(
        b"%PDF-1.7 Nguy\xe1\xbb\x85n V\xc4\x83n A",
        "pdf",
    )
    .unwrap();
    println!("COPY {}", path.display());
    std::io::stdout().flush().unwrap();
    std::process::abort();
}

#[test]
fn a_print_copy_is_gone_after_a_crash_and_the_next_command() {
    let _turn = turn();
    let path = crash_with_a_print_copy();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.len() == 20 && name.ends_with(".pdf"),
        "a random name: {name}"
    );
    #[cfg(target_os = "linux")]
    assert!(
        tiepnhan::vault::print_copies::root_is_ram_backed(path.parent().unwrap().parent().unwrap())
            || !std::path::Path::new("/dev/shm").is_dir(),
        "not in RAM: {}",
        path.display()
    );
    run_ok(&["--version"], "");
    assert!(!path.exists(), "the copy outlived the restart");
    assert!(!path.parent().unwrap().exists(), "its folder too");
}

#[test]
fn a_print_copy_is_gone_after_a_crash_and_the_next_window() {
    let _turn = turn();
    let path = crash_with_a_print_copy();
    let tmp = tempfile::tempdir().unwrap();
    let _app = ui::app_for(&tmp.path().join("vault"));
    assert!(
        !path.exists(),
        "the copy outlived the restart of the window"
    );
}

#[test]
fn locking_the_window_wipes_its_print_copies() {
    let _turn = turn();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    new_vault(&dir).close_quietly();
    let (mut app, rt) = ui::unlocked_app(&dir);
    let copy = tiepnhan::vault::print_copies::write_copy(b"%PDF-1.7 copy", "pdf").unwrap();
    assert!(copy.exists());
    let task = app.update(Message::Key(KeyAction::Lock));
    ui::settle(&rt, &mut app, task);
    assert!(matches!(app.state, State::Locked(_)));
    assert!(!copy.exists(), "the copy outlived the lock");
}

#[test]
fn leftovers_in_the_vaults_exports_are_swept_at_start() {
    let _turn = turn();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    new_vault(&dir).close_quietly();
    let exports = dir.join("exports");
    std::fs::create_dir_all(exports.join("print")).unwrap();
    // A viewer copy of an earlier version and half a document a crash left.
    std::fs::write(
        exports.join("print").join("in-a1b2c3d4e5f6.pdf"),
        b"%PDF old",
    )
    .unwrap();
    std::fs::write(exports.join(".tmp-0011223344556677"), b"%PDF half").unwrap();
    run_ok(&["--version", "--vault", dir.to_str().unwrap()], "");
    assert!(!exports.join("print").exists());
    assert!(!exports.join(".tmp-0011223344556677").exists());
}

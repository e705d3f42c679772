//! Process hardening applied once at start-up, before any vault is opened.
//!
//! Decrypted database pages live in ordinary heap memory while a vault is
//! unlocked. A core dump (a crash, or `gcore`) would write them to disk in
//! the clear, so the process refuses core dumps and, on Linux, is marked
//! non-dumpable, which also stops other processes of the same user from
//! attaching a debugger to read its memory. On Windows the program is
//! excluded from Windows Error Reporting (which would otherwise keep a dump
//! of a crashed process) and asks for no error dialog boxes.

/// Refuse core dumps and (Linux) debugger attach by the same user.
/// Failures are ignored: hardening must never stop an officer from working.
pub fn harden_process() {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: plain system calls with a valid, fully initialised argument.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &none);
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument; the rest are unused.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
    #[cfg(windows)]
    windows::harden();
}

#[cfg(windows)]
mod windows {
    use std::os::windows::ffi::OsStrExt;

    use windows_sys::Win32::System::Diagnostics::Debug::{
        SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX, SetErrorMode,
    };
    use windows_sys::Win32::System::ErrorReporting::WerAddExcludedApplication;

    /// The executable's file name ("tiepnhan.exe"), as WER lists it.
    pub(super) fn exe_name() -> Option<Vec<u16>> {
        let exe = std::env::current_exe().ok()?;
        Some(exe.file_name()?.encode_wide().chain(Some(0)).collect())
    }

    pub(super) fn harden() {
        // SAFETY: plain system calls; the name is NUL-terminated and lives
        // through the call.
        unsafe {
            // No "has stopped working" box, no critical-error or missing-file
            // dialogs: the process ends instead of waiting for a click.
            SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
            // Excluded (for this user: no administrator rights needed) from
            // Windows Error Reporting, which would collect a dump of the
            // crashed process, decrypted pages included.
            if let Some(name) = exe_name() {
                WerAddExcludedApplication(name.as_ptr(), 0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the running process may write a core dump.
    #[cfg(unix)]
    fn core_dumps_allowed() -> bool {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: PR_GET_DUMPABLE takes no pointer arguments.
            if unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) } != 0 {
                return true;
            }
        }
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we own.
        let rc = unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut lim) };
        rc != 0 || lim.rlim_cur != 0
    }

    #[cfg(unix)]
    #[test]
    fn a_hardened_process_writes_no_core_dump() {
        harden_process();
        assert!(!core_dumps_allowed());
    }

    #[cfg(windows)]
    #[test]
    fn a_hardened_process_is_excluded_from_error_reporting_and_shows_no_crash_box() {
        use windows_sys::Win32::System::Diagnostics::Debug::{
            GetErrorMode, SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX,
        };
        use windows_sys::Win32::System::Registry::{
            HKEY_CURRENT_USER, RRF_RT_REG_DWORD, RegGetValueW,
        };
        harden_process();
        // SAFETY: GetErrorMode has no arguments.
        let mode = unsafe { GetErrorMode() };
        assert_ne!(mode & SEM_NOGPFAULTERRORBOX, 0);
        assert_ne!(mode & SEM_FAILCRITICALERRORS, 0);
        // WER keeps its per-user exclusions in the registry (Wine's
        // implementation writes them one level up).
        let path = if crate::vault::winacl::under_wine() {
            "Software\\Microsoft\\Windows Error Reporting\\ExcludedApplications"
        } else {
            "Software\\Microsoft\\Windows\\Windows Error Reporting\\ExcludedApplications"
        };
        let key: Vec<u16> = path.encode_utf16().chain(Some(0)).collect();
        let name = windows::exe_name().unwrap();
        let mut value = 0u32;
        let mut len = 4u32;
        // SAFETY: NUL-terminated names and a 4-byte buffer as `len` says.
        let rc = unsafe {
            RegGetValueW(
                HKEY_CURRENT_USER,
                key.as_ptr(),
                name.as_ptr(),
                RRF_RT_REG_DWORD,
                std::ptr::null_mut(),
                (&mut value as *mut u32).cast(),
                &mut len,
            )
        };
        assert_eq!(rc, 0, "no WER exclusion for this program");
        assert_eq!(value, 1);
    }
}

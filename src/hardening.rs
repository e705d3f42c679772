//! Process hardening applied once at start-up, before any vault is opened.
//!
//! Decrypted database pages live in ordinary heap memory while a vault is
//! unlocked. A core dump (a crash, or `gcore`) would write them to disk in
//! the clear, so the process refuses core dumps and, on Linux, is marked
//! non-dumpable, which also stops other processes of the same user from
//! attaching a debugger to read its memory.

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
}

//! The console of a command started from a shell.
//!
//! On Windows the program is built for the GUI subsystem, so starting it
//! from the Start menu opens no console window. A command (`tiepnhan check`,
//! `tiepnhan --version`, ...) started from `cmd.exe` or PowerShell then has
//! no standard handles of its own: [`attach_parent`] attaches it to the
//! console of the shell that started it and points the standard handles
//! that were not redirected at that console. Handles the shell redirected
//! (a pipe, a file: `tiepnhan screen < in.json > out.json`) are kept.
//!
//! Elsewhere this does nothing: standard handles are always inherited.

/// Attach to the parent's console for the standard handles that have none.
pub fn attach_parent() {
    #[cfg(windows)]
    windows::attach_parent();
}

#[cfg(windows)]
mod windows {
    use std::ptr::null;

    use windows_sys::Win32::Foundation::{
        GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE,
    };
    use windows_sys::Win32::Storage::FileSystem::{
        CreateFileW, FILE_SHARE_READ, FILE_SHARE_WRITE, OPEN_EXISTING,
    };
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_HANDLE,
        STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };

    fn missing(which: STD_HANDLE) -> bool {
        // SAFETY: GetStdHandle only reads the process parameters.
        let h = unsafe { GetStdHandle(which) };
        h.is_null() || h == INVALID_HANDLE_VALUE
    }

    fn open_console(name: &str, access: u32) -> HANDLE {
        let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
        // SAFETY: a NUL-terminated name; no security attributes or template.
        unsafe {
            CreateFileW(
                wide.as_ptr(),
                access,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                null(),
                OPEN_EXISTING,
                0,
                std::ptr::null_mut(),
            )
        }
    }

    pub(super) fn attach_parent() {
        let handles = [
            (STD_INPUT_HANDLE, "CONIN$", GENERIC_READ | GENERIC_WRITE),
            (STD_OUTPUT_HANDLE, "CONOUT$", GENERIC_READ | GENERIC_WRITE),
            (STD_ERROR_HANDLE, "CONOUT$", GENERIC_READ | GENERIC_WRITE),
        ];
        let need: Vec<_> = handles.iter().filter(|(h, _, _)| missing(*h)).collect();
        if need.is_empty() {
            return;
        }
        // SAFETY: attaching to the parent's console has no preconditions; it
        // fails harmlessly when the parent has none (started from Explorer).
        if unsafe { AttachConsole(ATTACH_PARENT_PROCESS) } == 0 {
            return;
        }
        for (which, name, access) in need {
            if missing(*which) {
                let h = open_console(name, *access);
                if h != INVALID_HANDLE_VALUE {
                    // SAFETY: a console handle this process now owns.
                    unsafe { SetStdHandle(*which, h) };
                }
            }
        }
    }
}

//! Windows: access lists that let in only the current user and SYSTEM (the
//! Windows counterpart of modes 0700 and 0600). The list is protected, so
//! nothing is inherited from the parent folder (which in a user profile also
//! lets in Administrators, and on other drives often everyone); a folder's
//! entries are inherited by everything created inside it.

use std::fs::File;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::io::AsRawHandle;
use std::path::{Path, PathBuf};
use std::ptr::null_mut;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::Security::Authorization::{SE_FILE_OBJECT, SetNamedSecurityInfoW};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACL, ACL_REVISION, AddAccessAllowedAceEx, CONTAINER_INHERIT_ACE,
    CreateWellKnownSid, DACL_SECURITY_INFORMATION, GetLengthSid, GetTokenInformation,
    InitializeAcl, OBJECT_INHERIT_ACE, PROTECTED_DACL_SECURITY_INFORMATION, PSID,
    SECURITY_MAX_SID_SIZE, TOKEN_QUERY, TOKEN_USER, TokenUser, WinLocalSystemSid,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_ALL_ACCESS, GetFinalPathNameByHandleW};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// A SID in a buffer aligned for it.
pub(crate) struct Sid(Vec<u64>, usize);

impl Sid {
    pub(crate) fn as_psid(&self) -> PSID {
        self.0.as_ptr().cast_mut().cast()
    }

    fn from_psid(sid: PSID) -> Sid {
        // SAFETY: `sid` points to a valid SID (from the system), whose
        // length GetLengthSid reports; the copy fits the buffer.
        unsafe {
            let len = GetLengthSid(sid) as usize;
            let mut buf = vec![0u64; len.div_ceil(8)];
            std::ptr::copy_nonoverlapping(sid.cast::<u8>(), buf.as_mut_ptr().cast::<u8>(), len);
            Sid(buf, len)
        }
    }

    /// The SID's bytes (for comparing).
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8] {
        // SAFETY: the buffer holds at least `self.1` initialised bytes.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr().cast::<u8>(), self.1) }
    }
}

/// The SID of the user this process runs as.
pub(crate) fn current_user() -> io::Result<Sid> {
    // SAFETY: plain Win32 calls with buffers we own and sizes we pass; the
    // token handle is closed on every path.
    unsafe {
        let mut token: HANDLE = null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut len = 0u32;
        GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len);
        let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
        let ok = GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len);
        let err = io::Error::last_os_error();
        CloseHandle(token);
        if ok == 0 {
            return Err(err);
        }
        let user = &*(buf.as_ptr() as *const TOKEN_USER);
        Ok(Sid::from_psid(user.User.Sid))
    }
}

/// The SID of the local SYSTEM account.
pub(crate) fn local_system() -> io::Result<Sid> {
    let mut buf = vec![0u64; (SECURITY_MAX_SID_SIZE as usize).div_ceil(8)];
    let mut len = SECURITY_MAX_SID_SIZE;
    // SAFETY: the buffer is SECURITY_MAX_SID_SIZE bytes, as `len` says.
    let ok = unsafe {
        CreateWellKnownSid(
            WinLocalSystemSid,
            null_mut(),
            buf.as_mut_ptr().cast(),
            &mut len,
        )
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(Sid(buf, len as usize))
}

/// An access list granting full control to the user and SYSTEM only.
fn owner_only_acl(inherit: bool) -> io::Result<Vec<u64>> {
    let sids = [current_user()?, local_system()?];
    let size = size_of::<ACL>()
        + sids
            .iter()
            .map(|s| size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + s.1)
            .sum::<usize>();
    let mut acl = vec![0u64; size.div_ceil(8)];
    let flags = if inherit {
        OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE
    } else {
        0
    };
    // SAFETY: the buffer is `size` bytes, enough for the header and both
    // entries; the SIDs outlive the calls.
    unsafe {
        let p = acl.as_mut_ptr().cast::<ACL>();
        if InitializeAcl(p, size as u32, ACL_REVISION) == 0 {
            return Err(io::Error::last_os_error());
        }
        for sid in &sids {
            if AddAccessAllowedAceEx(p, ACL_REVISION, flags, FILE_ALL_ACCESS, sid.as_psid()) == 0 {
                return Err(io::Error::last_os_error());
            }
        }
    }
    Ok(acl)
}

fn wide(path: &Path) -> Vec<u16> {
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}

fn set_owner_only(path: &Path, inherit: bool) -> io::Result<()> {
    let acl = owner_only_acl(inherit)?;
    let name = wide(path);
    // SAFETY: NUL-terminated path and a valid access list we own.
    let rc = unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            acl.as_ptr().cast(),
            std::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc as i32));
    }
    Ok(())
}

/// Restrict a folder to the user and SYSTEM, inherited inside it.
pub fn restrict_dir(dir: &Path) -> io::Result<()> {
    set_owner_only(dir, true)
}

/// The path of an open file.
fn path_of(f: &File) -> io::Result<PathBuf> {
    let mut buf = vec![0u16; 1024];
    loop {
        // SAFETY: the buffer's length is passed with it.
        let n = unsafe {
            GetFinalPathNameByHandleW(
                f.as_raw_handle() as HANDLE,
                buf.as_mut_ptr(),
                buf.len() as u32,
                0,
            )
        } as usize;
        if n == 0 {
            return Err(io::Error::last_os_error());
        }
        if n < buf.len() {
            use std::os::windows::ffi::OsStringExt;
            return Ok(PathBuf::from(std::ffi::OsString::from_wide(&buf[..n])));
        }
        buf.resize(n + 1, 0);
    }
}

/// Restrict an open file to the user and SYSTEM.
pub fn restrict_handle(f: &File) -> io::Result<()> {
    set_owner_only(&path_of(f)?, false)
}

/// Whether this Windows is Wine (CI runs the Windows tests under it): a
/// few answers of Wine differ from Windows' in what tests can observe.
#[cfg(test)]
pub(crate) fn under_wine() -> bool {
    use windows_sys::Win32::System::Registry::{
        HKEY, HKEY_LOCAL_MACHINE, KEY_READ, RegCloseKey, RegOpenKeyExW,
    };
    // Every Wine prefix has this key; Windows has none.
    let key: Vec<u16> = "Software\\Wine\0".encode_utf16().collect();
    let mut h: HKEY = null_mut();
    // SAFETY: a NUL-terminated name and an out-handle closed below.
    unsafe {
        let found = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key.as_ptr(), 0, KEY_READ, &mut h) == 0;
        if found {
            RegCloseKey(h);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use windows_sys::Win32::Foundation::LocalFree;
    use windows_sys::Win32::Security::Authorization::GetNamedSecurityInfoW;
    use windows_sys::Win32::Security::{
        ACL_SIZE_INFORMATION, AclSizeInformation, GetAce, GetAclInformation,
        GetSecurityDescriptorControl, PSECURITY_DESCRIPTOR, SE_DACL_PROTECTED,
    };

    /// The entries (SID, access mask) of a path's access list, and whether
    /// it is protected.
    fn dacl_of(path: &Path) -> (Vec<(Vec<u8>, u32)>, bool) {
        let name = wide(path);
        let mut dacl: *mut ACL = null_mut();
        let mut sd: PSECURITY_DESCRIPTOR = null_mut();
        // SAFETY: out-pointers we own; the descriptor is freed below.
        unsafe {
            let rc = GetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION,
                null_mut(),
                null_mut(),
                &mut dacl,
                null_mut(),
                &mut sd,
            );
            assert_eq!(rc, 0, "GetNamedSecurityInfoW");
            let mut info: ACL_SIZE_INFORMATION = std::mem::zeroed();
            assert_ne!(
                GetAclInformation(
                    dacl,
                    (&mut info as *mut ACL_SIZE_INFORMATION).cast(),
                    size_of::<ACL_SIZE_INFORMATION>() as u32,
                    AclSizeInformation,
                ),
                0
            );
            let mut sids = Vec::new();
            for i in 0..info.AceCount {
                let mut ace = null_mut();
                assert_ne!(GetAce(dacl, i, &mut ace), 0);
                let ace = &*(ace as *const ACCESS_ALLOWED_ACE);
                assert_eq!(ace.Header.AceType, 0, "access-allowed entries only");
                let sid: PSID = (&ace.SidStart as *const u32).cast_mut().cast();
                sids.push((Sid::from_psid(sid).bytes().to_vec(), ace.Mask));
            }
            let mut control = 0u16;
            let mut rev = 0u32;
            GetSecurityDescriptorControl(sd, &mut control, &mut rev);
            LocalFree(sd);
            (sids, control & SE_DACL_PROTECTED != 0)
        }
    }

    /// The user and SYSTEM have full control, and on Windows no one else is
    /// listed. Wine reports an extra entry for everyone that it derives from
    /// the Unix mode bits; there it must not allow writing.
    fn assert_owner_only(path: &Path) {
        let me = current_user().unwrap().bytes().to_vec();
        let system = local_system().unwrap().bytes().to_vec();
        let (entries, protected) = dacl_of(path);
        for who in [&me, &system] {
            assert!(
                entries
                    .iter()
                    .any(|(s, m)| s == who && *m == FILE_ALL_ACCESS),
                "{}: {entries:?}",
                path.display()
            );
        }
        if under_wine() {
            use windows_sys::Win32::Storage::FileSystem::{
                DELETE, FILE_APPEND_DATA, FILE_WRITE_DATA, WRITE_DAC, WRITE_OWNER,
            };
            let write = FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER;
            for (s, m) in &entries {
                assert!(
                    s == &me || s == &system || m & write == 0,
                    "{}: {entries:?}",
                    path.display()
                );
            }
        } else {
            assert_eq!(entries.len(), 2, "{}: {entries:?}", path.display());
            assert!(protected, "{}: inherits from its parent", path.display());
        }
    }

    #[test]
    fn a_private_folder_and_its_files_let_in_only_the_user_and_system() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        crate::vault::fsio::create_private_dir(&dir).unwrap();
        assert_owner_only(&dir);
        // A file written with the vault's writer outside any private folder.
        let file = tmp.path().join("keyring.json");
        crate::vault::fsio::write_atomic(&file, b"{}").unwrap();
        assert_owner_only(&file);
        // A folder made inside a private one.
        let inner = dir.join("exports");
        std::fs::create_dir(&inner).unwrap();
        std::fs::write(inner.join("x.pdf"), b"x").unwrap();
        if !under_wine() {
            // Inherited entries (Windows propagates them; Wine does not).
            assert_owner_only(&inner.join("x.pdf"));
        }
    }
}

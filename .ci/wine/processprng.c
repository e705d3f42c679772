/*
 * Test-only stand-in for Windows' bcryptprimitives.dll, for Wine 8 (Debian 12),
 * which lacks it. Rust's standard library imports ProcessPrng from it (Windows
 * 10 and later have it); here it is answered by bcrypt.dll's system RNG, which
 * Wine implements. Built by .ci/windows.sh into the throwaway Wine prefix only:
 * never shipped, never in the installer.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}

#!/usr/bin/env bash
# CI, Windows stage (called by .ci/run after the Linux tests): cross-build the
# .exe and the installer with packaging/windows/build.sh, then, under Wine in
# a throwaway prefix and a virtual X display:
#   - the platform code's unit tests (access lists, error reporting, print
#     copies, storage errors) run as Windows programs;
#   - the installer runs silently (/S) and installs per user;
#   - the installed tiepnhan.exe prints --version, creates a demo vault,
#     passes `check`, exports a referral package that 7-Zip opens with the
#     printed passphrase, and gives the same `screen` output as the Linux
#     binary for every input in tests/corpus/screening;
#   - its first window appears (screenshot, size checked);
#   - the uninstaller removes the program and leaves the vault in place.
#
# Wine 8 (Debian 12) lacks bcryptprimitives.dll (ProcessPrng), which Rust's
# standard library imports: a stand-in built here from .ci/wine/processprng.c
# goes into the throwaway prefix's system32 only (never into the installer).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tiepnhan-target}"
export CARGO_TERM_COLOR=never
linux_bin="${TIEPNHAN_LINUX_BIN:-}"
if [ -z "$linux_bin" ]; then
    for b in "$CARGO_TARGET_DIR/release/tiepnhan" "$CARGO_TARGET_DIR/debug/tiepnhan"; do
        if [ -x "$b" ]; then linux_bin="$b"; break; fi
    done
fi
[ -x "$linux_bin" ] || { echo "windows: no Linux tiepnhan binary to compare with" >&2; exit 1; }

step() { echo "== windows: $*"; }
fail() { echo "windows: FAILED: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "   ok: $*"; }

# ---- Tools -----------------------------------------------------------------
need=""
command -v wine >/dev/null 2>&1 || need="$need wine wine64"
command -v Xvfb >/dev/null 2>&1 || need="$need xvfb"
command -v xdotool >/dev/null 2>&1 || need="$need xdotool"
command -v import >/dev/null 2>&1 || need="$need imagemagick"
command -v 7z >/dev/null 2>&1 || need="$need p7zip-full"
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need="$need gcc-mingw-w64-x86-64"
command -v makensis >/dev/null 2>&1 || need="$need nsis"
if [ -n "$need" ]; then
    step "installing:$need"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# ---- Build -----------------------------------------------------------------
step "cross-build and installer"
t0=$(date +%s)
TIEPNHAN_WINDOWS_PROFILE=ci-windows packaging/windows/build.sh
t1=$(date +%s)
echo "   build.sh: $((t1 - t0)) s"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
setup="$root/target/windows/TiepNhan-Setup-$version-x64.exe"
[ -f "$setup" ] || fail "no installer at $setup"
# Only system DLLs: nothing from mingw to ship beside the program.
imports=$(x86_64-w64-mingw32-objdump -p target/windows/tiepnhan.exe | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
for dll in $imports; do
    case "$dll" in
        libgcc*|libstdc++*|libwinpthread*|libssl*|libcrypto*|libsqlite*) fail "tiepnhan.exe needs $dll";;
    esac
done
ok "tiepnhan.exe imports only system DLLs: $(echo $imports | tr '\n' ' ')"
objdump_sub=$(x86_64-w64-mingw32-objdump -p target/windows/tiepnhan.exe | sed -n 's/^Subsystem\s*//p')
case "$objdump_sub" in *"Windows GUI"*) ok "GUI subsystem";; *) fail "subsystem is $objdump_sub";; esac
x86_64-w64-mingw32-objdump -h target/windows/tiepnhan.exe | grep -q '\.rsrc' || fail "no resources in tiepnhan.exe"
grep -qa 'tiepnhan.exe' target/windows/tiepnhan.exe || true

# ---- Wine prefix, display, ProcessPrng stand-in ----------------------------
work=$(mktemp -d /tmp/tiepnhan-wine.XXXXXX)
export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No menu entries or file associations on the CI machine; a home of its own.
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
export HOME_FOR_WINE="$work/home"
mkdir -p "$HOME_FOR_WINE"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY="$display"
cleanup() {
    HOME="$HOME_FOR_WINE" wineserver -k >/dev/null 2>&1 || true
    kill "$xvfb_pid" >/dev/null 2>&1 || true
    if [ -z "${TIEPNHAN_KEEP_WINE:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT
w() { HOME="$HOME_FOR_WINE" wine "$@"; }
wait_wine() { HOME="$HOME_FOR_WINE" wineserver -w; }

step "wine prefix"
HOME="$HOME_FOR_WINE" wineboot -i >/dev/null 2>&1 || true
wait_wine
x86_64-w64-mingw32-gcc -O2 -s -shared -o "$work/bcryptprimitives.dll" \
    .ci/wine/processprng.c .ci/wine/processprng.def -lbcrypt
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
ok "ProcessPrng stand-in in the prefix's system32"
winpath() { HOME="$HOME_FOR_WINE" winepath -u "$1" 2>/dev/null; }
localappdata_win=$(w cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
localappdata=$(winpath "$localappdata_win")
[ -d "$localappdata" ] || fail "no %LOCALAPPDATA% ($localappdata_win)"

# ---- Unit tests of the platform code, as Windows programs ------------------
step "platform unit tests under Wine"
t0=$(date +%s)
HOME_SAVE="$HOME"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$root/.ci/wine/run-in-wine.sh" \
    cargo test --locked --profile ci-windows --target x86_64-pc-windows-gnu --lib -- \
    vault::winacl vault::print_copies vault::error hardening \
    2>&1 | tee "$work/unit.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "platform unit tests"
grep -q "test result: ok" "$work/unit.log" || fail "no unit test ran"
echo "   unit tests: $(( $(date +%s) - t0 )) s"
HOME="$HOME_SAVE"
ok "platform unit tests"

# ---- Silent install --------------------------------------------------------
step "silent install"
w "$setup" /S
wait_wine
instdir="$localappdata/Programs/TiepNhan"
exe="$instdir/tiepnhan.exe"
[ -f "$exe" ] || fail "not installed at $instdir"
[ -f "$instdir/uninstall.exe" ] || fail "no uninstaller"
[ -f "$instdir/licenses/OFL.txt" ] || fail "no font licence"
startmenu=$(winpath "$(w cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')\\Microsoft\\Windows\\Start Menu\\Programs")
[ -f "$startmenu/TiepNhan.lnk" ] || fail "no Start-menu shortcut in $startmenu"
w reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\TiepNhan' /v DisplayVersion 2>/dev/null \
    | tr -d '\r' | grep -q "$version" || fail "no uninstall entry"
ok "installed per user in $instdir, Start-menu shortcut, uninstall entry"
# Installing again upgrades in place (the running-copy rename leaves nothing).
w "$setup" /S
wait_wine
[ -f "$exe" ] && [ ! -e "$exe.old" ] || fail "the upgrade in place failed"
ok "installed again over itself (upgrade in place)"

# The installed program, run from its Windows path.
app_win='C:\users\'"$(w cmd /c 'echo %USERNAME%' 2>/dev/null | tr -d '\r')"'\AppData\Local\Programs\TiepNhan\tiepnhan.exe'
tn() { w "$app_win" "$@"; }

# ---- Commands --------------------------------------------------------------
step "commands"
tn --version >"$work/version.txt" 2>"$work/version.err" || fail "--version: $(cat "$work/version.err")"
tr -d '\r' <"$work/version.txt" | head -n 1 | grep -qx "tiepnhan $version" || fail "--version printed: $(cat "$work/version.txt")"
"$linux_bin" --version >"$work/version-linux.txt"
diff <(tr -d '\r' <"$work/version.txt") "$work/version-linux.txt" >/dev/null \
    || fail "--version differs from Linux: $(cat "$work/version.txt")"
ok "--version: $(head -n 1 "$work/version.txt")"

vault_win="$localappdata_win\\TiepNhan\\TiepNhan\\data\\vault"
vault=$(winpath "$vault_win")
pass='mật khẩu dùng thử 2026'
printf '%s\n' "$pass" | tn demo --vault "$vault_win" --cases 60 >"$work/demo.json" 2>"$work/demo.err" \
    || fail "demo: $(cat "$work/demo.err")"
[ -f "$vault/keyring.json" ] && [ -f "$vault/tiepnhan.db" ] || fail "no vault at $vault"
case_no=$(sed -n 's/.*"sample_case_numbers":\["\([^"]*\)".*/\1/p' "$work/demo.json")
[ -n "$case_no" ] || fail "demo printed no case number: $(cat "$work/demo.json")"
ok "demo vault of 60 cases at $vault_win"

printf '%s\n' "$pass" | tn check --vault "$vault_win" --user demo >"$work/check.txt" 2>"$work/check.err" \
    || fail "check: $(cat "$work/check.err")"
grep -q '^ok:' "$work/check.txt" || fail "check printed: $(cat "$work/check.txt")"
ok "check: $(tr -d '\r' <"$work/check.txt")"

zip_win="$localappdata_win\\goi-chuyen-gui.zip"
printf '%s\n' "$pass" | tn export referral --vault "$vault_win" --user demo --case "$case_no" --out "$zip_win" \
    >"$work/export.txt" 2>"$work/export.err" || fail "export referral: $(cat "$work/export.err")"
zip_pass=$(tr -d '\r\n' <"$work/export.txt")
[ ${#zip_pass} -eq 23 ] || fail "export printed: $zip_pass"
zip=$(winpath "$zip_win")
7z x -y "-p$zip_pass" "-o$work/package" "$zip" >"$work/7z.log" || fail "7-Zip did not open the package"
for f in referral.json manifest.json; do [ -s "$work/package/$f" ] || fail "no $f in the package"; done
ls "$work/package"/*.pdf >/dev/null 2>&1 || fail "no PDF in the package"
if 7z t -y -pNOT-THE-PASSPHRASE "$zip" >/dev/null 2>&1; then fail "the package opens with a wrong passphrase"; fi
ok "referral package of $case_no opens in 7-Zip with the printed passphrase ($(ls "$work/package" | tr '\n' ' '))"

# The Linux build opens the vault the Windows build made.
printf '%s\n' "$pass" | "$linux_bin" check --vault "$vault" --user demo >/dev/null 2>"$work/check-linux.err" \
    || fail "the Linux build cannot check the Windows vault: $(cat "$work/check-linux.err")"
ok "the Linux build checks the vault the Windows build made"

n=0
for input in tests/corpus/screening/*.json; do
    set +e
    tn screen <"$input" >"$work/screen-win.out" 2>"$work/screen-win.err"; rc_w=$?
    "$linux_bin" screen <"$input" >"$work/screen-linux.out" 2>"$work/screen-linux.err"; rc_l=$?
    set -e
    [ "$rc_w" -eq "$rc_l" ] || fail "screen $(basename "$input"): exit $rc_w on Windows, $rc_l on Linux"
    cmp -s "$work/screen-win.out" "$work/screen-linux.out" \
        || fail "screen $(basename "$input"): output differs: $(diff "$work/screen-win.out" "$work/screen-linux.out" | head -5)"
    cmp -s <(tr -d '\r' <"$work/screen-win.err") "$work/screen-linux.err" \
        || fail "screen $(basename "$input"): message differs: $(cat "$work/screen-win.err") / $(cat "$work/screen-linux.err")"
    n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n screening inputs"
ok "screen: the same output and exit code as Linux for $n inputs"

# ---- The window ------------------------------------------------------------
step "first window"
HOME="$HOME_FOR_WINE" wine "$app_win" --vault "$vault_win" >"$work/window.log" 2>&1 &
wid=""
for _ in $(seq 1 180); do
    wid=$(xdotool search --onlyvisible --name '^TiepNhan' 2>/dev/null | head -n 1 || true)
    [ -n "$wid" ] && break
    sleep 1
done
[ -n "$wid" ] || fail "the window never appeared: $(tail -5 "$work/window.log")"
sleep 8
eval "$(xdotool getwindowgeometry --shell "$wid")"
shot="$root/target/windows/first-window.png"
import -window root "$shot"
colours=$(convert "$shot" -format '%k' info:)
echo "   window $WIDTH x $HEIGHT, screenshot $(identify -format '%wx%h' "$shot"), $colours colours"
[ "$WIDTH" -ge 1024 ] && [ "$HEIGHT" -ge 640 ] || fail "the window is $WIDTH x $HEIGHT"
[ "$colours" -ge 50 ] || fail "the window shows nothing ($colours colours)"
xdotool windowclose "$wid" 2>/dev/null || true
sleep 2
HOME="$HOME_FOR_WINE" wineserver -k >/dev/null 2>&1 || true
ok "first window $WIDTH x $HEIGHT ($shot)"

# ---- Uninstall -------------------------------------------------------------
step "silent uninstall"
w "$instdir/uninstall.exe" /S
wait_wine
for _ in $(seq 1 30); do [ -f "$exe" ] || break; sleep 1; wait_wine; done
[ ! -f "$exe" ] || fail "the program is still installed"
[ ! -f "$startmenu/TiepNhan.lnk" ] || fail "the Start-menu shortcut is still there"
[ -f "$vault/keyring.json" ] && [ -f "$vault/tiepnhan.db" ] || fail "the uninstaller removed the vault"
printf '%s\n' "$pass" | "$linux_bin" check --vault "$vault" --user demo >/dev/null \
    || fail "the vault left by the uninstaller does not check"
ok "uninstalled; the vault is kept and still checks"

echo "windows: $passed passed, 0 failed"

#!/usr/bin/env bash
# Build the Windows x64 program and its installer on Linux (Debian 12):
#   target/windows/tiepnhan.exe
#   target/windows/TiepNhan-Setup-<version>-x64.exe
# It installs what it needs when missing: the Rust target
# x86_64-pc-windows-gnu (rustup), mingw-w64 (the C compiler for the vendored
# OpenSSL and SQLCipher, and windres for the icon and version resources) and
# NSIS. The build itself needs no network once the crates are fetched.
#
# TIEPNHAN_WINDOWS_PROFILE chooses the Cargo profile: `release` (the default:
# fat LTO, what users get) or `ci-windows` (no LTO; what CI tests under Wine).
set -euo pipefail
cd "$(dirname "$0")/../.."

profile="${TIEPNHAN_WINDOWS_PROFILE:-release}"
triple=x86_64-pc-windows-gnu

if ! rustup target list --installed | grep -qx "$triple"; then
    echo "installing the Rust target $triple"
    rustup target add "$triple"
fi
missing=""
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing="$missing gcc-mingw-w64-x86-64"
command -v x86_64-w64-mingw32-windres >/dev/null 2>&1 || missing="$missing binutils-mingw-w64-x86-64"
command -v makensis >/dev/null 2>&1 || missing="$missing nsis"
command -v perl >/dev/null 2>&1 || missing="$missing perl"
command -v make >/dev/null 2>&1 || missing="$missing make"
if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing:$missing"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The target's default linker is mingw's x86_64-w64-mingw32-gcc. (Setting
# it explicitly would change Cargo's fingerprints: every crate rebuilt for
# commands run without it.)
start=$(date +%s)
cargo build --locked --profile "$profile" --target "$triple" --bin tiepnhan
echo "cross-build ($profile): $(( $(date +%s) - start )) s"

target_dir="${CARGO_TARGET_DIR:-target}"
exe="$target_dir/$triple/$profile/tiepnhan.exe"
out=target/windows
mkdir -p "$out"
cp "$exe" "$out/tiepnhan.exe"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
numeric=${version%%[-+]*}
IFS=. read -r major minor patch <<<"$numeric"
version4="${major:-0}.${minor:-0}.${patch:-0}.0"
setup="$out/TiepNhan-Setup-$version-x64.exe"
root=$(pwd)
# NSIS's Vietnamese pages, normalised to NFC: the stock files spell tone marks
# as combining characters, which Windows' dialog fonts render poorly. The
# buttons say what Vietnamese Windows says ("Tiếp >", "< Quay lại").
nsis_dir=$(makensis -HDRINFO | tr ',' '\n' | sed -n 's/^NSISDIR=//p')
[ -n "$nsis_dir" ] || nsis_dir=/usr/share/nsis
langdir="$out/nsis-lang"
mkdir -p "$langdir"
for f in Vietnamese.nsh Vietnamese.nlf; do
    perl -CSD -Mutf8 -MUnicode::Normalize -pe '$_ = NFC($_);
        s/^&Tiến >/&Tiếp >/; s/^< &Lùi/< &Quay lại/; s/^Nhấn Tiến để/Nhấn “Tiếp” để/' \
        "$nsis_dir/Contrib/Language files/$f" >"$langdir/$f"
done
makensis -V2 -INPUTCHARSET UTF8 \
    "-DVERSION=$version" "-DVERSION4=$version4" \
    "-DEXE=$root/$out/tiepnhan.exe" "-DROOT=$root" "-DLANGDIR=$root/$langdir" \
    "-DOUTFILE=$root/$setup" \
    packaging/windows/tiepnhan.nsi
ls -l "$out/tiepnhan.exe" "$setup" | awk '{print $5 " bytes  " $NF}'

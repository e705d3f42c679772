#!/usr/bin/env bash
# Build the Debian package: target/debian/tiepnhan_<version>_<arch>.deb.
# Installs cargo-deb (from crates.io) when it is missing; the build itself
# needs no network once the crates are fetched.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deb >/dev/null 2>&1; then
    echo "cargo-deb is missing: installing it (cargo install cargo-deb --locked)"
    cargo install cargo-deb --locked
fi
# dpkg-shlibdeps (dpkg-dev) resolves the $auto dependencies.
if ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
    echo "dpkg-shlibdeps is missing: apt-get install dpkg-dev" >&2
    exit 1
fi

cargo build --release --locked
# cargo-deb reads target/release; with CARGO_TARGET_DIR elsewhere, point it there.
target_dir="${CARGO_TARGET_DIR:-target}"
mkdir -p target/release
if [ "$target_dir" != "target" ]; then
    cp "$target_dir/release/tiepnhan" target/release/tiepnhan
fi
ls -l target/release/tiepnhan | awk '{print "binary size: " $5 " bytes"}'
cargo deb --no-build --no-strip --output target/debian/
ls -l target/debian/*.deb

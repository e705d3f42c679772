#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu test programs in .ci/windows.sh:
# the Wine prefix, display and home that script set up.
set -euo pipefail
HOME="${HOME_FOR_WINE:-$HOME}" exec wine "$@"

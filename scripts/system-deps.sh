#!/usr/bin/env bash
# Installs the Debian packages that the app and its tests need, only when they are missing.
# Usage: scripts/system-deps.sh [run|test]
set -euo pipefail
mode=${1:-test}
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# WeasyPrint: Pango and fast font subsetting; fonts for Spanish and other Latin-script names.
for p in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do have "$p" || need+=("$p"); done
# The PDF font stack (static/css/print-fonts.css): Noto for Latin, Greek, Cyrillic, Arabic, Hebrew,
# Devanagari (core), Chinese, Japanese, Korean (cjk) and emoji, so no name prints as empty boxes.
for p in fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji; do have "$p" || need+=("$p"); done
if [ "$mode" = test ]; then
  for p in chromium poppler-utils qpdf postgresql redis-server libxml2-utils wrk default-jre-headless; do
    have "$p" || need+=("$p")
  done
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

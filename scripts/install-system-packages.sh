#!/usr/bin/env bash
# Install the Debian packages taxmap needs, only those missing; safe to run again.
# PostgreSQL + PostGIS are skipped when TAXMAP_DATABASE_URL points at an existing server.
set -euo pipefail

want=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if [ -z "${TAXMAP_DATABASE_URL:-}" ]; then
  # Debian 12 ships PostgreSQL 15; use whatever major version is installed, else 15.
  major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1 || true)
  major=${major:-15}
  for p in "postgresql-$major" "postgresql-$major-postgis-3"; do have "$p" || want+=("$p"); done
fi

# Thai fonts for PDFs and for pages rendered in the tests' headless browser.
have fonts-thai-tlwg || want+=(fonts-thai-tlwg)

# The browser tests drive Debian's Chromium; the map front end is installed from the npm registry.
have chromium || want+=(chromium)
command -v npm >/dev/null 2>&1 || have npm || want+=(npm)
# ogr2ogr, the yardstick of the import benchmark.
have gdal-bin || want+=(gdal-bin)

[ ${#want[@]} -eq 0 ] && exit 0

echo "taxmap: installing Debian packages: ${want[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "taxmap: these Debian packages are missing: ${want[*]}." >&2
  echo "        Install them as root (apt-get install ${want[*]}) or set TAXMAP_DATABASE_URL to a PostGIS server." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
echo "taxmap: installed ${want[*]}"

#!/usr/bin/env bash
# Installs what commonlist needs on Debian: the system packages it builds or runs
# against (only those missing) and a virtualenv in .venv with pinned dependencies.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh test     also the test tools and a PostgreSQL server
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null; then PYTHON="$candidate"; break; fi
  done
fi
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
  || { echo "commonlist needs Python 3.11 or newer" >&2; exit 1; }

# PyICU compiles against the system ICU, and setup.py compiles the name, matching and
# retrieval modules: both need a C/C++ compiler and the Python headers. lxml and argon2
# ship wheels.
system_pkgs=(libicu-dev pkg-config g++)
if ! "$PYTHON" -c 'import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' 2>/dev/null; then
  # Debian's headers for this interpreter, e.g. python3.11-dev
  system_pkgs+=("$("$PYTHON" -c 'import sys; print("python%d.%d-dev" % sys.version_info[:2])')")
fi
"$PYTHON" -m venv --help >/dev/null 2>&1 || system_pkgs+=(python3-venv)
"$PYTHON" -c 'import ensurepip' >/dev/null 2>&1 || system_pkgs+=(python3-venv)
if [ "$extra" = "test" ]; then
  system_pkgs+=(postgresql chromium)
  # PySpark (the Spark screening engine's tests) needs a Java 17+ runtime
  command -v java >/dev/null || system_pkgs+=(default-jre-headless)
fi
apt_install "${system_pkgs[@]}"

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
target=".[${extra:-}]"
[ -z "$extra" ] && target="."
# setup.py compiles the modules it lists, with the .pxd files: a change to them means a
# rebuild too
sources=$( (cat pyproject.toml setup.py
  { grep -o 'src/commonlist/[A-Za-z0-9_/]*\.py' setup.py; find src/commonlist -name '*.pxd'; } \
    | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)
stamp=".venv/.installed-${sources}-${extra:-runtime}"
if [ ! -f "$stamp" ]; then
  pip_quiet() {
    # pip may warn about local index folders a machine lacks; those lines are noise
    local status=0
    .venv/bin/python -m pip install -q "$@" >.venv/pip.log 2>&1 || status=$?
    grep -v "is ignored: it is neither" .venv/pip.log >&2 || true
    return "$status"
  }
  pip_quiet --upgrade pip
  pip_quiet -e "$target"
  touch "$stamp"
fi

#!/usr/bin/env bash
# One entry point for people and CI.
#   ./dev.sh serve   install into .venv, prepare the SQLite database with both kits and the demo
#                    accounts, and serve the site on http://127.0.0.1:8000
#   ./dev.sh test    install the same (plus test tools and Debian's Chromium) and run every test
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

say() { printf '\n==> %s\n' "$*"; }

install_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtualenv in $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  say "Installing Python packages ($1)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1" -c constraints.txt
}

install_npm_packages() {
  # Front-end packages from package.json into ./node_modules (ignored by git), pinned by
  # package-lock.json. h5p-standalone's dist/ is served as static files from there; its install script
  # only insists on yarn, so install scripts are disabled.
  if ! command -v npm >/dev/null; then
    say "Installing Debian's Node.js and npm"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    elif command -v sudo >/dev/null; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "npm is missing and cannot be installed without root; H5P activities will not play." >&2
      return
    fi
  fi
  say "Installing front-end packages (npm)"
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
}

install_chromium() {
  # Browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
  # DejaVu Sans lets certificates print names from every Alpine Space language (č, ž, ß …).
  if [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then return; fi
  say "Installing Debian's Chromium and DejaVu fonts for the browser and certificate tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium is missing and cannot be installed without root; browser tests will be skipped." >&2
  fi
}

case "${1:-}" in
  serve)
    install_python requirements.txt
    install_npm_packages
    export DJANGO_SETTINGS_MODULE=elearn.settings.dev
    say "Preparing the database (SQLite in db.sqlite3)"
    "$VENV/bin/python" manage.py migrate --no-input -v 0
    say "Loading both kits and the demo accounts"
    "$VENV/bin/python" manage.py setup_demo
    say "Serving on http://127.0.0.1:8000 (Ctrl+C stops)"
    exec "$VENV/bin/python" manage.py runserver 127.0.0.1:8000
    ;;
  test)
    install_python requirements-dev.txt
    install_npm_packages
    install_chromium
    export DJANGO_SETTINGS_MODULE=elearn.settings.test
    say "Checking the project and the migrations"
    "$VENV/bin/python" manage.py check
    "$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null
    say "Running the tests"
    shift
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac

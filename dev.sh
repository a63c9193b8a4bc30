#!/usr/bin/env bash
# One entry point for people and CI.
#   ./dev.sh serve   install into .venv, prepare the SQLite database with both kits and the demo
#                    accounts, and serve the site on http://127.0.0.1:8000 with a background worker
#                    beside it (release cutting, pack imports; stopped with the server)
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
  # "$@": --omit=dev for serving; the tests also need the devDependencies (a real H5P export).
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "$@"
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

install_lrs() {
  # A real LRS for the interop tests: Ralph (ralph-malph on PyPI) in its own virtualenv, so its
  # dependencies (FastAPI, pydantic …) never mix with the site's. tests/modules/interop starts it.
  # requests: Ralph's API imports it but its "lrs" extra does not list it.
  local lrs_venv=.venv-lrs
  if [ ! -x "$lrs_venv/bin/python" ]; then
    say "Creating the LRS virtualenv in $lrs_venv (Ralph, for the interop tests)"
    "$PYTHON" -m venv "$lrs_venv"
  fi
  "$lrs_venv/bin/python" -m pip install --quiet --disable-pip-version-check "ralph-malph[lrs]==5.1.0" "requests==2.34.2"
}

audit_dependencies() {
  # Known vulnerabilities in the installed Python packages (PyPI's advisory data through pip-audit).
  say "Auditing Python dependencies for known vulnerabilities (pip-audit)"
  "$VENV/bin/python" -m pip_audit --local --skip-editable --progress-spinner off --format json 2>/dev/null \
    | "$VENV/bin/python" .ci/audit_report.py
}

compile_messages() {
  # The interface catalogues (locale/*/LC_MESSAGES/django.po) are compiled here, never committed.
  if ! command -v msgfmt >/dev/null; then
    say "Installing Debian's gettext (compiles the translations)"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  fi
  say "Compiling the translations (de, fr, it, sl)"
  "$VENV/bin/python" manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules --ignore=tests
}

serve_with_worker() {
  # The background jobs' worker (modules/jobs, docs/background-jobs.md) runs beside the dev server and
  # stops with it: on Ctrl+C, or whenever the server ends. SIGTERM lets it finish the job it is running.
  say "Starting the background worker (release cutting, pack imports)"
  "$VENV/bin/python" manage.py db_worker --backend jobs --queue-name jobs --no-reload -v 0 &
  local worker=$!
  trap 'kill -TERM '"$worker"' 2>/dev/null; wait '"$worker"' 2>/dev/null || true' EXIT
  trap 'exit 130' INT TERM
  say "Serving on http://127.0.0.1:$1 (Ctrl+C stops the server and the worker)"
  "$VENV/bin/python" manage.py runserver "127.0.0.1:$1"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

start_postgres() {
  # The suite runs a second time on a real PostgreSQL server (Debian's package), started here.
  # Prints the database URL on success; prints nothing when PostgreSQL cannot be had (no root).
  if ! command -v pg_ctlcluster >/dev/null; then
    say "Installing Debian's PostgreSQL for the second test run" >&2
    as_root apt-get update -qq >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 0
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 || return 0
  local psql="psql -q -v ON_ERROR_STOP=1"
  as_root su postgres -c "$psql -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'elearn_test'\" | grep -q 1 || $psql -c \"CREATE ROLE elearn_test LOGIN CREATEDB PASSWORD 'elearn_test'\"" >&2 || return 0
  as_root su postgres -c "$psql -tc \"SELECT 1 FROM pg_database WHERE datname = 'elearn_test'\" | grep -q 1 || $psql -c 'CREATE DATABASE elearn_test OWNER elearn_test'" >&2 || return 0
  echo "postgres://elearn_test:elearn_test@127.0.0.1:5432/elearn_test"
}

case "${1:-}" in
  serve)
    install_python requirements.txt
    install_npm_packages --omit=dev
    export DJANGO_SETTINGS_MODULE=elearn.settings.dev
    compile_messages
    say "Preparing the database (SQLite in db.sqlite3)"
    "$VENV/bin/python" manage.py migrate --no-input -v 0
    "$VENV/bin/python" manage.py createcachetable
    say "Loading both kits and the demo accounts"
    "$VENV/bin/python" manage.py setup_demo
    serve_with_worker 8000
    ;;
  test)
    install_python requirements-dev.txt
    install_npm_packages
    install_chromium
    install_lrs
    export DJANGO_SETTINGS_MODULE=elearn.settings.test
    compile_messages
    say "Checking the project and the migrations"
    "$VENV/bin/python" manage.py check
    "$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null
    audit_dependencies
    shift
    postgres_url=$(start_postgres)
    status=0
    if [ -n "$postgres_url" ]; then
      # Again on PostgreSQL, the tests whose outcome can depend on the database (tests/conftest.py
      # picks them); browser tests and pure functions run once, on SQLite. The two runs go side by
      # side, one per core, each with its own media, static, backup and temporary folders, its own
      # range of server ports (tests/sites.py free_port) and no shared pytest cache, so neither sees
      # the other's files or servers; the PostgreSQL run's report follows the SQLite one's.
      pg_dir=$(mktemp -d -t elearn-pg-pass.XXXXXX)
      mkdir -p "$pg_dir/tmp"
      say "Running the database tests on PostgreSQL beside the SQLite run (report at the end)"
      DATABASE_URL="$postgres_url" ELEARN_TEST_DATABASE_ONLY=1 ELEARN_MEDIA_ROOT="$pg_dir/media" ELEARN_BACKUP_ROOT="$pg_dir/backups" ELEARN_STATIC_ROOT="$pg_dir/static" \
        TMPDIR="$pg_dir/tmp" ELEARN_TEST_PORTS=20000-29999 "$VENV/bin/python" -m pytest -m "not browser" -p no:cacheprovider "$@" > "$pg_dir/report.txt" 2>&1 &
      pg_pid=$!
    fi
    say "Running the tests on SQLite"
    "$VENV/bin/python" -m pytest "$@" || status=$?
    if [ -n "$postgres_url" ]; then
      pg_status=0
      wait "$pg_pid" || pg_status=$?
      say "The database tests on PostgreSQL"
      cat "$pg_dir/report.txt"
      [ "$pg_status" -eq 0 ] || status=$pg_status
      rm -rf "$pg_dir"
    else
      echo "PostgreSQL is not available (needs root or sudo to install): the PostgreSQL run was skipped." >&2
      [ -z "${CI:-}" ] || status=1
    fi
    exit $status
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test [pytest arguments]" >&2
    exit 2
    ;;
esac

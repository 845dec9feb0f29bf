#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine (root, Node 20): Debian packages, npm dependencies,
# and (unless SESSION_DOCTOR_SKIP_VSCODE=1) a local code-server for the real-VS-Code tests.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
export DEBIAN_FRONTEND=noninteractive

# Debian packages: sqlite3 (independent cross-check in tests), MariaDB and PostgreSQL (live checks),
# php-cli + php-sqlite3 + phpdotenv (PDO tier, .env cross-checks against the real phpdotenv),
# php-mysql + php-pgsql + php-illuminate-session + php-illuminate-database (Laravel's own
# DatabaseSessionHandler run against the created tables on SQLite, MariaDB and PostgreSQL),
# php-symfony-http-foundation (Symfony's own PdoSessionHandler: createTable() captures, session write/read),
# build tools for better-sqlite3, Django 3.2 with its PostgreSQL and MySQL drivers (the Django stack's
# sqlmigrate captures, and the real SessionStore run against the fixed tables). Every test needs one
# of these: none may skip after this script.
apt_need=""
for pkg in sqlite3 php-cli php-sqlite3 php-mysql php-pgsql php-vlucas-phpdotenv php-illuminate-session php-illuminate-database php-symfony-http-foundation build-essential python3 python3-django python3-psycopg2 python3-mysqldb; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || apt_need="$apt_need $pkg"
done
if [ -n "$apt_need" ]; then
  apt-get -o DPkg::Lock::Timeout=600 update
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $apt_need
fi
bash scripts/ci/install-databases.sh

# npm dependencies. Install scripts are skipped for all packages (npm 10 and 11 alike: Prisma's
# engine download would fail offline and is not needed in js-engine mode), then the one native
# module the tests need is built explicitly.
if [ ! -f node_modules/.session-doctor-installed ] || [ package-lock.json -nt node_modules/.session-doctor-installed ]; then
  npm ci --ignore-scripts --no-audit --no-fund
  npm rebuild better-sqlite3 esbuild
  touch node_modules/.session-doctor-installed
fi

# A Node that has node:sqlite (22.13+), for the tests and benchmarks of that write engine: the
# README's Node 20 has none. The npm package \`node\` ships the binary; it stays in .tools/, off PATH,
# so every other script keeps running on the system Node.
if [ ! -x .tools/node22/node_modules/node/bin/node ]; then
  mkdir -p .tools/node22
  (cd .tools/node22 && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix .tools/node22 --no-audit --no-fund --no-save node@22
fi
.tools/node22/node_modules/node/bin/node -e "require('node:sqlite')" 2>/dev/null || { echo "setup.sh: .tools/node22 has no node:sqlite" >&2; exit 1; }

if [ "${SESSION_DOCTOR_SKIP_VSCODE:-0}" != "1" ] && [ -f scripts/vscode-test/install.sh ]; then
  bash scripts/vscode-test/install.sh
fi

echo "setup.sh: done in $(( $(date +%s) - started )) s"

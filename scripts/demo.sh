#!/usr/bin/env bash
# The main job on the bundled demo: copies examples/ into a scratch workspace, builds the broken
# databases there (examples/ itself is never modified), then
#  1. scans a demo dev-server log for missing-table errors,
#  2. diagnoses the workspace (a broken Prisma app and a broken Laravel app),
#  3. shows the exact SQL, applies the recommended fixes, and checks again;
#  4. unless --no-serve: installs the extension into a local code-server on 127.0.0.1 with a fresh
#     copy of the broken workspace and prints the URL (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
serve=1
[ "${1:-}" = "--no-serve" ] && serve=0

npm run --silent build
work=$(mktemp -d "${TMPDIR:-/tmp}/session-doctor-demo.XXXXXX")
make_workspace() {
  rm -rf "$1" && cp -r examples "$1"
  sqlite3 "$1/prisma-sqlite-app/prisma/dev.db" < "$1/prisma-sqlite-app/seed.sql"
  sqlite3 "$1/laravel-api-app/database/database.sqlite" < "$1/laravel-api-app/database/seed.sql"
}
make_workspace "$work/cli"
cli() { echo; echo "\$ session-doctor $*"; node dist/cli.js "$@" || true; }

cli scan examples/demo-logs/dev-server.log
cli check "$work/cli"
cli sql "$work/cli/prisma-sqlite-app"
cli fix "$work/cli/prisma-sqlite-app" --create-table --yes
cli fix "$work/cli/laravel-api-app" --session-driver cookie --env-example --yes
cli check "$work/cli"
echo
echo "Rows kept: $(sqlite3 "$work/cli/prisma-sqlite-app/prisma/dev.db" 'select count(*) from "User"') users;" \
  "sqlite_master: $(sqlite3 "$work/cli/prisma-sqlite-app/prisma/dev.db" "select name from sqlite_master where name='Session'")"

if [ "$serve" = 1 ]; then
  make_workspace "$work/vscode"
  exec node scripts/vscode-test/serve-demo.mjs "$work/vscode"
fi

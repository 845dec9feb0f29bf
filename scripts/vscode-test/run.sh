#!/usr/bin/env bash
# All real-VS-Code tests in one command (README / CI):
#   install code-server + Chromium if needed -> build the extension -> compile the integration
#   tests -> `npx vscode-test` (labels: english, french, untrusted, secrets) -> harness + browser UI tests.
# Prints the wall time and the peak memory of everything it started. Exit code: 0 only if all passed.
# SESSION_DOCTOR_VSCODE=download: desktop VS Code from the internet instead of code-server
# (the UI tests need code-server, so they still run on it).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
START_SECONDS=$SECONDS
PEAK_FILE="$(mktemp)"
trap 'rm -f "$PEAK_FILE"' EXIT

# Peak memory: every 0.5 s, the proportional set size (PSS: shared pages split between the
# processes that share them, so Chromium's many processes are not counted over and over) summed
# over all processes below this script.
sample_memory() {
  local root=$1 peak=0 total pids
  while kill -0 "$root" 2>/dev/null; do
    pids=$(ps -eo pid=,ppid= | awk -v root="$root" '
      { parent[$1] = $2 }
      END {
        for (p in parent) {
          q = p
          while (q != "" && q != root && q != 1 && q != 0) q = parent[q]
          if (q == root && p != root) print "/proc/" p "/smaps_rollup"
        }
      }')
    # cat skips processes that ended meanwhile (awk would stop at the first missing file).
    # shellcheck disable=SC2086 # one path per word
    total=$(cat $pids 2>/dev/null | awk '/^Pss:/ { sum += $2 } END { print sum + 0 }')
    ((total > peak)) && peak=$total && echo "$peak" >"$PEAK_FILE"
    sleep 0.5
  done
}
sample_memory $$ &
SAMPLER=$!

step() { printf '\n=== %s (+%d s)\n' "$1" "$((SECONDS - START_SECONDS))"; }
failures=()

step "install (skipped quickly when present)"
bash scripts/vscode-test/install.sh || { echo "install failed" >&2; exit 1; }

step "build the extension"
node esbuild.js >/dev/null || { echo "build failed" >&2; exit 1; }

step "compile the integration tests"
node scripts/vscode-test/compile-tests.mjs || { echo "compile failed" >&2; exit 1; }

step "integration tests in VS Code (npx vscode-test: english, french, untrusted, secrets)"
npx --no-install vscode-test || failures+=("vscode-test")

step "harness tests (plain Node) and browser UI tests (code-server + Chromium)"
npx --no-install mocha --no-config -n import=tsx --timeout 180000 --reporter spec \
  'test/integration/harness/**/*.node-test.ts' 'test/integration/ui/**/*.ui-test.ts' || failures+=("harness/ui tests")

kill "$SAMPLER" 2>/dev/null
wait "$SAMPLER" 2>/dev/null
peak_kib=$(cat "$PEAK_FILE" 2>/dev/null || echo 0)
printf '\n=== done in %d s, peak memory %d MiB (PSS of all processes started)\n' \
  "$((SECONDS - START_SECONDS))" "$((peak_kib / 1024))"
if ((${#failures[@]} > 0)); then
  echo "FAILED: ${failures[*]}" >&2
  exit 1
fi
echo "all passed; screenshots in test-artifacts/"

#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a machine that cannot download VS Code:
# Debian's chromium + ripgrep + build tools, and code-server (a real VS Code server) from npm into
# .vscode-test/code-server/. Idempotent: a marker file holding the version makes reruns instant.
# The workarounds below are the ones recorded in /work/shared/notes/real-vscode-tests.md.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${SESSION_DOCTOR_CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
MARKER="$DEST/.installed-version"
APT_PACKAGES=(chromium ripgrep libkrb5-dev build-essential python3)
START_SECONDS=$SECONDS

log() { printf '[install] %s\n' "$*"; }
fail() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { log "$1 in $((SECONDS - START_SECONDS)) s"; }

# --- Debian packages -------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} > 0)); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || fail "not root and no sudo: install ${missing[*]} with apt-get first"
    SUDO=(sudo)
  fi
  # Another apt process (unattended upgrades, a parallel job) may hold the lock: wait for it.
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi
RG="$(command -v rg)" || fail "ripgrep (rg) not found after apt install"
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium not found after apt install"

# --- code-server -----------------------------------------------------------------------------
VSCODE_DIR="$DEST/node_modules/code-server/lib/vscode"
# Native parts code-server needs at run time; their absence means a broken (half) install.
REQUIRED_FILES=(
  "$DEST/node_modules/code-server/out/node/entry.js"
  "$DEST/node_modules/argon2/lib/binding/napi-v3/argon2.node"
  "$VSCODE_DIR/node_modules/node-pty/build/Release/pty.node"
  "$VSCODE_DIR/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "$VSCODE_DIR/node_modules/native-watchdog/build/Release/watchdog.node"
  "$VSCODE_DIR/node_modules/kerberos/build/Release/kerberos.node"
  "$VSCODE_DIR/node_modules/@vscode/ripgrep/bin/rg"
  "$VSCODE_DIR/node_modules.asar"
  "$VSCODE_DIR/extensions/node_modules/typescript/package.json"
)
installed_ok() {
  [[ -f $MARKER && "$(cat "$MARKER")" == "$CODE_SERVER_VERSION" ]] || return 1
  local f
  for f in "${REQUIRED_FILES[@]}"; do [[ -e $f ]] || return 1; done
}
if installed_ok; then
  elapsed "code-server $CODE_SERVER_VERSION already installed in $DEST; checked"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ $node_major == 20 ]] || fail "code-server $CODE_SERVER_VERSION needs Node 20 (found $(node -v))"

# Workarounds: root needs unsafe-perm for code-server's scripts; node-pty's script runs `npx node-gyp`,
# which npm cancels unless `yes` is set. Native modules build against the local Node headers when
# they exist, so node-gyp does not try to download them.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
node_prefix="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [[ -z ${npm_config_nodedir:-} && -f $node_prefix/include/node/node.h ]]; then
  export npm_config_nodedir="$node_prefix"
fi

# Build into a staging folder and move it in place at the end, so a failed run never looks installed.
STAGE="$DEST.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
log "installing code-server@$CODE_SERVER_VERSION into $STAGE (about a minute)"
cd "$STAGE"
printf '{ "name": "session-doctor-code-server", "private": true }\n' >package.json
# --ignore-scripts: code-server's postinstall would run npm in lib/vscode, where @vscode/ripgrep's
# script downloads from GitHub. We do its steps by hand below instead.
npm install --no-save --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION"
# npm 11 only runs install scripts of approved packages; naming a package in `npm rebuild` runs it.
npm rebuild --loglevel=error argon2

cd "$STAGE/node_modules/code-server/lib/vscode"
npm install --omit=dev --ignore-scripts --loglevel=error
# @vscode/ripgrep's postinstall exits early when bin/ exists: give it Debian's rg.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn "$RG" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error \
  @vscode/ripgrep @vscode/spdlog @vscode/deviceid @parcel/watcher kerberos native-watchdog node-pty
# What code-server's own postinstall.sh does after its npm install.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
cd extensions
npm install --omit=dev --loglevel=error

rm -rf "$DEST"
mv "$STAGE" "$DEST"
for f in "${REQUIRED_FILES[@]}"; do [[ -e $f ]] || fail "install finished but $f is missing"; done
printf '%s' "$CODE_SERVER_VERSION" >"$MARKER"
elapsed "code-server $CODE_SERVER_VERSION installed in $DEST ($(du -sh "$DEST" | cut -f1))"

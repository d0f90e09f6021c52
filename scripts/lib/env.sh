# shellcheck shell=bash
# Sourced by every entry point in scripts/: makes sure of the toolchain, the
# dependencies and the build, doing each only when something changed, so a
# second run starts in seconds. A fresh machine needs only npm (to reach the
# npm registry) and bash.
set -euo pipefail

WAGGLE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLCHAIN_DIR="$WAGGLE_ROOT/.toolchain"
# Node 24 LTS: libp2p 3 needs Node >= 22 (Promise.withResolvers).
NODE_MIN_MAJOR=22
NODE_PIN=24.9.0
PNPM_PIN=10.34.8

say() { printf '%s\n' "$*" >&2; }

node_platform() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) say "waggle: unsupported OS $(uname -s)"; exit 1 ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) say "waggle: unsupported CPU $(uname -m)"; exit 1 ;;
  esac
  printf '%s-%s' "$os" "$arch"
}

# Unpacks a package from the npm registry into DIR (its 'package/' folder).
npm_unpack() {
  local spec="$1" dir="$2" tmp
  command -v npm >/dev/null || { say "waggle: npm is needed to fetch $spec from the npm registry"; exit 1; }
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>"$tmp/err") || { cat "$tmp/err" >&2; say "waggle: could not fetch $spec"; rm -rf "$tmp"; exit 1; }
  rm -rf "$dir" && mkdir -p "$dir"
  tar xzf "$tmp"/*.tgz -C "$dir"
  rm -rf "$tmp"
}

ensure_node() {
  local major=0
  if command -v node >/dev/null; then major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"; fi
  if [ "$major" -ge "$NODE_MIN_MAJOR" ]; then return; fi
  local dir="$TOOLCHAIN_DIR/node-$NODE_PIN"
  if [ ! -x "$dir/package/bin/node" ]; then
    say "waggle: system Node is ${major:-absent}, older than $NODE_MIN_MAJOR; fetching Node $NODE_PIN from the npm registry into .toolchain/"
    npm_unpack "node-$(node_platform)@$NODE_PIN" "$dir"
  fi
  export PATH="$dir/package/bin:$PATH"
}

ensure_pnpm() {
  local dir="$TOOLCHAIN_DIR/pnpm-$PNPM_PIN"
  if [ ! -f "$dir/package/bin/pnpm.cjs" ]; then
    say "waggle: fetching pnpm $PNPM_PIN into .toolchain/"
    npm_unpack "pnpm@$PNPM_PIN" "$dir"
  fi
  mkdir -p "$TOOLCHAIN_DIR/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$dir/package/bin/pnpm.cjs" > "$TOOLCHAIN_DIR/bin/pnpm"
  chmod +x "$TOOLCHAIN_DIR/bin/pnpm"
  export PATH="$TOOLCHAIN_DIR/bin:$PATH"
}

# Installs dependencies when the lockfile, a manifest, a patch of a
# dependency (patches/, applied by pnpm at install) or Node changed.
ensure_deps() {
  local stamp="$WAGGLE_ROOT/node_modules/.waggle-deps" want
  want="$(cd "$WAGGLE_ROOT" && cat pnpm-lock.yaml pnpm-workspace.yaml package.json packages/*/package.json scripts/package.json test/package.json patches/*.patch 2>/dev/null | sha256sum | cut -c1-16)-$(node --version)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "waggle: installing dependencies (pnpm install --frozen-lockfile)"
    (cd "$WAGGLE_ROOT" && CI=true pnpm install --frozen-lockfile --reporter=append-only >&2)
    printf '%s' "$want" > "$stamp"
  fi
}

# tsc -b is incremental: a no-change build takes about a second.
ensure_build() {
  (cd "$WAGGLE_ROOT" && node node_modules/typescript/bin/tsc -b tsconfig.build.json) || { say "waggle: the build failed"; exit 1; }
}

# System tools the tests exercise (the rsync sync module runs the system
# rsync). Installed with apt when missing and we may; otherwise say so.
ensure_test_tools() {
  command -v rsync >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "waggle: installing rsync (the rsync sync module's tests run it)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync; } >/dev/null 2>&1 || say "waggle: could not install rsync"
  else
    say "waggle: rsync is not installed; the rsync module's tests will fail (install it: apt-get install rsync)"
  fi
}

waggle_setup() {
  ensure_node
  ensure_pnpm
  ensure_deps
  ensure_build
}

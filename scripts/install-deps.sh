#!/bin/sh
# install-deps.sh — install what peercoach needs from Debian 12 packages.
#
# Usage: scripts/install-deps.sh [run|test|bench]...   (default: run)
# Every package comes from Debian; nothing is downloaded from elsewhere.
# When everything asked for is already installed this returns at once, so
# the README's commands stay quick on a second run. Uses sudo when not root.
set -eu

run_pkgs="gcc make cmake pkg-config libc6-dev tzdata
  libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
  libcmark-dev libical-dev libcurl4-openssl-dev libcsv-dev"
test_pkgs="libcmocka-dev python3 python3-pytest python3-requests python3-networkx
  sqlite3 postgresql"
bench_pkgs="wrk nginx-light liblemon-dev g++ time"

want=""
[ $# -eq 0 ] && set -- run
for group in "$@"; do
  case "$group" in
    run) want="$want $run_pkgs" ;;
    test) want="$want $run_pkgs $test_pkgs" ;;
    bench) want="$want $run_pkgs $test_pkgs $bench_pkgs" ;;
    *) echo "install-deps.sh: unknown group '$group' (run, test or bench)" >&2; exit 2 ;;
  esac
done

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# postgresql's package starts a cluster; the tests start their own, so the
# policy-rc.d dance is not needed, but keep apt quiet and non-interactive.
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null

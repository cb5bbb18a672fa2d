#!/bin/sh
# dev.sh — the two set-up commands of the README, and a few more.
#
#   ./dev.sh run     install dependencies, build, load the demo, serve on :8080
#   ./dev.sh test    install dependencies, build, run every test, then all of
#                    them again under AddressSanitizer + UndefinedBehaviorSanitizer
#   ./dev.sh build   build only (build/)
#   ./dev.sh bench   run the benchmarks under bench/
#
# A shell script rather than a Makefile because a fresh Debian machine has
# no make: this script installs it (and everything else) first.
set -eu
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

build() { # build DIR CMAKE-ARGS...
  dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "${1:-}" in
run)
  scripts/install-deps.sh run
  build build
  db=${PEERCOACH_DB:-peercoach.db}
  [ -f "$db" ] || ./build/peercoach demo --db "$db"
  echo "peercoach: open http://127.0.0.1:8080 (Ctrl-C stops)"
  exec ./build/peercoach serve --db "$db"
  ;;
test)
  scripts/install-deps.sh test
  build build
  (cd build && ctest --output-on-failure -j "$jobs")
  # The same suite under sanitizers: any report fails the run.
  build build-asan -DPEERCOACH_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs")
  echo "peercoach: every test passed, plain and under ASan/UBSan"
  # The Mustache spec's files are data kept outside this repository; say so
  # when their conformance test could not run rather than pass silently.
  [ -d "${PEERCOACH_MUSTACHE_SPEC:-../shared/conformance/mustache-spec}" ] ||
    echo "peercoach: note: the Mustache spec files were not found (set PEERCOACH_MUSTACHE_SPEC); unit/test_mustache_spec was skipped"
  ;;
build)
  scripts/install-deps.sh run
  build build
  ;;
bench)
  scripts/install-deps.sh bench
  for b in bench/*/run; do "$b"; done
  ;;
*)
  echo "usage: ./dev.sh run|test|build|bench" >&2
  exit 2
  ;;
esac

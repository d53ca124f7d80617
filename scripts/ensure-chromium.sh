#!/bin/sh
# Before the e2e tests (npm's pretest / pretest:e2e): the tests drive Debian's Chromium through
# playwright-core and never download a browser (test/e2e/harness.ts). When /usr/bin/chromium is
# missing, install Debian's package if we run as root with apt-get; otherwise fail in one line
# that says what to run. CHROMIUM_PATH names another binary (then nothing is installed).
set -u
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] && exit 0
  echo "e2e: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable; unset it or point it at a Chromium binary" >&2
  exit 1
fi
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "e2e: /usr/bin/chromium is missing: installing Debian's chromium (apt-get install chromium)"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null &&
    [ -x /usr/bin/chromium ]; then
    exit 0
  fi
  echo "e2e: installing chromium failed; run: apt-get update && apt-get install -y chromium" >&2
  exit 1
fi
echo "e2e: /usr/bin/chromium is missing; run: sudo apt-get install -y chromium (or set CHROMIUM_PATH)" >&2
exit 1

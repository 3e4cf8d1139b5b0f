#!/usr/bin/env bash
# Installs Debian's chromium and a CJK font for the console's browser tests (test/console), at the versions the
# suite was last verified with. When the mirror no longer has that exact version (Debian security updates replace
# chromium often), it says so and installs the current one of the same release instead.
set -euo pipefail
CHROMIUM_VERSION=156.0.8078.114-1~deb12u1
FONT_VERSION=0.2.0-beta-3.1

installed=$(dpkg-query -W -f='${Version}' chromium 2>/dev/null || true)
if [ -x /usr/bin/chromium ] && [ -n "$installed" ] && dpkg-query -W fonts-wqy-microhei >/dev/null 2>&1; then
  echo "chromium $installed and fonts-wqy-microhei already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if apt-get install -y -qq "chromium=$CHROMIUM_VERSION" "fonts-wqy-microhei=$FONT_VERSION" >/dev/null; then
  echo "installed chromium $CHROMIUM_VERSION and fonts-wqy-microhei $FONT_VERSION (pinned)"
else
  echo "chromium $CHROMIUM_VERSION (or fonts-wqy-microhei $FONT_VERSION) is no longer on the mirror;" \
    "installing the release's current versions instead (update the pins here once the suite passes with them)" >&2
  apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  echo "installed chromium $(dpkg-query -W -f='${Version}' chromium)"
fi

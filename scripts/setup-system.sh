#!/usr/bin/env bash
# Installs the Debian packages the build and the test suite need. Idempotent; run by .ci/run
# and by the README's test command path. Fails loudly when a package cannot be installed.
set -euo pipefail
# espeak-ng: test speech (Mandarin cmn-latn-pinyin and English); fonts-wqy-microhei: the CJK font
# burned into test video banners by ffmpeg drawtext and embedded in the console's PDF dossiers;
# chromium + chromium-driver: the console's browser tests (headless, /usr/bin/chromium and
# /usr/bin/chromedriver).
packages=(openssl espeak-ng fonts-wqy-microhei chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-system: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

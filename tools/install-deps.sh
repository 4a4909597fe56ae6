#!/usr/bin/env bash
# Installs the Debian 12 packages patchflow needs (no-op when all are present).
#   tools/install-deps.sh          what building and running patchflow needs (the demo)
#   tools/install-deps.sh --tests  that, plus what the test suite needs
# The test-only packages (chromium alone is 81 MB) stay off a machine that only runs the tool.
set -euo pipefail
packages=(cmake g++ make pkg-config git ca-certificates
          libgit2-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
          libcurl4-openssl-dev zlib1g-dev libssl-dev graphviz)
if [ "${1:-}" = "--tests" ]; then
  # googletest; the SMTP server the send tests talk to; perl for checkpatch-style scripts;
  # script(1) for terminal tests; groff and man for the man page; zsh for its completion;
  # chromium renders the report page; dpkg-dev builds and inspects the .deb
  packages+=(libgtest-dev python3 python3-aiosmtpd perl bsdutils groff-base man-db zsh
             chromium dpkg-dev file)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

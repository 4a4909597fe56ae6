#!/usr/bin/env bash
# Installs the Debian 12 packages patchflow builds and tests with (no-op when all are present).
set -euo pipefail
packages=(cmake g++ make pkg-config git ca-certificates
          libgit2-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libgtest-dev
          libcurl4-openssl-dev zlib1g-dev libssl-dev python3 python3-aiosmtpd perl
          bsdutils groff-base zsh graphviz chromium)
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

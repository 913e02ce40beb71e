#!/usr/bin/env bash
# Installs the Debian packages moe-mlir needs, only when some are missing.
# Idempotent: a machine that has everything runs no apt-get at all.
set -euo pipefail

PACKAGES=(
  cmake ninja-build clang
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  flatbuffers-compiler libflatbuffers-dev nlohmann-json3-dev lld
  openmpi-bin libopenmpi-dev libffi-dev libclang-rt-22-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"

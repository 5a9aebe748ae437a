#!/usr/bin/env bash
# Installs the Debian packages eddy builds, tests and runs with — only those missing.
set -euo pipefail
# build-essential's g++ also brings the sanitizer runtimes scripts/sanitize.sh links (libasan8,
# libubsan1, liblsan0, libtsan2).
packages=(
  build-essential cmake pkg-config python3
  openmpi-bin libopenmpi-dev libhdf5-openmpi-dev hdf5-tools
  libboost-graph-dev libboost-graph-parallel-dev libboost-mpi-dev
  libtbb-dev libgtest-dev libcli11-dev nlohmann-json3-dev libcereal-dev zlib1g-dev libisal-dev
  slurm-wlm munge python3-igraph python3-h5py
  clang libclang-rt-dev clang-tidy
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian 12 packages sockscope needs to build, test and benchmark,
# only those that are missing. Safe to run again; does nothing when all are present.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build g++ clang clang-format clang-tidy cppcheck
  libclang-rt-14-dev
  # libraries (see docs/design.md, "Libraries")
  libfmt-dev libcli11-dev nlohmann-json3-dev libncurses-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # tests and benchmarks: peers to compare with, servers, terminal driver
  iproute2 net-tools lsof procps tmux prometheus prometheus-node-exporter util-linux
  libcap2-bin python3 python3-yaml curl systemd
  # real servers and load generators of the kernel tier's servers tests
  nginx wrk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Daemons in the list (prometheus, node exporter) must not start at install time.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created_policy=1
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}"
[ "$created_policy" = 1 ] && rm -f "$policy"
exit 0

#!/usr/bin/env bash
# Installs the Debian 12 packages sockscope needs, only those that are missing,
# by group: build (compile the binary: `make build`, `make run`), test (build,
# plus what the tests, sanitizers, fuzzers and static analysis need: `make test`),
# bench (test, plus Google Benchmark: `make bench`). Safe to run again; does
# nothing when all are present.
#   install-deps.sh [build|test|bench]    (default: test)
set -euo pipefail

group=${1:-test}
build_packages=(
  build-essential cmake ninja-build g++
  # libraries (see docs/design.md, "Libraries")
  libfmt-dev libcli11-dev nlohmann-json3-dev libncurses-dev zlib1g-dev
)
test_packages=(
  clang clang-format clang-tidy cppcheck libclang-rt-14-dev
  libgtest-dev libgmock-dev
  # peers to compare with, servers, terminal driver, world recorder
  iproute2 net-tools lsof procps tmux prometheus prometheus-node-exporter util-linux
  libcap2-bin python3 python3-yaml curl systemd
  # the package test: lintian, and a clean Debian root to install it in
  lintian debootstrap
  # make image (and its test): a daemonless image builder
  buildah
  # real servers and load generators of the kernel tier's servers tests
  nginx wrk haproxy redis-server redis-tools dnsmasq-base dnsperf memcached libmemcached-tools
  apache2-bin apache2-utils postgresql-15
)
bench_packages=(libbenchmark-dev)
case $group in
  build) packages=("${build_packages[@]}") ;;
  test) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  bench) packages=("${build_packages[@]}" "${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "usage: install-deps.sh [build|test|bench]" >&2; exit 64 ;;
esac

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

#!/usr/bin/env bash
# Builds the container image of deploy/container/Containerfile with buildah
# (daemonless, from Debian's archive): localhost/sockscope:VERSION in
# buildah's storage, and an OCI archive OUT_DIR/sockscope_VERSION.oci.tar to
# load elsewhere (`podman load -i`, `ctr -n k8s.io images import`,
# `skopeo copy oci-archive:... docker://REGISTRY/sockscope:VERSION`).
#
#   scripts/make-image.sh [OUT_DIR]          (default: .)
#
# The Containerfile starts FROM debian:12 and debian:12-slim. Where those
# are not in buildah's storage and no registry is reachable (a build machine
# with only Debian's archive), they are made here: a debootstrap minbase
# root of bookworm from the mirror apt uses, committed under both names. Set
# SOCKSCOPE_IMAGE_BASE=pull to take them from the registry instead.
# Runs as root with the vfs storage driver and chroot isolation (no overlay
# or user namespaces needed), unless STORAGE_DRIVER / BUILDAH_ISOLATION say
# otherwise. Prints the path of the archive.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.}
version=$(sed -n 's/^project(sockscope VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "make-image: no version in CMakeLists.txt" >&2; exit 1; }
command -v buildah >/dev/null || { echo "make-image: buildah is not installed (install-deps.sh test)" >&2; exit 1; }
export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
export BUILDAH_ISOLATION=${BUILDAH_ISOLATION:-chroot}
base=docker.io/library/debian

have_base() { buildah inspect --type image "$base:12" >/dev/null 2>&1 &&
  buildah inspect --type image "$base:12-slim" >/dev/null 2>&1; }

if [ "${SOCKSCOPE_IMAGE_BASE:-}" = pull ]; then
  buildah pull -q "$base:12" >/dev/null
  buildah pull -q "$base:12-slim" >/dev/null
elif ! have_base; then
  command -v debootstrap >/dev/null || { echo "make-image: debootstrap is not installed" >&2; exit 1; }
  mirror=${SOCKSCOPE_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 ~ /debian$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  echo "make-image: debian:12 from $mirror (debootstrap minbase)" >&2
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
    { tail -5 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
  rm -f "$rootfs.log"
  # What the registry image leaves out: downloaded packages and lists.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  container=$(buildah from scratch)
  buildah copy -q "$container" "$rootfs" / >/dev/null
  buildah config --cmd /bin/bash "$container"
  buildah commit -q --rm "$container" "$base:12" >/dev/null
  buildah tag "$base:12" "$base:12-slim"
fi

image=localhost/sockscope:$version
buildah build -q --pull=never --layers=false -f deploy/container/Containerfile -t "$image" . >/dev/null
mkdir -p "$out"
archive=$out/sockscope_$version.oci.tar
rm -f "$archive"
buildah push -q "$image" "oci-archive:$archive:sockscope:$version" >/dev/null
echo "$archive"

#!/usr/bin/env bash
# Issue 14: `make image` builds the container image of
# deploy/container/Containerfile with buildah (scripts/make-image.sh), and the
# binary runs from it:
#  1. the image's entrypoint, command and user are the ones the DaemonSet
#     relies on;
#  2. from the image, `sockscope --version` runs and `sockscope ls -tln` in a
#     private network namespace lists the listener ss lists there;
#  3. the OCI archive it writes loads back and runs.
# Storage is private to the test (vfs under a temporary directory), so the
# Debian 12 base is made from the archive each time, as on a fresh machine.
#
#   image_test.sh                      exit 0 pass, 1 fail, 77 skipped (not root)
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "skip: building an image with buildah's vfs storage needs root"
  exit 77
fi
work=$(mktemp -d)
cleanup() {
  [ -n "${CONTAINERS_STORAGE_CONF:-}" ] && buildah rm --all >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$work" "$work" >"$work/storage.conf"
export CONTAINERS_STORAGE_CONF=$work/storage.conf
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
version=$(sed -n 's/^project(sockscope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")

if ! archive=$(bash "$src/scripts/make-image.sh" "$work/out" 2>"$work/image.log"); then
  fail "make-image: $(tail -5 "$work/image.log")"
  exit 1
fi
[ -s "$archive" ] && ok "image localhost/sockscope:$version, archive $(basename "$archive")" ||
  fail "no OCI archive at $archive"

# 1. what the DaemonSet relies on
config=$(buildah inspect --type image --format '{{.OCIv1.Config.Entrypoint}} {{.OCIv1.Config.Cmd}} {{.OCIv1.Config.User}}' "localhost/sockscope:$version")
[ "$config" = "[/usr/bin/sockscope] [-N all serve --listen :9977] 0:0" ] && ok "config: $config" ||
  fail "config: $config"

# 2. the binary runs from the image, against a private namespace's kernel
container=$(buildah from "localhost/sockscope:$version") || { fail "buildah from"; exit 1; }
out=$(buildah run "$container" -- sockscope --version 2>&1)
[ "$out" = "$version" ] && ok "sockscope --version from the image: $out" || fail "--version: $out"
listing=$(unshare -n bash -c '
  ip link set lo up
  python3 -c "import socket, time
s = socket.socket(); s.bind((\"127.0.0.1\", 7431)); s.listen(5); time.sleep(60)" &
  for _ in $(seq 100); do ss -Htln | grep -q 127.0.0.1:7431 && break; sleep 0.05; done
  echo "ss: $(ss -Htln | awk "{print \$4}")"
  echo "sockscope: $(buildah run "$1" -- sockscope ls -Htln | awk "{print \$4}")"
  kill %1
' _ "$container" 2>&1)
if grep -qx "ss: 127.0.0.1:7431" <<<"$listing" && grep -qx "sockscope: 127.0.0.1:7431" <<<"$listing"; then
  ok "sockscope ls -tln from the image lists what ss lists: 127.0.0.1:7431"
else
  fail "listing in a private namespace: $listing"
fi

# 3. the archive loads back
loaded=$(buildah from "oci-archive:$archive" 2>"$work/load.log") || fail "load $archive: $(tail -3 "$work/load.log")"
if [ -n "$loaded" ]; then
  out=$(buildah run "$loaded" -- sockscope --version 2>&1)
  [ "$out" = "$version" ] && ok "the OCI archive loads and runs: $out" || fail "from the archive: $out"
fi

[ $fails -eq 0 ] && { echo "image_test: ok"; exit 0; }
echo "image_test: $fails failure(s)"
exit 1

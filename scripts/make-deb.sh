#!/usr/bin/env bash
# Builds the Debian package of sockscope: the files `make install` lays out
# (binary, man pages, bash and zsh completion, systemd unit, docs) installed
# for /usr from an existing build, Depends computed by dpkg-shlibdeps from the
# binary's libraries, then dpkg-deb. Needs the build package group
# (install-deps.sh build) and dpkg-dev (part of build-essential).
#
#   scripts/make-deb.sh [BUILD_DIR] [OUT_DIR]      (defaults: build, .)
# BUILD_DIR must be configured (make configure).
# prints the path of the .deb it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-.}
version=$(sed -n 's/^project(sockscope VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "make-deb: no version in CMakeLists.txt" >&2; exit 1; }
arch=$(dpkg --print-architecture)
# The maintainer, by Debian's convention from DEBFULLNAME and DEBEMAIL; the
# project has no mail address of its own yet (lintian's bogus-mail-host,
# accepted in tests/install/lintian-accepted until it does).
maintainer="${DEBFULLNAME:-sockscope developers} <${DEBEMAIL:-sockscope@localhost}>"

# The build of `make bin`: the install prefix is given at install time.
cmake --build "$build" --target sockscope docs >/dev/null

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/sockscope"
# Debian policy: man pages compressed, changelog and copyright in the doc dir.
gzip -9n "$root"/usr/share/man/man1/*.1
doc=$root/usr/share/doc/sockscope
printf 'sockscope (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$(date -R -d @"${SOURCE_DATE_EPOCH:-0}")" | gzip -9n >"$doc/changelog.gz"
printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: sockscope\n\nFiles: *\nCopyright: 2026 sockscope developers\nLicense: see the project repository\n' >"$doc/copyright"

# Depends from the libraries the binary links (dpkg-shlibdeps wants a
# debian/control next to it).
mkdir -p "$stage/src/debian"
printf 'Source: sockscope\n\nPackage: sockscope\nArchitecture: any\n' >"$stage/src/debian/control"
depends=$(cd "$stage/src" && dpkg-shlibdeps -O -e"$root/usr/bin/sockscope" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "make-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: sockscope
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: see and explain what the Linux TCP stack does with sockets
 sockscope lists sockets like ss (same flags, same table) with owners, JSON
 and every network namespace; explains connection-queue trouble (full accept
 queues, SYN-queue pressure, silent overflows, stuck readers, leaking
 clients) as findings with evidence and advice; and exports metrics and
 findings to Prometheus from a bounded exporter that never hangs.
CONTROL
deb=$out/sockscope_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"

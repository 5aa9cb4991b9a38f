#!/usr/bin/env bash
# Issue 14: sockscope ships like a Linux tool.
#  1. `cmake --install` with DESTDIR lays out the binary, a man page per
#     command (roff without groff warnings), bash and zsh completion and the
#     systemd unit naming the installed binary;
#  2. the bash completion completes commands, options and option values;
#  3. (root) scripts/make-deb.sh builds a package whose Depends covers every
#     shared library the binary needs, lintian finds nothing but the tags
#     tests/install/lintian-accepted explains, and it installs in a clean
#     Debian 12 root (debootstrap minbase, a private mount namespace) where
#     `sockscope --version` and `sockscope ls` run.
#
#   package_test.sh BUILD_DIR          exit 0 pass, 1 fail, 77 part 3 skipped
set -uo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# 1. make install layout
DESTDIR=$work/dest cmake --install "$build" --prefix /usr/local >"$work/install.log" 2>&1 ||
  fail "cmake --install: $(tail -3 "$work/install.log")"
root=$work/dest/usr/local
[ -x "$root/bin/sockscope" ] && ok "binary" || fail "no bin/sockscope"
commands=$("$build/sockscope" --help | awk '/^Subcommands:/ { on = 1; next } on && !NF { exit } on { print $1 }')
[ -n "$commands" ] || fail "no commands in --help"
for page in sockscope $(printf 'sockscope-%s ' $commands); do
  f=$root/share/man/man1/$page.1
  if [ ! -s "$f" ]; then fail "man page $page.1 missing"; continue; fi
  if command -v groff >/dev/null; then
    warnings=$(groff -mandoc -ww -z "$f" 2>&1)
    [ -z "$warnings" ] || fail "$page.1: groff: $warnings"
  fi
done
ok "man pages: sockscope $(echo $commands)"
for opt in $("$build/sockscope" ls --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
  roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')  # roff writes every - as \-
  grep -qF -- "$roff" "$root/share/man/man1/sockscope-ls.1" ||
    fail "sockscope-ls.1 does not document $opt"
done
[ -s "$root/share/bash-completion/completions/sockscope" ] && ok "bash completion" ||
  fail "bash completion missing"
[ -s "$root/share/zsh/vendor-completions/_sockscope" ] && ok "zsh completion" ||
  fail "zsh completion missing"
if command -v zsh >/dev/null; then
  zsh -n "$root/share/zsh/vendor-completions/_sockscope" || fail "zsh completion: syntax"
fi
grep -q '^ExecStart=/usr/local/bin/sockscope ' "$root/lib/systemd/system/sockscope.service" &&
  ok "systemd unit" || fail "unit does not run /usr/local/bin/sockscope"

# 2. bash completion behaviour
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1));
           _sockscope; echo "${COMPREPLY[*]}"' _ "$root/share/bash-completion/completions/sockscope" "$@"
}
expect() {
  local want=$1
  shift
  local got
  got=$(complete_words "$@")
  [[ " $got " == *" $want "* ]] && ok "completion of '$*' offers $want" ||
    fail "completion of '$*' gave '$got', not $want"
}
expect ls sockscope ''
expect serve sockscope se
expect --format sockscope ls --for
expect ndjson sockscope --format ''
expect --listen sockscope serve --lis
expect --brief sockscope check --br

# 3. the Debian package, installed in a throw-away root
if [ "$(id -u)" -ne 0 ] || ! command -v dpkg-deb >/dev/null || ! command -v unshare >/dev/null; then
  echo "skip: the package part needs root, dpkg-deb and unshare"
  [ $fails -eq 0 ] && exit 77 || exit 1
fi
deb=$(bash "$src/scripts/make-deb.sh" "$build" "$work" 2>"$work/deb.log") ||
  { fail "make-deb: $(tail -3 "$work/deb.log")"; exit 1; }
ok "package $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
staged=$work/staged
dpkg-deb -x "$deb" "$staged"
# The libraries the binary itself links (its NEEDED entries); theirs in turn
# (libelf under libbpf) are their packages' own Depends.
needed=$(readelf -d "$staged/usr/bin/sockscope" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf lists no shared library of the binary"
for lib in $(ldd "$staged/usr/bin/sockscope" |
    awk -v needed=" $(echo $needed) " '/=> \// && index(needed, " " $1 " ") { print $3 }'); do
  pkg=$(dpkg -S "$(realpath "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -z "$pkg" ] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$pkg" ] || { fail "no package owns $lib"; continue; }
  [[ ", $depends" == *", $pkg "* || ", $depends" == *", $pkg," || ", $depends" == *", $pkg" ]] ||
    fail "$lib comes from $pkg, which Depends ($depends) does not name"
done
ok "Depends: $depends"
# lintian: no error or warning but the ones tests/install/lintian-accepted
# lists, each with its reason.
if command -v lintian >/dev/null; then
  accepted=$(sed -n 's/^\([a-z0-9-]*\)  *#.*/\1/p' "$src/tests/install/lintian-accepted")
  tags=$(lintian --tag-display-limit 0 "$deb" 2>/dev/null | sed -n 's/^[EW]: sockscope[^:]*: \([a-z0-9-]*\).*/\1/p' | sort -u)
  for t in $tags; do
    grep -qx "$t" <<<"$accepted" || fail "lintian: $t (fix it, or explain it in tests/install/lintian-accepted)"
  done
  ok "lintian: $(echo ${tags:-clean}) (accepted: $(echo $accepted))"
else
  fail "lintian is not installed (install-deps.sh test)"
fi

# A clean Debian 12 root (debootstrap minbase, from the mirror apt uses here):
# `apt-get install ./sockscope.deb` pulls exactly what Depends names, so a
# missing dependency fails here as it would on a user's machine.
mirror=${SOCKSCOPE_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 ~ /debian$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
if ! command -v debootstrap >/dev/null; then
  fail "debootstrap is not installed (install-deps.sh test)"
elif ! debootstrap --variant=minbase bookworm "$work/clean" "$mirror" >"$work/debootstrap.log" 2>&1; then
  fail "debootstrap bookworm from $mirror: $(tail -3 "$work/debootstrap.log")"
else
  cp "$deb" "$work/clean/tmp/sockscope.deb"
  cp -L /etc/resolv.conf "$work/clean/etc/resolv.conf" 2>/dev/null || true
  out=$(unshare -m bash -c '
    set -e
    r=$1
    mount -t proc proc "$r/proc"
    ! chroot "$r" dpkg -s sockscope >/dev/null 2>&1 || { echo "sockscope already installed"; exit 1; }
    chroot "$r" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive chroot "$r" apt-get install -y -qq --no-install-recommends \
      /tmp/sockscope.deb >"$r/tmp/apt.log" 2>&1 || { tail -5 "$r/tmp/apt.log"; exit 1; }
    chroot "$r" sockscope --version
    chroot "$r" sockscope ls -tln >/dev/null
    test -f "$r/usr/share/man/man1/sockscope-ls.1.gz"
    test -f "$r/usr/share/bash-completion/completions/sockscope"
    grep -q "^ExecStart=/usr/bin/sockscope " "$r/usr/lib/systemd/system/sockscope.service"
  ' _ "$work/clean" 2>&1)
  rc=$?
  if [ $rc -eq 0 ] && [[ "$out" == *"0.1"* ]]; then
    ok "apt-get install ./sockscope.deb in a clean debootstrap root; sockscope --version: $out"
  else
    fail "install in a clean debootstrap root (rc $rc): $out"
  fi
fi
[ $fails -eq 0 ] && { echo "package_test: ok"; exit 0; }
echo "package_test: $fails failure(s)"
exit 1

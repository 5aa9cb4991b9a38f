#!/usr/bin/env bash
# Fails when a source file includes a header of a layer it may not use
# (the DEPS of sockscope_layer() in CMakeLists.txt, closed over; the build
# itself enforces the same table: cmake/check_layering.cmake).
set -u
src=${1:?usage: layering_test.sh SRC_DIR}
declare -A allowed=(
  [base]="base"
  [model]="base model"
  [sys]="base sys"
  [netlink]="base sys model netlink"
  [procfs]="base sys model procfs"
  [filter]="base model filter"
  [collect]="base sys model netlink procfs filter collect"
  [diagnose]="base model diagnose"
  [render]="base model diagnose render"
  [tui]="base sys model netlink procfs collect filter diagnose render tui"
  [exporter]="base sys model netlink procfs filter collect diagnose render exporter"
  [cli]="base sys model netlink procfs collect filter diagnose render tui exporter cli"
)
status=0
for dir in "$src"/*/; do
  layer=$(basename "$dir")
  [ -n "${allowed[$layer]+x}" ] || { echo "unknown layer: $layer (add it to layering_test.sh)"; status=1; continue; }
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$line")
    case " ${allowed[$layer]} " in *" $inc "*) ;; *) echo "$file: layer '$layer' may not include '$inc/'"; status=1;; esac
  done < <(grep -HE '^#include "[a-z_]+/' "$dir"*.h "$dir"*.cpp 2>/dev/null)
done
# Only src/sys/ and *_real.cpp files may make system calls of their own.
bad=$(grep -lE '::(socket|recvmsg|recvfrom|sendto|setns|openat|readlinkat|poll)\(' "$src"/*/*.cpp 2>/dev/null \
      | grep -vE '/sys/|_real\.cpp$|/exporter/|/tui/' || true)
if [ -n "$bad" ]; then echo "system calls outside src/sys/ or *_real.cpp: $bad"; status=1; fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status

#!/usr/bin/env bash
# Static analysis of src/: clang-tidy with the checks of .clang-tidy (every
# finding an error) and cppcheck (warning, performance, portability).
#
#   scripts/lint.sh BUILD_DIR
#
# BUILD_DIR must hold compile_commands.json (any CMake build of this project
# writes one). Runs two jobs at once (LINT_JOBS to change). Exits non-zero
# when either tool reports anything.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${LINT_JOBS:-2}
db="$build_dir/compile_commands.json"
if [[ ! -f $db ]]; then
  echo "lint: $db not found; configure the build first" >&2
  exit 2
fi

tidy=$(command -v clang-tidy-14 || command -v clang-tidy || true)
if [[ -z $tidy ]]; then
  echo "lint: clang-tidy not found" >&2
  exit 2
fi
if ! command -v cppcheck >/dev/null; then
  echo "lint: cppcheck not found" >&2
  exit 2
fi

cd "$root"
start=$SECONDS
status=0

# The build precompiles headers (CLI11, GoogleTest) for g++; clang-tidy cannot
# read g++'s .gch files, so it gets the same commands without them; nor
# -Wconversion, a g++-only warning here (CMakeLists.txt): clang's includes
# -Wsign-conversion.
tidy_db=$(mktemp -d)
trap 'rm -rf "$tidy_db"' EXIT
sed -e 's| -Winvalid-pch||g' -e 's| -Wconversion||g' -e 's| -include [^ ]*cmake_pch\.hxx||g' "$db" >"$tidy_db/compile_commands.json"

# Only the .cpp files of src/ that the build compiles; headers are checked
# through them (HeaderFilterRegex in .clang-tidy).
echo "lint: clang-tidy ($(basename "$tidy"), $jobs jobs)"
if ! find src -name '*.cpp' -print0 | sort -z |
    xargs -0 -r -n 4 -P "$jobs" "$tidy" -p "$tidy_db" --quiet 2> >(grep -v '^[0-9]* warnings* generated' >&2); then
  status=1
fi
echo "lint: clang-tidy done in $((SECONDS - start)) s"

mid=$SECONDS
# invalidContainer is suppressed where a std::back_inserter(out) is used while
# `out` grows: the inserter holds the container, not an iterator into it, so
# it stays valid (a cppcheck 2.10 false positive). passedByValue in result.h:
# the converting constructors take their argument by value and move from it.
echo "lint: cppcheck"
if ! cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
    --inline-suppr --std=c++20 --language=c++ -I src -j "$jobs" \
    --suppress=missingIncludeSystem -i src/sys/bpf \
    --suppress=invalidContainer:src/render/socket_table.cpp \
    --suppress=invalidContainer:src/render/finding_render.cpp \
    --suppress=passedByValue:src/base/result.h --template='{file}:{line}: {severity} ({id}): {message}' \
    src; then
  status=1
fi
echo "lint: cppcheck done in $((SECONDS - mid)) s"

echo "lint: $([[ $status -eq 0 ]] && echo clean || echo FINDINGS) after $((SECONDS - start)) s"
exit $status

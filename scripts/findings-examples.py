#!/usr/bin/env python3
"""Refreshes the example outputs of docs/findings.md that are replays of
recorded worlds: every block introduced by "Example (...`tests/cli` world
`W`, replayed with `--brief`):" is replaced by the lines of its finding in
`sockscope --replay tests/fixtures/recordings/W/check ... check --brief`.
Run after scripts/record-worlds.sh (the namespace inodes and ports of a new
recording differ). Captured (not replayed) examples are left as they are.

    scripts/findings-examples.py [BUILD_DIR]
"""
import re
import subprocess
import sys

build = sys.argv[1] if len(sys.argv) > 1 else "build"
doc_path = "docs/findings.md"
doc = open(doc_path, encoding="utf-8").read()
CASE_ARGS = None
for line in open("tests/cli/cases.txt", encoding="utf-8"):
    words = line.split()
    if words and words[0] == "check":
        CASE_ARGS = words[2:]
if not CASE_ARGS:
    sys.exit("findings-examples: no `check` case in tests/cli/cases.txt")


def replay(world):
    run = subprocess.run(
        [f"{build}/sockscope", "--replay", f"tests/fixtures/recordings/{world}/check",
         "--color", "never", *CASE_ARGS, "--brief"],
        capture_output=True, text=True, check=False)
    return run.stdout.split("\n")


def finding_lines(world, finding):
    lines = replay(world)
    for i, line in enumerate(lines):
        if line.endswith(f"[{finding}]"):
            block = [line]
            for more in lines[i + 1:]:
                if not more.startswith("         "):
                    break
                block.append(more)
            return "\n".join(block)
    sys.exit(f"findings-examples: world {world} does not show {finding}")


section = re.compile(r"\n### `([a-z0-9-]+)`")
example = re.compile(r"(\nExample \([^\n]*`tests/cli` world `([a-z0-9-]+)`[^\n]*\):\n```\n)(.*?)(```)",
                     re.S)
out, pos, current = [], 0, None
for m in example.finditer(doc):
    heading = None
    for h in section.finditer(doc, 0, m.start()):
        heading = h.group(1)
    out.append(doc[pos:m.start()])
    out.append(m.group(1) + finding_lines(m.group(2), heading) + "\n" + m.group(4))
    pos = m.end()
out.append(doc[pos:])
new = "".join(out)
if new != doc:
    open(doc_path, "w", encoding="utf-8").write(new)
    print("findings-examples: docs/findings.md updated")

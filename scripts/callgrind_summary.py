#!/usr/bin/env python3
"""Summarise a callgrind profile (one dump of `kmix-bench`, see docs/benchmarks.md, Profiling).

Prints the dump's total instructions (Ir), its Ir by shared object (OpenBLAS, libc, the Swift
runtime, kmix-bench itself), and kmix's own Ir by source file: each cost line is counted for the
file its instructions come from after inlining (callgrind's fi/fe records), so a helper that the
compiler inlined into a bigger function still counts for its own file. Code inlined from Swift's
standard library (pointer subscripts, SIMD) counts for the standard-library file, not its caller.

Usage: scripts/callgrind_summary.py callgrind.out.<pid>.<n> [more dumps...]
"""
import collections
import os
import re
import sys


def summarise(path):
    names = {}  # (kind, id) -> name, for callgrind's name compression

    def name(kind, text):
        match = re.match(r"\((\d+)\)(?:\s+(.*))?$", text.strip())
        if not match:
            return text.strip()
        key = (kind, match.group(1))
        if match.group(2) is not None:
            names[key] = match.group(2)
        return names.get(key, "?")

    by_object = collections.Counter()
    by_file = collections.Counter()
    total = 0
    obj = file = function_file = "?"
    pending_call = False
    with open(path, errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            head = line[0]
            if head.isdigit() or head in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                cost = int(parts[1])
                if pending_call:  # the inclusive cost of a call: counted where the callee runs
                    pending_call = False
                    continue
                total += cost
                by_object[os.path.basename(obj)] += cost
                by_file[file] += cost
                continue
            key, _, value = line.partition("=")
            if key == "ob":
                obj = name("ob", value)
            elif key == "fl":
                function_file = file = name("fl", value)
            elif key in ("fi", "fe"):
                file = name("fl", value)
            elif key == "fn":
                file = function_file
            elif key in ("cob", "cfi", "cfl", "cfn"):
                name({"cob": "ob", "cfi": "fl", "cfl": "fl", "cfn": "fn"}[key], value)
            elif key == "calls":
                pending_call = True
    return total, by_object, by_file


def main():
    for path in sys.argv[1:]:
        total, by_object, by_file = summarise(path)
        print(f"{path}: {total:,} Ir")
        print("  by object")
        for obj, cost in by_object.most_common(8):
            print(f"    {cost:>14,}  {100 * cost / total:5.1f} %  {obj}")
        print("  by source file (kmix and the Swift standard library; at least 0.1 %)")
        for file, cost in by_file.most_common():
            if file == "?" or file.startswith("???") or cost < total / 1000:
                continue
            print(f"    {cost:>14,}  {100 * cost / total:5.1f} %  {file.split('/Sources/')[-1]}")


if __name__ == "__main__":
    main()

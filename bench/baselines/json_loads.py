#!/usr/bin/python3
"""json_loads.py — the floor: Python's bare json.loads over every line.

    json_loads.py FILE     (or stdin); prints "<lines> lines, <errors> errors"

Reads the file as a stream of lines in binary (json.loads decodes UTF-8
itself) and parses each one, counting the lines that fail. Nothing else:
this is what a Python user pays before doing any work on a record.
"""
import json
import sys


def main():
    src = open(sys.argv[1], "rb") if len(sys.argv) > 1 else sys.stdin.buffer
    lines = errors = 0
    loads = json.loads
    for line in src:
        lines += 1
        try:
            loads(line)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            errors += 1
    print("%d lines, %d errors" % (lines, errors))


if __name__ == "__main__":
    main()

"""Read CSV files with Python's csv module the way each tool does, for test/csv-dialects.test.ts.

Usage: python csv_dialects.py JOBS.json RESULTS.json

JOBS.json is a list of {"path": file, "dialect": "gen" | "mfg" | "mfg-closed"}:
  gen         nvs_partition_gen: open(path) in text mode (universal newlines), lines starting with
              "#" filtered out, csv.reader with the default field size limit;
  mfg         mfg_tool-style: open(path, newline=""), csv.reader, no field size limit;
  mfg-closed  as mfg, with a leading BOM dropped (encoding "utf-8-sig"); "unclosed" tells whether
              the text ends inside a quoted field (found by appending a line and seeing whether it
              becomes a record of its own or the tail of the last field).
RESULTS.json gets one {"status": "ok", "records": [...], "unclosed"?: bool} or
{"status": "exception", "error": "Type: message"} per job.
"""

import csv
import io
import json
import sys

SENTINEL = "\ue000"


def read(text, dialect):
    if dialect == "gen":
        lines = io.StringIO(text, newline=None)  # what open() in text mode yields
        return list(csv.reader(filter(lambda line: line[0] != "#", lines)))
    return list(csv.reader(io.StringIO(text, newline="")))


def run(job):
    dialect = job["dialect"]
    encoding = "utf-8-sig" if dialect == "mfg-closed" else "utf-8"
    with open(job["path"], "rb") as f:
        text = f.read().decode(encoding)
    limit = csv.field_size_limit()
    try:
        if dialect != "gen":
            csv.field_size_limit(sys.maxsize)
        result = {"status": "ok", "records": read(text, dialect)}
        if dialect == "mfg-closed":
            result["unclosed"] = read(text + "\n" + SENTINEL, dialect)[-1] != [SENTINEL]
        return result
    except Exception as e:
        return {"status": "exception", "error": "%s: %s" % (type(e).__name__, e)}
    finally:
        csv.field_size_limit(limit)


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump([run(job) for job in jobs], f)


if __name__ == "__main__":
    main()

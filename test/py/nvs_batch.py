"""Run many jobs of ESP-IDF's NVS partition generator in one Python process.

Starting Python once per case is too slow for hundreds of differential cases, so this driver
imports the installed, unmodified `esp_idf_nvs_partition_gen` package and calls its own command
line entry point (`main()`) in-process for each job, with `sys.argv` and the working directory set
as if the tool had been started from a shell.

Usage: python nvs_batch.py JOBS.json RESULTS.json

JOBS.json is a list of jobs, each {"cwd": dir, "argv": [...]} (the tool's arguments, e.g.
["generate", "in.csv", "out.bin", "0x8000", "--version", "1"]) or the short form
{"cwd", "command": "generate"|"encrypt", "csv", "out", "size", "version"?, "inputkey"?}.

Two probe jobs check the Python behaviours GEN relies on, with the same standard-library calls:
{"cwd", "records": file} reads a CSV file the way GEN does (text mode, UTF-8, lines starting with
"#" dropped, csv.reader) and returns the records; {"probe": "int"|"int0"|"b64", "text": ...}
returns int(text), int(text, 0) or binascii.a2b_base64(text).hex() (errors as status "exception").

RESULTS.json gets {"tool_version": ..., "results": [...]}, one result per job:
{"status": "ok"} when main() returned, {"status": "exit", "code": ...} when it called sys.exit,
{"status": "exception", "error": "Type: message"} when it raised; "output" holds what the tool
printed (last 2000 characters).
"""

import binascii
import contextlib
import csv
import io
import json
import os
import sys
from importlib.metadata import version

from esp_idf_nvs_partition_gen import nvs_partition_gen as gen


def job_argv(job):
    if "argv" in job:
        return [str(a) for a in job["argv"]]
    argv = [job["command"], job["csv"], job["out"], str(job["size"])]
    if job.get("version") is not None:
        argv += ["--version", str(job["version"])]
    if job.get("inputkey"):
        argv += ["--inputkey", job["inputkey"]]
    return argv


def run_probe(job):
    try:
        if "records" in job:
            with open(os.path.join(job["cwd"], job["records"]), "rt", encoding="utf8") as f:
                return {"status": "ok", "value": list(csv.reader(filter(lambda row: row[0] != "#", f)))}
        text = job["text"]
        if job["probe"] == "int":
            return {"status": "ok", "value": str(int(text))}
        if job["probe"] == "int0":
            return {"status": "ok", "value": str(int(text, 0))}
        if job["probe"] == "b64":
            return {"status": "ok", "value": binascii.a2b_base64(text).hex()}
        raise ValueError("unknown probe %r" % job["probe"])
    except Exception as e:
        return {"status": "exception", "error": "%s: %s" % (type(e).__name__, e)}


def run_job(job):
    if "records" in job or "probe" in job:
        return run_probe(job)
    out = io.StringIO()
    result = {}
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    try:
        os.chdir(job["cwd"])
        sys.argv = ["nvs_partition_gen.py"] + job_argv(job)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            gen.main()
        result["status"] = "ok"
    except SystemExit as e:
        result["status"] = "exit"
        result["code"] = e.code if isinstance(e.code, (int, type(None))) else str(e.code)
    except Exception as e:  # the tool lets some errors escape as tracebacks
        result["status"] = "exception"
        result["error"] = "%s: %s" % (type(e).__name__, e)
    finally:
        sys.argv = saved_argv
        os.chdir(saved_cwd)
    result["output"] = out.getvalue()[-2000:]
    return result


def main():
    with open(sys.argv[1], encoding="utf8") as f:
        jobs = json.load(f)
    results = [run_job(job) for job in jobs]
    with open(sys.argv[2], "w", encoding="utf8") as f:
        json.dump({"tool_version": version("esp-idf-nvs-partition-gen"), "results": results}, f)


if __name__ == "__main__":
    main()

"""Measuring a child process from its own start: wall time, CPU and peak memory.

Linux carries a parent's peak RSS into a child's ``ru_maxrss`` across fork
and exec, so a process started by a large benchmark reports at least the
benchmark's own peak. :func:`launch` therefore starts each measured command
from a small launcher (a bare interpreter) and reads the launcher's
``RUSAGE_CHILDREN``; it can also sample the summed RSS of the whole process
tree (a build and its forked worker) from /proc.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

PYTHON = sys.executable

# A small launcher between the benchmark and each measured process: a child
# inherits its parent's peak RSS into ru_maxrss across exec, so a process
# forked from this (large) benchmark would report at least the benchmark's
# own peak. Forked from this small launcher, it starts from the launcher's.
LAUNCHER = r"""
import json, os, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[2:])
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "returncode": done.returncode, "maxrss_mib": usage.ru_maxrss / 1024,
               "cpu_s": usage.ru_utime + usage.ru_stime}, out)
"""

def launch(args: list[str], work: Path, sample: bool = False, cwd: Path | None = None) -> tuple[dict, str]:
    """Run ``args`` under the launcher; (figures, stdout). With ``sample``, also the tree's peak summed RSS."""
    report = work / f"launch-{time.monotonic_ns()}.json"
    process = subprocess.Popen([PYTHON, "-c", LAUNCHER, str(report), *args], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0.0]
    stop = threading.Event()

    def sampler() -> None:
        while not stop.wait(0.05):
            peak[0] = max(peak[0], tree_rss_mib(process.pid))

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    output = process.communicate()[0].decode("utf-8", "replace")
    stop.set()
    figures = json.loads(report.read_text())
    if figures["returncode"]:
        raise RuntimeError(f"{' '.join(args)} exited with {figures['returncode']}:\n{output}")
    if sample:
        thread.join()
        # The launcher itself (a bare interpreter) is left out of the tree sum.
        figures["tree_peak_mib"] = peak[0]
    return figures, output


def tree_rss_mib(pid: int) -> float:
    """Summed proportional set size (Pss) of the descendants of ``pid`` (not ``pid`` itself), in MiB.

    Pss shares each page among the processes mapping it, so a forked worker's
    copy-on-write pages are not counted twice, as a sum of VmRSS would.
    """
    total = 0
    pending = _children(pid)
    while pending:
        child = pending.pop()
        try:
            rollup = Path(f"/proc/{child}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
        pending += _children(child)
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        with contextlib.suppress(OSError):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    return found

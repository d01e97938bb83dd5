#!/usr/bin/env python3
"""How long this machine's disk takes to make a WAL-sized append durable (issue 18, session 23).

Appends 200 KB (a commit of the ingest bench: about 50 pages) to a file, then fdatasync, every
3 ms for DURATION seconds, and prints the latency percentiles. With `checkpoint`, a second
thread meanwhile writes 10,000 random 4 KB pages into another file and fsyncs it, again and
again, as the store's checkpointer does with the database file.

    scripts/experiments/fsync-latency.py 10            # appends alone
    scripts/experiments/fsync-latency.py 15 checkpoint # beside checkpoint-like syncs

The files go to a fresh folder under $TMPDIR (default /tmp), removed at the end.
"""
import os
import random
import shutil
import sys
import tempfile
import threading
import time

duration = float(sys.argv[1]) if len(sys.argv) > 1 else 10
with_checkpoint = len(sys.argv) > 2 and sys.argv[2] == "checkpoint"
folder = tempfile.mkdtemp(prefix="fsync-latency-")
stop = threading.Event()


def checkpointer():
    db = os.open(os.path.join(folder, "db"), os.O_RDWR | os.O_CREAT, 0o600)
    os.ftruncate(db, 1 << 30)
    page = os.urandom(4096)
    while not stop.is_set():
        for _ in range(10_000):
            os.pwrite(db, page, random.randrange(0, 262_144) * 4096)
        os.fsync(db)
        time.sleep(0.3)
    os.close(db)


try:
    log = os.open(os.path.join(folder, "wal"), os.O_RDWR | os.O_CREAT, 0o600)
    os.ftruncate(log, 40 << 20)  # an existing log reused from its start, as SQLite's is
    if with_checkpoint:
        threading.Thread(target=checkpointer, daemon=True).start()
    commit, offset, latencies = os.urandom(200 << 10), 0, []
    end = time.time() + duration
    while time.time() < end:
        start = time.perf_counter()
        os.pwrite(log, commit, offset)
        os.fdatasync(log)
        latencies.append(time.perf_counter() - start)
        offset = (offset + len(commit)) % (39 << 20)
        time.sleep(0.003)
    stop.set()
    latencies.sort()
    n = len(latencies)
    def at(q):
        return 1000 * latencies[min(n - 1, int(n * q))]
    print(f"{n} appends of 200 KB + fdatasync{' beside checkpoint-like syncs' if with_checkpoint else ''}: "
          f"median {at(0.5):.2f} ms, p90 {at(0.9):.2f}, p99 {at(0.99):.2f}, p99.9 {at(0.999):.2f}, max {1000 * latencies[-1]:.2f}")
finally:
    stop.set()
    shutil.rmtree(folder, ignore_errors=True)

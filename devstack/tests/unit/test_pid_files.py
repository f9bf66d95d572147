"""Pid records: written on start, recognised while the process lives, dropped when stale."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mdsync_devstack import procs
from mdsync_devstack.procs import PidRecord


def test_record_round_trips_with_the_bare_pid_first() -> None:
    record = PidRecord(4242, "123456", "abcdef0123456789")

    assert record.render().splitlines()[0] == "4242"
    assert PidRecord.parse(record.render()) == record


def test_a_file_that_is_not_a_pid_file_is_not_a_record() -> None:
    assert PidRecord.parse("") is None
    assert PidRecord.parse("kafka\n") is None


def test_live_process_is_found_then_gone_after_terminate(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids" / "sleeper.pid"
    pid = procs.spawn([sys.executable, "-c", "import time; time.sleep(60)"], {}, tmp_path, tmp_path / "sleeper.log")
    procs.write_record(pid_file, pid, "f1")

    found = procs.read_record(pid_file)
    procs.terminate(pid, grace_seconds=5)

    assert found is not None
    assert (found.pid, found.fingerprint) == (pid, "f1")
    assert not procs.alive(pid)
    assert procs.read_record(pid_file) is None
    assert not pid_file.exists()


def test_a_reused_pid_is_not_taken_for_ours(tmp_path: Path) -> None:
    pid_file = tmp_path / "other.pid"
    # This interpreter is alive, but it did not start at the recorded time: a pid reused by another process.
    pid_file.write_text(PidRecord(os.getpid(), "1", "f").render())

    assert procs.read_record(pid_file) is None
    assert not pid_file.exists()

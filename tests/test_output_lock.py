"""One command at a time on an output folder (issue #17): a second holder waits with
a message and gives up with exit code 3; a killed holder releases the lock."""

import os
import signal
import subprocess
import sys
import time

import pytest

from dossier import output_lock
from dossier.errors import EXIT_ENVIRONMENT

HOLD = "import sys, time; from dossier import output_lock\nwith output_lock.hold(sys.argv[1]):\n print('ok', flush=True); time.sleep(60)\n"


def _holder(out):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ok"
    return proc


def test_second_holder_waits_then_gives_up(tmp_path):
    proc = _holder(tmp_path)
    try:
        assert output_lock.is_held(tmp_path)
        told = []
        start = time.monotonic()
        with pytest.raises(output_lock.OutputBusy) as caught:
            with output_lock.hold(tmp_path, timeout=0.6, notify=told.append):
                pass
        assert time.monotonic() - start >= 0.6
        assert caught.value.exit_code == EXIT_ENVIRONMENT
        assert f"tiến trình {proc.pid}" in str(caught.value)
        assert len(told) == 1 and "đang chờ" in told[0]
    finally:
        proc.kill()
        proc.wait()


def test_killed_holder_releases(tmp_path):
    proc = _holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with output_lock.hold(tmp_path, timeout=2):
        assert output_lock.is_held(tmp_path)
    assert not output_lock.is_held(tmp_path)

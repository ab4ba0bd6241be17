"""The `dossier` command's entry point.

A Ctrl-C, SIGTERM or SIGHUP while Python is still importing the toolkit (the
first fraction of a second, seconds on a busy machine) exits quietly with 130
(129 for SIGHUP) instead of printing a traceback or dying by the signal; once the
command runs, ``dossier.cli.main`` handles interruptions itself. It also sets
the garbage collector's thresholds for the whole command (see GC_THRESHOLDS).
"""

import gc
import os
import signal
import sys

# The toolkit keeps many objects alive (parsed files, findings, document trees)
# and makes many more: with Python's default thresholds (700, 10, 10) the
# collector runs often and goes through all of them. These thresholds save CPU
# for some more memory (measurements: bench/README.md).
GC_THRESHOLDS = (10_000, 10, 10)


def _stopped_while_starting(signum, frame):
    sys.stderr.write("\nĐã dừng theo yêu cầu.\n")
    os._exit(129 if signum == getattr(signal, "SIGHUP", None) else 130)


def main():
    # SIGTERM and SIGHUP too, as dossier.cli.main handles them once it runs: on a busy
    # machine importing the toolkit takes seconds, and a kill then ended it as killed (-15)
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stopped_while_starting)
    gc.set_threshold(*GC_THRESHOLDS)
    from dossier.cli import main as run

    run()

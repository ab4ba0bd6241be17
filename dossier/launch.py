"""The `dossier` command's entry point.

A Ctrl-C while Python is still importing the toolkit (the first fraction of a
second) exits quietly with 130 instead of printing a traceback; once the
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
    os._exit(130)


def main():
    signal.signal(signal.SIGINT, _stopped_while_starting)
    gc.set_threshold(*GC_THRESHOLDS)
    from dossier.cli import main as run

    run()

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
# collector runs often and goes through all of them. Measured on a class of 100
# (one run each): full build 20.2-21.6 s of user CPU in the command -> 19.0 s, its
# peak memory 213 -> 255 MB (with 20000, 50, 50: the same CPU, 340 MB); a
# one-candidate rebuild, alternating medians of 10: 2.40 -> 2.35 s.
GC_THRESHOLDS = (10_000, 10, 10)


def _stopped_while_starting(signum, frame):
    sys.stderr.write("\nĐã dừng theo yêu cầu.\n")
    os._exit(130)


def main():
    signal.signal(signal.SIGINT, _stopped_while_starting)
    gc.set_threshold(*GC_THRESHOLDS)
    from dossier.cli import main as run

    run()

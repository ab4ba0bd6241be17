"""The `dossier` command's entry point.

A Ctrl-C while Python is still importing the toolkit (the first fraction of a
second) exits quietly with 130 instead of printing a traceback; once the
command runs, ``dossier.cli.main`` handles interruptions itself.
"""

import os
import signal
import sys


def _stopped_while_starting(signum, frame):
    sys.stderr.write("\nĐã dừng theo yêu cầu.\n")
    os._exit(130)


def main():
    signal.signal(signal.SIGINT, _stopped_while_starting)
    from dossier.cli import main as run

    run()

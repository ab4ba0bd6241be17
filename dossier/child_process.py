"""A process forked by a command (the checker beside a class build) must not
outlive the command: killed with SIGKILL, the command cannot end it, and a
child left running keeps the command's output pipe open — ``dossier build … |
tee log`` would never end — and anything the command held.

:func:`die_with_parent`, called first thing in the child: on Linux the kernel
kills the child when the parent goes (``prctl(PR_SET_PDEATHSIG, SIGKILL)``,
through ctypes); everywhere, a thread of the child checks every ``poll``
seconds that its parent is still the one that forked it and ends the child
when it is not (a child whose parent died is adopted by another process).
The kernel's signal comes when the *thread* that forked the child ends: fork
from the thread that waits for the child's result, as :mod:`dossier.batch_check` does.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
ORPHAN_EXIT = 1


def die_with_parent(parent: int, poll: float = 0.5) -> None:
    """End this process when process ``parent`` (the one that forked it) ends."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the line above
        os._exit(ORPHAN_EXIT)
    threading.Thread(target=_watch, args=(parent, poll), name="dossier-parent-watch", daemon=True).start()


def _watch(parent: int, poll: float) -> None:
    while True:
        time.sleep(poll)
        if os.getppid() != parent:
            os._exit(ORPHAN_EXIT)

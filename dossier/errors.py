"""One exception hierarchy for everything that stops a run.

Problems in the user's data are reported as :class:`dossier.findings.Finding`
objects, not raised. Exceptions are for situations where a run (or one
candidate's part of a run) cannot go on. The CLI maps them to exit codes in
one place (``dossier.cli``); every message is Vietnamese, for the user.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1  # findings of severity error in the user's data
EXIT_USAGE = 2  # click's own usage errors
EXIT_ENVIRONMENT = 3  # LibreOffice missing or failing, output not writable


class DossierError(Exception):
    """Base class. ``str(error)`` is a complete Vietnamese message for the user."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.message


class DataError(DossierError):
    """The user's data cannot be used at all (for example a file that is not YAML,
    or a candidate whose organisation file cannot be found). Exit code 1."""

    exit_code = EXIT_DATA


class TemplateError(DossierError):
    """A template cannot be rendered: Jinja syntax error, a variable the data does
    not provide, a forbidden operation in the sandbox. Names template and variable.
    Exit code 1 (the template is part of the user's workspace)."""

    exit_code = EXIT_DATA


class EnvironmentFailure(DossierError):
    """The machine cannot do the work: LibreOffice missing or failing after
    retries, an output folder that is not writable, a full disk. Exit code 3."""

    exit_code = EXIT_ENVIRONMENT

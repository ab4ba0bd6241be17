"""Dates given on the command line (``--ngay``, ``--as-of``)."""

from __future__ import annotations

import click


def date_option(value: str | None, hint: str):
    """A date given on the command line (any spelling the data accepts), or None."""
    from dossier import vietnamese

    if not value:
        return None
    try:
        return vietnamese.parse_ngay(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=hint) from None

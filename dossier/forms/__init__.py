"""Forms: for each catalog code, how to turn a resolved candidate (or class)
into the values of one or more documents.

A builder is registered for a catalog code with :func:`candidate_form` or
:func:`class_form`. It returns the documents to render (a letter per
destination, an introduction per introducer: zero, one or many), or raises
:class:`NotReady` naming what the data still lacks. Builders compute every
value the template prints (see ``dossier.context`` for the shared pieces);
templates stay free of logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


class NotReady(Exception):
    """The data does not allow this document yet; ``reason`` says what is missing (Vietnamese)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NotNeeded(NotReady):
    """The data makes this document unnecessary (a committee does not write to
    itself…); ``reason`` says why, in Vietnamese. Reported as a note, not a warning."""


@dataclass
class Rendered:
    """One document to render."""

    code: str  # catalog code, e.g. "9-KNĐ"
    title: str  # as shown in the contents, e.g. "Công văn đề nghị thẩm tra lý lịch — gửi Đảng ủy xã …"
    template: str  # template file name, e.g. "9-KND.docx"
    values: dict  # the template context
    stem: str  # output file name without suffix, ASCII, unique within the dossier


CANDIDATE_FORMS: dict[str, Callable] = {}
CLASS_FORMS: dict[str, Callable] = {}


def candidate_form(code: str):
    def register(function):
        CANDIDATE_FORMS[code] = function
        return function

    return register


def class_form(code: str):
    def register(function):
        CLASS_FORMS[code] = function
        return function

    return register


def load_all() -> None:
    """Import every module of this package so that its builders register themselves."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")

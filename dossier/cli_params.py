"""Command-line value types shared by several commands."""

from __future__ import annotations

import click

from dossier import catalog
from dossier.nearest import closest, suggestion


class FormCode(click.ParamType):
    """A document code of the catalog, typed with or without Vietnamese letters
    and in any case (``9-KND`` → ``9-KNĐ``); otherwise the nearest codes."""

    name = "MÃ"

    def convert(self, value, param, ctx):
        code = catalog.lookup(str(value))
        if code is None:
            hint = suggestion(closest(str(value), catalog.entries(), n=2, cutoff=0.5))
            self.fail(f"mã tài liệu '{value}' không có trong danh mục hồ sơ{hint} "
                      "(xem danh sách bằng: dossier forms)", param, ctx)
        return code


FORM_CODE = FormCode()

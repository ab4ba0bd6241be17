"""Quotation marks around a whole value, which are not YAML's quotes.

A value pasted from Word keeps Word's typographic quotes: ``dan_toc: “Kinh”``
is, to YAML, the six characters ``“Kinh”``, and every document would print
them. Straight quotes can survive the same way inside YAML's own quoting
(``dan_toc: '"Kinh"'``). :func:`unquote` takes off such a pair when it
surrounds the whole value; quotes inside a value (``Nguyễn Văn “Tư”``,
``“Tư” và “Tèo”``) are the user's and stay.
"""

from __future__ import annotations

#: The families of quotation marks: a value opens and closes with marks of the
#: same family, in whichever direction (Word, typing fast or in another
#: language, gives ”…”, „…“ or »…«).
_FAMILIES = (
    "\"“”„‟",  # double quotes, straight and typographic
    "'‘’‚‛",  # single quotes
    "«»",  # guillemets
    "‹›",  # single guillemets
)
_FAMILY_OF = {mark: family for family in _FAMILIES for mark in family}
_SPACES = " \u00a0\u202f\u2009\t"  # French typesetting puts a (narrow) space inside guillemets


_MAX_LAYERS = 3  # ' "“Kinh”" ' is two; more is no longer a paste


def unquote(value: str) -> tuple[str, str] | None:
    """``(value without the quotes, the quotes taken off)`` when ``value`` is
    wholly enclosed in quotation marks, else None.

    ``unquote("“Kinh”") == ("Kinh", "“”")``; ``unquote("« Tày »") == ("Tày", "«»")``;
    ``unquote("‘H’Mông’") == ("H’Mông", "‘’")`` (an apostrophe between letters is
    not a quote); ``unquote("Nguyễn Văn “Tư”")`` and ``unquote("“Tư” và “Tèo”")``
    are None. Nested pairs (``"“Kinh”"``) are all taken off.
    """
    layers: list[tuple[str, str]] = []  # (the text inside, the marks taken off)
    inner = value
    while len(layers) < _MAX_LAYERS and len(inner) >= 2:
        family = _FAMILY_OF.get(inner[0])
        if family is None or inner[-1] not in family:
            break
        layers.append((inner[1:-1].strip(_SPACES), inner[0] + inner[-1]))
        inner = layers[-1][0]
    # The deepest peeling whose text holds no other quote of the families taken
    # off: in “Tư” và “Tèo” the outer marks belong to two different quotations.
    for depth in range(len(layers), 0, -1):
        text = layers[depth - 1][0]
        families = {_FAMILY_OF[marks[0]] for _, marks in layers[:depth]}
        if not any(_FAMILY_OF.get(mark) in families and not _between_letters(text, i)
                   for i, mark in enumerate(text)):
            return text, "".join(marks for _, marks in layers[:depth])
    return None


def _between_letters(text: str, i: int) -> bool:
    """An apostrophe, as in H’Mông, K’Ho: a letter on both sides."""
    return 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()

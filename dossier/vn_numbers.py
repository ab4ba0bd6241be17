"""Numbers written the Vietnamese way: "." between thousands, a decimal comma
and percentages (``1.234.567``, ``66,67%``). Document numbers (số văn bản)
are another matter: :mod:`dossier.numbers`.
"""

from __future__ import annotations

from fractions import Fraction


def so(n: int) -> str:
    """Integer with "." between thousands: ``1234567`` → ``"1.234.567"``; ``-1500`` → ``"-1.500"``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"so() expects an int, got {type(n).__name__}")
    return f"{n:,}".replace(",", ".")


def phan_tram(a: int | Fraction, b: int | Fraction, decimals: int = 2) -> str:
    """Percentage ``a/b`` with a decimal comma: ``phan_tram(2, 3) == "66,67%"``.

    Rounds half up to ``decimals`` places, then drops trailing zeros
    (``"100%"``, ``"75%"``, ``"12,5%"``). Thousands use "." (``"1.250%"``).
    A ratio that is not exactly 1 (or 0) never shows as ``"100%"`` (or ``"0%"``):
    it is held one step away (``"99,99%"``), so a non-unanimous vote never
    reads as unanimous. Raises :class:`ValueError` when ``b`` is 0.
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    if b == 0:
        raise ValueError("Không tính được tỉ lệ phần trăm khi mẫu số bằng 0")
    ratio = Fraction(a) / Fraction(b)
    scale = 10**decimals
    scaled = ratio * 100 * scale
    sign = -1 if scaled < 0 else 1
    units = sign * int(abs(scaled) + Fraction(1, 2))  # half up, away from zero
    if abs(units) == 100 * scale and abs(ratio) != 1:
        units -= sign
    if units == 0 and ratio != 0:
        units = sign
    whole, frac = divmod(abs(units), scale)
    text = so(whole)
    if decimals:
        digits = f"{frac:0{decimals}d}".rstrip("0")
        if digits:
            text += "," + digits
    return ("-" if units < 0 else "") + text + "%"

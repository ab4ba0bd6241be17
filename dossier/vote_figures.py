"""The figures of a vote as the data writes them (``moc.<milestone>``): shared
by the rules that judge a vote (:mod:`dossier.rules.votes`) and the forms that
print it (:mod:`dossier.forms.common`)."""

from __future__ import annotations


def counted(milestone: dict, members_key: str) -> tuple[int, int] | None:
    """(members as written, members counted) of a vote: ``members_key`` less
    ``so_khong_tinh``; None when the figures are not integers."""
    members, left_out = milestone.get(members_key), milestone.get("so_khong_tinh", 0)
    if not isinstance(members, int) or not isinstance(left_out, int) or isinstance(left_out, bool):
        return None
    return members, members - left_out

"""The one name rule for Glue databases, tables and columns, and deterministic collision suffixes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MAX_NAME_BYTES = 255
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_OUTSIDE = re.compile(r"[^a-z0-9_]")


def glue_name(source: str) -> str:
    """Lowercase A-Z; every other character outside ``[a-z0-9_]`` becomes ``_``; cut to 255 bytes.

    One source character gives one output character: nothing is collapsed or trimmed, leading digits stay.
    """
    return _OUTSIDE.sub("_", source.translate(_ASCII_LOWER))[:MAX_NAME_BYTES]


def with_suffix(name: str, number: int) -> str:
    """``name`` with ``_{number}`` appended, the base cut so the result stays within 255 bytes."""
    suffix = f"_{number}"
    return name[: MAX_NAME_BYTES - len(suffix)] + suffix


def assign(claims: Mapping[str, str]) -> dict[str, str]:
    """Final names for ``{source identity: natural name}``: unique, and independent of arrival order.

    Per natural name, the smallest identity keeps it; the others, in identity order, get the lowest free
    ``_2``, ``_3``, … that is neither another natural name nor already assigned.
    """
    taken = set(claims.values())
    result: dict[str, str] = {}
    kept: set[str] = set()
    losers: list[tuple[str, str]] = []
    for identity in sorted(claims):
        natural = claims[identity]
        if natural in kept:
            losers.append((identity, natural))
        else:
            kept.add(natural)
            result[identity] = natural
    for identity, natural in losers:
        number = 2
        while with_suffix(natural, number) in taken:
            number += 1
        result[identity] = with_suffix(natural, number)
        taken.add(result[identity])
    return result


def collisions(claims: Mapping[str, str], assigned: Mapping[str, str]) -> Iterable[tuple[str, str, str]]:
    """``(identity, natural, assigned)`` for every identity that did not get its natural name."""
    return ((i, claims[i], assigned[i]) for i in sorted(claims) if claims[i] != assigned[i])

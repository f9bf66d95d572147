"""The one error the normalizer raises: this asset cannot be normalized, and why."""

from __future__ import annotations


class NormalizationError(ValueError):
    """An object's CSN or EDMX has an unknown or malformed part; the caller records it and goes on."""

    def __init__(self, asset_id: str, reason: str) -> None:
        super().__init__(f"cannot normalize {asset_id}: {reason}")
        self.asset_id = asset_id
        self.reason = reason


class Malformed(ValueError):  # noqa: N818 - internal signal, re-raised as NormalizationError with the asset id
    """Raised inside the normalizer where the asset id is not at hand."""

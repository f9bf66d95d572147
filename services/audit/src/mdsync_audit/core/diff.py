"""Column differences between two versions of an asset definition."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mdsync_contracts.assets import AssetDefinition, Column

_IGNORED = frozenset({"name", "position"})


class FieldChange(BaseModel):
    """One attribute of a column that differs."""

    model_config = ConfigDict(frozen=True)

    field: str = Field(description="Column attribute.", examples=["length"])
    before: Any = Field(default=None, description="Old value.", examples=[10])
    after: Any = Field(default=None, description="New value.", examples=[20])


class ColumnChanged(BaseModel):
    """A column present in both versions whose attributes differ."""

    model_config = ConfigDict(frozen=True)

    column: str = Field(description="Column name.", examples=["ORDER_ID"])
    changes: tuple[FieldChange, ...] = Field(description="What differs.")


class DefinitionDiff(BaseModel):
    """Columns added, removed and changed between two definitions, plus other changed top-level parts."""

    model_config = ConfigDict(frozen=True)

    added: tuple[str, ...] = Field(default=(), description="Columns only in the newer version.")
    removed: tuple[str, ...] = Field(default=(), description="Columns only in the older version.")
    changed: tuple[ColumnChanged, ...] = Field(default=(), description="Columns whose attributes differ.")
    other: tuple[str, ...] = Field(default=(), description="Other definition parts that differ.", examples=[["label"]])

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed or self.other)


def column_changes(old: Column, new: Column) -> tuple[FieldChange, ...]:
    """The attributes of one column that differ (its position counts only as a reorder)."""
    before = old.model_dump(mode="json")
    after = new.model_dump(mode="json")
    fields = sorted((before.keys() | after.keys()) - _IGNORED)
    changes = [
        FieldChange(field=f, before=before.get(f), after=after.get(f)) for f in fields if before.get(f) != after.get(f)
    ]
    if old.position != new.position:
        changes.append(FieldChange(field="position", before=old.position, after=new.position))
    return tuple(changes)


def diff_definitions(old: AssetDefinition | None, new: AssetDefinition | None) -> DefinitionDiff:
    """Compare two definitions; ``None`` stands for "no definition" (before creation, after deletion)."""
    old_columns = {c.name: c for c in old.columns} if old else {}
    new_columns = {c.name: c for c in new.columns} if new else {}
    changed = []
    for name in (c.name for c in new.columns) if new else ():
        if name in old_columns and (changes := column_changes(old_columns[name], new_columns[name])):
            changed.append(ColumnChanged(column=name, changes=changes))
    return DefinitionDiff(
        added=tuple(n for n in new_columns if n not in old_columns),
        removed=tuple(n for n in old_columns if n not in new_columns),
        changed=tuple(changed),
        other=_other_changes(old, new),
    )


def _other_changes(old: AssetDefinition | None, new: AssetDefinition | None) -> tuple[str, ...]:
    if old is None or new is None:
        return ()
    skip = {"columns", "extracted_at", "source_etag"}
    before = old.model_dump(mode="json", exclude=skip)
    after = new.model_dump(mode="json", exclude=skip)
    return tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))

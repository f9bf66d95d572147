"""Backward-compatibility check between a committed message schema and the current one.

A published field may never be lost, renamed or retyped; enum values may not disappear; a field may
not become required unless the schema version was bumped (its upcaster then fills it in). Adding
optional fields and enum values is fine. Descriptions, titles, examples and defaults are ignored.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

_IDENTITY = ("x-ce-type", "x-topic")


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """List every way ``new`` breaks readers and stored payloads of ``old``; empty when compatible."""
    problems = [
        f"{name} changed from {old.get(name)!r} to {new.get(name)!r}"
        for name in _IDENTITY
        if old.get(name) != new.get(name)
    ]
    bumped = int(new.get("x-schema-version", 1)) > int(old.get("x-schema-version", 1))
    _Comparison(old, new, allow_new_required=bumped, problems=problems).node(old, new, "$")
    return problems


class _Comparison:
    """One walk over two schema documents, resolving each side's refs in its own document."""

    def __init__(self, old_root: Schema, new_root: Schema, *, allow_new_required: bool, problems: list[str]) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.allow_new_required = allow_new_required
        self.problems = problems
        self.seen: set[tuple[int, int]] = set()

    def node(self, old: Schema, new: Schema, path: str) -> None:
        """Compare two property schemas, variant by variant of their types."""
        old_kinds = _by_kind(_variants(old, self.old_root))
        new_kinds = _by_kind(_variants(new, self.new_root))
        if set(old_kinds) != set(new_kinds):
            self.problems.append(f"{path}: type changed from {_names(old_kinds)} to {_names(new_kinds)}")
            return
        for kind, old_variant in old_kinds.items():
            self._same_kind(old_variant, new_kinds[kind], path)

    def _same_kind(self, old: Schema, new: Schema, path: str) -> None:
        pair = (id(old), id(new))
        if pair in self.seen:
            return
        self.seen.add(pair)
        for word in ("format", "const"):
            if old.get(word) != new.get(word):
                self.problems.append(f"{path}: {word} changed from {old.get(word)!r} to {new.get(word)!r}")
        lost = [value for value in old.get("enum", ()) if value not in new.get("enum", ())]
        if "enum" in old and lost:
            self.problems.append(f"{path}: enum values removed: {lost}")
        if "items" in old:
            self.node(old["items"], new.get("items", {}), f"{path}[]")
        self._object(old, new, path)

    def _object(self, old: Schema, new: Schema, path: str) -> None:
        old_props: Schema = old.get("properties", {})
        new_props: Schema = new.get("properties", {})
        for name, old_prop in old_props.items():
            if name not in new_props:
                self.problems.append(f"{path}.{name}: removed (or renamed)")
            else:
                self.node(old_prop, new_props[name], f"{path}.{name}")
        newly_required = sorted(set(new.get("required", ())) - set(old.get("required", ())))
        if newly_required and not self.allow_new_required:
            self.problems.extend(
                f"{path}.{name}: now required without a schema_version bump" for name in newly_required
            )
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, dict):
            self.node(old_extra, new_extra if isinstance(new_extra, dict) else {"type": "<none>"}, f"{path}{{*}}")


def _resolve(node: Schema, root: Schema) -> Schema:
    while "$ref" in node:
        target: Any = root
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _variants(node: Schema, root: Schema) -> list[Schema]:
    node = _resolve(node, root)
    for word in ("anyOf", "oneOf"):
        if word in node:
            return [variant for part in node[word] for variant in _variants(part, root)]
    if len(node.get("allOf", ())) == 1:
        return _variants(node["allOf"][0], root)
    return [node]


def _kind(node: Schema) -> str:
    if "properties" in node:
        return "object"
    kind = node.get("type")
    if isinstance(kind, list):
        return "|".join(sorted(kind))
    return str(kind) if kind else "any"


def _by_kind(variants: list[Schema]) -> dict[str, Schema]:
    return {_kind(variant): variant for variant in variants}


def _names(kinds: dict[str, Schema]) -> str:
    return "|".join(sorted(kinds))

"""Lineage from a CSN query: sources of `SELECT.from` (joins, subqueries), `SET.args` (unions), mixins and
associations used, and output columns that directly reference a source column."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from mdsync_contracts.asset_model import ColumnLineage, Dependency, DependencyKind, ObjectRef
from mdsync_extractor.core.normalize.errors import Malformed
from mdsync_extractor.core.normalize.refs import default_alias, resolve_ref


@dataclass
class QueryLineage:
    """What a query reads and which output columns come straight from a source column."""

    dependencies: list[Dependency] = field(default_factory=list)
    columns: list[ColumnLineage] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    mixins: dict[str, ObjectRef] = field(default_factory=dict)


@dataclass(frozen=True)
class _Scope:
    space: str
    known_spaces: Collection[str]


def query_lineage(query: Any, space: str, known_spaces: Collection[str]) -> QueryLineage:
    """Walk a CSN query (`SELECT` or `SET`) and collect its lineage; raise Malformed on shapes it cannot read."""
    lineage = QueryLineage()
    _query(query, DependencyKind.FROM, _Scope(space, known_spaces), lineage)
    for name, target in lineage.mixins.items():
        if name in lineage.used_names:
            lineage.dependencies.append(Dependency(source=target, kind=DependencyKind.MIXIN))
    return lineage


def _query(query: Any, kind: DependencyKind, scope: _Scope, lineage: QueryLineage) -> None:
    if not isinstance(query, dict):
        raise Malformed(f"query part is not an object: {str(query)[:80]}")
    if "SELECT" in query:
        _select(query["SELECT"], kind, scope, lineage)
    elif "SET" in query:
        args = query["SET"].get("args") if isinstance(query["SET"], dict) else None
        if not isinstance(args, list) or not args:
            raise Malformed("query SET has no `args` list")
        for arg in args:
            _query(arg, DependencyKind.UNION, scope, lineage)
    else:
        raise Malformed(f"query has neither SELECT nor SET: keys {sorted(query)}")


def _select(select: Any, kind: DependencyKind, scope: _Scope, lineage: QueryLineage) -> None:
    if not isinstance(select, dict) or "from" not in select:
        raise Malformed("SELECT has no `from`")
    aliases: dict[str, ObjectRef] = {}
    _from(select["from"], kind, scope, lineage, aliases)
    _mixins(select.get("mixin"), scope, lineage)
    lineage.used_names.update(_ref_names({k: v for k, v in select.items() if k not in ("from", "mixin")}))
    lineage.used_names.update(_ref_names(_join_conditions(select["from"])))
    columns = select.get("columns")
    if isinstance(columns, list):
        lineage.columns.extend(_column_lineage(columns, aliases, set(lineage.mixins)))


def _from(
    source: Any, kind: DependencyKind, scope: _Scope, lineage: QueryLineage, aliases: dict[str, ObjectRef]
) -> None:
    if not isinstance(source, dict):
        raise Malformed(f"`from` is not an object: {str(source)[:80]}")
    if "ref" in source:
        name = _ref_name(source["ref"])
        target = resolve_ref(name, scope.space, scope.known_spaces)
        lineage.dependencies.append(Dependency(source=target, kind=kind))
        alias = source.get("as")
        aliases[alias if isinstance(alias, str) else default_alias(name)] = target
    elif "join" in source:
        args = source.get("args")
        if not isinstance(args, list) or len(args) < 2:
            raise Malformed("join needs at least two `args`")
        for arg in args:
            _from(arg, DependencyKind.JOIN, scope, lineage, aliases)
    elif "SELECT" in source or "SET" in source:
        _query(source, kind, scope, lineage)
    else:
        raise Malformed(f"`from` is neither a ref, a join nor a subquery: keys {sorted(source)}")


def _ref_name(ref: Any) -> str:
    first = ref[0] if isinstance(ref, list) and ref else None
    if isinstance(first, dict):
        first = first.get("id")  # a parameterized source: {"id": name, "args": {...}}
    if not isinstance(first, str) or not first:
        raise Malformed(f"source ref is not a name: {str(ref)[:80]}")
    return first


def _mixins(mixin: Any, scope: _Scope, lineage: QueryLineage) -> None:
    if mixin is None:
        return
    if not isinstance(mixin, dict):
        raise Malformed("SELECT `mixin` is not an object")
    for name, definition in mixin.items():
        target = definition.get("target") if isinstance(definition, dict) else None
        if not isinstance(target, str) or not target:
            raise Malformed(f"mixin {name!r} has no target")
        lineage.mixins[name] = resolve_ref(target, scope.space, scope.known_spaces)


def _join_conditions(source: Any) -> list[Any]:
    if not isinstance(source, dict) or "join" not in source:
        return []
    nested = [part for arg in source.get("args", []) for part in _join_conditions(arg)]
    return [source.get("on"), *nested]


def _ref_names(value: Any) -> Iterator[str]:
    """Every name segment of every `ref` inside ``value`` (columns, where, on, …)."""
    if isinstance(value, dict):
        ref = value.get("ref")
        if isinstance(ref, list):
            yield from (part for part in ref if isinstance(part, str))
        for key, inner in value.items():
            if key != "ref" and key != "SELECT":
                yield from _ref_names(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _ref_names(inner)


def _column_lineage(columns: list[Any], aliases: dict[str, ObjectRef], mixins: set[str]) -> Iterator[ColumnLineage]:
    only = next(iter(aliases.values())) if len(aliases) == 1 else None
    for column in columns:
        ref = column.get("ref") if isinstance(column, dict) else None
        if not isinstance(ref, list) or not ref or not all(isinstance(part, str) for part in ref):
            continue
        alias = column.get("as")
        output = alias if isinstance(alias, str) else ref[-1]
        if len(ref) == 2 and ref[0] in aliases:
            yield ColumnLineage(column=output, source=aliases[ref[0]], source_column=ref[1])
        elif len(ref) == 1 and only is not None and ref[0] not in mixins and not ref[0].startswith("$"):
            yield ColumnLineage(column=output, source=only, source_column=ref[0])

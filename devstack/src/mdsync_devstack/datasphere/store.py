"""The in-memory tenant: loaded from a fixture directory, changed by design-time writes, versioned."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from mdsync_devstack.datasphere.csn import CsnDocument, FlowDocument, parse_object
from mdsync_devstack.datasphere.fixtures import Connection, ObjectType, TenantFile

log = logging.getLogger(__name__)

_CONNECTIONS = TypeAdapter(list[Connection])
# Where a bare or cross-space reference is looked up, in this order.
_SOURCE_TYPES = (ObjectType.VIEWS, ObjectType.LOCAL_TABLES, ObjectType.REMOTE_TABLES, ObjectType.ANALYTIC_MODELS)


class FixtureError(ValueError):
    """The tenant directory cannot be loaded at all (no or invalid tenant.json)."""


@dataclass(frozen=True)
class StoredObject:
    """A design-time object: the body served as-is, what parsed of it, and the problems found."""

    space: str
    type: ObjectType
    name: str
    body: bytes
    document: CsnDocument | FlowDocument | None
    problems: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """SHA-256 of the body, so any redeploy changes it."""
        return hashlib.sha256(self.body).hexdigest()


def make_object(space: str, object_type: ObjectType, name: str, body: bytes) -> StoredObject:
    """Parse ``body`` and wrap it as a stored object (malformed bodies are kept, with their problems)."""
    parsed = parse_object(object_type, name, body)
    return StoredObject(space, object_type, name, body, parsed.document, parsed.problems)


@dataclass
class TenantStore:
    """Spaces, clients, objects and connections of one tenant; ``version`` grows on every change.

    ``load_problems`` holds directory-level problems; each object keeps its own in ``problems``.
    """

    tenant: TenantFile
    objects: dict[tuple[str, ObjectType, str], StoredObject] = field(default_factory=dict)
    connections: dict[str, tuple[Connection, ...]] = field(default_factory=dict)
    load_problems: list[str] = field(default_factory=list)
    version: int = 0

    def has_space(self, space: str) -> bool:
        """True when the tenant has this space."""
        return space in self.tenant.space_names()

    def get(self, space: str, object_type: ObjectType, name: str) -> StoredObject | None:
        """One object, or None."""
        return self.objects.get((space, object_type, name))

    def list(self, space: str, object_type: ObjectType) -> list[StoredObject]:
        """Objects of one type in one space, sorted by technical name."""
        found = [obj for (sp, ty, _), obj in self.objects.items() if sp == space and ty == object_type]
        return sorted(found, key=lambda obj: obj.name)

    def put(self, obj: StoredObject) -> None:
        """Create or replace an object."""
        self.objects[(obj.space, obj.type, obj.name)] = obj
        self.version += 1

    def delete(self, space: str, object_type: ObjectType, name: str) -> bool:
        """Remove an object; False when it did not exist."""
        removed = self.objects.pop((space, object_type, name), None)
        self.version += 1
        return removed is not None

    def resolve(self, space: str, ref: str) -> StoredObject | None:
        """The object a CSN reference names: ``OTHERSPACE.OBJECT`` when the prefix is a space, else local."""
        prefix, _, rest = ref.partition(".")
        if rest and prefix != space and self.has_space(prefix):
            found = self._find(prefix, rest)
            if found is not None:
                return found
        return self._find(space, ref)

    def _find(self, space: str, name: str) -> StoredObject | None:
        for object_type in _SOURCE_TYPES:
            found = self.get(space, object_type, name)
            if found is not None:
                return found
        return None


def load_tenant(directory: Path) -> TenantStore:
    """Load ``<dir>/tenant.json`` and every ``spaces/<SPACE>/<type>/<name>.json``; bad files are logged, not fatal."""
    tenant = _read_tenant_file(directory / "tenant.json")
    store = TenantStore(tenant=tenant)
    for space in tenant.space_names():
        _load_space(store, directory / "spaces" / space, space)
    unknown = _unknown_space_dirs(directory / "spaces", set(tenant.space_names()))
    store.load_problems.extend(f"spaces/{name}: not a space in tenant.json, ignored" for name in unknown)
    for problem in store.load_problems:
        log.warning("tenant fixture problem: %s", problem)
    return store


def _read_tenant_file(path: Path) -> TenantFile:
    try:
        return TenantFile.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise FixtureError(f"{path}: missing; a tenant directory needs tenant.json") from None
    except ValidationError as error:
        raise FixtureError(f"{path}: {error}") from None


def _load_space(store: TenantStore, space_dir: Path, space: str) -> None:
    for object_type in ObjectType:
        for file in sorted((space_dir / object_type.value).glob("*.json")):
            obj = make_object(space, object_type, file.stem, file.read_bytes())
            store.objects[(space, object_type, obj.name)] = obj
            for problem in obj.problems:
                log.warning("tenant fixture problem: %s: %s", file, problem)
    store.connections[space] = _load_connections(space_dir / "connections.json", store.load_problems)


def _load_connections(path: Path, problems: list[str]) -> tuple[Connection, ...]:
    if not path.exists():
        return ()
    try:
        return tuple(_CONNECTIONS.validate_json(path.read_bytes()))
    except ValidationError as error:
        problems.append(f"{path}: {error}")
        return ()


def _unknown_space_dirs(spaces_dir: Path, known: set[str]) -> list[str]:
    if not spaces_dir.is_dir():
        return []
    return sorted(entry.name for entry in spaces_dir.iterdir() if entry.is_dir() and entry.name not in known)

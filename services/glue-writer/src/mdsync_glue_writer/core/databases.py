"""The Glue database of a Datasphere space: the same definition whichever command creates it (pure).

Commands of one database arrive on many partitions, so a table's write may create its database before the
mapper's EnsureDatabase does. Both paths derive the database from the space, never from the first table.
"""

from __future__ import annotations

from mdsync_contracts.glue import DatabaseInput, UpsertTable
from mdsync_glue_writer.core.params import OWNER, OWNER_KEY

TENANT_KEY = "mdsync.tenant"
SPACE_KEY = "mdsync.space"


def space_database(name: str, tenant: str, space: str) -> DatabaseInput:
    """The database of ``space``: described by it and marked with owner, tenant and space (as the mapper sends)."""
    return DatabaseInput(
        name=name,
        description=f"Datasphere space {space}",
        parameters={OWNER_KEY: OWNER, TENANT_KEY: tenant, SPACE_KEY: space},
    )


def implied_database(command: UpsertTable) -> DatabaseInput:
    """The database a table command needs: its asset's space (from the table's marks, else the asset id)."""
    marks = command.table_input.parameters
    tenant, space = marks.get(TENANT_KEY), marks.get(SPACE_KEY)
    parts = (command.asset_id or "").split("/", 2)
    if (tenant is None or space is None) and len(parts) == 3:
        tenant, space = tenant or parts[0], space or parts[1]
    if not tenant or not space:
        return owned(DatabaseInput(name=command.database))
    return space_database(command.database, tenant, space)


def owned(database: DatabaseInput) -> DatabaseInput:
    """``database`` with mdsync's owner mark."""
    return database.model_copy(update={"parameters": {**(database.parameters or {}), OWNER_KEY: OWNER}})


def reconciled(current: DatabaseInput, desired: DatabaseInput) -> DatabaseInput | None:
    """What an existing mdsync database becomes to match ``desired`` (others' Parameters kept); None: nothing."""
    if (current.parameters or {}).get(OWNER_KEY) != OWNER:
        return None
    parameters = dict(sorted({**(current.parameters or {}), **(desired.parameters or {})}.items()))
    update = {"parameters": parameters, "description": desired.description or current.description}
    target = current.model_copy(update=update)
    return None if target == current else target

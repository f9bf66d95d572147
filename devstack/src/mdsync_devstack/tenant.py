"""The Datasphere simulator's tenant directory: chosen by ``up --tenant``, remembered for later ``up`` runs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mdsync_devstack.component import DevstackError
from mdsync_devstack.settings import TENANT_ENV, StateDir

log = logging.getLogger("mdsync_devstack")


def _remembered(state: StateDir) -> Path:
    return state.root / "tenant"


def choose_tenant(state: StateDir, given: Path | None) -> Path | None:
    """Put the tenant in ``MDSYNC_DATASPHERE_TENANT`` for the components; return the one in force.

    ``--tenant`` wins and is remembered; else an already set variable; else the one remembered from an
    earlier ``up --tenant``, so a plain ``up`` reuses the running simulator instead of switching its tenant.
    """
    if given is not None:
        if not given.is_dir():
            raise DevstackError(f"--tenant {given}: not a directory")
        chosen = given.resolve()
        _remembered(state).write_text(str(chosen))
    elif os.environ.get(TENANT_ENV):
        return Path(os.environ[TENANT_ENV])
    elif _remembered(state).is_file():
        chosen = Path(_remembered(state).read_text().strip())
        log.info("datasphere tenant %s (remembered from an earlier up --tenant)", chosen)
    else:
        return None
    os.environ[TENANT_ENV] = str(chosen)
    return chosen


def forget_tenant(state: StateDir) -> None:
    """Drop the remembered tenant (``down --wipe``)."""
    _remembered(state).unlink(missing_ok=True)

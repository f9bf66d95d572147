"""The registry of devstack components: the one place a component is added."""

from __future__ import annotations

from mdsync_devstack.component import Component
from mdsync_devstack.datasphere.component import DatasphereComponent
from mdsync_devstack.glue import GlueComponent
from mdsync_devstack.kafka import KafkaComponent
from mdsync_devstack.mongo import MongoComponent


def registry() -> list[Component]:
    """Every component, in the order ``status`` lists them; ``up`` starts them concurrently.

    To add one, subclass ``Component`` (see ``glue.py`` for the smallest example) and append an instance here.
    The Datasphere simulator's component belongs here too, imported from ``mdsync_devstack.datasphere``; its
    tenant directory arrives in the ``MDSYNC_DATASPHERE_TENANT`` environment variable (``up --tenant DIR``).
    """
    return [KafkaComponent(), MongoComponent(), GlueComponent(), DatasphereComponent()]

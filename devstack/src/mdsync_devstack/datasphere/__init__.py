"""A faithful local SAP Datasphere simulator: OAuth, catalog and consumption OData, design-time REST, faults.

Start it with ``python -m mdsync_devstack.datasphere --tenant DIR``; build apps in tests with
``create_api_app(SimState(dir))`` and ``create_token_app(state)``.
"""

from mdsync_devstack.datasphere.api_app import create_api_app
from mdsync_devstack.datasphere.state import SimState
from mdsync_devstack.datasphere.token_app import create_token_app

__all__ = ["SimState", "create_api_app", "create_token_app"]

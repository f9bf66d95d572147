"""The demo tenant's content, written to ``devstack/tenants/demo`` by ``python -m mdsync_devstack.datasphere.demo``."""

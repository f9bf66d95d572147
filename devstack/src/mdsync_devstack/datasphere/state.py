"""Everything one running simulator holds: tenant, catalog index, tokens, faults, limiter, stats, config."""

from __future__ import annotations

import time
from pathlib import Path

from mdsync_devstack.datasphere.catalog import CatalogIndex
from mdsync_devstack.datasphere.faults import FaultBook
from mdsync_devstack.datasphere.limits import RateLimiter
from mdsync_devstack.datasphere.settings import SimConfig
from mdsync_devstack.datasphere.stats import RequestStats
from mdsync_devstack.datasphere.store import load_tenant
from mdsync_devstack.datasphere.tokens import Clock, TokenIssuer


class SimState:
    """Shared by the API app and the token app of one simulator."""

    def __init__(self, tenant_dir: Path, config: SimConfig | None = None, clock: Clock = time.time) -> None:
        self.clock = clock
        self.tenant_dir = tenant_dir
        self.initial_config = config or SimConfig()
        self.config = self.initial_config
        self.store = load_tenant(tenant_dir)
        self.catalog = CatalogIndex(self.store)
        self.tokens = self._issuer()
        self.faults = FaultBook()
        self.limiter = RateLimiter(clock)
        self.stats = RequestStats()

    def set_config(self, config: SimConfig) -> None:
        """Put new knobs in force (token lifetimes apply to tokens issued from now on)."""
        self.config = config
        self.tokens.access_ttl = config.token_ttl_seconds
        self.tokens.refresh_ttl = config.refresh_token_ttl_seconds

    def reset(self, tenant_dir: Path | None = None, *, revoke_tokens: bool = False) -> None:
        """Reload the tenant from disk (undoing writes), clear faults, limits and stats, restore the config."""
        changed_tenant = tenant_dir is not None and tenant_dir != self.tenant_dir
        store = load_tenant(tenant_dir or self.tenant_dir)
        self.tenant_dir, self.store = tenant_dir or self.tenant_dir, store
        self.catalog = CatalogIndex(self.store)
        self.set_config(self.initial_config)
        if changed_tenant or revoke_tokens:
            self.tokens = self._issuer()
        else:
            self.tokens.tenant = self.store.tenant
        self.faults.clear()
        self.limiter.clear()
        self.stats.clear()

    def _issuer(self) -> TokenIssuer:
        return TokenIssuer(
            self.store.tenant, self.clock, self.config.token_ttl_seconds, self.config.refresh_token_ttl_seconds
        )

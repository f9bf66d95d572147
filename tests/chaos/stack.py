"""The chaos suite's own devstack (alternate ports, own state, persistent store) and its tenant."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHAOS_ROOT = REPO / ".devstack" / "chaos"
STATE = CHAOS_ROOT / "stack"
REPORT = CHAOS_ROOT / "report.jsonl"
# 160 design-time objects in 2 spaces (48 of them catalog assets, 144 Glue tables): a job of seconds.
TENANT_OBJECTS = 160
TENANT_SPACES = 2
# Named by its size, so a changed size is a new directory and the running simulator is restarted with it.
TENANT = CHAOS_ROOT / f"tenant-{TENANT_OBJECTS}x{TENANT_SPACES}"
TENANT_CLIENT = ("bench-sync", "bench-sync-secret-1")

# Every port moved, so stopping this stack's Kafka or store never touches the shared devstack other tiers use.
STACK_ENV = {
    "MDSYNC_STATE_DIR": str(STATE),
    "MDSYNC_KAFKA_PORT": "29092",
    "MDSYNC_KAFKA_CONTROLLER_PORT": "29093",
    "MDSYNC_MONGO_PORT": "27038",
    "MDSYNC_GLUE_PORT": "5075",
    "MDSYNC_DATASPHERE_PORT": "8721",
    "MDSYNC_DATASPHERE_TOKEN_PORT": "8722",
    "MDSYNC_STORE_PERSIST": "1",
    "MDSYNC_DATASPHERE_TENANT": str(TENANT),
}


def enter() -> None:
    """Point this process (the port registry, the devstack API, clients) at the chaos stack."""
    os.environ.update(STACK_ENV)


def prepare() -> None:
    """Generate the tenant once, share the main devstack's jar cache (no second Maven download), drop old runs."""
    STATE.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(STATE / "runs", ignore_errors=True)
    shared_cache = REPO / ".devstack" / "cache"
    cache = STATE / "cache"
    if shared_cache.is_dir() and not cache.exists():
        cache.symlink_to(shared_cache, target_is_directory=True)
    if not (TENANT / "tenant.json").is_file():
        generate = [sys.executable, "-m", "mdsync_devstack.datasphere.generate", "--assets", str(TENANT_OBJECTS)]
        generate += ["--spaces", str(TENANT_SPACES), "--out", str(TENANT)]
        subprocess.run(generate, check=True, capture_output=True, timeout=120)

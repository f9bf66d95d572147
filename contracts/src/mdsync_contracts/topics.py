"""Topic names and key functions: the only place they are spelled."""

from __future__ import annotations

SYNC_JOBS = "mdsync.sync.jobs.v1"
ASSET_CHANGES = "mdsync.datasphere.asset-changes.v1"
GLUE_COMMANDS = "mdsync.glue.commands.v1"
GLUE_RESULTS = "mdsync.glue.results.v1"
DEADLETTER = "mdsync.deadletter.v1"
RULE_SETS = "mdsync.mapper.rule-sets.v1"
ALERTS = "mdsync.alerts.v1"
DATASPHERE_CREDENTIALS = "mdsync.datasphere.credentials.v1"
SECURITY_ACCESS = "mdsync.security.access.v1"

ALL_TOPICS: tuple[str, ...] = (
    SYNC_JOBS,
    ASSET_CHANGES,
    GLUE_COMMANDS,
    GLUE_RESULTS,
    DEADLETTER,
    RULE_SETS,
    ALERTS,
    DATASPHERE_CREDENTIALS,
    SECURITY_ACCESS,
)


def prefixed(topic: str, prefix: str = "") -> str:
    """Return ``topic`` with the environment prefix (e.g. ``dog.``) in front."""
    return f"{prefix}{topic}"


def asset_key(tenant: str, space: str, technical_name: str) -> str:
    """Key (and natural id) of a Datasphere asset: ``{tenant}/{space}/{technical_name}``."""
    return f"{tenant}/{space}/{technical_name}"


def glue_database_key(database: str) -> str:
    """Key of messages about a whole Glue database: its name."""
    return database


def glue_table_key(database: str, table: str) -> str:
    """Key (and natural id) of a Glue table: ``{database}.{table}``."""
    return f"{database}.{table}"


def job_key(job_id: str) -> str:
    """Key of a sync job's messages: the job id."""
    return job_id


def rule_set_key(environment: str) -> str:
    """Key of messages about an environment's mapping rule set: the environment name."""
    return environment


def alert_key(cause: str) -> str:
    """Key (and natural id) of an alert: its cause key, so one cause has one open alert."""
    return cause


def credentials_key(tenant: str) -> str:
    """Key of messages about a tenant's Datasphere credentials: the tenant."""
    return tenant


def access_key(subject: str) -> str:
    """Key of access decisions: the subject (or ``anonymous``), so one caller's decisions stay in order."""
    return subject

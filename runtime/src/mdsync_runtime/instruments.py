"""Every metric mdsync exports, in one place: names follow the OTel semantic conventions where one exists.

Prometheus sees them with dots turned into underscores and the unit as suffix (counters end in ``_total``,
``{annotation}`` units are dropped): ``messaging.process.duration`` → ``messaging_process_duration_seconds``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Counter, Histogram, Meter, ObservableGauge, Observation

SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
"""Histogram bounds for latencies in seconds (the SDK's defaults suit milliseconds)."""

LagSource = Callable[[], Iterable[Observation]]


class LagSources:
    """Consumers currently running in this process, asked for their lag when the gauge is read."""

    def __init__(self) -> None:
        self._sources: dict[int, LagSource] = {}
        self._lock = threading.Lock()

    def add(self, key: int, source: LagSource) -> None:
        """Observe ``source`` until ``remove(key)``."""
        with self._lock:
            self._sources[key] = source

    def remove(self, key: int) -> None:
        """Stop observing the source added under ``key``."""
        with self._lock:
            self._sources.pop(key, None)

    def observe(self, _options: CallbackOptions) -> Iterable[Observation]:
        """Every source's observations (the observable gauge's callback)."""
        with self._lock:
            sources = list(self._sources.values())
        return [observation for source in sources for observation in source()]


@dataclass(frozen=True)
class Instruments:
    """The instruments of every service (an instrument nobody records on is simply not exported)."""

    consumed: Counter
    sent: Counter
    process_duration: Histogram
    dead_lettered: Counter
    consumer_lag: ObservableGauge
    http_client_duration: Histogram
    rate_limiter_wait: Histogram
    glue_calls: Counter
    jobs_finished: Counter
    asset_outcomes: Counter
    audit_events: Counter
    db_operation_duration: Histogram

    @classmethod
    def create(cls, meter: Meter, lag: LagSources) -> Instruments:
        """Create every instrument on ``meter``; the lag gauge reads ``lag``."""
        return cls(
            consumed=meter.create_counter(
                "messaging.client.consumed.messages", "{message}", "Records delivered to a handler, per topic."
            ),
            sent=meter.create_counter(
                "messaging.client.sent.messages",
                "{message}",
                "Messages the broker acknowledged (or failed), per topic.",
            ),
            process_duration=meter.create_histogram(
                "messaging.process.duration",
                "s",
                "Time to drive one record to its outcome (handled, skipped or dead-lettered), retries included.",
                explicit_bucket_boundaries_advisory=SECONDS_BUCKETS,
            ),
            dead_lettered=meter.create_counter(
                "mdsync.messages.dead_lettered",
                "{message}",
                "Records sent to the dead-letter topic, per original topic.",
            ),
            consumer_lag=meter.create_observable_gauge(
                "mdsync.consumer.lag",
                [lag.observe],
                "{message}",
                "Records on a partition not yet handled and committed: highwater minus committed offset.",
            ),
            http_client_duration=meter.create_histogram(
                "http.client.request.duration",
                "s",
                "Datasphere API requests (one per attempt), by status code.",
                explicit_bucket_boundaries_advisory=SECONDS_BUCKETS,
            ),
            rate_limiter_wait=meter.create_histogram(
                "mdsync.datasphere.rate_limiter.wait.duration",
                "s",
                "Waits imposed by the client-side Datasphere rate limiter (only requests that had to wait).",
                explicit_bucket_boundaries_advisory=SECONDS_BUCKETS,
            ),
            glue_calls=meter.create_counter(
                "mdsync.glue.calls", "{call}", "Glue API calls (after botocore's retries), by operation and outcome."
            ),
            jobs_finished=meter.create_counter(
                "mdsync.jobs.finished", "{job}", "Sync jobs finished, by final status and priority."
            ),
            asset_outcomes=meter.create_counter(
                "mdsync.assets.outcomes", "{asset}", "Assets counted into a job, by final outcome."
            ),
            audit_events=meter.create_counter(
                "mdsync.audit.events",
                "{event}",
                "Events the audit service ingested, by the event's tenant (not the process's): stored, or duplicate.",
            ),
            db_operation_duration=meter.create_histogram(
                "db.client.operation.duration",
                "s",
                "Store commands of every service, by operation and collection.",
                explicit_bucket_boundaries_advisory=SECONDS_BUCKETS,
            ),
        )


LAG_SOURCES = LagSources()


@functools.cache
def instruments() -> Instruments:
    """The process's instruments on the global meter (forwarded to the provider ``setup_metrics`` installs)."""
    return Instruments.create(metrics.get_meter("mdsync"), LAG_SOURCES)

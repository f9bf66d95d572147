"""Alerting: rules over the audit store, alerts with one open per cause, and their delivery."""

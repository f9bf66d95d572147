"""Benchmarks: each prints its figures and a ratio against its baseline."""

# The same commands for people, the README and CI. `make help` lists them.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
PYTEST := $(PY) -m pytest
TENANT ?=
CLIENT ?=

.PHONY: help preflight install lint test test-unit coverage test-integration test-e2e chaos bench demo \
        devstack-up devstack-down devstack-status services-up services-down contracts audit secrets-scan

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

preflight: ## Name any missing prerequisite (Python >= 3.11, JDK >= 17, Maven) and how to get it
	@python3 devstack/src/mdsync_devstack/preflight.py

.venv/.installed: pyproject.toml uv.lock */pyproject.toml services/*/pyproject.toml
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is required" >&2; exit 1; }
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.8"
	@$(UV) sync --frozen --all-packages >&2
	@touch $@

install: preflight .venv/.installed ## Install every package into .venv (mdsync CLI: .venv/bin/mdsync)

lint: .venv/.installed ## ruff (lint + format check) and mypy (strict for contracts and runtime)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy --strict -p mdsync_contracts -p mdsync_runtime
	$(PY) -m mypy -p mdsync_cli -p mdsync_devstack -p mdsync_extractor -p mdsync_mapper \
	    -p mdsync_glue_writer -p mdsync_audit -p mdsync_agent -p mdsync_ui

contracts: .venv/.installed ## Regenerate the committed JSON Schemas and AsyncAPI document
	$(PY) -m mdsync_contracts.generate

test-unit: .venv/.installed ## Fast tests: no server needed
	$(PYTEST) -m "not integration and not e2e"

coverage: .venv/.installed ## Unit tier with line + branch coverage per package; fails below fail_under (pyproject)
	$(PYTEST) -m "not integration and not e2e" --cov --cov-report= --cov-fail-under=0
	@mkdir -p .devstack && $(PY) -m coverage json -q -o .devstack/coverage.json
	@$(PY) .ci/coverage_report.py .devstack/coverage.json
	$(PY) -m coverage report --format=total

test-integration: devstack-up ## Tests against the real devstack (Kafka, Mongo-wire store, moto, simulator)
	$(PYTEST) -m "integration"

test-e2e: devstack-up ## End-to-end scenarios with every service running
	$(PYTEST) -m "e2e"

chaos: preflight .venv/.installed ## Fault injection on a dedicated devstack (alternate ports); figures table at the end
	$(PYTEST) -m chaos -s tests/chaos

audit: .venv/.installed ## Locked dependencies against known advisories (pip-audit; ignore list in audit-ignore.toml)
	$(PY) -m mdsync_devstack.supply_chain

secrets-scan: .venv/.installed ## Fail when a secret, token or key appears in any log, span file or test output
	$(PY) -m mdsync_devstack.secrets_scan

test: lint audit coverage test-integration test-e2e chaos secrets-scan ## Everything CI runs (the unit tier under coverage)

bench: devstack-up ## Benchmarks; each prints its figures and a ratio against its baseline
	$(PY) -m bench

eval-agent: .venv/.installed ## Score the discovery agent on its question sets (dev and held-out)
	$(PY) -m mdsync_agent.eval

devstack-up: preflight .venv/.installed ## Start (or reuse) Kafka, the Mongo-wire store, moto and the simulator
	$(PY) -m mdsync_devstack up $(if $(TENANT),--tenant $(TENANT))

devstack-down: .venv/.installed ## Stop the devstack by pid
	$(PY) -m mdsync_devstack down

devstack-status: .venv/.installed ## One JSON object: each component's state and endpoint
	@$(PY) -m mdsync_devstack status

services-up: devstack-up ## Start every service as a local process
	.venv/bin/mdsync services up

services-down: .venv/.installed ## Stop every service
	.venv/bin/mdsync services down

demo: devstack-up ## Start everything and sync the demo tenant (TENANT=<dir>, CLIENT=<client_id>)
	.venv/bin/mdsync demo $(if $(TENANT),--tenant $(TENANT)) $(if $(CLIENT),--client $(CLIENT))

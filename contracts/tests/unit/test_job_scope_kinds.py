"""A job scope may name object kinds: checked against the known kinds, and old scopes without kinds still read."""

import pytest
from pydantic import ValidationError

from mdsync_contracts.asset_model import AssetKind
from mdsync_contracts.base import Environment
from mdsync_contracts.jobs import JobRequested, JobScope


def test_a_scope_without_kinds_reads_as_every_kind() -> None:
    scope = JobScope.model_validate({"spaces": ["SALES"]})

    assert scope.kinds == ()


def test_kinds_are_read_by_name_and_kept_once_each() -> None:
    scope = JobScope.model_validate({"spaces": ["SALES"], "kinds": ["view", "local_table", "view"]})

    assert scope.kinds == (AssetKind.LOCAL_TABLE, AssetKind.VIEW)


def test_an_unknown_kind_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError, match=r"kinds\.0") as raised:
        JobScope.model_validate({"spaces": ["SALES"], "kinds": ["views"]})

    assert "'views'" in str(raised.value)


def test_a_job_request_carries_its_kinds_through_json() -> None:
    request = JobRequested(
        job_id="job-1",
        environment=Environment.DOG,
        tenant="acme",
        requester="operator:jane",
        scope=JobScope(spaces=("SALES",), kinds=(AssetKind.VIEW,)),
    )

    again = JobRequested.model_validate_json(request.model_dump_json())

    assert again.scope.kinds == (AssetKind.VIEW,)

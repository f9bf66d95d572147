"""Job scopes against the caller's spaces: what a caller may ask for and which jobs it sees."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from mdsync_contracts.asset_model import ObjectRef
from mdsync_contracts.jobs import JobScope
from mdsync_extractor.api.access import MAX_SCOPE_SPACES, bounded, scope_for, sees_scope
from mdsync_runtime.auth import Principal, Role

EVERYWHERE = Principal(subject="admin:ada", roles=frozenset({Role.ADMIN}), spaces=None)
FINANCE = Principal(subject="op:fiona", roles=frozenset({Role.OPERATOR}), spaces=frozenset({"FINANCE", "HR"}))


def test_a_scope_is_seen_only_when_every_space_of_it_is_visible() -> None:
    assert sees_scope(FINANCE, JobScope(spaces=("FINANCE",)))
    assert not sees_scope(FINANCE, JobScope(spaces=("FINANCE", "SALES")))
    assert not sees_scope(FINANCE, JobScope(assets=(ObjectRef(space="SALES", technical_name="ORDERS"),)))
    assert not sees_scope(FINANCE, JobScope())  # every space: only for callers who see every space
    assert sees_scope(EVERYWHERE, JobScope())


def test_asking_for_other_spaces_is_refused_naming_them() -> None:
    asked = JobScope(spaces=("FINANCE", "SALES"), assets=(ObjectRef(space="CRM", technical_name="X"),))
    with pytest.raises(HTTPException) as refused:
        scope_for(FINANCE, asked)
    assert (refused.value.status_code, refused.value.detail) == (403, "op:fiona may not act on space(s) CRM, SALES")


def test_an_empty_scope_becomes_the_callers_spaces() -> None:
    assert scope_for(FINANCE, JobScope()) == JobScope(spaces=("FINANCE", "HR"))
    assert scope_for(EVERYWHERE, JobScope()) == JobScope()
    assert scope_for(FINANCE, JobScope(spaces=("HR",))) == JobScope(spaces=("HR",))


def test_an_empty_scope_of_some_kinds_keeps_its_kinds() -> None:
    asked = JobScope.model_validate({"kinds": ["view"]})
    assert scope_for(FINANCE, asked) == JobScope.model_validate({"spaces": ["FINANCE", "HR"], "kinds": ["view"]})


def test_oversized_scopes_are_refused_naming_the_limit() -> None:
    with pytest.raises(ValueError, match=f"at most {MAX_SCOPE_SPACES} spaces"):
        bounded(JobScope(spaces=tuple(f"S{i}" for i in range(MAX_SCOPE_SPACES + 1))))
    with pytest.raises(ValueError, match="at most 256 characters"):
        bounded(JobScope(spaces=("S" * 257,)))
    assert bounded(JobScope(spaces=("SALES",))) == JobScope(spaces=("SALES",))

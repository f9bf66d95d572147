"""The extractor's control API: jobs, schedules and held deletions."""

from fastapi import APIRouter

from mdsync_extractor.api import holds, jobs, schedules

router = APIRouter()
router.include_router(jobs.router)
router.include_router(schedules.router)
router.include_router(holds.router)

__all__ = ["router"]

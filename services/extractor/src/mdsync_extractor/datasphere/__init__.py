"""Client of the SAP Datasphere APIs: OAuth2, rate limiting, retries, paging, typed results."""

from mdsync_extractor.datasphere.client import DatasphereClient
from mdsync_extractor.datasphere.config import DatasphereConfig
from mdsync_extractor.datasphere.errors import (
    AccessDeniedError,
    AuthenticationError,
    DatasphereError,
    DatasphereUnavailableError,
    InvalidResponseError,
    LoginPageError,
    ObjectNotFoundError,
    RequestFailedError,
)
from mdsync_extractor.datasphere.models import CatalogAsset, ObjectSummary, ObjectType, RawObject, SpaceInfo
from mdsync_extractor.datasphere.ratelimit import TokenBucket

__all__ = [
    "AccessDeniedError",
    "AuthenticationError",
    "CatalogAsset",
    "DatasphereClient",
    "DatasphereConfig",
    "DatasphereError",
    "DatasphereUnavailableError",
    "InvalidResponseError",
    "LoginPageError",
    "ObjectNotFoundError",
    "ObjectSummary",
    "ObjectType",
    "RawObject",
    "RequestFailedError",
    "SpaceInfo",
    "TokenBucket",
]

"""Client profile: devstack defaults only in dog, explicit standard retries, role assumption when configured."""

from mdsync_contracts.base import Environment
from mdsync_glue_writer.glue_client import resolve_profile
from mdsync_glue_writer.settings import GlueWriterSettings
from mdsync_runtime import ports
from mdsync_runtime.aws import botocore_config, build_session


def test_dog_defaults_to_the_devstack_moto_with_test_keys() -> None:
    profile = resolve_profile(GlueWriterSettings(), Environment.DOG, {})
    assert (profile.endpoint_url, profile.region) == (ports.glue_endpoint(), "eu-central-1")
    assert profile.access_key_id == "testing"


def test_dog_uses_the_credential_chain_when_it_has_keys() -> None:
    environ = {"AWS_ACCESS_KEY_ID": "AKIA", "AWS_REGION": "eu-west-1"}
    profile = resolve_profile(GlueWriterSettings(), Environment.DOG, environ)
    assert (profile.access_key_id, profile.region) == (None, None)


def test_bear_goes_to_aws_through_the_default_chain() -> None:
    settings = GlueWriterSettings(role_arn="arn:aws:iam::123456789012:role/mdsync-glue")
    profile = resolve_profile(settings, Environment.BEAR, {})
    assert (profile.endpoint_url, profile.region, profile.access_key_id) == (None, None, None)
    assert profile.role_arn == "arn:aws:iam::123456789012:role/mdsync-glue"


def test_retries_are_explicitly_standard() -> None:
    config = botocore_config(resolve_profile(GlueWriterSettings(boto_max_attempts=5), Environment.BEAR, {}))
    assert config.retries == {"mode": "standard", "max_attempts": 5}
    assert config.max_pool_connections == 32


async def test_a_role_is_assumed_lazily_through_refreshable_credentials() -> None:
    settings = GlueWriterSettings(role_arn="arn:aws:iam::123456789012:role/mdsync-glue", region="eu-central-1")
    session = await build_session(resolve_profile(settings, Environment.DOG, {}))
    credentials = await session.get_credentials()
    assert credentials is not None
    assert credentials.method == "assume-role"

"""`mdsync sync|jobs|schedules`: exit codes and input checks that need no server."""

import pytest
from typer.testing import CliRunner

from mdsync_cli.extractor_client import exit_code
from mdsync_cli.main import app

runner = CliRunner()
UNREACHABLE = {"MDSYNC_EXTRACTOR_URL": "http://127.0.0.1:9"}


@pytest.mark.parametrize(
    ("job", "code"),
    [
        ({"status": "succeeded", "counts": {"created": 3}}, 0),
        ({"status": "cancelled", "counts": {"created": 1}}, 0),
        ({"status": "failed", "counts": {"created": 2, "failed": 1}}, 1),
        ({"status": "failed", "counts": {"dead_lettered": 1}}, 1),
        ({"status": "failed", "counts": {"conflict": 1}}, 1),
        ({"status": "failed", "counts": {}}, 1),
        ({"status": "timed_out", "counts": {"created": 1}}, 1),
    ],
)
def test_exit_code(job: dict[str, object], code: int) -> None:
    assert exit_code(job) == code


def test_connection_error_exits_2_and_names_the_url() -> None:
    result = runner.invoke(app, ["sync", "--json"], env=UNREACHABLE)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "http://127.0.0.1:9/jobs" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(["sync", "--priority", "URGENT"], "--priority must be one of"), (["sync", "--asset", "NOSLASH"], "SPACE/NAME")],
)
def test_bad_options_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args, env=UNREACHABLE)
    assert result.exit_code == 2
    assert message in result.stderr


def test_jobs_and_schedules_report_connection_errors_with_exit_2() -> None:
    for args in (["jobs", "list"], ["jobs", "show", "job-1"], ["schedules", "list"], ["schedules", "delete", "x"]):
        assert runner.invoke(app, args, env=UNREACHABLE).exit_code == 2, args

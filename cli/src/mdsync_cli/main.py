"""The `mdsync` command line."""

from __future__ import annotations

import typer

from mdsync_cli import ask, demo, jobs, plan, schedules, services, sync, token

app = typer.Typer(help="mdsync: keep AWS Glue in step with SAP Datasphere.", no_args_is_help=True)
app.add_typer(services.app, name="services")
app.command("sync")(sync.sync)
app.add_typer(jobs.app, name="jobs")
app.add_typer(schedules.app, name="schedules")
app.command("plan")(plan.plan)
app.command("ask")(ask.ask)
app.command("demo")(demo.demo)
app.command("token")(token.token)

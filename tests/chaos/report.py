"""The chaos figures: one line per fault in ``.devstack/chaos/report.jsonl``; ``python -m tests.chaos.report``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from tests.chaos.stack import REPORT

COLUMNS = (
    "fault",
    "what happened",
    "job",
    "events produced (+re-published)",
    "audited",
    "Glue tables",
    "dead-lettered",
    "recovery s",
)


class Figures(BaseModel):
    """What one fault did and what the pipeline made of it."""

    model_config = ConfigDict(frozen=True)

    fault: str
    happened: str = Field(description="What the fault did, in a few words.")
    job_status: str
    assets: int = Field(description="Outcomes the job counted.")
    produced: int = Field(description="Distinct events produced on the run's topics.")
    redelivered: int = Field(default=0, description="Records carrying an event id already produced (re-publishes).")
    audited: int = Field(description="Events stored in the audit store.")
    tables: int = Field(description="Tables in the run's Glue region.")
    dead_lettered: int
    recovery_seconds: float = Field(description="From the fault's end to a terminal job with every check holding.")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def line(self) -> str:
        """The one printed figures line."""
        return (
            f"CHAOS {self.fault}: {self.happened}; job {self.job_status} ({self.assets} assets); events produced "
            f"{self.produced} (+{self.redelivered} re-published) / audited {self.audited}; Glue tables "
            f"{self.tables}; dead-lettered {self.dead_lettered}; recovered in {self.recovery_seconds:.1f} s"
        )

    def cells(self) -> tuple[str, ...]:
        """Its row of the table."""
        return (
            self.fault,
            self.happened,
            self.job_status,
            f"{self.produced} (+{self.redelivered})",
            str(self.audited),
            str(self.tables),
            str(self.dead_lettered),
            f"{self.recovery_seconds:.1f}",
        )


def record(figures: Figures, report: Path = REPORT) -> None:
    """Print the figures line and append it to the report."""
    print(figures.line())
    report.parent.mkdir(parents=True, exist_ok=True)
    with report.open("a") as out:
        out.write(figures.model_dump_json() + "\n")


def read(report: Path = REPORT) -> list[Figures]:
    """Every figures line in the report, oldest first; the latest per fault wins in ``table``."""
    if not report.is_file():
        return []
    return [Figures.model_validate_json(line) for line in report.read_text().splitlines() if line.strip()]


def table(rows: list[Figures]) -> str:
    """A Markdown table of the latest figures per fault."""
    latest = {row.fault: row for row in rows}
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in latest.values()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the table of the report (or of the file given)."""
    args = sys.argv[1:] if argv is None else argv
    rows = read(Path(args[0]) if args else REPORT)
    if not rows:
        print(f"no chaos figures in {args[0] if args else REPORT}; run `make chaos`", file=sys.stderr)
        return 1
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

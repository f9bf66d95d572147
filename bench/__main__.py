"""Run every benchmark in turn (`make bench`), or the ones named: `python -m bench mapper glue_writer`."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("mapper", "extractor", "glue_writer", "audit", "agent", "polling", "count_guard", "e2e")


def main(names: list[str]) -> int:
    """Run the named benchmarks (default: all that exist); return the worst exit code."""
    failures = 0
    for name in names or BENCHMARKS:
        module = f"bench.{name}_bench"
        try:
            __import__(module)
        except ModuleNotFoundError:
            print(f"== {name}: no benchmark yet", flush=True)
            continue
        print(f"== {name}", flush=True)
        failures += subprocess.call([sys.executable, "-m", module]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

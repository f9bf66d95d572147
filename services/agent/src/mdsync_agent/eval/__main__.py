"""`python -m mdsync_agent.eval [--questions F] [--snapshot F | --fixtures DIR [--overlay F]] [--verbose]`.

Scores the agent per split of the question set (dev, held-out, fresh) and over all questions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mdsync_agent.core.models import Catalog
from mdsync_agent.eval.metrics import QuestionSet, Report, Scored, report, score
from mdsync_agent.fixtures import Overlay, load_tenant

EVAL_DIR = Path(__file__).resolve().parents[3] / "eval"


def _line(r: Report) -> str:
    return (
        f"{r.split:<8} n={r.questions:<3} intent={r.intent_accuracy:.2f} P@1={r.p_at_1:.2f} R@5={r.r_at_5:.2f} "
        f"grounded={r.groundedness:.2f} refusal={r.refusal_accuracy:.2f} leaks={r.leaks}"
    )


def _miss(s: Scored) -> str:
    got = [c.id for c in s.response.citations][:3]
    return f"  miss {s.question.id} [{s.question.split}] {s.question.question!r}: {s.response.intent} {got}"


def main() -> None:
    """Print the figures per split (and the misses with --verbose)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=EVAL_DIR / "questions.json")
    parser.add_argument("--snapshot", type=Path, default=EVAL_DIR / "snapshot.json")
    parser.add_argument("--fixtures", type=Path, help="Build the catalog from a tenant folder instead.")
    parser.add_argument("--overlay", type=Path, help="Sync-state overlay for --fixtures.")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    qs = QuestionSet.model_validate_json(args.questions.read_text())
    if args.fixtures:
        overlay = Overlay.model_validate_json(args.overlay.read_text()) if args.overlay else Overlay()
        catalog = load_tenant(args.fixtures, overlay)
    else:
        catalog = Catalog.model_validate_json(args.snapshot.read_text())
    scored = [score(q, catalog, qs.now) for q in qs.questions]
    for split in dict.fromkeys(q.split for q in qs.questions):
        print(_line(report(split, [s for s in scored if s.question.split == split])))
    print(_line(report("all", scored)))
    if args.verbose:
        for s in scored:
            if not (s.intent_ok and s.refusal_ok and s.leaks == 0 and (s.p_at_1 in (None, 1.0))):
                print(_miss(s))


if __name__ == "__main__":
    main()

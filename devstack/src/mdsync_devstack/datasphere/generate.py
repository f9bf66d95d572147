"""Synthetic tenants for benchmarks: ``python -m mdsync_devstack.datasphere.generate --assets N --out DIR``.

``--assets`` counts design-time objects. Every block of 20 objects in a space holds 8 local tables, 2 remote
tables, 4 exposed views (one an analytical fact), 3 unexposed views, 1 analytic model and 2 flows, so about 30 %
of the objects are catalog assets. Output is deterministic for a given ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from mdsync_devstack.datasphere.csn_build import Col, Fixture, Table, col, local_table, remote_table
from mdsync_devstack.datasphere.demo.common import joined, projection
from mdsync_devstack.datasphere.flow_build import Endpoint, data_flow, replication_flow, task_chain
from mdsync_devstack.datasphere.model_build import Cube, analytic_model

BLOCK = (
    ["table"] * 8 + ["remote"] * 2 + ["view", "view", "view", "fact"] + ["internal"] * 3 + ["model", "flow", "chain"]
)
_COLUMNS = [
    ("BUKRS", "String(4)", "Company Code"), ("WERKS", "String(4)", "Plant"), ("MATNR", "String(40)", "Material"),
    ("KUNNR", "String(10)", "Customer"), ("LIFNR", "String(10)", "Supplier"), ("ERDAT", "Date", "Created On"),
    ("BUDAT", "Date", "Posting Date"), ("GJAHR", "String(4)", "Fiscal Year"), ("MEINS", "String(3)", "Unit"),
    ("WAERS", "String(5)", "Currency"), ("NETWR", "Decimal(15,2)", "Net Value"), ("MENGE", "Decimal(13,3)", "Quantity"),
    ("STATUS", "String(2)", "Status"), ("CHANGED_AT", "Timestamp", "Changed At"), ("CNT", "Integer", "Count"),
    ("FLAG", "Boolean", "Flag"), ("RATIO", "Double", "Ratio"), ("GUID", "UUID", "GUID"),
    ("LEVEL", "hana.TINYINT", "Level"),
    ("NOTE", "LargeString", "Note"), ("BIG", "Integer64", "Big Number"), ("SMALL", "hana.SMALLINT", "Small Number"),
]  # fmt: skip


class Generator:
    """Builds the objects of one space, each view or flow referring to objects built before it."""

    def __init__(self, space: str, rng: random.Random) -> None:
        self.space, self.rng = space, rng
        self.tables: list[Table] = []
        self.facts: list[tuple[str, Table]] = []
        self.flows: list[str] = []

    def build(self, kind: str, number: int) -> Fixture:
        """One object of ``kind`` numbered ``number``."""
        builders: dict[str, Callable[[str], Fixture]] = {
            "table": self._table, "remote": self._remote, "view": self._view, "fact": self._fact,
            "internal": self._internal, "model": self._model, "flow": self._flow, "chain": self._chain,
        }  # fmt: skip
        return builders[kind](f"{number:05d}")

    def _table(self, n: str) -> Fixture:
        table = self._new_table(f"T_{self.space}_{n}")
        self.tables.append(table)
        return local_table(self.space, table)

    def _remote(self, n: str) -> Fixture:
        return remote_table(self.space, f"RT_{self.space}_{n}", self._new_table(f"SRC_{n}"), "S4H_PROD",
                            f'"SAPHANADB"."Z{n}"')  # fmt: skip

    def _view(self, n: str) -> Fixture:
        source = self.rng.choice(self.tables)
        return projection(self.space, f"V_{self.space}_{n}", f"View {n} on {source.label}", source.name,
                          source.cols, exposed=True)  # fmt: skip

    def _fact(self, n: str) -> Fixture:
        left, right = self.rng.sample(self.tables, 2) if len(self.tables) > 1 else (self.tables[0],) * 2
        name = f"V_{self.space}_{n}_FACT"
        fixture = joined(self.space, name, f"Fact {n}", (left.name, left.cols), (right.name, right.cols[:1]),
                         [(left.cols[0].name, right.cols[0].name)], exposed=True, kind="ANALYTICAL_FACT")  # fmt: skip
        self.facts.append((name, left))
        return fixture

    def _internal(self, n: str) -> Fixture:
        source = self.rng.choice(self.tables)
        return projection(self.space, f"V_{self.space}_{n}_INT", f"Internal View {n}", source.name, source.cols[:5],
                          exposed=None)  # fmt: skip

    def _model(self, n: str) -> Fixture:
        fact, table = self.facts[-1]
        numeric = tuple(c for c in table.cols if c.type in ("cds.Decimal", "cds.Integer", "cds.Double"))
        attributes = tuple(c for c in table.cols if c not in numeric)
        cube = Cube(fact, "FACT", attributes, numeric or attributes[-1:])
        return analytic_model(self.space, f"AM_{self.space}_{n}", f"Analytic Model {n}", cube)

    def _flow(self, n: str) -> Fixture:
        target = self.tables[-1]
        name = f"DF_{self.space}_{n}"
        self.flows.append(name)
        return data_flow(self.space, name, f"Load {target.label}", [self.tables[0].name], target.name,
                         [(c.name, f'"{c.name}"') for c in target.cols])  # fmt: skip

    def _chain(self, n: str) -> Fixture:
        if self.rng.random() < 0.5 and self.flows:
            steps = [("DATA_FLOWS", "EXECUTE", flow) for flow in self.flows[-3:]]
            return task_chain(self.space, f"TC_{self.space}_{n}", f"Chain {n}", steps)
        tasks = [(f"I_SOURCE_{n}", t.name.lower()) for t in self.tables[-2:]]
        return replication_flow(self.space, f"RF_{self.space}_{n}", f"Replication {n}",
                                Endpoint("S4H_PROD", "ABAP", "/CDS_EXTRACTION"),
                                Endpoint("S3_DATALAKE", "S3", f"/bench/{self.space.lower()}"), tasks)  # fmt: skip

    def _new_table(self, name: str) -> Table:
        picked = self.rng.sample(_COLUMNS, self.rng.randint(5, len(_COLUMNS)))
        key = col("ID", "String(20)", "Identifier", "key")
        cols: list[Col] = [key, *(col(c, spec, label) for c, spec, label in picked)]
        return Table(name, f"Table {name}", tuple(cols))


def generate(out: Path, assets: int, spaces: int, seed: int) -> Counter[str]:
    """Write a tenant of ``assets`` objects over ``spaces`` spaces; counts per type."""
    rng = random.Random(seed)
    names = [f"BENCH_{i:03d}" for i in range(1, spaces + 1)]
    tenant = {
        "name": f"bench-{assets}",
        "spaces": [{"name": name, "label": f"Benchmark Space {i}"} for i, name in enumerate(names, start=1)],
        "clients": [
            {"client_id": "bench-sync", "client_secret": "bench-sync-secret-1", "spaces": ["*"]},
            {"client_id": "bench-limited", "client_secret": "bench-limited-secret-1", "spaces": names[:1]},
        ],
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "tenant.json").write_text(json.dumps(tenant, indent=2) + "\n")
    counts: Counter[str] = Counter()
    per_space = math.ceil(assets / spaces)
    for index, space in enumerate(names):
        generator = Generator(space, rng)
        for number in range(min(per_space, assets - index * per_space)):
            fixture = generator.build(BLOCK[number % len(BLOCK)], number + 1)
            fixture.write(out)
            counts[fixture.type.value] += 1
    return counts


def main() -> None:
    """Parse arguments, write the tenant, print counts."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, required=True, help="number of design-time objects")
    parser.add_argument("--out", type=Path, required=True, help="tenant directory to write")
    parser.add_argument("--spaces", type=int, default=None, help="spaces to spread them over (default N/1000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.assets < 1:
        parser.error("--assets must be at least 1")
    spaces = args.spaces or max(1, math.ceil(args.assets / 1000))
    counts = generate(args.out, args.assets, spaces, args.seed)
    print(json.dumps({"objects": sum(counts.values()), "spaces": spaces, **dict(sorted(counts.items()))}))


if __name__ == "__main__":
    main()

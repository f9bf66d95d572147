"""The mapping rule-set model: one versioned YAML file per environment, validated strictly."""

from __future__ import annotations

import hashlib
import json
import re
import string
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from mdsync_contracts.assets import AssetKind
from mdsync_contracts.base import Environment
from mdsync_contracts.glue_model import ConflictPolicy

GLUE_NAME = re.compile(r"[a-z0-9_]{1,255}")
_GLOB_CHARS = frozenset("*?[")
_LOCATION_FIELDS = frozenset({"database", "table"})
PROMOTION_ORDER: tuple[Environment, ...] = (Environment.DOG, Environment.WOLF, Environment.BEAR)


class Strict(BaseModel):
    """Base of rule-set models: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class StringPolicy(StrEnum):
    """`cds.String(n)` and (N)VARCHAR(n): unbounded `string`, or `varchar(n)` when 1 ≤ n ≤ 65535."""

    STRING = "string"
    VARCHAR = "varchar"


class FixedCharPolicy(StrEnum):
    """`hana.CHAR(n)`/`NCHAR(n)`: `char(n)` when n ≤ 255, or always `string`."""

    CHAR = "char"
    STRING = "string"


class UuidPolicy(StrEnum):
    """`cds.UUID`: `string` or `char(36)`."""

    STRING = "string"
    CHAR = "char"


class DecimalFloatPolicy(StrEnum):
    """`cds.DecimalFloat` and a Decimal without precision: lossless `string`, or lossy `double`/`decimal(34,4)`."""

    STRING = "string"
    DOUBLE = "double"
    DECIMAL_34_4 = "decimal(34,4)"


class SmallDecimalPolicy(StrEnum):
    """`hana.SMALLDECIMAL`: lossy `double` or lossless `string`."""

    DOUBLE = "double"
    STRING = "string"


class WideDecimalPolicy(StrEnum):
    """`cds.Decimal(p,s)` with p > 38: `decimal(38,s')` (lossy) when the integer digits fit, else `string`."""

    DECIMAL = "decimal"
    STRING = "string"


class SpatialPolicy(StrEnum):
    """`hana.ST_POINT`/`ST_GEOMETRY`: WKT `string` or WKB `binary` (both type-lossy)."""

    STRING = "string"
    BINARY = "binary"


class StorageFormat(StrEnum):
    """Data file format a StorageDescriptor describes."""

    PARQUET = "parquet"
    ORC = "orc"
    CSV = "csv"
    JSON = "json"


class TypePolicy(Strict):
    """Choices where the CDS → Glue type table offers more than one Glue type."""

    string: StringPolicy = StringPolicy.STRING
    fixed_char: FixedCharPolicy = FixedCharPolicy.CHAR
    uuid: UuidPolicy = UuidPolicy.STRING
    decimal_float: DecimalFloatPolicy = DecimalFloatPolicy.STRING
    small_decimal: SmallDecimalPolicy = SmallDecimalPolicy.DOUBLE
    wide_decimal: WideDecimalPolicy = WideDecimalPolicy.DECIMAL
    spatial: SpatialPolicy = SpatialPolicy.STRING


class TypeOverrides(Strict):
    """A rule's changes to the type policy; unset fields keep the policy in force."""

    string: StringPolicy | None = None
    fixed_char: FixedCharPolicy | None = None
    uuid: UuidPolicy | None = None
    decimal_float: DecimalFloatPolicy | None = None
    small_decimal: SmallDecimalPolicy | None = None
    wide_decimal: WideDecimalPolicy | None = None
    spatial: SpatialPolicy | None = None


class Selector(Strict):
    """Which assets a rule concerns: globs on space, technical name and kind (all default to `*`)."""

    space: str = Field(default="*", min_length=1)
    asset: str = Field(default="*", min_length=1)
    kind: str = Field(default="*", min_length=1)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if not _GLOB_CHARS & set(value) and value not in {kind.value for kind in AssetKind}:
            raise ValueError(f"unknown kind {value!r}; one of {', '.join(kind.value for kind in AssetKind)}")
        return value


class ColumnRules(Strict):
    """Column renames (source element name → Glue column name) and drops (globs on element names)."""

    rename: dict[str, str] = Field(default_factory=dict)
    drop: tuple[str, ...] = ()

    @field_validator("rename")
    @classmethod
    def _valid_targets(cls, value: dict[str, str]) -> dict[str, str]:
        for source, target in value.items():
            if not GLUE_NAME.fullmatch(target):
                raise ValueError(f"rename {source!r} → {target!r}: target must match [a-z0-9_]{{1,255}}")
        return value


class StorageRules(Strict):
    """The storage format of the tables (the location comes from the environment's site settings)."""

    format: StorageFormat = StorageFormat.PARQUET


class Override(Strict):
    """Settings for the assets a selector matches; later overrides win over earlier ones."""

    name: str = Field(min_length=1)
    match: Selector = Field(default_factory=Selector)
    types: TypeOverrides | None = None
    conflict_policy: ConflictPolicy | None = None
    storage: StorageRules | None = None
    columns: ColumnRules | None = None
    partition_keys: tuple[str, ...] | None = None


class Rules(Strict):
    """The part of a rule set that is promoted between environments."""

    include: tuple[Selector, ...] = (Selector(),)
    exclude: tuple[Selector, ...] = ()
    databases: dict[str, str] = Field(default_factory=dict)
    types: TypePolicy = Field(default_factory=TypePolicy)
    storage: StorageRules = Field(default_factory=StorageRules)
    conflict_policy: ConflictPolicy = ConflictPolicy.SOURCE_WINS
    overrides: tuple[Override, ...] = ()

    @field_validator("databases")
    @classmethod
    def _valid_databases(cls, value: dict[str, str]) -> dict[str, str]:
        for space, database in value.items():
            if not GLUE_NAME.fullmatch(database):
                raise ValueError(f"database for space {space!r}: {database!r} must match [a-z0-9_]{{1,255}}")
        return value

    @field_validator("overrides")
    @classmethod
    def _unique_names(cls, value: tuple[Override, ...]) -> tuple[Override, ...]:
        names = [override.name for override in value]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"override names must be unique: {', '.join(duplicates)}")
        return value


class S3Connection(Strict):
    """Where a Datasphere S3 connection writes: bucket root and the file format of replication flows."""

    root: str = Field(pattern=r"^s3://[a-z0-9.\-]{3,63}(/.*)?$")
    format: StorageFormat = StorageFormat.PARQUET


class Site(Strict):
    """Environment-specific settings, kept as they are when rules are promoted into the environment."""

    database_prefix: str = Field(default="", pattern=r"^[a-z0-9_]{0,64}$")
    storage_location: str = "s3://mdsync-lake/{database}/{table}/"
    s3_connections: dict[str, S3Connection] = Field(default_factory=dict)

    @field_validator("storage_location")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        unknown = fields - _LOCATION_FIELDS
        if unknown:
            raise ValueError(f"unknown placeholder(s) {sorted(unknown)}; allowed: {{database}}, {{table}}")
        return value


class PromotedFrom(Strict):
    """Where the rules of a promoted rule set came from."""

    environment: Environment
    version: int = Field(ge=1)
    rules_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class RuleSet(Strict):
    """One environment's versioned rule set."""

    environment: Environment
    version: int = Field(ge=1)
    site: Site = Field(default_factory=Site)
    promoted_from: PromotedFrom | None = None
    rules: Rules = Field(default_factory=Rules, validate_default=True)

    @property
    def label(self) -> str:
        """`{environment}-{version}`, the rule-set version written into Glue."""
        return f"{self.environment.value}-{self.version}"

    @field_validator("rules")
    @classmethod
    def _bear_only_by_promotion(cls, rules: Rules, info: ValidationInfo) -> Rules:
        if info.data.get("environment") is not Environment.BEAR:
            return rules
        promoted = info.data.get("promoted_from")
        if promoted is None:
            raise ValueError("the bear rule set changes only by promotion: promoted_from is missing")
        if promoted.environment is not Environment.WOLF:
            raise ValueError("the bear rule set is promoted from wolf only")
        if promoted.rules_hash != rules_hash(rules):
            raise ValueError("the bear rule set changes only by promotion: these rules differ from the promoted ones")
        return rules


def rules_hash(rules: Rules) -> str:
    """sha256 (hex) of the rules' canonical JSON."""
    canonical = json.dumps(rules.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

"""YAML read with line numbers, and validation errors that name the file, line and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

Path = tuple[str | int, ...]


class LocatedError(BaseModel):
    """One problem in a YAML document: where it is and what is wrong."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field or '<document>'}: {self.message}"


class LocatedValidationError(ValueError):
    """A YAML document is invalid; ``errors`` locates every problem."""

    def __init__(self, errors: Sequence[LocatedError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


@dataclass
class LocatedYaml:
    """A parsed YAML document and the line (1-based) of every key and value path in it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """Line of the longest prefix of ``path`` that exists in the document."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


def field_path(path: Path) -> str:
    """``("rules", "overrides", 0, "types")`` → ``rules.overrides[0].types``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_located(text: str, file: str) -> LocatedYaml:
    """Parse ``text``; raises LocatedValidationError for syntax errors and duplicate keys."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedYaml(data=None)
        document = LocatedYaml(data=None)
        document.data = _convert(loader, node, (), document, file)
        return document
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise LocatedValidationError(
            [LocatedError(file=file, line=line, field="", message=str(error.problem))]
        ) from None
    finally:
        loader.dispose()


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path, document: LocatedYaml, file: str) -> Any:
    document.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                where = LocatedError(
                    file=file,
                    line=key_node.start_mark.line + 1,
                    field=field_path((*path, key)),
                    message="duplicate key",
                )
                raise LocatedValidationError([where])
            result[key] = _convert(loader, value_node, (*path, key), document, file)
            document.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, index), document, file) for index, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def locate(error: ValidationError, document: LocatedYaml, file: str) -> LocatedValidationError:
    """Turn pydantic's errors into located errors against ``document``."""
    located = []
    for item in error.errors():
        path = tuple(part for part in item["loc"] if isinstance(part, str | int))
        located.append(
            LocatedError(file=file, line=document.line_of(path), field=field_path(path), message=item["msg"])
        )
    return LocatedValidationError(located)

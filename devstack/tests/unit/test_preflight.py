"""Reading tool versions and reporting what is missing."""

from __future__ import annotations

import pytest

from mdsync_devstack.preflight import Check, parse_java_version, parse_maven_version, report


@pytest.mark.parametrize(
    ("output", "version"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', (17, 0, 15)),
        ('openjdk version "21" 2023-09-19', (21,)),
        ('java version "1.8.0_381"\nJava(TM) SE Runtime Environment', (8, 0)),
        ("javac 17.0.15", (17, 0, 15)),
        ("bash: java: command not found", None),
    ],
)
def test_java_versions(output: str, version: tuple[int, ...] | None) -> None:
    assert parse_java_version(output) == version


def test_maven_version_ignores_colours() -> None:
    output = "\x1b[1mApache Maven 3.8.7\x1b[m\nMaven home: /usr/share/maven"

    assert parse_maven_version(output) == (3, 8, 7)
    assert parse_maven_version("mvn: not found") is None


def test_all_present_is_one_line_and_exit_zero() -> None:
    text, code = report([Check("python >= 3.11", "3.11.7", True, ""), Check("java >= 17", "17.0.15", True, "")])

    assert code == 0
    assert text == "preflight: ok (python 3.11.7, java 17.0.15)"


def test_each_missing_item_is_named_with_how_to_get_it() -> None:
    checks = [
        Check("python >= 3.11", "3.11.7", True, ""),
        Check("javac >= 17", None, False, "apt-get install openjdk-17-jdk-headless"),
        Check("maven >= 3.6.3", "3.5.0", False, "apt-get install maven"),
    ]

    text, code = report(checks)

    assert code == 1
    assert "javac >= 17: not found. apt-get install openjdk-17-jdk-headless" in text
    assert "maven >= 3.6.3: found 3.5.0. apt-get install maven" in text
    assert "python" not in text

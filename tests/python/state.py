"""What a stack's state reveals: step events by resource, and where a secret appears."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pulumi.automation import events

# Pulumi marks a secret value in state with this signature key and value.
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


class Steps:
    """Collects the engine's resource steps of one operation, by resource name (the example
    declares two resources of one type, the peers)."""

    def __init__(self) -> None:
        self.by_name: dict[str, events.StepEventMetadata] = {}

    def __call__(self, event: events.EngineEvent) -> None:
        if event.resource_pre_event is not None:
            step = event.resource_pre_event.metadata
            self.by_name[step.urn.rsplit("::", 1)[-1]] = step

    def op(self, name: str) -> str:
        return self.by_name[name].op.value

    def changed(self, name: str) -> list[str]:
        return sorted(self.by_name[name].diffs or [])


def bare_occurrences(value: Any, needle: str, path: str = "") -> list[str]:
    """Paths where `needle` appears in a decrypted deployment outside a secret envelope."""
    if isinstance(value, dict):
        if value.get(SECRET_SIG_KEY) == SECRET_SIG:
            return []
        return [p for k, v in value.items() for p in bare_occurrences(v, needle, f"{path}/{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in bare_occurrences(v, needle, f"{path}/{i}")]
    if isinstance(value, str) and needle in value:
        return [path]
    return []


def enveloped_count(value: Any, needle: str) -> int:
    """How many secret envelopes of a decrypted deployment hold `needle`."""
    if isinstance(value, dict):
        if value.get(SECRET_SIG_KEY) == SECRET_SIG:
            return int(needle in str(value.get("plaintext", "")))
        return sum(enveloped_count(v, needle) for v in value.values())
    if isinstance(value, list):
        return sum(enveloped_count(v, needle) for v in value)
    return 0


def files_containing(root: Path, needle: str) -> list[Path]:
    """Files under root (state, its history and backups, the stack config) holding needle."""
    data = needle.encode()
    return [f for f in sorted(root.rglob("*")) if f.is_file() and data in f.read_bytes()]

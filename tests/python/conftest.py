"""Fixtures: the repository's Pulumi CLI, an emulator per test, hermetic stacks."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Iterator

import pytest
from pulumi import automation as auto

import stacks
from emulator import Emulator


@pytest.fixture(scope="session")
def pulumi_cli() -> auto.PulumiCommand:
    return stacks.pulumi_command()


@pytest.fixture(autouse=True)
def no_cloudflare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider reads CLOUDFLARE_* variables: only the stack config may configure it."""
    for name in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL",
                 "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    """A fresh emulator with its own random token and account."""
    binary = stacks.BIN / "cloudflare-secondary-dns-emulator"
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `make emulator` (make test-e2e-python does)")
    server = Emulator(binary, secrets.token_urlsafe(24), secrets.token_hex(16), tmp_path / "emulator.log")
    try:
        yield server
    finally:
        code = server.stop()
    assert code == 0, f"the emulator exited with {code} on SIGTERM; its log:\n{server.log()}"


@pytest.fixture
def new_stack(tmp_path: Path, pulumi_cli: auto.PulumiCommand, emulator: Emulator) -> stacks.StackFactory:
    """Makes stacks that share this test's state backend and emulator."""
    return lambda name, program: stacks.new_stack(name, program, tmp_path, pulumi_cli, emulator)

"""The registry examples' Python programs (generated from examples/registry/<page>/<name>.pp by
`make codegen`), each run through the engine as an inline program against an emulator of its
own, then destroyed, several at once. The emulator starts from tests/registryexamples/account.json:
the objects and zones the reading examples look up. Run by make/e2e-examples.mk (pytest, this
file named explicitly, so that test-e2e-python does not collect it)."""

from __future__ import annotations

import base64
import json
import runpy
import secrets
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pulumi import automation as auto

import stacks
from emulator import PRIMARY_ZONE, SECONDARY_ZONE, Emulator

EXAMPLES = stacks.REPO / "examples" / "registry"
FIXTURE = stacks.REPO / "tests" / "registryexamples"
STACK = json.loads((FIXTURE / "stack.json").read_text())
SEEDED = json.loads((FIXTURE / "account.json").read_text())["accounts"][STACK["accountId"]]
PARALLEL = 4


def run_example(program: Path, tmp: Path, command: auto.PulumiCommand) -> None:
    """Up, checks, destroy; raises AssertionError (or the engine's error) on a failure."""
    tmp.mkdir(parents=True)
    shutil.copyfile(FIXTURE / "account.json", tmp / "emulator.json")
    emulator = Emulator(stacks.BIN / "cloudflare-secondary-dns-emulator", secrets.token_urlsafe(24),
                        STACK["accountId"], tmp / "emulator.log", state=tmp / "emulator.json")
    try:
        stack = stacks.new_stack("example", lambda: runpy.run_path(str(program)), tmp, command, emulator)
        tsig_secret = base64.b64encode(secrets.token_bytes(64)).decode()
        stack.set_all_config({
            **{f"{stacks.PROJECT}:{k}": auto.ConfigValue(v) for k, v in STACK["config"].items()},
            f"{stacks.PROJECT}:tsigSecret": auto.ConfigValue(tsig_secret, secret=True),
        })
        up = stack.up()
        assert up.outputs, "the program exports nothing"
        for name, output in up.outputs.items():
            assert output.value is not None, f"output {name} has no value"
        for file in tmp.rglob("*"):
            if file.is_file() and file.name not in ("emulator.json", "emulator.log"):
                assert tsig_secret not in file.read_text(errors="replace"), f"{file} holds the secret in plaintext"

        stack.destroy()
        # The account is as the fixture seeded it: nothing the example made is left.
        assert emulator.tsigs() == SEEDED["tsigs"]
        assert emulator.peers() == SEEDED["peers"]
        assert emulator.acls() == SEEDED["acls"]
        for zone, direction in ((SECONDARY_ZONE, "incoming"), (PRIMARY_ZONE, "outgoing")):
            assert emulator.transfer(emulator.zone_id(zone), direction) is None, f"{zone} keeps its {direction} transfer"
    finally:
        emulator.stop()


def test_registry_examples(tmp_path: Path, pulumi_cli: auto.PulumiCommand) -> None:
    programs = sorted(EXAMPLES.glob("*/*/__main__.py"))
    assert len(programs) >= 15, f"found {len(programs)} examples"

    def attempt(program: Path) -> str:
        name = f"{program.parent.parent.name}/{program.parent.name}"
        try:
            run_example(program, tmp_path / name.replace("/", "-"), pulumi_cli)
        except Exception as e:  # every failure is reported, with the example's name
            return f"{name} (python): {type(e).__name__}: {e}"
        return ""

    with ThreadPoolExecutor(PARALLEL) as pool:
        failures = [f for f in pool.map(attempt, programs) if f]
    assert not failures, "\n".join(failures)

"""Hermetic Automation API stacks: the repository's CLI and provider, state in a temp dir."""

from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import yaml
from pulumi import automation as auto
from semver import VersionInfo

from emulator import Emulator

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "python"
BIN = REPO / "bin"
PACKAGE = "cloudflare-secondary-dns"
TSIG = f"{PACKAGE}:index:Tsig"
PEER = f"{PACKAGE}:index:Peer"
ACL = f"{PACKAGE}:index:Acl"
INCOMING = f"{PACKAGE}:index:IncomingTransfer"
OUTGOING = f"{PACKAGE}:index:OutgoingTransfer"

# The inline program runs under the example's project name, so its config keys are the ones a
# user of the example sets (e.g. cloudflare-secondary-dns-python:peerPort).
PROJECT = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())["name"]


# Makes a stack from a name and an inline program (the new_stack fixture).
StackFactory = Callable[[str, Callable[[], None]], auto.Stack]


def pulumi_command() -> auto.PulumiCommand:
    """The CLI built by `make pulumi`, at <root>/bin/pulumi, never one from PATH or a download.

    The Automation API checks that the CLI is at least the given version: the Python SDK's own.
    """
    return auto.PulumiCommand(root=str(REPO), version=VersionInfo.parse(version("pulumi")))


def hermetic_env(tmp: Path) -> dict[str, str]:
    """Everything Pulumi keeps, under tmp; plugins from bin/ only; nothing downloaded."""
    (tmp / "state").mkdir(exist_ok=True)
    return {
        "PULUMI_HOME": str(tmp / "home"),
        "PULUMI_BACKEND_URL": f"file://{tmp / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "e2e-python-passphrase",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
        "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
    }


def new_stack(
    name: str,
    program: Callable[[], None],
    tmp: Path,
    command: auto.PulumiCommand,
    emulator: Emulator,
) -> auto.Stack:
    """A stack running `program` inline, its provider configured for the emulator."""
    work_dir = tmp / "work"
    work_dir.mkdir(exist_ok=True)
    stack = auto.create_or_select_stack(
        stack_name=name,
        project_name=PROJECT,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(work_dir),
            pulumi_home=str(tmp / "home"),
            env_vars=hermetic_env(tmp),
            pulumi_command=command,
        ),
    )
    stack.set_all_config(
        {
            f"{PACKAGE}:baseUrl": auto.ConfigValue(emulator.base_url),
            f"{PACKAGE}:apiToken": auto.ConfigValue(emulator.token, secret=True),
            f"{PACKAGE}:accountId": auto.ConfigValue(emulator.account_id),
        }
    )
    return stack

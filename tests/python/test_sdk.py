"""The test environment itself: the repository's SDK, and the pinned CLI that the Python SDK accepts."""

from __future__ import annotations

import filecmp
import re
from importlib.metadata import version
from pathlib import Path

import pulumi
import pulumi_cloudflare_secondary_dns as sdk
from pulumi import automation as auto
from semver import VersionInfo

import stacks


def test_sdk_exposes_the_resources() -> None:
    assert issubclass(sdk.Tsig, pulumi.CustomResource)
    assert issubclass(sdk.Peer, pulumi.CustomResource)
    assert issubclass(sdk.Acl, pulumi.CustomResource)
    assert issubclass(sdk.IncomingTransfer, pulumi.CustomResource)
    assert issubclass(sdk.OutgoingTransfer, pulumi.CustomResource)
    assert callable(sdk.get_zone_output)
    assert sdk.Algorithm.HMAC_SHA512.value == "hmac-sha512."


def test_installed_sdk_is_the_repository_one() -> None:
    """A stale install would test old generated code: make rebuilds the venv when sdk/ changes."""
    source = stacks.REPO / "sdk" / "python" / "pulumi_cloudflare_secondary_dns"
    installed = Path(sdk.__file__).parent
    # The code and the plugin metadata (the package README is not installed).
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.suffix in {".py", ".pyi", ".json"})
    assert files
    _, mismatch, missing = filecmp.cmpfiles(source, installed, [str(f) for f in files], shallow=False)
    assert (mismatch, missing) == ([], [])


def test_cli_is_the_pinned_engine(pulumi_cli: auto.PulumiCommand) -> None:
    """The CLI is bin/pulumi at the Makefile's PULUMI_VERSION, and the Automation API accepts it.

    The Python SDK may be older than the engine (PyPI need not serve every engine release), never newer.
    """
    assert pulumi_cli.command == str(stacks.BIN / "pulumi")
    makefile = (stacks.REPO / "Makefile").read_text()
    [pinned] = re.findall(r"^PULUMI_VERSION\s*:=\s*v(\S+)\s*$", makefile, re.MULTILINE)
    assert pulumi_cli.version == VersionInfo.parse(pinned)
    assert pulumi_cli.version >= VersionInfo.parse(version("pulumi"))

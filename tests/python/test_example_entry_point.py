"""The example's entry point, examples/python/__main__.py, runs the program a user gets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import stacks
from stacks import ACL, INCOMING, OUTGOING, PEER, TSIG


def registered(*config: str) -> dict[str, dict]:
    """The resources the entry point registers, by name."""
    script = Path(__file__).with_name("example_under_mocks.py")
    run = subprocess.run(
        [sys.executable, str(script), str(stacks.EXAMPLE), *config],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    resources = [json.loads(line) for line in run.stdout.splitlines()]
    by_name = {r["name"]: r for r in resources}
    assert len(by_name) == len(resources), "two resources of one name"
    return by_name


def test_entry_point_declares_every_resource() -> None:
    resources = registered()
    assert {name: r["type"] for name, r in resources.items()} == {
        "transferKey": TSIG, "primary": PEER, "incoming": INCOMING,
        "secondary": PEER, "secondaries": ACL, "outgoing": OUTGOING,
    }
    assert resources["transferKey"]["inputs"] == {"name": "transfer.example.com.", "algo": "hmac-sha512."}
    assert resources["primary"]["inputs"] == {
        "name": "ns1-primary", "ip": "192.0.2.53", "port": 53, "ixfrEnable": True, "tsigId": "transferKey-id",
    }
    assert resources["secondaries"]["inputs"] == {"name": "secondaries", "ipRange": "192.0.2.0/24"}
    # The zones are the ones getZone found by the default names.
    assert resources["incoming"]["inputs"] == {
        "zoneId": "example.com-zone-id", "name": "example.com", "peers": ["primary-id"],
        "autoRefreshSeconds": 86400, "triggers": [],
    }
    assert resources["outgoing"]["inputs"] == {
        "zoneId": "example.net-zone-id", "name": "example.net", "peers": ["secondary-id"],
        "enabled": True, "triggers": [],
    }


def test_entry_point_reads_peer_config() -> None:
    peer = registered("example:peerIp=2001:db8::53", "example:peerPort=5353")["primary"]
    assert (peer["inputs"]["ip"], peer["inputs"]["port"]) == ("2001:db8::53", 5353)


def test_entry_point_reads_acl_config() -> None:
    acl = registered("example:aclRange=2001:db8:53::/64")["secondaries"]
    assert acl["inputs"]["ipRange"] == "2001:db8:53::/64"


def test_entry_point_reads_zone_and_transfer_config() -> None:
    resources = registered(
        "example:secondaryZone=in.example", "example:primaryZone=out.example", "example:autoRefreshSeconds=3600",
        'example:axfrTriggers=["a"]', 'example:notifyTriggers=["b"]',
    )
    incoming, outgoing = resources["incoming"]["inputs"], resources["outgoing"]["inputs"]
    assert (incoming["zoneId"], incoming["autoRefreshSeconds"], incoming["triggers"]) == ("in.example-zone-id", 3600, ["a"])
    assert (outgoing["zoneId"], outgoing["triggers"]) == ("out.example-zone-id", ["b"])

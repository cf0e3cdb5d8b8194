"""The example's entry point, examples/python/__main__.py, runs the program a user gets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import stacks
from stacks import ACL, PEER, TSIG


def registered(*config: str) -> dict[str, dict]:
    script = Path(__file__).with_name("example_under_mocks.py")
    run = subprocess.run(
        [sys.executable, str(script), str(stacks.EXAMPLE), *config],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    resources = [json.loads(line) for line in run.stdout.splitlines()]
    return {r["type"]: r for r in resources}


def test_entry_point_declares_the_key_its_peer_and_the_acl() -> None:
    resources = registered()
    assert set(resources) == {TSIG, PEER, ACL}
    assert resources[TSIG]["inputs"] == {"name": "transfer.example.com.", "algo": "hmac-sha512."}
    assert resources[PEER]["inputs"] == {
        "name": "ns1-primary", "ip": "192.0.2.53", "port": 53, "ixfrEnable": True,
        "tsigId": f"{resources[TSIG]['name']}-id",
    }
    assert resources[ACL]["inputs"] == {"name": "secondaries", "ipRange": "192.0.2.0/24"}


def test_entry_point_reads_peer_config() -> None:
    peer = registered("example:peerIp=2001:db8::53", "example:peerPort=5353")[PEER]
    assert (peer["inputs"]["ip"], peer["inputs"]["port"]) == ("2001:db8::53", 5353)


def test_entry_point_reads_acl_config() -> None:
    acl = registered("example:aclRange=2001:db8:53::/64")[ACL]
    assert acl["inputs"]["ipRange"] == "2001:db8:53::/64"

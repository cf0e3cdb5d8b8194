"""The example's key rotation (docs/rotating-tsig-keys.md) under the Pulumi engine, stage by stage:
the keys Cloudflare holds, the key the peers use and the keys the rendered primary configuration
holds; no key's secret changes in place."""

from __future__ import annotations

from pulumi import automation as auto

import secondary_dns
from emulator import Emulator
from stacks import StackFactory

OLD, NEXT = "transfer.example.com.", "transfer-next.example.com."


def test_example_rotation(new_stack: StackFactory, emulator: Emulator) -> None:
    stack = new_stack("rotation", secondary_dns.program)
    secrets: dict[str, str] = {}  # by key name, as first created
    stages = [
        (None, {"create": 7}, [OLD], OLD, [OLD]),
        ("accept", {"create": 1}, [OLD, NEXT], OLD, [OLD, NEXT]),
        ("switch", {"update": 2}, [OLD, NEXT], NEXT, [NEXT, OLD]),
        ("done", {"delete": 1}, [NEXT], NEXT, [NEXT]),
    ]
    for stage, changes, keys, peers_use, config_keys in stages:
        if stage is not None:
            stack.set_config("rotationStage", auto.ConfigValue(stage))
        up = stack.up()
        assert {op: n for op, n in up.summary.resource_changes.items() if op != "same"} == changes, stage

        tsigs = emulator.tsigs()
        assert sorted(k["name"] for k in tsigs) == sorted(keys), stage
        for k in tsigs:
            assert secrets.setdefault(k["name"], k["secret"]) == k["secret"], f"{stage}: the secret of {k['name']} changed in place"
        [current] = [k for k in tsigs if k["name"] == peers_use]
        assert [p["tsig_id"] for p in emulator.peers()] == [current["id"]] * 2, stage
        assert up.outputs["tsigId"].value == current["id"], stage

        assert up.outputs["primaryConfig"].secret, stage
        config = up.outputs["primaryConfig"].value
        for name in (OLD, NEXT):
            assert (f'key "{name}" {{' in config) == (name in config_keys), f"{stage}: the configuration and {name}"
        # NOTIFY is signed with the current key.
        assert f' key "{config_keys[0]}";' in config, stage

"""The example's whole life under the Pulumi engine, checked in the emulator's store.

The ACL's updates and import, and the zone transfers' updates, triggers, switch and import, are
checked in depth by the Go suite (tests/*_test.go).
"""

from __future__ import annotations

import base64
from pathlib import Path

from pulumi import automation as auto

import secondary_dns
from emulator import PRIMARY_ZONE, SECONDARY_ZONE, Emulator
from stacks import ACL, StackFactory
from state import Steps, bare_occurrences, enveloped_count, files_containing


def test_example_lifecycle(new_stack: StackFactory, emulator: Emulator, tmp_path: Path) -> None:
    stack = new_stack("lifecycle", secondary_dns.program)

    # 1. up creates exactly the key, both peers linked to it, the ACL and both transfers.
    up = stack.up()
    assert up.summary.result == "succeeded"
    assert up.summary.resource_changes == {"create": 7}  # the stack and the six resources
    [tsig] = emulator.tsigs()
    [peer, secondary_peer] = _peers(emulator)
    [acl] = emulator.acls()
    assert tsig["name"] == "transfer.example.com."
    assert tsig["algo"] == "hmac-sha512."
    assert len(base64.b64decode(tsig["secret"], validate=True)) == 64  # SHA-512's digest size
    assert peer == {
        "id": peer["id"],
        "name": "ns1-primary",
        "ip": secondary_dns.DEFAULT_PEER_IP,
        "port": secondary_dns.DEFAULT_PEER_PORT,
        "ixfr_enable": True,
        "tsig_id": tsig["id"],
    }
    assert secondary_peer == {
        "id": secondary_peer["id"],
        "name": "ns1-secondary",
        "ip": secondary_dns.DEFAULT_SECONDARY_PEER_IP,
        "port": 53,
        "tsig_id": tsig["id"],
    }
    assert acl == {"id": acl["id"], "name": "secondaries", "ip_range": secondary_dns.DEFAULT_ACL_RANGE}
    # Both configurations exist, on the zones found by name, with outgoing transfers enabled.
    secondary_zone_id = emulator.zone_id(SECONDARY_ZONE)
    primary_zone_id = emulator.zone_id(PRIMARY_ZONE)
    incoming = emulator.transfer(secondary_zone_id, "incoming")
    assert (incoming["name"], incoming["peers"]) == (SECONDARY_ZONE, [peer["id"]])
    outgoing = emulator.transfer(primary_zone_id, "outgoing")
    assert (outgoing["name"], outgoing["peers"]) == (PRIMARY_ZONE, [secondary_peer["id"]])
    assert emulator.outgoing_enabled(primary_zone_id)
    # The state records the ACL under Cloudflare's ID, with the declared fields.
    [acl_state] = [r for r in stack.export_stack().deployment["resources"] if r["type"] == ACL]
    assert acl_state["id"] == acl["id"]
    assert acl_state["outputs"] == {
        "accountId": emulator.account_id, "name": "secondaries", "ipRange": secondary_dns.DEFAULT_ACL_RANGE,
    }
    outputs = stack.outputs()
    assert outputs["tsigId"].value == tsig["id"] and not outputs["tsigId"].secret
    assert outputs["peerId"].value == peer["id"] and not outputs["peerId"].secret
    assert outputs["aclId"].value == acl["id"] and not outputs["aclId"].secret
    assert outputs["secondaryPeerId"].value == secondary_peer["id"]
    assert outputs["secondaryZoneId"].value == secondary_zone_id
    assert outputs["primaryZoneId"].value == primary_zone_id
    assert outputs["outgoingEnabled"].value is True
    assert outputs["tsigSecret"].value == tsig["secret"] and outputs["tsigSecret"].secret

    # 2. Nothing changed: a preview plans nothing.
    preview = stack.preview()
    assert set(preview.change_summary) == {"same"}, preview.change_summary

    # 3. A new port from config updates the peer in place.
    stack.set_config("peerPort", auto.ConfigValue("5353"))
    steps = Steps()
    up = stack.up(on_event=steps)
    assert up.summary.resource_changes == {"same": 6, "update": 1}
    assert steps.op("primary") == "update" and steps.changed("primary") == ["port"]
    assert steps.op("secondary") == "same" and steps.op("transferKey") == "same" and steps.op("secondaries") == "same"
    assert _peers(emulator) == [{**peer, "port": 5353}, secondary_peer]
    assert emulator.tsigs() == [tsig]
    assert emulator.acls() == [acl]

    # 4. Someone changes the peer's address in the dashboard: refresh records it, and the
    # next up puts the program's address back.
    emulator.put_peer(peer["id"], **{**_fields(peer), "port": 5353, "ip": "198.51.100.7"})
    refresh = stack.refresh()
    assert refresh.summary.resource_changes == {"same": 6, "update": 1}
    assert _state_outputs(stack, "primary")["ip"] == "198.51.100.7"
    steps = Steps()
    preview = stack.preview(on_event=steps)
    assert preview.change_summary == {"same": 6, "update": 1}
    assert steps.op("primary") == "update" and steps.changed("primary") == ["ip"]
    stack.up()
    assert _peers(emulator) == [{**peer, "port": 5353}, secondary_peer]

    # The TSIG secret and the API token are secrets everywhere in state, and never on disk.
    _assert_kept_secret(stack, tmp_path, [tsig["secret"], emulator.token])

    # 5. destroy removes everything from Cloudflare. (Import: test_import.py.)
    destroy = stack.destroy()
    assert destroy.summary.resource_changes == {"delete": 7}
    assert emulator.tsigs() == []
    assert emulator.peers() == []
    assert emulator.acls() == []
    assert emulator.transfer(secondary_zone_id, "incoming") is None
    assert emulator.transfer(primary_zone_id, "outgoing") is None


def _peers(emulator: Emulator) -> list[dict]:
    """The account's peers, the primary's first."""
    return sorted(emulator.peers(), key=lambda p: p["name"])


def _fields(peer: dict) -> dict:
    return {k: v for k, v in peer.items() if k != "id"}


def _state_outputs(stack: auto.Stack, name: str) -> dict:
    [resource] = [r for r in stack.export_stack().deployment["resources"] if r["urn"].endswith(f"::{name}")]
    return resource["outputs"]


def _assert_kept_secret(stack: auto.Stack, tmp_path: Path, secrets: list[str]) -> None:
    # export_stack() decrypts secrets (the Automation API passes --show-secrets): each must
    # still be inside a secret envelope.
    deployment = stack.export_stack().deployment
    assert files_containing(tmp_path / "state", stack.name)  # the file search looks at the state
    for secret in secrets:
        assert bare_occurrences(deployment, secret) == []
        assert enveloped_count(deployment, secret) > 0  # the search looks at the right values
        # On disk (state, history, backups, stack config, logs), only ciphertext.
        assert files_containing(tmp_path, secret) == []

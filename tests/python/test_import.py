"""Adopting objects made outside Pulumi: the example's program, importing by <accountId>/<id>.

The key and the primary peer are imported; the example's other resources (the second peer, the ACL,
the zone transfers) are created (the Go suite, tests/import_test.go, checks their import).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Callable

import pulumi

import secondary_dns
from emulator import Emulator
from stacks import StackFactory
from state import Steps, bare_occurrences, enveloped_count, files_containing

# A key made outside Pulumi, as `tsig-keygen -a hmac-sha512` would: 64 random bytes, base64.
HAND_MADE_SECRET = base64.b64encode(os.urandom(64)).decode()


def importing(program: Callable[[], None], ids: dict[str, str]) -> Callable[[], None]:
    """Runs program with the `import` option set on its resources, by name."""

    def transform(args: pulumi.ResourceTransformArgs) -> pulumi.ResourceTransformResult | None:
        if args.name not in ids:
            return None
        opts = pulumi.ResourceOptions.merge(args.opts, pulumi.ResourceOptions(import_=ids[args.name]))
        return pulumi.ResourceTransformResult(args.props, opts)

    def run() -> None:
        pulumi.runtime.register_resource_transform(transform)
        program()

    return run


def test_import_objects_made_in_the_dashboard(new_stack: StackFactory, emulator: Emulator, tmp_path: Path) -> None:
    # What the example declares, made directly in the account.
    tsig = emulator.create_tsig("transfer.example.com.", "hmac-sha512.", HAND_MADE_SECRET)
    peer = emulator.create_peer(
        name="ns1-primary",
        ip=secondary_dns.DEFAULT_PEER_IP,
        port=secondary_dns.DEFAULT_PEER_PORT,
        ixfr_enable=True,
        tsig_id=tsig["id"],
    )
    account = emulator.account_id
    program = importing(secondary_dns.program, {"transferKey": f"{account}/{tsig['id']}", "primary": f"{account}/{peer['id']}"})
    stack = new_stack("imported", program)

    steps = Steps()
    up = stack.up(on_event=steps)
    # The stack, the second peer, the ACL and both transfers are new.
    assert up.summary.resource_changes == {"create": 5, "import": 2}
    assert steps.op("transferKey") == "import" and steps.op("primary") == "import"
    # Importing writes nothing.
    assert emulator.tsigs() == [tsig]
    assert [p for p in emulator.peers() if p["id"] == peer["id"]] == [peer]
    [acl] = emulator.acls()
    outputs = stack.outputs()
    assert outputs["aclId"].value == acl["id"]
    assert outputs["tsigId"].value == tsig["id"]
    assert outputs["peerId"].value == peer["id"]
    assert outputs["tsigSecret"].value == HAND_MADE_SECRET and outputs["tsigSecret"].secret

    # The imported state matches the program: nothing to do, with or without the import option.
    preview = stack.preview()
    assert set(preview.change_summary) == {"same"}, preview.change_summary
    preview = stack.preview(program=secondary_dns.program)
    assert set(preview.change_summary) == {"same"}, preview.change_summary

    deployment = stack.export_stack().deployment
    assert bare_occurrences(deployment, HAND_MADE_SECRET) == []
    assert enveloped_count(deployment, HAND_MADE_SECRET) > 0
    assert files_containing(tmp_path, HAND_MADE_SECRET) == []

    destroy = stack.destroy()
    assert destroy.summary.resource_changes == {"delete": 7}
    assert emulator.tsigs() == []
    assert emulator.peers() == []
    assert emulator.acls() == []

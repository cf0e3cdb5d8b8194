// Adopting a key and a peer made in the dashboard: the TypeScript example, run with the `import`
// resource option set to <accountId>/<id>, takes them over and then finds nothing to change.
// The example's other resources (the second peer, the ACL, the zone transfers) are created here;
// their import is checked by the Go suite (tests/import_test.go).
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { secondaryDns } from "../../examples/typescript/secondaryDns";
import { ApiAcl, ApiPeer, ApiTsig, counts, Emulator, peerType, primaryZone, Sandbox, secondaryZone, tsigType } from "./harness";

describe("importing existing objects into the TypeScript example", () => {
    const emulator = new Emulator();
    const sandbox = new Sandbox();
    let stack: Stack;
    let tsig: ApiTsig;
    let peer: ApiPeer;
    let secondaryPeer: ApiPeer;
    let acl: ApiAcl;

    before(async () => {
        await emulator.start();
        stack = await sandbox.stack("import", async () => secondaryDns(), emulator);
        // What the example declares, made directly in the account, with a secret of its own.
        tsig = await emulator.createTsig({
            name: "transfer.example.com.",
            algo: "hmac-sha512.",
            secret: Buffer.from("a secret shared with the primary before Pulumi".padEnd(64, ".")).toString("base64"),
        });
        peer = await emulator.createPeer({ name: "ns1-primary", ip: "192.0.2.53", port: 53, ixfr_enable: true, tsig_id: tsig.id });
    });

    after(async () => {
        await emulator.stop();
        sandbox.cleanup();
    });

    it("the `import` option adopts both objects by account-qualified ID", async () => {
        // By resource name: the example declares two peers.
        const importIds: Record<string, string> = {
            transferKey: `${emulator.accountId}/${tsig.id}`,
            primary: `${emulator.accountId}/${peer.id}`,
        };
        const types: Record<string, string> = { transferKey: tsigType, primary: peerType };
        // The example's own code, with the option added to its resources from outside.
        const adopting = async () => {
            pulumi.runtime.registerResourceTransform(({ type, name, props, opts }) =>
                types[name] === type ? { props, opts: { ...opts, import: importIds[name] } } : undefined,
            );
            return secondaryDns();
        };
        const result = await stack.up({ program: adopting });
        // The stack, the second peer, the ACL and both transfers are created.
        assert.deepEqual(counts(result.summary.resourceChanges), { create: 5, import: 2 });
        // Importing only reads: the account holds the same objects, unchanged.
        assert.deepEqual(await emulator.listTsigs(), [tsig]);
        const peers = await emulator.listPeers();
        assert.deepEqual(peers.filter((p) => p.id === peer.id), [peer]);
        assert.equal(peers.length, 2);
        secondaryPeer = peers.find((p) => p.id !== peer.id)!;
        const acls = await emulator.listAcls();
        assert.equal(acls.length, 1);
        acl = acls[0];
    });

    it("the example's program then shows no changes", async () => {
        const result = await stack.preview();
        assert.deepEqual(counts(result.changeSummary), { same: 7 });
    });

    it("up keeps the imported objects, and the imported secret stays encrypted", async () => {
        const result = await stack.up();
        assert.deepEqual(counts(result.summary.resourceChanges), { same: 7 });
        // What the primary runs holds the imported key, as a secret.
        const { primaryConfig, ...outputs } = result.outputs;
        assert.ok(primaryConfig.secret);
        assert.ok(primaryConfig.value.includes(`secret "${tsig.secret}";`));
        assert.deepEqual(outputs, {
            tsigId: { value: tsig.id, secret: false },
            peerId: { value: peer.id, secret: false },
            secondaryPeerId: { value: secondaryPeer.id, secret: false },
            aclId: { value: acl.id, secret: false },
            secondaryZoneId: { value: await emulator.zoneId(secondaryZone), secret: false },
            primaryZoneId: { value: await emulator.zoneId(primaryZone), secret: false },
            outgoingEnabled: { value: true, secret: false },
            tsigSecret: { value: tsig.secret, secret: true },
        });
        assert.deepEqual(await emulator.listTsigs(), [tsig]);
        assert.deepEqual((await emulator.listPeers()).sort((a, b) => a.name.localeCompare(b.name)), [peer, secondaryPeer]);
        assert.deepEqual(await emulator.listAcls(), [acl]);

        sandbox.assertNoPlaintext(tsig.secret);
    });

    it("destroy deletes the adopted objects", async () => {
        const result = await stack.destroy();
        assert.deepEqual(counts(result.summary.resourceChanges), { delete: 7 });
        assert.deepEqual(await emulator.listPeers(), []);
        assert.deepEqual(await emulator.listTsigs(), []);
        assert.deepEqual(await emulator.listAcls(), []);
    });
});

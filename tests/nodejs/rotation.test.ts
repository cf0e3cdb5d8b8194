// The TypeScript example's key rotation (docs/rotating-tsig-keys.md) through the Pulumi engine
// against the emulator, stage by stage: the keys Cloudflare holds, the key the peers use and the
// keys the rendered primary configuration holds; no key's secret changes in place.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Stack } from "@pulumi/pulumi/automation";
import { secondaryDns } from "../../examples/typescript/secondaryDns";
import { counts, Emulator, Sandbox } from "./harness";

const oldName = "transfer.example.com.";
const nextName = "transfer-next.example.com.";

describe("the TypeScript example's key rotation", () => {
    const emulator = new Emulator();
    const sandbox = new Sandbox();
    let stack: Stack;
    const secrets = new Map<string, string>(); // by key name, as first created

    before(async () => {
        await emulator.start();
        stack = await sandbox.stack("rotation", async () => secondaryDns(), emulator);
    });

    after(async () => {
        await emulator.stop();
        sandbox.cleanup();
    });

    const stages: { stage?: string; changes: Record<string, number>; keys: string[]; peersUse: string; configKeys: string[] }[] = [
        { changes: { create: 7 }, keys: [oldName], peersUse: oldName, configKeys: [oldName] },
        { stage: "accept", changes: { create: 1 }, keys: [oldName, nextName], peersUse: oldName, configKeys: [oldName, nextName] },
        { stage: "switch", changes: { update: 2 }, keys: [oldName, nextName], peersUse: nextName, configKeys: [nextName, oldName] },
        { stage: "done", changes: { delete: 1 }, keys: [nextName], peersUse: nextName, configKeys: [nextName] },
    ];
    for (const s of stages) {
        it(`stage ${s.stage ?? "(none)"}: Cloudflare holds ${s.keys.join(" and ")}, the peers use ${s.peersUse}`, async () => {
            if (s.stage !== undefined) {
                await stack.setConfig("rotationStage", { value: s.stage });
            }
            const result = await stack.up();
            const changes = counts(result.summary.resourceChanges);
            delete changes.same;
            assert.deepEqual(changes, s.changes);

            const tsigs = await emulator.listTsigs();
            assert.deepEqual(tsigs.map(k => k.name).sort(), [...s.keys].sort());
            for (const k of tsigs) {
                assert.equal(secrets.get(k.name) ?? k.secret, k.secret, `the secret of ${k.name} changed in place`);
                secrets.set(k.name, k.secret);
            }
            const current = tsigs.find(k => k.name === s.peersUse)!;
            for (const peer of await emulator.listPeers()) {
                assert.equal(peer.tsig_id, current.id, `peer ${peer.name}`);
            }
            assert.equal(result.outputs.tsigId.value, current.id);

            assert.ok(result.outputs.primaryConfig.secret, "primaryConfig is a secret");
            const config: string = result.outputs.primaryConfig.value;
            for (const name of [oldName, nextName]) {
                assert.equal(config.includes(`key "${name}" {`), s.configKeys.includes(name), `the configuration defines ${name}`);
            }
            // NOTIFY is signed with the current key.
            assert.ok(config.includes(` key "${s.configKeys[0]}";`), `NOTIFY signed with ${s.configKeys[0]}`);
        });
    }
});

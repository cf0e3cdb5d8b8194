// The registry examples' TypeScript programs (generated from examples/registry/<page>/<name>.pp
// by `make codegen`, compiled by make/e2e-examples.mk into bin/), each run through the engine as
// an inline program against an emulator of its own, then destroyed. The emulator starts from
// tests/registryexamples/account.json: the objects and zones the reading examples look up.
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { Emulator, projectName, repoRoot, Sandbox, secondaryZone, primaryZone } from "./harness";

const examplesDir = path.join(repoRoot, "examples", "registry");
const compiledDir = path.join(repoRoot, "bin", "registry-examples", "nodejs");
const fixtureDir = path.join(repoRoot, "tests", "registryexamples");
const fixture: { accountId: string; config: Record<string, string> } = JSON.parse(
    fs.readFileSync(path.join(fixtureDir, "stack.json"), "utf8"),
);
const seeded = JSON.parse(fs.readFileSync(path.join(fixtureDir, "account.json"), "utf8")).accounts[fixture.accountId];

/** Every example: <page>/<name>, as its directory under examples/registry. */
const examples = fs.readdirSync(examplesDir, { withFileTypes: true })
    .filter((page) => page.isDirectory())
    .flatMap((page) => fs.readdirSync(path.join(examplesDir, page.name))
        .filter((name) => fs.existsSync(path.join(examplesDir, page.name, name, "index.ts")))
        .map((name) => `${page.name}/${name}`));

/** The program's outputs: what the module exports, or what its exported function returns. */
async function runProgram(example: string): Promise<Record<string, unknown>> {
    const program = require(path.join(compiledDir, example, "index.js"));
    return typeof program === "function" ? await program() : { ...program };
}

describe("the registry examples in TypeScript", { concurrency: 4 }, () => {
    // The emulators' state files hold the fixture's secrets: apart from the sandboxes, whose files
    // must never hold one.
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "cfsecdns-registry-examples-"));
    after(() => fs.rmSync(stateDir, { recursive: true, force: true }));

    it("are all found", () => assert.ok(examples.length >= 15, `found ${examples.length} examples`));

    for (const example of examples) {
        it(`${example} (typescript)`, async () => {
            const statePath = path.join(stateDir, `${example.replace("/", "-")}.json`);
            fs.copyFileSync(path.join(fixtureDir, "account.json"), statePath);
            const emulator = new Emulator({ accountId: fixture.accountId, statePath });
            // A sandbox of its own: the plaintext check reads only this example's files.
            const sandbox = new Sandbox();
            await emulator.start();
            try {
                const stack = await sandbox.stack(example.replace("/", "-"), () => runProgram(example), emulator);
                const tsigSecret = randomBytes(64).toString("base64");
                await stack.setAllConfig({
                    ...Object.fromEntries(Object.entries(fixture.config).map(([k, v]) => [`${projectName}:${k}`, { value: v }])),
                    [`${projectName}:tsigSecret`]: { value: tsigSecret, secret: true },
                });
                const up = await stack.up();
                assert.ok(Object.keys(up.outputs).length > 0, "the program exports nothing");
                for (const [name, output] of Object.entries(up.outputs)) {
                    assert.notEqual(output.value, undefined, `output ${name} has no value`);
                }
                sandbox.assertNoPlaintext(tsigSecret);

                await stack.destroy();
                // The account is as the fixture seeded it: nothing the example made is left.
                assert.deepEqual(await emulator.listTsigs(), seeded.tsigs);
                assert.deepEqual(await emulator.listPeers(), seeded.peers);
                assert.deepEqual(await emulator.listAcls(), seeded.acls);
                for (const [zone, direction] of [[secondaryZone, "incoming"], [primaryZone, "outgoing"]] as const) {
                    assert.equal(await emulator.transfer(await emulator.zoneId(zone), direction), undefined, `${zone} keeps its ${direction} transfer`);
                }
            } finally {
                await emulator.stop();
                sandbox.cleanup();
            }
        });
    }
});

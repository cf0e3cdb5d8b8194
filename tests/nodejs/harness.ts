// Shared plumbing for the engine-level suites: the repository's binaries, a hermetic Pulumi
// workspace per test file, and the emulator as a separate process with a client for its API.
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { LocalWorkspace, OpMap, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";

// This file runs from tests/nodejs/build/tests/nodejs/, five levels below the repository root.
export const repoRoot = path.resolve(__dirname, "../../../../..");
const binDir = path.join(repoRoot, "bin");
const exampleDir = path.join(repoRoot, "examples", "typescript");

// The example's project name, so that its config keys (peerIp, peerPort) are namespaced as a user's.
export const projectName = /^name:\s*(\S+)\s*$/m.exec(
    fs.readFileSync(path.join(exampleDir, "Pulumi.yaml"), "utf8"),
)![1];

export const tsigType = "cloudflare-secondary-dns:index:Tsig";
export const peerType = "cloudflare-secondary-dns:index:Peer";
export const aclType = "cloudflare-secondary-dns:index:Acl";

/** The zones the example finds by name (its defaults), seeded into every emulator. */
export const secondaryZone = "example.com";
export const primaryZone = "example.net";

// Credentials a developer has exported must never reach the provider the engine starts.
for (const name of Object.keys(process.env)) {
    if (name.startsWith("CLOUDFLARE_")) {
        delete process.env[name];
    }
}

/** A TSIG key as the Cloudflare API returns it. */
export interface ApiTsig {
    id: string;
    name: string;
    algo: string;
    secret: string;
}

/** A peer as the Cloudflare API returns it: unset optional fields are absent. */
export interface ApiPeer {
    id: string;
    name: string;
    ip?: string;
    port?: number;
    ixfr_enable?: boolean;
    tsig_id?: string;
}

/** An ACL as the Cloudflare API returns it. */
export interface ApiAcl {
    id: string;
    name: string;
    ip_range: string;
}

/** A zone transfer configuration as the Cloudflare API returns it (the fields the suites read). */
export interface ApiTransfer {
    id: string;
    name: string;
    peers: string[];
    auto_refresh_seconds?: number;
    enabled?: boolean;
}

/** Where an emulator's store starts from: an account's ID and a state file holding it. */
export interface EmulatorState {
    accountId: string;
    statePath: string;
}

/**
 * The emulator command on a free loopback port, with a fresh token and account (or the account
 * of a state file the emulator loads and keeps), holding the example's zones.
 */
export class Emulator {
    readonly token = randomBytes(16).toString("hex");
    readonly accountId: string;
    baseUrl = "";
    private proc?: ChildProcess;
    private stderr = "";

    constructor(private readonly state?: EmulatorState) {
        this.accountId = state?.accountId ?? randomBytes(16).toString("hex");
    }

    async start(): Promise<void> {
        const proc = spawn(
            path.join(binDir, "cloudflare-secondary-dns-emulator"),
            [
                "-addr", "127.0.0.1:0", "-token", this.token, "-account", this.accountId,
                "-zone", `${secondaryZone}=secondary`, "-zone", `${primaryZone}=full`,
                ...(this.state ? ["-state", this.state.statePath] : []),
            ],
            { stdio: ["ignore", "pipe", "pipe"] },
        );
        this.proc = proc;
        // Not left running when this process ends without stop(): an uncaught error, or a runner
        // or CI job terminating it (the signal is raised again once the emulator is told to stop).
        const stopOnExit = () => proc.kill("SIGTERM");
        const stopOnSignal = (signal: NodeJS.Signals) => {
            stopOnExit();
            process.kill(process.pid, signal);
        };
        process.once("exit", stopOnExit).once("SIGTERM", stopOnSignal).once("SIGHUP", stopOnSignal);
        proc.once("exit", () => {
            process.off("exit", stopOnExit).off("SIGTERM", stopOnSignal).off("SIGHUP", stopOnSignal);
        });
        proc.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
        const exited = new Promise<never>((_, reject) => {
            proc.once("error", reject);
            proc.once("exit", (code) => reject(new Error(`emulator exited (${code}) before printing its URL:\n${this.stderr}`)));
        });
        const lines = readline.createInterface({ input: proc.stdout! });
        const firstLine = new Promise<string>((resolve) => lines.once("line", resolve));
        this.baseUrl = await Promise.race([firstLine, exited]);
        lines.close();
        proc.stdout!.resume(); // anything after the URL is drained, so the emulator never blocks on a full pipe
        if (!/^http:\/\/127\.0\.0\.1:\d+\/client\/v4\/$/.test(this.baseUrl)) {
            throw new Error(`emulator printed ${JSON.stringify(this.baseUrl)} instead of its base URL`);
        }
    }

    /** Stops the emulator with SIGTERM (its graceful shutdown) and waits for it to exit. */
    async stop(): Promise<void> {
        const proc = this.proc;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
            return;
        }
        const exited = new Promise((resolve) => proc.once("exit", resolve));
        proc.kill("SIGTERM");
        await exited;
    }

    listTsigs(): Promise<ApiTsig[]> {
        return this.call("GET", "tsigs");
    }

    listPeers(): Promise<ApiPeer[]> {
        return this.call("GET", "peers");
    }

    listAcls(): Promise<ApiAcl[]> {
        return this.call("GET", "acls");
    }

    /** The ID of the account's zone of that name. */
    async zoneId(name: string): Promise<string> {
        const zones: { id: string }[] = await this.request("GET", `zones?account.id=${this.accountId}&name=${name}`);
        assert.equal(zones.length, 1, `expected one zone named ${name}`);
        return zones[0].id;
    }

    /** A zone's incoming or outgoing transfer configuration, undefined when it has none. */
    async transfer(zoneId: string, direction: "incoming" | "outgoing"): Promise<ApiTransfer | undefined> {
        try {
            return await this.request("GET", `zones/${zoneId}/secondary_dns/${direction}`);
        } catch (e) {
            if (e instanceof Error && / 404 /.test(e.message)) {
                return undefined;
            }
            throw e;
        }
    }

    /** Whether a zone's outgoing transfers are enabled, as outgoing/status reports. */
    async outgoingEnabled(zoneId: string): Promise<boolean> {
        return (await this.request<string>("GET", `zones/${zoneId}/secondary_dns/outgoing/status`)) === "Enabled";
    }

    /** Creates a key as someone using the dashboard would. */
    createTsig(tsig: Omit<ApiTsig, "id">): Promise<ApiTsig> {
        return this.call("POST", "tsigs", tsig);
    }

    /** Creates a peer (the API takes only its name), then sets its other fields. */
    async createPeer(peer: Omit<ApiPeer, "id">): Promise<ApiPeer> {
        const created: ApiPeer = await this.call("POST", "peers", { name: peer.name });
        return this.replacePeer({ ...peer, id: created.id });
    }

    /** Replaces a peer's fields behind Pulumi's back. */
    replacePeer(peer: ApiPeer): Promise<ApiPeer> {
        const { id, ...fields } = peer;
        return this.call("PUT", `peers/${id}`, fields);
    }

    private call<T>(method: string, route: string, body?: unknown): Promise<T> {
        return this.request(method, `accounts/${this.accountId}/secondary_dns/${route}`, body);
    }

    private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
        const url = `${this.baseUrl}${route}`;
        const response = await fetch(url, {
            method,
            headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const envelope = (await response.json()) as { success: boolean; errors: unknown[]; result: T };
        if (!response.ok || !envelope.success) {
            throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(envelope.errors)}`);
        }
        return envelope.result;
    }
}

/** A temporary Pulumi home and file backend, removed by cleanup. */
export class Sandbox {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfsecdns-e2e-nodejs-"));
    private pulumi?: Promise<PulumiCommand>;

    /** A stack running program, configured to manage the emulator's account. */
    async stack(stackName: string, program: PulumiFn, emulator: Emulator): Promise<Stack> {
        // The CLI at <root>/bin/pulumi: the one `make pulumi` built, at the engine version we pin.
        this.pulumi ??= PulumiCommand.get({ root: repoRoot });
        const workDir = path.join(this.dir, "project", stackName);
        const stateDir = path.join(this.dir, "state");
        fs.mkdirSync(workDir, { recursive: true });
        fs.mkdirSync(stateDir, { recursive: true });
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName, projectName, program },
            {
                workDir,
                pulumiCommand: await this.pulumi,
                envVars: {
                    PULUMI_HOME: path.join(this.dir, "home"),
                    PULUMI_BACKEND_URL: `file://${stateDir}`,
                    PULUMI_CONFIG_PASSPHRASE: "engine-level tests",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
                    // The provider plugin is found on PATH.
                    PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
                },
            },
        );
        await stack.setAllConfig({
            "cloudflare-secondary-dns:baseUrl": { value: emulator.baseUrl },
            "cloudflare-secondary-dns:apiToken": { value: emulator.token, secret: true },
            "cloudflare-secondary-dns:accountId": { value: emulator.accountId },
        });
        return stack;
    }

    /**
     * The stack's checkpoint as the file backend stores it. (Stack.exportStack runs
     * `pulumi stack export --show-secrets`, so it shows secrets decrypted.)
     */
    storedState(stackName: string): { resources: StateResource[] } {
        const file = path.join(this.dir, "state", ".pulumi", "stacks", projectName, `${stackName}.json`);
        return JSON.parse(fs.readFileSync(file, "utf8")).checkpoint.latest;
    }

    /** Fails if a file Pulumi wrote (state, its history and backups, stack config, logs) holds a value. */
    assertNoPlaintext(...values: string[]): void {
        const files = fs.readdirSync(this.dir, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => path.join(entry.parentPath, entry.name));
        assert.ok(files.some((file) => file.includes(`${path.sep}stacks${path.sep}`)), "no stack state was written");
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            for (const value of values) {
                assert.ok(!text.includes(value), `${path.relative(this.dir, file)} holds a secret in plaintext`);
            }
        }
    }

    cleanup(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The non-zero counts of a change summary, so that assertions compare exact maps. */
export function counts(summary: OpMap | undefined): OpMap {
    return Object.fromEntries(Object.entries(summary ?? {}).filter(([, n]) => n !== 0));
}

/** A resource in a stack's state. */
export interface StateResource {
    type: string;
    id?: string;
    outputs?: Record<string, unknown>;
}

/** The one resource of the given type in a state. */
export function resourceOf(state: { resources?: StateResource[] }, type: string): StateResource {
    const found = (state.resources ?? []).filter((r) => r.type === type);
    assert.equal(found.length, 1, `expected one ${type} in the state`);
    return found[0];
}

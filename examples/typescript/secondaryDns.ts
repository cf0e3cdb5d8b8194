import * as pulumi from "@pulumi/pulumi";
import * as cfsecdns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

/** The stack outputs: the IDs of what was created, the outgoing switch, and the key's secret. */
export interface SecondaryDnsOutputs {
    tsigId: pulumi.Output<string>;
    peerId: pulumi.Output<string>;
    secondaryPeerId: pulumi.Output<string>;
    aclId: pulumi.Output<string>;
    secondaryZoneId: pulumi.Output<string>;
    primaryZoneId: pulumi.Output<string>;
    outgoingEnabled: pulumi.Output<boolean>;
    tsigSecret: pulumi.Output<string>;
    primaryConfig: pulumi.Output<string>;
}

/** A stage of the key rotation (docs/rotating-tsig-keys.md); undefined: no rotation. */
export type RotationStage = "accept" | "switch" | "done";

/**
 * The keys of a rotation stage: the one the peers use, and the others the nameservers still
 * accept. No stage: transferKey. "accept": both, the peers on transferKey. "switch": both, the
 * peers on nextTransferKey. "done": nextTransferKey.
 */
function rotationKeys(stage: string | undefined): { current: cfsecdns.Tsig; accepted: cfsecdns.Tsig[] } {
    if (stage !== undefined && !["accept", "switch", "done"].includes(stage)) {
        throw new Error(`rotationStage: "${stage}" is not a stage: expected "accept", "switch" or "done", or none`);
    }
    // No secret: the provider generates one (as long as the algorithm's digest) and keeps it.
    const declare = (resource: string, name: string) =>
        new cfsecdns.Tsig(resource, { name, algo: cfsecdns.Algorithm.HmacSha512 });
    const old = stage !== "done" ? declare("transferKey", "transfer.example.com.") : undefined;
    const next = stage !== undefined ? declare("nextTransferKey", "transfer-next.example.com.") : undefined;
    switch (stage) {
        case undefined:
            return { current: old!, accepted: [] };
        case "accept":
            return { current: old!, accepted: [next!] };
        case "switch":
            return { current: next!, accepted: [old!] };
        default:
            return { current: next!, accepted: [] };
    }
}

/**
 * A complete Secondary DNS setup in both directions.
 *
 * Cloudflare as secondary of your primary: a TSIG key, the primary nameserver (a peer) that signs
 * zone transfers with it, and an IncomingTransfer on the secondary zone.
 * Cloudflare as primary for your secondary: your secondary nameserver (a second peer, same key),
 * an ACL that allows a range of secondaries, and an OutgoingTransfer with transfers enabled.
 *
 * Optional config (defaults as in Pulumi.yaml of the Go and YAML examples): peerIp, peerPort,
 * aclRange, secondaryZone (example.com), primaryZone (example.net), secondaryPeerIp,
 * autoRefreshSeconds, axfrTriggers and notifyTriggers (lists of strings, JSON), rotationStage. The zones
 * are found by name.
 */
export function secondaryDns(): SecondaryDnsOutputs {
    const config = new pulumi.Config();

    const keys = rotationKeys(config.get("rotationStage"));
    const transferKey = keys.current;

    // Cloudflare as secondary: it pulls secondaryZone from your primary, signed with the key.
    const primary = new cfsecdns.Peer("primary", {
        name: "ns1-primary",
        ip: config.get("peerIp") ?? "192.0.2.53",
        port: config.getNumber("peerPort") ?? 53,
        ixfrEnable: true,
        tsigId: transferKey.id,
    });
    const secondaryZone = cfsecdns.getZoneOutput({ name: config.get("secondaryZone") ?? "example.com" });
    const incoming = new cfsecdns.IncomingTransfer("incoming", {
        zoneId: secondaryZone.zoneId,
        name: secondaryZone.name,
        peers: [primary.id],
        autoRefreshSeconds: config.getNumber("autoRefreshSeconds") ?? 86400,
        // Any change of the list asks Cloudflare to pull the whole zone now (force AXFR), once.
        triggers: config.getObject<string[]>("axfrTriggers") ?? [],
    });

    // Cloudflare as primary: your secondary pulls primaryZone from Cloudflare, signed with the
    // same key (all peers of an outgoing zone must share one key, or use none).
    const secondary = new cfsecdns.Peer("secondary", {
        name: "ns1-secondary",
        ip: config.get("secondaryPeerIp") ?? "192.0.2.54",
        port: 53,
        tsigId: transferKey.id,
    });
    // The secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
    const secondaries = new cfsecdns.Acl("secondaries", {
        name: "secondaries",
        ipRange: config.get("aclRange") ?? "192.0.2.0/24",
    });
    const primaryZone = cfsecdns.getZoneOutput({ name: config.get("primaryZone") ?? "example.net" });
    const outgoing = new cfsecdns.OutgoingTransfer("outgoing", {
        zoneId: primaryZone.zoneId,
        name: primaryZone.name,
        peers: [secondary.id],
        // Cloudflare serves transfers only once enabled; false stages the configuration.
        enabled: true,
        // Any change of the list sends NOTIFY to the peers now (force NOTIFY), once.
        triggers: config.getObject<string[]>("notifyTriggers") ?? [],
    });

    // What your primary nameserver runs: both keys during a rotation.
    const primaryConfig = cfsecdns.nameserverConfigOutput({
        software: cfsecdns.NameserverSoftware.Bind,
        role: cfsecdns.NameserverRole.Primary,
        zoneName: secondaryZone.name,
        tsigName: transferKey.name,
        tsigAlgo: transferKey.algo,
        tsigSecret: transferKey.secret,
        acceptedKeys: keys.accepted.map(k => ({ name: k.name, algo: k.algo, secret: k.secret })),
    });

    return {
        tsigId: transferKey.id,
        peerId: primary.id,
        secondaryPeerId: secondary.id,
        aclId: secondaries.id,
        // A transfer configuration's ID is its zone's ID.
        secondaryZoneId: incoming.id,
        primaryZoneId: outgoing.id,
        outgoingEnabled: outgoing.enabled,
        // Stays encrypted in state; `pulumi stack output tsigSecret --show-secrets` reveals it.
        tsigSecret: transferKey.secret,
        primaryConfig: primaryConfig.config,
    };
}

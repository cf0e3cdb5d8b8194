import * as pulumi from "@pulumi/pulumi";
import * as cfsecdns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

/** The stack outputs: the IDs of what was created, and the key's secret for the primary. */
export interface SecondaryDnsOutputs {
    tsigId: pulumi.Output<string>;
    peerId: pulumi.Output<string>;
    aclId: pulumi.Output<string>;
    tsigSecret: pulumi.Output<string>;
}

/**
 * A TSIG key with a generated secret, the primary nameserver that signs zone transfers with it,
 * and an ACL that allows a range of secondaries.
 * Optional config: peerIp (default 192.0.2.53), peerPort (default 53) and aclRange
 * (default 192.0.2.0/24).
 */
export function secondaryDns(): SecondaryDnsOutputs {
    const config = new pulumi.Config();

    const transferKey = new cfsecdns.Tsig("transferKey", {
        name: "transfer.example.com.",
        algo: cfsecdns.Algorithm.HmacSha512,
        // No secret: the provider generates one (as long as the algorithm's digest) and keeps it.
    });

    const primary = new cfsecdns.Peer("primary", {
        name: "ns1-primary",
        ip: config.get("peerIp") ?? "192.0.2.53",
        port: config.getNumber("peerPort") ?? 53,
        ixfrEnable: true,
        tsigId: transferKey.id,
    });

    // The secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
    const secondaries = new cfsecdns.Acl("secondaries", {
        name: "secondaries",
        ipRange: config.get("aclRange") ?? "192.0.2.0/24",
    });

    return {
        tsigId: transferKey.id,
        peerId: primary.id,
        aclId: secondaries.id,
        // Stays encrypted in state; `pulumi stack output tsigSecret --show-secrets` reveals it.
        tsigSecret: transferKey.secret,
    };
}

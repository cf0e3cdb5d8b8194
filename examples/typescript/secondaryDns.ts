import * as pulumi from "@pulumi/pulumi";
import * as cfsecdns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

/** The stack outputs: the IDs to use when linking zones, and the key's secret for the primary. */
export interface SecondaryDnsOutputs {
    tsigId: pulumi.Output<string>;
    peerId: pulumi.Output<string>;
    tsigSecret: pulumi.Output<string>;
}

/**
 * A TSIG key with a generated secret, and the primary nameserver that signs zone transfers with it.
 * Optional config: peerIp (default 192.0.2.53) and peerPort (default 53).
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

    return {
        tsigId: transferKey.id,
        peerId: primary.id,
        // Stays encrypted in state; `pulumi stack output tsigSecret --show-secrets` reveals it.
        tsigSecret: transferKey.secret,
    };
}

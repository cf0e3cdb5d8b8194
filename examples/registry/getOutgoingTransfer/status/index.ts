import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Whether Cloudflare serves eu.example.net to its secondaries, configured by another stack.
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "eu.example.net",
});
const outgoing = cloudflare_secondary_dns.getOutgoingTransferOutput({
    zoneId: zone.zoneId,
});
export const enabled = outgoing.enabled;
export const secondaries = outgoing.peers;

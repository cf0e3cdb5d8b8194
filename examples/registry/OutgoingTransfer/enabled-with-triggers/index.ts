import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Cloudflare as primary of example.net: transfers switched on, and NOTIFY sent again whenever
// the triggers change.
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.net.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha256,
});
const secondary = new cloudflare_secondary_dns.Peer("secondary", {
    name: "ns1-secondary",
    ip: "198.51.100.53",
    port: 53,
    tsigId: transferKey.id,
});
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "example.net",
});
const outgoing = new cloudflare_secondary_dns.OutgoingTransfer("outgoing", {
    zoneId: zone.zoneId,
    name: zone.name,
    peers: [secondary.id],
    enabled: true,
    triggers: ["2026-12-01"],
});
export const enabled = outgoing.enabled;

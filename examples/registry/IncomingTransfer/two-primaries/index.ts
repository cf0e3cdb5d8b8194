import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Cloudflare as secondary of example.com, pulling it from two primaries, checking every hour.
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.com.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha512,
});
const ns1 = new cloudflare_secondary_dns.Peer("ns1", {
    name: "ns1-primary",
    ip: "192.0.2.53",
    port: 53,
    ixfrEnable: true,
    tsigId: transferKey.id,
});
const ns2 = new cloudflare_secondary_dns.Peer("ns2", {
    name: "ns2-primary",
    ip: "203.0.113.53",
    port: 53,
    ixfrEnable: true,
    tsigId: transferKey.id,
});
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "example.com",
});
const incoming = new cloudflare_secondary_dns.IncomingTransfer("incoming", {
    zoneId: zone.zoneId,
    name: zone.name,
    peers: [
        ns1.id,
        ns2.id,
    ],
    autoRefreshSeconds: 3600,
    triggers: ["2026-12-01"],
});
export const soaSerial = incoming.soaSerial;

import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// The zone's ID found by its name, for the transfer configuration.
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "example.com",
});
const primary = new cloudflare_secondary_dns.Peer("primary", {
    name: "ns1-primary",
    ip: "192.0.2.53",
    port: 53,
});
const incoming = new cloudflare_secondary_dns.IncomingTransfer("incoming", {
    zoneId: zone.zoneId,
    name: zone.name,
    peers: [primary.id],
});
export const zoneType = zone.type;

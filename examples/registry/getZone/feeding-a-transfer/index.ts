import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// The zone's ID, found by its name, for the transfer configuration; your BIND primary's
// configuration for the same zone and key (a secret: it holds the key).
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "example.com",
});
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.com.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha512,
});
const primary = new cloudflare_secondary_dns.Peer("primary", {
    name: "ns1-primary",
    ip: "192.0.2.53",
    port: 53,
    ixfrEnable: true,
    tsigId: transferKey.id,
});
const incoming = new cloudflare_secondary_dns.IncomingTransfer("incoming", {
    zoneId: zone.zoneId,
    name: zone.name,
    peers: [primary.id],
});
const bind = cloudflare_secondary_dns.nameserverConfigOutput({
    software: cloudflare_secondary_dns.NameserverSoftware.Bind,
    role: cloudflare_secondary_dns.NameserverRole.Primary,
    zoneName: zone.name,
    tsigName: transferKey.name,
    tsigAlgo: transferKey.algo,
    tsigSecret: transferKey.secret,
});
export const zoneType = zone.type;
export const namedConf = bind.config;

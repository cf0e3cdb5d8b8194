import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// What Cloudflare last pulled for example.org, whose transfers another stack configures.
const zone = cloudflare_secondary_dns.getZoneOutput({
    name: "example.org",
});
const incoming = cloudflare_secondary_dns.getIncomingTransferOutput({
    zoneId: zone.zoneId,
});
export const soaSerial = incoming.soaSerial;
export const primaries = incoming.peers;

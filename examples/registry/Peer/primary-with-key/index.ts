import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Your primary nameserver, which Cloudflare pulls secondary zones from, signing with the key.
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
export const peerId = primary.id;

import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// What to add to your BIND primary and to your Knot DNS secondary, rendered from the key and
// the zones declared here. Both texts hold the key: they are secrets.
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.com.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha512,
});
const bind = cloudflare_secondary_dns.nameserverConfigOutput({
    software: cloudflare_secondary_dns.NameserverSoftware.Bind,
    role: cloudflare_secondary_dns.NameserverRole.Primary,
    zoneName: "example.com",
    tsigName: transferKey.name,
    tsigAlgo: transferKey.algo,
    tsigSecret: transferKey.secret,
});
const knot = cloudflare_secondary_dns.nameserverConfigOutput({
    software: cloudflare_secondary_dns.NameserverSoftware.Knot,
    role: cloudflare_secondary_dns.NameserverRole.Secondary,
    zoneName: "example.net",
    tsigName: transferKey.name,
    tsigAlgo: transferKey.algo,
    tsigSecret: transferKey.secret,
});
export const namedConf = bind.config;
export const knotConf = knot.config;

import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Without a secret, the provider generates one and keeps it encrypted in the state; configure
// your nameserver with it: pulumi stack output tsigSecret --show-secrets
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.com.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha512,
});
export const tsigSecret = transferKey.secret;

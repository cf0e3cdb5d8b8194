import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

const config = new pulumi.Config();
const tsigSecret = config.requireSecret("tsigSecret");
const transferKey = new cloudflare_secondary_dns.Tsig("transferKey", {
    name: "transfer.example.com.",
    algo: cloudflare_secondary_dns.Algorithm.HmacSha512,
    secret: tsigSecret,
});
export const tsigId = transferKey.id;

import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

const config = new pulumi.Config();
const tsigId = config.require("tsigId");
const key = cloudflare_secondary_dns.getTsigOutput({
    tsigId: tsigId,
});
export const keyName = key.name;
export const keySecret = key.secret;

import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Every TSIG key of the account; the list is a secret, as it holds the keys' secrets.
const keys = cloudflare_secondary_dns.listTsigsOutput({});
export const account = keys;

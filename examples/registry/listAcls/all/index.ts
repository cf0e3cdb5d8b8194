import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Every ACL of the account, with its range.
const acls = cloudflare_secondary_dns.listAclsOutput({});
export const account = acls;

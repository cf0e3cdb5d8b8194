import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// Every peer of the account, with its address, port and key.
const peers = cloudflare_secondary_dns.listPeersOutput({});
export const account = peers;

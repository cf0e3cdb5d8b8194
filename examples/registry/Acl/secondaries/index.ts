import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

// A range of secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
const secondaries = new cloudflare_secondary_dns.Acl("secondaries", {
    name: "secondaries",
    ipRange: "198.51.100.0/24",
});
export const aclId = secondaries.id;

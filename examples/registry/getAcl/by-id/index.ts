import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

const config = new pulumi.Config();
const aclId = config.require("aclId");
const acl = cloudflare_secondary_dns.getAclOutput({
    aclId: aclId,
});
export const aclRange = acl.ipRange;

import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

config = pulumi.Config()
acl_id = config.require("aclId")
acl = cloudflare_secondary_dns.get_acl_output(acl_id=acl_id)
pulumi.export("aclRange", acl.ip_range)

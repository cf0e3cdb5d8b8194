import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Every ACL of the account, with its range.
acls = cloudflare_secondary_dns.list_acls_output()
pulumi.export("account", acls)

import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# A range of secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
secondaries = cloudflare_secondary_dns.Acl("secondaries",
    name="secondaries",
    ip_range="198.51.100.0/24")
pulumi.export("aclId", secondaries.id)

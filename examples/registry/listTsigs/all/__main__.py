import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Every TSIG key of the account; the list is a secret, as it holds the keys' secrets.
keys = cloudflare_secondary_dns.list_tsigs_output()
pulumi.export("account", keys)

import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

config = pulumi.Config()
tsig_id = config.require("tsigId")
key = cloudflare_secondary_dns.get_tsig_output(tsig_id=tsig_id)
pulumi.export("keyName", key.name)
pulumi.export("keySecret", key.apply(lambda key: key.secret))

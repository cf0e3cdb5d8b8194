import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

config = pulumi.Config()
tsig_secret = config.require_secret("tsigSecret")
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512,
    secret=tsig_secret)
pulumi.export("tsigId", transfer_key.id)

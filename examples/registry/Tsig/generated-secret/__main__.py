import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Without a secret, the provider generates one and keeps it encrypted in the state; configure
# your nameserver with it: pulumi stack output tsigSecret --show-secrets
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512)
pulumi.export("tsigSecret", transfer_key.secret)

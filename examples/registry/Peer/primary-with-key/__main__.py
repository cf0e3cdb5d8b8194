import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Your primary nameserver, which Cloudflare pulls secondary zones from, signing with the key.
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512)
primary = cloudflare_secondary_dns.Peer("primary",
    name="ns1-primary",
    ip="192.0.2.53",
    port=53,
    ixfr_enable=True,
    tsig_id=transfer_key.id)
pulumi.export("peerId", primary.id)

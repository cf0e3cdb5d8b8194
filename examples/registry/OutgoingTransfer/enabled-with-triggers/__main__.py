import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Cloudflare as primary of example.net: transfers switched on, and NOTIFY sent again whenever
# the triggers change.
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.net.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA256)
secondary = cloudflare_secondary_dns.Peer("secondary",
    name="ns1-secondary",
    ip="198.51.100.53",
    port=53,
    tsig_id=transfer_key.id)
zone = cloudflare_secondary_dns.get_zone_output(name="example.net")
outgoing = cloudflare_secondary_dns.OutgoingTransfer("outgoing",
    zone_id=zone.zone_id,
    name=zone.name,
    peers=[secondary.id],
    enabled=True,
    triggers=["2026-12-01"])
pulumi.export("enabled", outgoing.enabled)

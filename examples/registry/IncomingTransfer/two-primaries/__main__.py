import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Cloudflare as secondary of example.com, pulling it from two primaries, checking every hour.
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512)
ns1 = cloudflare_secondary_dns.Peer("ns1",
    name="ns1-primary",
    ip="192.0.2.53",
    port=53,
    ixfr_enable=True,
    tsig_id=transfer_key.id)
ns2 = cloudflare_secondary_dns.Peer("ns2",
    name="ns2-primary",
    ip="203.0.113.53",
    port=53,
    ixfr_enable=True,
    tsig_id=transfer_key.id)
zone = cloudflare_secondary_dns.get_zone_output(name="example.com")
incoming = cloudflare_secondary_dns.IncomingTransfer("incoming",
    zone_id=zone.zone_id,
    name=zone.name,
    peers=[
        ns1.id,
        ns2.id,
    ],
    auto_refresh_seconds=3600,
    triggers=["2026-12-01"])
pulumi.export("soaSerial", incoming.soa_serial)

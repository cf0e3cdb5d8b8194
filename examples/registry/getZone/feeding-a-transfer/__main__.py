import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# The zone's ID found by its name, for the transfer configuration.
zone = cloudflare_secondary_dns.get_zone_output(name="example.com")
primary = cloudflare_secondary_dns.Peer("primary",
    name="ns1-primary",
    ip="192.0.2.53",
    port=53)
incoming = cloudflare_secondary_dns.IncomingTransfer("incoming",
    zone_id=zone.zone_id,
    name=zone.name,
    peers=[primary.id])
pulumi.export("zoneType", zone.type)

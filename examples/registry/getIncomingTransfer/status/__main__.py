import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# What Cloudflare last pulled for example.org, whose transfers another stack configures.
zone = cloudflare_secondary_dns.get_zone_output(name="example.org")
incoming = cloudflare_secondary_dns.get_incoming_transfer_output(zone_id=zone.zone_id)
pulumi.export("soaSerial", incoming.soa_serial)
pulumi.export("primaries", incoming.peers)

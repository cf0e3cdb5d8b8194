import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Whether Cloudflare serves eu.example.net to its secondaries, configured by another stack.
zone = cloudflare_secondary_dns.get_zone_output(name="eu.example.net")
outgoing = cloudflare_secondary_dns.get_outgoing_transfer_output(zone_id=zone.zone_id)
pulumi.export("enabled", outgoing.enabled)
pulumi.export("secondaries", outgoing.peers)

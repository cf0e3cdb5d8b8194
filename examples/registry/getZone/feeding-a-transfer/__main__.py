import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# The zone's ID, found by its name, for the transfer configuration; your BIND primary's
# configuration for the same zone and key (a secret: it holds the key).
zone = cloudflare_secondary_dns.get_zone_output(name="example.com")
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512)
primary = cloudflare_secondary_dns.Peer("primary",
    name="ns1-primary",
    ip="192.0.2.53",
    port=53,
    ixfr_enable=True,
    tsig_id=transfer_key.id)
incoming = cloudflare_secondary_dns.IncomingTransfer("incoming",
    zone_id=zone.zone_id,
    name=zone.name,
    peers=[primary.id])
bind = cloudflare_secondary_dns.nameserver_config_output(software=cloudflare_secondary_dns.NameserverSoftware.BIND,
    role=cloudflare_secondary_dns.NameserverRole.PRIMARY,
    zone_name=zone.name,
    tsig_name=transfer_key.name,
    tsig_algo=transfer_key.algo.apply(lambda x: cloudflare_secondary_dns.Algorithm(x)),
    tsig_secret=transfer_key.secret)
pulumi.export("zoneType", zone.type)
pulumi.export("namedConf", bind.config)

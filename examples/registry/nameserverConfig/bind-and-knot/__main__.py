import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# What to add to your BIND primary and to your Knot DNS secondary, rendered from the key and
# the zones declared here. Both texts hold the key: they are secrets.
transfer_key = cloudflare_secondary_dns.Tsig("transferKey",
    name="transfer.example.com.",
    algo=cloudflare_secondary_dns.Algorithm.HMAC_SHA512)
bind = cloudflare_secondary_dns.nameserver_config_output(software=cloudflare_secondary_dns.NameserverSoftware.BIND,
    role=cloudflare_secondary_dns.NameserverRole.PRIMARY,
    zone_name="example.com",
    tsig_name=transfer_key.name,
    tsig_algo=transfer_key.algo.apply(lambda x: cloudflare_secondary_dns.Algorithm(x)),
    tsig_secret=transfer_key.secret)
knot = cloudflare_secondary_dns.nameserver_config_output(software=cloudflare_secondary_dns.NameserverSoftware.KNOT,
    role=cloudflare_secondary_dns.NameserverRole.SECONDARY,
    zone_name="example.net",
    tsig_name=transfer_key.name,
    tsig_algo=transfer_key.algo.apply(lambda x: cloudflare_secondary_dns.Algorithm(x)),
    tsig_secret=transfer_key.secret)
pulumi.export("namedConf", bind.config)
pulumi.export("knotConf", knot.config)

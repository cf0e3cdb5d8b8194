import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

# Every peer of the account, with its address, port and key.
peers = cloudflare_secondary_dns.list_peers_output()
pulumi.export("account", peers)

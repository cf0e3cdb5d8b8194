import pulumi
import pulumi_cloudflare_secondary_dns as cloudflare_secondary_dns

config = pulumi.Config()
peer_id = config.require("peerId")
peer = cloudflare_secondary_dns.get_peer_output(peer_id=peer_id)
pulumi.export("peerAddress", peer.ip)

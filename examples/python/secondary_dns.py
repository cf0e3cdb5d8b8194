"""The example's resources: a TSIG key, the primary nameserver (peer) that uses it, and an ACL."""

import pulumi
import pulumi_cloudflare_secondary_dns as secondary_dns

# Defaults when the stack sets no peerIp, peerPort or aclRange config.
DEFAULT_PEER_IP = "192.0.2.53"
DEFAULT_PEER_PORT = 53
DEFAULT_ACL_RANGE = "192.0.2.0/24"


def program() -> None:
    """Declares the key, the peer and the ACL, and exports their IDs and the key's secret.

    The secret stays a secret in the stack's outputs and state.

    Credentials, account and API address come from the provider's configuration or the
    CLOUDFLARE_* environment variables, never from this code.
    """
    config = pulumi.Config()

    transfer_key = secondary_dns.Tsig(
        "transferKey",
        name="transfer.example.com.",
        algo=secondary_dns.Algorithm.HMAC_SHA512,
        # No secret: the provider generates one as long as the algorithm's digest and keeps it.
    )

    primary = secondary_dns.Peer(
        "primary",
        name="ns1-primary",
        ip=config.get("peerIp") or DEFAULT_PEER_IP,
        port=config.get_int("peerPort") or DEFAULT_PEER_PORT,
        ixfr_enable=True,
        tsig_id=transfer_key.id,
    )

    # The secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
    secondaries = secondary_dns.Acl(
        "secondaries",
        name="secondaries",
        ip_range=config.get("aclRange") or DEFAULT_ACL_RANGE,
    )

    pulumi.export("tsigId", transfer_key.id)
    pulumi.export("peerId", primary.id)
    pulumi.export("aclId", secondaries.id)
    # Stays encrypted in state; `pulumi stack output tsigSecret --show-secrets` reveals it.
    pulumi.export("tsigSecret", transfer_key.secret)

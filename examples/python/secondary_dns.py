"""The example's resources: a complete Secondary DNS setup in both directions.

Cloudflare as secondary of your primary: a TSIG key, the primary nameserver (a peer) that signs
zone transfers with it, and an IncomingTransfer on the secondary zone.
Cloudflare as primary for your secondary: your secondary nameserver (a second peer, same key),
an ACL that allows a range of secondaries, and an OutgoingTransfer with transfers enabled.

The config value rotationStage replaces the key without a failed transfer
(docs/rotating-tsig-keys.md): "accept" declares nextTransferKey beside transferKey, "switch"
moves the peers to it, "done" drops transferKey. primaryConfig is what your BIND primary runs.
"""

from __future__ import annotations

import pulumi
import pulumi_cloudflare_secondary_dns as secondary_dns

# Defaults when the stack sets no config, as in the Go and YAML examples' Pulumi.yaml.
DEFAULT_PEER_IP = "192.0.2.53"
DEFAULT_PEER_PORT = 53
DEFAULT_ACL_RANGE = "192.0.2.0/24"
DEFAULT_SECONDARY_ZONE = "example.com"
DEFAULT_PRIMARY_ZONE = "example.net"
DEFAULT_SECONDARY_PEER_IP = "192.0.2.54"
DEFAULT_AUTO_REFRESH_SECONDS = 86400
ROTATION_STAGES = ("accept", "switch", "done")


def rotation_keys(stage: str | None) -> tuple[secondary_dns.Tsig, list[secondary_dns.Tsig]]:
    """The keys of a rotation stage: the one the peers use, and the others the nameservers still
    accept. No stage: transferKey. "accept": both, the peers on transferKey. "switch": both, the
    peers on nextTransferKey. "done": nextTransferKey."""
    if stage is not None and stage not in ROTATION_STAGES:
        raise ValueError(f'rotationStage: "{stage}" is not a stage: expected "accept", "switch" or "done", or none')

    def declare(resource: str, name: str) -> secondary_dns.Tsig:
        # No secret: the provider generates one as long as the algorithm's digest and keeps it.
        return secondary_dns.Tsig(resource, name=name, algo=secondary_dns.Algorithm.HMAC_SHA512)

    old = declare("transferKey", "transfer.example.com.") if stage != "done" else None
    new = declare("nextTransferKey", "transfer-next.example.com.") if stage is not None else None
    if stage is None:
        return old, []
    if stage == "accept":
        return old, [new]
    if stage == "switch":
        return new, [old]
    return new, []


def program() -> None:
    """Declares the key, both peers, the ACL and both transfer configurations, and exports their
    IDs, whether outgoing transfers are enabled, and the key's secret.

    The zones are found by name (get_zone), so the program needs no zone IDs. The secret stays a
    secret in the stack's outputs and state. Credentials, account and API address come from the
    provider's configuration or the CLOUDFLARE_* environment variables, never from this code.
    """
    config = pulumi.Config()

    transfer_key, accepted = rotation_keys(config.get("rotationStage"))

    # Cloudflare as secondary: it pulls secondaryZone from your primary, signed with the key.
    primary = secondary_dns.Peer(
        "primary",
        name="ns1-primary",
        ip=config.get("peerIp") or DEFAULT_PEER_IP,
        port=config.get_int("peerPort") or DEFAULT_PEER_PORT,
        ixfr_enable=True,
        tsig_id=transfer_key.id,
    )
    secondary_zone = secondary_dns.get_zone_output(name=config.get("secondaryZone") or DEFAULT_SECONDARY_ZONE)
    incoming = secondary_dns.IncomingTransfer(
        "incoming",
        zone_id=secondary_zone.zone_id,
        name=secondary_zone.name,
        peers=[primary.id],
        auto_refresh_seconds=config.get_int("autoRefreshSeconds") or DEFAULT_AUTO_REFRESH_SECONDS,
        # Any change of the list asks Cloudflare to pull the whole zone now (force AXFR), once.
        triggers=config.get_object("axfrTriggers") or [],
    )

    # Cloudflare as primary: your secondary pulls primaryZone from Cloudflare, signed with the
    # same key (all peers of an outgoing zone must share one key, or use none).
    secondary = secondary_dns.Peer(
        "secondary",
        name="ns1-secondary",
        ip=config.get("secondaryPeerIp") or DEFAULT_SECONDARY_PEER_IP,
        port=53,
        tsig_id=transfer_key.id,
    )
    # The secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
    secondaries = secondary_dns.Acl(
        "secondaries",
        name="secondaries",
        ip_range=config.get("aclRange") or DEFAULT_ACL_RANGE,
    )
    primary_zone = secondary_dns.get_zone_output(name=config.get("primaryZone") or DEFAULT_PRIMARY_ZONE)
    outgoing = secondary_dns.OutgoingTransfer(
        "outgoing",
        zone_id=primary_zone.zone_id,
        name=primary_zone.name,
        peers=[secondary.id],
        # Cloudflare serves transfers only once enabled; False stages the configuration.
        enabled=True,
        # Any change of the list sends NOTIFY to the peers now (force NOTIFY), once.
        triggers=config.get_object("notifyTriggers") or [],
    )

    # What your primary nameserver runs: both keys during a rotation.
    primary_config = secondary_dns.nameserver_config_output(
        software=secondary_dns.NameserverSoftware.BIND,
        role=secondary_dns.NameserverRole.PRIMARY,
        zone_name=secondary_zone.name,
        tsig_name=transfer_key.name,
        tsig_algo=transfer_key.algo,
        tsig_secret=transfer_key.secret,
        accepted_keys=[{"name": k.name, "algo": k.algo, "secret": k.secret} for k in accepted],
    )
    pulumi.export("primaryConfig", primary_config.config)

    pulumi.export("tsigId", transfer_key.id)
    pulumi.export("peerId", primary.id)
    pulumi.export("secondaryPeerId", secondary.id)
    pulumi.export("aclId", secondaries.id)
    # A transfer configuration's ID is its zone's ID.
    pulumi.export("secondaryZoneId", incoming.id)
    pulumi.export("primaryZoneId", outgoing.id)
    pulumi.export("outgoingEnabled", outgoing.enabled)
    # Stays encrypted in state; `pulumi stack output tsigSecret --show-secrets` reveals it.
    pulumi.export("tsigSecret", transfer_key.secret)

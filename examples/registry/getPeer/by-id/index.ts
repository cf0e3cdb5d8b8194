import * as pulumi from "@pulumi/pulumi";
import * as cloudflare_secondary_dns from "@cfsecdns/pulumi-cloudflare-secondary-dns";

const config = new pulumi.Config();
const peerId = config.require("peerId");
const peer = cloudflare_secondary_dns.getPeerOutput({
    peerId: peerId,
});
export const peerAddress = peer.ip;

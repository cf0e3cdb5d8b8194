package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		peerId := cfg.Require("peerId")
		peer := cloudflaresecondarydns.LookupPeerOutput(ctx, cloudflaresecondarydns.LookupPeerOutputArgs{
			PeerId: pulumi.String(peerId),
		}, nil)
		ctx.Export("peerAddress", peer.Ip())
		return nil
	})
}

package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Whether Cloudflare serves eu.example.net to its secondaries, configured by another stack.
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("eu.example.net"),
		}, nil)
		outgoing := cloudflaresecondarydns.LookupOutgoingTransferOutput(ctx, cloudflaresecondarydns.LookupOutgoingTransferOutputArgs{
			ZoneId: zone.ZoneId(),
		}, nil)
		ctx.Export("enabled", outgoing.Enabled())
		ctx.Export("secondaries", outgoing.Peers())
		return nil
	})
}

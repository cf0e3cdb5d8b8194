package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// What Cloudflare last pulled for example.org, whose transfers another stack configures.
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("example.org"),
		}, nil)
		incoming := cloudflaresecondarydns.LookupIncomingTransferOutput(ctx, cloudflaresecondarydns.LookupIncomingTransferOutputArgs{
			ZoneId: zone.ZoneId(),
		}, nil)
		ctx.Export("soaSerial", incoming.SoaSerial())
		ctx.Export("primaries", incoming.Peers())
		return nil
	})
}

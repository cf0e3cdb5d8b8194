package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The zone's ID found by its name, for the transfer configuration.
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("example.com"),
		}, nil)
		primary, err := cloudflaresecondarydns.NewPeer(ctx, "primary", &cloudflaresecondarydns.PeerArgs{
			Name: pulumi.String("ns1-primary"),
			Ip:   pulumi.String("192.0.2.53"),
			Port: pulumi.Int(53),
		})
		if err != nil {
			return err
		}
		_, err = cloudflaresecondarydns.NewIncomingTransfer(ctx, "incoming", &cloudflaresecondarydns.IncomingTransferArgs{
			ZoneId: zone.ZoneId(),
			Name:   zone.Name(),
			Peers: pulumi.StringArray{
				primary.ID(),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("zoneType", zone.Type())
		return nil
	})
}

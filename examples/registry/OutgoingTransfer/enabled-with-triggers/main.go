package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Cloudflare as primary of example.net: transfers switched on, and NOTIFY sent again whenever
		// the triggers change.
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name: pulumi.String("transfer.example.net."),
			Algo: cloudflaresecondarydns.AlgorithmHmacSha256,
		})
		if err != nil {
			return err
		}
		secondary, err := cloudflaresecondarydns.NewPeer(ctx, "secondary", &cloudflaresecondarydns.PeerArgs{
			Name:   pulumi.String("ns1-secondary"),
			Ip:     pulumi.String("198.51.100.53"),
			Port:   pulumi.Int(53),
			TsigId: transferKey.ID(),
		})
		if err != nil {
			return err
		}
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("example.net"),
		}, nil)
		outgoing, err := cloudflaresecondarydns.NewOutgoingTransfer(ctx, "outgoing", &cloudflaresecondarydns.OutgoingTransferArgs{
			ZoneId: zone.ZoneId(),
			Name:   zone.Name(),
			Peers: pulumi.StringArray{
				secondary.ID(),
			},
			Enabled: pulumi.Bool(true),
			Triggers: pulumi.StringArray{
				pulumi.String("2026-12-01"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("enabled", outgoing.Enabled)
		return nil
	})
}

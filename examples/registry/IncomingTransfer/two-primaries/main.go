package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Cloudflare as secondary of example.com, pulling it from two primaries, checking every hour.
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name: pulumi.String("transfer.example.com."),
			Algo: cloudflaresecondarydns.AlgorithmHmacSha512,
		})
		if err != nil {
			return err
		}
		ns1, err := cloudflaresecondarydns.NewPeer(ctx, "ns1", &cloudflaresecondarydns.PeerArgs{
			Name:       pulumi.String("ns1-primary"),
			Ip:         pulumi.String("192.0.2.53"),
			Port:       pulumi.Int(53),
			IxfrEnable: pulumi.Bool(true),
			TsigId:     transferKey.ID(),
		})
		if err != nil {
			return err
		}
		ns2, err := cloudflaresecondarydns.NewPeer(ctx, "ns2", &cloudflaresecondarydns.PeerArgs{
			Name:       pulumi.String("ns2-primary"),
			Ip:         pulumi.String("203.0.113.53"),
			Port:       pulumi.Int(53),
			IxfrEnable: pulumi.Bool(true),
			TsigId:     transferKey.ID(),
		})
		if err != nil {
			return err
		}
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("example.com"),
		}, nil)
		incoming, err := cloudflaresecondarydns.NewIncomingTransfer(ctx, "incoming", &cloudflaresecondarydns.IncomingTransferArgs{
			ZoneId: zone.ZoneId(),
			Name:   zone.Name(),
			Peers: pulumi.StringArray{
				ns1.ID(),
				ns2.ID(),
			},
			AutoRefreshSeconds: pulumi.Int(3600),
			Triggers: pulumi.StringArray{
				pulumi.String("2026-12-01"),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("soaSerial", incoming.SoaSerial)
		return nil
	})
}

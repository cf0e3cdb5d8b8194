package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The zone's ID, found by its name, for the transfer configuration; your BIND primary's
		// configuration for the same zone and key (a secret: it holds the key).
		zone := cloudflaresecondarydns.GetZoneOutput(ctx, cloudflaresecondarydns.GetZoneOutputArgs{
			Name: pulumi.String("example.com"),
		}, nil)
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name: pulumi.String("transfer.example.com."),
			Algo: cloudflaresecondarydns.AlgorithmHmacSha512,
		})
		if err != nil {
			return err
		}
		primary, err := cloudflaresecondarydns.NewPeer(ctx, "primary", &cloudflaresecondarydns.PeerArgs{
			Name:       pulumi.String("ns1-primary"),
			Ip:         pulumi.String("192.0.2.53"),
			Port:       pulumi.Int(53),
			IxfrEnable: pulumi.Bool(true),
			TsigId:     transferKey.ID(),
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
		bind := cloudflaresecondarydns.NameserverConfigOutput(ctx, cloudflaresecondarydns.NameserverConfigOutputArgs{
			Software:   cloudflaresecondarydns.NameserverSoftwareBind,
			Role:       cloudflaresecondarydns.NameserverRolePrimary,
			ZoneName:   zone.Name(),
			TsigName:   transferKey.Name,
			TsigAlgo:   transferKey.Algo,
			TsigSecret: transferKey.Secret,
		}, nil)
		ctx.Export("zoneType", zone.Type())
		ctx.Export("namedConf", bind.Config())
		return nil
	})
}

package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Your primary nameserver, which Cloudflare pulls secondary zones from, signing with the key.
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
		ctx.Export("peerId", primary.ID())
		return nil
	})
}

package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		tsigSecret := cfg.RequireSecret("tsigSecret")
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name:   pulumi.String("transfer.example.com."),
			Algo:   cloudflaresecondarydns.AlgorithmHmacSha512,
			Secret: tsigSecret,
		})
		if err != nil {
			return err
		}
		ctx.Export("tsigId", transferKey.ID())
		return nil
	})
}

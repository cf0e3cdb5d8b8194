package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		tsigId := cfg.Require("tsigId")
		key := cloudflaresecondarydns.LookupTsigOutput(ctx, cloudflaresecondarydns.LookupTsigOutputArgs{
			TsigId: pulumi.String(tsigId),
		}, nil)
		ctx.Export("keyName", key.Name())
		ctx.Export("keySecret", key.Secret())
		return nil
	})
}

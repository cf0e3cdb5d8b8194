package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Without a secret, the provider generates one and keeps it encrypted in the state; configure
		// your nameserver with it: pulumi stack output tsigSecret --show-secrets
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name: pulumi.String("transfer.example.com."),
			Algo: cloudflaresecondarydns.AlgorithmHmacSha512,
		})
		if err != nil {
			return err
		}
		ctx.Export("tsigSecret", transferKey.Secret)
		return nil
	})
}

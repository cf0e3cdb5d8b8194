package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// What to add to your BIND primary and to your Knot DNS secondary, rendered from the key and
		// the zones declared here. Both texts hold the key: they are secrets.
		transferKey, err := cloudflaresecondarydns.NewTsig(ctx, "transferKey", &cloudflaresecondarydns.TsigArgs{
			Name: pulumi.String("transfer.example.com."),
			Algo: cloudflaresecondarydns.AlgorithmHmacSha512,
		})
		if err != nil {
			return err
		}
		bind := cloudflaresecondarydns.NameserverConfigOutput(ctx, cloudflaresecondarydns.NameserverConfigOutputArgs{
			Software:   cloudflaresecondarydns.NameserverSoftwareBind,
			Role:       cloudflaresecondarydns.NameserverRolePrimary,
			ZoneName:   pulumi.String("example.com"),
			TsigName:   transferKey.Name,
			TsigAlgo:   transferKey.Algo,
			TsigSecret: transferKey.Secret,
		}, nil)
		knot := cloudflaresecondarydns.NameserverConfigOutput(ctx, cloudflaresecondarydns.NameserverConfigOutputArgs{
			Software:   cloudflaresecondarydns.NameserverSoftwareKnot,
			Role:       cloudflaresecondarydns.NameserverRoleSecondary,
			ZoneName:   pulumi.String("example.net"),
			TsigName:   transferKey.Name,
			TsigAlgo:   transferKey.Algo,
			TsigSecret: transferKey.Secret,
		}, nil)
		ctx.Export("namedConf", bind.Config())
		ctx.Export("knotConf", knot.Config())
		return nil
	})
}

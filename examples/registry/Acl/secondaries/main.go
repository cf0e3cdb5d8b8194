package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// A range of secondaries allowed to send NOTIFY to Cloudflare and to pull zones from it.
		secondaries, err := cloudflaresecondarydns.NewAcl(ctx, "secondaries", &cloudflaresecondarydns.AclArgs{
			Name:    pulumi.String("secondaries"),
			IpRange: pulumi.String("198.51.100.0/24"),
		})
		if err != nil {
			return err
		}
		ctx.Export("aclId", secondaries.ID())
		return nil
	})
}

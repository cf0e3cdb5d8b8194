package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		aclId := cfg.Require("aclId")
		acl := cloudflaresecondarydns.LookupAclOutput(ctx, cloudflaresecondarydns.LookupAclOutputArgs{
			AclId: pulumi.String(aclId),
		}, nil)
		ctx.Export("aclRange", acl.IpRange())
		return nil
	})
}

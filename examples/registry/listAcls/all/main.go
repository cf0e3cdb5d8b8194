package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Every ACL of the account, with its range.
		acls := cloudflaresecondarydns.ListAclsOutput(ctx, cloudflaresecondarydns.ListAclsOutputArgs{}, nil)
		ctx.Export("account", acls)
		return nil
	})
}

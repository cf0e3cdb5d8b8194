package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Every peer of the account, with its address, port and key.
		peers := cloudflaresecondarydns.ListPeersOutput(ctx, cloudflaresecondarydns.ListPeersOutputArgs{}, nil)
		ctx.Export("account", peers)
		return nil
	})
}

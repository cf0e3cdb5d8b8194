package main

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// Every TSIG key of the account; the list is a secret, as it holds the keys' secrets.
		keys := cloudflaresecondarydns.ListTsigsOutput(ctx, cloudflaresecondarydns.ListTsigsOutputArgs{}, nil)
		ctx.Export("account", keys)
		return nil
	})
}

// Command cloudflare-secondary-dns-go is the Pulumi program of this project; `pulumi up` runs it.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

func main() {
	pulumi.Run(secondarydns.Program)
}

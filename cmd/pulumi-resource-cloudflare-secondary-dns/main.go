// Command pulumi-resource-cloudflare-secondary-dns is the provider plugin the Pulumi engine runs.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

func main() {
	version, err := provider.ParsedVersion()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The engine never passes --version; it lets people and tests see what was stamped.
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Println(version)
		return
	}
	prov, err := provider.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := prov.Run(context.Background(), provider.Name, version.String()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

package interop

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

// packagesTxt is the one list of the servers' Debian packages and programs, which
// make/interop.mk reads too.
//
//go:embed packages.txt
var packagesTxt string

// serverPackages is one line of packages.txt.
type serverPackages struct {
	packages string
	binaries []string
}

var packageList, allPackages = parsePackages(packagesTxt)

// InstallCommand installs every server the suite runs.
var InstallCommand = installCommand(allPackages)

func installCommand(packages string) string {
	return "apt-get install -y --no-install-recommends " + packages
}

func parsePackages(text string) (map[provider.NameserverSoftware]serverPackages, string) {
	list := map[provider.NameserverSoftware]serverPackages{}
	var all []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ":")
		if len(fields) != 3 {
			panic(fmt.Sprintf("packages.txt: %q is not \"software: packages: programs\"", line))
		}
		packages := strings.Join(strings.Fields(fields[1]), " ")
		list[provider.NameserverSoftware(strings.TrimSpace(fields[0]))] = serverPackages{packages: packages, binaries: strings.Fields(fields[2])}
		all = append(all, packages)
	}
	return list, strings.Join(all, " ")
}

package provider

import (
	"fmt"
	"strings"

	"github.com/blang/semver"
)

// Version is the provider's version. Release builds stamp it with
// -ldflags "-X github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider.Version=<semver>";
// an unstamped build reports this development version.
var Version = "0.1.0-dev"

// ParsedVersion validates Version (a leading "v", as in git tags, is accepted): a stamp that
// is not semantic versioning is a build mistake, better reported at start-up than by the engine.
func ParsedVersion() (semver.Version, error) { return parseVersion(Version) }

func parseVersion(s string) (semver.Version, error) {
	v, err := semver.Parse(strings.TrimPrefix(s, "v"))
	if err != nil {
		return semver.Version{}, fmt.Errorf("provider version %q is not a semantic version: %w", s, err)
	}
	return v, nil
}

// Package provider is the Pulumi provider for Cloudflare Secondary DNS: TSIG keys and peers.
package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Name is the Pulumi package name.
const Name = "cloudflare-secondary-dns"

const (
	repository    = "https://github.com/cfsecdns/pulumi-cloudflare-secondary-dns"
	goImportPath  = "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	nodePackage   = "@cfsecdns/pulumi-cloudflare-secondary-dns"
	pythonPackage = "pulumi_cloudflare_secondary_dns"
)

// pluginDownloadURL is where the engine downloads the plugin a program needs: the GitHub releases
// of the repository, the asset pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz of the release
// tagged v<version>, which is what make dist builds.
const pluginDownloadURL = "github://api.github.com/cfsecdns/pulumi-cloudflare-secondary-dns"

// New builds the provider.
func New() (p.Provider, error) {
	prov, err := inferred()
	if err != nil {
		return p.Provider{}, err
	}
	return markSecretsAfterRead(prov, map[tokens.TypeName][]string{
		"Tsig": secretProperties[TsigState](),
		"Peer": secretProperties[PeerState](),
	}), nil
}

// inferred is the provider as the framework builds it.
func inferred() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("Cloudflare Secondary DNS").
		WithDescription("Manage Cloudflare Secondary DNS TSIG keys and peers, the pieces of zone transfers between Cloudflare and your own nameservers.").
		WithPublisher("cfsecdns").
		WithRepository(repository).
		WithHomepage(repository).
		WithPluginDownloadURL(pluginDownloadURL).
		WithLicense("Apache-2.0").
		WithKeywords("cloudflare", "dns", "secondary-dns", "tsig", "zone-transfer", "category/network", "kind/native").
		WithNamespace("cfsecdns").
		// Tokens take the module from the Go package name, here "provider".
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		// The language map replaces the defaults entirely, so every language is spelled out.
		WithLanguageMap(map[string]any{
			"go": map[string]any{
				"importBasePath":                 goImportPath,
				"generateResourceContainerTypes": true,
				"respectSchemaVersion":           true,
			},
			"nodejs": map[string]any{
				"packageName":          nodePackage,
				"respectSchemaVersion": true,
			},
			"python": map[string]any{
				"packageName":          pythonPackage,
				"respectSchemaVersion": true,
				"pyproject":            map[string]any{"enabled": true},
			},
		}).
		WithConfig(infer.Config(&Config{})).
		WithResources(
			infer.Resource(Tsig{}),
			infer.Resource(Peer{}),
		).
		WithFunctions(
			infer.Function(GetTsig{}),
			infer.Function(ListTsigs{}),
			infer.Function(GetPeer{}),
			infer.Function(ListPeers{}),
		).
		Build()
}

// Package provider is the Pulumi provider for Cloudflare Secondary DNS: TSIG keys, peers, ACLs,
// and the incoming and outgoing zone transfer configuration of zones.
package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Name is the Pulumi package name.
const Name = kinds.Package

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
	secrets := map[tokens.TypeName][]string{}
	for _, r := range resources {
		secrets[tokens.TypeName(r.name)] = r.secrets
	}
	return markSecretsAfterRead(prov, secrets), nil
}

// resources are the provider's resources, one line each, in the order of kinds.All: the
// resource, the state type whose secret properties Read marks, the kind it manages, and the
// functions that read that kind.
var resources = []registration{
	resourceOf[TsigState](infer.Resource(Tsig{}), kinds.Tsigs.Described, infer.Function(GetTsig{}), infer.Function(ListTsigs{})),
	resourceOf[PeerState](infer.Resource(Peer{}), kinds.Peers.Described, infer.Function(GetPeer{}), infer.Function(ListPeers{})),
	resourceOf[AclState](infer.Resource(Acl{}), kinds.Acls.Described, infer.Function(GetAcl{}), infer.Function(ListAcls{})),
	resourceOf[IncomingTransferState](infer.Resource(IncomingTransfer{}), kinds.IncomingTransfers.Described, infer.Function(GetIncomingTransfer{})),
	resourceOf[OutgoingTransferState](infer.Resource(OutgoingTransfer{}), kinds.OutgoingTransfers.Described, infer.Function(GetOutgoingTransfer{})),
}

// functions are the functions that belong to no resource.
var functions = []infer.InferredFunction{
	infer.Function(GetZone{}),
	infer.Function(NameserverConfig{}),
}

// registration is one resource of the provider.
type registration struct {
	name      string // the type name of its token, e.g. "Tsig"
	resource  infer.InferredResource
	secrets   []string // properties of its state tagged secret
	functions []infer.InferredFunction
}

func resourceOf[S, R any](res infer.InferredResource, k cfapi.Described[R], functions ...infer.InferredFunction) registration {
	return registration{name: k.Name, resource: res, secrets: secretProperties[S](), functions: functions}
}

// inferred is the provider as the framework builds it.
func inferred() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("Cloudflare Secondary DNS").
		WithDescription("Manage Cloudflare Secondary DNS: TSIG keys, peers, ACLs and the incoming and outgoing zone transfers between Cloudflare and your own nameservers.").
		WithPublisher("cfsecdns").
		WithRepository(repository).
		WithHomepage(repository).
		WithPluginDownloadURL(pluginDownloadURL).
		WithLicense("Apache-2.0").
		WithKeywords("cloudflare", "dns", "secondary-dns", "tsig", "zone-transfer", "category/network", "kind/native").
		WithNamespace("cfsecdns").
		// Tokens take the module from the Go package name: "provider", and "kinds" for the types
		// the provider shares with the import command.
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index", "kinds": "index"}).
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
		WithResources(inferredResources()...).
		WithFunctions(inferredFunctions()...).
		Build()
}

// inferredFunctions are the functions of every resource, then those that belong to none.
func inferredFunctions() []infer.InferredFunction {
	var out []infer.InferredFunction
	for _, r := range resources {
		out = append(out, r.functions...)
	}
	return append(out, functions...)
}

func inferredResources() []infer.InferredResource {
	out := make([]infer.InferredResource, len(resources))
	for i, r := range resources {
		out[i] = r.resource
	}
	return out
}

package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	nsTestSecret     = "bmFtZXNlcnZlci1jb25maWctc2VjcmV0LWtleQ=="
	nsTestNextSecret = "bmV4dC1uYW1lc2VydmVyLXNlY3JldA=="
)

func nameserverArgs(software, role string, withKey bool) NameserverConfigArgs {
	args := NameserverConfigArgs{Software: NameserverSoftware(software), Role: NameserverRole(role), ZoneName: "example.com"}
	if withKey {
		args.TsigName, args.TsigAlgo, args.TsigSecret = ptr("transfer.example.com."), ptr(kinds.HmacSHA512), ptr(nsTestSecret)
	}
	return args
}

func TestNameserverConfigInvoke(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     NameserverConfigArgs
		zoneFile string
		// lines that must be in config and zoneConfig, and in config and keyConfig.
		zoneLines, keyLines []string
	}{
		{"bind primary", nameserverArgs("bind", "primary", true), "example.com.zone",
			[]string{"\ttype primary;\n", "\t\t\t!104.30.167.163;\n", "\t\t172.65.30.82 key \"transfer.example.com.\";\n"},
			[]string{"key \"transfer.example.com.\" {\n", "\talgorithm hmac-sha512;\n", "\tsecret \"" + nsTestSecret + "\";\n"}},
		{"knot secondary, overrides", func() NameserverConfigArgs {
			a := nameserverArgs("knot", "secondary", true)
			a.Primaries, a.NotifyFrom, a.ZoneFile = []string{"[2001:db8::53]:5353"}, []string{"192.0.2.0/28"}, ptr("/var/lib/knot/example.com.zone")
			return a
		}(), "/var/lib/knot/example.com.zone",
			[]string{"    address: [2001:db8::53@5353]\n", "    address: [192.0.2.0/28]\n", "    file: \"/var/lib/knot/example.com.zone\"\n"},
			[]string{"    secret: " + nsTestSecret + "\n"}},
		{"nsd primary without a key", nameserverArgs("nsd", "primary", false), "example.com.zone",
			[]string{"    provide-xfr: 104.30.167.163 NOKEY\n", "    notify: 172.65.30.82 NOKEY\n"}, nil},
		{"nsd secondary, rotating", func() NameserverConfigArgs {
			a := nameserverArgs("nsd", "secondary", true)
			a.AcceptedKeys = []NameserverKey{{Name: "transfer-2027.example.com.", Algo: kinds.HmacSHA256, Secret: nsTestNextSecret}}
			return a
		}(), "example.com.zone",
			[]string{"    request-xfr: 172.65.64.6 \"transfer.example.com.\"\n    request-xfr: 172.65.64.6 \"transfer-2027.example.com.\"\n",
				"    allow-notify: 104.30.167.163 \"transfer-2027.example.com.\"\n"},
			[]string{"    name: \"transfer-2027.example.com.\"\n    algorithm: hmac-sha256\n    secret: \"" + nsTestNextSecret + "\"\n"}},
		{"powerdns secondary", nameserverArgs("powerdns", "secondary", true), "/var/lib/powerdns/zones.slave.d/example.com.zone",
			[]string{"secondary=yes\n", "masters { 172.65.64.6; }", "pdnsutil set-meta example.com AXFR-MASTER-TSIG transfer.example.com.\n"},
			[]string{"pdnsutil import-tsig-key transfer.example.com. hmac-sha512 " + nsTestSecret + "\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := NameserverConfig{}.Invoke(t.Context(), infer.FunctionRequest[NameserverConfigArgs]{Input: tt.args})
			require.NoError(t, err)
			out := resp.Output
			assert.Equal(t, tt.zoneFile, out.ZoneFile)
			for _, line := range tt.zoneLines {
				assert.Contains(t, out.Config, line)
				assert.Contains(t, out.ZoneConfig, line)
			}
			for _, line := range tt.keyLines {
				assert.Contains(t, out.Config, line)
				assert.Contains(t, out.KeyConfig, line)
			}
			assert.NotContains(t, out.ZoneConfig, nsTestSecret)
			if tt.keyLines == nil {
				assert.Empty(t, out.KeyConfig)
				assert.Equal(t, out.ZoneConfig, out.Config)
			} else {
				// config is both, in the order to apply them (PowerDNS's key goes between pdns.conf
				// settings and pdnsutil commands).
				assert.Contains(t, out.Config, out.KeyConfig)
				assert.Len(t, out.Config, len(out.KeyConfig)+len("\n")+len(out.ZoneConfig))
			}
		})
	}
}

func TestNameserverConfigErrors(t *testing.T) {
	t.Parallel()
	with := func(change func(*NameserverConfigArgs)) NameserverConfigArgs {
		a := nameserverArgs("bind", "primary", true)
		change(&a)
		return a
	}
	tests := []struct {
		args NameserverConfigArgs
		want string
	}{
		{with(func(a *NameserverConfigArgs) { a.Software = "BIND" }),
			`nameserverConfig: software: "BIND" is not supported: expected one of "bind", "knot", "nsd", "powerdns"`},
		{with(func(a *NameserverConfigArgs) { a.Role = "slave" }), `nameserverConfig: role: "slave" is not a role: expected "primary"`},
		{with(func(a *NameserverConfigArgs) { a.ZoneName = "example..com" }), `nameserverConfig: zoneName: "example..com" is not a DNS name`},
		{with(func(a *NameserverConfigArgs) { a.TsigAlgo = ptr(kinds.Algorithm("hmac-sha256")) }), `nameserverConfig: tsigAlgo: "hmac-sha256" is not a supported TSIG algorithm`},
		{with(func(a *NameserverConfigArgs) { a.TsigSecret = ptr("%%" + nsTestSecret) }), "nameserverConfig: tsigSecret: the secret is not valid base64"},
		{with(func(a *NameserverConfigArgs) { a.TsigSecret = nil }),
			"nameserverConfig: tsigName and tsigAlgo given without tsigSecret: give tsigName, tsigAlgo and tsigSecret together"},
		{with(func(a *NameserverConfigArgs) { a.TsigName, a.TsigAlgo = nil, nil }),
			"nameserverConfig: tsigSecret given without tsigName and tsigAlgo"},
		{with(func(a *NameserverConfigArgs) {
			a.AcceptedKeys = []NameserverKey{{Name: "transfer.example.com", Algo: kinds.HmacSHA256, Secret: nsTestNextSecret}}
		}), `nameserverConfig: acceptedKeys[0].name: "transfer.example.com" is given twice`},
		{with(func(a *NameserverConfigArgs) {
			a.AcceptedKeys = []NameserverKey{{Name: "k2", Algo: kinds.HmacSHA256, Secret: "%%" + nsTestSecret}}
		}),
			"nameserverConfig: acceptedKeys[0].secret: the secret is not valid base64"},
		{with(func(a *NameserverConfigArgs) { a.NotifyTo = []string{"cloudflare"} }), `nameserverConfig: notifyTo: "cloudflare" is not an address`},
		{with(func(a *NameserverConfigArgs) { a.Primaries = []string{"172.65.64.6"} }), `nameserverConfig: primaries: applies to the "secondary" role only`},
	}
	for _, tt := range tests {
		_, err := NameserverConfig{}.Invoke(t.Context(), infer.FunctionRequest[NameserverConfigArgs]{Input: tt.args})
		if assert.Error(t, err, tt.want) {
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), nsTestSecret)
		}
	}
}

// TestNameserverConfigThroughTheFramework invokes the function as the engine does, in a
// provider of its own (provider.go registers it for real): config and keyConfig come back
// secret, zoneConfig plain, and the enums are in the schema.
func TestNameserverConfigThroughTheFramework(t *testing.T) {
	t.Parallel()
	prov, err := infer.NewProviderBuilder().
		WithModuleMap(map[tokens.ModuleName]tokens.ModuleName{"provider": "index"}).
		WithFunctions(infer.Function(NameserverConfig{})).
		Build()
	require.NoError(t, err)
	srv, err := integration.NewServer(t.Context(), Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)

	resp, err := srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:nameserverConfig", Args: property.NewMap(map[string]property.Value{
		"software": str("nsd"), "role": str("primary"), "zoneName": str("example.com"),
		"tsigName": str("transfer.example.com."), "tsigAlgo": str("hmac-sha512."), "tsigSecret": secret(nsTestSecret),
		"notifyTo": property.New(property.NewArray([]property.Value{str("192.0.2.53:5353")})),
		"acceptedKeys": property.New(property.NewArray([]property.Value{property.New(property.NewMap(map[string]property.Value{
			"name": str("transfer-2027.example.com."), "algo": str("hmac-sha256."), "secret": secret(nsTestNextSecret),
		}))})),
	})})
	require.NoError(t, err)
	require.Empty(t, resp.Failures)
	for _, name := range []string{"config", "keyConfig"} {
		v := resp.Return.Get(name)
		assert.True(t, v.Secret(), "%s is not secret", name)
		assert.Contains(t, v.AsString(), nsTestSecret, name)
		assert.Contains(t, v.AsString(), nsTestNextSecret, name)
	}
	zoneConfig := resp.Return.Get("zoneConfig")
	assert.False(t, zoneConfig.Secret(), "zoneConfig is secret")
	assert.NotContains(t, zoneConfig.AsString(), nsTestNextSecret)
	assert.Contains(t, zoneConfig.AsString(), "    provide-xfr: 104.30.167.163 \"transfer-2027.example.com.\"\n")
	assert.Contains(t, zoneConfig.AsString(), "    notify: 192.0.2.53@5353 \"transfer.example.com.\"\n")
	assert.Equal(t, str("example.com.zone"), resp.Return.Get("zoneFile"))

	schema, err := srv.GetSchema(p.GetSchemaRequest{})
	require.NoError(t, err)
	for _, want := range []string{`"cloudflare-secondary-dns:index:nameserverConfig"`, `"cloudflare-secondary-dns:index:NameserverSoftware"`,
		`"cloudflare-secondary-dns:index:NameserverRole"`, `"powerdns"`, `"secondary"`, `"acceptedKeys"`,
		`"cloudflare-secondary-dns:index:NameserverKey"`} {
		assert.True(t, strings.Contains(schema.Schema, want), "the schema lacks %s", want)
	}
}

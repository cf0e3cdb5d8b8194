package provider

import (
	"encoding/json"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"os"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func getSchema(t *testing.T) schema.PackageSpec {
	t.Helper()
	prov, err := New()
	require.NoError(t, err)
	spec, err := p.GetSchema(t.Context(), Name, "1.2.3", prov)
	require.NoError(t, err)
	return spec
}

func TestSchemaMetadata(t *testing.T) {
	t.Parallel()
	spec := getSchema(t)
	assert.Equal(t, "cloudflare-secondary-dns", spec.Name)
	assert.Equal(t, "1.2.3", spec.Version)
	assert.Equal(t, "Cloudflare Secondary DNS", spec.DisplayName)
	assert.NotEmpty(t, spec.Description)
	assert.Equal(t, "cfsecdns", spec.Publisher)
	assert.Equal(t, "https://github.com/cfsecdns/pulumi-cloudflare-secondary-dns", spec.Repository)
	assert.Equal(t, "Apache-2.0", spec.License)
	assert.Subset(t, spec.Keywords, []string{"cloudflare", "dns", "tsig"})

	assert.JSONEq(t, `{"importBasePath": "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns",
		"generateResourceContainerTypes": true, "respectSchemaVersion": true}`, string(spec.Language["go"]))
	assert.JSONEq(t, `{"packageName": "@cfsecdns/pulumi-cloudflare-secondary-dns", "respectSchemaVersion": true}`, string(spec.Language["nodejs"]))
	assert.JSONEq(t, `{"packageName": "pulumi_cloudflare_secondary_dns", "respectSchemaVersion": true, "pyproject": {"enabled": true}}`,
		string(spec.Language["python"]))
}

func TestSchemaTokensAreInModuleIndex(t *testing.T) {
	t.Parallel()
	spec := getSchema(t)
	var resources, functions []string
	for tok := range spec.Resources {
		resources = append(resources, tok)
	}
	for tok := range spec.Functions {
		functions = append(functions, tok)
	}
	assert.ElementsMatch(t, registeredTokens(), resources)
	assert.ElementsMatch(t, registeredFunctionTokens(t), functions)
}

func TestSchemaSecretsAndEnums(t *testing.T) {
	t.Parallel()
	spec := getSchema(t)
	tsig := spec.Resources["cloudflare-secondary-dns:index:Tsig"]
	assert.True(t, tsig.InputProperties["secret"].Secret)
	assert.True(t, tsig.Properties["secret"].Secret)
	assert.True(t, tsig.InputProperties["accountId"].ReplaceOnChanges)
	assert.ElementsMatch(t, []string{"name", "algo"}, tsig.RequiredInputs)
	assert.True(t, spec.Types["cloudflare-secondary-dns:index:TsigInfo"].Properties["secret"].Secret)
	assert.True(t, spec.Config.Variables["apiToken"].Secret)
	assert.True(t, spec.Config.Variables["apiKey"].Secret)
	assert.Equal(t, []string{"CLOUDFLARE_API_TOKEN"}, spec.Config.Variables["apiToken"].DefaultInfo.Environment)
	assert.Equal(t, kinds.DefaultBaseURL, spec.Config.Variables["baseUrl"].Default)

	algo := spec.Types["cloudflare-secondary-dns:index:Algorithm"]
	var values []any
	for _, v := range algo.Enum {
		values = append(values, v.Value)
		assert.NotEmpty(t, v.Description)
	}
	assert.Equal(t, []any{"hmac-md5.sig-alg.reg.int.", "hmac-sha1.", "hmac-sha224.", "hmac-sha256.", "hmac-sha384.", "hmac-sha512."}, values)
}

// Every resource, function and property is described: the text becomes SDK documentation.
func TestSchemaDescribesEverything(t *testing.T) {
	t.Parallel()
	spec := getSchema(t)
	described := func(what string, props map[string]schema.PropertySpec) {
		for name, prop := range props {
			assert.NotEmpty(t, prop.Description, "%s property %s", what, name)
		}
	}
	for tok, r := range spec.Resources {
		assert.NotEmpty(t, r.Description, tok)
		described(tok+" output", r.Properties)
		described(tok+" input", r.InputProperties)
	}
	for tok, f := range spec.Functions {
		assert.NotEmpty(t, f.Description, tok)
		described(tok+" argument", f.Inputs.Properties)
		require.NotNil(t, f.ReturnType, tok)
		require.NotNil(t, f.ReturnType.ObjectTypeSpec, tok)
		described(tok+" result", f.ReturnType.ObjectTypeSpec.Properties)
	}
	for tok, typ := range spec.Types {
		described(tok, typ.Properties)
	}
	described("config", spec.Config.Variables)
	// The committed schema carries the registry examples make codegen embeds in every page,
	// and an Import section on every resource's.
	data, err := os.ReadFile("../schema.json")
	require.NoError(t, err)
	var committed schema.PackageSpec
	require.NoError(t, json.Unmarshal(data, &committed))
	for _, tok := range registeredTokens() {
		assert.Contains(t, committed.Resources[tok].Description, "{{% examples %}}", tok)
		assert.Contains(t, committed.Resources[tok].Description, "## Import", tok)
	}
	for tok := range spec.Functions {
		assert.Contains(t, committed.Functions[tok].Description, "{{% examples %}}", tok)
	}
}

// registeredFunctionTokens are the function tokens the registrations make, in module index.
func registeredFunctionTokens(t *testing.T) []string {
	var out []string
	for _, f := range inferredFunctions() {
		tok, err := f.GetToken()
		require.NoError(t, err)
		out = append(out, Name+":index:"+tok.Name().String())
	}
	return out
}

// registeredTokens are the resource tokens the registrations make, each in module index.
func registeredTokens() []string {
	var out []string
	for _, r := range resources {
		out = append(out, Name+":index:"+r.name)
	}
	return out
}

// Every kind is registered as a resource, in the order of kinds.All, with a complete
// description: a forgotten piece fails here instead of turning a check off.
func TestEveryRegistrationIsComplete(t *testing.T) {
	t.Parallel()
	require.Len(t, resources, len(kinds.All))
	seen := map[string]bool{}
	for i, r := range resources {
		assert.Equal(t, kinds.All[i].Resource, r.name, "resources are not in the order of kinds.All")
		assert.NoError(t, kinds.All[i].Validate(), r.name)
		assert.False(t, seen[r.name], "%s is registered twice", r.name)
		seen[r.name] = true
		assert.NotNil(t, r.resource, r.name)
	}
}

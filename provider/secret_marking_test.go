package provider

import (
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/sig"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// grpcProvider serves the provider as the engine sees it, over its gRPC interface, configured
// for emu.
func grpcProvider(t *testing.T, emu *emulatortest.Server) rpc.ResourceProviderServer {
	t.Helper()
	prov, err := New()
	require.NoError(t, err)
	srv, err := p.RawServer(Name, "1.0.0", prov)(nil)
	require.NoError(t, err)
	_, err = srv.Configure(t.Context(), &rpc.ConfigureRequest{Args: toStruct(t, property.NewMap(map[string]property.Value{
		"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL),
	}))})
	require.NoError(t, err)
	return srv
}

func toStruct(t *testing.T, m property.Map) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(resource.ToResourcePropertyMap(m), plugin.MarshalOptions{KeepSecrets: true, KeepUnknowns: true})
	require.NoError(t, err)
	return s
}

// assertWireSecret checks the property as it travels to the engine: an object carrying
// Pulumi's secret signature around the value.
func assertWireSecret(t *testing.T, s *structpb.Struct, key, want string) {
	t.Helper()
	v := s.GetFields()[key].GetStructValue()
	require.NotNil(t, v, "%s must be a secret envelope, got %v", key, s.GetFields()[key])
	assert.Equal(t, sig.Secret, v.GetFields()[sig.Key].GetStringValue(), "%s carries the secret signature", key)
	assert.Equal(t, want, v.GetFields()["value"].GetStringValue())
}

func TestTsigSecretStaysSecretAfterImportAndRefresh(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t)
	srv := grpcProvider(t, emu)
	stored := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "wire.example.", Algo: "hmac-sha256.", Secret: testSecret})
	typeURN := string(urn(tsigType, "wire"))

	// Import: the engine sends only the ID.
	imported, err := srv.Read(t.Context(), &rpc.ReadRequest{Id: emu.AccountID + "/" + stored.ID, Urn: typeURN})
	require.NoError(t, err)
	assertWireSecret(t, imported.GetProperties(), "secret", testSecret)
	assert.NotContains(t, imported.GetInputs().GetFields(), "secret", "import returns the secret as state only, never as an input")
	assert.Equal(t, "wire.example.", imported.GetProperties().GetFields()["name"].GetStringValue(), "other fields stay plain")

	// Refresh: the engine sends the state and inputs, here as plain values, and the secret
	// has changed in Cloudflare.
	emu.PutTSIG(emu.AccountID, emulator.TSIG{ID: stored.ID, Name: "wire.example.", Algo: "hmac-sha256.", Secret: otherSecret})
	plain := property.NewMap(map[string]property.Value{
		"accountId": str(emu.AccountID), "name": str("wire.example."), "algo": str("hmac-sha256."), "secret": str(testSecret),
	})
	refreshed, err := srv.Read(t.Context(), &rpc.ReadRequest{
		Id: stored.ID, Urn: typeURN, Properties: toStruct(t, plain), Inputs: toStruct(t, plain),
	})
	require.NoError(t, err)
	assertWireSecret(t, refreshed.GetProperties(), "secret", otherSecret)
	assertWireSecret(t, refreshed.GetInputs(), "secret", otherSecret)
}

// The framework alone does not mark secrets in Read's result (trap 3): this is what the
// provider's wrapper fixes. If a framework upgrade fixes it, this test says so.
func TestFrameworkReadLeavesSecretsPlain(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t)
	prov, err := inferred()
	require.NoError(t, err)
	srv, err := integration.NewServer(t.Context(), Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)
	configure(t, srv, map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)})
	stored := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "plain.example.", Algo: "hmac-sha256.", Secret: testSecret})

	resp, err := srv.Read(p.ReadRequest{ID: stored.ID, Urn: urn(tsigType, "plain")})
	require.NoError(t, err)
	assert.Equal(t, str(testSecret), resp.Properties.Get("secret"))
}

func TestFunctionSecretsOnTheWire(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t)
	srv := grpcProvider(t, emu)
	first := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "a.example.", Algo: "hmac-sha256.", Secret: testSecret})
	emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "b.example.", Algo: "hmac-sha512.", Secret: otherSecret})

	got, err := srv.Invoke(t.Context(), &rpc.InvokeRequest{
		Tok:  "cloudflare-secondary-dns:index:getTsig",
		Args: toStruct(t, property.NewMap(map[string]property.Value{"tsigId": str(first.ID)})),
	})
	require.NoError(t, err)
	require.Empty(t, got.GetFailures())
	assertWireSecret(t, got.GetReturn(), "secret", testSecret)

	list, err := srv.Invoke(t.Context(), &rpc.InvokeRequest{Tok: "cloudflare-secondary-dns:index:listTsigs", Args: toStruct(t, property.Map{})})
	require.NoError(t, err)
	tsigs := list.GetReturn().GetFields()["tsigs"].GetListValue().GetValues()
	require.Len(t, tsigs, 2)
	assertWireSecret(t, tsigs[0].GetStructValue(), "secret", testSecret)
	assertWireSecret(t, tsigs[1].GetStructValue(), "secret", otherSecret)
}

func TestCreateAndUpdateOutputsAreSecret(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tests := []struct {
		name   string
		secret property.Value
	}{
		{"given as a secret", secret(testSecret)},
		{"given in plain text", str(testSecret)},
		{"generated", property.Value{}},
	}
	for _, tt := range tests {
		inputs := map[string]property.Value{"name": str("s.example."), "algo": str("hmac-sha256.")}
		if !tt.secret.IsNull() {
			inputs["secret"] = tt.secret
		}
		checked := h.check(tsigType, "s", inputs)
		if !tt.secret.IsNull() {
			assert.True(t, checked.Get("secret").Secret(), "%s: Check marks the input secret", tt.name)
		}
		id, state := h.up(tsigType, "s", inputs)
		assert.True(t, state.Get("secret").Secret(), "%s: create", tt.name)
		inputs["name"] = str("t.example.")
		resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "s"), State: state, Inputs: h.check(tsigType, "s", inputs)})
		require.NoError(t, err)
		assert.True(t, resp.Properties.Get("secret").Secret(), "%s: update", tt.name)
	}
}

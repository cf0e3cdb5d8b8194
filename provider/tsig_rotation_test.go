package provider

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// A preview that changes a key's secret in place warns, naming the peers that use the key (and
// not the others) and the rotation guide, without the secret and without a write; a preview
// that keeps the secret says nothing.
func TestTsigSecretChangeWarnsOfItsPeers(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inputs := tsigInputs("key.example.")
	tsigID, tsigState := h.up(tsigType, "key", inputs)
	for _, name := range []string{"ns2", "ns1"} {
		h.up(peerType, name, map[string]property.Value{"name": str(name), "ip": str("192.0.2.53"), "tsigId": str(tsigID)})
	}
	otherID, _ := h.up(tsigType, "other", tsigInputs("other.example."))
	h.up(peerType, "elsewhere", map[string]property.Value{"name": str("elsewhere"), "ip": str("192.0.2.54"), "tsigId": str(otherID)})
	h.up(peerType, "unsigned", map[string]property.Value{"name": str("unsigned"), "ip": str("192.0.2.55")})

	ctx, srv, engine := loggedProvider(t)
	config := map[string]property.Value{"apiToken": secret(h.emu.Token), "accountId": str(h.emu.AccountID), "baseUrl": str(h.emu.URL)}
	_, err := srv.Configure(ctx, &rpc.ConfigureRequest{Args: toStruct(t, property.NewMap(config))})
	require.NoError(t, err)
	const newSecret = "bmV3LXNlY3JldC1mb3ItdGhlLWtleS1ub3ctcm90YXRlZA=="
	diff := func(secretValue string) *rpc.DiffResponse {
		t.Helper()
		news := tsigInputs("key.example.")
		news["secret"] = secret(secretValue)
		typeURN := string(urn(tsigType, "key"))
		checked, err := srv.Check(ctx, &rpc.CheckRequest{Urn: typeURN, News: toStruct(t, property.NewMap(news))})
		require.NoError(t, err)
		resp, err := srv.Diff(ctx, &rpc.DiffRequest{Id: tsigID, Urn: typeURN, Olds: toStruct(t, tsigState), News: checked.GetInputs()})
		require.NoError(t, err)
		return resp
	}
	warnings := func() []string {
		var out []string
		for _, l := range engine.Logs() {
			if strings.Contains(l.GetMessage(), "changes in place") {
				out = append(out, l.GetMessage())
				assert.Equal(t, "WARNING", l.GetSeverity().String(), "severity of %q", l.GetMessage())
			}
		}
		return out
	}

	h.emu.ResetObservations()
	assert.Equal(t, rpc.DiffResponse_DIFF_NONE, diff(testSecret).GetChanges())
	assert.Empty(t, warnings(), "a diff that keeps the secret")
	assert.Empty(t, h.emu.Requests(), "a diff that keeps the secret reads nothing")

	assert.Equal(t, rpc.DiffResponse_DIFF_SOME, diff(newSecret).GetChanges())
	got := warnings()
	require.Len(t, got, 1)
	for _, want := range []string{`Tsig key.example.: its secret changes in place while 2 peer(s) use it: "ns1" (`, `"ns2" (`,
		"nameserverConfig's acceptedKeys", "docs/rotating-tsig-keys.md"} {
		assert.Contains(t, got[0], want)
	}
	for _, not := range []string{"elsewhere", "unsigned", newSecret, testSecret} {
		assert.NotContains(t, got[0], not)
	}
	assert.Empty(t, h.writes(), "the preview's look at the peers is read-only")
}

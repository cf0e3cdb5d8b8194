package provider

import (
	"encoding/base64"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

func TestTsigCreate(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})

	id, props := h.up(tsigType, "key", tsigInputs("transfer.example.com."))

	assert.Equal(t, property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID),
		"name":      str("transfer.example.com."),
		"algo":      str("hmac-sha512."),
		"secret":    secret(testSecret),
	}), props)
	stored, ok := h.emu.GetTSIG(emulator.DemoAccountID, id)
	require.True(t, ok)
	assert.Equal(t, emulator.TSIG{ID: id, Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: testSecret}, stored)
	assert.Equal(t, []string{"GET tsigs", "POST tsigs"}, h.requests(), "a create lists first, to tell its own key from older ones")
}

func TestTsigPreviewCallsNothing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inputs map[string]property.Value
		want   property.Map
	}{
		{
			name:   "with secret",
			inputs: tsigInputs("key.example."),
			want: property.NewMap(map[string]property.Value{
				"accountId": str(emulator.DemoAccountID),
				"name":      str("key.example."),
				"algo":      str("hmac-sha512."),
				"secret":    secret(testSecret),
			}),
		},
		{
			name:   "generated secret is unknown until created",
			inputs: map[string]property.Value{"name": str("key.example."), "algo": str("hmac-sha256.")},
			want: property.NewMap(map[string]property.Value{
				"accountId": str(emulator.DemoAccountID),
				"name":      str("key.example."),
				"algo":      str("hmac-sha256."),
				"secret":    unknown().WithSecret(true),
			}),
		},
		{
			name:   "unknown name stays unknown",
			inputs: map[string]property.Value{"name": unknown(), "algo": str("hmac-sha256."), "secret": secret(testSecret)},
			want: property.NewMap(map[string]property.Value{
				"accountId": str(emulator.DemoAccountID),
				"name":      unknown(),
				"algo":      str("hmac-sha256."),
				"secret":    secret(testSecret),
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, emulator.Options{})
			checked := h.check(tsigType, "key", tt.inputs)
			resp, err := h.srv.Create(p.CreateRequest{Urn: urn(tsigType, "key"), Properties: checked, DryRun: true})
			require.NoError(t, err)
			assert.Equal(t, tt.want, resp.Properties)
			assert.Empty(t, h.requests())
		})
	}
}

func TestTsigGeneratedSecretIsKept(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inputs := map[string]property.Value{"name": str("gen.example."), "algo": str("hmac-sha384.")}

	id, state := h.up(tsigType, "gen", inputs)

	generated := state.Get("secret")
	require.True(t, generated.Secret(), "a generated secret is a Pulumi secret")
	key, err := base64.StdEncoding.DecodeString(generated.AsString())
	require.NoError(t, err)
	assert.Len(t, key, 48, "as long as the SHA-384 digest")
	stored, _ := h.emu.GetTSIG(emulator.DemoAccountID, id)
	assert.Equal(t, generated.AsString(), stored.Secret)

	// A preview of the same program changes nothing.
	assert.False(t, h.diff(tsigType, "gen", id, state, inputs).HasChanges)

	// Renaming keeps the generated key, in the preview and in the update.
	renamed := map[string]property.Value{"name": str("renamed.example."), "algo": str("hmac-sha384.")}
	d := h.diff(tsigType, "gen", id, state, renamed)
	assert.Equal(t, map[string]p.PropertyDiff{"name": {Kind: p.Update}}, d.DetailedDiff)
	checked := h.check(tsigType, "gen", renamed)
	preview, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "gen"), State: state, Inputs: checked, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, generated, preview.Properties.Get("secret"))
	updated, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "gen"), State: state, Inputs: checked})
	require.NoError(t, err)
	assert.Equal(t, generated, updated.Properties.Get("secret"))
	stored, _ = h.emu.GetTSIG(emulator.DemoAccountID, id)
	assert.Equal(t, emulator.TSIG{ID: id, Name: "renamed.example.", Algo: "hmac-sha384.", Secret: generated.AsString()}, stored)
}

func TestTsigUpdate(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(tsigType, "key", tsigInputs("key.example."))
	h.emu.ResetObservations()

	next := map[string]property.Value{"name": str("key2.example."), "algo": str("hmac-sha256."), "secret": secret(otherSecret)}
	d := h.diff(tsigType, "key", id, state, next)
	assert.True(t, d.HasChanges)
	assert.Equal(t, map[string]p.PropertyDiff{
		"name": {Kind: p.Update}, "algo": {Kind: p.Update}, "secret": {Kind: p.Update},
	}, d.DetailedDiff)
	// A new secret: the diff looks for the peers that use the key, to warn (tsig_rotation_test.go).
	assert.Equal(t, []string{"GET peers"}, h.requests(), "the diff only reads the peers")
	h.emu.ResetObservations()

	checked := h.check(tsigType, "key", next)
	preview, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "key"), State: state, Inputs: checked, DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, h.requests(), "a preview calls nothing")

	resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "key"), State: state, Inputs: checked})
	require.NoError(t, err)
	want := property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID),
		"name":      str("key2.example."),
		"algo":      str("hmac-sha256."),
		"secret":    secret(otherSecret),
	})
	assert.Equal(t, want, preview.Properties)
	assert.Equal(t, want, resp.Properties)
	assert.Equal(t, []string{"PUT tsigs/" + id}, h.requests())
	stored, _ := h.emu.GetTSIG(emulator.DemoAccountID, id)
	assert.Equal(t, emulator.TSIG{ID: id, Name: "key2.example.", Algo: "hmac-sha256.", Secret: otherSecret}, stored)
}

func TestTsigAccountChangeReplaces(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(tsigType, "key", tsigInputs("key.example."))

	moved := tsigInputs("key.example.")
	moved["accountId"] = str(otherAccount)
	d := h.diff(tsigType, "key", id, state, moved)
	assert.Equal(t, map[string]p.PropertyDiff{"accountId": {Kind: p.UpdateReplace}}, d.DetailedDiff)
	assert.False(t, d.DeleteBeforeReplace)

	// The engine then creates the replacement and deletes the old key.
	newID, props := h.up(tsigType, "key", moved)
	assert.Equal(t, str(otherAccount), props.Get("accountId"))
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state}))
	_, oldExists := h.emu.GetTSIG(emulator.DemoAccountID, id)
	_, newExists := h.emu.GetTSIG(otherAccount, newID)
	assert.False(t, oldExists)
	assert.True(t, newExists)
}

func TestTsigRefresh(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inputs := tsigInputs("key.example.")
	id, state := h.up(tsigType, "key", inputs)
	checked := h.check(tsigType, "key", inputs)

	// Someone edits the key in the dashboard.
	h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{ID: id, Name: "edited.example.", Algo: "hmac-sha1.", Secret: otherSecret})
	resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state, Inputs: checked})
	require.NoError(t, err)
	assert.Equal(t, id, resp.ID)
	drifted := property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID),
		"name":      str("edited.example."),
		"algo":      str("hmac-sha1."),
		"secret":    secret(otherSecret),
	})
	assert.Equal(t, drifted, resp.Properties)
	assert.Equal(t, drifted, resp.Inputs)

	// The next preview offers to put the program's values back.
	d := h.diff(tsigType, "key", id, resp.Properties, inputs)
	assert.Equal(t, map[string]p.PropertyDiff{
		"name": {Kind: p.Update}, "algo": {Kind: p.Update}, "secret": {Kind: p.Update},
	}, d.DetailedDiff)

	// Deleted outside Pulumi: the refresh drops it from the state.
	require.True(t, h.emu.DeleteTSIG(emulator.DemoAccountID, id))
	gone, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state, Inputs: checked})
	require.NoError(t, err)
	assert.Empty(t, gone.ID)
}

func TestTsigDelete(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(tsigType, "key", tsigInputs("key.example."))

	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state}))
	_, exists := h.emu.GetTSIG(emulator.DemoAccountID, id)
	assert.False(t, exists)

	// Already gone counts as deleted.
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state}))
	assert.Equal(t, []string{"GET tsigs", "POST tsigs", "DELETE tsigs/" + id, "DELETE tsigs/" + id}, h.requests())
}

func TestTsigImport(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inOther := h.emu.PutTSIG(otherAccount, emulator.TSIG{Name: "imported.example.", Algo: "hmac-sha256.", Secret: testSecret})
	inDefault := h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "plain.example.", Algo: "hmac-sha512.", Secret: otherSecret})

	tests := []struct {
		name, importID, account string
		stored                  emulator.TSIG
	}{
		{"account and id", otherAccount + "/" + inOther.ID, otherAccount, inOther},
		{"id with the provider's account", inDefault.ID, emulator.DemoAccountID, inDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := h.srv.Read(p.ReadRequest{ID: tt.importID, Urn: urn(tsigType, "imported")})
			require.NoError(t, err)
			assert.Equal(t, tt.stored.ID, resp.ID)
			want := property.NewMap(map[string]property.Value{
				"accountId": str(tt.account),
				"name":      str(tt.stored.Name),
				"algo":      str(tt.stored.Algo),
				"secret":    secret(tt.stored.Secret),
			})
			assert.Equal(t, want, resp.Properties)
			// The secret is state only: code generated from the inputs must not print it.
			assert.Equal(t, want.Delete("secret"), resp.Inputs)

			// A program that says the same thing causes no update, with or without the secret.
			program := map[string]property.Value{"accountId": str(tt.account), "name": str(tt.stored.Name), "algo": str(tt.stored.Algo)}
			assert.False(t, h.diff(tsigType, "imported", resp.ID, resp.Properties, program).HasChanges)
			program["secret"] = secret(tt.stored.Secret)
			assert.False(t, h.diff(tsigType, "imported", resp.ID, resp.Properties, program).HasChanges)
		})
	}
}

func TestTsigImportErrors(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	missing := "00000000000000000000000000000000"
	tests := []struct {
		name, importID string
		want           []string
		calls          int
	}{
		{"not found", otherAccount + "/" + missing, []string{"importing Tsig", "Cloudflare answered 404", "import accepts <accountId>/<id>"}, 1},
		{"malformed id", "not-an-id", []string{`Tsig ID "not-an-id"`, "32 lowercase hexadecimal", "<accountId>/<id> or <id>"}, 0},
		{"malformed account", "acct/" + missing, []string{`"acct" is not a Cloudflare account ID`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.emu.Requests())
			_, err := h.srv.Read(p.ReadRequest{ID: tt.importID, Urn: urn(tsigType, "imported")})
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Len(t, h.emu.Requests(), before+tt.calls)
		})
	}
}

// The engine may keep an import ID as given: updates and deletes accept both forms.
func TestTsigAccountQualifiedIDWorksEverywhere(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	stored := h.emu.PutTSIG(otherAccount, emulator.TSIG{Name: "q.example.", Algo: "hmac-sha256.", Secret: testSecret})
	qualified := otherAccount + "/" + stored.ID

	read, err := h.srv.Read(p.ReadRequest{ID: qualified, Urn: urn(tsigType, "q")})
	require.NoError(t, err)
	inputs := map[string]property.Value{"accountId": str(otherAccount), "name": str("q2.example."), "algo": str("hmac-sha256.")}
	_, err = h.srv.Update(p.UpdateRequest{ID: qualified, Urn: urn(tsigType, "q"), State: read.Properties, Inputs: h.check(tsigType, "q", inputs)})
	require.NoError(t, err)
	got, _ := h.emu.GetTSIG(otherAccount, stored.ID)
	assert.Equal(t, "q2.example.", got.Name)

	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: qualified, Urn: urn(tsigType, "q"), Properties: read.Properties}))
	assert.Empty(t, h.emu.TSIGs(otherAccount))
}

// A program that sets no secret keeps the one Cloudflare has, whether the key was imported or
// created with a generated secret: after Cloudflare's secret changes, a refresh records it in
// the state only, and the next preview shows no change.
func TestTsigWithoutSecretKeepsCloudflares(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	program := map[string]property.Value{"name": str("kept.example."), "algo": str("hmac-sha512.")}
	tests := []struct {
		name string
		make func() (id string, state, inputs property.Map)
	}{
		{"imported", func() (string, property.Map, property.Map) {
			made := h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "kept.example.", Algo: "hmac-sha512.", Secret: testSecret})
			resp, err := h.srv.Read(p.ReadRequest{ID: emulator.DemoAccountID + "/" + made.ID, Urn: urn(tsigType, "kept")})
			require.NoError(t, err)
			return resp.ID, resp.Properties, resp.Inputs
		}},
		{"created with a generated secret", func() (string, property.Map, property.Map) {
			id, state := h.up(tsigType, "kept", program)
			return id, state, h.check(tsigType, "kept", program)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, state, inputs := tt.make()
			assert.False(t, h.diff(tsigType, "kept", id, state, program).HasChanges)

			h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{ID: id, Name: "kept.example.", Algo: "hmac-sha512.", Secret: otherSecret})
			resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, "kept"), Properties: state, Inputs: inputs})
			require.NoError(t, err)
			assert.Equal(t, secret(otherSecret), resp.Properties.Get("secret"), "the state holds Cloudflare's secret")
			assert.NotContains(t, resp.Inputs.AsMap(), "secret", "the inputs hold no secret the program did not set")
			assert.False(t, h.diff(tsigType, "kept", id, resp.Properties, program).HasChanges, "no change, so no write")
		})
	}
}

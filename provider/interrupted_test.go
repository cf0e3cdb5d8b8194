package provider

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// A create that finds an object identical to the one it declares, most likely left by an
// interrupted update, warns naming that object and the recovery guide: an account object is
// still created (the warning is all that changes), a zone's configuration is refused as before
// with how to import it. A different object there warns of nothing. No warning shows a secret.
func TestCreateWarnsOfAnIdenticalObject(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{Zones: []emulator.ZoneSeed{
		{Name: secondaryZone, Type: emulator.ZoneSecondary}, {Name: "example.org", Type: emulator.ZoneSecondary},
	}})
	ctx, srv, engine := loggedProvider(t)
	config := map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
	_, err := srv.Configure(ctx, &rpc.ConfigureRequest{Args: toStruct(t, property.NewMap(config))})
	require.NoError(t, err)
	create := func(typ, name string, inputs map[string]property.Value) error {
		checked, err := srv.Check(ctx, &rpc.CheckRequest{Urn: string(urn(typ, name)), News: toStruct(t, property.NewMap(inputs))})
		require.NoError(t, err)
		_, err = srv.Create(ctx, &rpc.CreateRequest{Urn: string(urn(typ, name)), Properties: checked.GetInputs()})
		return err
	}
	warnings := func() []string {
		var out []string
		for _, l := range engine.Logs() {
			if l.GetSeverity() == rpc.LogSeverity_WARNING {
				out = append(out, l.GetMessage())
			}
		}
		return out
	}
	const guide = "docs/recovering-an-interrupted-update.md"

	orphan := emu.PutACL(emu.AccountID, emulator.ACL{Name: "secondaries", IPRange: "198.51.100.0/24"})
	emu.PutACL(emu.AccountID, emulator.ACL{Name: "secondaries", IPRange: "198.51.100.0/25"})
	require.NoError(t, create(aclType, "acl", aclInputs("secondaries", "198.51.100.0/24")))
	require.Len(t, warnings(), 1)
	assert.Contains(t, warnings()[0], `the account already holds Acl "secondaries" (`+orphan.ID+`), the same as this create sends`)
	assert.Contains(t, warnings()[0], guide)
	assert.Len(t, emu.ACLs(emu.AccountID), 3, "the create still creates")

	key := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "key.example.", Algo: "hmac-sha512.", Secret: testSecret})
	require.NoError(t, create(tsigType, "key", tsigInputs("key.example.")))
	require.Len(t, warnings(), 2)
	assert.Contains(t, warnings()[1], `Tsig "key.example." (`+key.ID+`)`)

	require.NoError(t, create(aclType, "other", aclInputs("primaries", "192.0.2.0/24")))
	assert.Len(t, warnings(), 2, "nothing alike: no warning")

	zone := func(name string) string {
		z, ok := emu.ZoneByName(emu.AccountID, name)
		require.True(t, ok)
		return z.ID
	}
	same, other := zone(secondaryZone), zone("example.org")
	require.True(t, emu.PutIncoming(same, emulator.Incoming{Name: secondaryZone + ".", Peers: []string{}, AutoRefreshSeconds: 86400}))
	require.True(t, emu.PutIncoming(other, emulator.Incoming{Name: "example.org.", Peers: []string{}, AutoRefreshSeconds: 3600}))
	err = create(incomingType, "in", incomingInputs(same))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pulumi import cloudflare-secondary-dns:index:IncomingTransfer <name> "+same)
	assert.Contains(t, err.Error(), guide)
	require.Len(t, warnings(), 3)
	assert.Contains(t, warnings()[2], "creating IncomingTransfer in zone "+same+": the zone already holds the configuration this create declares")
	assert.Contains(t, warnings()[2], guide)

	otherInputs := incomingInputs(other)
	otherInputs["name"] = str("example.org.")
	err = create(incomingType, "other", otherInputs)
	require.Error(t, err, "another configuration there is refused too")
	assert.Contains(t, err.Error(), "pulumi import cloudflare-secondary-dns:index:IncomingTransfer <name> "+other)
	assert.Len(t, warnings(), 3, "a configuration unlike the declared one: no warning")

	for _, w := range warnings() {
		assert.False(t, strings.Contains(w, testSecret), "a warning shows the TSIG secret")
	}
}

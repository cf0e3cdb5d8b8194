package provider

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

func (h *transferHarness) invoke(function string, args map[string]property.Value) (property.Map, error) {
	resp, err := h.srv.Invoke(p.InvokeRequest{Token: tokens.Type(Name + ":index:" + function), Args: property.NewMap(args)})
	return resp.Return, err
}

// getIncomingTransfer, getOutgoingTransfer and getZone read what Cloudflare holds; arguments
// are checked before any call.
func TestTransferFunctions(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	a := h.peer("a", "")
	require.True(t, h.emu.PutIncoming(h.secondary, emulator.Incoming{Name: secondaryZone + ".", Peers: []string{a}, AutoRefreshSeconds: 900, SOASerial: 7}))
	require.True(t, h.emu.PutOutgoing(h.full, emulator.Outgoing{Name: fullZone, Peers: []string{}, Enabled: true, SOASerial: 9}))
	in, _ := h.emu.Incoming(h.secondary)
	out, _ := h.emu.Outgoing(h.full)

	got, err := h.invoke("getIncomingTransfer", map[string]property.Value{"zoneId": str(h.secondary)})
	require.NoError(t, err)
	assert.Equal(t, incomingProps(h.secondary, 900, in, nil, a), got)
	got, err = h.invoke("getOutgoingTransfer", map[string]property.Value{"zoneId": str(h.full)})
	require.NoError(t, err)
	assert.Equal(t, outgoingProps(h.full, out, nil), got)

	zone, _ := h.emu.GetZone(h.partial)
	got, err = h.invoke("getZone", map[string]property.Value{"name": str("Partial.Example.")})
	require.NoError(t, err)
	assert.Equal(t, h.partial, got.Get("zoneId").AsString())
	assert.Equal(t, "partial", got.Get("type").AsString())
	assert.Equal(t, zone.Name, got.Get("name").AsString())
	assert.NotEmpty(t, got.Get("nameServers").AsArray().AsSlice())

	h.emu.ResetObservations()
	for function, tt := range map[string]struct {
		args map[string]property.Value
		want string
	}{
		"getIncomingTransfer": {map[string]property.Value{"zoneId": str("nope")}, `zoneId: "nope" is not a zone ID`},
		"getOutgoingTransfer": {map[string]property.Value{"zoneId": str("")}, `zoneId: "" is not a zone ID`},
		"getZone":             {map[string]property.Value{"name": str("not a zone")}, `name: "not a zone" is not a DNS name`},
	} {
		_, err := h.invoke(function, tt.args)
		require.Error(t, err, function)
		assert.Contains(t, err.Error(), tt.want, function)
	}
	assert.Empty(t, h.requests(), "bad arguments call nothing")

	_, err = h.invoke("getZone", map[string]property.Value{"name": str("absent.example")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `getZone: no zone named "absent.example" in account `+emulator.DemoAccountID)
	assert.Contains(t, err.Error(), `"Zone Read"`)
	_, err = h.invoke("getOutgoingTransfer", map[string]property.Value{"zoneId": str(h.partial)})
	require.Error(t, err, "no configuration")
}

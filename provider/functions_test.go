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

func invoke(h *harness, fn string, args map[string]property.Value) (property.Map, error) {
	resp, err := h.srv.Invoke(p.InvokeRequest{Token: tokens.Type("cloudflare-secondary-dns:index:" + fn), Args: property.NewMap(args)})
	return resp.Return, err
}

func TestFunctions(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	key := h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "a.example.", Algo: "hmac-sha256.", Secret: testSecret})
	elsewhere := h.emu.PutTSIG(otherAccount, emulator.TSIG{Name: "b.example.", Algo: "hmac-sha1.", Secret: otherSecret})
	full := h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "ns1", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(false), TSIGID: ptr(key.ID)})
	bare := h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "ns2"})

	keyInfo := property.New(property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "tsigId": str(key.ID), "name": str("a.example."),
		"algo": str("hmac-sha256."), "secret": secret(testSecret),
	}))
	fullInfo := property.New(property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "peerId": str(full.ID), "name": str("ns1"), "ip": str("192.0.2.53"),
		"port": num(53), "ixfrEnable": boolean(false), "tsigId": str(key.ID),
	}))
	bareInfo := property.New(property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "peerId": str(bare.ID), "name": str("ns2"),
	}))
	tests := []struct {
		fn   string
		args map[string]property.Value
		want property.Map
	}{
		{"getTsig", map[string]property.Value{"tsigId": str(key.ID)}, keyInfo.AsMap()},
		{"getTsig", map[string]property.Value{"accountId": str(otherAccount), "tsigId": str(elsewhere.ID)}, property.NewMap(map[string]property.Value{
			"accountId": str(otherAccount), "tsigId": str(elsewhere.ID), "name": str("b.example."),
			"algo": str("hmac-sha1."), "secret": secret(otherSecret),
		})},
		{"listTsigs", nil, property.NewMap(map[string]property.Value{
			"accountId": str(emulator.DemoAccountID), "tsigs": property.New(property.NewArray([]property.Value{keyInfo})),
		})},
		{"getPeer", map[string]property.Value{"peerId": str(full.ID)}, fullInfo.AsMap()},
		{"getPeer", map[string]property.Value{"peerId": str(bare.ID)}, bareInfo.AsMap()},
		{"listPeers", nil, property.NewMap(map[string]property.Value{
			"accountId": str(emulator.DemoAccountID), "peers": property.New(property.NewArray([]property.Value{fullInfo, bareInfo})),
		})},
		{"listPeers", map[string]property.Value{"accountId": str(otherAccount)}, property.NewMap(map[string]property.Value{
			"accountId": str(otherAccount), "peers": property.New(property.NewArray(nil)),
		})},
	}
	for _, tt := range tests {
		got, err := invoke(h, tt.fn, tt.args)
		require.NoError(t, err, tt.fn)
		assert.Equal(t, tt.want, got, tt.fn)
	}
}

func TestFunctionErrors(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	missing := "00000000000000000000000000000000"
	tests := []struct {
		fn    string
		args  map[string]property.Value
		want  []string
		calls int
	}{
		{"getTsig", map[string]property.Value{"tsigId": str("nope")}, []string{`tsigId: "nope" is not a TSIG ID`}, 0},
		{"getPeer", map[string]property.Value{"peerId": str("../tsigs")}, []string{`peerId: "../tsigs" is not a peer ID`}, 0},
		{"listTsigs", map[string]property.Value{"accountId": str("acme")}, []string{`accountId: "acme" is not a Cloudflare account ID`}, 0},
		{"getTsig", map[string]property.Value{"tsigId": str(missing)}, []string{"reading Tsig " + missing, "Cloudflare answered 404"}, 1},
		{"getPeer", map[string]property.Value{"peerId": str(missing)}, []string{"reading Peer " + missing, "Cloudflare answered 404"}, 1},
	}
	for _, tt := range tests {
		before := len(h.emu.Requests())
		_, err := invoke(h, tt.fn, tt.args)
		require.Error(t, err, tt.fn)
		for _, w := range tt.want {
			assert.Contains(t, err.Error(), w, tt.fn)
		}
		assert.Len(t, h.emu.Requests(), before+tt.calls, tt.fn)
	}
}

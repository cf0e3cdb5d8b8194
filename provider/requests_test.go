package provider

import (
	"net/http"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// writes lists the requests that change something (everything but GET).
func (h *harness) writes() []string {
	var out []string
	for _, r := range h.emu.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method)
		}
	}
	return out
}

// A TSIG create is one write; a peer create is one, or two when it has fields beyond its name.
func TestCreatesTakeOneOrTwoWrites(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	generated := tsigInputs("generated.example.")
	delete(generated, "secret")
	tsigID, _ := h.up(tsigType, "generated", generated)
	assert.Equal(t, []string{"POST"}, h.writes(), "a key with a generated secret")

	h.emu.ResetObservations()
	h.up(tsigType, "given", tsigInputs("given.example."))
	assert.Equal(t, []string{"POST"}, h.writes(), "a key with its secret given")

	h.emu.ResetObservations()
	h.up(peerType, "bare", map[string]property.Value{"name": str("bare")})
	assert.Equal(t, []string{"POST"}, h.writes(), "a peer with only its name")

	h.emu.ResetObservations()
	h.up(peerType, "full", map[string]property.Value{
		"name": str("full"), "ip": str("192.0.2.53"), "port": num(53), "ixfrEnable": boolean(true), "tsigId": str(tsigID),
	})
	assert.Equal(t, []string{"POST", "PUT"}, h.writes(), "a peer with every field")
}

// A no-op `up` makes no request: configuring the provider, Check and Diff are all local.
func TestNoOpUpMakesNoRequests(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tsigInputs := tsigInputs("key.example.")
	tsigID, tsigState := h.up(tsigType, "key", tsigInputs)
	peerInputs := map[string]property.Value{"name": str("ns1"), "ip": str("192.0.2.53"), "port": num(53), "tsigId": str(tsigID)}
	peerID, peerState := h.up(peerType, "ns1", peerInputs)
	h.emu.ResetObservations()

	again := newServer(t)
	configure(t, again, map[string]property.Value{
		"apiToken": secret(h.emu.Token), "accountId": str(h.emu.AccountID), "baseUrl": str(h.emu.URL),
	})
	h.srv = again
	assert.False(t, h.diff(tsigType, "key", tsigID, tsigState, tsigInputs).HasChanges)
	assert.False(t, h.diff(peerType, "ns1", peerID, peerState, peerInputs).HasChanges)
	require.Empty(t, h.emu.Requests())
}

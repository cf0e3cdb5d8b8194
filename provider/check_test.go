package provider

import (
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// Each bad input fails Check with the property's name and what it accepts, and nothing
// reaches Cloudflare.
func TestBadInputsFailCheckWithoutCallingCloudflare(t *testing.T) {
	t.Parallel()
	with := func(base map[string]property.Value, key string, v property.Value) map[string]property.Value {
		m := map[string]property.Value{}
		for k, val := range base {
			m[k] = val
		}
		m[key] = v
		return m
	}
	without := func(base map[string]property.Value, key string) map[string]property.Value {
		m := with(base, key, property.Value{})
		delete(m, key)
		return m
	}
	tsig := tsigInputs("key.example.")
	peer := fullPeer("ns1")
	tests := []struct {
		name     string
		typ      string
		inputs   map[string]property.Value
		property string
		reason   []string
	}{
		{"tsig name missing", tsigType, without(tsig, "name"), "name", []string{"name is required: expected a DNS name"}},
		{"tsig name empty", tsigType, with(tsig, "name", str("")), "name", []string{"not a DNS name", "ns1-key"}},
		{"tsig name with a space", tsigType, with(tsig, "name", str("my key")), "name", []string{`"my key" is not a DNS name`, "letters, digits, hyphens"}},
		{"tsig name label starts with hyphen", tsigType, with(tsig, "name", str("-k.example.")), "name", []string{`label "-k"`}},
		{"tsig name label too long", tsigType, with(tsig, "name", str(strings.Repeat("a", 64)+".example.")), "name", []string{"1-63"}},
		{"tsig name too long", tsigType, with(tsig, "name", str(strings.Repeat("abcdefgh.", 29))), "name", []string{"at most 253"}},
		{"tsig name empty label", tsigType, with(tsig, "name", str("a..b")), "name", []string{`label ""`}},
		{"tsig name not a string", tsigType, with(tsig, "name", num(42)), "name", []string{"name has the wrong type: expected a DNS name"}},
		{"tsig unknown property", tsigType, with(tsig, "colour", str("red")), "colour", []string{"colour is not a property of Tsig: expected one of accountId, algo, name, secret"}},
		{"tsig algo unknown", tsigType, with(tsig, "algo", str("bogus")), "algo", []string{`"bogus" is not a supported TSIG algorithm`, `"hmac-sha512."`, `"hmac-md5.sig-alg.reg.int."`}},
		{"tsig algo without trailing dot", tsigType, with(tsig, "algo", str("hmac-sha256")), "algo", []string{`"hmac-sha256."`}},
		{"tsig algo upper case", tsigType, with(tsig, "algo", str("HMAC-SHA256.")), "algo", []string{"expected one of"}},
		{"tsig algo missing", tsigType, without(tsig, "algo"), "algo", []string{"algo is required: expected a TSIG algorithm"}},
		{"tsig secret not base64", tsigType, with(tsig, "secret", secret("not base64!")), "secret", []string{"not valid base64", "tsig-keygen"}},
		{"tsig secret empty", tsigType, with(tsig, "secret", secret("")), "secret", []string{"empty", "base64"}},
		{"tsig secret unpadded", tsigType, with(tsig, "secret", secret("YWJj=")), "secret", []string{"not valid base64"}},
		{"tsig account not hex", tsigType, with(tsig, "accountId", str("my-account")), "accountId", []string{`"my-account" is not a Cloudflare account ID`, "32 lowercase hexadecimal"}},
		{"tsig account upper case", tsigType, with(tsig, "accountId", str(strings.ToUpper(otherAccount))), "accountId", []string{"32 lowercase hexadecimal"}},
		{"tsig account too short", tsigType, with(tsig, "accountId", str(otherAccount[:31])), "accountId", []string{"32 lowercase hexadecimal"}},
		{"peer name missing", peerType, without(peer, "name"), "name", []string{"name is required: expected 1-255 printable characters"}},
		{"peer name empty", peerType, with(peer, "name", str("")), "name", []string{"1-255 printable characters"}},
		{"peer name blank", peerType, with(peer, "name", str("   ")), "name", []string{"1-255 printable characters"}},
		{"peer name control character", peerType, with(peer, "name", str("ns1\nns2")), "name", []string{"control character"}},
		{"peer name too long", peerType, with(peer, "name", str(strings.Repeat("n", 256))), "name", []string{"1-255"}},
		{"peer ip out of range", peerType, with(peer, "ip", str("999.0.2.53")), "ip", []string{`"999.0.2.53" is not an IP address`, "IPv4", "IPv6"}},
		{"peer ip is a host name", peerType, with(peer, "ip", str("ns1.example.com")), "ip", []string{"not an IP address"}},
		{"peer ip with a zone", peerType, with(peer, "ip", str("fe80::1%eth0")), "ip", []string{"not an IP address"}},
		{"peer ip with a port", peerType, with(peer, "ip", str("192.0.2.53:53")), "ip", []string{"not an IP address"}},
		{"peer port zero", peerType, with(peer, "port", num(0)), "port", []string{"0 is not a port", "1 to 65535"}},
		{"peer port too high", peerType, with(peer, "port", num(65536)), "port", []string{"65536 is not a port", "1 to 65535"}},
		{"peer port negative", peerType, with(peer, "port", num(-53)), "port", []string{"1 to 65535"}},
		{"peer port with a fraction", peerType, with(peer, "port", num(53.5)), "port", []string{"53.5 is not an integer: expected an integer from 1 to 65535"}},
		{"peer port a string", peerType, with(peer, "port", str("53")), "port", []string{"port has the wrong type: expected an integer from 1 to 65535"}},
		{"peer ixfrEnable a string", peerType, with(peer, "ixfrEnable", str("yes")), "ixfrEnable", []string{"ixfrEnable has the wrong type: expected true or false"}},
		{"peer tsigId not an ID", peerType, with(peer, "tsigId", str("my-key")), "tsigId", []string{`"my-key" is not a TSIG ID`, "32 lowercase hexadecimal"}},
		{"peer account not hex", peerType, with(peer, "accountId", str("zz")), "accountId", []string{"32 lowercase hexadecimal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, emulator.Options{})
			resp, err := h.srv.Check(p.CheckRequest{Urn: urn(tt.typ, "bad"), Inputs: property.NewMap(tt.inputs)})
			require.NoError(t, err)
			failure := failureFor(t, resp.Failures, tt.property)
			for _, want := range tt.reason {
				assert.Contains(t, failure.Reason, want)
			}
			assert.NotContains(t, failure.Reason, testSecret)
			assert.Empty(t, h.requests(), "Check calls nothing")
			assert.Zero(t, h.emu.Stats().Requests)
		})
	}
}

// Unknown values pass Check: they are validated once known.
func TestUnknownInputsPassCheck(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tests := []struct {
		typ    string
		inputs map[string]property.Value
	}{
		{tsigType, map[string]property.Value{"name": unknown(), "algo": unknown(), "secret": unknown().WithSecret(true), "accountId": unknown()}},
		{peerType, map[string]property.Value{"name": unknown(), "ip": unknown(), "port": unknown(), "ixfrEnable": unknown(), "tsigId": unknown(), "accountId": unknown()}},
	}
	for _, tt := range tests {
		resp, err := h.srv.Check(p.CheckRequest{Urn: urn(tt.typ, "pending"), Inputs: property.NewMap(tt.inputs)})
		require.NoError(t, err)
		assert.Empty(t, resp.Failures, tt.typ)
	}
	assert.Empty(t, h.requests())
}

// Without an account on the resource or the provider, Check says where to set one.
func TestMissingAccountFailsCheck(t *testing.T) {
	t.Parallel()
	emu := startEmulator(t)
	srv := newServer(t)
	configure(t, srv, map[string]property.Value{"apiToken": secret(emu.Token), "baseUrl": str(emu.URL)})
	resp, err := srv.Check(p.CheckRequest{Urn: urn(tsigType, "key"), Inputs: property.NewMap(tsigInputs("key.example."))})
	require.NoError(t, err)
	failure := failureFor(t, resp.Failures, "accountId")
	assert.Contains(t, failure.Reason, "CLOUDFLARE_ACCOUNT_ID")
	assert.Contains(t, failure.Reason, "set accountId on the resource")
}

func failureFor(t *testing.T, failures []p.CheckFailure, property string) p.CheckFailure {
	t.Helper()
	for _, f := range failures {
		if f.Property == property {
			return f
		}
	}
	require.Failf(t, "no failure for the property", "want %q, got %+v", property, failures)
	return p.CheckFailure{}
}

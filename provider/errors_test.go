package provider

import (
	"net/http"
	"strings"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const wrongToken = "wrong-token-6f1d9a0b"

// assertClean checks an error text carries neither credential nor key, nor the raw body.
func assertClean(t *testing.T, msg string) {
	t.Helper()
	for _, leak := range []string{wrongToken, emulator.DemoToken, testSecret, otherSecret, `"success"`, `"errors"`} {
		assert.NotContains(t, msg, leak)
	}
}

func TestErrorsSayWhatFailedAndWhatToDo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, h *harness) // runs before the call
		token string                         // configured token; "" means the emulator's
		wait  string                         // maxRetryWait; "" means the default
		call  func(h *harness) error
		want  []string
		posts int // POST requests the emulator saw
	}{
		{
			name:  "token rejected on create",
			token: wrongToken,
			call:  createKey,
			want: []string{
				`creating Tsig "key.example." in account ` + emulator.DemoAccountID,
				"Cloudflare answered 403 (code 10000: Authentication error)",
				`The API token needs the "Account Settings Write" permission`,
			},
			posts: 0, // the listing before the POST is refused already
		},
		{
			name:  "token rejected on read",
			token: wrongToken,
			call: func(h *harness) error {
				_, err := h.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
				return err
			},
			want: []string{"listing Tsigs in account " + emulator.DemoAccountID, "403", `"Account Settings Read"`},
		},
		{
			name: "server error on create, no waiting allowed",
			wait: "0s",
			setup: func(_ *testing.T, h *harness) {
				h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodPost})
			},
			call: createKey,
			want: []string{`creating Tsig "key.example."`, "Cloudflare answered 500", "gave up after 1 attempt: maxRetryWait (0s) is used up",
				"Cloudflare failed on its side: run again later."},
			posts: 1,
		},
		{
			name: "lost connection on create, no waiting allowed",
			wait: "0s",
			setup: func(_ *testing.T, h *harness) {
				h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodPost})
			},
			call: createKey,
			want: []string{`creating Tsig "key.example."`, "could not reach Cloudflare at http://127.0.0.1:",
				"gave up after 1 attempt", "Check the network and the provider's baseUrl"},
			posts: 1,
		},
		{
			name: "rate limited",
			wait: "0s",
			setup: func(_ *testing.T, h *harness) {
				h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodGet, Times: 3, RetryAfter: time.Millisecond})
			},
			call: func(h *harness) error {
				_, err := h.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listPeers", Args: property.NewMap(nil)})
				return err
			},
			want: []string{"listing Peers", "Cloudflare answered 429", "rate limit", "wait five minutes, or raise maxRetryWait"},
		},
		{
			name: "account the token may not use",
			call: func(h *harness) error {
				inputs := tsigInputs("key.example.")
				inputs["accountId"] = str("ffffffffffffffffffffffffffffffff")
				checked := h.check(tsigType, "key", inputs)
				_, err := h.srv.Create(p.CreateRequest{Urn: urn(tsigType, "key"), Properties: checked})
				return err
			},
			want:  []string{"in account ffffffffffffffffffffffffffffffff", "403", "code 10000"},
			posts: 0,
		},
		{
			name: "update of a peer deleted meanwhile",
			call: func(h *harness) error {
				id, state := h.up(peerType, "peer", fullPeer("ns1"))
				h.emu.DeletePeer(emulator.DemoAccountID, id)
				_, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(peerType, "peer"), State: state, Inputs: h.check(peerType, "peer", fullPeer("ns2"))})
				return err
			},
			want:  []string{`updating Peer "ns2"`, "Cloudflare answered 404 (code 7003:", "check the ID and the account ID"},
			posts: 1,
		},
		{
			name: "update of a key deleted meanwhile",
			call: func(h *harness) error {
				id, state := h.up(tsigType, "key", tsigInputs("key.example."))
				h.emu.DeleteTSIG(emulator.DemoAccountID, id)
				_, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "key"), State: state, Inputs: h.check(tsigType, "key", tsigInputs("key2.example."))})
				return err
			},
			want:  []string{`updating Tsig "key2.example." (`, "404"},
			posts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startWith(t, emulator.Options{}, map[string]property.Value{"maxRetryWait": str(tt.wait)}, nil)
			if tt.token != "" {
				configure(t, h.srv, map[string]property.Value{"apiToken": secret(tt.token), "accountId": str(h.emu.AccountID), "baseUrl": str(h.emu.URL)})
			}
			if tt.setup != nil {
				tt.setup(t, h)
			}
			err := tt.call(h)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assertClean(t, err.Error())
			posts := 0
			for _, r := range h.requests() {
				if strings.HasPrefix(r, "POST ") {
					posts++
				}
			}
			assert.Equal(t, tt.posts, posts, "POSTs sent")
		})
	}
}

func createKey(h *harness) error {
	checked := h.check(tsigType, "key", tsigInputs("key.example."))
	_, err := h.srv.Create(p.CreateRequest{Urn: urn(tsigType, "key"), Properties: checked})
	return err
}

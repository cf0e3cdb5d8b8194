package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorded is one request as a server received it.
type recorded struct {
	method, path, body string
	header             http.Header
}

// recorder answers a list with no items and every other request with result, and keeps what
// it received.
func recorder(t *testing.T, result string) (*httptest.Server, func() []recorded) {
	t.Helper()
	var mu sync.Mutex
	var got []recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, recorded{r.Method, r.URL.Path, string(body), r.Header.Clone()})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		reply := result
		if r.Method == http.MethodGet && (strings.HasSuffix(r.URL.Path, "/tsigs") || strings.HasSuffix(r.URL.Path, "/peers")) {
			reply = `[]`
		}
		_, _ = io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":`+reply+`}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []recorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]recorded(nil), got...)
	}
}

// What goes over the wire: a TSIG create sends its three fields; a peer create only the name,
// and a peer update the whole peer with null for each unset field. Each create lists the
// account first, to tell its own object from one that existed before, unless the secret was
// generated for it.
func TestRequestBodies(t *testing.T) {
	t.Parallel()
	srv, got := recorder(t, `{"id":"`+tsigID+`","name":"ns1","algo":"hmac-sha256.","secret":"`+testSecret+`"}`)
	client := cfapi.New(cfapi.Credentials{APIToken: "body-token"}, srv.URL+"/client/v4/", http.DefaultClient)

	_, err := kinds.Peers.Create(t.Context(), client, otherAccount, kinds.Peer{Name: "ns1"}, false)
	require.NoError(t, err)
	_, err = kinds.Peers.Update(t.Context(), client, otherAccount, kinds.Peer{ID: tsigID, Name: "ns1", Port: ptr(53)})
	require.NoError(t, err)
	_, err = kinds.Tsigs.Create(t.Context(), client, otherAccount, kinds.TsigKey{Tsig: kinds.Tsig{Name: "k.example.", Algo: "hmac-sha256."}, Secret: testSecret}, false)
	require.NoError(t, err)
	_, err = kinds.Tsigs.Create(t.Context(), client, otherAccount, kinds.TsigKey{Tsig: kinds.Tsig{Name: "k.example.", Algo: "hmac-sha256."}, Secret: testSecret}, true)
	require.NoError(t, err)

	base := "/client/v4/accounts/" + otherAccount + "/secondary_dns/"
	var lines []string
	for _, r := range got() {
		lines = append(lines, r.method+" "+strings.TrimPrefix(r.path, base))
	}
	assert.Equal(t, []string{"GET peers", "POST peers", "PUT peers/" + tsigID, "GET tsigs", "POST tsigs", "POST tsigs"}, lines)
	reqs := got()
	assert.JSONEq(t, `{"name":"ns1"}`, reqs[1].body)
	assert.JSONEq(t, `{"name":"ns1","ip":null,"port":53,"ixfr_enable":null,"tsig_id":null}`, reqs[2].body)
	assert.JSONEq(t, `{"name":"k.example.","algo":"hmac-sha256.","secret":"`+testSecret+`"}`, reqs[4].body)
}

// Exactly one kind of cfapi.Credentials is sent, whatever CLOUDFLARE_* holds.
// Not parallel: it sets environment variables the SDK would otherwise read.
func TestOneKindOfCredentialsIsSent(t *testing.T) {
	t.Setenv("CLOUDFLARE_API_TOKEN", "env-token")
	t.Setenv("CLOUDFLARE_API_KEY", "env-key")
	t.Setenv("CLOUDFLARE_EMAIL", "env@example.com")
	t.Setenv("CLOUDFLARE_API_USER_SERVICE_KEY", "env-service-key")
	srv, got := recorder(t, `[]`)
	tests := []struct {
		name  string
		creds cfapi.Credentials
		want  http.Header
	}{
		{"token", cfapi.Credentials{APIToken: "cfg-token"}, http.Header{"Authorization": {"Bearer cfg-token"}}},
		{"key and email", cfapi.Credentials{APIKey: "cfg-key", Email: "cfg@example.com"},
			http.Header{"X-Auth-Key": {"cfg-key"}, "X-Auth-Email": {"cfg@example.com"}}},
	}
	for i, tt := range tests {
		client := cfapi.New(tt.creds, srv.URL+"/client/v4/", http.DefaultClient)
		_, err := kinds.Tsigs.List(t.Context(), client, otherAccount)
		require.NoError(t, err)
		header := got()[i].header
		sent := http.Header{}
		for _, k := range []string{"Authorization", "X-Auth-Key", "X-Auth-Email", "X-Auth-User-Service-Key"} {
			if v := header.Values(k); len(v) > 0 {
				sent[k] = v
			}
		}
		assert.Equal(t, tt.want, sent, tt.name)
	}
}

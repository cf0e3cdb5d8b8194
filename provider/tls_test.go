package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An https server whose certificate is not trusted gets no request at all, and the failure is
// final: TLS verification cannot be switched off or retried around.
func TestTLSIsAlwaysVerified(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":[]}`)
	}))
	t.Cleanup(srv.Close)
	prov := newServer(t)
	configure(t, prov, map[string]property.Value{"apiToken": secret("tls-token"), "accountId": str(otherAccount), "baseUrl": str(srv.URL + "/client/v4/")})

	_, err := prov.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "gave up after", "not retried")
	assert.Contains(t, err.Error(), "listing Tsigs in account "+otherAccount+": could not reach Cloudflare at "+srv.URL+"/client/v4/: tls: failed to verify certificate")
	assert.NotContains(t, err.Error(), "tls-token")

	_, err = prov.Create(p.CreateRequest{Urn: urn(peerType, "p"), Properties: property.NewMap(map[string]property.Value{
		"accountId": str(otherAccount), "name": str("ns1"),
	})})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "tls: failed to verify certificate")
	assert.Zero(t, hits.Load(), "no request got through")
}

// A redirect is never followed: it could carry the credentials elsewhere, or in clear.
func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	t.Cleanup(target.Close)
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Redirect(w, r, target.URL+r.URL.Path, status)
		}))
		t.Cleanup(srv.Close)
		client := cfapi.New(cfapi.Credentials{APIKey: "redirect-key", Email: "a@example.com"}, srv.URL+"/client/v4/", http.DefaultClient)
		_, err := kinds.Peers.List(t.Context(), client, otherAccount)
		require.Error(t, err, "%d", status)
		assert.Contains(t, err.Error(), "the reply redirects to http://"+target.Listener.Addr().String()+", which the provider never follows", "%d", status)
		assert.NotContains(t, err.Error(), "redirect-key")
		assert.Equal(t, int32(1), hits.Load(), "%d: not retried", status)
	}
	assert.Zero(t, elsewhere.Load(), "nothing reached the redirect's target")
}

package emulator_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

var idFormat = regexp.MustCompile(`^[0-9a-f]{32}$`)

// newClient is the official SDK pointed at srv, with every exchange checked against the API
// document (when present), no retries (so each call is one request), and the given credentials.
func newClient(t *testing.T, srv *emulatortest.Server, auth ...option.RequestOption) *cloudflare.Client {
	var transport http.RoundTripper = http.DefaultTransport
	if router := loadSpec(t); router != nil {
		transport = &validatingTransport{t: t, router: router, next: transport}
	}
	if len(auth) == 0 {
		auth = []option.RequestOption{option.WithAPIToken(srv.Token)}
	}
	opts := append([]option.RequestOption{
		option.WithBaseURL(srv.URL),
		option.WithHTTPClient(&http.Client{Transport: transport}),
		option.WithMaxRetries(0),
		// The SDK also reads credentials from the environment; only the chosen kind may be sent.
		option.WithHeaderDel("Authorization"), option.WithHeaderDel("X-Auth-Email"), option.WithHeaderDel("X-Auth-Key"),
		option.WithHeaderDel("X-Auth-User-Service-Key"),
	}, auth...)
	return cloudflare.NewClient(opts...)
}

// TestContract drives all ten operations with the official SDK, with each kind of credentials.
func TestContract(t *testing.T) {
	t.Parallel()
	for name, auth := range map[string][]option.RequestOption{
		"token":       {option.WithAPIToken("tok")},
		"legacy pair": {option.WithAPIEmail("ops@example.com"), option.WithAPIKey("global-key")},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := emulatortest.Start(t, emulator.Options{Tokens: []string{"tok"}, Email: "ops@example.com", Key: "global-key"})
			client := newClient(t, srv, auth...)
			t.Run("tsigs", func(t *testing.T) { testTSIGContract(t, client, srv) })
			t.Run("peers", func(t *testing.T) { testPeerContract(t, client, srv) })
		})
	}
}

func testTSIGContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx, acct := context.Background(), cloudflare.F(srv.AccountID)
	tsigs := client.DNS.ZoneTransfers.TSIGs

	created, err := tsigs.New(ctx, dns.ZoneTransferTSIGNewParams{AccountID: acct, TSIG: dns.TSIGParam{
		Name: cloudflare.F("tsig.example.com."), Algo: cloudflare.F("hmac-sha512."), Secret: cloudflare.F("c2VjcmV0"),
	}})
	require.NoError(t, err)
	assert.Regexp(t, idFormat, created.ID)
	assert.Equal(t, "tsig.example.com.", created.Name)
	assert.Equal(t, "hmac-sha512.", created.Algo)
	assert.Equal(t, "c2VjcmV0", created.Secret)

	got, err := tsigs.Get(ctx, created.ID, dns.ZoneTransferTSIGGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, created.JSON.RawJSON(), got.JSON.RawJSON())

	updated, err := tsigs.Update(ctx, created.ID, dns.ZoneTransferTSIGUpdateParams{AccountID: acct, TSIG: dns.TSIGParam{
		Name: cloudflare.F("tsig.example.com."), Algo: cloudflare.F("hmac-sha256."), Secret: cloudflare.F("bmV3"),
	}})
	require.NoError(t, err)
	assert.Equal(t, created.ID, updated.ID)
	assert.Equal(t, "hmac-sha256.", updated.Algo)
	assert.Equal(t, []emulator.TSIG{{ID: created.ID, Name: "tsig.example.com.", Algo: "hmac-sha256.", Secret: "bmV3"}},
		srv.TSIGs(srv.AccountID))

	list, err := tsigs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.Equal(t, updated.JSON.RawJSON(), list.Result[0].JSON.RawJSON())

	deleted, err := tsigs.Delete(ctx, created.ID, dns.ZoneTransferTSIGDeleteParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, created.ID, deleted.ID)

	_, err = tsigs.Get(ctx, created.ID, dns.ZoneTransferTSIGGetParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = tsigs.Update(ctx, created.ID, dns.ZoneTransferTSIGUpdateParams{AccountID: acct, TSIG: dns.TSIGParam{
		Name: cloudflare.F("n"), Algo: cloudflare.F("hmac-sha512."), Secret: cloudflare.F("cw=="),
	}})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = tsigs.Delete(ctx, created.ID, dns.ZoneTransferTSIGDeleteParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	list, err = tsigs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: acct})
	require.NoError(t, err)
	assert.Empty(t, list.Result)
}

func testPeerContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx, acct := context.Background(), cloudflare.F(srv.AccountID)
	peers := client.DNS.ZoneTransfers.Peers

	created, err := peers.New(ctx, dns.ZoneTransferPeerNewParams{AccountID: acct, Name: cloudflare.F("primary-1")})
	require.NoError(t, err)
	assert.Regexp(t, idFormat, created.ID)
	assert.Equal(t, "primary-1", created.Name)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"primary-1"}`, created.JSON.RawJSON())

	full := dns.PeerParam{
		Name: cloudflare.F("primary-1"), IP: cloudflare.F("192.0.2.53"), Port: cloudflare.F(5353.0),
		IxfrEnable: cloudflare.F(true), TSIGID: cloudflare.F("69cd1e104af3e6ed3cb344f263fd0d5a"),
	}
	updated, err := peers.Update(ctx, created.ID, dns.ZoneTransferPeerUpdateParams{AccountID: acct, Peer: full})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"primary-1","ip":"192.0.2.53","port":5353,
		"ixfr_enable":true,"tsig_id":"69cd1e104af3e6ed3cb344f263fd0d5a"}`, updated.JSON.RawJSON())

	got, err := peers.Get(ctx, created.ID, dns.ZoneTransferPeerGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.JSONEq(t, updated.JSON.RawJSON(), got.JSON.RawJSON())

	// PUT replaces the whole peer: null clears a field, and so does leaving it out.
	cleared, err := peers.Update(ctx, created.ID, dns.ZoneTransferPeerUpdateParams{AccountID: acct, Peer: dns.PeerParam{
		Name: cloudflare.F("primary-2"), IP: cloudflare.Null[string](), Port: cloudflare.F(53.0), IxfrEnable: cloudflare.F(false),
	}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"primary-2","port":53,"ixfr_enable":false}`, cleared.JSON.RawJSON())
	stored, ok := srv.GetPeer(srv.AccountID, created.ID)
	require.True(t, ok)
	assert.Nil(t, stored.IP)
	assert.Nil(t, stored.TSIGID)

	list, err := peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.JSONEq(t, cleared.JSON.RawJSON(), list.Result[0].JSON.RawJSON())

	deleted, err := peers.Delete(ctx, created.ID, dns.ZoneTransferPeerDeleteParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, created.ID, deleted.ID)
	_, err = peers.Get(ctx, created.ID, dns.ZoneTransferPeerGetParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = peers.Update(ctx, created.ID, dns.ZoneTransferPeerUpdateParams{AccountID: acct, Peer: full})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = peers.Delete(ctx, created.ID, dns.ZoneTransferPeerDeleteParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
}

// TestContractRefusals checks the SDK's view of authentication failures, which the API
// document also covers (4XX).
func TestContractRefusals(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	ctx := context.Background()

	_, err := newClient(t, srv).DNS.ZoneTransfers.TSIGs.List(ctx,
		dns.ZoneTransferTSIGListParams{AccountID: cloudflare.F("0123456789abcdef0123456789abcdef")})
	assertAPIError(t, err, http.StatusForbidden, 10000)

	_, err = newClient(t, srv, option.WithAPIToken("wrong")).DNS.ZoneTransfers.Peers.List(ctx,
		dns.ZoneTransferPeerListParams{AccountID: cloudflare.F(srv.AccountID)})
	assertAPIError(t, err, http.StatusForbidden, 10000)
}

func assertAPIError(t *testing.T, err error, status int, code int64) {
	t.Helper()
	var apiErr *cloudflare.Error
	require.True(t, errors.As(err, &apiErr), "want a *cloudflare.Error, got %v", err)
	assert.Equal(t, status, apiErr.StatusCode)
	require.NotEmpty(t, apiErr.Errors)
	assert.Equal(t, code, apiErr.Errors[0].Code)
}

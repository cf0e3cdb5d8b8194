package emulator_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/zones"
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
	if documentsPresent(t) {
		transport = &validatingTransport{t: t, next: transport}
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

// TestContract drives every operation with the official SDK, with each kind of credentials.
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
			t.Run("acls", func(t *testing.T) { testACLContract(t, client, srv) })
			t.Run("zones", func(t *testing.T) { testZoneContract(t, client, srv) })
			t.Run("incoming", func(t *testing.T) { testIncomingContract(t, client, srv) })
			t.Run("outgoing", func(t *testing.T) { testOutgoingContract(t, client, srv) })
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

func testACLContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx, acct := context.Background(), cloudflare.F(srv.AccountID)
	acls := client.DNS.ZoneTransfers.ACLs

	created, err := acls.New(ctx, dns.ZoneTransferACLNewParams{AccountID: acct, Name: cloudflare.F("primaries"), IPRange: cloudflare.F("192.0.2.53/28")})
	require.NoError(t, err)
	assert.Regexp(t, idFormat, created.ID)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"primaries","ip_range":"192.0.2.53/28"}`, created.JSON.RawJSON())

	updated, err := acls.Update(ctx, created.ID, dns.ZoneTransferACLUpdateParams{AccountID: acct,
		ACL: dns.ACLParam{Name: cloudflare.F("v6"), IPRange: cloudflare.F("2001:db8::/64")}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"v6","ip_range":"2001:db8::/64"}`, updated.JSON.RawJSON())

	got, err := acls.Get(ctx, created.ID, dns.ZoneTransferACLGetParams{AccountID: acct})
	require.NoError(t, err)
	assert.JSONEq(t, updated.JSON.RawJSON(), got.JSON.RawJSON())
	list, err := acls.List(ctx, dns.ZoneTransferACLListParams{AccountID: acct})
	require.NoError(t, err)
	require.Len(t, list.Result, 1)
	assert.JSONEq(t, updated.JSON.RawJSON(), list.Result[0].JSON.RawJSON())

	_, err = acls.New(ctx, dns.ZoneTransferACLNewParams{AccountID: acct, Name: cloudflare.F("wide"), IPRange: cloudflare.F("192.0.0.0/16")})
	assertAPIError(t, err, http.StatusBadRequest, 1002)

	deleted, err := acls.Delete(ctx, created.ID, dns.ZoneTransferACLDeleteParams{AccountID: acct})
	require.NoError(t, err)
	assert.Equal(t, created.ID, deleted.ID)
	_, err = acls.Get(ctx, created.ID, dns.ZoneTransferACLGetParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = acls.Update(ctx, created.ID, dns.ZoneTransferACLUpdateParams{AccountID: acct,
		ACL: dns.ACLParam{Name: cloudflare.F("v6"), IPRange: cloudflare.F("2001:db8::/64")}})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = acls.Delete(ctx, created.ID, dns.ZoneTransferACLDeleteParams{AccountID: acct})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	assert.Empty(t, srv.ACLs(srv.AccountID))
}

func testZoneContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx := context.Background()
	account := cloudflare.F(zones.ZoneNewParamsAccount{ID: cloudflare.F(srv.AccountID)})

	created, err := client.Zones.New(ctx, zones.ZoneNewParams{Account: account, Name: cloudflare.F("contract.example"), Type: cloudflare.F(zones.TypeSecondary)})
	require.NoError(t, err)
	assert.Regexp(t, idFormat, created.ID)
	assert.Equal(t, "contract.example", created.Name)
	assert.Equal(t, zones.TypeSecondary, created.Type)
	assert.Equal(t, zones.ZoneStatusActive, created.Status)
	assert.Equal(t, srv.AccountID, created.Account.ID)
	assert.NotEmpty(t, created.NameServers)
	assert.False(t, created.CreatedOn.IsZero())

	got, err := client.Zones.Get(ctx, zones.ZoneGetParams{ZoneID: cloudflare.F(created.ID)})
	require.NoError(t, err)
	assert.JSONEq(t, created.JSON.RawJSON(), got.JSON.RawJSON())

	_, err = client.Zones.New(ctx, zones.ZoneNewParams{Account: account, Name: cloudflare.F("contract.example")})
	assertAPIError(t, err, http.StatusBadRequest, 1061)

	var names []string
	for i := range 7 {
		z, err := client.Zones.New(ctx, zones.ZoneNewParams{Account: account, Name: cloudflare.F(fmt.Sprintf("page%d.example", i))})
		require.NoError(t, err)
		assert.Equal(t, zones.TypeFull, z.Type, "full is the default type")
		names = append(names, z.Name)
	}
	byName, err := client.Zones.List(ctx, zones.ZoneListParams{Name: cloudflare.F("contract.example"),
		Account: cloudflare.F(zones.ZoneListParamsAccount{ID: cloudflare.F(srv.AccountID)})})
	require.NoError(t, err)
	require.Len(t, byName.Result, 1)
	assert.Equal(t, created.ID, byName.Result[0].ID)

	// Auto-paging ends with the first empty page, so the pages must end.
	pages := client.Zones.ListAutoPaging(ctx, zones.ZoneListParams{PerPage: cloudflare.F(5.0)})
	var listed []string
	for pages.Next() {
		listed = append(listed, pages.Current().Name)
	}
	require.NoError(t, pages.Err())
	assert.Equal(t, append([]string{"contract.example"}, names...), listed)

	deleted, err := client.Zones.Delete(ctx, zones.ZoneDeleteParams{ZoneID: cloudflare.F(created.ID)})
	require.NoError(t, err)
	assert.Equal(t, created.ID, deleted.ID)
	_, err = client.Zones.Get(ctx, zones.ZoneGetParams{ZoneID: cloudflare.F(created.ID)})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = client.Zones.Delete(ctx, zones.ZoneDeleteParams{ZoneID: cloudflare.F(created.ID)})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	for _, name := range names {
		z, ok := srv.ZoneByName(srv.AccountID, name)
		require.True(t, ok)
		require.True(t, srv.DeleteZone(z.ID))
	}
}

func testIncomingContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx := context.Background()
	zone := srv.PutZone(emulator.Zone{Name: "incoming.example", Type: emulator.ZoneSecondary})
	zoneID := cloudflare.F(zone.ID)
	peer := srv.PutPeer(srv.AccountID, emulator.Peer{Name: "primary"}).ID
	incoming := client.DNS.ZoneTransfers.Incoming

	created, err := incoming.New(ctx, dns.ZoneTransferIncomingNewParams{ZoneID: zoneID, Name: cloudflare.F("incoming.example."),
		Peers: cloudflare.F([]string{peer}), AutoRefreshSeconds: cloudflare.F(86400.0)})
	require.NoError(t, err)
	assert.Equal(t, zone.ID, created.ID)
	assert.Equal(t, []string{peer}, created.Peers)
	assert.Equal(t, 86400.0, created.AutoRefreshSeconds)
	assert.NotEmpty(t, created.CreatedTime)
	assert.Positive(t, created.SOASerial)

	got, err := incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: zoneID})
	require.NoError(t, err)
	assert.JSONEq(t, created.JSON.RawJSON(), got.JSON.RawJSON())

	updated, err := incoming.Update(ctx, dns.ZoneTransferIncomingUpdateParams{ZoneID: zoneID, Name: cloudflare.F("incoming.example."),
		Peers: cloudflare.F([]string{}), AutoRefreshSeconds: cloudflare.F(600.0)})
	require.NoError(t, err)
	assert.Empty(t, updated.Peers)
	assert.Equal(t, 600.0, updated.AutoRefreshSeconds)

	_, err = incoming.New(ctx, dns.ZoneTransferIncomingNewParams{ZoneID: zoneID, Name: cloudflare.F("incoming.example."),
		Peers: cloudflare.F([]string{}), AutoRefreshSeconds: cloudflare.F(86400.0)})
	assertAPIError(t, err, http.StatusBadRequest, 1004)
	_, err = incoming.Update(ctx, dns.ZoneTransferIncomingUpdateParams{ZoneID: zoneID, Name: cloudflare.F("incoming.example."),
		Peers: cloudflare.F([]string{"0123456789abcdef0123456789abcdef"}), AutoRefreshSeconds: cloudflare.F(600.0)})
	assertAPIError(t, err, http.StatusBadRequest, 1002) // no such peer

	ok, err := client.DNS.ZoneTransfers.ForceAXFR.New(ctx, dns.ZoneTransferForceAXFRNewParams{ZoneID: zoneID, Body: struct{}{}})
	require.NoError(t, err)
	assert.Equal(t, "OK", *ok)
	assert.Equal(t, emulator.ZoneActions{ForceAXFR: 1}, srv.ZoneActions(zone.ID))

	deleted, err := incoming.Delete(ctx, dns.ZoneTransferIncomingDeleteParams{ZoneID: zoneID})
	require.NoError(t, err)
	assert.Equal(t, zone.ID, deleted.ID)
	_, err = incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: zoneID})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = incoming.Delete(ctx, dns.ZoneTransferIncomingDeleteParams{ZoneID: zoneID})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = client.DNS.ZoneTransfers.ForceAXFR.New(ctx, dns.ZoneTransferForceAXFRNewParams{ZoneID: zoneID, Body: struct{}{}})
	assertAPIError(t, err, http.StatusNotFound, 7003)

	full := cloudflare.F(srv.PutZone(emulator.Zone{Name: "full.example"}).ID)
	_, err = incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: full})
	assertAPIError(t, err, http.StatusBadRequest, 1005)
	_, err = incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: cloudflare.F("0123456789abcdef0123456789abcdef")})
	assertAPIError(t, err, http.StatusNotFound, 7003)
}

func testOutgoingContract(t *testing.T, client *cloudflare.Client, srv *emulatortest.Server) {
	ctx := context.Background()
	zone := srv.PutZone(emulator.Zone{Name: "outgoing.example", Type: emulator.ZoneFull})
	zoneID := cloudflare.F(zone.ID)
	tsig := srv.PutTSIG(srv.AccountID, emulator.TSIG{Name: "k.", Algo: "hmac-sha512.", Secret: "cw=="}).ID
	secondary := srv.PutPeer(srv.AccountID, emulator.Peer{Name: "secondary", TSIGID: &tsig}).ID
	outgoing := client.DNS.ZoneTransfers.Outgoing
	status := func() string {
		t.Helper()
		s, err := outgoing.Status.Get(ctx, dns.ZoneTransferOutgoingStatusGetParams{ZoneID: zoneID})
		require.NoError(t, err)
		return *s
	}

	created, err := outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{ZoneID: zoneID, Name: cloudflare.F("outgoing.example."), Peers: cloudflare.F([]string{})})
	require.NoError(t, err)
	assert.Equal(t, zone.ID, created.ID)
	assert.Empty(t, created.Peers)
	assert.Empty(t, created.LastTransferredTime, "nothing transferred yet")
	assert.Equal(t, "Disabled", status())

	updated, err := outgoing.Update(ctx, dns.ZoneTransferOutgoingUpdateParams{ZoneID: zoneID, Name: cloudflare.F("outgoing.example."), Peers: cloudflare.F([]string{secondary})})
	require.NoError(t, err)
	assert.Equal(t, []string{secondary}, updated.Peers)
	got, err := outgoing.Get(ctx, dns.ZoneTransferOutgoingGetParams{ZoneID: zoneID})
	require.NoError(t, err)
	assert.JSONEq(t, updated.JSON.RawJSON(), got.JSON.RawJSON())

	enabled, err := outgoing.Enable(ctx, dns.ZoneTransferOutgoingEnableParams{ZoneID: zoneID, Body: struct{}{}})
	require.NoError(t, err)
	assert.Equal(t, "Enabled", *enabled)
	assert.Equal(t, "Enabled", status())
	notified, err := outgoing.ForceNotify(ctx, dns.ZoneTransferOutgoingForceNotifyParams{ZoneID: zoneID, Body: struct{}{}})
	require.NoError(t, err)
	assert.Equal(t, "OK", *notified)
	disabled, err := outgoing.Disable(ctx, dns.ZoneTransferOutgoingDisableParams{ZoneID: zoneID, Body: struct{}{}})
	require.NoError(t, err)
	assert.Equal(t, "Disabled", *disabled)
	assert.Equal(t, "Disabled", status())
	assert.Equal(t, emulator.ZoneActions{Enable: 1, ForceNotify: 1, Disable: 1}, srv.ZoneActions(zone.ID))

	_, err = outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{ZoneID: zoneID, Name: cloudflare.F("outgoing.example."), Peers: cloudflare.F([]string{})})
	assertAPIError(t, err, http.StatusBadRequest, 1004)

	deleted, err := outgoing.Delete(ctx, dns.ZoneTransferOutgoingDeleteParams{ZoneID: zoneID})
	require.NoError(t, err)
	assert.Equal(t, zone.ID, deleted.ID)
	_, err = outgoing.Get(ctx, dns.ZoneTransferOutgoingGetParams{ZoneID: zoneID})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = outgoing.Status.Get(ctx, dns.ZoneTransferOutgoingStatusGetParams{ZoneID: zoneID})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = outgoing.Enable(ctx, dns.ZoneTransferOutgoingEnableParams{ZoneID: zoneID, Body: struct{}{}})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = outgoing.Disable(ctx, dns.ZoneTransferOutgoingDisableParams{ZoneID: zoneID, Body: struct{}{}})
	assertAPIError(t, err, http.StatusNotFound, 7003)
	_, err = outgoing.ForceNotify(ctx, dns.ZoneTransferOutgoingForceNotifyParams{ZoneID: zoneID, Body: struct{}{}})
	assertAPIError(t, err, http.StatusNotFound, 7003)

	secondaryZone := cloudflare.F(srv.PutZone(emulator.Zone{Name: "secondary.example", Type: emulator.ZoneSecondary}).ID)
	_, err = outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{ZoneID: secondaryZone, Name: cloudflare.F("secondary.example."), Peers: cloudflare.F([]string{})})
	assertAPIError(t, err, http.StatusBadRequest, 1005)
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

	foreign := srv.PutZone(emulator.Zone{Name: "foreign.example", Account: "0123456789abcdef0123456789abcdef"})
	_, err = newClient(t, srv).Zones.Get(ctx, zones.ZoneGetParams{ZoneID: cloudflare.F(foreign.ID)})
	assertAPIError(t, err, http.StatusForbidden, 10000)
	_, err = newClient(t, srv).DNS.ZoneTransfers.Outgoing.Status.Get(ctx,
		dns.ZoneTransferOutgoingStatusGetParams{ZoneID: cloudflare.F(foreign.ID)})
	assertAPIError(t, err, http.StatusForbidden, 10000)
	_, err = newClient(t, srv).Zones.New(ctx, zones.ZoneNewParams{Name: cloudflare.F("mine.example"),
		Account: cloudflare.F(zones.ZoneNewParamsAccount{ID: cloudflare.F(foreign.Account)})})
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

package emulator_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// send makes one raw request on a fresh connection, so that net/http never retries it.
func send(t *testing.T, srv *emulatortest.Server, method, path, body string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header = auth(srv)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

const tsigBody = `{"name":"n","algo":"hmac-sha512.","secret":"cw=="}`

func TestFaultRateLimit(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodPost, Path: "/tsigs", RetryAfter: 2500 * time.Millisecond})

	assert.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodGet, path, "").Status, "a GET does not match")
	r := call(t, srv, auth(srv), http.MethodPost, path, tsigBody)
	assert.Equal(t, http.StatusTooManyRequests, r.Status)
	assert.Equal(t, "3", r.Header.Get("Retry-After"), "whole seconds, rounded up")
	assert.Equal(t, 10100, r.Body.Errors[0].Code)
	assert.Empty(t, srv.TSIGs(srv.AccountID))
	assert.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, path, tsigBody).Status, "the fault applied once")
	assert.EqualValues(t, 1, srv.Stats().RateLimited)
}

func TestFaultServerError(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/peers"
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Path: "/peers", Times: 2})

	for range 2 {
		r := call(t, srv, auth(srv), http.MethodPost, path, `{"name":"p"}`)
		assert.Equal(t, http.StatusInternalServerError, r.Status)
		assert.False(t, r.Body.Success)
		assert.Equal(t, `"default";q=1200;w=300`, r.Header.Get("Ratelimit-Policy"))
		assert.Equal(t, `"default";r=1200;t=300`, r.Header.Get("Ratelimit"), "a 500 does not count")
	}
	assert.Empty(t, srv.Peers(srv.AccountID), "a 500 changes nothing")
	assert.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, path, `{"name":"p"}`).Status)
	assert.Len(t, srv.Peers(srv.AccountID), 1)
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodPost})

	_, err := send(t, srv, http.MethodPost, path, tsigBody)
	require.Error(t, err)
	assert.Empty(t, srv.TSIGs(srv.AccountID), "a reset changes nothing")
	assert.Equal(t, []emulator.Request{{Method: http.MethodPost, Path: "/client/v4/" + path, Status: 0}}, srv.Requests())
}

func TestFaultCommitThenDrop(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Times: 1})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPut, Times: 1})

	_, err := send(t, srv, http.MethodPost, path, tsigBody)
	require.Error(t, err)
	tsigs := srv.TSIGs(srv.AccountID)
	require.Len(t, tsigs, 1, "the create happened although the client never heard")

	_, err = send(t, srv, http.MethodPut, path+"/"+tsigs[0].ID, `{"name":"n","algo":"hmac-sha256.","secret":"cw=="}`)
	require.Error(t, err)
	got, _ := srv.GetTSIG(srv.AccountID, tsigs[0].ID)
	assert.Equal(t, "hmac-sha256.", got.Algo)

	for _, r := range srv.Requests() {
		assert.Equal(t, 0, r.Status)
	}
}

// TestFaultCommitThenDropWithSDKRetries shows why a provider must guard against duplicates: the
// SDK retries a POST whose reply was lost, and the API creates the object twice.
func TestFaultCommitThenDropWithSDKRetries(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	client := newClient(t, srv, option.WithAPIToken(srv.Token), option.WithMaxRetries(1))

	created, err := client.DNS.ZoneTransfers.Peers.New(context.Background(),
		dns.ZoneTransferPeerNewParams{AccountID: cloudflare.F(srv.AccountID), Name: cloudflare.F("p")})
	require.NoError(t, err)
	peers := srv.Peers(srv.AccountID)
	require.Len(t, peers, 2)
	assert.Equal(t, created.ID, peers[1].ID)
	assert.Equal(t, []emulator.Request{
		{Method: http.MethodPost, Path: "/client/v4/accounts/" + srv.AccountID + "/secondary_dns/peers", Status: 0},
		{Method: http.MethodPost, Path: "/client/v4/accounts/" + srv.AccountID + "/secondary_dns/peers", Status: 200},
	}, srv.Requests())
}

func TestRandomFaults(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{FaultRate: 1})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	var resets, errors int
	for range 64 {
		resp, err := send(t, srv, http.MethodPost, path, tsigBody)
		if err != nil {
			resets++
			continue
		}
		assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
		errors++
	}
	// Each is a coin toss; all 64 landing the same way has a chance of 2^-63.
	assert.Positive(t, resets)
	assert.Positive(t, errors)
	assert.Empty(t, srv.TSIGs(srv.AccountID), "faults change nothing")
	assert.EqualValues(t, 64, srv.Stats().Requests)
}

package emulator_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

func TestRequestLog(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/peers"
	call(t, srv, auth(srv), http.MethodPost, path+"?ignored=1", `{"name":"p"}`)
	call(t, srv, nil, http.MethodGet, path, "")
	call(t, srv, auth(srv), http.MethodGet, "nowhere", "")

	assert.Equal(t, []emulator.Request{
		{Method: http.MethodPost, Path: "/client/v4/" + path, Status: 200},
		{Method: http.MethodGet, Path: "/client/v4/" + path, Status: 400},
		{Method: http.MethodGet, Path: "/client/v4/nowhere", Status: 404},
	}, srv.Requests())
	assert.Equal(t, emulator.Stats{Requests: 3, MaxInFlight: 1}, srv.Stats())

	srv.ResetObservations()
	assert.Empty(t, srv.Requests())
	assert.Equal(t, emulator.Stats{}, srv.Stats())
}

// TestMaxInFlight holds requests inside the handler with latency, so they overlap: five in
// flight at once shows that the latency holds each request.
func TestMaxInFlight(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Latency: 500 * time.Millisecond})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { call(t, srv, auth(srv), http.MethodGet, path, "") })
	}
	wg.Wait()
	assert.Equal(t, emulator.Stats{Requests: 5, MaxInFlight: 5}, srv.Stats())
}

// Package emulatortest serves an emulator on a loopback port for the length of a Go test.
package emulatortest

import (
	"net/http/httptest"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// Server is a running emulator and what a client needs to reach it.
type Server struct {
	*emulator.Emulator
	URL       string // base URL ending in /client/v4/, e.g. http://127.0.0.1:PORT/client/v4/
	Token     string // a token that Options accepted (the first of Options.Tokens; a default one is added if none)
	AccountID string // the first account
	DNSAddr   string // where it serves DNS, ip:port over UDP and TCP; "" without Options.DNSAddr
}

// Start serves a new emulator on a loopback port (httptest) for the length of the test, and DNS
// too when opts.DNSAddr is set (e.g. "127.0.0.1:0").
func Start(t testing.TB, opts emulator.Options) *Server {
	t.Helper()
	if len(opts.Tokens) == 0 {
		opts.Tokens = []string{emulator.DemoToken}
	}
	e, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("start the emulator: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &Server{
		Emulator:  e,
		URL:       srv.URL + emulator.BasePath,
		Token:     e.Tokens()[0],
		AccountID: e.Accounts()[0],
		DNSAddr:   e.DNSAddr(),
	}
}

// CreateZone adds a zone of the type (full, partial or secondary; "" is full) to the server's
// first account, with the API's checks but without a request, so that the request log and the
// rate limit see nothing. It returns the zone's ID; a refused zone fails the test.
func (s *Server) CreateZone(t testing.TB, name, typ string) string {
	t.Helper()
	z, err := s.AddZone(name, typ, s.AccountID)
	if err != nil {
		t.Fatalf("create zone: %v", err)
	}
	return z.ID
}

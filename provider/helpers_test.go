package provider

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

const (
	tsigType = "cloudflare-secondary-dns:index:Tsig"
	peerType = "cloudflare-secondary-dns:index:Peer"

	// A 64-byte key, base64, as `tsig-keygen -a hmac-sha512` writes.
	testSecret  = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQtMDE="
	otherSecret = "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC1vdGhlci1zZWNyZXQtb3RoZXItc2VjcmV0LW90aGVyLXNlY3JldDA="

	otherAccount = "0123456789abcdef0123456789abcdef"
)

// harness is a configured provider, in process, in front of its own emulator.
type harness struct {
	t   *testing.T
	srv integration.Server
	emu *emulatortest.Server
}

// newServer starts a provider without configuring it.
func newServer(t *testing.T) integration.Server {
	t.Helper()
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(t.Context(), Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)
	return srv
}

// start serves an emulator with the given options (the default token and account, plus
// otherAccount) and configures a provider with a token for it.
func start(t *testing.T, opts emulator.Options) *harness {
	t.Helper()
	if len(opts.Accounts) == 0 {
		opts.Accounts = []string{emulator.DemoAccountID, otherAccount}
	}
	emu := emulatortest.Start(t, opts)
	h := &harness{t: t, srv: newServer(t), emu: emu}
	configure(t, h.srv, map[string]property.Value{
		"apiToken":  secret(emu.Token),
		"accountId": str(emu.AccountID),
		"baseUrl":   str(emu.URL),
	})
	return h
}

func startEmulator(t *testing.T) *emulatortest.Server {
	return emulatortest.Start(t, emulator.Options{})
}

// configure runs CheckConfig then Configure, as the engine does, requiring both to pass.
func configure(t *testing.T, srv integration.Server, config map[string]property.Value) {
	t.Helper()
	checked, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(config)})
	require.NoError(t, err)
	require.Empty(t, checked.Failures)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: checked.Inputs}))
}

func urn(typ, name string) resource.URN {
	return resource.NewURN("test", "cfsecdns", "", tokens.Type(typ), name)
}

func providerURN() resource.URN {
	return resource.NewURN("test", "cfsecdns", "", "pulumi:providers:"+Name, "default")
}

// check runs Check and requires it to pass.
func (h *harness) check(typ, name string, inputs map[string]property.Value) property.Map {
	h.t.Helper()
	resp, err := h.srv.Check(p.CheckRequest{Urn: urn(typ, name), Inputs: property.NewMap(inputs)})
	require.NoError(h.t, err)
	require.Empty(h.t, resp.Failures)
	return resp.Inputs
}

// up checks and creates a resource, as `pulumi up` does for a new one.
func (h *harness) up(typ, name string, inputs map[string]property.Value) (string, property.Map) {
	h.t.Helper()
	checked := h.check(typ, name, inputs)
	resp, err := h.srv.Create(p.CreateRequest{Urn: urn(typ, name), Properties: checked})
	require.NoError(h.t, err)
	require.NotEmpty(h.t, resp.ID)
	return resp.ID, resp.Properties
}

func (h *harness) diff(typ, name, id string, state property.Map, inputs map[string]property.Value) p.DiffResponse {
	h.t.Helper()
	checked := h.check(typ, name, inputs)
	resp, err := h.srv.Diff(p.DiffRequest{ID: id, Urn: urn(typ, name), State: state, Inputs: checked})
	require.NoError(h.t, err)
	return resp
}

// requests lists the emulator's requests as "METHOD path-after-account" for short assertions.
func (h *harness) requests() []string {
	var out []string
	for _, r := range h.emu.Requests() {
		_, path, _ := strings.Cut(r.Path, "/secondary_dns/")
		out = append(out, r.Method+" "+path)
	}
	return out
}

func str(s string) property.Value { return property.New(s) }

func secret(s string) property.Value { return property.New(s).WithSecret(true) }

func num(n float64) property.Value { return property.New(n) }

func boolean(b bool) property.Value { return property.New(b) }

func unknown() property.Value { return property.New(property.Computed) }

func tsigInputs(name string) map[string]property.Value {
	return map[string]property.Value{
		"name":   str(name),
		"algo":   str("hmac-sha512."),
		"secret": secret(testSecret),
	}
}

// fakeClock is a clock that moves only when told to, or by a wait, which ends at once and is
// recorded.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	fired := make(chan time.Time, 1)
	fired <- c.now
	return fired
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// waited returns the waits asked of the clock so far.
func (c *fakeClock) waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// fastRetry rides out faults as the default policy does, with millisecond waits.
var fastRetry = cfapi.RetryPolicy{MaxAttempts: 10, FirstDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond, MaxWait: cfapi.DefaultMaxRetryWait, TellAfter: time.Hour}

// setup describes a provider in front of its own emulator.
type setup struct {
	opts   emulator.Options
	config map[string]property.Value // added to the token, account and base URL; "" values are left out
	policy *cfapi.RetryPolicy        // nil: the default policy
	clock  cfapi.Clock               // nil: the wall clock
	front  func(next http.Handler) http.Handler
}

// serve starts the emulator (behind s.front, if any) and a provider configured for it, served
// with s.policy in its context.
func serve(t *testing.T, s setup) *harness {
	t.Helper()
	if len(s.opts.Accounts) == 0 {
		s.opts.Accounts = []string{emulator.DemoAccountID, otherAccount}
	}
	var emu *emulatortest.Server
	if s.front == nil {
		emu = emulatortest.Start(t, s.opts)
	} else {
		e, err := emulator.New(s.opts)
		require.NoError(t, err)
		hs := httptest.NewServer(s.front(e))
		t.Cleanup(hs.Close)
		emu = &emulatortest.Server{Emulator: e, URL: hs.URL + emulator.BasePath, Token: e.Tokens()[0], AccountID: e.Accounts()[0]}
	}
	ctx := t.Context()
	if s.policy != nil || s.clock != nil {
		tuning := clientTuning{retry: cfapi.DefaultRetryPolicy(), clock: cfapi.RealClock}
		if s.policy != nil {
			tuning.retry = *s.policy
		}
		if s.clock != nil {
			tuning.clock = s.clock
		}
		ctx = context.WithValue(ctx, clientTuningKey{}, tuning)
	}
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(ctx, Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)
	all := map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
	for k, v := range s.config {
		if !v.IsString() || v.AsString() != "" {
			all[k] = v
		}
	}
	configure(t, srv, all)
	return &harness{t: t, srv: srv, emu: emu}
}

// startWith is start with more provider configuration and, unless policy is nil, the retry
// policy the provider is served with.
func startWith(t *testing.T, opts emulator.Options, config map[string]property.Value, policy *cfapi.RetryPolicy) *harness {
	t.Helper()
	return serve(t, setup{opts: opts, config: config, policy: policy})
}

// Reads, updates and deletes ride out server errors, lost connections and lost replies: an
// update is sent again whole, and a delete whose reply was lost finds the object gone.
func TestTransientFaultsAreRiddenOut(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, nil, &fastRetry)
	id, state := h.up(tsigType, "key", tsigInputs("key.example."))
	h.emu.ResetObservations()

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodGet})
	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, id, read.ID)

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPut})
	next := tsigInputs("renamed.example.")
	updated, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "key"), State: state, Inputs: h.check(tsigType, "key", next)})
	require.NoError(t, err)
	assert.Equal(t, str("renamed.example."), updated.Properties.Get("name"))

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodDelete})
	err = h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(tsigType, "key"), Properties: updated.Properties})
	require.NoError(t, err)
	assert.Empty(t, h.emu.TSIGs(h.emu.AccountID))
	assert.Equal(t, []string{
		"GET tsigs/" + id + " 500", "GET tsigs/" + id + " 0", "GET tsigs/" + id + " 200",
		"PUT tsigs/" + id + " 0", "PUT tsigs/" + id + " 200",
		"DELETE tsigs/" + id + " 0", "DELETE tsigs/" + id + " 404",
	}, h.exchanges())
}

// A rate-limit block longer than maxRetryWait fails at once, saying so, rather than waiting
// in vain; one within it is waited out.
func TestRateLimitBlockAndMaxRetryWait(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	h := serve(t, setup{config: map[string]property.Value{"maxRetryWait": str("1m")}, policy: &fastRetry, clock: clock})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodGet, RetryAfter: 5 * time.Minute})
	_, err := h.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.Error(t, err)
	assert.Empty(t, clock.waited(), "no wait that cannot succeed")
	assert.Contains(t, err.Error(), "listing Tsigs in account "+emulator.DemoAccountID+": Cloudflare answered 429 (code 10100: ")
	assert.Contains(t, err.Error(), "gave up after 1 attempt: maxRetryWait (1m0s) is used up)")
	assert.Contains(t, err.Error(), "wait five minutes, or raise maxRetryWait, then run again.")

	clock = newFakeClock()
	waits := serve(t, setup{policy: &fastRetry, clock: clock})
	waits.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodGet, RetryAfter: time.Second})
	_, err = waits.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.NoError(t, err)
	require.Len(t, clock.waited(), 1)
	assert.GreaterOrEqual(t, clock.waited()[0], time.Second, "Retry-After is honoured")
	assert.Equal(t, []string{"GET tsigs 429", "GET tsigs 200"}, waits.exchanges())
}

func TestMaxRetryWaitIsChecked(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for value, want := range map[string]string{
		"soon": `maxRetryWait: "soon" is not a duration from 0s to 24h: expected a duration such as "10m", "90s" or "0s" (fail at once)`,
		"-1m":  `maxRetryWait: "-1m" is not a duration from 0s to 24h`,
		"25h":  `maxRetryWait: "25h" is not a duration from 0s to 24h`,
		"90s":  "",
		"0s":   "",
	} {
		resp, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
			"apiToken": secret("t"), "maxRetryWait": str(value),
		})})
		require.NoError(t, err)
		if want == "" {
			assert.Empty(t, resp.Failures, value)
			continue
		}
		require.Len(t, resp.Failures, 1, value)
		assert.Equal(t, "maxRetryWait", resp.Failures[0].Property)
		assert.Contains(t, resp.Failures[0].Reason, want)
	}
}

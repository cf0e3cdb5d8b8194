package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// fastRetry rides out faults as the default policy does, with millisecond waits.
var fastRetry = retryPolicy{maxAttempts: 10, firstDelay: time.Millisecond, maxDelay: 4 * time.Millisecond, maxWait: DefaultMaxRetryWait}

// setup describes a provider in front of its own emulator.
type setup struct {
	opts   emulator.Options
	config map[string]property.Value // added to the token, account and base URL; "" values are left out
	policy *retryPolicy              // nil: the default policy
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
	if s.policy != nil {
		ctx = context.WithValue(ctx, retryPolicyKey{}, *s.policy)
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
func startWith(t *testing.T, opts emulator.Options, config map[string]property.Value, policy *retryPolicy) *harness {
	t.Helper()
	return serve(t, setup{opts: opts, config: config, policy: policy})
}

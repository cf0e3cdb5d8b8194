package provider

import (
	"context"
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

// startWith is start with more provider configuration and, unless policy is nil, the retry
// policy the provider is served with.
func startWith(t *testing.T, opts emulator.Options, config map[string]property.Value, policy *retryPolicy) *harness {
	t.Helper()
	if len(opts.Accounts) == 0 {
		opts.Accounts = []string{emulator.DemoAccountID, otherAccount}
	}
	emu := emulatortest.Start(t, opts)
	ctx := t.Context()
	if policy != nil {
		ctx = context.WithValue(ctx, retryPolicyKey{}, *policy)
	}
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(ctx, Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)
	all := map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
	for k, v := range config {
		if v.IsString() && v.AsString() == "" {
			continue
		}
		all[k] = v
	}
	configure(t, srv, all)
	return &harness{t: t, srv: srv, emu: emu}
}

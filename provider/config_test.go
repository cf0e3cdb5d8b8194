package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// Bad provider configuration fails at preview, in CheckConfig, naming the keys and the
// environment variables. (These tests assume no CLOUDFLARE_* variables in the environment.)
func TestBadConfigFailsCheckConfig(t *testing.T) {
	t.Parallel()
	const token = "config-test-token"
	tests := []struct {
		name     string
		config   map[string]property.Value
		property string
		reason   []string
	}{
		{"no credentials", map[string]property.Value{}, "apiToken",
			[]string{"no credentials", "apiToken (CLOUDFLARE_API_TOKEN)", "apiKey (CLOUDFLARE_API_KEY)", "email (CLOUDFLARE_EMAIL)"}},
		{"token and key", map[string]property.Value{"apiToken": secret(token), "apiKey": secret("k"), "email": str("a@example.com")}, "apiToken",
			[]string{"not both", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY"}},
		{"token and email", map[string]property.Value{"apiToken": secret(token), "email": str("a@example.com")}, "apiToken",
			[]string{"not both"}},
		{"key without email", map[string]property.Value{"apiKey": secret("k")}, "email",
			[]string{"apiKey (CLOUDFLARE_API_KEY) needs email (CLOUDFLARE_EMAIL)"}},
		{"email without key", map[string]property.Value{"email": str("a@example.com")}, "apiKey",
			[]string{"without apiKey (CLOUDFLARE_API_KEY)"}},
		{"plain http to a remote host", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("http://api.cloudflare.com/client/v4/")}, "baseUrl",
			[]string{"plain http", "not loopback", "credentials in clear", "https"}},
		{"plain http to a private address", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("http://10.0.0.5:8080/client/v4/")}, "baseUrl",
			[]string{"not loopback"}},
		{"http to a name that only starts like localhost", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("http://localhost.example.com/")}, "baseUrl",
			[]string{"not loopback"}},
		{"another scheme", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("ftp://api.cloudflare.com/")}, "baseUrl",
			[]string{`scheme "ftp"`}},
		{"not a URL", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("api.cloudflare.com")}, "baseUrl",
			[]string{"not an absolute URL"}},
		{"user and password in the URL", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("https://admin:" + token + "@api.cloudflare.com/client/v4/")}, "baseUrl",
			[]string{"must not carry a user name or password", "apiToken"}},
		{"a password that breaks the URL", map[string]property.Value{"apiToken": secret(token), "baseUrl": str("https://admin:" + token + " %zz@api.cloudflare.com/")}, "baseUrl",
			[]string{"must not carry a user name or password"}},
		{"account not hex", map[string]property.Value{"apiToken": secret(token), "accountId": str("acme")}, "accountId",
			[]string{"32 lowercase hexadecimal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			emu := startEmulator(t)
			resp, err := newServer(t).CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(tt.config)})
			require.NoError(t, err)
			failure := failureFor(t, resp.Failures, tt.property)
			for _, want := range tt.reason {
				assert.Contains(t, failure.Reason, want)
			}
			assert.NotContains(t, failure.Reason, token)
			assert.Zero(t, emu.Stats().Requests)
		})
	}
}

func TestGoodConfigPassesCheckConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config map[string]property.Value
	}{
		{"token, default base URL", map[string]property.Value{"apiToken": secret("t")}},
		{"key and email", map[string]property.Value{"apiKey": secret("k"), "email": str("a@example.com")}},
		{"http to 127.0.0.1", map[string]property.Value{"apiToken": secret("t"), "baseUrl": str("http://127.0.0.1:8787/client/v4/")}},
		{"http to localhost", map[string]property.Value{"apiToken": secret("t"), "baseUrl": str("http://localhost:8787/client/v4/")}},
		{"http to ::1", map[string]property.Value{"apiToken": secret("t"), "baseUrl": str("http://[::1]:8787/client/v4/")}},
		{"token unknown in a preview", map[string]property.Value{"apiToken": unknown()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := newServer(t).CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(tt.config)})
			require.NoError(t, err)
			assert.Empty(t, resp.Failures)
		})
	}
}

func TestConfigDefaultsAndSecrets(t *testing.T) {
	t.Parallel()
	resp, err := newServer(t).CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
		"apiToken": str("plain-in-program"),
	})})
	require.NoError(t, err)
	assert.Equal(t, secret("plain-in-program"), resp.Inputs.Get("apiToken"), "the token is always a secret")
	assert.Equal(t, str(kinds.DefaultBaseURL), resp.Inputs.Get("baseUrl"))
}

// Not parallel: it sets environment variables.
func TestConfigFromEnvironment(t *testing.T) {
	emu := startEmulator(t)
	t.Setenv("CLOUDFLARE_API_TOKEN", emu.Token)
	t.Setenv("CLOUDFLARE_ACCOUNT_ID", emu.AccountID)
	t.Setenv("CLOUDFLARE_BASE_URL", emu.URL)
	srv := newServer(t)
	resp, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(nil)})
	require.NoError(t, err)
	require.Empty(t, resp.Failures)
	assert.Equal(t, secret(emu.Token), resp.Inputs.Get("apiToken"), "a token from the environment is a secret too")
	assert.Equal(t, str(emu.AccountID), resp.Inputs.Get("accountId"))
	assert.Equal(t, str(emu.URL), resp.Inputs.Get("baseUrl"))
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: resp.Inputs}))
	_, err = srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.NoError(t, err)
	assert.Equal(t, int64(1), emu.Stats().Requests)

	// Both ways at once, one of them from the environment, fail at preview.
	resp, err = srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
		"apiKey": secret("k"), "email": str("a@example.com"),
	})})
	require.NoError(t, err)
	assert.Contains(t, failureFor(t, resp.Failures, "apiToken").Reason, "not both")
}

// The SDK reads CLOUDFLARE_* itself and would add a token header to a key-and-email client;
// the provider builds its client without that, so only the configured credentials are sent.
// Not parallel: it sets environment variables.
func TestLegacyKeyIgnoresSDKEnvironment(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{Email: "ops@example.com", Key: "legacy-global-key"})
	t.Setenv("CLOUDFLARE_API_TOKEN", "a-token-the-emulator-rejects")
	srv := newServer(t)
	require.NoError(t, srv.Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiKey": secret("legacy-global-key"), "email": str("ops@example.com"),
		"accountId": str(emu.AccountID), "baseUrl": str(emu.URL),
	})}))
	resp, err := srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listPeers", Args: property.NewMap(nil)})
	require.NoError(t, err)
	assert.Equal(t, property.NewMap(map[string]property.Value{
		"accountId": str(emu.AccountID), "peers": property.New(property.NewArray(nil)),
	}), resp.Return)
}

// Rotating credentials updates the provider; nothing is replaced.
func TestCredentialRotationIsAnUpdate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	check := func(config map[string]property.Value) property.Map {
		resp, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(config)})
		require.NoError(t, err)
		require.Empty(t, resp.Failures)
		return resp.Inputs
	}
	old := check(map[string]property.Value{"apiToken": secret("old-token"), "accountId": str(otherAccount)})
	tests := []struct {
		name   string
		config map[string]property.Value
		want   map[string]p.PropertyDiff
	}{
		{"new token", map[string]property.Value{"apiToken": secret("new-token"), "accountId": str(otherAccount)},
			map[string]p.PropertyDiff{"apiToken": {Kind: p.Update}}},
		{"token to key and email", map[string]property.Value{"apiKey": secret("k"), "email": str("a@example.com"), "accountId": str(otherAccount)},
			map[string]p.PropertyDiff{"apiToken": {Kind: p.Update}, "apiKey": {Kind: p.Update}, "email": {Kind: p.Update}}},
		{"same", map[string]property.Value{"apiToken": secret("old-token"), "accountId": str(otherAccount)},
			map[string]p.PropertyDiff{}},
	}
	for _, tt := range tests {
		resp, err := srv.DiffConfig(p.DiffRequest{Urn: providerURN(), State: old, OldInputs: old, Inputs: check(tt.config)})
		require.NoError(t, err, tt.name)
		assert.Equal(t, len(tt.want) > 0, resp.HasChanges, tt.name)
		assert.Equal(t, tt.want, resp.DetailedDiff, tt.name)
		assert.False(t, resp.DeleteBeforeReplace, tt.name)
	}
}

func TestConfigureRefusesWhatCheckWouldRefuse(t *testing.T) {
	t.Parallel()
	err := newServer(t).Configure(p.ConfigureRequest{Args: property.NewMap(map[string]property.Value{
		"apiToken": secret("configure-token"), "baseUrl": str("http://api.example.com/client/v4/"),
	})})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "baseUrl")
	assert.NotContains(t, err.Error(), "configure-token")
}

// requestsPerFiveMinutes is checked at preview: the key and the accepted values are named.
func TestRequestBudgetIsChecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value property.Value
		want  string // "" when accepted
	}{
		{num(600), ""},
		{str("600"), ""},
		{num(10), ""},
		{num(1200), ""},
		{num(9), "requestsPerFiveMinutes: 9 is out of range: expected an integer from 10 to 1200"},
		{num(5000), "requestsPerFiveMinutes: 5000 is out of range: expected an integer from 10 to 1200"},
		{num(60.5), "requestsPerFiveMinutes: 60.5 is not an integer: expected an integer from 10 to 1200"},
		{str("lots"), "requestsPerFiveMinutes has the wrong type: expected an integer from 10 to 1200"},
	}
	for _, tt := range tests {
		resp, err := newServer(t).CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
			"apiToken": secret("budget-token"), "requestsPerFiveMinutes": tt.value,
		})})
		require.NoError(t, err)
		if tt.want == "" {
			assert.Empty(t, resp.Failures, "%v", tt.value)
			continue
		}
		require.Len(t, resp.Failures, 1, "%v", tt.value)
		assert.Equal(t, "requestsPerFiveMinutes", resp.Failures[0].Property)
		assert.Contains(t, resp.Failures[0].Reason, tt.want)
	}
}

package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/require"
)

// Seed corpora live in testdata/fuzz/<target>/; CI runs each target for a few seconds:
//
//	go test -run '^$' -fuzz '^FuzzTsigCheck$' -fuzztime 3s ./provider

// fuzzValue turns a fuzzed string into a property of the kind chosen by the low 3 bits of
// kind: a string, a number, a boolean, absent, unknown, a secret string, or null.
func fuzzValue(s string, kind uint8) (property.Value, bool) {
	switch kind % 7 {
	case 1:
		return property.New(float64(len(s))), true
	case 2:
		return property.New(len(s)%2 == 0), true
	case 3:
		return property.Value{}, false
	case 4:
		return property.New(property.Computed), true
	case 5:
		return property.New(s).WithSecret(true), true
	case 6:
		return property.New(property.Null), true
	default:
		return property.New(s), true
	}
}

// fuzzInputs builds inputs from values and one kind byte per property.
func fuzzInputs(values map[string]string, kinds map[string]uint8) property.Map {
	m := map[string]property.Value{}
	for k, v := range values {
		if pv, ok := fuzzValue(v, kinds[k]); ok {
			m[k] = pv
		}
	}
	return property.NewMap(m)
}

// assertFailuresNameProperties checks every failure names a property of the resource and
// starts with it, as the user reads it, and never quotes a secret value. values are all the
// fuzzed values: a secret that is part of another value (which failures may quote) is not
// looked for, nor one short or plain enough to occur in the failures' own words.
func assertFailuresNameProperties(t *testing.T, failures []p.CheckFailure, props []string, values []string, secrets ...string) {
	t.Helper()
	for _, f := range failures {
		require.Contains(t, props, f.Property, "failure %q", f.Reason)
		require.True(t, strings.HasPrefix(f.Reason, f.Property+" ") || strings.HasPrefix(f.Reason, f.Property+":"),
			"failure %q starts with its property", f.Reason)
		for _, s := range secrets {
			if len(s) >= 12 && strings.Contains(s, "=") && !partOfAnother(s, values) {
				require.NotContains(t, f.Reason, s)
			}
		}
	}
}

// partOfAnother reports whether s occurs in a value other than s itself.
func partOfAnother(s string, values []string) bool {
	for _, v := range values {
		if v != s && strings.Contains(v, s) {
			return true
		}
	}
	return false
}

func FuzzTsigCheck(f *testing.F) {
	f.Add("transfer.example.com.", "hmac-sha512.", testSecret, "", uint8(0), uint8(0), uint8(0), uint8(3))
	f.Add("", "hmac-md5", "not base64!", "abc", uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add("a..b", "bogus", "", emptyAccount, uint8(1), uint8(2), uint8(4), uint8(5))
	h := configuredServer(f)
	f.Fuzz(func(t *testing.T, name, algo, secretValue, account string, nameKind, algoKind, secretKind, accountKind uint8) {
		inputs := fuzzInputs(
			map[string]string{"name": name, "algo": algo, "secret": secretValue, "accountId": account},
			map[string]uint8{"name": nameKind, "algo": algoKind, "secret": secretKind, "accountId": accountKind})
		resp, err := h.Check(p.CheckRequest{Urn: urn(tsigType, "fuzz"), Inputs: inputs})
		require.NoError(t, err)
		assertFailuresNameProperties(t, resp.Failures, []string{"name", "algo", "secret", "accountId"},
			[]string{name, algo, secretValue, account}, secretValue)
		if len(resp.Failures) > 0 {
			return
		}
		// Whatever passes is what Cloudflare accepts, or unknown until the update runs.
		known := func(k string) bool { v, ok := inputs.GetOk(k); return ok && !v.HasComputed() }
		if known("name") {
			require.NoError(t, kinds.ValidateDNSName(name))
		}
		if known("algo") {
			require.NoError(t, kinds.ValidateAlgorithm(kinds.Algorithm(algo)))
		}
		if known("secret") && secretKind%7 != 6 {
			require.NoError(t, kinds.ValidateSecret(secretValue))
			require.True(t, resp.Inputs.Get("secret").Secret(), "the secret input is marked secret")
		}
	})
}

func FuzzPeerCheck(f *testing.F) {
	f.Add("ns1-primary", "192.0.2.53", 53.0, true, tsigID, uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add(" ", "2001:db8::53%eth0", 53.5, false, "XYZ", uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add("n\x00", "", -1.0, false, "", uint8(5), uint8(4), uint8(1), uint8(3))
	h := configuredServer(f)
	f.Fuzz(func(t *testing.T, name, ip string, port float64, ixfr bool, tsig string, nameKind, ipKind, portKind, tsigKind uint8) {
		values := map[string]property.Value{}
		for k, v := range map[string]struct {
			s    string
			kind uint8
		}{"name": {name, nameKind}, "ip": {ip, ipKind}, "tsigId": {tsig, tsigKind}} {
			if pv, ok := fuzzValue(v.s, v.kind); ok {
				values[k] = pv
			}
		}
		switch portKind % 4 {
		case 0:
			values["port"] = property.New(port)
		case 1:
			values["port"] = property.New(ip)
		case 2:
			values["port"] = property.New(property.Computed)
		}
		values["ixfrEnable"] = property.New(ixfr)
		resp, err := h.Check(p.CheckRequest{Urn: urn(peerType, "fuzz"), Inputs: property.NewMap(values)})
		require.NoError(t, err)
		assertFailuresNameProperties(t, resp.Failures, []string{"name", "ip", "port", "ixfrEnable", "tsigId", "accountId"}, nil)
		if len(resp.Failures) > 0 {
			return
		}
		known := func(k string) bool {
			v, ok := values[k]
			return ok && !v.HasComputed() && !v.IsNull()
		}
		if known("name") {
			require.NoError(t, kinds.ValidateObjectName(name, "peer"))
		}
		if known("ip") {
			require.NoError(t, kinds.ValidateIP(ip))
		}
		if known("port") {
			require.True(t, port >= 1 && port <= 65535 && port == float64(int(port)), "port %v passed", port)
		}
		if known("tsigId") {
			require.NoError(t, kinds.ValidateObjectID(tsig, "TSIG"))
		}
	})
}

func FuzzConfigCheck(f *testing.F) {
	f.Add("token", "", "", emptyAccount, "https://api.cloudflare.com/client/v4/", "10m", uint8(0), uint8(3), uint8(3), uint8(0), uint8(0), uint8(0))
	f.Add("t", "key", "a@example.com", "", "http://127.0.0.1:8787/client/v4/", "0s", uint8(5), uint8(5), uint8(0), uint8(3), uint8(0), uint8(0))
	f.Add("", "", "", "x", "http://example.com/", "-5m", uint8(3), uint8(3), uint8(3), uint8(0), uint8(0), uint8(0))
	f.Add("", "k", "", "", "ftp://[::1]/", "1h", uint8(3), uint8(0), uint8(3), uint8(4), uint8(4), uint8(1))
	srv := fuzzServer(f)
	f.Fuzz(func(t *testing.T, token, key, email, account, baseURL, wait string, tokenKind, keyKind, emailKind, accountKind, urlKind, waitKind uint8) {
		inputs := fuzzInputs(
			map[string]string{"apiToken": token, "apiKey": key, "email": email, "accountId": account, "baseUrl": baseURL, "maxRetryWait": wait},
			map[string]uint8{"apiToken": tokenKind, "apiKey": keyKind, "email": emailKind, "accountId": accountKind, "baseUrl": urlKind, "maxRetryWait": waitKind})
		resp, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: inputs})
		require.NoError(t, err)
		assertFailuresNameProperties(t, resp.Failures, []string{"apiToken", "apiKey", "email", "accountId", "baseUrl", "maxRetryWait"},
			[]string{token, key, email, account, baseURL, wait}, token, key)
		for _, k := range []string{"apiToken", "apiKey"} {
			if v, ok := resp.Inputs.GetOk(k); ok && v.IsString() && v.AsString() != "" {
				require.True(t, v.Secret(), "%s is marked secret", k)
			}
		}
		if len(resp.Failures) > 0 || inputs.Len() != len(knownStrings(inputs)) {
			return
		}
		// What CheckConfig accepts, Configure accepts, and it never allows clear text off loopback.
		require.NoError(t, srv.Configure(p.ConfigureRequest{Args: resp.Inputs}))
		if u := resp.Inputs.Get("baseUrl"); u.IsString() {
			require.NoError(t, kinds.ValidateBaseURL(u.AsString()))
		}
	})
}

// knownStrings lists the properties that are known strings.
func knownStrings(m property.Map) []string {
	var out []string
	for k, v := range m.All {
		if v.IsString() {
			out = append(out, k)
		}
	}
	return out
}

// emptyAccount is a valid account ID for seeds.
const emptyAccount = "0123456789abcdef0123456789abcdef"

// fuzzServer is a provider in process for the length of the fuzz target.
func fuzzServer(f *testing.F) integration.Server {
	prov, err := New()
	require.NoError(f, err)
	srv, err := integration.NewServer(f.Context(), Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(f, err)
	return srv
}

// configuredServer is a provider configured with a token and an account, for Check.
func configuredServer(f *testing.F) integration.Server {
	srv := fuzzServer(f)
	checked, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
		"apiToken": secret("fuzz-token"), "accountId": str(emptyAccount), "baseUrl": str("http://127.0.0.1:1/client/v4/"),
	})})
	require.NoError(f, err)
	require.NoError(f, srv.Configure(p.ConfigureRequest{Args: checked.Inputs}))
	return srv
}

// roundTripFunc answers every request itself.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Whatever a server answers, every call ends in a usable result or an *cfapi.APIError, never a
// panic; a result accepted has the ID the reply holds.
func FuzzDecodeResponse(f *testing.F) {
	f.Add(uint8(0), 200, "application/json", []byte(`{"success":true,"errors":[],"messages":[],"result":{"id":"`+tsigID+`","name":"k.","algo":"hmac-sha256.","secret":"`+testSecret+`"}}`))
	f.Add(uint8(1), 200, "application/json", []byte(`{"success":true,"errors":[],"messages":[],"result":[{"id":"`+tsigID+`","name":"k.","algo":"a","secret":"s"}]}`))
	f.Add(uint8(2), 200, "application/json", []byte(`{"success":true,"errors":[],"messages":[],"result":{"id":"`+tsigID+`","name":"ns1","ip":"192.0.2.1","port":53,"ixfr_enable":true,"tsig_id":null}}`))
	f.Add(uint8(3), 200, "application/json", []byte(`{"success":true,"result":[{"id":"x","name":"ns1","port":1e400}]}`))
	f.Add(uint8(4), 200, "application/json; charset=utf-8", []byte(`{"success":false,"errors":[{"code":1000,"message":"no"}],"result":null}`))
	f.Add(uint8(5), 429, "application/json", []byte(`{"success":false,"errors":[{"code":10100,"message":"slow down"}],"result":null}`))
	f.Add(uint8(6), 502, "text/html", []byte(`<html>bad gateway</html>`))
	f.Add(uint8(7), 200, "application/json", []byte(`{"success":true,"result":{"id":"`+tsigID+`","id":""}}`))
	f.Fuzz(func(t *testing.T, call uint8, status int, contentType string, body []byte) {
		if status < 200 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != nil {
				_, _ = io.Copy(io.Discard, r.Body)
			}
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}, "Retry-After": {"0"}},
				Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
		})
		client := cfapi.New(cfapi.Credentials{APIToken: "fuzz-token"}, "https://api.cloudflare.com/client/v4/", &http.Client{Transport: transport})
		client.WithRetryPolicy(cfapi.RetryPolicy{MaxAttempts: 2, MaxWait: cfapi.DefaultMaxRetryWait, TellAfter: cfapi.DefaultMaxRetryWait})
		ctx := t.Context()
		var ids []string
		var err error
		switch call % 8 {
		case 0:
			var k kinds.TsigKey
			k, err = kinds.Tsigs.Get(ctx, client, emptyAccount, tsigID)
			ids = []string{k.ID}
		case 1:
			var ks []kinds.TsigKey
			ks, err = kinds.Tsigs.List(ctx, client, emptyAccount)
			for _, k := range ks {
				ids = append(ids, k.ID)
			}
		case 2:
			var pr kinds.Peer
			pr, err = kinds.Peers.Get(ctx, client, emptyAccount, tsigID)
			ids = []string{pr.ID}
		case 3:
			var ps []kinds.Peer
			ps, err = kinds.Peers.List(ctx, client, emptyAccount)
			for _, pr := range ps {
				ids = append(ids, pr.ID)
			}
		case 4:
			var k kinds.TsigKey
			k, err = kinds.Tsigs.Create(ctx, client, emptyAccount, kinds.TsigKey{Tsig: kinds.Tsig{Name: "k.", Algo: "hmac-sha256."}, Secret: testSecret}, true)
			ids = []string{k.ID}
		case 5:
			var pr kinds.Peer
			pr, err = kinds.Peers.Create(ctx, client, emptyAccount, kinds.Peer{Name: "ns1"}, false)
			ids = []string{pr.ID}
		case 6:
			var pr kinds.Peer
			pr, err = kinds.Peers.Update(ctx, client, emptyAccount, kinds.Peer{ID: tsigID, Name: "ns1"})
			ids = []string{pr.ID}
		case 7:
			err = kinds.Tsigs.Delete(ctx, client, emptyAccount, tsigID)
		}
		if err != nil {
			var apiErr *cfapi.APIError
			require.True(t, errors.As(err, &apiErr), "%T: %v", err, err)
			require.NotContains(t, err.Error(), "fuzz-token")
			if call%8 == 4 { // only a create knows the key's secret, to redact it
				require.NotContains(t, err.Error(), testSecret)
			}
			return
		}
		for _, id := range ids {
			require.NotEmpty(t, id)
		}
		// A single object accepted is the one the reply holds.
		if call%8 == 0 || call%8 == 2 {
			var env struct {
				Result struct {
					ID string `json:"id"`
				} `json:"result"`
			}
			if json.Unmarshal(body, &env) == nil {
				require.Equal(t, env.Result.ID, ids[0])
			}
		}
	})
}

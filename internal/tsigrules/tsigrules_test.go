package tsigrules

import (
	"strings"
	"testing"
)

func TestDNSName(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"k", "k.", "transfer.example.com.", "_x-1.example", strings.Repeat("a.", 126) + "a"} {
		if err := DNSName(ok, `"k"`); err != nil {
			t.Errorf("DNSName(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", ".", "a..b", "-a", "a-", "a b", strings.Repeat("a", 64), strings.Repeat("a.", 127) + "a"} {
		err := DNSName(bad, `"k"`)
		if err == nil || !strings.Contains(err.Error(), `expected a DNS name such as "k"`) {
			t.Errorf("DNSName(%q) = %v, want an error naming the accepted form", bad, err)
		}
	}
}

func TestLookupAlgorithm(t *testing.T) {
	t.Parallel()
	for _, a := range Algorithms() {
		got, err := LookupAlgorithm(a.Name)
		if err != nil || got != a {
			t.Errorf("LookupAlgorithm(%q) = %+v, %v", a.Name, got, err)
		}
		if a.ServerName+"." != a.Name && a.Name != "hmac-md5.sig-alg.reg.int." {
			t.Errorf("%q: server name %q is not the name without its dot", a.Name, a.ServerName)
		}
	}
	_, err := LookupAlgorithm("hmac-sha256")
	if err == nil || !strings.Contains(err.Error(), `expected one of "hmac-md5.sig-alg.reg.int.", "hmac-sha1."`) {
		t.Errorf("LookupAlgorithm of an unknown name: %v", err)
	}
}

func TestSecretNeverQuotesTheValue(t *testing.T) {
	t.Parallel()
	if err := Secret("c2VjcmV0"); err != nil {
		t.Errorf("valid secret: %v", err)
	}
	for _, bad := range []string{"", "not base64!", "YWJj="} {
		err := Secret(bad)
		if err == nil {
			t.Fatalf("Secret(%q) accepted", bad)
		}
		if bad != "" && strings.Contains(err.Error(), bad) {
			t.Errorf("Secret's error quotes the value: %v", err)
		}
	}
}

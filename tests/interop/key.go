package interop

import (
	"crypto/rand"
	"encoding/base64"
	"testing"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// NewKey is a fresh random key for one of dnsx.Algorithms, as long as its digest, named as a
// user would give it to the provider: tests keep the name as given (e.g. relative), and
// wireKey makes the form that goes on the wire.
func NewKey(t testing.TB, name, algorithm string) *dnsx.Key {
	t.Helper()
	size, ok := dnsx.Algorithms[algorithm]
	if !ok {
		t.Fatalf("NewKey: %q is not one of Cloudflare's TSIG algorithms", algorithm)
	}
	secret := make([]byte, size)
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	return &dnsx.Key{Name: name, Algorithm: algorithm, Secret: base64.StdEncoding.EncodeToString(secret)}
}

// wireKey is k in wire form (absolute lower-case name, RFC 8945 algorithm name), which
// dnsx.Key's Stub and Check take; nil for no key.
func wireKey(k *dnsx.Key) (*dnsx.Key, error) {
	if k == nil {
		return nil, nil
	}
	return dnsx.NewKey(k.Name, k.Algorithm, k.Secret)
}

// tsigProvider is k for a miekg/dns server or client: a nil interface when there is no key, so that
// nothing is signed or verified.
func tsigProvider(k *dnsx.Key) dns.TsigProvider {
	if k == nil {
		return nil
	}
	return k
}

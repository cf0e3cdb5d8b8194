package interop

import (
	"crypto/rand"
	"encoding/base64"
	"testing"
)

// keyName is the TSIG key name in every test, as a user would give it (relative).
const keyName = "transfer.example.test"

var digestBytes = map[string]int{
	"hmac-md5.sig-alg.reg.int.": 16, "hmac-sha1.": 20, "hmac-sha224.": 28,
	"hmac-sha256.": 32, "hmac-sha384.": 48, "hmac-sha512.": 64,
}

// newKey is a fresh key for algorithm, as long as its digest.
func newKey(t *testing.T, algorithm string) *Key {
	t.Helper()
	secret := make([]byte, digestBytes[algorithm])
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	return &Key{Name: keyName, Algorithm: algorithm, Secret: base64.StdEncoding.EncodeToString(secret)}
}

// otherSecret is a key of the same length that is not key's.
func otherSecret(t *testing.T, key *Key) string {
	t.Helper()
	for {
		if k := newKey(t, key.Algorithm); k.Secret != key.Secret {
			return k.Secret
		}
	}
}

package interop

import (
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// keyName is the TSIG key name in every test, as a user would give it (relative).
const keyName = "transfer.example.test"

func newKey(t *testing.T, algorithm string) *dnsx.Key { return NewKey(t, keyName, algorithm) }

// otherSecret is a key of the same length that is not key's.
func otherSecret(t *testing.T, key *dnsx.Key) string {
	t.Helper()
	for {
		if k := newKey(t, key.Algorithm); k.Secret != key.Secret {
			return k.Secret
		}
	}
}

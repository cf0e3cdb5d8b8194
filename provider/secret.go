package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"

	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// generateSecret returns a random base64 key as long as the algorithm's digest.
//
// It runs in Create only, never in Check: Check runs at every preview, so a key made there
// would change each time. Once created, the key lives in the state, and Diff and Update keep
// it while the program leaves secret unset.
func generateSecret(algo kinds.Algorithm) (string, error) {
	size := algo.DigestBytes()
	if size == 0 {
		return "", kinds.ValidateAlgorithm(algo)
	}
	key := make([]byte, size)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("generating a TSIG secret: %w", err)
	}
	return base64.StdEncoding.EncodeToString(key), nil
}

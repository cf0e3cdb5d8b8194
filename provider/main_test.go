package provider

import (
	"os"
	"strings"
	"testing"
)

// TestMain runs the tests without the caller's CLOUDFLARE_* variables: the provider reads them
// as configuration, so a developer's real token in the shell would change what the tests see
// (and could reach Cloudflare). Tests that need one set it with t.Setenv.
func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "CLOUDFLARE_") {
			os.Unsetenv(name)
		}
	}
	os.Exit(m.Run())
}

package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// versionVariable is the -X path release builds use (see the Makefile). A wrong path is
// silently ignored by the linker, so the test builds the plugin with it and asks the binary.
const versionVariable = "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider.Version"

func build(t *testing.T, version string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pulumi-resource-cloudflare-secondary-dns")
	cmd := exec.Command("go", "build", "-o", bin, "-ldflags", "-X "+versionVariable+"="+version, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

func TestVersionStampLands(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(build(t, "3.1.4-stamp.9"), "--version").Output()
	require.NoError(t, err)
	assert.Equal(t, "3.1.4-stamp.9", strings.TrimSpace(string(out)))
}

func TestInvalidVersionStampRefusesToStart(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(build(t, "not-a-version"), "--version").CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), `provider version "not-a-version" is not a semantic version`)
}

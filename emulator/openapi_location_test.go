package emulator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIDocumentLocation checks where the contract tests read the documents from, and that a
// document named by its variable, or looked for in CI, is required: missing or broken, the tests
// fail, never skip.
func TestAPIDocumentLocation(t *testing.T) {
	t.Parallel()
	d := &apiDocument{env: "CFSECDNS_OPENAPI_ZONES", file: "zones.openapi.json"}
	path, required := d.locate(func(string) string { return "" }, "/src/repo")
	assert.Equal(t, "/src/shared/cloudflare/zones.openapi.json", path, "beside the repository by default")
	assert.False(t, required)
	path, required = d.locate(envMap{"CI": "true"}.get, "/src/repo")
	assert.Equal(t, "/src/shared/cloudflare/zones.openapi.json", path)
	assert.True(t, required, "in CI the documents are required")
	path, required = d.locate(envMap{"CFSECDNS_OPENAPI_ZONES": "/docs/z.json"}.get, "/src/repo")
	assert.Equal(t, "/docs/z.json", path)
	assert.True(t, required)

	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	router, err := openDocument(missing, false)
	assert.NoError(t, err, "absent and not asked for: validation is skipped")
	assert.Nil(t, router)
	_, err = openDocument(missing, true)
	assert.Error(t, err, "asked for and absent: the tests fail")

	broken := filepath.Join(dir, "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte(`{"openapi":`), 0o600))
	for _, required := range []bool{false, true} {
		_, err = openDocument(broken, required)
		assert.Error(t, err, "a broken document fails the tests either way")
	}

	good := filepath.Join(dir, "good.json")
	require.NoError(t, os.WriteFile(good, []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
		"paths": {"/zones": {"get": {"responses": {"200": {"description": "ok"}}}}},
		"components": {"schemas": {"x_api-response-common-failure": {"type": "object"}}}}`), 0o600))
	router, err = openDocument(good, true)
	require.NoError(t, err)
	assert.NotNil(t, router)
}

// envMap is an environment for apiDocument.locate.
type envMap map[string]string

func (m envMap) get(k string) string { return m[k] }

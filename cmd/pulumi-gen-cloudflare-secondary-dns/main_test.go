package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplaceDirRemovesStaleFilesAndKeepsUnchangedOnes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	unchanged := write("same.ts", "same")
	changed := write("types/changed.ts", "old")
	stale := write("removed/gone.ts", "gone")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, os.Chtimes(unchanged, old, old))

	require.NoError(t, replaceDir(dir, map[string][]byte{
		"same.ts":          []byte("same"),
		"types/changed.ts": []byte("new"),
		"added/new.ts":     []byte("added"),
	}))

	info, err := os.Stat(unchanged)
	require.NoError(t, err)
	assert.True(t, info.ModTime().Equal(old), "an unchanged file must keep its timestamp")
	got, err := os.ReadFile(changed)
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	got, err = os.ReadFile(filepath.Join(dir, "added", "new.ts"))
	require.NoError(t, err)
	assert.Equal(t, "added", string(got))
	assert.NoFileExists(t, stale)
}

func TestGenerateWritesSchemaAndEverySDK(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	// A copy, so that the test never writes into the repository's examples.
	examples := t.TempDir()
	require.NoError(t, os.CopyFS(examples, os.DirFS(filepath.Join("..", "..", "examples", "registry"))))
	require.NoError(t, generate(root, examples, "1.2.3-alpha.1"))

	schema, err := os.ReadFile(filepath.Join(root, "schema.json"))
	require.NoError(t, err)
	assert.Contains(t, string(schema), `"version": "1.2.3-alpha.1"`)
	for _, f := range []string{
		"sdk/go/cloudflaresecondarydns/tsig.go",
		"sdk/nodejs/package.json",
		"sdk/python/pyproject.toml",
		"sdk/python/README.md",
	} {
		assert.FileExists(t, filepath.Join(root, f))
	}
	pkg, err := os.ReadFile(filepath.Join(root, "sdk/nodejs/package.json"))
	require.NoError(t, err)
	assert.Contains(t, string(pkg), `"version": "1.2.3-alpha.1"`)

	assert.Error(t, generate(t.TempDir(), t.TempDir(), "not-a-version"))
}

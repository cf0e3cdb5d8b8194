package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeExample writes examples/<page>/<slug>.pp under a temporary directory.
func writeExample(t *testing.T, dir, page, slug, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, page), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, page, slug+".pp"), []byte(text), 0o644))
}

func testSpec(t *testing.T) schema.PackageSpec {
	t.Helper()
	spec, err := packageSpec("1.0.0")
	require.NoError(t, err)
	return spec
}

func TestExamplesBindStrictly(t *testing.T) {
	t.Parallel()
	spec := testSpec(t)
	for name, tc := range map[string]struct{ program, want string }{
		"misspelt property": {
			`resource office "cloudflare-secondary-dns:index:Acl" {
  name    = "office"
  ipRnage = "192.0.2.0/24"
}`, "ipRnage"},
		"unknown resource": {
			`resource office "cloudflare-secondary-dns:index:Firewall" {
  name = "office"
}`, "Firewall"},
		"misspelt function argument": {
			`zone = invoke("cloudflare-secondary-dns:index:getZone", { zoneName = "example.com" })
output id {
  value = zone.zoneId
}`, "zoneName"},
		"missing title": {
			`resource office "cloudflare-secondary-dns:index:Acl" {
  name    = "office"
  ipRange = "192.0.2.0/24"
}`, "title"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			text := "# An example\n\n" + tc.program
			if name == "missing title" {
				text = tc.program
			}
			writeExample(t, dir, "Acl", "example", text)
			_, err := generateExamples(spec, dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), filepath.Join("Acl", "example.pp"), "the error names the example")
		})
	}
}

func TestExamplesAreGeneratedIntoEveryLanguage(t *testing.T) {
	t.Parallel()
	spec := testSpec(t)
	dir := t.TempDir()
	writeExample(t, dir, "Acl", "office", `# An ACL for the office

resource office "cloudflare-secondary-dns:index:Acl" {
  name    = "office"
  ipRange = "192.0.2.0/24"
}

acl = invoke("cloudflare-secondary-dns:index:getAcl", {
  aclId = office.id
})

output range {
  value = acl.ipRange
}
`)
	examples, err := generateExamples(spec, dir)
	require.NoError(t, err)
	require.Len(t, examples, 1)
	ex := examples[0]
	assert.Equal(t, "An ACL for the office", ex.title)
	assert.Contains(t, string(ex.code["typescript"]), `new cloudflare_secondary_dns.Acl("office", {`)
	assert.Contains(t, string(ex.code["python"]), `ip_range="192.0.2.0/24"`)
	// The Go SDK names getAcl LookupAcl, as Acl is a resource.
	assert.Contains(t, string(ex.code["go"]), "cloudflaresecondarydns.LookupAclOutput(ctx, cloudflaresecondarydns.LookupAclOutputArgs{")
	assert.Contains(t, string(ex.code["yaml"]), "type: cloudflare-secondary-dns:Acl")

	require.NoError(t, writeExamples(dir, examples))
	for _, file := range []string{"index.ts", "__main__.py", "main.go", "Main.yaml"} {
		assert.FileExists(t, filepath.Join(dir, "Acl", "office", file))
	}
	// An example removed: its programs go too.
	require.NoError(t, os.Remove(filepath.Join(dir, "Acl", "office.pp")))
	require.NoError(t, writeExamples(dir, nil))
	assert.NoDirExists(t, filepath.Join(dir, "Acl", "office"))
}

func TestEmbedExamplesNeedsOneOnEveryPage(t *testing.T) {
	t.Parallel()
	spec := testSpec(t)
	err := embedExamples(&spec, []example{{page: "Tsig", slug: "key", title: "A key", code: map[string][]byte{}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "has no example")

	err = embedExamples(&spec, []example{{page: "Firewall", slug: "x"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Firewall is neither a resource nor a function")
}

func TestExamplesSectionIsTheRegistryFormat(t *testing.T) {
	t.Parallel()
	code := map[string][]byte{"typescript": []byte("ts\n"), "python": []byte("py\n"), "go": []byte("go\n"), "yaml": []byte("yaml\n")}
	got := examplesSection([]example{{title: "First", code: code}, {title: "Second", code: code}})
	one := "{{% example %}}\n### %s\n\n```typescript\nts\n```\n```python\npy\n```\n```go\ngo\n```\n```yaml\nyaml\n```\n{{% /example %}}\n"
	want := "{{% examples %}}\n## Example Usage\n" +
		strings.Replace(one, "%s", "First", 1) + strings.Replace(one, "%s", "Second", 1) + "{{% /examples %}}"
	assert.Equal(t, want, got)
}

func TestIncludeExamplesReplacesTheBlockAfterEachMarker(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "README.md")
	require.NoError(t, os.WriteFile(path, []byte("Intro\n\n<!-- example: Acl/office -->\n```python\nstale\ncode\n```\n\n```sh\nkept\n```\n"), 0o644))
	examples := []example{{page: "Acl", slug: "office", code: map[string][]byte{"python": []byte("fresh\n")}}}
	require.NoError(t, includeExamples(path, examples))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "Intro\n\n<!-- example: Acl/office -->\n```python\nfresh\n```\n\n```sh\nkept\n```\n", string(got))

	require.NoError(t, os.WriteFile(path, []byte("<!-- example: Acl/gone -->\n```python\n```\n"), 0o644))
	assert.ErrorContains(t, includeExamples(path, examples), "Acl/gone, which does not exist")
	require.NoError(t, os.WriteFile(path, []byte("<!-- example: Acl/office -->\n```ts\n```\n"), 0o644))
	assert.ErrorContains(t, includeExamples(path, examples), `"ts"`)
}

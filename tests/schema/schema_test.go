// Package schema_test checks that the committed schema.json is the schema the built provider
// binary reports to the Pulumi engine: SDKs generated from one must work with the other.
package schema_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const providerBinary = "pulumi-resource-cloudflare-secondary-dns"

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// readSchema decodes a schema document, leaving out its version: the binary's version is stamped
// at build time, the committed schema's at codegen time.
func readSchema(t *testing.T, what string, data []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s is not JSON: %v", what, err)
	}
	if _, ok := doc["version"]; !ok {
		t.Fatalf("%s has no version", what)
	}
	delete(doc, "version")
	// make codegen appends the registry examples (and a resource's Import section) to each
	// description of the committed schema, which the registry and the SDKs read; the binary
	// serves the descriptions without them.
	for _, section := range []string{"resources", "functions"} {
		pages, _ := doc[section].(map[string]any)
		for _, page := range pages {
			if spec, ok := page.(map[string]any); ok {
				text, _ := spec["description"].(string)
				text, _, _ = strings.Cut(text, "\n\n{{% examples %}}")
				spec["description"] = strings.TrimRight(text, "\n")
			}
		}
	}
	return doc
}

func TestCommittedSchemaIsWhatTheBinaryReports(t *testing.T) {
	root := repoRoot(t)
	cli := filepath.Join(root, "bin", "pulumi")
	binary := filepath.Join(root, "bin", providerBinary)
	for _, f := range []string{cli, binary} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s is missing: run `make pulumi provider` first (%v)", f, err)
		}
	}

	cmd := exec.Command(cli, "package", "get-schema", binary)
	cmd.Env = append(os.Environ(),
		"PULUMI_HOME="+t.TempDir(),
		"PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
	)
	reported, err := cmd.Output()
	if err != nil {
		t.Fatalf("pulumi package get-schema: %v", err)
	}
	committed, err := os.ReadFile(filepath.Join(root, "schema.json"))
	if err != nil {
		t.Fatal(err)
	}

	want := readSchema(t, "schema.json", committed)
	got := readSchema(t, "the binary's schema", reported)
	if !reflect.DeepEqual(want, got) {
		for key := range want {
			if !reflect.DeepEqual(want[key], got[key]) {
				t.Errorf("schema.json differs from the binary's schema in %q", key)
			}
		}
		for key := range got {
			if _, ok := want[key]; !ok {
				t.Errorf("the binary's schema has %q, schema.json does not", key)
			}
		}
		t.Error("run `make codegen` and commit schema.json and sdk/")
	}
}

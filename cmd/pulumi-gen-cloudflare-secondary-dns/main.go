// Command pulumi-gen-cloudflare-secondary-dns writes schema.json and the Go, TypeScript and
// Python SDKs from the provider itself, in process. `pulumi package gen-sdk` would do the same
// but needs language hosts, which CI machines may not have.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	pgo "github.com/pulumi/pulumi-go-provider"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

// tool names the generator in the "do not edit" banners of the generated files.
const tool = "pulumi-gen-cloudflare-secondary-dns"

// pythonPackageDir is the Python SDK's package directory, as the provider's language map names it.
const pythonPackageDir = "pulumi_cloudflare_secondary_dns"

func main() {
	version := flag.String("version", provider.Version, "version stamped into the schema and the SDK packages (semver)")
	root := flag.String("root", ".", "repository root: schema.json and sdk/ are written below it")
	examples := flag.String("examples", filepath.Join("examples", "registry"), "directory of the registry examples (<page>/<name>.pp); their programs are written beside them")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [-version V] [-root DIR] [-examples DIR]\n\n"+
			"Writes DIR/schema.json and DIR/sdk/{go,nodejs,python}, with the registry examples generated\n"+
			"into every language in the descriptions, and includes them in DIR/README.md and DIR/docs/*.md.\n\n", tool)
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := generate(*root, *examples, *version); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

func generate(root, examplesDir, version string) error {
	version = strings.TrimPrefix(version, "v")
	if _, err := semver.Parse(version); err != nil {
		return fmt.Errorf("-version %q is not a semantic version: %w", version, err)
	}
	spec, err := packageSpec(version)
	if err != nil {
		return err
	}
	examples, err := generateExamples(spec, examplesDir)
	if err != nil {
		return err
	}
	if err := embedExamples(&spec, examples); err != nil {
		return err
	}
	if err := writeExamples(examplesDir, examples); err != nil {
		return err
	}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return err
	}
	for _, doc := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		if err := includeExamples(doc, examples); err != nil {
			return err
		}
	}
	if err := writeSchema(filepath.Join(root, "schema.json"), spec); err != nil {
		return err
	}
	for _, lang := range languages {
		// Bind afresh for each language: the generators record their own settings on the package.
		pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
		if err != nil {
			return fmt.Errorf("binding the schema: %w", err)
		}
		if diags.HasErrors() {
			return fmt.Errorf("the schema is invalid: %s", diags.Error())
		}
		files, err := lang.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", lang.dir, err)
		}
		if err := replaceDir(filepath.Join(root, "sdk", lang.dir), files); err != nil {
			return err
		}
	}
	return nil
}

// packageSpec asks the provider for its schema, exactly as the engine would.
func packageSpec(version string) (schema.PackageSpec, error) {
	prov, err := provider.New()
	if err != nil {
		return schema.PackageSpec{}, fmt.Errorf("building the provider: %w", err)
	}
	spec, err := pgo.GetSchema(context.Background(), provider.Name, version, prov)
	if err != nil {
		return schema.PackageSpec{}, fmt.Errorf("reading the provider's schema: %w", err)
	}
	return spec, nil
}

type language struct {
	dir      string
	generate func(*schema.Package) (map[string][]byte, error)
}

var languages = []language{
	{"go", func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	}},
	{"nodejs", func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, noDependencies{})
	}},
	{"python", func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := pythongen.GeneratePackage(tool, pkg, nil, noDependencies{})
		if err != nil {
			return nil, err
		}
		// pyproject.toml names README.md beside it, but the generator writes the README only
		// inside the package directory: without a copy, `pip install ./sdk/python` fails.
		if readme, ok := files[pythonPackageDir+"/README.md"]; ok {
			files["README.md"] = readme
		}
		return files, nil
	}},
}

func writeSchema(path string, spec schema.PackageSpec) error {
	data, err := json.MarshalIndent(spec, "", "    ")
	if err != nil {
		return fmt.Errorf("encoding the schema: %w", err)
	}
	return writeIfChanged(path, append(data, '\n'))
}

// replaceDir makes dir hold exactly files, so that a resource or function removed from the
// provider does not linger in the committed SDK. Unchanged files are left alone: their
// timestamps are what make's SDK build and install steps go by.
func replaceDir(dir string, files map[string][]byte) error {
	var stale []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if _, keep := files[filepath.ToSlash(rel)]; !keep {
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, path := range stale {
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	for name, data := range files {
		if err := writeIfChanged(filepath.Join(dir, filepath.FromSlash(name)), data); err != nil {
			return err
		}
	}
	return nil
}

func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// noDependencies is the schema loader for a package that references no other package: binding
// and the generators only ask it about dependencies, so any question is a schema mistake.
type noDependencies struct{}

var errNoDependencies = errors.New("the cloudflare-secondary-dns schema must not reference other packages")

func (noDependencies) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

func (noDependencies) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoDependencies
}

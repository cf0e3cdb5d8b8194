package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	yamlgen "github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/codegen"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The registry examples: each is one PCL program, examples/registry/<page>/<slug>.pp, where page
// is the resource or function whose registry page shows it (Tsig, getZone, ...). Its first line
// is "# <title>" and a blank line. Pulumi's own program generators turn it into every language;
// the programs are written beside it, in <slug>/, for the tests to run.

// programLanguage is a language the examples are generated into.
type programLanguage struct {
	fence    string // the fence name the registry reads
	file     string // the file the generator writes the program to
	generate func(*pcl.Program) (map[string][]byte, hcl.Diagnostics, error)
}

// programLanguages is in the order the registry pages show them.
var programLanguages = []programLanguage{
	{"typescript", "index.ts", nodejsgen.GenerateProgram},
	{"python", "__main__.py", pythongen.GenerateProgram},
	{"go", "main.go", gogen.GenerateProgram},
	{"yaml", "Main.yaml", yamlgen.GenerateProgram},
}

// example is one registry example, generated.
type example struct {
	page  string
	slug  string
	title string
	code  map[string][]byte // by fence name
}

// token is the schema token of the page the example is shown on.
func (ex example) token(pkg string) string { return pkg + ":index:" + ex.page }

// generateExamples binds every example in dir against the package, strictly (a property or
// function the schema lacks fails), and generates it into every language.
func generateExamples(spec schema.PackageSpec, dir string) ([]example, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.pp"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var examples []example
	for _, path := range paths {
		ex, err := generateExample(spec, path)
		if err != nil {
			return nil, fmt.Errorf("example %s: %w", path, err)
		}
		examples = append(examples, ex)
	}
	return examples, nil
}

func generateExample(spec schema.PackageSpec, path string) (example, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return example{}, err
	}
	title, program, ok := strings.Cut(string(src), "\n\n")
	if !strings.HasPrefix(title, "# ") || strings.Contains(title, "\n") || !ok {
		return example{}, fmt.Errorf(`the first line must be "# <title>", followed by a blank line`)
	}
	ex := example{
		page:  filepath.Base(filepath.Dir(path)),
		slug:  strings.TrimSuffix(filepath.Base(path), ".pp"),
		title: strings.TrimPrefix(title, "# "),
		code:  map[string][]byte{},
	}
	for _, lang := range programLanguages {
		// Bound afresh for each language: the generators rewrite the bound program.
		bound, err := bindExample(spec, filepath.Base(path), program)
		if err != nil {
			return example{}, err
		}
		files, diags, err := lang.generate(bound)
		if err != nil {
			return example{}, fmt.Errorf("generating %s: %w", lang.fence, err)
		}
		// Strict: a generator's warning means the program would not read as written.
		if len(diags) > 0 {
			return example{}, fmt.Errorf("generating %s: %s", lang.fence, diags.Error())
		}
		code, ok := files[lang.file]
		if !ok || len(files) != 1 {
			return example{}, fmt.Errorf("generating %s: want %s alone, got %d files", lang.fence, lang.file, len(files))
		}
		if lang.fence == "go" {
			code = lookupNames(spec, code)
		}
		ex.code[lang.fence] = code
	}
	return ex, nil
}

// lookupNames renames the Go SDK's get functions that it calls Lookup: the SDK generator names
// getX LookupX when X is also a resource, so that GetX stays free for reading a resource's state,
// but the program generator finds that out only for tokens with a module path
// ("pkg:index/getX:getX"), not for ours ("pkg:index:getX").
func lookupNames(spec schema.PackageSpec, code []byte) []byte {
	text := string(code)
	for token := range spec.Functions {
		name := strings.TrimPrefix(token, spec.Name+":index:")
		resource, ok := strings.CutPrefix(name, "get")
		if _, isResource := spec.Resources[spec.Name+":index:"+resource]; !ok || !isResource {
			continue
		}
		get := regexp.MustCompile(`\b(cloudflaresecondarydns\.)Get` + resource + `(Output|Args|OutputArgs|Result)?\b`)
		text = get.ReplaceAllString(text, "${1}Lookup"+resource+"$2")
	}
	return []byte(text)
}

func bindExample(spec schema.PackageSpec, name, program string) (*pcl.Program, error) {
	pkg, diags, err := schema.BindSpec(spec, noDependencies{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("the schema is invalid: %s", diags.Error())
	}
	// The generators read the package's language settings (import paths, package names).
	if err := pkg.ImportLanguages(map[string]schema.Language{
		"go": gogen.Importer, "nodejs": nodejsgen.Importer, "python": pythongen.Importer,
	}); err != nil {
		return nil, err
	}
	parser := syntax.NewParser()
	if err := parser.ParseFile(strings.NewReader(program), name); err != nil {
		return nil, err
	}
	if parser.Diagnostics.HasErrors() {
		return nil, fmt.Errorf("%s", parser.Diagnostics.Error())
	}
	// Output-versioned invokes keep secrets (a key's secret, a rendered configuration) secret
	// in every language, where Go's plain invokes would export them as plain strings.
	bound, diags, err := pcl.BindProgram(parser.Files, ownPackage{pkg}, pcl.PreferOutputVersionedInvokes)
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		return nil, fmt.Errorf("%s", diags.Error())
	}
	return bound, nil
}

// writeExamples writes each example's programs into dir/<page>/<slug>/ and removes the
// programs of examples that no longer exist.
func writeExamples(dir string, examples []example) error {
	pages, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return err
	}
	for _, page := range pages {
		if info, err := os.Stat(page); err != nil || !info.IsDir() {
			continue
		}
		programs, err := filepath.Glob(filepath.Join(page, "*", programLanguages[0].file))
		if err != nil {
			return err
		}
		for _, p := range programs {
			slugDir := filepath.Dir(p)
			if _, err := os.Stat(slugDir + ".pp"); err != nil {
				if err := os.RemoveAll(slugDir); err != nil {
					return err
				}
			}
		}
	}
	for _, ex := range examples {
		files := map[string][]byte{}
		for _, lang := range programLanguages {
			files[lang.file] = ex.code[lang.fence]
		}
		if err := replaceDir(filepath.Join(dir, ex.page, ex.slug), files); err != nil {
			return err
		}
	}
	return nil
}

// ownPackage serves the package being generated to the PCL binder, and nothing else.
type ownPackage struct{ pkg *schema.Package }

func (l ownPackage) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	if name != l.pkg.Name {
		return nil, fmt.Errorf("examples may use only the %s package, not %s", l.pkg.Name, name)
	}
	return l.pkg, nil
}

func (l ownPackage) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (l ownPackage) LoadPackageReference(name string, v *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.LoadPackage(name, v)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l ownPackage) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}

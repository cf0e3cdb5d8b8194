// Package engine runs Pulumi programs through the real Pulumi engine, hermetically: the CLI
// and the provider plugin built in the repository's bin/, a local file backend and a Pulumi
// home under a scratch directory, and no plugin downloads. The Go engine-level tests and
// `make demo` share it.
package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The example's project name: its stack config (peerIp, peerPort) lives under this namespace.
const Project = "cloudflare-secondary-dns-go"

const (
	mainModule     = "github.com/cfsecdns/pulumi-cloudflare-secondary-dns"
	providerBinary = "pulumi-resource-cloudflare-secondary-dns"
	// Only encrypts secrets in the throwaway state; never a real credential.
	passphrase = "engine-level-tests"
)

// Provider is the provider configuration a stack is given.
type Provider struct {
	BaseURL   string
	APIToken  string
	AccountID string
}

// Stack describes a hermetic stack to create.
type Stack struct {
	Root     string // the repository root, holding bin/pulumi and the provider plugin
	Dir      string // an empty scratch directory: Pulumi home, state and workspace go there
	Name     string
	Program  pulumi.RunFunc
	Provider Provider
	// InstallPlugin installs the built plugin into the stack's Pulumi home, as `make install`
	// does for a user, instead of letting the engine find it on PATH (which it warns about at
	// every step).
	InstallPlugin bool
}

// RepoRoot finds the repository root from the working directory: the nearest directory above
// it whose go.mod declares the provider's module.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if module(filepath.Join(dir, "go.mod")) == mainModule {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of module %s above the working directory", mainModule)
		}
		dir = parent
	}
}

// module reads the module path of a go.mod file, "" when there is none.
func module(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if path, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			return strings.TrimSpace(path)
		}
	}
	return ""
}

// CheckBuilt reports the binaries the engine needs that are missing from <root>/bin, and how
// to build them: the engine would otherwise look for the plugin elsewhere and fail obscurely.
func CheckBuilt(root string) error {
	var missing []error
	for _, b := range []struct{ name, target string }{
		{"pulumi", "make pulumi"},
		{providerBinary, "make provider"},
	} {
		if _, err := os.Stat(filepath.Join(root, "bin", b.name)); err != nil {
			missing = append(missing, fmt.Errorf("bin/%s is missing: run `%s` in %s", b.name, b.target, root))
		}
	}
	return errors.Join(missing...)
}

// hermeticEnv is the hermetic environment of every Pulumi command the stack runs. The stack config
// alone configures the provider: the caller's CLOUDFLARE_* variables are blanked, which the
// provider reads as unset.
func hermeticEnv(root, dir string, installed bool) map[string]string {
	path := os.Getenv("PATH")
	if !installed {
		path = filepath.Join(root, "bin") + string(os.PathListSeparator) + path
	}
	env := map[string]string{
		"PULUMI_HOME":                                 filepath.Join(dir, "home"),
		"PULUMI_BACKEND_URL":                          "file://" + filepath.ToSlash(StateDir(dir)),
		"PULUMI_CONFIG_PASSPHRASE":                    passphrase,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_DISABLE_REGISTRY_RESOLVE":             "true",
		"PATH":                                        path,
	}
	for _, v := range []string{"API_TOKEN", "API_KEY", "EMAIL", "ACCOUNT_ID", "BASE_URL"} {
		env["CLOUDFLARE_"+v] = ""
	}
	return env
}

// StateDir is where the stacks' state is stored under a scratch directory.
func StateDir(dir string) string { return filepath.Join(dir, "state") }

// NewStack creates (or selects) the stack with an inline program and configures the provider;
// the apiToken is stored as a secret.
func NewStack(ctx context.Context, s Stack) (auto.Stack, error) {
	if err := CheckBuilt(s.Root); err != nil {
		return auto.Stack{}, err
	}
	env := hermeticEnv(s.Root, s.Dir, s.InstallPlugin)
	for _, d := range []string{env["PULUMI_HOME"], StateDir(s.Dir), filepath.Join(s.Dir, "work")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return auto.Stack{}, err
		}
	}
	if s.InstallPlugin {
		if err := installPlugin(ctx, s.Root, env); err != nil {
			return auto.Stack{}, err
		}
	}
	// Root is the directory holding bin/pulumi: the repository itself.
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: s.Root})
	if err != nil {
		return auto.Stack{}, fmt.Errorf("bin/pulumi: %w", err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, s.Name, Project, s.Program,
		auto.Pulumi(cli),
		auto.WorkDir(filepath.Join(s.Dir, "work")),
		auto.PulumiHome(env["PULUMI_HOME"]),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(env),
	)
	if err != nil {
		return auto.Stack{}, fmt.Errorf("create stack %s: %w", s.Name, err)
	}
	err = stack.SetAllConfig(ctx, auto.ConfigMap{
		"cloudflare-secondary-dns:baseUrl":   {Value: s.Provider.BaseURL},
		"cloudflare-secondary-dns:apiToken":  {Value: s.Provider.APIToken, Secret: true},
		"cloudflare-secondary-dns:accountId": {Value: s.Provider.AccountID},
	})
	if err != nil {
		return auto.Stack{}, fmt.Errorf("configure stack %s: %w", s.Name, err)
	}
	return stack, nil
}

// installPlugin installs bin/'s provider into the Pulumi home of env at the version the binary
// reports, which is the version the generated SDK asks the engine for.
func installPlugin(ctx context.Context, root string, env map[string]string) error {
	binary := filepath.Join(root, "bin", providerBinary)
	out, err := exec.CommandContext(ctx, binary, "--version").Output()
	if err != nil {
		return fmt.Errorf("%s --version: %w", binary, err)
	}
	version := strings.TrimSpace(string(out))
	cmd := exec.CommandContext(ctx, filepath.Join(root, "bin", "pulumi"),
		"plugin", "install", "resource", "cloudflare-secondary-dns", version, "--file", binary)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pulumi plugin install resource cloudflare-secondary-dns %s: %w\n%s", version, err, out)
	}
	return nil
}

package engine

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Shell runs the Pulumi CLI as a user types it, in a project directory, with the hermetic
// environment of a stack: the built provider plugin installed in the Pulumi home, as
// `make install` does for a user, and the YAML language host beside bin/pulumi, where the CLI
// looks for the language hosts it bundles; it finds neither on PATH (which it warns about at
// every step).
type Shell struct {
	root, work string
	env        []string
	secrets    []string // never shown in Run's errors, nor by Redact
}

// NewShell prepares a scratch Pulumi home and state under dir, for the project in work.
func NewShell(ctx context.Context, root, dir, work string) (*Shell, error) {
	if err := CheckBuilt(root); err != nil {
		return nil, err
	}
	env := hermeticEnv(root, dir, true)
	for _, d := range []string{env["PULUMI_HOME"], StateDir(dir)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	if err := installPlugin(ctx, root, env); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(root, "bin", "pulumi-language-yaml")); err != nil {
		return nil, fmt.Errorf("bin/pulumi-language-yaml is missing: run `make yaml-host` in %s (%w)", root, err)
	}
	s := &Shell{root: root, work: work, env: os.Environ()}
	for k, v := range env {
		s.env = append(s.env, k+"="+v)
	}
	return s, nil
}

// Secret registers values (a token, a TSIG secret) that Run's errors and Redact never show.
func (s *Shell) Secret(values ...string) {
	s.secrets = append(s.secrets, values...)
}

// Redact replaces every registered secret in text.
func (s *Shell) Redact(text string) string {
	for _, v := range s.secrets {
		if v != "" {
			text = strings.ReplaceAll(text, v, "[secret]")
		}
	}
	return text
}

// Run runs `pulumi args...` and returns what it printed, both streams together. Its error
// quotes the command and its output with the registered secrets redacted.
func (s *Shell) Run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.root, "bin", "pulumi"), append(args, "--non-interactive")...)
	cmd.Dir = s.work
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("pulumi %s: %w\n%s", s.Redact(strings.Join(args, " ")), err, s.Redact(string(out)))
	}
	return string(out), nil
}

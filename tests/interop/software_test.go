package interop

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// fatalRecorder records a Fatalf and ends the goroutine, as testing.T does.
type fatalRecorder struct {
	testing.TB
	message string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.message = fmt.Sprintf(format, args...)
	panic(r)
}

func TestMissingServerFailsWithInstallCommand(t *testing.T) {
	t.Parallel()
	r := &fatalRecorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != r {
				panic(p)
			}
		}()
		requireInstalled(r, "bind", softwareSpec{packages: "bind9", binaries: []string{"no-such-named"}})
	}()
	for _, want := range []string{"bind is not installed (no no-such-named)", "apt-get install -y --no-install-recommends bind9\n", InstallCommand} {
		if !strings.Contains(r.message, want) {
			t.Errorf("failure %q lacks %q", r.message, want)
		}
	}
}

// TestVersions prints each server's version and checks it names one.
func TestVersions(t *testing.T) {
	t.Parallel()
	for _, sw := range Softwares() {
		v := Version(t, sw)
		t.Logf("%s: %s", sw, v)
		if !strings.ContainsAny(v, "0123456789") {
			t.Errorf("%s: %q names no version", sw, v)
		}
	}
}

// TestPackageListCoversEveryServer: packages.txt names each server the harness runs, and the
// install line CONTRIBUTING.md gives is the one the list makes.
func TestPackageListCoversEveryServer(t *testing.T) {
	t.Parallel()
	for _, sw := range Softwares() {
		if p, ok := packageList[sw]; !ok || p.packages == "" || len(p.binaries) == 0 {
			t.Errorf("packages.txt has no packages and programs for %s", sw)
		}
	}
	contributing, err := os.ReadFile("../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(contributing), InstallCommand) {
		t.Errorf("CONTRIBUTING.md does not show %q, the command packages.txt makes", InstallCommand)
	}
}

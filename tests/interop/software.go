package interop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

// The function's values, and where its parts go.
const (
	bind     provider.NameserverSoftware = "bind"
	knot     provider.NameserverSoftware = "knot"
	nsd      provider.NameserverSoftware = "nsd"
	powerdns provider.NameserverSoftware = "powerdns"

	primary   provider.NameserverRole = "primary"
	secondary provider.NameserverRole = "secondary"

	namedConf = "named.conf"
	knotConf  = "knot.conf"
	nsdConf   = "nsd.conf"
	pdnsConf  = "pdns.conf"
	shell     = "shell"
)

// Softwares are the servers the harness runs.
func Softwares() []provider.NameserverSoftware {
	return []provider.NameserverSoftware{bind, knot, nsd, powerdns}
}

// softwareSpec is what differs between the servers: packages and binaries (packages.txt), the
// server-level settings around the rendered configuration, and how to run and reload.
type softwareSpec struct {
	packages  string
	binaries  []string
	version   []string
	configure func(s *Server) error
	command   func(s *Server) []string
	reload    func(s *Server) error
}

var softwares = map[provider.NameserverSoftware]softwareSpec{
	bind: {
		version: []string{"named", "-v"},
		configure: func(s *Server) error {
			// notify explicit: NOTIFY only to also-notify, not to the zone's NS hosts.
			return s.writeConfig("named.conf", fmt.Sprintf(`options {
	directory %[1]q;
	pid-file %[2]q;
	session-keyfile %[3]q;
	managed-keys-directory %[1]q;
	listen-on port %[4]d { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	allow-transfer { none; };
	notify explicit;
	notify-delay 0;
};
controls { };
`, s.Dir, s.path("named.pid"), s.path("session.key"), s.spec.Port), s.Config.Files()[namedConf])
		},
		command: func(s *Server) []string {
			return []string{binary("named"), "-g", "-4", "-c", s.path("named.conf")}
		},
		reload: func(s *Server) error { return s.cmd.Process.Signal(syscall.SIGHUP) },
	},
	knot: {
		version: []string{"knotd", "--version"},
		configure: func(s *Server) error {
			return s.writeConfig("knot.conf", fmt.Sprintf(`server:
    rundir: %[1]q
    pidfile: %[2]q
    listen: 127.0.0.1@%[3]d
control:
    listen: %[4]q
log:
  - target: stderr
    any: info
database:
    storage: %[1]q
template:
  - id: default
    storage: %[1]q
`, s.Dir, s.path("knot.pid"), s.spec.Port, s.path("knot.sock")), s.Config.Files()[knotConf])
		},
		command: func(s *Server) []string { return []string{binary("knotd"), "-c", s.path("knot.conf")} },
		reload: func(s *Server) error {
			return s.command(binary("knotc"), "-s", s.path("knot.sock"), "zone-reload", s.Zone)
		},
	},
	nsd: {
		version: []string{"nsd", "-v"},
		configure: func(s *Server) error {
			// username "": stay the user running the test, which owns the directory.
			return s.writeConfig("nsd.conf", fmt.Sprintf(`server:
    ip-address: 127.0.0.1@%[2]d
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: %[1]q
    database: ""
    zonelistfile: %[3]q
    xfrdfile: %[4]q
    xfrdir: %[1]q
    pidfile: %[5]q
    verbosity: 2
remote-control:
    control-enable: yes
    control-interface: %[6]q
`, s.Dir, s.spec.Port, s.path("zone.list"), s.path("xfrd.state"), s.path("nsd.pid"), s.path("nsd.ctl")), s.Config.Files()[nsdConf])
		},
		command: func(s *Server) []string { return []string{binary("nsd"), "-d", "-c", s.path("nsd.conf")} },
		reload: func(s *Server) error {
			return s.command(binary("nsd-control"), "-c", s.path("nsd.conf"), "reload", strings.TrimSuffix(s.Zone, "."))
		},
	},
	powerdns: {
		version:   []string{"pdns_server", "--version"},
		configure: configurePowerDNS,
		command:   func(s *Server) []string { return []string{binary("pdns_server"), "--config-dir=" + s.Dir} },
		reload: func(s *Server) error {
			// What the rendered comment tells users: reload the file, then NOTIFY.
			zone := strings.TrimSuffix(s.Zone, ".")
			if err := s.command(binary("pdns_control"), "--config-dir="+s.Dir, "bind-reload-now", zone); err != nil {
				return err
			}
			return s.command(binary("pdns_control"), "--config-dir="+s.Dir, "notify", zone)
		},
	},
}

// configurePowerDNS writes pdns.conf and the bind backend's named.conf, creates the key
// database, and runs the rendered pdnsutil commands as a user would, through a pdnsutil on PATH
// that points at this server's configuration.
func configurePowerDNS(s *Server) error {
	files := s.Config.Files()
	// allow-axfr-ips: the default lets any loopback client transfer unsigned, and every test
	// client is on loopback. only-notify: NOTIFY only to ALSO-NOTIFY, not the zone's NS hosts.
	err := s.writeConfig("pdns.conf", fmt.Sprintf(`launch=bind
bind-config=%[2]s
bind-dnssec-db=%[3]s
local-address=127.0.0.1
local-port=%[4]d
socket-dir=%[1]s
daemon=no
guardian=no
disable-syslog=yes
loglevel=6
security-poll-suffix=
distributor-threads=1
xfr-cycle-interval=1
allow-axfr-ips=
only-notify=
`, s.Dir, s.path("named.conf"), s.path("bind-dnssec.sqlite3"), s.spec.Port), files[pdnsConf])
	if err != nil {
		return err
	}
	if err := s.writeConfig("named.conf", "", files[namedConf]); err != nil {
		return err
	}
	// A new configuration (Rekey) starts from a new database: the keys and zone settings are
	// the rendered ones only.
	if err := os.Remove(s.path("bind-dnssec.sqlite3")); err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := s.command(binary("pdnsutil"), "--config-dir="+s.Dir, "create-bind-db", s.path("bind-dnssec.sqlite3")); err != nil {
		return err
	}
	if files[shell] == "" {
		return nil
	}
	bin := s.path("bin")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec %s --config-dir=%s \"$@\"\n", binary("pdnsutil"), s.Dir)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(bin, "pdnsutil"), []byte(wrapper), 0o755); err != nil {
		return err
	}
	cmd := exec.Command("/bin/sh", "-e", "-c", files[shell])
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		// The script holds the secret: show pdnsutil's answer, not the commands.
		return fmt.Errorf("the rendered pdnsutil commands failed: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (s *Server) path(name string) string { return filepath.Join(s.Dir, name) }

// writeConfig writes the server-level settings followed by the rendered configuration.
func (s *Server) writeConfig(name, serverLevel, rendered string) error {
	text := serverLevel
	if rendered != "" {
		text += "\n" + rendered
	}
	return os.WriteFile(s.path(name), []byte(text), 0o600)
}

// software returns what the harness knows of sw, failing the test when a binary is missing.
func software(t testing.TB, sw provider.NameserverSoftware) softwareSpec {
	t.Helper()
	spec, ok := softwares[sw]
	pkg, listed := packageList[sw]
	if !ok || !listed {
		t.Fatalf("no harness for %q", sw)
	}
	spec.packages, spec.binaries = pkg.packages, pkg.binaries
	requireInstalled(t, sw, spec)
	return spec
}

func requireInstalled(t testing.TB, sw provider.NameserverSoftware, spec softwareSpec) {
	t.Helper()
	for _, b := range spec.binaries {
		if binary(b) == "" {
			t.Fatalf("%s is not installed (no %s): install it with\n    %s\n(every server: %s)",
				sw, b, installCommand(spec.packages), InstallCommand)
		}
	}
}

// binary finds a program on PATH or in the sbin directories, which a non-root PATH may lack.
func binary(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/bin"} {
		if p := filepath.Join(dir, name); isExecutable(p) {
			return p
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

var versions sync.Map // provider.NameserverSoftware -> string

// Version is the server's version line, as its binary reports it.
func Version(t testing.TB, sw provider.NameserverSoftware) string {
	t.Helper()
	if v, ok := versions.Load(sw); ok {
		return v.(string)
	}
	spec := software(t, sw)
	// pdns_server --version exits with status 99 after printing it: judge by the output.
	out, err := exec.Command(binary(spec.version[0]), spec.version[1:]...).CombinedOutput()
	v := versionLine(string(out))
	if v == "" {
		t.Fatalf("%v printed no version: %v: %s", spec.version, err, out)
	}
	versions.Store(sw, v)
	return v
}

// versionLine picks the line that names the version (PowerDNS prefixes a date and adds more).
func versionLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(strings.ToLower(l), "version") || strings.Contains(l, "PowerDNS Authoritative Server") {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

package nsconfig

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// testKey's secret is recognisable, to find it wherever it leaks.
var testKey = &Key{Name: "transfer.example.com.", Algorithm: "hmac-sha512.", Secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQ="}

// nextKey is the key a rotation moves to: another name, algorithm and secret.
var nextKey = Key{Name: "transfer-2027.example.com.", Algorithm: "hmac-sha256.", Secret: "bmV4dC1zZWNyZXQtbmV4dA=="}

// TestRenderGolden pins the whole output of every software and role, with and without a key,
// for Cloudflare's addresses: what users paste. The interop tests prove the same text against
// the real servers.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, s := range Softwares() {
		for _, r := range Roles() {
			for _, keys := range []struct {
				suffix   string
				key      *Key
				accepted []Key
			}{{"", testKey, nil}, {"-nokey", nil, nil}, {"-rotation", testKey, []Key{nextKey}}} {
				name := fmt.Sprintf("%s-%s%s", s, r, keys.suffix)
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					c, err := Render(Request{Software: s, Role: r, Zone: "example.com.", Key: keys.key, AcceptedKeys: keys.accepted})
					if err != nil {
						t.Fatal(err)
					}
					golden := filepath.Join("testdata", name+".txt")
					if *update {
						if err := os.WriteFile(golden, []byte(c.String()), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatalf("%v (run go test -update to write it)", err)
					}
					if got := c.String(); got != string(want) {
						t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, got)
					}
					if c.ZoneFile != DefaultZoneFile(s, r, "example.com") {
						t.Errorf("ZoneFile = %q, want the default %q", c.ZoneFile, DefaultZoneFile(s, r, "example.com"))
					}
				})
			}
		}
	}
}

// TestRenderSecretOnlyInKeyParts: the secrets are in the parts marked Secret and nowhere else.
func TestRenderSecretOnlyInKeyParts(t *testing.T) {
	t.Parallel()
	for _, s := range Softwares() {
		for _, r := range Roles() {
			c, err := Render(Request{Software: s, Role: r, Zone: "example.com", Key: testKey, AcceptedKeys: []Key{nextKey}})
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{testKey.Secret, nextKey.Secret} {
				if !strings.Contains(c.KeyText(), secret) || strings.Contains(c.PublicText(), secret) {
					t.Errorf("%s %s: each secret must be in KeyText only", s, r)
				}
			}
			if !strings.Contains(c.PublicText(), testKey.Name) {
				t.Errorf("%s %s: the public text does not name the key", s, r)
			}
			if c.String() != joinParts(c.Parts) {
				t.Errorf("%s %s: String is not every part in order", s, r)
			}
			files := c.Files()
			for _, p := range c.Parts {
				if !strings.Contains(files[p.File], p.Text) {
					t.Errorf("%s %s: Files()[%q] lacks a part", s, r, p.File)
				}
			}
		}
	}
}

func joinParts(parts []Part) string {
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Text
	}
	return strings.Join(texts, "\n")
}

// TestRenderAlgorithms maps each of Cloudflare's names to the servers' own.
func TestRenderAlgorithms(t *testing.T) {
	t.Parallel()
	want := map[string]map[Software]string{}
	for _, a := range []struct{ cloudflare, server string }{
		{"hmac-md5.sig-alg.reg.int.", "hmac-md5"}, {"hmac-sha1.", "hmac-sha1"}, {"hmac-sha224.", "hmac-sha224"},
		{"hmac-sha256.", "hmac-sha256"}, {"hmac-sha384.", "hmac-sha384"}, {"hmac-sha512.", "hmac-sha512"},
	} {
		want[a.cloudflare] = map[Software]string{
			BIND:     "\talgorithm " + a.server + ";\n",
			Knot:     "    algorithm: " + a.server + "\n",
			NSD:      "    algorithm: " + a.server + "\n",
			PowerDNS: "pdnsutil import-tsig-key transfer.example.com. " + a.server + " " + testKey.Secret + "\n",
		}
	}
	for algorithm, bySoftware := range want {
		for s, line := range bySoftware {
			key := *testKey
			key.Algorithm = algorithm
			c, err := Render(Request{Software: s, Role: Primary, Zone: "example.com", Key: &key})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(c.KeyText(), line) {
				t.Errorf("%s, %s: want %q in\n%s", s, algorithm, line, c.KeyText())
			}
		}
	}
}

// TestRenderOverrides: addresses with ports and prefixes in each server's syntax.
func TestRenderOverrides(t *testing.T) {
	t.Parallel()
	primary := Request{Role: Primary, Zone: "example.com", Key: testKey,
		TransferFrom: []string{"192.0.2.7", "2001:db8:1::/48"}, NotifyTo: []string{"192.0.2.8:5300", "[2001:db8::8]:5301", "2001:db8::9"}}
	secondary := Request{Role: Secondary, Zone: "example.com", Key: testKey, ZoneFile: "/srv/zones/example.com.db",
		Primaries: []string{"192.0.2.9:5302", "[2001:db8::9]:53"}, NotifyFrom: []string{"192.0.2.0/28"}}
	tests := []struct {
		software Software
		req      Request
		want     []string
	}{
		{BIND, primary, []string{"\t\t\t!192.0.2.7;\n", "\t\t\t!2001:db8:1::/48;\n",
			"\t\t192.0.2.8 port 5300 key \"transfer.example.com.\";\n", "\t\t2001:db8::8 port 5301 key \"transfer.example.com.\";\n",
			"\t\t2001:db8::9 key \"transfer.example.com.\";\n"}},
		{BIND, secondary, []string{"\tfile \"/srv/zones/example.com.db\";\n", "\t\t192.0.2.9 port 5302 key \"transfer.example.com.\";\n",
			"\t\t2001:db8::9 key \"transfer.example.com.\";\n", "\t\t192.0.2.0/28;\n"}},
		{Knot, primary, []string{"    address: [192.0.2.7, 2001:db8:1::/48]\n", "    address: 192.0.2.8@5300\n",
			"    address: 2001:db8::8@5301\n", "    address: 2001:db8::9\n"}},
		{Knot, secondary, []string{"    file: \"/srv/zones/example.com.db\"\n", "    address: [192.0.2.9@5302, 2001:db8::9]\n",
			"    address: [192.0.2.0/28]\n"}},
		{NSD, primary, []string{"    provide-xfr: 192.0.2.7 \"transfer.example.com.\"\n", "    provide-xfr: 2001:db8:1::/48 \"transfer.example.com.\"\n",
			"    notify: 192.0.2.8@5300 \"transfer.example.com.\"\n", "    notify: 2001:db8::8@5301 \"transfer.example.com.\"\n"}},
		{NSD, secondary, []string{"    request-xfr: 192.0.2.9@5302 \"transfer.example.com.\"\n", "    request-xfr: 2001:db8::9 \"transfer.example.com.\"\n",
			"    allow-notify: 192.0.2.0/28 NOKEY\n", "    allow-notify: 192.0.2.0/28 \"transfer.example.com.\"\n"}},
		{PowerDNS, primary, []string{"pdnsutil set-meta example.com ALSO-NOTIFY 192.0.2.8:5300 [2001:db8::8]:5301 2001:db8::9\n",
			"pdnsutil set-meta example.com TSIG-ALLOW-AXFR transfer.example.com.\n"}},
		{PowerDNS, secondary, []string{"masters { 192.0.2.9:5302; 2001:db8::9; }; file \"/srv/zones/example.com.db\";",
			"trusted-notification-proxy=192.0.2.0/28\n"}},
	}
	for _, tt := range tests {
		tt.req.Software = tt.software
		c, err := Render(tt.req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.software, tt.req.Role, err)
		}
		for _, line := range tt.want {
			if !strings.Contains(c.String(), line) {
				t.Errorf("%s %s: want %q in\n%s", tt.software, tt.req.Role, line, c)
			}
		}
	}
}

// TestRenderErrors: each bad input is named, with what it accepts; the secret never shows.
func TestRenderErrors(t *testing.T) {
	t.Parallel()
	ok := Request{Software: BIND, Role: Primary, Zone: "example.com"}
	with := func(change func(*Request)) Request {
		r := ok
		change(&r)
		return r
	}
	badSecret := "not base64 but secret!"
	tests := []struct {
		req   Request
		input string
		want  string
	}{
		{with(func(r *Request) { r.Software = "djbdns" }), "software", `"djbdns" is not supported: expected one of "bind", "knot", "nsd", "powerdns"`},
		{with(func(r *Request) { r.Role = "master" }), "role", `"master" is not a role: expected "primary"`},
		{with(func(r *Request) { r.Zone = "" }), "zoneName", `"" is not a DNS name`},
		{with(func(r *Request) { r.Zone = "exa mple.com" }), "zoneName", `(label "exa mple")`},
		{with(func(r *Request) { r.ZoneFile = `/etc/bind/"x".zone` }), "zoneFile", "is not a usable path"},
		{with(func(r *Request) { r.Key = &Key{Name: "-bad", Algorithm: "hmac-sha256.", Secret: "c2VjcmV0"} }), "tsigName", `"-bad" is not a DNS name`},
		{with(func(r *Request) { r.Key = &Key{Name: "k", Algorithm: "hmac-sha256", Secret: "c2VjcmV0"} }), "tsigAlgo",
			`"hmac-sha256" is not a supported TSIG algorithm: expected one of "hmac-md5.sig-alg.reg.int.", "hmac-sha1."`},
		{with(func(r *Request) { r.Key = &Key{Name: "k", Algorithm: "hmac-sha256.", Secret: badSecret} }), "tsigSecret", "the secret is not valid base64"},
		{with(func(r *Request) { r.Key = &Key{Name: "k", Algorithm: "hmac-sha256.", Secret: ""} }), "tsigSecret", "the secret is empty"},
		{with(func(r *Request) { r.AcceptedKeys = []Key{nextKey} }), "acceptedKeys", "accepted keys need a current key"},
		{with(func(r *Request) {
			r.Key = testKey
			r.AcceptedKeys = []Key{nextKey, {Name: "k", Algorithm: "hmac-sha1.", Secret: badSecret}}
		}),
			"acceptedKeys[1].secret", "the secret is not valid base64"},
		{with(func(r *Request) {
			r.Key = testKey
			r.AcceptedKeys = []Key{{Name: "k", Algorithm: "sha1", Secret: "c2VjcmV0"}}
		}),
			"acceptedKeys[0].algo", `"sha1" is not a supported TSIG algorithm`},
		{with(func(r *Request) {
			r.Key = testKey
			r.AcceptedKeys = []Key{{Name: "TRANSFER.example.com", Algorithm: "hmac-sha1.", Secret: "c2VjcmV0"}}
		}), "acceptedKeys[0].name", `"TRANSFER.example.com" is given twice: a server holds one secret per key name`},
		{with(func(r *Request) { r.TransferFrom = []string{"192.0.2.1:53"} }), "transferFrom", "(an access list matches addresses, not ports)"},
		{with(func(r *Request) { r.TransferFrom = []string{"192.0.2.1/24"} }), "transferFrom", `did you mean "192.0.2.0/24"?`},
		{with(func(r *Request) { r.TransferFrom = []string{"ns1.example.com"} }), "transferFrom", `"ns1.example.com" is not an address or prefix: expected an IP address`},
		{with(func(r *Request) { r.NotifyTo = []string{"192.0.2.1:0"} }), "notifyTo", `"192.0.2.1:0" is not an address`},
		{with(func(r *Request) { r.NotifyTo = []string{"192.0.2.0/24"} }), "notifyTo", `"[2001:db8::1]:5353"`},
		{with(func(r *Request) { r.NotifyTo = []string{"::ffff:192.0.2.1"} }), "notifyTo", "IPv4-mapped"},
		{with(func(r *Request) { r.Primaries = []string{"192.0.2.1"} }), "primaries", `applies to the "secondary" role only`},
		{with(func(r *Request) { r.NotifyFrom = []string{"192.0.2.1"} }), "notifyFrom", `applies to the "secondary" role only`},
		{with(func(r *Request) { r.Role = Secondary; r.NotifyTo = []string{"192.0.2.1"} }), "notifyTo", `applies to the "primary" role only`},
		{with(func(r *Request) { r.Role = Secondary; r.Primaries = []string{"primary.example.com:53"} }), "primaries", "is not an address"},
		{with(func(r *Request) { r.Role = Secondary; r.NotifyFrom = []string{"fe80::1%eth0"} }), "notifyFrom", "is not an address or prefix"},
	}
	for _, tt := range tests {
		_, err := Render(tt.req)
		if err == nil {
			t.Errorf("%s: no error for %+v", tt.input, tt.req)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.input+": ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %q, want it to start with %q and hold %q", err, tt.input+": ", tt.want)
		}
		if strings.Contains(err.Error(), badSecret) {
			t.Errorf("the error holds the secret: %v", err)
		}
	}
}

// Package nsconfig renders what a user adds to their own nameserver (BIND 9, Knot DNS, NSD or
// PowerDNS Authoritative) to exchange zone transfers with Cloudflare Secondary DNS: the TSIG key
// in the server's syntax and the zone with Cloudflare's addresses.
//
// The output is meant to be pasted as is; the interop tests (tests/interop) embed it in minimal
// server configurations and run the real servers against it.
package nsconfig

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// Software is a nameserver implementation.
type Software string

const (
	BIND     Software = "bind"
	Knot     Software = "knot"
	NSD      Software = "nsd"
	PowerDNS Software = "powerdns"
)

// Softwares lists every supported nameserver, in a stable order.
func Softwares() []Software { return []Software{BIND, Knot, NSD, PowerDNS} }

// Role is what the user's server is to Cloudflare.
type Role string

const (
	// Primary: the user's server holds the zone and Cloudflare pulls it (Cloudflare is the
	// secondary).
	Primary Role = "primary"
	// Secondary: the user's server pulls the zone from Cloudflare (Cloudflare is the primary).
	Secondary Role = "secondary"
)

// Roles lists both roles.
func Roles() []Role { return []Role{Primary, Secondary} }

// Cloudflare's zone-transfer addresses, from developers.cloudflare.com (current since
// 2026-04-15). Returned as fresh slices so no caller can change them for another.

// CloudflareTransferSources are where Cloudflare sends AXFR/IXFR requests and NOTIFY from.
func CloudflareTransferSources() []string {
	return []string{"104.30.167.163", "104.30.167.173", "2a09:bac0:1000:c47::/64"}
}

// CloudflareNotifyTargets are where a primary sends NOTIFY for a zone Cloudflare is secondary for.
func CloudflareNotifyTargets() []string {
	return []string{"172.65.30.82", "172.65.50.145", "2606:4700:60:0:317:26ee:3bdf:5774", "2606:4700:60:0:35a:4be3:4144:c5ee"}
}

// CloudflarePrimaries are where a secondary pulls a zone Cloudflare is primary for.
func CloudflarePrimaries() []string { return []string{"172.65.64.6"} }

// Key is a TSIG key as Cloudflare names it.
type Key struct {
	// Name is the key name, written as given; the name on the wire is absolute, so "k" and
	// "k." are the same key.
	Name string
	// Algorithm is the RFC 8945 name with the trailing dot, e.g. "hmac-sha512.".
	Algorithm string
	// Secret is the base64 shared secret.
	Secret string
}

// Request says what to render. Errors name the inputs as the nameserverConfig function does
// (software, role, zoneName, zoneFile, tsigName, tsigAlgo, tsigSecret, acceptedKeys,
// transferFrom, notifyTo, primaries, notifyFrom).
type Request struct {
	Software Software
	Role     Role
	// Zone is the zone name, with or without the trailing dot.
	Zone string
	// ZoneFile is the zone file's path; empty: DefaultZoneFile.
	ZoneFile string
	// Key signs the transfers; nil renders the configuration without TSIG.
	Key *Key
	// AcceptedKeys are keys still accepted beside Key while a key is rotated (Key is needed
	// with them): as primary, transfers signed with any of them are served; as secondary, the
	// primaries are tried with Key first and then with each of these, where the server can
	// (PowerDNS signs its pulls with one key only: Key). NOTIFY is always signed with Key.
	AcceptedKeys []Key

	// Primary role. TransferFrom: who may pull the zone (addresses or prefixes; empty:
	// CloudflareTransferSources). NotifyTo: where NOTIFY goes (ip or ip:port, [ipv6]:port;
	// empty: CloudflareNotifyTargets).
	TransferFrom []string
	NotifyTo     []string

	// Secondary role. Primaries: where the zone is pulled from, tried in order (ip or ip:port;
	// empty: CloudflarePrimaries). NotifyFrom: who may send NOTIFY (addresses or prefixes;
	// empty: CloudflareTransferSources).
	Primaries  []string
	NotifyFrom []string
}

// InputError is a bad input, named as the nameserverConfig function names it.
type InputError struct {
	Input  string
	Reason string
}

func (e *InputError) Error() string { return e.Input + ": " + e.Reason }

func inputError(input, format string, args ...any) error {
	return &InputError{Input: input, Reason: fmt.Sprintf(format, args...)}
}

// DefaultZoneFile is the zone file a zone statement names when the request gives none: relative
// to the server's zone directory (BIND's directory, Knot's storage, NSD's zonesdir); PowerDNS's
// bind backend has no such directory, so an absolute path in Debian's layout (a secondary's in
// the directory the pdns user may write).
func DefaultZoneFile(s Software, r Role, zone string) string {
	name := strings.TrimSuffix(zone, ".") + ".zone"
	if s != PowerDNS {
		return name
	}
	if r == Secondary {
		return "/var/lib/powerdns/zones.slave.d/" + name
	}
	return "/etc/powerdns/" + name
}

func checkName(input, s, example string) error {
	if err := tsigrules.DNSName(s, fmt.Sprintf("%q", example)); err != nil {
		return inputError(input, "%s", err)
	}
	return nil
}

// serverKey is a validated key with its algorithm in the servers' spelling.
type serverKey struct {
	Key
	algorithm string
}

// keyInputs name a key's fields as the nameserverConfig function does.
type keyInputs struct{ name, algorithm, secret string }

// checkKey validates a key by the rules Tsig uses too (tsigrules), naming the failing input.
func checkKey(k Key, in keyInputs) (serverKey, error) {
	if err := checkName(in.name, k.Name, "transfer.example.com."); err != nil {
		return serverKey{}, err
	}
	algorithm, err := tsigrules.LookupAlgorithm(k.Algorithm)
	if err != nil {
		return serverKey{}, inputError(in.algorithm, "%s", err)
	}
	if err := tsigrules.Secret(k.Secret); err != nil {
		return serverKey{}, inputError(in.secret, "%s", err)
	}
	return serverKey{Key: k, algorithm: algorithm.ServerName}, nil
}

func quoted[T ~string](values []T) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(out, ", ")
}

// zoneFileChars are the characters a path may hold so that it can be written, quoted, in every
// server's syntax without escaping.
var zoneFileChars = regexp.MustCompile(`^[A-Za-z0-9_./@%+:,~-]+$`)

// request is a validated Request with its defaults applied and its addresses parsed.
type request struct {
	Request
	zone string // without the trailing dot
	// keys are Key first, then AcceptedKeys; empty without TSIG.
	keys []serverKey
	// Primary role.
	transferFrom []netip.Prefix
	notifyTo     []netip.AddrPort
	// Secondary role.
	primaries  []netip.AddrPort
	notifyFrom []netip.Prefix
}

func (r Request) validate() (*request, error) {
	if !slices.Contains(Softwares(), r.Software) {
		return nil, inputError("software", "%q is not supported: expected one of %s", r.Software, quoted(Softwares()))
	}
	if !slices.Contains(Roles(), r.Role) {
		return nil, inputError("role", "%q is not a role: expected %q (your server feeds Cloudflare) or %q (your server pulls from Cloudflare)",
			r.Role, Primary, Secondary)
	}
	if err := checkName("zoneName", r.Zone, "example.com"); err != nil {
		return nil, err
	}
	v := &request{Request: r, zone: strings.TrimSuffix(r.Zone, ".")}
	if v.ZoneFile == "" {
		v.ZoneFile = DefaultZoneFile(r.Software, r.Role, r.Zone)
	} else if !zoneFileChars.MatchString(v.ZoneFile) {
		return nil, inputError("zoneFile", "%q is not a usable path: expected letters, digits and . _ / - @ %% + : , ~ (no spaces or quotes)", v.ZoneFile)
	}
	if r.Key == nil && len(r.AcceptedKeys) > 0 {
		return nil, inputError("acceptedKeys", "accepted keys need a current key: give tsigName, tsigAlgo and tsigSecret "+
			"(the key NOTIFY is signed with) beside them")
	}
	if r.Key != nil {
		k, err := checkKey(*r.Key, keyInputs{"tsigName", "tsigAlgo", "tsigSecret"})
		if err != nil {
			return nil, err
		}
		v.keys = append(v.keys, k)
	}
	for i, key := range r.AcceptedKeys {
		input := fmt.Sprintf("acceptedKeys[%d]", i)
		k, err := checkKey(key, keyInputs{input + ".name", input + ".algo", input + ".secret"})
		if err != nil {
			return nil, err
		}
		for _, earlier := range v.keys {
			// A server holds one secret per key name: a rotation needs a key of another name.
			if tsigrules.SameName(earlier.Name, k.Name) {
				return nil, inputError(input+".name", "%q is given twice: a server holds one secret per key name, so a new key "+
					"needs a new name (e.g. with the date in it)", k.Name)
			}
		}
		v.keys = append(v.keys, k)
	}
	var err error
	switch r.Role {
	case Primary:
		if err := onlyFor("primaries", r.Primaries, "secondary"); err != nil {
			return nil, err
		}
		if err := onlyFor("notifyFrom", r.NotifyFrom, "secondary"); err != nil {
			return nil, err
		}
		if v.transferFrom, err = parsePrefixes("transferFrom", r.TransferFrom, CloudflareTransferSources()); err != nil {
			return nil, err
		}
		if v.notifyTo, err = parseAddrPorts("notifyTo", r.NotifyTo, CloudflareNotifyTargets()); err != nil {
			return nil, err
		}
	case Secondary:
		if err := onlyFor("transferFrom", r.TransferFrom, "primary"); err != nil {
			return nil, err
		}
		if err := onlyFor("notifyTo", r.NotifyTo, "primary"); err != nil {
			return nil, err
		}
		if v.primaries, err = parseAddrPorts("primaries", r.Primaries, CloudflarePrimaries()); err != nil {
			return nil, err
		}
		if v.notifyFrom, err = parsePrefixes("notifyFrom", r.NotifyFrom, CloudflareTransferSources()); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func onlyFor(input string, values []string, role Role) error {
	if len(values) > 0 {
		return inputError(input, "applies to the %q role only: remove it, or set role to %q", role, role)
	}
	return nil
}

// parsePrefixes reads an access list: addresses and prefixes, no ports.
func parsePrefixes(input string, values, defaults []string) ([]netip.Prefix, error) {
	const accepted = `expected an IP address such as "192.0.2.1" or "2001:db8::1", or a prefix such as "192.0.2.0/28" or "2001:db8::/64"`
	if len(values) == 0 {
		values = defaults
	}
	out := make([]netip.Prefix, len(values))
	for i, s := range values {
		var p netip.Prefix
		if strings.Contains(s, "/") {
			var err error
			if p, err = netip.ParsePrefix(s); err != nil {
				return nil, inputError(input, "%q is not an address or prefix: %s", s, accepted)
			}
			if p.Masked() != p {
				return nil, inputError(input, "%q has bits set after the prefix length: did you mean %q?", s, p.Masked())
			}
		} else {
			a, err := netip.ParseAddr(s)
			if err != nil || a.Zone() != "" {
				hint := ""
				if _, perr := netip.ParseAddrPort(s); perr == nil {
					hint = " (an access list matches addresses, not ports)"
				}
				return nil, inputError(input, "%q is not an address or prefix%s: %s", s, hint, accepted)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if p.Addr().Is4In6() {
			return nil, inputError(input, "%q is an IPv4-mapped IPv6 address: write the IPv4 address", s)
		}
		out[i] = p
	}
	return out, nil
}

// parseAddrPorts reads servers to send to: an address with an optional port (53 by default).
func parseAddrPorts(input string, values, defaults []string) ([]netip.AddrPort, error) {
	const accepted = `expected an IP address with an optional port: "192.0.2.1", "192.0.2.1:5353", "2001:db8::1" or "[2001:db8::1]:5353"`
	if len(values) == 0 {
		values = defaults
	}
	out := make([]netip.AddrPort, len(values))
	for i, s := range values {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, inputError(input, "%q is not an address: %s", s, accepted)
			}
			ap = netip.AddrPortFrom(a, 53)
		}
		if ap.Addr().Zone() != "" || ap.Port() == 0 {
			return nil, inputError(input, "%q is not an address: %s", s, accepted)
		}
		if ap.Addr().Is4In6() {
			return nil, inputError(input, "%q is an IPv4-mapped IPv6 address: write the IPv4 address", s)
		}
		out[i] = ap
	}
	return out, nil
}

package nsconfig

import (
	"fmt"
	"net/netip"
	"strings"
)

// Where a part of the configuration goes.
const (
	NamedConf = "named.conf" // BIND's configuration, and PowerDNS's bind backend (its bind-config)
	KnotConf  = "knot.conf"
	NSDConf   = "nsd.conf"
	PDNSConf  = "pdns.conf"
	Shell     = "shell" // commands to run once, in this order (PowerDNS keeps keys and zone settings in a database)
)

// Part is a piece of configuration for one file. Its text starts with comments saying where it
// goes and why, and ends with a newline.
type Part struct {
	File string
	// Secret tells that the text holds the TSIG secret.
	Secret bool
	Text   string
}

// Config is a rendered configuration: its parts in the order they are to be applied (a key is
// defined before the zone that uses it).
type Config struct {
	// ZoneFile is the zone file the configuration names: the request's, or DefaultZoneFile.
	ZoneFile string
	Parts    []Part
}

// String is the whole configuration, parts separated by a blank line.
func (c Config) String() string { return c.join(func(Part) bool { return true }) }

// KeyText is the parts that hold the TSIG secret (empty without a key).
func (c Config) KeyText() string { return c.join(func(p Part) bool { return p.Secret }) }

// PublicText is the parts that do not hold the secret: they name the key, never its secret.
func (c Config) PublicText() string { return c.join(func(p Part) bool { return !p.Secret }) }

// Files joins the parts for each file, in order: what a harness writes into each file.
func (c Config) Files() map[string]string {
	out := map[string]string{}
	for _, p := range c.Parts {
		if out[p.File] != "" {
			out[p.File] += "\n"
		}
		out[p.File] += p.Text
	}
	return out
}

func (c Config) join(keep func(Part) bool) string {
	var parts []string
	for _, p := range c.Parts {
		if keep(p) {
			parts = append(parts, p.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// Render validates the request and renders it. Output depends only on the request.
func Render(req Request) (Config, error) {
	r, err := req.validate()
	if err != nil {
		return Config{}, err
	}
	var c Config
	switch r.Software {
	case BIND:
		c = renderBIND(r)
	case Knot:
		c = renderKnot(r)
	case NSD:
		c = renderNSD(r)
	default:
		c = renderPowerDNS(r)
	}
	c.ZoneFile = r.ZoneFile
	return c, nil
}

// text builds a part line by line.
type text struct{ strings.Builder }

func (t *text) line(format string, args ...any) {
	fmt.Fprintf(&t.Builder, format, args...)
	t.WriteByte('\n')
}

func (r *request) summary() string {
	if r.Role == Primary {
		return fmt.Sprintf("Cloudflare Secondary DNS: this server is the primary of %s; Cloudflare pulls the zone from it", r.zone)
	}
	return fmt.Sprintf("Cloudflare Secondary DNS: this server is a secondary of %s; it pulls the zone from Cloudflare", r.zone)
}

// summaryIfFirst heads the zone part when no key part comes before it.
func (r *request) summaryIfFirst() string {
	if r.signed() {
		return ""
	}
	return " " + r.summary() + "."
}

// signed tells whether the transfers are signed with TSIG.
func (r *request) signed() bool { return len(r.keys) > 0 }

// current is the key NOTIFY is signed with, and a secondary tries first.
func (r *request) current() serverKey { return r.keys[0] }

// rotating tells whether keys besides the current one are still accepted.
func (r *request) rotating() bool { return len(r.keys) > 1 }

// keyComment says why the key name matters, once per key part, and during a rotation which
// key is which.
func (r *request) keyComment(prefix string) string {
	name := strings.TrimSuffix(r.current().Name, ".")
	c := fmt.Sprintf("%s The TSIG key, defined once per key. Its name must be identical on Cloudflare (the Tsig's name);\n"+
		"%s \"%s\" and \"%s.\" are the same name on the wire.", prefix, prefix, name, name)
	if r.rotating() {
		c += fmt.Sprintf("\n%s Rotation: %s is the current key; the others are still accepted until the rotation ends\n"+
			"%s (docs: rotating-tsig-keys).", prefix, r.current().Name, prefix)
	}
	return c
}

// keyNames are the names of every key, the current one first.
func (r *request) keyNames() []string {
	names := make([]string, len(r.keys))
	for i, k := range r.keys {
		names[i] = k.Name
	}
	return names
}

// prefixText writes an access-list entry: an address alone, or a prefix.
func prefixText(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.String()
}

// addrPortText writes ip and port the way Knot and NSD do (ip@port), with no port for 53.
func addrAtPort(ap netip.AddrPort) string {
	if ap.Port() == 53 {
		return ap.Addr().String()
	}
	return fmt.Sprintf("%s@%d", ap.Addr(), ap.Port())
}

func renderBIND(r *request) Config {
	var parts []Part
	key := ""
	if r.signed() {
		var k text
		k.line("// named.conf. %s.", r.summary())
		k.line("%s", r.keyComment("//"))
		for _, sk := range r.keys {
			k.line("key %q {", sk.Name)
			k.line("\talgorithm %s;", sk.algorithm)
			k.line("\tsecret %q;", sk.Secret)
			k.line("};")
		}
		parts = append(parts, Part{File: NamedConf, Secret: true, Text: k.String()})
		key = fmt.Sprintf(" key %q", r.current().Name)
	}
	var z text
	z.line("// named.conf: the zone.%s", r.summaryIfFirst())
	z.line("// (Older BIND versions spell primary, secondary and primaries as master, slave and masters.)")
	z.line("zone %q {", r.zone)
	if r.Role == Primary {
		z.line("\ttype primary;")
		z.line("\tfile %q;", r.ZoneFile)
		if r.signed() {
			// An address match list is a list of alternatives; "!{ !a; any; }" rejects every
			// source but a, so that the key is required on top of the address.
			z.line("\t// Zone transfers only from Cloudflare's transfer addresses, and only signed with the key:")
			z.line("\t// the inner list turns away every other address, then the key is required.")
			if r.rotating() {
				z.line("\t// During the rotation, any of the keys.")
			}
			z.line("\tallow-transfer {")
			z.line("\t\t!{")
			for _, p := range r.transferFrom {
				z.line("\t\t\t!%s;", prefixText(p))
			}
			z.line("\t\t\tany;")
			z.line("\t\t};")
			for _, name := range r.keyNames() {
				z.line("\t\tkey %q;", name)
			}
			z.line("\t};")
		} else {
			z.line("\t// Zone transfers only from Cloudflare's transfer addresses.")
			z.line("\tallow-transfer {")
			for _, p := range r.transferFrom {
				z.line("\t\t%s;", prefixText(p))
			}
			z.line("\t};")
		}
		z.line("\t// NOTIFY Cloudflare after each change%s.", signedWith(r))
		z.line("\talso-notify {")
		for _, ap := range r.notifyTo {
			z.line("\t\t%s%s;", bindAddrPort(ap), key)
		}
		z.line("\t};")
		z.line("\t// Keep the differences between versions of the zone file so that Cloudflare can pull them")
		z.line("\t// with IXFR instead of the whole zone.")
		z.line("\tixfr-from-differences yes;")
	} else {
		z.line("\ttype secondary;")
		z.line("\tfile %q;", r.ZoneFile)
		z.line("\t// Pull the zone from Cloudflare%s.", signedWith(r))
		if r.rotating() {
			z.line("\t// Each primary is listed once per key, tried in order: when Cloudflare refuses the")
			z.line("\t// current key (its peer has another), the next one is tried.")
		}
		z.line("\tprimaries {")
		for _, ap := range r.primaries {
			for _, name := range r.keyNames() {
				z.line("\t\t%s key %q;", bindAddrPort(ap), name)
			}
			if !r.signed() {
				z.line("\t\t%s;", bindAddrPort(ap))
			}
		}
		z.line("\t};")
		z.line("\t// Cloudflare sends NOTIFY from other addresses than the one it serves transfers on. A NOTIFY")
		z.line("\t// only prompts a SOA query to the primaries above, so the address is enough.")
		z.line("\tallow-notify {")
		for _, p := range r.notifyFrom {
			z.line("\t\t%s;", prefixText(p))
		}
		z.line("\t};")
	}
	z.line("};")
	return Config{Parts: append(parts, Part{File: NamedConf, Text: z.String()})}
}

func bindAddrPort(ap netip.AddrPort) string {
	if ap.Port() == 53 {
		return ap.Addr().String()
	}
	return fmt.Sprintf("%s port %d", ap.Addr(), ap.Port())
}

func signedWith(r *request) string {
	if !r.signed() {
		return ""
	}
	if r.rotating() {
		return ", signed with the current key (" + strings.TrimSuffix(r.current().Name, ".") + ")"
	}
	return ", signed with the key"
}

// anyOfKeys names the keys accepted during a rotation.
func anyOfKeys(r *request) string {
	if !r.rotating() {
		return ""
	}
	return " (any of " + strings.Join(r.keyNames(), ", ") + ")"
}

func renderKnot(r *request) Config {
	var parts []Part
	if r.signed() {
		var k text
		k.line("# knot.conf. %s.", r.summary())
		k.line("%s", r.keyComment("#"))
		k.line("key:")
		for _, sk := range r.keys {
			k.line("  - id: %s", sk.Name)
			k.line("    algorithm: %s", sk.algorithm)
			k.line("    secret: %s", sk.Secret)
		}
		parts = append(parts, Part{File: KnotConf, Secret: true, Text: k.String()})
	}
	// Identifiers carry the zone name so that the sections of several zones can sit side by side.
	id := func(what string) string { return "cloudflare-" + what + "-" + r.zone }
	var z text
	z.line("# knot.conf: Cloudflare's addresses and the zone.%s", r.summaryIfFirst())
	z.line("# Knot accepts each section (remote, acl, zone) more than once: add these next to yours.")
	var remotes, acls []string
	if r.Role == Primary {
		z.line("# NOTIFY goes to every remote of the zone's notify list; the addresses of a single remote")
		z.line("# would only be tried in turn, hence one remote per Cloudflare address.")
		z.line("remote:")
		for i, ap := range r.notifyTo {
			remote := id(fmt.Sprintf("notify%d", i+1))
			remotes = append(remotes, remote)
			z.line("  - id: %s", remote)
			z.line("    address: %s", addrAtPort(ap))
			if r.signed() {
				z.line("    key: %s", r.current().Name)
			}
		}
		acls = append(acls, id("transfer"))
		z.line("acl:")
		z.line("  - id: %s", acls[0])
		if r.signed() {
			if r.rotating() {
				z.line("    # Zone transfers only from Cloudflare's transfer addresses and signed with a key%s", anyOfKeys(r))
				z.line("    # (a rule matches when both do).")
			} else {
				z.line("    # Zone transfers only from Cloudflare's transfer addresses and signed with the key (a rule")
				z.line("    # matches when both do).")
			}
		} else {
			z.line("    # Zone transfers only from Cloudflare's transfer addresses.")
		}
		z.line("    address: [%s]", knotList(r.transferFrom))
		if r.signed() {
			z.line("    key: %s", knotKeys(r))
		}
		z.line("    action: transfer")
	} else {
		z.line("# The addresses of one remote are tried in turn.")
		if r.rotating() {
			z.line("# A remote has one key: one remote per key, tried in the order of the zone's master list, so")
			z.line("# that when Cloudflare refuses the current key (its peer has another) the next one is tried.")
		}
		z.line("remote:")
		addrs := make([]string, len(r.primaries))
		for i, ap := range r.primaries {
			addrs[i] = addrAtPort(ap)
		}
		// Unsigned, the one remote has no key.
		keys := []string{""}
		if r.signed() {
			keys = r.keyNames()
		}
		for i, key := range keys {
			remote := id("primary")
			if i > 0 {
				remote = id(fmt.Sprintf("primary%d", i+1))
			}
			remotes = append(remotes, remote)
			z.line("  - id: %s", remote)
			z.line("    address: [%s]", strings.Join(addrs, ", "))
			if key != "" {
				z.line("    key: %s", key)
			}
		}
		z.line("# Cloudflare sends NOTIFY from other addresses than the one it serves transfers on. A NOTIFY")
		z.line("# only prompts a SOA query to the primary above, so the address is enough.")
		if r.signed() {
			z.line("# Knot matches a signed message only to a rule that names its key, and an unsigned one only")
			z.line("# to a rule without a key: one rule for each, so a NOTIFY is accepted signed or not.")
		}
		z.line("acl:")
		acls = append(acls, id("notify"))
		z.line("  - id: %s", acls[0])
		z.line("    address: [%s]", knotList(r.notifyFrom))
		z.line("    action: notify")
		if r.signed() {
			acls = append(acls, id("notify-signed"))
			z.line("  - id: %s", acls[1])
			z.line("    address: [%s]", knotList(r.notifyFrom))
			z.line("    key: %s", knotKeys(r))
			z.line("    action: notify")
		}
	}
	z.line("zone:")
	z.line("  - domain: %s.", r.zone)
	z.line("    file: %q", r.ZoneFile)
	if r.Role == Primary {
		z.line("    notify: [%s]", strings.Join(remotes, ", "))
		z.line("    acl: [%s]", strings.Join(acls, ", "))
		z.line("    # Serve IXFR: load changes of the zone file as differences kept in the journal, and leave")
		z.line("    # the file as you wrote it. Bump the SOA serial with every change.")
		z.line("    zonefile-load: difference")
		z.line("    journal-content: changes")
		z.line("    zonefile-sync: -1")
	} else {
		if r.rotating() {
			z.line("    master: [%s]", strings.Join(remotes, ", "))
		} else {
			z.line("    master: %s", remotes[0])
		}
		z.line("    acl: [%s]", strings.Join(acls, ", "))
	}
	return Config{Parts: append(parts, Part{File: KnotConf, Text: z.String()})}
}

// knotKeys is a rule's key, or its keys during a rotation (a rule matches any of them).
func knotKeys(r *request) string {
	if !r.rotating() {
		return r.current().Name
	}
	return "[" + strings.Join(r.keyNames(), ", ") + "]"
}

func knotList(prefixes []netip.Prefix) string {
	out := make([]string, len(prefixes))
	for i, p := range prefixes {
		out[i] = prefixText(p)
	}
	return strings.Join(out, ", ")
}

func renderNSD(r *request) Config {
	var parts []Part
	keys := []string{"NOKEY"}
	if r.signed() {
		var k text
		k.line("# nsd.conf. %s.", r.summary())
		k.line("%s", r.keyComment("#"))
		keys = nil
		for i, sk := range r.keys {
			if i > 0 {
				k.line("")
			}
			k.line("key:")
			k.line("    name: %q", sk.Name)
			k.line("    algorithm: %s", sk.algorithm)
			k.line("    secret: %q", sk.Secret)
			keys = append(keys, fmt.Sprintf("%q", sk.Name))
		}
		parts = append(parts, Part{File: NSDConf, Secret: true, Text: k.String()})
	}
	var z text
	z.line("# nsd.conf: the zone.%s", r.summaryIfFirst())
	z.line("zone:")
	z.line("    name: %q", r.zone)
	z.line("    zonefile: %q", r.ZoneFile)
	if r.Role == Primary {
		z.line("    # Zone transfers only from Cloudflare's transfer addresses%s%s.", andSignedWith(r), anyOfKeys(r))
		for _, p := range r.transferFrom {
			for _, key := range keys {
				z.line("    provide-xfr: %s %s", prefixText(p), key)
			}
		}
		z.line("    # NOTIFY Cloudflare after each change%s.", signedWith(r))
		for _, ap := range r.notifyTo {
			z.line("    notify: %s %s", addrAtPort(ap), keys[0])
		}
		z.line("    # Serve IXFR (NSD 4.5 or later): keep the differences found when the zone file is reloaded.")
		z.line("    store-ixfr: yes")
		z.line("    create-ixfr: yes")
	} else {
		z.line("    # Pull the zone from Cloudflare%s.", signedWith(r))
		if r.rotating() {
			z.line("    # Each primary is listed once per key, tried in order: when Cloudflare refuses the current")
			z.line("    # key (its peer has another), the next one is tried.")
		}
		for _, ap := range r.primaries {
			for _, key := range keys {
				z.line("    request-xfr: %s %s", addrAtPort(ap), key)
			}
		}
		z.line("    # Cloudflare sends NOTIFY from other addresses than the one it serves transfers on. A NOTIFY")
		z.line("    # only prompts a SOA query to the primary above, so the address is enough%s.", orSignedNSD(r))
		for _, p := range r.notifyFrom {
			z.line("    allow-notify: %s NOKEY", prefixText(p))
			if r.signed() {
				for _, key := range keys {
					z.line("    allow-notify: %s %s", prefixText(p), key)
				}
			}
		}
	}
	return Config{Parts: append(parts, Part{File: NSDConf, Text: z.String()})}
}

func andSignedWith(r *request) string {
	if !r.signed() {
		return ""
	}
	return ", and only signed with the key"
}

func orSignedNSD(r *request) string {
	if !r.signed() {
		return ""
	}
	return "; NOKEY admits\n    # it unsigned only, hence a second line for it signed"
}

func renderPowerDNS(r *request) Config {
	var conf text
	conf.line("# pdns.conf (server-wide). %s.", r.summary())
	if r.Role == Primary {
		conf.line("# Send NOTIFY and serve zone transfers.")
		conf.line("primary=yes")
		conf.line("# Mind allow-axfr-ips (default 127.0.0.0/8,::1): it admits unsigned transfers from its")
		conf.line("# addresses whatever the zone's settings.")
	} else {
		conf.line("# Pull zones from their primaries.")
		conf.line("secondary=yes")
		conf.line("# Cloudflare sends NOTIFY from other addresses than the primary it serves transfers on;")
		conf.line("# PowerDNS otherwise accepts NOTIFY only from a zone's primaries. Add these to any addresses")
		conf.line("# already listed in this setting.")
		proxies := make([]string, len(r.notifyFrom))
		for i, p := range r.notifyFrom {
			proxies[i] = prefixText(p)
		}
		conf.line("trusted-notification-proxy=%s", strings.Join(proxies, ","))
	}
	if r.signed() {
		conf.line("# TSIG keys live in a database: with the bind backend, bind-dnssec-db must be set and created")
		conf.line("# once with `pdnsutil create-bind-db FILE` (e.g. /var/lib/powerdns/bind-dnssec-db.sqlite3).")
	}
	parts := []Part{{File: PDNSConf, Text: conf.String()}}

	var z text
	z.line("# The bind backend's named.conf (pdns.conf's bind-config): the zone.")
	if r.Role == Primary {
		z.line("zone %q { type master; file %q; };", r.zone, r.ZoneFile)
	} else {
		primaries := make([]string, len(r.primaries))
		for i, ap := range r.primaries {
			primaries[i] = pdnsAddrPort(ap) + ";"
		}
		z.line("zone %q { type slave; masters { %s }; file %q; };", r.zone, strings.Join(primaries, " "), r.ZoneFile)
	}
	parts = append(parts, Part{File: NamedConf, Text: z.String()})

	if r.signed() {
		var k text
		k.line("# Run once (shell).")
		k.line("%s", r.keyComment("#"))
		for _, sk := range r.keys {
			k.line("pdnsutil import-tsig-key %s %s %s", sk.Name, sk.algorithm, sk.Secret)
		}
		parts = append(parts, Part{File: Shell, Secret: true, Text: k.String()})
	}

	if r.Role == Secondary && !r.signed() {
		return Config{Parts: parts} // no zone setting to store
	}
	var m text
	m.line("# Run once (shell): the zone's settings, kept as zone metadata; set-meta replaces a setting's values.")
	if r.Role == Primary {
		if r.signed() {
			m.line("# Zone transfers signed with the key%s. PowerDNS admits a signed request by its key alone,", anyOfKeys(r))
			m.line("# from any address; ALLOW-AXFR-FROM would admit unsigned requests, so it stays unset.")
			if r.rotating() {
				m.line("# Its NOTIFY is signed with the first key of this list, the current one.")
			}
			m.line("pdnsutil set-meta %s TSIG-ALLOW-AXFR %s", r.zone, strings.Join(r.keyNames(), " "))
		} else {
			m.line("# Zone transfers only from Cloudflare's transfer addresses.")
			sources := make([]string, len(r.transferFrom))
			for i, p := range r.transferFrom {
				sources[i] = prefixText(p)
			}
			m.line("pdnsutil set-meta %s ALLOW-AXFR-FROM %s", r.zone, strings.Join(sources, " "))
		}
		m.line("# NOTIFY Cloudflare after each change%s. After editing the zone file:", signedWith(r))
		m.line("# pdns_control bind-reload-now %s && pdns_control notify %s", r.zone, r.zone)
		targets := make([]string, len(r.notifyTo))
		for i, ap := range r.notifyTo {
			targets[i] = pdnsAddrPort(ap)
		}
		m.line("pdnsutil set-meta %s ALSO-NOTIFY %s", r.zone, strings.Join(targets, " "))
		m.line("# PowerDNS does not serve IXFR: Cloudflare receives the whole zone each time.")
	} else {
		m.line("# Sign the requests to the primary with the key.")
		if r.rotating() {
			m.line("# PowerDNS signs its pulls with one key only, the current one: the other keys are imported so")
			m.line("# that a NOTIFY signed with them verifies, but a pull fails from the moment Cloudflare's peer")
			m.line("# has another key until this setting names it (docs: rotating-tsig-keys).")
		}
		m.line("pdnsutil set-meta %s AXFR-MASTER-TSIG %s", r.zone, r.current().Name)
	}
	parts = append(parts, Part{File: Shell, Text: m.String()})
	return Config{Parts: parts}
}

func pdnsAddrPort(ap netip.AddrPort) string {
	if ap.Port() == 53 {
		return ap.Addr().String()
	}
	return ap.String() // ip:port, [ipv6]:port
}

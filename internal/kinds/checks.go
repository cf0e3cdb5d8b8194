package kinds

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strings"
	"unicode"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// What the properties of every kind accept, checked before any call to Cloudflare, and the one
// way their failures are collected.

// Checker gathers Check failures, skipping values that are unknown during a preview: they
// arrive as Go zero values and are validated when they become known.
type Checker struct {
	inputs   property.Map
	failures []p.CheckFailure
}

// NewChecker checks inputs, as the engine sent them.
func NewChecker(inputs property.Map) *Checker { return &Checker{inputs: inputs} }

// Failures are the failures found so far.
func (c *Checker) Failures() []p.CheckFailure { return c.failures }

// OK reports whether nothing failed so far.
func (c *Checker) OK() bool { return len(c.failures) == 0 }

// Known reports whether the property is set to a value that is known now.
func (c *Checker) Known(property string) bool {
	v, ok := c.inputs.GetOk(property)
	return ok && !v.IsNull() && !v.HasComputed()
}

// Unknown reports whether the property is set to a value that is unknown until the update.
func (c *Checker) Unknown(property string) bool {
	v, ok := c.inputs.GetOk(property)
	return ok && v.HasComputed()
}

// Check records err as a failure of property, when the property is known.
func (c *Checker) Check(property string, err error) {
	if c.Known(property) {
		c.Report(property, err)
	}
}

// Report records err, if any, as a failure of property, whether or not the program set it (a
// setting may come from the environment).
func (c *Checker) Report(property string, err error) {
	if err != nil {
		c.Fail(property, err.Error())
	}
}

// Require records a failure for a property that must be set, unless it is unknown.
func (c *Checker) Require(property, reason string) {
	if !c.Unknown(property) {
		c.Fail(property, reason)
	}
}

// Fail records a failure of property.
func (c *Checker) Fail(property, reason string) {
	c.failures = append(c.failures, p.CheckFailure{Property: property, Reason: property + ": " + reason})
}

// Integer records a failure for a number with a fraction, which decoding into an int would
// silently truncate.
func (c *Checker) Integer(property, accepted string) {
	if v := c.inputs.Get(property); c.Known(property) && v.IsNumber() && v.AsNumber() != math.Trunc(v.AsNumber()) {
		c.Fail(property, fmt.Sprintf("%v is not an integer: expected %s", v.AsNumber(), accepted))
	}
}

// Items are the known items of a list property, by index: items unknown at preview (the IDs of
// resources not yet created) are left out, to be checked when they are known.
func (c *Checker) Items(property string) (all int, known map[int]string) {
	v, ok := c.inputs.GetOk(property)
	if !ok || v.IsNull() || !v.IsArray() {
		return 0, nil
	}
	items := v.AsArray().AsSlice()
	known = map[int]string{}
	for i, item := range items {
		if !item.HasComputed() && item.IsString() {
			known[i] = item.AsString()
		}
	}
	return len(items), known
}

// Cloudflare account, zone, TSIG, peer and ACL IDs are all 32 lowercase hexadecimal characters.
var cloudflareID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ValidateAccountID accepts a Cloudflare account ID.
func ValidateAccountID(s string) error {
	if !cloudflareID.MatchString(s) {
		return fmt.Errorf("%q is not a Cloudflare account ID: expected "+HexID+" (the ID in the dashboard URL)", s)
	}
	return nil
}

// ValidateObjectID accepts the ID of an object of kind (a zone, a TSIG key, a peer, an ACL).
func ValidateObjectID(s, kind string) error {
	if !cloudflareID.MatchString(s) {
		return fmt.Errorf("%q is not a %s ID: expected "+HexID, s, kind)
	}
	return nil
}

// ValidateDNSName accepts a domain name with or without the trailing dot, as TSIG key names
// are written in nameserver configurations.
func ValidateDNSName(s string) error {
	return tsigrules.DNSName(s, `"ns1-key" or "transfer.example.com."`)
}

const maxObjectName = 255

// ValidateObjectName accepts the name of a peer or an ACL. Cloudflare documents no rule; this
// one keeps names readable in the dashboard and in logs.
func ValidateObjectName(s, kind string) error {
	if strings.TrimSpace(s) == "" || len(s) > maxObjectName {
		return fmt.Errorf("%q is not a valid %s name: expected %s", s, kind, AcceptsObjectName)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%q is not a valid %s name (it holds a control character): expected %s", s, kind, AcceptsObjectName)
		}
	}
	return nil
}

// ValidateIP accepts an IPv4 or IPv6 address without a zone.
func ValidateIP(s string) error {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return fmt.Errorf("%q is not an IP address: expected an IPv4 address such as \"192.0.2.53\" or an IPv6 address such as \"2001:db8::53\"", s)
	}
	return nil
}

// ValidatePort accepts a port number.
func ValidatePort(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("%d is not a port: expected an integer from 1 to 65535 (DNS uses 53)", port)
	}
	return nil
}

// ValidateSecret accepts a base64 TSIG secret; it never quotes the value: it is a shared key.
func ValidateSecret(s string) error { return tsigrules.Secret(s) }

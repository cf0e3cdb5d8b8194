package provider

import (
	"context"
	"math"
	"slices"

	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/tsigrules"
	"github.com/pulumi/pulumi-go-provider/infer"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Cloudflare account, TSIG and peer IDs are all 32 lowercase hexadecimal characters.
var cloudflareID = regexp.MustCompile(`^[0-9a-f]{32}$`)

const maxObjectName = 255

func validateAccountID(s string) error {
	if !cloudflareID.MatchString(s) {
		return fmt.Errorf("%q is not a Cloudflare account ID: expected "+hexID+" (the ID in the dashboard URL)", s)
	}
	return nil
}

func validateObjectID(s, kind string) error {
	if !cloudflareID.MatchString(s) {
		return fmt.Errorf("%q is not a %s ID: expected "+hexID, s, kind)
	}
	return nil
}

// validateDNSName accepts a domain name with or without the trailing dot, as TSIG key names
// are written in nameserver configurations.
func validateDNSName(s string) error {
	return tsigrules.DNSName(s, `"ns1-key" or "transfer.example.com."`)
}

// acceptsObjectName is what the names of peers and ACLs accept. Cloudflare documents no rule;
// this one keeps names readable in the dashboard and in logs.
const acceptsObjectName = "1-255 printable characters"

func validateObjectName(s, kind string) error {
	if strings.TrimSpace(s) == "" || len(s) > maxObjectName {
		return fmt.Errorf("%q is not a valid %s name: expected %s", s, kind, acceptsObjectName)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return fmt.Errorf("%q is not a valid %s name (it holds a control character): expected %s", s, kind, acceptsObjectName)
		}
	}
	return nil
}

func validateIP(s string) error {
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" {
		return fmt.Errorf("%q is not an IP address: expected an IPv4 address such as \"192.0.2.53\" or an IPv6 address such as \"2001:db8::53\"", s)
	}
	return nil
}

func validatePort(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("%d is not a port: expected an integer from 1 to 65535 (DNS uses 53)", port)
	}
	return nil
}

// validateSecret never quotes the value: it is a shared key.
func validateSecret(s string) error { return tsigrules.Secret(s) }

// checker gathers Check failures, skipping values that are unknown during a preview: they
// arrive as Go zero values and are validated when they become known.
type checker struct {
	inputs   property.Map
	failures []p.CheckFailure
}

func newChecker(inputs property.Map) *checker { return &checker{inputs: inputs} }

// known reports whether the property is set to a value that is known now.
func (c *checker) known(property string) bool {
	v, ok := c.inputs.GetOk(property)
	return ok && !v.IsNull() && !v.HasComputed()
}

// check records a failure for property when it is known and err is not nil.
func (c *checker) check(property string, err error) {
	if err != nil && c.known(property) {
		c.failures = append(c.failures, p.CheckFailure{Property: property, Reason: property + ": " + err.Error()})
	}
}

// require records a failure for a property that must be set.
func (c *checker) require(property, reason string) {
	if v, ok := c.inputs.GetOk(property); ok && v.HasComputed() {
		return
	}
	c.failures = append(c.failures, p.CheckFailure{Property: property, Reason: property + ": " + reason})
}

// defaultAccount returns the account to record: the resource's own, else the provider's. With
// neither, it records a failure, unless the resource's account is unknown during a preview.
func (c *checker) defaultAccount(ctx context.Context, accountID string) string {
	if accountID != "" || isUnknown(c.inputs, "accountId") {
		return accountID
	}
	account, err := resolveAccount(infer.GetConfig[*Config](ctx), "")
	if err != nil {
		c.require("accountId", "no account: set accountId on the resource, or on the provider (accountId or CLOUDFLARE_ACCOUNT_ID)")
	}
	return account
}

// decodeFailures rewrites the framework's failures for missing, mistyped or unknown
// properties, which name Go types, into the user's terms: the property and what it accepts.
func decodeFailures(kind string, failures []p.CheckFailure, accepted map[string]string) []p.CheckFailure {
	out := make([]p.CheckFailure, len(failures))
	for i, f := range failures {
		issue := "is not valid"
		switch {
		case strings.HasPrefix(f.Reason, "Missing required field"):
			issue = "is required"
		case strings.Contains(f.Reason, "must be a"):
			issue = "has the wrong type"
		case strings.HasPrefix(f.Reason, "Unrecognized field"):
			names := make([]string, 0, len(accepted))
			for name := range accepted {
				names = append(names, name)
			}
			slices.Sort(names)
			out[i] = p.CheckFailure{Property: f.Property, Reason: fmt.Sprintf("%s is not a property of %s: expected one of %s",
				f.Property, kind, strings.Join(names, ", "))}
			continue
		}
		out[i] = p.CheckFailure{Property: f.Property, Reason: fmt.Sprintf("%s %s: expected %s", f.Property, issue, accepted[f.Property])}
	}
	return out
}

// integer records a failure for a number with a fraction, which decoding into an int would
// silently truncate.
func (c *checker) integer(property, accepted string) {
	if v := c.inputs.Get(property); c.known(property) && v.IsNumber() && v.AsNumber() != math.Trunc(v.AsNumber()) {
		c.failures = append(c.failures, p.CheckFailure{Property: property,
			Reason: fmt.Sprintf("%s: %v is not an integer: expected %s", property, v.AsNumber(), accepted)})
	}
}

// Package tsigrules holds what a TSIG key must be, written once for the Tsig resource and the
// nameserverConfig function, so that the two can never accept different names, algorithms or
// secrets: DNS names, the table of algorithms, and base64 secrets.
package tsigrules

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// maxDNSName is the longest name in presentation form, without the final dot.
const maxDNSName = 253

// A DNS label as zone and key names use them: letters, digits, hyphens and underscores, 1 to 63
// long, not starting or ending with a hyphen.
var dnsLabel = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$`)

// DNSName accepts a domain name with or without the trailing dot, as names are written in
// nameserver configurations. examples completes "expected a DNS name such as ...".
func DNSName(s, examples string) error {
	accepted := "expected a DNS name such as " + examples + ": dot-separated labels of letters, digits, " +
		"hyphens or underscores, each 1-63 long, at most 253 in all, with or without the trailing dot"
	name := strings.TrimSuffix(s, ".")
	if name == "" || len(name) > maxDNSName {
		return fmt.Errorf("%q is not a DNS name: %s", s, accepted)
	}
	for _, label := range strings.Split(name, ".") {
		if !dnsLabel.MatchString(label) {
			return fmt.Errorf("%q is not a DNS name (label %q): %s", s, label, accepted)
		}
	}
	return nil
}

// SameName compares names as DNS does: without case, with or without the final dot.
func SameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// Algorithm is one accepted TSIG algorithm.
type Algorithm struct {
	// Name is the RFC 8945 name with the trailing dot, as Cloudflare writes it.
	Name string
	// ServerName is how BIND, Knot, NSD and PowerDNS all write it.
	ServerName string
	// EnumName names the value in the schema's enum.
	EnumName string
	// DigestBytes is the digest size, also the length of a generated secret (RFC 8945 section 6
	// recommends keys as long as the digest).
	DigestBytes int
	// Description is the enum value's description.
	Description string
}

// Algorithms returns every accepted algorithm, in a stable order; a fresh slice each time.
func Algorithms() []Algorithm {
	return []Algorithm{
		{"hmac-md5.sig-alg.reg.int.", "hmac-md5", "HmacMd5", 16, "HMAC-MD5: obsolete; only for primaries that support nothing newer."},
		{"hmac-sha1.", "hmac-sha1", "HmacSha1", 20, "HMAC-SHA1: deprecated by RFC 8945; avoid for new keys."},
		{"hmac-sha224.", "hmac-sha224", "HmacSha224", 28, "HMAC-SHA224."},
		{"hmac-sha256.", "hmac-sha256", "HmacSha256", 32, "HMAC-SHA256: the mandatory-to-implement algorithm of RFC 8945."},
		{"hmac-sha384.", "hmac-sha384", "HmacSha384", 48, "HMAC-SHA384."},
		{"hmac-sha512.", "hmac-sha512", "HmacSha512", 64, "HMAC-SHA512: used in every Cloudflare example."},
	}
}

// LookupAlgorithm finds an algorithm by its Cloudflare name; an unknown one is an error that
// lists the accepted names.
func LookupAlgorithm(name string) (Algorithm, error) {
	all := Algorithms()
	names := make([]string, len(all))
	for i, a := range all {
		if a.Name == name {
			return a, nil
		}
		names[i] = fmt.Sprintf("%q", a.Name)
	}
	return Algorithm{}, fmt.Errorf("%q is not a supported TSIG algorithm: expected one of %s", name, strings.Join(names, ", "))
}

// Secret accepts a base64 shared secret. Its errors never quote the value: it is a shared key.
func Secret(s string) error {
	const accepted = "expected a base64-encoded key, as written by `tsig-keygen` or `openssl rand -base64 64`"
	if s == "" {
		return errors.New("the secret is empty: " + accepted)
	}
	if _, err := base64.StdEncoding.Strict().DecodeString(s); err != nil {
		return errors.New("the secret is not valid base64: " + accepted)
	}
	return nil
}

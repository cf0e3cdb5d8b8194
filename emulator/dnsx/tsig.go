// Package dnsx holds the DNS pieces the emulator and the nameserver tests share: TSIG with the
// six algorithms Cloudflare offers. miekg/dns v1.1.73 dropped HMAC-MD5, which Cloudflare and
// every nameserver we test still accept, so signing is done here with the standard library.
package dnsx

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// Algorithms are Cloudflare's TSIG algorithm names (RFC 8945, with the trailing dot) and their
// digest sizes in bytes.
var Algorithms = map[string]int{
	dns.HmacMD5: 16, dns.HmacSHA1: 20, dns.HmacSHA224: 28, dns.HmacSHA256: 32, dns.HmacSHA384: 48, dns.HmacSHA512: 64,
}

var hashes = map[string]func() hash.Hash{
	dns.HmacMD5: md5.New, dns.HmacSHA1: sha1.New, dns.HmacSHA224: sha256.New224,
	dns.HmacSHA256: sha256.New, dns.HmacSHA384: sha512.New384, dns.HmacSHA512: sha512.New,
}

// Key is one TSIG key. It is a dns.TsigProvider for exactly its own name and algorithm, so that
// two keys sharing a name (Cloudflare allows it) are never confused: whoever holds a Key chose it
// by ID. Its String never shows the secret.
//
// Make one with NewKey: Generate and Verify compare the name without case and with or without the
// final dot, but Stub and Pack send Name and Algorithm as they are, and the wire needs them in
// wire form.
type Key struct {
	Name      string // the key's name in wire form, e.g. "xfer-key."
	Algorithm string // the RFC 8945 name, one of Algorithms
	Secret    string // base64
}

// NewKey checks a key as the API stores it and returns it in wire form: absolute lower-case
// name and the RFC 8945 algorithm name.
func NewKey(name, algorithm, secret string) (*Key, error) {
	alg := CanonicalAlgorithm(algorithm)
	if _, ok := hashes[alg]; !ok {
		return nil, fmt.Errorf("TSIG key %s: algorithm %q is not one of hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512", name, algorithm)
	}
	if _, err := base64.StdEncoding.DecodeString(secret); err != nil {
		return nil, fmt.Errorf("TSIG key %s: the secret is not base64", name)
	}
	return &Key{Name: strings.ToLower(dns.Fqdn(name)), Algorithm: alg, Secret: secret}, nil
}

// CanonicalAlgorithm is the RFC 8945 name of an algorithm written with or without its trailing
// dot, in any case; hmac-md5 is hmac-md5.sig-alg.reg.int.
func CanonicalAlgorithm(algorithm string) string {
	alg := strings.ToLower(dns.Fqdn(algorithm))
	if alg == "hmac-md5." {
		return dns.HmacMD5
	}
	return alg
}

// String names the key and its algorithm, never its secret, whether a Key or a *Key is printed.
func (k Key) String() string { return k.Name + " (" + k.Algorithm + ")" }

// GoString keeps the secret out of %#v, as test failures print values.
func (k Key) GoString() string { return "dnsx.Key{" + k.String() + "}" }

// Generate implements dns.TsigProvider.
func (k *Key) Generate(msg []byte, t *dns.TSIG) ([]byte, error) {
	if !strings.EqualFold(dns.Fqdn(t.Hdr.Name), dns.Fqdn(k.Name)) {
		return nil, dns.ErrSecret
	}
	h, ok := hashes[CanonicalAlgorithm(t.Algorithm)]
	if !ok || CanonicalAlgorithm(t.Algorithm) != CanonicalAlgorithm(k.Algorithm) {
		return nil, dns.ErrKeyAlg
	}
	secret, err := base64.StdEncoding.DecodeString(k.Secret)
	if err != nil {
		return nil, dns.ErrSecret
	}
	mac := hmac.New(h, secret)
	mac.Write(msg)
	return mac.Sum(nil), nil
}

// Verify implements dns.TsigProvider.
func (k *Key) Verify(msg []byte, t *dns.TSIG) error {
	want, err := k.Generate(msg, t)
	if err != nil {
		return err
	}
	got, err := hex.DecodeString(t.MAC)
	if err != nil || !hmac.Equal(got, want) {
		return dns.ErrSig
	}
	return nil
}

// Fudge is the time, in seconds, a signature stays valid either side of its time.
const Fudge = 300

// Stub adds the TSIG record that Pack signs. The time is the real time, not an emulated clock:
// the other side checks it against its own.
func (k *Key) Stub(m *dns.Msg) {
	m.SetTsig(k.Name, k.Algorithm, Fudge, time.Now().Unix())
}

// Pack signs m with k, or packs it unsigned when k is nil, and returns the wire form and the MAC
// that the answer to it (or the next message of a transfer) signs over. requestMAC is the MAC of
// the message answered or of the previous one; timersOnly is for the second and later messages
// of a transfer (RFC 8945 5.3.1).
func (k *Key) Pack(m *dns.Msg, requestMAC string, timersOnly bool) (raw []byte, mac string, err error) {
	if k == nil {
		raw, err = m.Pack()
		return raw, "", err
	}
	if m.IsTsig() == nil {
		k.Stub(m)
	}
	return dns.TsigGenerateWithProvider(m, k, requestMAC, timersOnly)
}

// Check verifies the TSIG of a message on the wire with k, against requestMAC (see Pack). It
// returns the message's MAC, for the next one.
func (k *Key) Check(raw []byte, requestMAC string, timersOnly bool) (mac string, err error) {
	m := new(dns.Msg)
	if err := m.Unpack(raw); err != nil {
		return "", err
	}
	t := m.IsTsig()
	if t == nil {
		return "", fmt.Errorf("not signed; expected key %s", k)
	}
	if !strings.EqualFold(dns.Fqdn(t.Hdr.Name), k.Name) {
		return "", fmt.Errorf("signed with key %s; expected key %s", t.Hdr.Name, k)
	}
	if t.Error != dns.RcodeSuccess {
		return "", fmt.Errorf("TSIG error %s with key %s", dns.RcodeToString[int(t.Error)], k)
	}
	if err := dns.TsigVerifyWithProvider(raw, k, requestMAC, timersOnly); err != nil {
		return "", fmt.Errorf("signature does not verify with key %s: %w", k, err)
	}
	return t.MAC, nil
}

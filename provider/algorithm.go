package provider

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// Algorithm is a TSIG algorithm, named as in RFC 8945 with the trailing dot Cloudflare uses.
type Algorithm string

const (
	HmacMD5    Algorithm = "hmac-md5.sig-alg.reg.int."
	HmacSHA1   Algorithm = "hmac-sha1."
	HmacSHA224 Algorithm = "hmac-sha224."
	HmacSHA256 Algorithm = "hmac-sha256."
	HmacSHA384 Algorithm = "hmac-sha384."
	HmacSHA512 Algorithm = "hmac-sha512."
)

// algorithms lists every accepted algorithm with its digest size in bytes, which is also the
// length of a generated secret (RFC 8945 section 6 recommends keys as long as the digest).
var algorithms = []struct {
	algo        Algorithm
	name        string
	digestBytes int
	description string
}{
	{HmacMD5, "HmacMd5", 16, "HMAC-MD5: obsolete; only for primaries that support nothing newer."},
	{HmacSHA1, "HmacSha1", 20, "HMAC-SHA1: deprecated by RFC 8945; avoid for new keys."},
	{HmacSHA224, "HmacSha224", 28, "HMAC-SHA224."},
	{HmacSHA256, "HmacSha256", 32, "HMAC-SHA256: the mandatory-to-implement algorithm of RFC 8945."},
	{HmacSHA384, "HmacSha384", 48, "HMAC-SHA384."},
	{HmacSHA512, "HmacSha512", 64, "HMAC-SHA512: used in every Cloudflare example."},
}

// Values makes Algorithm an enum in the schema. The framework does not enforce enums, so
// validateAlgorithm does.
func (Algorithm) Values() []infer.EnumValue[Algorithm] {
	values := make([]infer.EnumValue[Algorithm], len(algorithms))
	for i, a := range algorithms {
		values[i] = infer.EnumValue[Algorithm]{Name: a.name, Value: a.algo, Description: a.description}
	}
	return values
}

func (a *Algorithm) Annotate(an infer.Annotator) {
	an.Describe(a, "A TSIG algorithm (RFC 8945 name, with the trailing dot).")
}

// digestBytes returns the digest size of a known algorithm, 0 otherwise.
func (a Algorithm) digestBytes() int {
	for _, known := range algorithms {
		if known.algo == a {
			return known.digestBytes
		}
	}
	return 0
}

func validateAlgorithm(a Algorithm) error {
	if a.digestBytes() > 0 {
		return nil
	}
	names := make([]string, len(algorithms))
	for i, known := range algorithms {
		names[i] = fmt.Sprintf("%q", known.algo)
	}
	return fmt.Errorf("%q is not a supported TSIG algorithm: expected one of %s", string(a), strings.Join(names, ", "))
}

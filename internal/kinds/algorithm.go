package kinds

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// Algorithm is a TSIG algorithm, named as in RFC 8945 with the trailing dot Cloudflare uses.
// The accepted ones are tsigrules.Algorithms, which nameserverConfig renders too.
type Algorithm string

const (
	HmacMD5    Algorithm = "hmac-md5.sig-alg.reg.int."
	HmacSHA1   Algorithm = "hmac-sha1."
	HmacSHA224 Algorithm = "hmac-sha224."
	HmacSHA256 Algorithm = "hmac-sha256."
	HmacSHA384 Algorithm = "hmac-sha384."
	HmacSHA512 Algorithm = "hmac-sha512."
)

// Values makes Algorithm an enum in the schema. The framework does not enforce enums, so
// ValidateAlgorithm does.
func (Algorithm) Values() []infer.EnumValue[Algorithm] {
	all := tsigrules.Algorithms()
	values := make([]infer.EnumValue[Algorithm], len(all))
	for i, a := range all {
		values[i] = infer.EnumValue[Algorithm]{Name: a.EnumName, Value: Algorithm(a.Name), Description: a.Description}
	}
	return values
}

func (a *Algorithm) Annotate(an infer.Annotator) {
	an.Describe(a, "A TSIG algorithm (RFC 8945 name, with the trailing dot).")
}

// DigestBytes returns the digest size of a known algorithm, 0 otherwise.
func (a Algorithm) DigestBytes() int {
	known, err := tsigrules.LookupAlgorithm(string(a))
	if err != nil {
		return 0
	}
	return known.DigestBytes
}

// ValidateAlgorithm accepts a TSIG algorithm of tsigrules.Algorithms.
func ValidateAlgorithm(a Algorithm) error {
	_, err := tsigrules.LookupAlgorithm(string(a))
	return err
}

package interop

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// Zone is test zone data: enough records (26) that an IXFR of one change is smaller than the
// zone, so that servers serve a real IXFR rather than the whole zone.
type Zone struct {
	Name   string // absolute, e.g. "example.test."
	Serial uint32
	hosts  int
}

// NewZone is the first version of a zone.
func NewZone(name string, serial uint32) *Zone {
	return &Zone{Name: dns.Fqdn(name), Serial: serial, hosts: 12}
}

// Next is the following version: a new serial, a changed TXT record and one more host.
func (z *Zone) Next() *Zone {
	return &Zone{Name: z.Name, Serial: z.Serial + 1, hosts: z.hosts + 1}
}

// Text is the zone in master-file format.
func (z *Zone) Text() string {
	var b strings.Builder
	for _, rr := range z.Records() {
		b.WriteString(rr.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// SOA is the zone's SOA record.
func (z *Zone) SOA() *dns.SOA {
	return z.Records()[0].(*dns.SOA)
}

// Records are the zone's records, SOA first.
func (z *Zone) Records() []dns.RR {
	lines := []string{
		fmt.Sprintf("@ SOA ns1 hostmaster %d 3600 600 86400 300", z.Serial),
		"@ NS ns1",
		"@ NS ns2",
		"ns1 A 192.0.2.1",
		"ns2 A 192.0.2.2",
		"@ A 192.0.2.10",
		"@ AAAA 2001:db8::10",
		"www CNAME @",
		"mail A 192.0.2.20",
		"@ MX 10 mail",
		`@ TXT "v=spf1 mx -all"`,
		"_sip._tcp SRV 10 5 5060 sip",
		"sip A 192.0.2.30",
		fmt.Sprintf(`version TXT "serial %d"`, z.Serial),
	}
	for i := 1; i <= z.hosts; i++ {
		lines = append(lines, fmt.Sprintf("host%02d A 192.0.2.%d", i, 100+i))
	}
	out := make([]dns.RR, len(lines))
	for i, line := range lines {
		rr, err := dns.NewRR(fmt.Sprintf("$ORIGIN %s\n$TTL 300\n%s", z.Name, line))
		if err != nil {
			panic(fmt.Sprintf("test zone record %q: %v", line, err))
		}
		out[i] = rr
	}
	return out
}

// Canonical turns records into sorted, comparable lines: lower-case names, one line per record.
func Canonical(rrs []dns.RR) []string {
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		rr = dns.Copy(rr)
		rr.Header().Name = strings.ToLower(rr.Header().Name)
		out = append(out, rr.String())
	}
	slices.Sort(out)
	return out
}

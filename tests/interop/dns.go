package interop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// RefusedError is a transfer the server turned down: its rcode, and the TSIG error when the
// answer carried one (BADSIG, BADKEY...).
type RefusedError = dnsx.RefusedError

// TransferRequest is an AXFR or IXFR to send.
type TransferRequest struct {
	Addr string // the server, ip:port
	Zone string
	// IXFR asks for the changes since Serial; otherwise AXFR.
	IXFR   bool
	Serial uint32
	// Key signs the request and verifies the answer; nil sends it unsigned.
	Key *dnsx.Key
	// From is the local address to send from (e.g. "127.0.0.2"); empty: the kernel's choice.
	From string
}

// Transfer runs a zone transfer over TCP and returns every record of the answer in order, each
// message verified with the key, as the emulator reads transfers (dnsx.Transfer). A server that
// refuses gives a *RefusedError.
func Transfer(ctx context.Context, r TransferRequest) ([]dns.RR, error) {
	key, err := wireKey(r.Key)
	if err != nil {
		return nil, err
	}
	q := new(dns.Msg)
	if r.IXFR {
		q.SetIxfr(dns.Fqdn(r.Zone), r.Serial, ".", ".")
	} else {
		q.SetAxfr(dns.Fqdn(r.Zone))
	}
	var from net.Addr
	if r.From != "" {
		from = &net.TCPAddr{IP: net.ParseIP(r.From)}
	}
	timeout := 10 * time.Second
	if deadline, ok := ctx.Deadline(); ok {
		timeout = time.Until(deadline)
	}
	out, err := dnsx.Transfer(ctx, r.Addr, from, q, key, timeout)
	if err != nil {
		return nil, fmt.Errorf("transfer of %s from %s: %w", r.Zone, r.Addr, err)
	}
	return out, nil
}

// ZoneOf is the zone a whole-zone answer carries: all but the closing SOA.
func ZoneOf(transfer []dns.RR) []dns.RR {
	if len(transfer) < 2 {
		return transfer
	}
	return transfer[:len(transfer)-1]
}

// IXFRChanges splits an incremental answer into the records deleted and added, each
// difference's old SOA among the deleted and its new SOA among the added (RFC 1995 section 4).
func IXFRChanges(rrs []dns.RR) (deleted, added []dns.RR) {
	if !dnsx.IsIncremental(rrs) {
		return nil, nil
	}
	adding := true
	for _, rr := range rrs[1 : len(rrs)-1] {
		if rr.Header().Rrtype == dns.TypeSOA {
			adding = !adding
		}
		if adding {
			added = append(added, rr)
		} else {
			deleted = append(deleted, rr)
		}
	}
	return deleted, added
}

// IsRefused reports whether err is a server's refusal.
func IsRefused(err error) bool {
	var refused *RefusedError
	return errors.As(err, &refused)
}

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

// SOA asks addr for the zone's SOA over UDP. It fails unless the answer is authoritative,
// NOERROR and holds the SOA: before a server has the zone it answers SERVFAIL.
func SOA(ctx context.Context, addr, zone string) (*dns.SOA, error) {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(zone), dns.TypeSOA)
	c := &dns.Client{Net: "udp", Timeout: time.Second}
	in, _, err := c.ExchangeContext(ctx, m, addr)
	if err != nil {
		return nil, err
	}
	if in.Rcode != dns.RcodeSuccess || !in.Authoritative {
		return nil, fmt.Errorf("SOA %s from %s: %s, authoritative %t", zone, addr, dns.RcodeToString[in.Rcode], in.Authoritative)
	}
	for _, rr := range in.Answer {
		if soa, ok := rr.(*dns.SOA); ok {
			return soa, nil
		}
	}
	return nil, fmt.Errorf("SOA %s from %s: no SOA in the answer", zone, addr)
}

// RefusedError is a transfer the server turned down: its rcode, and the TSIG error when the
// answer carried one (BADSIG, BADKEY...).
type RefusedError struct {
	Rcode     int
	TSIGError uint16
}

func (e *RefusedError) Error() string {
	if e.TSIGError != 0 {
		return fmt.Sprintf("transfer refused: %s, TSIG error %s", dns.RcodeToString[e.Rcode], dns.RcodeToString[int(e.TSIGError)])
	}
	return "transfer refused: " + dns.RcodeToString[e.Rcode]
}

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

// Transfer runs a zone transfer over TCP and returns every record of the answer in order. A
// server that refuses gives a *RefusedError.
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

	d := net.Dialer{}
	if r.From != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(r.From)}
	}
	conn, err := d.DialContext(ctx, "tcp", r.Addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(10 * time.Second)
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return nil, err
	}
	co := &dns.Conn{Conn: conn}
	// Signed and verified here rather than by miekg/dns's Transfer, to see the rcode and TSIG
	// error of an answer whose signature does not verify.
	raw, mac, err := key.Pack(q, "", false)
	if err != nil {
		return nil, err
	}
	if _, err := co.Write(raw); err != nil {
		return nil, err
	}
	var out []dns.RR
	buf := make([]byte, dns.MaxMsgSize)
	for first := true; ; first = false {
		n, err := co.Read(buf)
		if err != nil {
			return nil, fmt.Errorf("transfer of %s from %s: %w", r.Zone, r.Addr, err)
		}
		in := new(dns.Msg)
		if err := in.Unpack(buf[:n]); err != nil {
			return nil, fmt.Errorf("transfer of %s from %s: %w", r.Zone, r.Addr, err)
		}
		if in.Id != q.Id {
			return nil, fmt.Errorf("transfer of %s from %s: answer to another query", r.Zone, r.Addr)
		}
		if tsigErr := tsigError(in); first && (in.Rcode != dns.RcodeSuccess || tsigErr != 0) {
			return nil, &RefusedError{Rcode: in.Rcode, TSIGError: tsigErr}
		}
		if in.Rcode != dns.RcodeSuccess {
			return nil, fmt.Errorf("transfer of %s from %s: %s in the middle of the transfer", r.Zone, r.Addr, dns.RcodeToString[in.Rcode])
		}
		if key != nil {
			// RFC 8945 5.3.1: the first answer signs the request's MAC and the whole TSIG
			// variables; later ones the previous MAC and the timers only. Servers may leave up to
			// 99 messages in between unsigned; none does for zones this small.
			if mac, err = key.Check(buf[:n], mac, !first); err != nil {
				return nil, fmt.Errorf("transfer of %s from %s: the answer's TSIG: %w", r.Zone, r.Addr, err)
			}
		}
		out = append(out, in.Answer...)
		if done(out, r) {
			return out, nil
		}
	}
}

// done tells whether a transfer's answer is complete. The zone's current SOA opens it; the whole
// zone closes with it again, and an incremental answer (the current SOA, then an older one)
// holds it twice more: opening the last additions, and closing.
func done(out []dns.RR, r TransferRequest) bool {
	if len(out) == 0 {
		return false
	}
	first, ok := out[0].(*dns.SOA)
	if !ok {
		return true // not a transfer: let the caller look at it
	}
	if len(out) == 1 {
		return r.IXFR && first.Serial <= r.Serial // up to date
	}
	current := 0
	for _, rr := range out {
		if soa, ok := rr.(*dns.SOA); ok && soa.Serial == first.Serial {
			current++
		}
	}
	if IsIncremental(out) {
		return current == 3
	}
	return current == 2
}

func tsigError(m *dns.Msg) uint16 {
	if t := m.IsTsig(); t != nil {
		return t.Error
	}
	return 0
}

// IsIncremental tells whether a transfer's answer is an IXFR answer proper (the current SOA then
// an older one) rather than the whole zone.
func IsIncremental(rrs []dns.RR) bool {
	if len(rrs) < 2 {
		return false
	}
	_, first := rrs[0].(*dns.SOA)
	_, second := rrs[1].(*dns.SOA)
	return first && second
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
	if !IsIncremental(rrs) {
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

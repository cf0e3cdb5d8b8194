package nameserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// refusalError is an answer that turned a query down: its rcode and, when the answer carried a
// TSIG record, its TSIG error (BADKEY, BADSIG, BADTIME).
type refusalError struct {
	rcode   int
	tsigErr uint16
	key     *dnsx.Key // the key the query was signed with, to name it
}

func (e *refusalError) Error() string {
	s := "answered " + dns.RcodeToString[e.rcode]
	if e.tsigErr != 0 {
		s += ", TSIG error " + dns.RcodeToString[int(e.tsigErr)]
	}
	if e.key != nil {
		s += " to a query signed with key " + e.key.String()
	}
	return s
}

// dnsExchange sends one query and returns the answer, verified with key when there is one. It
// asks over UDP, and again over TCP when the answer is truncated.
func dnsExchange(ctx context.Context, addr string, q *dns.Msg, key *dnsx.Key, timeout time.Duration, overTCP bool) (*dns.Msg, error) {
	network := "udp"
	if overTCP {
		network = "tcp"
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	_ = c.SetDeadline(time.Now().Add(timeout))
	co := &dns.Conn{Conn: c}
	out, mac, err := key.Pack(q, "", false)
	if err != nil {
		return nil, err
	}
	if _, err := co.Write(out); err != nil {
		return nil, err
	}
	for {
		raw, err := co.ReadMsgHeader(nil)
		if err != nil {
			return nil, timeoutError(ctx, err)
		}
		in := new(dns.Msg)
		if err := in.Unpack(raw); err != nil {
			return nil, fmt.Errorf("the answer does not unpack: %w", err)
		}
		if in.Id != q.Id || !in.Response {
			continue // a stray or late UDP answer
		}
		if err := checkAnswer(in, raw, key, mac, false); err != nil {
			return nil, err
		}
		if in.Truncated && !overTCP {
			return dnsExchange(ctx, addr, q, key, timeout, true)
		}
		return in, nil
	}
}

// checkAnswer turns a refusal into a refusalError and checks the answer's signature.
func checkAnswer(in *dns.Msg, raw []byte, key *dnsx.Key, requestMAC string, timersOnly bool) error {
	if in.Rcode != dns.RcodeSuccess {
		r := &refusalError{rcode: in.Rcode, key: key}
		if t := in.IsTsig(); t != nil {
			r.tsigErr = t.Error
		}
		return r
	}
	if key == nil {
		return nil
	}
	if _, err := key.Check(raw, requestMAC, timersOnly); err != nil {
		return fmt.Errorf("the answer's TSIG: %w", err)
	}
	return nil
}

// timeoutError says "timed out" plainly when the deadline was the reason.
func timeoutError(ctx context.Context, err error) error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || ctx.Err() != nil {
		return fmt.Errorf("no answer in time: %w", err)
	}
	return err
}

// transferIn runs an AXFR or IXFR over TCP and returns every record of the answer in order,
// each message verified with key when there is one (RFC 8945 5.3.1: the first signs over the
// query's MAC, each later one over the previous MAC with the timers only). Every message must be
// signed: the servers we know sign them all.
func transferIn(ctx context.Context, addr string, q *dns.Msg, key *dnsx.Key, timeout time.Duration) ([]dns.RR, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var d net.Dialer
	dialCtx, cancelDial := context.WithTimeout(ctx, timeout)
	c, err := d.DialContext(dialCtx, "tcp", addr)
	cancelDial()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	co := &dns.Conn{Conn: c}
	out, mac, err := key.Pack(q, "", false)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(timeout))
	if _, err := co.Write(out); err != nil {
		return nil, err
	}
	var ixfrSerial uint32
	if q.Question[0].Qtype == dns.TypeIXFR {
		ixfrSerial = q.Ns[0].(*dns.SOA).Serial
	}
	var rrs []dns.RR
	for first := true; ; first = false {
		_ = c.SetDeadline(time.Now().Add(timeout))
		raw, err := co.ReadMsgHeader(nil)
		if err != nil {
			return nil, timeoutError(ctx, err)
		}
		in := new(dns.Msg)
		if err := in.Unpack(raw); err != nil {
			return nil, fmt.Errorf("message %d of the answer does not unpack: %w", len(rrs), err)
		}
		if in.Id != q.Id {
			return nil, errors.New("an answer to another query")
		}
		if err := checkAnswer(in, raw, key, mac, !first); err != nil {
			return nil, err
		}
		if key != nil {
			mac = in.IsTsig().MAC
		}
		rrs = append(rrs, in.Answer...)
		if complete, err := transferComplete(rrs, q.Question[0].Qtype == dns.TypeIXFR, ixfrSerial); complete || err != nil {
			return rrs, err
		}
	}
}

// transferComplete tells whether an answer is whole. The zone's current SOA opens it; a whole
// zone closes with it again; an incremental answer (the current SOA, then an older one) holds
// it three times: opening, opening the last additions, closing. An IXFR answer of the SOA alone
// says the asker is up to date.
func transferComplete(rrs []dns.RR, ixfr bool, askedSerial uint32) (bool, error) {
	if len(rrs) == 0 {
		return false, nil
	}
	first, ok := rrs[0].(*dns.SOA)
	if !ok {
		return true, errors.New("the answer does not begin with the zone's SOA")
	}
	if len(rrs) == 1 {
		return ixfr && !serialNewer(first.Serial, askedSerial), nil
	}
	current := 0
	for _, rr := range rrs {
		if soa, ok := rr.(*dns.SOA); ok && soa.Serial == first.Serial {
			current++
		}
	}
	if isIncremental(rrs) {
		return current == 3, nil
	}
	return current == 2, nil
}

// isIncremental tells whether a transfer's answer is an IXFR answer proper (the current SOA,
// then an older one) rather than the whole zone.
func isIncremental(rrs []dns.RR) bool {
	if len(rrs) < 2 {
		return false
	}
	_, first := rrs[0].(*dns.SOA)
	_, second := rrs[1].(*dns.SOA)
	return first && second
}

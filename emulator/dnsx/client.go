package dnsx

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// The client side both the emulator and the interop tests use: dialing and sending, one query
// and its answer, a zone transfer read to its end, each answer verified with the key the query
// was signed with.

// Conn is a DNS connection for one query or one transfer. Each read waits at most its timeout,
// and the context ending ends any wait at once: a deadline set after that never revives it, so
// closing the emulator never waits a timeout between two messages of a transfer.
type Conn struct {
	co      *dns.Conn
	timeout time.Duration
	mu      sync.Mutex
	ended   bool
	stop    func() bool
}

// Dial connects to addr over network ("udp" or "tcp"), from local when it is set.
func Dial(ctx context.Context, network, addr string, local net.Addr, timeout time.Duration) (*Conn, error) {
	d := net.Dialer{LocalAddr: local}
	dialCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := d.DialContext(dialCtx, network, addr)
	if err != nil {
		return nil, err
	}
	conn := &Conn{co: &dns.Conn{Conn: c}, timeout: timeout}
	conn.stop = context.AfterFunc(ctx, func() {
		conn.mu.Lock()
		defer conn.mu.Unlock()
		conn.ended = true
		_ = c.SetDeadline(time.Unix(1, 0))
	})
	return conn, nil
}

// Close closes the connection.
func (c *Conn) Close() error {
	c.stop()
	return c.co.Close()
}

// extend gives the next read or write the connection's timeout, unless the context ended.
func (c *Conn) extend() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		_ = c.co.SetDeadline(time.Now().Add(c.timeout))
	}
}

// Send signs q with key (unsigned when key is nil) and writes it. It returns the MAC its answer
// signs over.
func (c *Conn) Send(q *dns.Msg, key *Key) (mac string, err error) {
	out, mac, err := key.Pack(q, "", false)
	if err != nil {
		return "", err
	}
	c.extend()
	_, err = c.co.Write(out)
	return mac, err
}

// Read reads the next message, as a message and on the wire.
func (c *Conn) Read() (*dns.Msg, []byte, error) {
	c.extend()
	raw, err := c.co.ReadMsgHeader(nil)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil, nil, fmt.Errorf("no answer in time: %w", err)
		}
		return nil, nil, err
	}
	in := new(dns.Msg)
	if err := in.Unpack(raw); err != nil {
		return nil, nil, fmt.Errorf("the answer does not unpack: %w", err)
	}
	return in, raw, nil
}

// RefusedError is an answer that turned a query down: its rcode and, when the answer carried a
// TSIG record, its TSIG error (BADKEY, BADSIG, BADTIME).
type RefusedError struct {
	Rcode     int
	TSIGError uint16
	Key       *Key // the key the query was signed with, to name it; nil when unsigned
}

func (e *RefusedError) Error() string {
	s := "answered " + dns.RcodeToString[e.Rcode]
	if e.TSIGError != 0 {
		s += ", TSIG error " + dns.RcodeToString[int(e.TSIGError)]
	}
	if e.Key != nil {
		s += " to a query signed with key " + e.Key.String()
	}
	return s
}

// checkAnswer turns a refusal into a *RefusedError and checks the answer's signature.
func checkAnswer(in *dns.Msg, raw []byte, key *Key, requestMAC string, timersOnly bool) (mac string, err error) {
	var tsigErr uint16
	if t := in.IsTsig(); t != nil {
		tsigErr = t.Error
	}
	if in.Rcode != dns.RcodeSuccess || tsigErr != 0 {
		return "", &RefusedError{Rcode: in.Rcode, TSIGError: tsigErr, Key: key}
	}
	if key == nil {
		return "", nil
	}
	if mac, err = key.Check(raw, requestMAC, timersOnly); err != nil {
		return "", fmt.Errorf("the answer's TSIG: %w", err)
	}
	return mac, nil
}

// ask dials addr and sends q: the connection to read the answer on, and the MAC it signs over.
func ask(ctx context.Context, network, addr string, local net.Addr, q *dns.Msg, key *Key, timeout time.Duration) (*Conn, string, error) {
	c, err := Dial(ctx, network, addr, local, timeout)
	if err != nil {
		return nil, "", err
	}
	mac, err := c.Send(q, key)
	if err != nil {
		c.Close()
		return nil, "", err
	}
	return c, mac, nil
}

// Exchange sends one query to addr and returns the answer, verified with key when there is one.
// It asks over UDP, and again over TCP when the answer is truncated.
func Exchange(ctx context.Context, addr string, q *dns.Msg, key *Key, timeout time.Duration) (*dns.Msg, error) {
	in, err := exchange(ctx, "udp", addr, q, key, timeout)
	if err == nil && in.Truncated {
		return exchange(ctx, "tcp", addr, q, key, timeout)
	}
	return in, err
}

func exchange(ctx context.Context, network, addr string, q *dns.Msg, key *Key, timeout time.Duration) (*dns.Msg, error) {
	c, mac, err := ask(ctx, network, addr, nil, q, key, timeout)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	for {
		in, raw, err := c.Read()
		if err != nil {
			return nil, err
		}
		if in.Id != q.Id || !in.Response {
			continue // a stray or late UDP answer
		}
		if _, err := checkAnswer(in, raw, key, mac, false); err != nil {
			return nil, err
		}
		return in, nil
	}
}

// Transfer runs the AXFR or IXFR q over TCP to addr, from local when it is set, and returns
// every record of the answer in order, each message verified with key when there is one
// (RFC 8945 5.3.1: the first signs over the query's MAC, each later one over the previous MAC
// with the timers only). Every message must be signed: the servers we know sign them all. A
// refusal is a *RefusedError.
func Transfer(ctx context.Context, addr string, local net.Addr, q *dns.Msg, key *Key, timeout time.Duration) ([]dns.RR, error) {
	c, mac, err := ask(ctx, "tcp", addr, local, q, key, timeout)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	ixfr := q.Question[0].Qtype == dns.TypeIXFR
	var asked uint32
	if ixfr && len(q.Ns) > 0 {
		if soa, ok := q.Ns[0].(*dns.SOA); ok {
			asked = soa.Serial
		}
	}
	var rrs []dns.RR
	for first := true; ; first = false {
		in, raw, err := c.Read()
		if err != nil {
			return nil, err
		}
		if in.Id != q.Id {
			return nil, errors.New("an answer to another query")
		}
		if mac, err = checkAnswer(in, raw, key, mac, !first); err != nil {
			return nil, err
		}
		rrs = append(rrs, in.Answer...)
		if complete, err := TransferComplete(rrs, ixfr, asked); complete || err != nil {
			return rrs, err
		}
	}
}

// TransferComplete tells whether a transfer's answer so far is whole. The zone's current SOA
// opens it; a whole zone closes with it again; an incremental answer (the current SOA, then an
// older one) holds it three times: opening, opening the last additions, closing. An IXFR answer
// of the SOA alone says the asker (at askedSerial) is up to date.
func TransferComplete(rrs []dns.RR, ixfr bool, askedSerial uint32) (bool, error) {
	if len(rrs) == 0 {
		return false, nil
	}
	first, ok := rrs[0].(*dns.SOA)
	if !ok {
		return true, errors.New("the answer does not begin with the zone's SOA")
	}
	if len(rrs) == 1 {
		return ixfr && !SerialNewer(first.Serial, askedSerial), nil
	}
	current := 0
	for _, rr := range rrs {
		if soa, ok := rr.(*dns.SOA); ok && soa.Serial == first.Serial {
			current++
		}
	}
	if IsIncremental(rrs) {
		return current == 3, nil
	}
	return current == 2, nil
}

// IsIncremental tells whether a transfer's answer is an IXFR answer proper (the current SOA,
// then an older one) rather than the whole zone.
func IsIncremental(rrs []dns.RR) bool {
	if len(rrs) < 2 {
		return false
	}
	_, first := rrs[0].(*dns.SOA)
	_, second := rrs[1].(*dns.SOA)
	return first && second
}

// SerialNewer tells whether serial a is newer than b in serial number arithmetic (RFC 1982).
func SerialNewer(a, b uint32) bool { return a != b && int32(a-b) > 0 }

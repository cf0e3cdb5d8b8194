// Package dnsprobe asks a DNS server for a zone's SOA and waits for a serial: what the interop
// harness and the demo both need, without either importing the other.
package dnsprobe

import (
	"context"
	"fmt"
	"time"

	"github.com/miekg/dns"
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

// HasSerial asks addr for the zone's SOA once and fails unless it answers with serial want.
func HasSerial(ctx context.Context, addr, zone string, want uint32) error {
	soa, err := SOA(ctx, addr, zone)
	if err == nil && soa.Serial != want {
		err = fmt.Errorf("serial %d, want %d", soa.Serial, want)
	}
	return err
}

// WaitSerial asks addr for the zone's SOA until it answers with serial want, or ctx ends; the
// error then says what the server answered last.
func WaitSerial(ctx context.Context, addr, zone string, want uint32) error {
	return Poll(ctx, func(ctx context.Context) error { return HasSerial(ctx, addr, zone, want) })
}

// Poll calls try until it succeeds or ctx ends, backing off from 5 ms to 200 ms between tries;
// when ctx ends it returns try's last error.
func Poll(ctx context.Context, try func(context.Context) error) error {
	wait := 5 * time.Millisecond
	for {
		err := try(ctx)
		if err == nil {
			return nil
		}
		backoff := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			backoff.Stop()
			return fmt.Errorf("%w; last attempt: %w", ctx.Err(), err)
		case <-backoff.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

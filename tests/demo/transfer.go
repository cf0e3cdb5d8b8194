package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/dnsprobe"
)

// The demo primary's zone: the example's secondary zone, which Cloudflare pulls from it.
var primaryRecords = []string{
	secondaryZone + ". 3600 IN SOA ns1." + secondaryZone + ". hostmaster." + secondaryZone + ". 2025010101 3600 600 604800 300",
	secondaryZone + ". 3600 IN NS ns1." + secondaryZone + ".",
	"ns1." + secondaryZone + ". 3600 IN A 192.0.2.53",
	"www." + secondaryZone + ". 300 IN A 192.0.2.10",
}

// changedRecord is the change made on the primary once Cloudflare holds the zone.
const changedRecord = "www." + secondaryZone + ". 300 IN A 192.0.2.20"

// transferWait bounds each wait for the emulator's copy to reach a serial; it takes milliseconds.
const transferWait = 10 * time.Second

// showTransfer gives the primary the key the provider generated, then has Cloudflare (the
// emulator) pull the zone from it twice, each time on the primary's NOTIFY: once as it is, once
// after a change. It shows what the primary answered and what the emulator's DNS then answers.
func showTransfer(ctx context.Context, say func(string, ...any), p *primary, emu *emulatorProcess, key *dnsx.Key) error {
	served, err := p.waitServed(ctx, 1, transferWait)
	if err != nil {
		return fmt.Errorf("Cloudflare's first SOA query on create: %w", err)
	}
	say("On create, Cloudflare asked the primary for %s's SOA at once, signed with the new key,", secondaryZone)
	say("which the primary does not have yet:")
	showServed(say, served)
	p.setKey(key)
	say("The primary takes the key: name %s and algorithm %s as GET .../tsigs lists them,", key.Name, key.Algorithm)
	say("the secret from the stack output tsigSecret (not shown).")
	if err := notifyAndWait(ctx, say, p, emu); err != nil {
		return err
	}
	serial, err := p.change(changedRecord)
	if err != nil {
		return err
	}
	say("\nA change on the primary: %s, serial %d.", changedRecord, serial)
	return notifyAndWait(ctx, say, p, emu)
}

// notifyAndWait sends the primary's NOTIFY to the emulator's DNS, waits until the emulator's
// copy has the primary's serial, and shows how it got there and an A record of the copy.
func notifyAndWait(ctx context.Context, say func(string, ...any), p *primary, emu *emulatorProcess) error {
	dnsAddr := emu.DNSAddr
	serial := p.serial()
	sent := time.Now()
	in, err := p.notify(ctx, dnsAddr)
	if err != nil {
		return err
	}
	say("NOTIFY %s (serial %d) to the emulator's DNS at %s, signed: answered %s%s",
		p.zone, serial, dnsAddr, dns.RcodeToString[in.Rcode], aa(in))
	if err := waitSerial(ctx, dnsAddr, p.zone, serial); err != nil {
		if failed := emu.TransferFailures(); len(failed) > 0 {
			err = fmt.Errorf("%w; the emulator's last failed transfer: %s", err, failed[len(failed)-1])
		}
		return err
	}
	say("The emulator's DNS answers %s SOA with serial %d, %s after the NOTIFY. The primary answered:",
		p.zone, serial, time.Since(sent).Round(time.Millisecond))
	showServed(say, p.served())
	www := "www." + p.zone
	in, err = lookup(ctx, dnsAddr, www, dns.TypeA)
	if err != nil {
		return err
	}
	if len(in.Answer) == 0 {
		return fmt.Errorf("the emulator's DNS answers %s A with %s and no record", www, dns.RcodeToString[in.Rcode])
	}
	for _, rr := range in.Answer {
		say("The emulator's copy answers: %s%s", strings.Join(strings.Fields(rr.String()), " "), aa(in))
	}
	return nil
}

func showServed(say func(string, ...any), served []string) {
	for _, line := range served {
		say("  primary: %s", line)
	}
}

func aa(m *dns.Msg) string {
	if m.Authoritative {
		return " (AA set)"
	}
	return " (AA not set)"
}

// waitSerial asks the DNS server at addr for the zone's SOA until it answers with serial, for at
// most transferWait.
func waitSerial(ctx context.Context, addr, zone string, serial uint32) error {
	ctx, cancel := context.WithTimeout(ctx, transferWait)
	defer cancel()
	if err := dnsprobe.WaitSerial(ctx, addr, zone, serial); err != nil {
		return fmt.Errorf("the emulator's DNS at %s did not answer %s SOA with serial %d within %s: %w",
			addr, zone, serial, transferWait, err)
	}
	return nil
}

// lookup asks the DNS server at addr one question over UDP.
func lookup(ctx context.Context, addr, name string, qtype uint16) (*dns.Msg, error) {
	c := &dns.Client{Net: "udp", Timeout: 2 * time.Second}
	in, _, err := c.ExchangeContext(ctx, new(dns.Msg).SetQuestion(dns.Fqdn(name), qtype), addr)
	if err != nil {
		return nil, fmt.Errorf("%s %s at %s: %w", dns.TypeToString[qtype], name, addr, err)
	}
	return in, nil
}

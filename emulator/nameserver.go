package emulator

import (
	"context"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/nameserver"
)

// The API's side of its nameserver (emulator/nameserver): the read-only view of the store the
// nameserver reads its configuration through, what the API does with what the nameserver
// reports, and the nameserver's part of the Emulator's Go API.

// DefaultDNSTimeout is how long the emulator waits for each DNS answer it asks for (SOA, NOTIFY,
// each message of a transfer) unless Options.DNSTimeout says otherwise.
const DefaultDNSTimeout = nameserver.DefaultTimeout

// Transfer is one zone-transfer event, as the transfer log keeps it.
type Transfer = nameserver.Transfer

// Triggers of a transfer, as the transfer log names them.
const (
	TriggerCreate      = nameserver.TriggerCreate
	TriggerUpdate      = nameserver.TriggerUpdate
	TriggerForceAXFR   = nameserver.TriggerForceAXFR
	TriggerNotify      = nameserver.TriggerNotify
	TriggerRefresh     = nameserver.TriggerRefresh
	TriggerEnable      = nameserver.TriggerEnable
	TriggerForceNotify = nameserver.TriggerForceNotify
	TriggerRecords     = nameserver.TriggerRecords
	TriggerQuery       = nameserver.TriggerQuery
)

// Timers makes timers on Options.Clock, for auto refresh; emulatortest.Clock is one.
type Timers = nameserver.Timers

// storeView is the nameserver's read-only view of the store, and the reporter that records what
// it checked and served in the zones' configurations.
type storeView struct{ e *Emulator }

var (
	_ nameserver.View     = storeView{}
	_ nameserver.Reporter = storeView{}
)

func (v storeView) Zones() []nameserver.Zone {
	var out []nameserver.Zone
	for _, st := range v.e.store.zones.list(zonesScope) {
		out = append(out, nsZone(st))
	}
	return out
}

func (v storeView) Zone(id string) (nameserver.Zone, bool) {
	st, ok := v.e.store.zones.get(zonesScope, id)
	return nsZone(st), ok
}

func (v storeView) Peer(acct, id string) (nameserver.Peer, bool) {
	p, ok := v.e.store.peers.get(acct, id)
	return nameserver.Peer{ID: p.ID, Name: p.Name, IP: p.IP, Port: p.Port, IXFR: p.IxfrEnable != nil && *p.IxfrEnable, TSIGID: p.TSIGID}, ok
}

func (v storeView) TSIG(acct, id string) (nameserver.TSIG, bool) {
	t, ok := v.e.store.tsigs.get(acct, id)
	return nameserver.TSIG{Name: t.Name, Algo: t.Algo, Secret: t.Secret}, ok
}

func (v storeView) ACLs(acct string) []string {
	var out []string
	for _, a := range v.e.store.acls.list(acct) {
		out = append(out, a.IPRange)
	}
	return out
}

// Checked records a pull: the SOA was checked, and a new serial modifies the configuration.
func (v storeView) Checked(zoneID string, at time.Time, serial uint32, changed bool) {
	incomingConfig.edit(v.e, zoneID, func(c **Incoming) error {
		if *c == nil {
			return errNoConfig
		}
		(*c).CheckedTime = at
		if changed {
			(*c).SOASerial = int(serial)
			(*c).ModifiedTime = at
		}
		return nil
	})
}

// Served records a transfer served to a secondary.
func (v storeView) Served(zoneID string, at time.Time, serial uint32) {
	outgoingConfig.edit(v.e, zoneID, func(c **Outgoing) error {
		if *c == nil {
			return errNoConfig
		}
		(*c).LastTransferredTime = at
		(*c).SOASerial = int(serial)
		return nil
	})
}

// nsZone is a stored zone as the nameserver sees it.
func nsZone(st zoneState) nameserver.Zone {
	z := nsZoneOf(st.Zone)
	if c := st.Incoming; c != nil {
		since := c.CheckedTime
		if since.IsZero() {
			since = c.CreatedTime
		}
		z.Incoming = &nameserver.Incoming{Peers: c.Peers, AutoRefresh: time.Duration(c.AutoRefreshSeconds) * time.Second, Since: since}
	}
	if c := st.Outgoing; c != nil {
		z.Outgoing = &nameserver.Outgoing{Peers: c.Peers, Enabled: c.Enabled, Serial: uint32(c.SOASerial)}
	}
	return z
}

// nsZoneOf is a zone without its configurations, as the nameserver's content calls take it.
func nsZoneOf(z Zone) nameserver.Zone {
	return nameserver.Zone{ID: z.ID, Name: z.Name, Account: z.Account, Secondary: z.Type == ZoneSecondary}
}

// DNSAddr is where the emulator serves DNS, ip:port over UDP and TCP; "" when it does not.
func (e *Emulator) DNSAddr() string { return e.ns.Addr() }

// Close stops serving DNS and waits for the transfers under way to end (they are cancelled).
// The HTTP side has nothing to stop: its server belongs to the caller. Close is safe to call
// more than once, and on an emulator that does not serve DNS.
func (e *Emulator) Close() error {
	e.ns.Close()
	return nil
}

// Transfers returns the zone's transfer log in order; empty unless the emulator serves DNS.
func (e *Emulator) Transfers(zoneID string) []Transfer { return e.ns.Transfers(zoneID) }

// WaitTransfer waits until the zone's transfer log holds n events and returns the nth (from 1),
// or fails when ctx ends first. Tests count the events they cause (a pull per trigger, a NOTIFY
// per peer, a transfer per query) and wait for them instead of sleeping.
func (e *Emulator) WaitTransfer(ctx context.Context, zoneID string, n int) (Transfer, error) {
	return e.ns.WaitTransfer(ctx, zoneID, n)
}

package emulator

import (
	"net/http"
	"slices"
	"time"
)

// Outgoing is a zone's outgoing transfer configuration: Cloudflare is the zone's primary and
// the peers are its secondaries. Enabled is the switch that outgoing/enable and
// outgoing/disable flip; a new configuration starts disabled. Times are zero until the event
// happens.
type Outgoing struct {
	Name                string    `json:"name"`
	Peers               []string  `json:"peers"`
	Enabled             bool      `json:"enabled"`
	SOASerial           int       `json:"soa_serial"`
	CheckedTime         time.Time `json:"checked_time"`
	CreatedTime         time.Time `json:"created_time"`
	LastTransferredTime time.Time `json:"last_transferred_time"`
}

func (c Outgoing) clone() Outgoing { c.Peers = slices.Clone(c.Peers); return c }

// outgoingConfig is /zones/{zone_id}/secondary_dns/outgoing, for zones whose DNS Cloudflare
// hosts.
var outgoingConfig = transferConfig[Outgoing]{
	name:      "outgoing",
	zoneTypes: []string{ZoneFull, ZonePartial},
	slot:      func(st *zoneState) **Outgoing { return &st.Outgoing },
	read:      readOutgoing,
	create: func(e *Emulator, z Zone, c *Outgoing, now time.Time) {
		c.CreatedTime, c.CheckedTime, c.SOASerial = now, now, int(e.ns.Serial(nsZoneOf(z)))
	},
	replace: func(c *Outgoing, old Outgoing, _ time.Time) {
		c.Enabled, c.SOASerial = old.Enabled, old.SOASerial
		c.CreatedTime, c.CheckedTime, c.LastTransferredTime = old.CreatedTime, old.CheckedTime, old.LastTransferredTime
	},
	result: func(zoneID string, c Outgoing) any {
		return outgoingResult{ID: zoneID, Name: c.Name, Peers: c.Peers, SOASerial: c.SOASerial,
			CheckedTime: timeOrEmpty(c.CheckedTime), CreatedTime: timeOrEmpty(c.CreatedTime),
			LastTransferredTime: timeOrEmpty(c.LastTransferredTime)}
	},
	tell: func(e *Emulator, _ *http.Request, zoneID, trigger string) { e.ns.Notify(zoneID, trigger) },
}

// outgoingResult is an outgoing configuration as the API answers it; its ID is the zone's.
type outgoingResult struct {
	ID                  string   `json:"id"`
	Name                string   `json:"name"`
	Peers               []string `json:"peers"`
	CheckedTime         string   `json:"checked_time"`
	CreatedTime         string   `json:"created_time"`
	LastTransferredTime string   `json:"last_transferred_time"`
	SOASerial           int      `json:"soa_serial"`
}

// readOutgoing reads {name, peers}; peers may be empty (a peer is needed only for NOTIFY or
// TSIG), and linked peers must share one TSIG key. An id in the body is ignored.
func readOutgoing(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) (Outgoing, bool) {
	return readBody(w, r, func(f *fields) Outgoing {
		return Outgoing{Name: f.string("name"), Peers: e.readPeers(f, z.Account, true)}
	})
}

// Transfer statuses, as outgoing/enable, outgoing/disable and outgoing/status answer them.
const (
	statusEnabled  = "Enabled"
	statusDisabled = "Disabled"
)

func statusOf(c Outgoing) any {
	if c.Enabled {
		return statusEnabled
	}
	return statusDisabled
}

// enableOutgoing switches transfers on, which also sends NOTIFY to the peers; last_transferred_time
// waits for a secondary to transfer.
var enableOutgoing = transferAction[Outgoing]{
	config:  outgoingConfig,
	edit:    func(c *Outgoing, _ time.Time) { c.Enabled = true },
	count:   func(a *ZoneActions) { a.Enable++ },
	trigger: TriggerEnable,
	reply:   statusOf,
}

// disableOutgoing switches transfers off.
var disableOutgoing = transferAction[Outgoing]{
	config: outgoingConfig,
	edit:   func(c *Outgoing, _ time.Time) { c.Enabled = false },
	count:  func(a *ZoneActions) { a.Disable++ },
	reply:  statusOf,
}

// forceNotify sends NOTIFY to the peers now, while transfers are on.
var forceNotify = transferAction[Outgoing]{
	config:  outgoingConfig,
	edit:    func(c *Outgoing, now time.Time) { c.CheckedTime = now },
	count:   func(a *ZoneActions) { a.ForceNotify++ },
	trigger: TriggerForceNotify,
	reply:   replyOK[Outgoing],
}

// outgoingStatus is GET outgoing/status: the only way to read the switch back.
func outgoingStatus(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	if c, ok := outgoingConfig.change(e, w, r, z, outgoingConfig.mustExist); ok {
		writeResult(w, statusOf(c))
	}
}

// Outgoing returns the zone's outgoing transfer configuration.
func (e *Emulator) Outgoing(zoneID string) (Outgoing, bool) { return outgoingConfig.lookup(e, zoneID) }

// PutOutgoing sets the zone's outgoing transfer configuration, switch included, without the
// API's checks; it reports whether the zone exists.
func (e *Emulator) PutOutgoing(zoneID string, c Outgoing) bool {
	return outgoingConfig.set(e, zoneID, c.clone())
}

// DeleteOutgoing removes the zone's outgoing transfer configuration, and with it the switch, and
// reports whether it existed.
func (e *Emulator) DeleteOutgoing(zoneID string) bool { return outgoingConfig.clear(e, zoneID) }

// SetOutgoingEnabled flips the switch of outgoing transfers as the dashboard would, without
// sending NOTIFY; it reports whether the zone has an outgoing configuration.
func (e *Emulator) SetOutgoingEnabled(zoneID string, enabled bool) bool {
	return outgoingConfig.edit(e, zoneID, func(p **Outgoing) error {
		if *p == nil {
			return errNoConfig
		}
		(*p).Enabled = enabled
		return nil
	})
}

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

// outgoingKind is /zones/{zone_id}/secondary_dns/outgoing, for zones whose DNS Cloudflare hosts.
var outgoingKind = transferKind[Outgoing]{
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
	obj, ok := readObject(w, r)
	if !ok {
		return Outgoing{}, false
	}
	var c Outgoing
	var errs [2]error
	c.Name, errs[0] = obj.requiredString("name")
	c.Peers, errs[1] = e.readPeers(obj, z.Account, true)
	return c, !fieldErrors(w, errs[:]...)
}

// Transfer statuses, as outgoing/enable, outgoing/disable and outgoing/status answer them.
const (
	statusEnabled  = "Enabled"
	statusDisabled = "Disabled"
)

func statusOf(c Outgoing) string {
	if c.Enabled {
		return statusEnabled
	}
	return statusDisabled
}

// enableOutgoing switches transfers on, which also sends NOTIFY to the peers. Without DNS the
// emulator takes the secondaries' transfer as done now; with it, last_transferred_time waits
// for a secondary to transfer.
func (e *Emulator) enableOutgoing(w http.ResponseWriter, r *http.Request, z Zone) {
	e.switchOutgoing(w, r, z, true, func(a *ZoneActions) { a.Enable++ })
}

// disableOutgoing switches transfers off.
func (e *Emulator) disableOutgoing(w http.ResponseWriter, r *http.Request, z Zone) {
	e.switchOutgoing(w, r, z, false, func(a *ZoneActions) { a.Disable++ })
}

func (e *Emulator) switchOutgoing(w http.ResponseWriter, r *http.Request, z Zone, on bool, count func(*ZoneActions)) {
	now := e.now()
	c, ok := outgoingKind.change(e, w, r, z, func(c **Outgoing) error {
		if err := outgoingKind.mustExist(c); err != nil {
			return err
		}
		(*c).Enabled = on
		if on && !e.live() {
			(*c).LastTransferredTime = now
		}
		return nil
	})
	if ok {
		e.obs.zoneAction(z.ID, count)
		e.changed()
		writeResult(w, statusOf(c))
		if on {
			e.ns.Notify(z.ID, TriggerEnable)
		}
	}
}

// outgoingStatus is GET outgoing/status: the only way to read the switch back.
func (e *Emulator) outgoingStatus(w http.ResponseWriter, r *http.Request, z Zone) {
	if c, ok := outgoingKind.change(e, w, r, z, outgoingKind.mustExist); ok {
		writeResult(w, statusOf(c))
	}
}

// forceNotify sends NOTIFY to the peers now, while transfers are on; without DNS, the emulator
// takes the secondaries' transfer as done.
func (e *Emulator) forceNotify(w http.ResponseWriter, r *http.Request, z Zone) {
	now := e.now()
	_, ok := outgoingKind.change(e, w, r, z, func(c **Outgoing) error {
		if err := outgoingKind.mustExist(c); err != nil {
			return err
		}
		(*c).CheckedTime = now
		if (*c).Enabled && !e.live() {
			(*c).LastTransferredTime = now
		}
		return nil
	})
	if ok {
		e.obs.zoneAction(z.ID, func(a *ZoneActions) { a.ForceNotify++ })
		e.changed()
		writeResult(w, "OK")
		e.ns.Notify(z.ID, TriggerForceNotify)
	}
}

// Outgoing returns the zone's outgoing transfer configuration.
func (e *Emulator) Outgoing(zoneID string) (Outgoing, bool) { return outgoingKind.lookup(e, zoneID) }

// PutOutgoing sets the zone's outgoing transfer configuration, switch included, without the
// API's checks; it reports whether the zone exists.
func (e *Emulator) PutOutgoing(zoneID string, c Outgoing) bool {
	return outgoingKind.set(e, zoneID, c.clone())
}

// DeleteOutgoing removes the zone's outgoing transfer configuration, and with it the switch, and
// reports whether it existed.
func (e *Emulator) DeleteOutgoing(zoneID string) bool { return outgoingKind.clear(e, zoneID) }

// SetOutgoingEnabled flips the switch of outgoing transfers as the dashboard would, without
// sending NOTIFY; it reports whether the zone has an outgoing configuration.
func (e *Emulator) SetOutgoingEnabled(zoneID string, enabled bool) bool {
	return outgoingKind.edit(e, zoneID, func(p **Outgoing) error {
		if *p == nil {
			return errNoConfig
		}
		(*p).Enabled = enabled
		return nil
	})
}

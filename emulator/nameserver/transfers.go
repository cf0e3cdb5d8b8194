package nameserver

import "context"

// transfers carry out the pulls and NOTIFY the API asks for. A nameserver that listens does
// them over DNS in the background (overDNS); one that does not takes them as done at once
// (atOnce). Either way the API hears of them only through the Reporter.
type transfers interface {
	pull(answered context.Context, zoneID, trigger string)
	notify(zoneID, trigger string)
}

// Pull asks for the secondary zone to be pulled from its primaries. The API passes the context
// of its request: a pull over DNS starts once that request is answered, so the answer shows
// the configuration as the request left it; a pull taken as done at once is reported before
// Pull returns, so the answer shows it.
func (s *Server) Pull(answered context.Context, zoneID, trigger string) {
	s.transfers.pull(answered, zoneID, trigger)
}

// Notify tells the full or partial zone's secondaries that it changed, when its outgoing
// transfers are enabled.
func (s *Server) Notify(zoneID, trigger string) { s.transfers.notify(zoneID, trigger) }

// overDNS are the transfers of a nameserver that listens.
type overDNS struct{ *Server }

func (t overDNS) pull(answered context.Context, zoneID, trigger string) {
	t.Server.pull(zoneID, trigger, answered.Done())
}

func (t overDNS) notify(zoneID, trigger string) { t.Server.notify(zoneID, trigger) }

// atOnce are the transfers of a nameserver that does not listen: with no primary to ask and no
// secondary to tell, the transfers an API action asks for by name are reported done at once. A
// new incoming configuration brings the zone's initial serial, as of its creation; force AXFR
// checks the SOA now; enabling and force NOTIFY have the secondaries transfer the serial the
// configuration reports, now. The pull after an update and the NOTIFY after a record change
// leave the configurations as they are.
type atOnce struct{ *Server }

func (t atOnce) pull(_ context.Context, zoneID, trigger string) {
	switch trigger {
	case TriggerCreate:
		if z, ok := t.view.Zone(zoneID); ok && z.Incoming != nil {
			at := z.Incoming.Since
			t.report.Checked(zoneID, at, InitialSerial(at), true)
		}
	case TriggerForceAXFR:
		t.report.Checked(zoneID, t.now(), 0, false)
	}
}

func (t atOnce) notify(zoneID, trigger string) {
	if trigger != TriggerEnable && trigger != TriggerForceNotify {
		return
	}
	if z, ok := t.view.Zone(zoneID); ok && z.Outgoing != nil && z.Outgoing.Enabled {
		t.report.Served(zoneID, t.now(), z.Outgoing.Serial)
	}
}

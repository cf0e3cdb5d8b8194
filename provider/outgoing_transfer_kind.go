package provider

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/tsigrules"
)

// outgoingRecord is a zone's outgoing transfer configuration as Cloudflare holds it. The
// switch (enabled) is not part of it: Cloudflare reads and writes it apart.
type outgoingRecord struct {
	ZoneID, Name                                  string
	Peers                                         []string
	SOASerial                                     int
	CheckedTime, CreatedTime, LastTransferredTime string
}

// outgoingKind is how outgoing configurations are read and written: one per zone, replaced
// whole, with no id in the bodies.
var outgoingKind = &cfapi.Kind[outgoingRecord]{
	Name:    "OutgoingTransfer",
	Scope:   cfapi.Zone,
	ID:      func(r outgoingRecord) string { return r.ZoneID },
	Subject: func(r outgoingRecord) string { return subject(r.Name, "") },
	Matches: func(have, want outgoingRecord) bool {
		return tsigrules.SameName(have.Name, want.Name) && samePeers(have.Peers, want.Peers)
	},
	API: cfapi.API[outgoingRecord]{
		Get: func(ctx context.Context, c *cfapi.Client, zone, _ string) (outgoingRecord, error) {
			return outgoingFromAPI(c.ZoneTransfers.Outgoing.Get(ctx, dns.ZoneTransferOutgoingGetParams{ZoneID: cloudflare.F(zone)}))
		},
		Create: func(ctx context.Context, c *cfapi.Client, zone string, r outgoingRecord) (outgoingRecord, error) {
			got, err := c.ZoneTransfers.Outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(peerList(r.Peers)),
			})
			if err != nil {
				return outgoingRecord{}, err
			}
			return outgoingFromAPI(sameFields[dns.ZoneTransferOutgoingGetResponse](got.JSON.RawJSON()))
		},
		Update: func(ctx context.Context, c *cfapi.Client, zone string, r outgoingRecord) (outgoingRecord, error) {
			got, err := c.ZoneTransfers.Outgoing.Update(ctx, dns.ZoneTransferOutgoingUpdateParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(peerList(r.Peers)),
			})
			if err != nil {
				return outgoingRecord{}, err
			}
			return outgoingFromAPI(sameFields[dns.ZoneTransferOutgoingGetResponse](got.JSON.RawJSON()))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, zone, _ string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Outgoing.Delete(ctx, dns.ZoneTransferOutgoingDeleteParams{ZoneID: cloudflare.F(zone)}))
		},
	},
}

func outgoingFromAPI(r *dns.ZoneTransferOutgoingGetResponse, err error) (outgoingRecord, error) {
	if err == nil {
		err = cfapi.CheckDecoded(r, "id", "name", "peers")
	}
	if err != nil {
		return outgoingRecord{}, err
	}
	serial, err := wholeNumber("soa_serial", r.SOASerial)
	if err != nil {
		return outgoingRecord{}, err
	}
	return outgoingRecord{
		ZoneID: r.ID, Name: r.Name, Peers: peerList(r.Peers), SOASerial: serial,
		CheckedTime: r.CheckedTime, CreatedTime: r.CreatedTime, LastTransferredTime: r.LastTransferredTime,
	}, nil
}

// The words outgoing/enable, outgoing/disable and outgoing/status answer with.
const (
	transfersEnabled  = "Enabled"
	transfersDisabled = "Disabled"
)

func transferStatus(reply *string, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	switch {
	case reply != nil && *reply == transfersEnabled:
		return true, nil
	case reply != nil && *reply == transfersDisabled:
		return false, nil
	}
	return false, cfapi.BadReply(fmt.Sprintf("holds a transfer status that is neither %q nor %q", transfersEnabled, transfersDisabled))
}

func outgoingOp(verb, zoneID string) cfapi.Operation {
	return cfapi.Operation{Verb: verb, Kind: "OutgoingTransfer", Scope: cfapi.Zone, ScopeID: zoneID}
}

// outgoingEnabled reads the switch: outgoing/status is the only way to read it back.
func outgoingEnabled(ctx context.Context, client *cfapi.Client, zoneID string) (bool, error) {
	var on bool
	err := client.Do(ctx, outgoingOp("reading", zoneID), func(ctx context.Context) (err error) {
		on, err = transferStatus(client.ZoneTransfers.Outgoing.Status.Get(ctx, dns.ZoneTransferOutgoingStatusGetParams{ZoneID: cloudflare.F(zoneID)}))
		return err
	})
	return on, err
}

// switchOutgoing enables or disables the zone's transfers and returns the status Cloudflare
// answered. Sending either again is harmless, so it is retried like a read.
func switchOutgoing(ctx context.Context, client *cfapi.Client, zoneID string, on bool) (bool, error) {
	verb := "disabling"
	if on {
		verb = "enabling"
	}
	var got bool
	err := client.Do(ctx, outgoingOp(verb, zoneID), func(ctx context.Context) (err error) {
		if on {
			got, err = transferStatus(client.ZoneTransfers.Outgoing.Enable(ctx, dns.ZoneTransferOutgoingEnableParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()}))
		} else {
			got, err = transferStatus(client.ZoneTransfers.Outgoing.Disable(ctx, dns.ZoneTransferOutgoingDisableParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()}))
		}
		return err
	})
	if err == nil && got != on {
		err = fmt.Errorf("%s OutgoingTransfer in zone %s: Cloudflare answered that transfers are still %s; check the zone's Secondary DNS settings in the dashboard, then run again",
			verb, zoneID, map[bool]string{true: "enabled", false: "disabled"}[got])
	}
	return got, err
}

// forceNotify tells the peers that the zone changed.
func forceNotify(ctx context.Context, client *cfapi.Client, zoneID string) error {
	return client.Do(ctx, outgoingOp("forcing NOTIFY of", zoneID), func(ctx context.Context) error {
		_, err := client.ZoneTransfers.Outgoing.ForceNotify(ctx, dns.ZoneTransferOutgoingForceNotifyParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()})
		return err
	})
}

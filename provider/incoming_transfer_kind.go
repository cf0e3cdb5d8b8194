package provider

import (
	"context"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/tsigrules"
)

// incomingRecord is a zone's incoming transfer configuration as Cloudflare holds it.
type incomingRecord struct {
	ZoneID, Name                           string
	Peers                                  []string
	AutoRefreshSeconds, SOASerial          int
	CheckedTime, CreatedTime, ModifiedTime string
}

// incomingKind is how incoming configurations are read and written: one per zone, replaced
// whole. The request bodies never carry an id: it is the zone's, and read-only.
var incomingKind = &cfapi.Kind[incomingRecord]{
	Name:    "IncomingTransfer",
	Scope:   cfapi.Zone,
	ID:      func(r incomingRecord) string { return r.ZoneID },
	Subject: func(r incomingRecord) string { return subject(r.Name, "") },
	Matches: func(have, want incomingRecord) bool {
		return tsigrules.SameName(have.Name, want.Name) && samePeers(have.Peers, want.Peers) && have.AutoRefreshSeconds == want.AutoRefreshSeconds
	},
	API: cfapi.API[incomingRecord]{
		Get: func(ctx context.Context, c *cfapi.Client, zone, _ string) (incomingRecord, error) {
			return incomingFromAPI(c.ZoneTransfers.Incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: cloudflare.F(zone)}))
		},
		Create: func(ctx context.Context, c *cfapi.Client, zone string, r incomingRecord) (incomingRecord, error) {
			got, err := c.ZoneTransfers.Incoming.New(ctx, dns.ZoneTransferIncomingNewParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(peerList(r.Peers)),
				AutoRefreshSeconds: cloudflare.F(float64(r.AutoRefreshSeconds)),
			})
			if err != nil {
				return incomingRecord{}, err
			}
			return incomingFromAPI(sameFields[dns.ZoneTransferIncomingGetResponse](got.JSON.RawJSON()))
		},
		Update: func(ctx context.Context, c *cfapi.Client, zone string, r incomingRecord) (incomingRecord, error) {
			got, err := c.ZoneTransfers.Incoming.Update(ctx, dns.ZoneTransferIncomingUpdateParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(peerList(r.Peers)),
				AutoRefreshSeconds: cloudflare.F(float64(r.AutoRefreshSeconds)),
			})
			if err != nil {
				return incomingRecord{}, err
			}
			return incomingFromAPI(sameFields[dns.ZoneTransferIncomingGetResponse](got.JSON.RawJSON()))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, zone, _ string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Incoming.Delete(ctx, dns.ZoneTransferIncomingDeleteParams{ZoneID: cloudflare.F(zone)}))
		},
	},
}

// peerList is never nil: Cloudflare requires the list, and an empty one is sent as [].
func peerList(peers []string) []string {
	if peers == nil {
		return []string{}
	}
	return peers
}

func incomingFromAPI(r *dns.ZoneTransferIncomingGetResponse, err error) (incomingRecord, error) {
	if err == nil {
		err = cfapi.CheckDecoded(r, "id", "name", "peers")
	}
	if err != nil {
		return incomingRecord{}, err
	}
	refresh, err := wholeNumber("auto_refresh_seconds", r.AutoRefreshSeconds)
	if err != nil {
		return incomingRecord{}, err
	}
	serial, err := wholeNumber("soa_serial", r.SOASerial)
	if err != nil {
		return incomingRecord{}, err
	}
	return incomingRecord{
		ZoneID: r.ID, Name: r.Name, Peers: peerList(r.Peers), AutoRefreshSeconds: refresh, SOASerial: serial,
		CheckedTime: r.CheckedTime, CreatedTime: r.CreatedTime, ModifiedTime: r.ModifiedTime,
	}, nil
}

// forceAXFR asks Cloudflare to pull the whole zone from the primary now.
func forceAXFR(ctx context.Context, client *cfapi.Client, zoneID string) error {
	op := cfapi.Operation{Verb: "forcing AXFR of", Kind: "IncomingTransfer", Scope: cfapi.Zone, ScopeID: zoneID}
	return client.Do(ctx, op, func(ctx context.Context) error {
		_, err := client.ZoneTransfers.ForceAXFR.New(ctx, dns.ZoneTransferForceAXFRNewParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()})
		return err
	})
}

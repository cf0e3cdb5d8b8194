package kinds

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// IncomingTransfer is a zone's incoming transfer configuration as Cloudflare holds it:
// Cloudflare is the zone's secondary and pulls it from the peers (the primaries).
type IncomingTransfer struct {
	ZoneID             string   `pulumi:"zoneId"`
	Name               string   `pulumi:"name"`
	Peers              []string `pulumi:"peers"`
	AutoRefreshSeconds int      `pulumi:"autoRefreshSeconds"`
	SOASerial          int      `pulumi:"soaSerial"`
	CheckedTime        string   `pulumi:"checkedTime"`
	CreatedTime        string   `pulumi:"createdTime"`
	ModifiedTime       string   `pulumi:"modifiedTime"`
}

// Cloudflare's bounds of autoRefreshSeconds.
const (
	DefaultAutoRefreshSeconds = 86400
	MinAutoRefreshSeconds     = 300
	AcceptsAutoRefresh        = "a whole number of seconds, at least 300 (default 86400)"
)

// Description texts an IncomingTransfer's inputs share with its outputs.
const (
	IncomingPeersDescription = "The peers Cloudflare pulls the zone from: your primaries, with their ip (and port, tsigId, ixfrEnable)."
	AutoRefreshDescription   = "How often, in seconds, Cloudflare checks the primary's SOA serial whatever the NOTIFYs " +
		"(the primary's SOA refresh is ignored): " + AcceptsAutoRefresh + "."
)

func (t *IncomingTransfer) Annotate(an infer.Annotator) {
	an.Describe(t, "A zone's incoming transfer configuration as Cloudflare holds it.")
	describeTransfer(an, &t.ZoneID, &t.Name, &t.Peers, IncomingPeersDescription)
	an.Describe(&t.AutoRefreshSeconds, AutoRefreshDescription)
	describeObserved(an, &t.SOASerial, &t.CheckedTime, &t.CreatedTime)
	an.Describe(&t.ModifiedTime, "When the configuration was last changed.")
}

// CheckAutoRefresh checks autoRefreshSeconds against Cloudflare's minimum.
func CheckAutoRefresh(c *Checker, seconds *int) {
	c.Integer("autoRefreshSeconds", AcceptsAutoRefresh)
	if seconds != nil && *seconds < MinAutoRefreshSeconds && c.Known("autoRefreshSeconds") {
		c.Fail("autoRefreshSeconds", fmt.Sprintf("%d is below Cloudflare's minimum: expected %s", *seconds, AcceptsAutoRefresh))
	}
}

// WithDeclared is t with what a program declares taken from declared, the rest as it was.
func (t IncomingTransfer) WithDeclared(declared IncomingTransfer) IncomingTransfer {
	t.Name, t.Peers, t.AutoRefreshSeconds = declared.Name, declared.Peers, declared.AutoRefreshSeconds
	return t
}

// PeerIDs are the peers the configuration links.
func (t IncomingTransfer) PeerIDs() []string { return t.Peers }

// IncomingTransfers is how incoming configurations are read and written: one per zone, replaced
// whole. The request bodies never carry an id: it is the zone's, and read-only.
var IncomingTransfers = &cfapi.ZoneKind[IncomingTransfer]{
	Described: cfapi.Described[IncomingTransfer]{
		Name:    "IncomingTransfer",
		Subject: func(r IncomingTransfer) string { return Subject(r.Name, "") },
		Matches: func(have, want IncomingTransfer) bool {
			return tsigrules.SameName(have.Name, want.Name) && SamePeers(have.Peers, want.Peers) && have.AutoRefreshSeconds == want.AutoRefreshSeconds
		},
	},
	API: cfapi.ZoneAPI[IncomingTransfer]{
		Get: func(ctx context.Context, c *cfapi.Client, zone string) (IncomingTransfer, error) {
			return incomingFromAPI(c.ZoneTransfers.Incoming.Get(ctx, dns.ZoneTransferIncomingGetParams{ZoneID: cloudflare.F(zone)}))
		},
		Create: func(ctx context.Context, c *cfapi.Client, zone string, r IncomingTransfer) (IncomingTransfer, error) {
			got, err := c.ZoneTransfers.Incoming.New(ctx, dns.ZoneTransferIncomingNewParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(PeerList(r.Peers)),
				AutoRefreshSeconds: cloudflare.F(float64(r.AutoRefreshSeconds)),
			})
			return incomingFromAPI(replyAs[dns.ZoneTransferIncomingGetResponse](func() string { return got.JSON.RawJSON() }, err))
		},
		Update: func(ctx context.Context, c *cfapi.Client, zone string, r IncomingTransfer) (IncomingTransfer, error) {
			got, err := c.ZoneTransfers.Incoming.Update(ctx, dns.ZoneTransferIncomingUpdateParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(PeerList(r.Peers)),
				AutoRefreshSeconds: cloudflare.F(float64(r.AutoRefreshSeconds)),
			})
			return incomingFromAPI(replyAs[dns.ZoneTransferIncomingGetResponse](func() string { return got.JSON.RawJSON() }, err))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, zone string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Incoming.Delete(ctx, dns.ZoneTransferIncomingDeleteParams{ZoneID: cloudflare.F(zone)}))
		},
	},
}

func incomingFromAPI(r *dns.ZoneTransferIncomingGetResponse, err error) (IncomingTransfer, error) {
	if err == nil {
		err = cfapi.CheckDecoded(r, "id", "name", "peers")
	}
	if err != nil {
		return IncomingTransfer{}, err
	}
	refresh, err := wholeNumber("auto_refresh_seconds", r.AutoRefreshSeconds)
	if err != nil {
		return IncomingTransfer{}, err
	}
	serial, err := wholeNumber("soa_serial", r.SOASerial)
	if err != nil {
		return IncomingTransfer{}, err
	}
	return IncomingTransfer{
		ZoneID: r.ID, Name: r.Name, Peers: PeerList(r.Peers), AutoRefreshSeconds: refresh, SOASerial: serial,
		CheckedTime: r.CheckedTime, CreatedTime: r.CreatedTime, ModifiedTime: r.ModifiedTime,
	}, nil
}

// ForceAXFR asks Cloudflare to pull the whole zone from the primary now.
func ForceAXFR(ctx context.Context, client *cfapi.Client, zoneID string) error {
	return action(ctx, client, "forcing AXFR of", IncomingTransfers.Name, zoneID, func(ctx context.Context) error {
		_, err := client.ZoneTransfers.ForceAXFR.New(ctx, dns.ZoneTransferForceAXFRNewParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()})
		return err
	})
}

// OrderedAs is t with its peers in the order of known when they are the same set.
func (t IncomingTransfer) OrderedAs(known []string) IncomingTransfer {
	t.Peers = InOrderOf(known, t.Peers)
	return t
}

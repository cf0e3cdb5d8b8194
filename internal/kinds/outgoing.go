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

// OutgoingTransfer is a zone's outgoing transfer configuration as Cloudflare holds it, with its
// switch: Cloudflare is the zone's primary and the peers are its secondaries. Cloudflare reads
// and writes the switch (enabled) apart from the configuration.
type OutgoingTransfer struct {
	ZoneID              string   `pulumi:"zoneId"`
	Name                string   `pulumi:"name"`
	Peers               []string `pulumi:"peers"`
	Enabled             bool     `pulumi:"enabled"`
	SOASerial           int      `pulumi:"soaSerial"`
	CheckedTime         string   `pulumi:"checkedTime"`
	CreatedTime         string   `pulumi:"createdTime"`
	LastTransferredTime string   `pulumi:"lastTransferredTime"`
}

// Description texts an OutgoingTransfer's inputs share with its outputs.
const (
	OutgoingPeersDescription = "The secondaries Cloudflare sends NOTIFY to, and whose TSIG key signs the transfers. Optional: without peers, secondaries allowed by an Acl pull the zone unsigned. Peers linked to one zone must all use the same TSIG key, or none."
	EnabledOutputDescription = "Whether Cloudflare serves the zone's transfers, as Cloudflare reports it: a switch flipped in the dashboard shows on refresh, and the next up puts it back."
)

func (t *OutgoingTransfer) Annotate(an infer.Annotator) {
	an.Describe(t, "A zone's outgoing transfer configuration as Cloudflare holds it.")
	describeTransfer(an, &t.ZoneID, &t.Name, &t.Peers, OutgoingPeersDescription)
	an.Describe(&t.Enabled, EnabledOutputDescription)
	describeObserved(an, &t.SOASerial, &t.CheckedTime, &t.CreatedTime)
	an.Describe(&t.LastTransferredTime, "When a secondary last transferred the zone from Cloudflare.")
}

// WithDeclared is t with what a program declares taken from declared, the rest as it was.
func (t OutgoingTransfer) WithDeclared(declared OutgoingTransfer) OutgoingTransfer {
	t.Name, t.Peers, t.Enabled = declared.Name, declared.Peers, declared.Enabled
	return t
}

// PeerIDs are the peers the configuration links.
func (t OutgoingTransfer) PeerIDs() []string { return t.Peers }

// OutgoingTransfers is how outgoing configurations are read and written: one per zone, replaced
// whole, with no id in the bodies. The switch is not part of what they read or write.
var OutgoingTransfers = &cfapi.ZoneKind[OutgoingTransfer]{
	Described: cfapi.Described[OutgoingTransfer]{
		Name:    "OutgoingTransfer",
		Subject: func(r OutgoingTransfer) string { return Subject(r.Name, "") },
		Matches: func(have, want OutgoingTransfer) bool {
			return tsigrules.SameName(have.Name, want.Name) && SamePeers(have.Peers, want.Peers)
		},
	},
	API: cfapi.ZoneAPI[OutgoingTransfer]{
		Get: func(ctx context.Context, c *cfapi.Client, zone string) (OutgoingTransfer, error) {
			return outgoingFromAPI(c.ZoneTransfers.Outgoing.Get(ctx, dns.ZoneTransferOutgoingGetParams{ZoneID: cloudflare.F(zone)}))
		},
		Create: func(ctx context.Context, c *cfapi.Client, zone string, r OutgoingTransfer) (OutgoingTransfer, error) {
			got, err := c.ZoneTransfers.Outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(PeerList(r.Peers)),
			})
			return outgoingFromAPI(replyAs[dns.ZoneTransferOutgoingGetResponse](func() string { return got.JSON.RawJSON() }, err))
		},
		Update: func(ctx context.Context, c *cfapi.Client, zone string, r OutgoingTransfer) (OutgoingTransfer, error) {
			got, err := c.ZoneTransfers.Outgoing.Update(ctx, dns.ZoneTransferOutgoingUpdateParams{
				ZoneID: cloudflare.F(zone), Name: cloudflare.F(r.Name), Peers: cloudflare.F(PeerList(r.Peers)),
			})
			return outgoingFromAPI(replyAs[dns.ZoneTransferOutgoingGetResponse](func() string { return got.JSON.RawJSON() }, err))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, zone string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Outgoing.Delete(ctx, dns.ZoneTransferOutgoingDeleteParams{ZoneID: cloudflare.F(zone)}))
		},
	},
}

func outgoingFromAPI(r *dns.ZoneTransferOutgoingGetResponse, err error) (OutgoingTransfer, error) {
	if err == nil {
		err = cfapi.CheckDecoded(r, "id", "name", "peers")
	}
	if err != nil {
		return OutgoingTransfer{}, err
	}
	serial, err := wholeNumber("soa_serial", r.SOASerial)
	if err != nil {
		return OutgoingTransfer{}, err
	}
	return OutgoingTransfer{
		ZoneID: r.ID, Name: r.Name, Peers: PeerList(r.Peers), SOASerial: serial,
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

// OutgoingEnabled reads the switch: outgoing/status is the only way to read it back.
func OutgoingEnabled(ctx context.Context, client *cfapi.Client, zoneID string) (bool, error) {
	var on bool
	err := action(ctx, client, "reading", OutgoingTransfers.Name, zoneID, func(ctx context.Context) (err error) {
		on, err = transferStatus(client.ZoneTransfers.Outgoing.Status.Get(ctx, dns.ZoneTransferOutgoingStatusGetParams{ZoneID: cloudflare.F(zoneID)}))
		return err
	})
	return on, err
}

// SwitchOutgoing enables or disables the zone's transfers and returns the status Cloudflare
// answered. Sending either again is harmless, so it is retried like a read.
func SwitchOutgoing(ctx context.Context, client *cfapi.Client, zoneID string, on bool) (bool, error) {
	verb := "disabling"
	if on {
		verb = "enabling"
	}
	var got bool
	err := action(ctx, client, verb, OutgoingTransfers.Name, zoneID, func(ctx context.Context) (err error) {
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

// ForceNotify tells the peers that the zone changed.
func ForceNotify(ctx context.Context, client *cfapi.Client, zoneID string) error {
	return action(ctx, client, "forcing NOTIFY of", OutgoingTransfers.Name, zoneID, func(ctx context.Context) error {
		_, err := client.ZoneTransfers.Outgoing.ForceNotify(ctx, dns.ZoneTransferOutgoingForceNotifyParams{ZoneID: cloudflare.F(zoneID), Body: actionBody()})
		return err
	})
}

// OrderedAs is t with its peers in the order of known when they are the same set.
func (t OutgoingTransfer) OrderedAs(known []string) OutgoingTransfer {
	t.Peers = InOrderOf(known, t.Peers)
	return t
}

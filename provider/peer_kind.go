package provider

import (
	"context"
	"fmt"
	"math"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// peerRecord is a peer as Cloudflare holds it; nil fields are unset.
type peerRecord struct {
	ID, Name   string
	IP         *string
	Port       *int
	IxfrEnable *bool
	TSIGID     *string
}

// peerKind is how peers are read and written. Cloudflare creates a peer from its name only;
// the Peer resource sets the other fields with an update (peer_lifecycle.go).
var peerKind = &cfapi.Kind[peerRecord]{
	Name:    "Peer",
	Scope:   cfapi.Account,
	ID:      func(p peerRecord) string { return p.ID },
	Subject: func(p peerRecord) string { return subject(p.Name, p.ID) },
	Matches: func(have, want peerRecord) bool { return have.Name == want.Name },
	API: cfapi.API[peerRecord]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (peerRecord, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.Get(ctx, id, dns.ZoneTransferPeerGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]peerRecord, error) {
			page, err := c.ZoneTransfers.Peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, peerFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, p peerRecord) (peerRecord, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.New(ctx, dns.ZoneTransferPeerNewParams{AccountID: cloudflare.F(account), Name: cloudflare.F(p.Name)}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, p peerRecord) (peerRecord, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.Update(ctx, p.ID, dns.ZoneTransferPeerUpdateParams{AccountID: cloudflare.F(account), Peer: peerParam(p)}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Peers.Delete(ctx, id, dns.ZoneTransferPeerDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func peerFromAPI(p *dns.Peer, err error) (peerRecord, error) {
	if err == nil {
		err = cfapi.CheckDecoded(p)
	}
	if err != nil {
		return peerRecord{}, err
	}
	rec := peerRecord{ID: p.ID, Name: p.Name}
	if !p.JSON.IP.IsNull() {
		rec.IP = &p.IP
	}
	if !p.JSON.Port.IsNull() {
		if p.Port != math.Trunc(p.Port) || p.Port < 0 || p.Port > 65535 {
			return peerRecord{}, cfapi.BadReply(fmt.Sprintf("holds an object whose \"port\" is %v, not a port number", p.Port))
		}
		port := int(p.Port)
		rec.Port = &port
	}
	if !p.JSON.IxfrEnable.IsNull() {
		rec.IxfrEnable = &p.IxfrEnable
	}
	if !p.JSON.TSIGID.IsNull() {
		rec.TSIGID = &p.TSIGID
	}
	return rec, nil
}

// peerParam is the whole peer for a PUT, with null for every unset field: PUT replaces the
// object, so a field left out would keep its old value.
func peerParam(p peerRecord) dns.PeerParam {
	body := dns.PeerParam{
		Name:       cloudflare.F(p.Name),
		IP:         cloudflare.Null[string](),
		Port:       cloudflare.Null[float64](),
		IxfrEnable: cloudflare.Null[bool](),
		TSIGID:     cloudflare.Null[string](),
	}
	if p.IP != nil {
		body.IP = cloudflare.F(*p.IP)
	}
	if p.Port != nil {
		body.Port = cloudflare.F(float64(*p.Port))
	}
	if p.IxfrEnable != nil {
		body.IxfrEnable = cloudflare.F(*p.IxfrEnable)
	}
	if p.TSIGID != nil {
		body.TSIGID = cloudflare.F(*p.TSIGID)
	}
	return body
}

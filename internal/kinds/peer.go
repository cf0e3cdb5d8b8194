package kinds

import (
	"context"
	"fmt"
	"math"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// Peer is a Secondary DNS peer: what a program declares and Cloudflare holds. Nil fields are
// unset.
type Peer struct {
	ID         string  // Cloudflare's ID; the resource's ID, not a property
	Name       string  `pulumi:"name"`
	IP         *string `pulumi:"ip,optional"`
	Port       *int    `pulumi:"port,optional"`
	IxfrEnable *bool   `pulumi:"ixfrEnable,optional"`
	TsigID     *string `pulumi:"tsigId,optional"`
}

func (p *Peer) Annotate(an infer.Annotator) {
	an.Describe(&p.Name, "The peer's name, for people: 1-255 printable characters, e.g. \"ns1-primary\".")
	an.Describe(&p.IP, "The nameserver's IPv4 or IPv6 address, e.g. \"192.0.2.53\" or \"2001:db8::53\". "+
		"Unset means no address.")
	an.Describe(&p.Port, "The nameserver's DNS port, 1-65535 (usually 53).")
	an.Describe(&p.IxfrEnable, "Whether to use incremental transfers (IXFR) instead of full ones (AXFR). "+
		"Secondary zones only.")
	an.Describe(&p.TsigID, "The ID of the TSIG key that signs transfers with this peer, usually a Tsig "+
		"resource's id. Unset means unsigned transfers.")
}

// PeerAccepts says what each property of a peer accepts.
var PeerAccepts = map[string]string{
	"name":       AcceptsObjectName,
	"ip":         "an IPv4 or IPv6 address such as \"192.0.2.53\"",
	"port":       "an integer from 1 to 65535",
	"ixfrEnable": "true or false",
	"tsigId":     "a TSIG ID (" + HexID + ")",
}

// Check checks the peer's properties, without calling Cloudflare.
func (p Peer) Check(c *Checker) {
	c.Integer("port", PeerAccepts["port"])
	c.Check("name", ValidateObjectName(p.Name, "peer"))
	if p.IP != nil {
		c.Check("ip", ValidateIP(*p.IP))
	}
	if p.Port != nil && c.OK() {
		c.Check("port", ValidatePort(*p.Port))
	}
	if p.TsigID != nil {
		c.Check("tsigId", ValidateObjectID(*p.TsigID, "TSIG"))
	}
}

// CreatedWith is what Cloudflare's POST takes of a peer: its name only. The other fields are
// set with a PUT (NeedsSettings).
func (p Peer) CreatedWith() Peer { return Peer{Name: p.Name} }

// PeerSettings names the fields a peer's POST cannot carry, for messages.
const PeerSettings = "ip, port, ixfrEnable and tsigId"

// NeedsSettings tells whether the peer has fields its POST could not carry.
func (p Peer) NeedsSettings() bool {
	return p.IP != nil || p.Port != nil || p.IxfrEnable != nil || p.TsigID != nil
}

// Key is the ID of the TSIG key that signs the peer's transfers, or "none".
func (p Peer) Key() string {
	if p.TsigID == nil || *p.TsigID == "" {
		return "none"
	}
	return *p.TsigID
}

// UsesKey tells whether the peer's transfers are signed with the TSIG key tsigID.
func (p Peer) UsesKey(tsigID string) bool { return p.TsigID != nil && *p.TsigID == tsigID }

// Peers is how peers are read and written. Cloudflare creates a peer from its name only; the
// Peer resource sets the other fields with an update.
var Peers = &cfapi.AccountKind[Peer]{
	Described: cfapi.Described[Peer]{
		Name:    "Peer",
		Subject: func(p Peer) string { return Subject(p.Name, p.ID) },
		Matches: func(have, want Peer) bool { return have.Name == want.Name },
	},
	ID: func(p Peer) string { return p.ID },
	API: cfapi.AccountAPI[Peer]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (Peer, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.Get(ctx, id, dns.ZoneTransferPeerGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]Peer, error) {
			page, err := c.ZoneTransfers.Peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, peerFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, p Peer) (Peer, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.New(ctx, dns.ZoneTransferPeerNewParams{AccountID: cloudflare.F(account), Name: cloudflare.F(p.Name)}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, p Peer) (Peer, error) {
			return peerFromAPI(c.ZoneTransfers.Peers.Update(ctx, p.ID, dns.ZoneTransferPeerUpdateParams{AccountID: cloudflare.F(account), Peer: peerParam(p)}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.Peers.Delete(ctx, id, dns.ZoneTransferPeerDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func peerFromAPI(p *dns.Peer, err error) (Peer, error) {
	if err == nil {
		err = cfapi.CheckDecoded(p)
	}
	if err != nil {
		return Peer{}, err
	}
	out := Peer{ID: p.ID, Name: p.Name}
	if !p.JSON.IP.IsNull() {
		out.IP = &p.IP
	}
	if !p.JSON.Port.IsNull() {
		if p.Port != math.Trunc(p.Port) || p.Port < 0 || p.Port > 65535 {
			return Peer{}, cfapi.BadReply(fmt.Sprintf("holds an object whose \"port\" is %v, not a port number", p.Port))
		}
		port := int(p.Port)
		out.Port = &port
	}
	if !p.JSON.IxfrEnable.IsNull() {
		out.IxfrEnable = &p.IxfrEnable
	}
	if !p.JSON.TSIGID.IsNull() {
		out.TsigID = &p.TSIGID
	}
	return out, nil
}

// peerParam is the whole peer for a PUT, with null for every unset field: PUT replaces the
// object, so a field left out would keep its old value.
func peerParam(p Peer) dns.PeerParam {
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
	if p.TsigID != nil {
		body.TSIGID = cloudflare.F(*p.TsigID)
	}
	return body
}

// WithID is the peer with Cloudflare's ID id.
func (o Peer) WithID(id string) Peer {
	o.ID = id
	return o
}

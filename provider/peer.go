package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Peer is a Secondary DNS peer in a Cloudflare account: a nameserver Cloudflare transfers
// zones from (for secondary zones) or sends NOTIFY to (for primary zones).
type Peer struct{}

// PeerArgs are the inputs of a Peer: the peer as kinds.Peer declares it, in an account.
type PeerArgs struct {
	AccountID string `pulumi:"accountId,optional" provider:"replaceOnChanges"`
	kinds.Peer
}

// PeerState is what Pulumi records for a Peer; the resource ID is Cloudflare's peer ID.
type PeerState struct {
	AccountID string `pulumi:"accountId"`
	kinds.Peer
}

// Peer has every lifecycle method of a resource (lifecycle.go).
var _ = wholeLifecycle[PeerArgs, PeerState](Peer{})

func (p *Peer) Annotate(a infer.Annotator) {
	a.Describe(p, `A Secondary DNS peer: the address, port and TSIG key of a nameserver that
Cloudflare transfers zones with. For secondary zones it is the primary Cloudflare sends AXFR/IXFR
requests to; for primary zones it is the secondary Cloudflare sends NOTIFY to. Link peers to
zones in the zone's transfer settings (at most 30 peers per zone).`)
}

func (a *PeerArgs) Annotate(an infer.Annotator) {
	kinds.DescribeAccount(an, &a.AccountID, "peer", true)
}

func (s *PeerState) Annotate(an infer.Annotator) {
	kinds.DescribeAccount(an, &s.AccountID, "peer", false)
}

// WireDependencies says each output comes from the input of the same name; with the default
// (every output depends on every input) one unknown input would make the whole peer unknown in
// a preview.
func (Peer) WireDependencies(f infer.FieldSelector, args *PeerArgs, state *PeerState) {
	wireSameNames(f, args, state)
}

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Peer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[PeerArgs], error) {
	return checkInputs(ctx, "Peer", req.NewInputs, peerAccepts, func(c *kinds.Checker, args *PeerArgs) {
		c.Check("accountId", kinds.ValidateAccountID(args.AccountID))
		args.Peer.Check(c)
		args.AccountID = defaultAccount(ctx, c, args.AccountID)
	})
}

// peerAccepts says what each property accepts, for failures the framework finds.
var peerAccepts = accepting(kinds.PeerAccepts, map[string]string{"accountId": kinds.AcceptsAccountID})

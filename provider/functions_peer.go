package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// GetPeer reads one peer, like pulumi-cloudflare's data source.
type GetPeer struct{}

// GetPeerArgs name the peer to read.
type GetPeerArgs struct {
	AccountID string `pulumi:"accountId,optional"`
	ID        string `pulumi:"peerId"`
}

// PeerInfo is a peer as read from Cloudflare.
type PeerInfo struct {
	AccountID string `pulumi:"accountId"`
	PeerID    string `pulumi:"peerId"`
	kinds.Peer
}

// ListPeers reads every peer of an account.
type ListPeers struct{}

// ListPeersResult holds the peers in Cloudflare's order.
type ListPeersResult struct {
	AccountID string     `pulumi:"accountId"`
	Peers     []PeerInfo `pulumi:"peers"`
}

func (f *GetPeer) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a Secondary DNS peer by ID.`)
}

func (a *GetPeerArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.AccountID, accountArgDescription)
	an.Describe(&a.ID, "The peer's ID ("+kinds.HexID+").")
}

func (p *PeerInfo) Annotate(an infer.Annotator) {
	an.Describe(p, "A Secondary DNS peer as Cloudflare holds it.")
	kinds.DescribeAccount(an, &p.AccountID, "peer", false)
	an.Describe(&p.PeerID, "The peer's ID.")
}

func (f *ListPeers) Annotate(a infer.Annotator) {
	a.Describe(f, `Lists the Secondary DNS peers of an account.`)
}

func (r *ListPeersResult) Annotate(an infer.Annotator) {
	an.Describe(r, "The peers of an account.")
	an.Describe(&r.AccountID, "The account that was listed.")
	an.Describe(&r.Peers, "The account's peers.")
}

func (GetPeer) Invoke(ctx context.Context, req infer.FunctionRequest[GetPeerArgs]) (infer.FunctionResponse[PeerInfo], error) {
	out, err := fetchOne(ctx, kinds.Peers, req.Input.AccountID, req.Input.ID, "peer", "peerId", peerInfo)
	return infer.FunctionResponse[PeerInfo]{Output: out}, err
}

func (ListPeers) Invoke(ctx context.Context, req infer.FunctionRequest[AccountArgs]) (infer.FunctionResponse[ListPeersResult], error) {
	account, all, err := fetchAll(ctx, kinds.Peers, req.Input.AccountID, peerInfo)
	return infer.FunctionResponse[ListPeersResult]{Output: ListPeersResult{AccountID: account, Peers: all}}, err
}

func peerInfo(account string, p kinds.Peer) PeerInfo {
	return PeerInfo{AccountID: account, PeerID: p.ID, Peer: p}
}

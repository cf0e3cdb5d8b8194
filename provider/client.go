package provider

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
)

// requestTimeout bounds each HTTP attempt.
const requestTimeout = 60 * time.Second

// tsigRecord is a TSIG key as Cloudflare holds it.
type tsigRecord struct {
	ID, Name, Algo, Secret string
}

// peerRecord is a peer as Cloudflare holds it; nil fields are unset.
type peerRecord struct {
	ID, Name   string
	IP         *string
	Port       *int
	IxfrEnable *bool
	TSIGID     *string
}

// Client is the one way the provider talks to Cloudflare: every Tsig and Peer call goes
// through it, so authentication, retries and error translation live here only.
type Client struct {
	zoneTransfers *dns.ZoneTransferService
	baseURL       string
	credentials   []string // redacted from every error text
}

// credentials hold exactly one way to authenticate.
type credentials struct {
	apiToken, apiKey, email string
}

func newClient(creds credentials, baseURL string, httpClient *http.Client) *Client {
	opts := []option.RequestOption{
		option.WithBaseURL(baseURL),
		option.WithHTTPClient(httpClient),
		option.WithRequestTimeout(requestTimeout),
	}
	if creds.apiToken != "" {
		opts = append(opts, option.WithAPIToken(creds.apiToken))
	} else {
		opts = append(opts, option.WithAPIKey(creds.apiKey), option.WithAPIEmail(creds.email))
	}
	// The service is built directly rather than through cloudflare.NewClient, which also reads
	// CLOUDFLARE_* variables itself and would send both header kinds when both are set.
	return &Client{
		zoneTransfers: dns.NewZoneTransferService(opts...),
		baseURL:       baseURL,
		credentials:   []string{creds.apiToken, creds.apiKey},
	}
}

// noRetry keeps the SDK from re-sending a create: a retried POST whose first reply was lost
// would create a duplicate.
var noRetry = option.WithMaxRetries(0)

func (c *Client) explain(op operation, err error, secrets ...string) error {
	return explain(op, c.baseURL, err, append(secrets, c.credentials...))
}

func tsigFromAPI(t *dns.TSIG) tsigRecord {
	return tsigRecord{ID: t.ID, Name: t.Name, Algo: t.Algo, Secret: t.Secret}
}

func tsigParam(t tsigRecord) dns.TSIGParam {
	return dns.TSIGParam{
		Name:   cloudflare.F(t.Name),
		Algo:   cloudflare.F(t.Algo),
		Secret: cloudflare.F(t.Secret),
	}
}

func (c *Client) CreateTSIG(ctx context.Context, account string, t tsigRecord) (tsigRecord, error) {
	got, err := c.zoneTransfers.TSIGs.New(ctx, dns.ZoneTransferTSIGNewParams{
		AccountID: cloudflare.F(account),
		TSIG:      tsigParam(t),
	}, noRetry)
	if err != nil {
		return tsigRecord{}, c.explain(operation{"creating", "Tsig", fmt.Sprintf("%q", t.Name), account}, err, t.Secret)
	}
	return tsigFromAPI(got), nil
}

func (c *Client) GetTSIG(ctx context.Context, account, id string) (tsigRecord, error) {
	got, err := c.zoneTransfers.TSIGs.Get(ctx, id, dns.ZoneTransferTSIGGetParams{AccountID: cloudflare.F(account)})
	if err != nil {
		return tsigRecord{}, c.explain(operation{"reading", "Tsig", id, account}, err)
	}
	return tsigFromAPI(got), nil
}

// UpdateTSIG replaces the whole key: the API's PUT requires every field.
func (c *Client) UpdateTSIG(ctx context.Context, account string, t tsigRecord) (tsigRecord, error) {
	got, err := c.zoneTransfers.TSIGs.Update(ctx, t.ID, dns.ZoneTransferTSIGUpdateParams{
		AccountID: cloudflare.F(account),
		TSIG:      tsigParam(t),
	})
	if err != nil {
		return tsigRecord{}, c.explain(operation{"updating", "Tsig", fmt.Sprintf("%q (%s)", t.Name, t.ID), account}, err, t.Secret)
	}
	return tsigFromAPI(got), nil
}

func (c *Client) DeleteTSIG(ctx context.Context, account, id string) error {
	_, err := c.zoneTransfers.TSIGs.Delete(ctx, id, dns.ZoneTransferTSIGDeleteParams{AccountID: cloudflare.F(account)})
	return c.explain(operation{"deleting", "Tsig", id, account}, err)
}

func (c *Client) ListTSIGs(ctx context.Context, account string) ([]tsigRecord, error) {
	page, err := c.zoneTransfers.TSIGs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: cloudflare.F(account)})
	if err != nil {
		return nil, c.explain(operation{"listing", "Tsigs", "", account}, err)
	}
	out := make([]tsigRecord, len(page.Result))
	for i := range page.Result {
		out[i] = tsigFromAPI(&page.Result[i])
	}
	return out, nil
}

func peerFromAPI(p *dns.Peer) (peerRecord, error) {
	rec := peerRecord{ID: p.ID, Name: p.Name}
	if !p.JSON.IP.IsNull() {
		rec.IP = &p.IP
	}
	if !p.JSON.Port.IsNull() {
		if p.Port != math.Trunc(p.Port) {
			return peerRecord{}, fmt.Errorf("Cloudflare returned peer %s with port %v, which is not an integer", p.ID, p.Port)
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

func (c *Client) CreatePeer(ctx context.Context, account, name string) (peerRecord, error) {
	op := operation{"creating", "Peer", fmt.Sprintf("%q", name), account}
	got, err := c.zoneTransfers.Peers.New(ctx, dns.ZoneTransferPeerNewParams{
		AccountID: cloudflare.F(account),
		Name:      cloudflare.F(name),
	}, noRetry)
	if err != nil {
		return peerRecord{}, c.explain(op, err)
	}
	rec, err := peerFromAPI(got)
	return rec, c.explain(op, err)
}

func (c *Client) GetPeer(ctx context.Context, account, id string) (peerRecord, error) {
	op := operation{"reading", "Peer", id, account}
	got, err := c.zoneTransfers.Peers.Get(ctx, id, dns.ZoneTransferPeerGetParams{AccountID: cloudflare.F(account)})
	if err != nil {
		return peerRecord{}, c.explain(op, err)
	}
	rec, err := peerFromAPI(got)
	return rec, c.explain(op, err)
}

// UpdatePeer replaces the whole peer, sending null for every unset field.
func (c *Client) UpdatePeer(ctx context.Context, account string, p peerRecord) (peerRecord, error) {
	op := operation{"updating", "Peer", fmt.Sprintf("%q (%s)", p.Name, p.ID), account}
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
	got, err := c.zoneTransfers.Peers.Update(ctx, p.ID, dns.ZoneTransferPeerUpdateParams{
		AccountID: cloudflare.F(account),
		Peer:      body,
	})
	if err != nil {
		return peerRecord{}, c.explain(op, err)
	}
	rec, err := peerFromAPI(got)
	return rec, c.explain(op, err)
}

func (c *Client) DeletePeer(ctx context.Context, account, id string) error {
	_, err := c.zoneTransfers.Peers.Delete(ctx, id, dns.ZoneTransferPeerDeleteParams{AccountID: cloudflare.F(account)})
	return c.explain(operation{"deleting", "Peer", id, account}, err)
}

func (c *Client) ListPeers(ctx context.Context, account string) ([]peerRecord, error) {
	op := operation{"listing", "Peers", "", account}
	page, err := c.zoneTransfers.Peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: cloudflare.F(account)})
	if err != nil {
		return nil, c.explain(op, err)
	}
	out := make([]peerRecord, len(page.Result))
	for i := range page.Result {
		rec, err := peerFromAPI(&page.Result[i])
		if err != nil {
			return nil, c.explain(op, err)
		}
		out[i] = rec
	}
	return out, nil
}

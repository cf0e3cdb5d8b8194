package provider

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/packages/pagination"
)

// requestTimeout bounds each HTTP attempt from when the throttle sends it (newHTTPClient):
// the SDK's own timeout would also count the time spent waiting for the rate limit.
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
	retry         retryPolicy
	reads         readCache // serves the Reads of a refresh from listings (readcache.go)
}

// credentials hold exactly one way to authenticate.
type credentials struct {
	apiToken, apiKey, email string
}

func newClient(creds credentials, baseURL string, httpClient *http.Client) *Client {
	noRedirects := *httpClient
	noRedirects.CheckRedirect = refuseRedirect
	opts := []option.RequestOption{
		option.WithBaseURL(baseURL),
		option.WithHTTPClient(&noRedirects),
		// The SDK would send every method again, POST included; call and createOnce decide instead.
		option.WithMaxRetries(0),
		guardReplies,
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
		retry:         defaultRetryPolicy(),
	}
}

// refuseRedirect stops at any redirect: Cloudflare's API sends none, and following one would
// carry the credentials to another host, or in clear over http (Go forwards X-Auth-Key to any
// host, and Authorization to the same host whatever the scheme).
func refuseRedirect(req *http.Request, _ []*http.Request) error {
	return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host}
}

// redirectError is a reply that redirected: no retry follows it either.
type redirectError struct{ to string }

func (e *redirectError) Error() string {
	return "the reply redirects to " + e.to + ", which the provider never follows"
}

func (c *Client) explain(op operation, err error, secrets ...string) error {
	return explain(op, c.baseURL, err, append(secrets, c.credentials...))
}

func (c *Client) explainAPI(op operation, err error, secrets []string) *APIError {
	return explainAPI(op, c.baseURL, err, append(secrets, c.credentials...))
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

// CreateTSIG creates the key exactly once (see createOnce). freshSecret says the secret was
// generated for this create, so no existing key can hold it.
func (c *Client) CreateTSIG(ctx context.Context, account string, t tsigRecord, freshSecret bool) (tsigRecord, error) {
	defer c.reads.wrote(account)
	op := operation{"creating", "Tsig", fmt.Sprintf("%q", t.Name), account}
	return createOnce(ctx, c, createSpec[tsigRecord]{
		op:      op,
		secrets: []string{t.Secret},
		fresh:   freshSecret,
		post: func(ctx context.Context) (tsigRecord, error) {
			got, err := c.zoneTransfers.TSIGs.New(ctx, dns.ZoneTransferTSIGNewParams{
				AccountID: cloudflare.F(account),
				TSIG:      tsigParam(t),
			})
			if err != nil {
				return tsigRecord{}, err
			}
			return tsigFromAPI(got), nil
		},
		list: func(ctx context.Context) ([]tsigRecord, error) { return c.listTSIGs(ctx, account) },
		id:   func(k tsigRecord) string { return k.ID },
		matches: func(k tsigRecord) bool {
			return sameDNSName(k.Name, t.Name) && k.Algo == t.Algo && k.Secret == t.Secret
		},
	})
}

// sameDNSName compares names as DNS does: without case, with or without the final dot.
func sameDNSName(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

func (c *Client) getTSIG(ctx context.Context, account, id string) (tsigRecord, error) {
	op := operation{"reading", "Tsig", id, account}
	var got *dns.TSIG
	err := c.call(ctx, op, true, func(ctx context.Context) (err error) {
		got, err = c.zoneTransfers.TSIGs.Get(ctx, id, dns.ZoneTransferTSIGGetParams{AccountID: cloudflare.F(account)})
		return err
	})
	if err != nil {
		return tsigRecord{}, c.explain(op, err)
	}
	return tsigFromAPI(got), nil
}

// UpdateTSIG replaces the whole key: the API's PUT requires every field.
// UpdateTSIG replaces the whole key: the API's PUT requires every field. Sending the same
// whole object again is harmless, so it is retried like a read.
func (c *Client) UpdateTSIG(ctx context.Context, account string, t tsigRecord) (tsigRecord, error) {
	defer c.reads.wrote(account)
	op := operation{"updating", "Tsig", fmt.Sprintf("%q (%s)", t.Name, t.ID), account}
	var got *dns.TSIG
	err := c.call(ctx, op, true, func(ctx context.Context) (err error) {
		got, err = c.zoneTransfers.TSIGs.Update(ctx, t.ID, dns.ZoneTransferTSIGUpdateParams{
			AccountID: cloudflare.F(account),
			TSIG:      tsigParam(t),
		})
		return err
	})
	if err != nil {
		return tsigRecord{}, c.explain(op, err, t.Secret)
	}
	return tsigFromAPI(got), nil
}

// DeleteTSIG deletes the key. A retry after a lost reply may find it gone: callers treat
// not found as deleted.
func (c *Client) DeleteTSIG(ctx context.Context, account, id string) error {
	defer c.reads.wrote(account)
	op := operation{"deleting", "Tsig", id, account}
	return c.explain(op, c.call(ctx, op, true, func(ctx context.Context) error {
		_, err := c.zoneTransfers.TSIGs.Delete(ctx, id, dns.ZoneTransferTSIGDeleteParams{AccountID: cloudflare.F(account)})
		return err
	}))
}

func (c *Client) ListTSIGs(ctx context.Context, account string) ([]tsigRecord, error) {
	out, err := c.listTSIGs(ctx, account)
	return out, c.explain(operation{"listing", "Tsigs", "", account}, err)
}

// listTSIGs lists the keys as Cloudflare holds them now. createOnce relies on that: it must
// never be served from a cache.
func (c *Client) listTSIGs(ctx context.Context, account string) ([]tsigRecord, error) {
	var page *pagination.SinglePage[dns.TSIG]
	err := c.call(ctx, operation{"listing", "Tsigs", "", account}, true, func(ctx context.Context) (err error) {
		page, err = c.zoneTransfers.TSIGs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: cloudflare.F(account)})
		return err
	})
	if err != nil {
		return nil, err
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
		if p.Port != math.Trunc(p.Port) || p.Port < 0 || p.Port > 65535 {
			// A reply, not a failure to reach Cloudflare: a create that gets one reconciles.
			return peerRecord{}, &replyError{StatusCode: http.StatusOK, Problem: fmt.Sprintf("holds peer %s with port %v, which is not a port number", p.ID, p.Port)}
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

// CreatePeer creates the peer, with its name only, exactly once (see createOnce).
func (c *Client) CreatePeer(ctx context.Context, account, name string) (peerRecord, error) {
	defer c.reads.wrote(account)
	return createOnce(ctx, c, createSpec[peerRecord]{
		op: operation{"creating", "Peer", fmt.Sprintf("%q", name), account},
		post: func(ctx context.Context) (peerRecord, error) {
			got, err := c.zoneTransfers.Peers.New(ctx, dns.ZoneTransferPeerNewParams{
				AccountID: cloudflare.F(account),
				Name:      cloudflare.F(name),
			})
			if err != nil {
				return peerRecord{}, err
			}
			return peerFromAPI(got)
		},
		list:    func(ctx context.Context) ([]peerRecord, error) { return c.listPeers(ctx, account) },
		id:      func(p peerRecord) string { return p.ID },
		matches: func(p peerRecord) bool { return p.Name == name },
	})
}

func (c *Client) getPeer(ctx context.Context, account, id string) (peerRecord, error) {
	op := operation{"reading", "Peer", id, account}
	var got *dns.Peer
	err := c.call(ctx, op, true, func(ctx context.Context) (err error) {
		got, err = c.zoneTransfers.Peers.Get(ctx, id, dns.ZoneTransferPeerGetParams{AccountID: cloudflare.F(account)})
		return err
	})
	if err != nil {
		return peerRecord{}, c.explain(op, err)
	}
	rec, err := peerFromAPI(got)
	return rec, c.explain(op, err)
}

// UpdatePeer replaces the whole peer, sending null for every unset field. Sending the same
// whole object again is harmless, so it is retried like a read.
func (c *Client) UpdatePeer(ctx context.Context, account string, p peerRecord) (peerRecord, error) {
	defer c.reads.wrote(account)
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
	var got *dns.Peer
	err := c.call(ctx, op, true, func(ctx context.Context) (err error) {
		got, err = c.zoneTransfers.Peers.Update(ctx, p.ID, dns.ZoneTransferPeerUpdateParams{
			AccountID: cloudflare.F(account),
			Peer:      body,
		})
		return err
	})
	if err != nil {
		return peerRecord{}, c.explain(op, err)
	}
	rec, err := peerFromAPI(got)
	return rec, c.explain(op, err)
}

// DeletePeer deletes the peer. A retry after a lost reply may find it gone: callers treat
// not found as deleted.
func (c *Client) DeletePeer(ctx context.Context, account, id string) error {
	defer c.reads.wrote(account)
	op := operation{"deleting", "Peer", id, account}
	return c.explain(op, c.call(ctx, op, true, func(ctx context.Context) error {
		_, err := c.zoneTransfers.Peers.Delete(ctx, id, dns.ZoneTransferPeerDeleteParams{AccountID: cloudflare.F(account)})
		return err
	}))
}

func (c *Client) ListPeers(ctx context.Context, account string) ([]peerRecord, error) {
	out, err := c.listPeers(ctx, account)
	return out, c.explain(operation{"listing", "Peers", "", account}, err)
}

// listPeers lists the peers as Cloudflare holds them now. createOnce relies on that: it must
// never be served from a cache.
func (c *Client) listPeers(ctx context.Context, account string) ([]peerRecord, error) {
	var page *pagination.SinglePage[dns.Peer]
	err := c.call(ctx, operation{"listing", "Peers", "", account}, true, func(ctx context.Context) (err error) {
		page, err = c.zoneTransfers.Peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: cloudflare.F(account)})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]peerRecord, len(page.Result))
	for i := range page.Result {
		rec, err := peerFromAPI(&page.Result[i])
		if err != nil {
			return nil, err
		}
		out[i] = rec
	}
	return out, nil
}

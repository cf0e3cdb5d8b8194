package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// tsigKey, peer and acl are what the demo shows of the API's objects; the key's secret is left out.
type tsigKey struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Algo string `json:"algo"`
}

type peer struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	IP         *string `json:"ip"`
	Port       *int    `json:"port"`
	IxfrEnable *bool   `json:"ixfr_enable"`
	TSIGID     *string `json:"tsig_id"`
}

type acl struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	IPRange string `json:"ip_range"`
}

// zone is what the demo shows of a zone.
type zone struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// transfer is what the demo shows of a zone's incoming or outgoing transfer configuration.
type transfer struct {
	Name               string   `json:"name"`
	Peers              []string `json:"peers"`
	AutoRefreshSeconds *int     `json:"auto_refresh_seconds,omitempty"`
}

// api reads the account's Secondary DNS objects, as anyone with the token could.
type api struct {
	baseURL, token, account string
}

func (a api) tsigs(ctx context.Context) ([]tsigKey, error) {
	var out []tsigKey
	return out, a.list(ctx, "tsigs", &out)
}

func (a api) peers(ctx context.Context) ([]peer, error) {
	var out []peer
	return out, a.list(ctx, "peers", &out)
}

func (a api) acls(ctx context.Context) ([]acl, error) {
	var out []acl
	return out, a.list(ctx, "acls", &out)
}

// zone finds a zone of the account by name.
func (a api) zone(ctx context.Context, name string) (zone, error) {
	var found []zone
	if err := a.call(ctx, http.MethodGet, "zones?account.id="+url.QueryEscape(a.account)+"&name="+url.QueryEscape(name), &found); err != nil {
		return zone{}, err
	}
	if len(found) != 1 {
		return zone{}, fmt.Errorf("%d zones named %s in account %s, want one", len(found), name, a.account)
	}
	return found[0], nil
}

// transfer reads a zone's incoming or outgoing configuration; found is false when the zone
// has none.
func (a api) transfer(ctx context.Context, zoneID, direction string) (t transfer, found bool, err error) {
	err = a.call(ctx, http.MethodGet, "zones/"+zoneID+"/secondary_dns/"+direction, &t)
	if errors.Is(err, errNotFound) {
		return transfer{}, false, nil
	}
	return t, err == nil, err
}

// outgoingStatus reads the switch of a zone's outgoing transfers, e.g. "Enabled".
func (a api) outgoingStatus(ctx context.Context, zoneID string) (string, error) {
	var status string
	err := a.call(ctx, http.MethodGet, "zones/"+zoneID+"/secondary_dns/outgoing/status", &status)
	return status, err
}

// disableOutgoing flips the switch of a zone's outgoing transfers off, as the dashboard does.
func (a api) disableOutgoing(ctx context.Context, zoneID string) error {
	var ignored any
	return a.call(ctx, http.MethodPost, "zones/"+zoneID+"/secondary_dns/outgoing/disable", &ignored)
}

func (a api) list(ctx context.Context, kind string, result any) error {
	return a.call(ctx, http.MethodGet, "accounts/"+a.account+"/secondary_dns/"+kind, result)
}

// errNotFound is a 404 reply.
var errNotFound = errors.New("not found")

func (a api) call(ctx context.Context, method, path string, result any) error {
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("{}")
	}
	req, err := http.NewRequestWithContext(ctx, method, a.baseURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%s %s: %w", method, path, errNotFound)
	}
	envelope := struct {
		Success bool `json:"success"`
		Result  any  `json:"result"`
	}{Result: result}
	if err := json.NewDecoder(resp.Body).Decode(&envelope); err != nil {
		return fmt.Errorf("%s %s: %s, %w", method, path, resp.Status, err)
	}
	if !envelope.Success {
		return fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return nil
}

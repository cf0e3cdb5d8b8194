package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

func (a api) list(ctx context.Context, kind string, result any) error {
	url := a.baseURL + "accounts/" + a.account + "/secondary_dns/" + kind
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("list %s: %w", kind, err)
	}
	defer resp.Body.Close()
	envelope := struct {
		Success bool `json:"success"`
		Result  any  `json:"result"`
	}{Result: result}
	if err := json.NewDecoder(resp.Body).Decode(&envelope); err != nil {
		return fmt.Errorf("list %s: %s, %w", kind, resp.Status, err)
	}
	if !envelope.Success {
		return fmt.Errorf("list %s: %s", kind, resp.Status)
	}
	return nil
}

package provider

import (
	"context"
	"fmt"
)

// functionClient validates a function's account before any call to Cloudflare.
func functionClient(ctx context.Context, accountID string) (*Client, string, error) {
	if accountID != "" {
		if err := validateAccountID(accountID); err != nil {
			return nil, "", argumentError("accountId", err)
		}
	}
	return clientFor(ctx, accountID)
}

func argumentError(property string, err error) error {
	return fmt.Errorf("%s: %w", property, err)
}

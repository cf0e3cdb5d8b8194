package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// checkInputs is the skeleton of every Check: the framework decodes the inputs (its failures
// rewritten to name the property and what it accepts), then validate adds the resource's own
// checks. Nothing here calls Cloudflare.
func checkInputs[A any](ctx context.Context, kind string, inputs property.Map, accepts map[string]string,
	validate func(c *kinds.Checker, args *A),
) (infer.CheckResponse[A], error) {
	args, failures, err := infer.DefaultCheck[A](ctx, inputs)
	if err != nil || len(failures) > 0 {
		return infer.CheckResponse[A]{Inputs: args, Failures: decodeFailures(kind, failures, accepts)}, err
	}
	c := kinds.NewChecker(inputs)
	validate(c, &args)
	return infer.CheckResponse[A]{Inputs: args, Failures: c.Failures()}, nil
}

// accepting is what each property of a resource accepts: its kind's, and those the resource
// adds (accountId, triggers, ...).
func accepting(kind map[string]string, more map[string]string) map[string]string {
	out := make(map[string]string, len(kind)+len(more))
	for name, text := range kind {
		out[name] = text
	}
	for name, text := range more {
		out[name] = text
	}
	return out
}

// defaultAccount returns the account to record: the resource's own, else the provider's. With
// neither, it records a failure, unless the resource's account is unknown during a preview.
func defaultAccount(ctx context.Context, c *kinds.Checker, accountID string) string {
	if accountID != "" || c.Unknown("accountId") {
		return accountID
	}
	account, err := resolveAccount(infer.GetConfig[*Config](ctx), "")
	if err != nil {
		c.Require("accountId", "no account: set accountId on the resource, or on the provider (accountId or CLOUDFLARE_ACCOUNT_ID)")
	}
	return account
}

// decodeFailures rewrites the framework's failures for missing, mistyped or unknown
// properties, which name Go types, into the user's terms: the property and what it accepts.
func decodeFailures(kind string, failures []p.CheckFailure, accepted map[string]string) []p.CheckFailure {
	out := make([]p.CheckFailure, len(failures))
	for i, f := range failures {
		issue := "is not valid"
		switch {
		case strings.HasPrefix(f.Reason, "Missing required field"):
			issue = "is required"
		case strings.Contains(f.Reason, "must be a"):
			issue = "has the wrong type"
		case strings.HasPrefix(f.Reason, "Unrecognized field"):
			names := make([]string, 0, len(accepted))
			for name := range accepted {
				names = append(names, name)
			}
			slices.Sort(names)
			out[i] = p.CheckFailure{Property: f.Property, Reason: fmt.Sprintf("%s is not a property of %s: expected one of %s",
				f.Property, kind, strings.Join(names, ", "))}
			continue
		}
		out[i] = p.CheckFailure{Property: f.Property, Reason: fmt.Sprintf("%s %s: expected %s", f.Property, issue, accepted[f.Property])}
	}
	return out
}

package kinds

import (
	"encoding/json"
	"fmt"
	"strings"
)

// What tells the object a pending create made among an account's: the create's inputs, as a
// stack export holds them, compared with each object by the fields that identify it (kinds.All
// says which, per kind). The secret of a TSIG key is never among them: an export holds it
// encrypted, and it is never read or shown.

// Inputs are a resource's inputs as `pulumi stack export` writes them.
type Inputs map[string]any

// secretSig marks a secret value in a stack export: {"<secretSig>": ..., "ciphertext": ...},
// or "plaintext" (the value as JSON) when exported with --show-secrets.
const secretSig = "4dabf18193072939515e22adb298388d"

// String is the string input key, "" when it is unset, not a string, or a secret the export
// holds encrypted.
func (in Inputs) String(key string) string {
	switch v := in[key].(type) {
	case string:
		return v
	case map[string]any:
		plain, ok := v["plaintext"].(string)
		if _, secret := v[secretSig]; !secret || !ok {
			return ""
		}
		var s string
		if json.Unmarshal([]byte(plain), &s) != nil {
			return ""
		}
		return s
	}
	return ""
}

// Wanted is what a pending create of a kind asked for, as far as it tells the object it made.
type Wanted struct {
	Kind Kind
	// Account is the account a create of an account kind wrote to, when its inputs name one
	// ("" for the provider's); Zone is the zone whose configuration a zone kind's create wrote.
	Account, Zone string
	// Described says what is compared, for people, e.g. `name "ns1", ipRange "192.0.2.0/24"`.
	Described string
	inputs    Inputs
}

// Wanted reads a pending create's inputs. It fails when an identifying input is missing: the
// object cannot then be told, and a person decides.
func (k Kind) Wanted(in Inputs) (Wanted, error) {
	w := Wanted{Kind: k, inputs: in, Account: in.String("accountId"), Zone: in.String("zoneId")}
	var parts []string
	for _, key := range k.Identity {
		v := in.String(key)
		if v == "" {
			return Wanted{}, fmt.Errorf("its input %q is unset, unknown or an encrypted secret in the export: "+
				"the object cannot be told from others (export with --show-secrets if it is a secret)", key)
		}
		parts = append(parts, fmt.Sprintf("%s %q", key, v))
	}
	w.Described = strings.Join(parts, ", ")
	return w, nil
}

// Made tells whether f, an object Account.Objects listed, is one the create could have made:
// its identifying fields are those the create sent. A zone kind's object is its zone's.
func (w Wanted) Made(f Found) bool {
	if f.Kind.Resource != w.Kind.Resource {
		return false
	}
	if w.Kind.made == nil {
		return f.ID == w.Zone
	}
	return w.Kind.made(f.object, w.inputs)
}

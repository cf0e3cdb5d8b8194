package provider

import (
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// fieldDiff is one property's comparison of the old state with the new inputs.
type fieldDiff struct {
	name string
	kind p.DiffKind // "" when unchanged
}

// field compares a required property.
func field[T comparable](name string, old, new T, replace bool) fieldDiff {
	if old == new {
		return fieldDiff{name: name}
	}
	return fieldDiff{name: name, kind: kind(p.Update, p.UpdateReplace, replace)}
}

// optionalField compares an optional property: nil is unset.
func optionalField[T comparable](name string, old, new *T, replace bool) fieldDiff {
	switch {
	case old == nil && new == nil:
		return fieldDiff{name: name}
	case old == nil:
		return fieldDiff{name: name, kind: kind(p.Add, p.AddReplace, replace)}
	case new == nil:
		return fieldDiff{name: name, kind: kind(p.Delete, p.DeleteReplace, replace)}
	default:
		return field(name, *old, *new, replace)
	}
}

func kind(update, replaced p.DiffKind, replace bool) p.DiffKind {
	if replace {
		return replaced
	}
	return update
}

// diffFields builds the response the engine shows at preview; the comparison is against the
// state, so drift found by a refresh shows up as a change to undo.
func diffFields(fields ...fieldDiff) infer.DiffResponse {
	resp := infer.DiffResponse{DetailedDiff: map[string]p.PropertyDiff{}}
	for _, f := range fields {
		if f.kind == "" {
			continue
		}
		resp.HasChanges = true
		resp.DetailedDiff[f.name] = p.PropertyDiff{Kind: f.kind}
	}
	return resp
}

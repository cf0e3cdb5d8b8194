package provider

import (
	"reflect"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// diffRules are what a resource's Diff does other than comparing values: properties compared
// their own way (peers as a set, names as DNS does), and properties whose absence from the
// program keeps what the state holds (a generated TSIG secret).
type diffRules struct {
	same          map[string]func(old, new any) bool
	keptWhenUnset []string
}

// diffInputs compares each input property with the state's property of the same name, so that
// drift found by a refresh shows as a change to undo. A property tagged replaceOnChanges
// replaces the object when it changes. An input left unset (nil) that the state holds is a
// deletion, one the state lacks an addition.
func diffInputs(state, inputs any, rules diffRules) infer.DiffResponse {
	resp := infer.DiffResponse{DetailedDiff: map[string]p.PropertyDiff{}}
	old := properties(reflect.ValueOf(state))
	news := reflect.Indirect(reflect.ValueOf(inputs))
	for _, f := range reflect.VisibleFields(news.Type()) {
		name, ok := propertyName(f)
		if !ok {
			continue
		}
		kind := changeOf(name, old[name], news.FieldByIndex(f.Index), rules)
		if kind == "" {
			continue
		}
		if strings.Contains(f.Tag.Get("provider"), "replaceOnChanges") {
			kind = map[p.DiffKind]p.DiffKind{p.Add: p.AddReplace, p.Update: p.UpdateReplace, p.Delete: p.DeleteReplace}[kind]
		}
		resp.HasChanges = true
		resp.DetailedDiff[name] = p.PropertyDiff{Kind: kind}
	}
	return resp
}

// changeOf is how one property changes, "" when it does not.
func changeOf(name string, old, new reflect.Value, rules diffRules) p.DiffKind {
	oldSet, newSet := isSet(old), isSet(new)
	switch {
	case !oldSet && !newSet:
		return ""
	case !newSet:
		for _, kept := range rules.keptWhenUnset {
			if kept == name {
				return ""
			}
		}
		return p.Delete
	case !oldSet:
		return p.Add
	}
	a, b := reflect.Indirect(old).Interface(), reflect.Indirect(new).Interface()
	same := sameValue
	if rule, ok := rules.same[name]; ok {
		same = rule
	}
	if same(a, b) {
		return ""
	}
	return p.Update
}

// sameValue compares two values of a property; an empty list is the same as none.
func sameValue(a, b any) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Kind() == reflect.Slice && vb.Kind() == reflect.Slice && va.Len() == 0 && vb.Len() == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// isSet tells whether a property holds a value: an optional one is a nil pointer when unset.
func isSet(v reflect.Value) bool {
	return v.IsValid() && !(v.Kind() == reflect.Pointer && v.IsNil())
}

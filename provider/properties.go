package provider

import (
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// A resource's properties, found by their tags, so that the code over them is written once:
// Diff, the wiring of outputs to inputs, and secret marking after Read.

// properties are the values of a struct's properties, by name.
func properties(v reflect.Value) map[string]reflect.Value {
	v = reflect.Indirect(v)
	out := map[string]reflect.Value{}
	if !v.IsValid() {
		return out
	}
	for _, f := range reflect.VisibleFields(v.Type()) {
		if name, ok := propertyName(f); ok {
			out[name] = v.FieldByIndex(f.Index)
		}
	}
	return out
}

// propertyName is the Pulumi property a struct field holds, if it holds one.
func propertyName(f reflect.StructField) (string, bool) {
	tag, ok := f.Tag.Lookup("pulumi")
	if !ok || !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	return name, name != ""
}

// wireSameNames says each output comes from the input of the same name, except those named;
// with the default (every output depends on every input) one unknown input would make the whole
// object unknown in a preview. Outputs no input names come from Cloudflare.
func wireSameNames[A, S any](f infer.FieldSelector, args *A, state *S, except ...string) {
	outputs := properties(reflect.ValueOf(state))
	in := reflect.ValueOf(args).Elem()
	for _, field := range reflect.VisibleFields(in.Type()) {
		name, ok := propertyName(field)
		out, has := outputs[name]
		if !ok || !has || slices.Contains(except, name) {
			continue
		}
		f.OutputField(out.Addr().Interface()).DependsOn(f.InputField(in.FieldByIndex(field.Index).Addr().Interface()))
	}
}

// secretProperties lists the properties of T tagged `provider:"secret"`.
func secretProperties[T any]() []string {
	var keys []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[T]()) {
		if name, ok := propertyName(f); ok && strings.Contains(f.Tag.Get("provider"), "secret") {
			keys = append(keys, name)
		}
	}
	return keys
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// examplesSection is the block the Pulumi Registry turns into a page's "Example Usage", with a
// language chooser: every example has a ### title and one fence per language, always in the
// same order (the registry starts a new example when a language repeats).
func examplesSection(examples []example) string {
	var b strings.Builder
	b.WriteString("{{% examples %}}\n## Example Usage\n")
	for _, ex := range examples {
		fmt.Fprintf(&b, "{{%% example %%}}\n### %s\n\n", ex.title)
		for _, lang := range programLanguages {
			fmt.Fprintf(&b, "```%s\n%s```\n", lang.fence, ex.code[lang.fence])
		}
		b.WriteString("{{% /example %}}\n")
	}
	b.WriteString("{{% /examples %}}")
	return b.String()
}

// An importID says how `pulumi import` names one object of a kind: the IDs and logical names
// are the ones cloudflare-secondary-dns-import writes into its import file.
type importID struct {
	what string // the object, in the sentence "Import <what> by ..."
	by   string
	name string
	id   string
}

// Realistic IDs in Cloudflare's format (32 hexadecimal characters), as on the adopting page.
const (
	sampleAccountID = "023e105f4ecef8ad9ca31a8372d0c353"
	sampleZoneID    = "9a7806061c88ada191ed06f989cc3dac"
)

var importIDs = map[string]importID{
	"Tsig":             {"a TSIG key", "its account ID and key ID", "tsig_transfer_example_com", sampleAccountID + "/69cd1e104af3e6ed3cb344f263fd0d5a"},
	"Peer":             {"a peer", "its account ID and peer ID", "peer_ns1_primary", sampleAccountID + "/23ff594956f20c2a721606e94745a8aa"},
	"Acl":              {"an ACL", "its account ID and ACL ID", "acl_secondaries", sampleAccountID + "/ed5fd1c7bfa4d8a4c1e7a2d51c0b6f3e"},
	"IncomingTransfer": {"a zone's incoming transfer configuration", "its zone ID", "incoming_example_com", sampleZoneID},
	"OutgoingTransfer": {"a zone's outgoing transfer configuration", "its zone ID", "outgoing_example_net", sampleZoneID},
}

// importSection is the text after a resource description's "## Import" heading, which the
// registry shows as the page's Import section.
func importSection(token, page string) (string, error) {
	id, ok := importIDs[page]
	if !ok {
		return "", fmt.Errorf("%s has no import ID form: add it to importIDs", token)
	}
	text := fmt.Sprintf("## Import\n\nImport %s by %s, the ID cloudflare-secondary-dns-import writes for it"+
		" (it writes the import file of a whole account: see the guide \"Adopting an existing account\"):\n\n"+
		"```sh\n$ pulumi import %s %s %s\n```\n", id.what, id.by, token, id.name, id.id)
	if page == "Tsig" {
		text += "\nThe imported key's secret is kept in the state, encrypted, and left out of the generated code:" +
			" a Tsig without secret keeps the secret Cloudflare has. To manage the secret from the program afterwards," +
			" set secret to the same value (from a secret config value); a different value rotates the key on the next update.\n"
	}
	return text, nil
}

// embedExamples appends to each resource's and function's description its examples, in the
// registry's format, and to each resource's its Import section. Every page needs an example.
func embedExamples(spec *schema.PackageSpec, examples []example) error {
	byToken := map[string][]example{}
	for _, ex := range examples {
		token := ex.token(spec.Name)
		_, isResource := spec.Resources[token]
		_, isFunction := spec.Functions[token]
		if !isResource && !isFunction {
			return fmt.Errorf("example %s/%s: %s is neither a resource nor a function of the schema", ex.page, ex.slug, ex.page)
		}
		byToken[token] = append(byToken[token], ex)
	}
	for token, res := range spec.Resources {
		page := strings.TrimPrefix(token, spec.Name+":index:")
		if len(byToken[token]) == 0 {
			return fmt.Errorf("%s has no example: add examples/registry/%s/<name>.pp", token, page)
		}
		imports, err := importSection(token, page)
		if err != nil {
			return err
		}
		res.Description = strings.TrimRight(res.Description, "\n") + "\n\n" + examplesSection(byToken[token]) + "\n\n" + imports
		spec.Resources[token] = res
	}
	for token, fn := range spec.Functions {
		if len(byToken[token]) == 0 {
			return fmt.Errorf("%s has no example: add examples/registry/%s/<name>.pp", token, strings.TrimPrefix(token, spec.Name+":index:"))
		}
		fn.Description = strings.TrimRight(fn.Description, "\n") + "\n\n" + examplesSection(byToken[token]) + "\n"
		spec.Functions[token] = fn
	}
	return nil
}

// A line "<!-- example: <page>/<slug> -->" in a markdown file includes that example's program
// in the language of the fenced block that follows it: the block is replaced at every
// generation, so that the docs show the generated programs and never a hand-made copy.
var includeMarker = regexp.MustCompile(`^<!-- example: ([A-Za-z]+/[a-z0-9-]+) -->$`)

// includeExamples rewrites the included blocks of the markdown file at path, if it exists.
func includeExamples(path string, examples []example) error {
	text, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	byName := map[string]example{}
	for _, ex := range examples {
		byName[ex.page+"/"+ex.slug] = ex
	}
	lines := strings.SplitAfter(string(text), "\n")
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		out.WriteString(lines[i])
		m := includeMarker.FindStringSubmatch(strings.TrimRight(lines[i], "\n"))
		if m == nil {
			continue
		}
		ex, ok := byName[m[1]]
		if !ok {
			return fmt.Errorf("%s:%d includes example %s, which does not exist", path, i+1, m[1])
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			return fmt.Errorf("%s:%d: a fenced code block must follow the example marker", path, i+1)
		}
		fence := strings.TrimSpace(strings.TrimPrefix(lines[i+1], "```"))
		code, ok := ex.code[fence]
		if !ok {
			return fmt.Errorf("%s:%d: the block after the marker is %q; examples are generated in typescript, python, go and yaml", path, i+2, fence)
		}
		end := i + 2
		for end < len(lines) && strings.TrimRight(lines[end], "\n") != "```" {
			end++
		}
		if end == len(lines) {
			return fmt.Errorf("%s:%d: the code block is not closed", path, i+2)
		}
		out.WriteString(lines[i+1])
		out.Write(code)
		i = end - 1
	}
	return writeIfChanged(path, []byte(out.String()))
}

package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine downloads a missing plugin from the schema's pluginDownloadURL. The test drives the
// Pulumi CLI's own download code against a fake GitHub whose release offers exactly the archives
// `make dist` names, and checks that, for every platform the CLI downloads for, it asks for the
// release v<version> of our repository and picks one of those archives, each platform its own.
func TestPluginDownloadURLFindsTheDistArchives(t *testing.T) {
	t.Parallel()
	const version = "1.2.3-alpha.1"
	downloadURL := getSchema(t).PluginDownloadURL
	require.Equal(t, "github://api.github.com/cfsecdns/pulumi-cloudflare-secondary-dns", downloadURL)

	archives := distArchiveNames(t, version)
	v := semver.MustParse(version)
	source, err := workspace.PluginDescriptor{
		Name: Name, Kind: apitype.ResourcePlugin, Version: &v, PluginDownloadURL: downloadURL,
	}.GetSource()
	require.NoError(t, err)

	release := fakeRelease{
		url:    "https://api.github.com/repos/cfsecdns/pulumi-cloudflare-secondary-dns/releases/tags/v" + version,
		assets: archives,
	}
	picked := map[string]string{}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, goarch := range []string{"amd64", "arm64"} {
			body, _, err := source.Download(t.Context(), v, goos, goarch, release.get)
			require.NoError(t, err, "%s-%s", goos, goarch)
			asset, err := io.ReadAll(body)
			require.NoError(t, err)
			require.NoError(t, body.Close())
			assert.NotContains(t, picked, string(asset), "%s-%s picked another platform's archive", goos, goarch)
			picked[string(asset)] = goos + "-" + goarch
		}
	}
	var names []string
	for name := range picked {
		names = append(names, name)
	}
	assert.ElementsMatch(t, archives, names, "archives the CLI picked, by platform: %v", picked)
}

// distArchiveNames asks the Makefile for the archive names of a release.
func distArchiveNames(t *testing.T, version string) []string {
	t.Helper()
	cmd := exec.Command("make", "-s", "--no-print-directory", "-C", "..", "dist-archive-names", "VERSION="+version)
	out, err := cmd.Output()
	require.NoError(t, err, "make dist-archive-names: %s", stderrOf(err))
	return strings.Fields(string(out))
}

func stderrOf(err error) string {
	if exit, ok := err.(*exec.ExitError); ok {
		return string(exit.Stderr)
	}
	return ""
}

// fakeRelease answers as GitHub's API does for one release: its asset listing, then an asset's
// content (here, the asset's name).
type fakeRelease struct {
	url    string
	assets []string
}

const fakeAssetPrefix = "https://api.github.com/repos/cfsecdns/pulumi-cloudflare-secondary-dns/releases/assets/"

func (r fakeRelease) get(req *http.Request) (io.ReadCloser, int64, error) {
	url := req.URL.String()
	switch {
	case url == r.url:
		type asset struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		}
		var listing struct {
			Assets []asset `json:"assets"`
		}
		for _, name := range r.assets {
			listing.Assets = append(listing.Assets, asset{Name: name, URL: fakeAssetPrefix + name})
		}
		data, err := json.Marshal(listing)
		if err != nil {
			return nil, -1, err
		}
		return io.NopCloser(strings.NewReader(string(data))), int64(len(data)), nil
	case strings.HasPrefix(url, fakeAssetPrefix):
		name := strings.TrimPrefix(url, fakeAssetPrefix)
		return io.NopCloser(strings.NewReader(name)), int64(len(name)), nil
	default:
		return nil, -1, fmt.Errorf("unexpected request to %s", url)
	}
}

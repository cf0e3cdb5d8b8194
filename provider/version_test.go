package provider

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersion(t *testing.T) {
	t.Parallel()
	_, err := ParsedVersion()
	require.NoError(t, err, "the unstamped version is valid")

	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1.2.3", "1.2.3", true},
		{"v0.4.0", "0.4.0", true},
		{"0.1.0-alpha.1+3.gabcdef", "0.1.0-alpha.1+3.gabcdef", true},
		{"", "", false},
		{"1.2", "", false},
		{"latest", "", false},
	}
	for _, tt := range tests {
		v, err := parseVersion(tt.in)
		if !tt.ok {
			assert.ErrorContains(t, err, "is not a semantic version", tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, v.String())
	}
}

package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File is a Pulumi import file, as `pulumi import --file` reads it.
type File struct {
	Resources []Resource `json:"resources"`
}

// Resource is one object to import: its resource type token, its logical name in the program,
// and the ID the provider's import takes.
type Resource struct {
	Type string `json:"type"`
	Name string `json:"name"`
	ID   string `json:"id"`
}

func (f File) encode() ([]byte, error) {
	data, err := json.MarshalIndent(f, "", "  ")
	return append(data, '\n'), err
}

// WriteTo writes the file to w (standard output).
func (f File) WriteTo(w io.Writer) (int64, error) {
	data, err := f.encode()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(data)
	return int64(n), err
}

// WriteFile writes the file at path atomically: to a temporary file beside it, synced, then
// renamed over path, so that an interrupted run leaves the old file or the whole new one, never
// a part. (google/renameio does this too, but builds on no Windows, a platform the command is
// released for.)
func (f File) WriteFile(path string) (err error) {
	data, err := f.encode()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("writing the import file: %w", err)
		}
	}()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

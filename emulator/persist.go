package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// stateFile is the JSON layout of Options.StatePath. It holds TSIG secrets in plain text, like
// the API it stands in for, so it is written readable by its owner only.
type stateFile struct {
	Accounts map[string]*accountState `json:"accounts"`
	Zones    []zoneState              `json:"zones,omitempty"` // each names its account
	// Contents are the zones' records by zone ID, in zone-file form with the SOA first: what a
	// secondary zone transferred in, and a full or partial zone's records.
	Contents map[string]string `json:"contents,omitempty"`
	// RecordIDs are the IDs records replaced with PUT kept, by zone ID and record.
	RecordIDs map[string]map[string]string `json:"record_ids,omitempty"`
}

// accountState is one account's records, each kind in creation order. A kind added later is
// absent from older files, which then load with none of it.
type accountState struct {
	TSIGs []TSIG `json:"tsigs"`
	Peers []Peer `json:"peers"`
	ACLs  []ACL  `json:"acls,omitempty"`
}

// snapshot copies the store in the state file's layout.
func (s *store) snapshot() stateFile {
	st := stateFile{Accounts: map[string]*accountState{}}
	in := func(acct string) *accountState {
		if st.Accounts[acct] == nil {
			st.Accounts[acct] = &accountState{}
		}
		return st.Accounts[acct]
	}
	for acct, v := range s.tsigs.all() {
		in(acct).TSIGs = v
	}
	for acct, v := range s.peers.all() {
		in(acct).Peers = v
	}
	for acct, v := range s.acls.all() {
		in(acct).ACLs = v
	}
	st.Zones = s.zones.all()[zonesScope]
	return st
}

// restore loads a state file into the store.
func (s *store) restore(st stateFile) {
	for acct, a := range st.Accounts {
		if a == nil {
			continue
		}
		s.tsigs.load(acct, a.TSIGs)
		s.peers.load(acct, a.Peers)
		s.acls.load(acct, a.ACLs)
	}
	s.zones.load(zonesScope, st.Zones)
}

// load reads the state file into the store; a missing file is an empty store.
func (e *Emulator) load() error {
	data, err := os.ReadFile(e.opts.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read state: %w", err)
	}
	var st stateFile
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("read state %s: not a state file: %w", e.opts.StatePath, err)
	}
	e.store.restore(st)
	for id := range st.Contents {
		if _, ok := e.store.zones.get(zonesScope, id); !ok {
			delete(st.Contents, id) // a zone deleted by hand in the file
		}
	}
	if err := e.ns.RestoreContents(st.Contents); err != nil {
		return fmt.Errorf("read state %s: %w", e.opts.StatePath, err)
	}
	e.recordIDs.load(st.RecordIDs)
	return nil
}

// Save writes the store to StatePath atomically: a temporary file in the same directory, then a
// rename over the old one, so a crash leaves either the old state or the new. Without StatePath
// it does nothing.
func (e *Emulator) Save() error {
	if e.opts.StatePath == "" {
		return nil
	}
	// Holding saveMu from the snapshot to the rename keeps a later snapshot from being
	// overwritten by an earlier one.
	e.saveMu.Lock()
	defer e.saveMu.Unlock()
	st := e.store.snapshot()
	st.Contents, st.RecordIDs = e.ns.Contents(), e.recordIDs.all()
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	dir, base := filepath.Split(e.opts.StatePath)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+".*.tmp")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), e.opts.StatePath); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}

// changed persists the store after a write; a failure is logged, since the write itself
// succeeded and the next save or the shutdown flush tries again.
func (e *Emulator) changed() {
	e.ns.ConfigChanged()
	if err := e.Save(); err != nil {
		e.log.Error("could not save the state", "path", e.opts.StatePath, "error", err)
	}
}

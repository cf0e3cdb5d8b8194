package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
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

// Save writes the store to StatePath now, with every change made before it. Without StatePath
// it does nothing.
func (e *Emulator) Save() error { return e.saves.flush(e.saves.mark(), e.writeState) }

// writeState writes the store to StatePath atomically: a temporary file in the same directory,
// then a rename over the old one, so a crash leaves either the old state or the new.
func (e *Emulator) writeState() error {
	if e.opts.StatePath == "" {
		return nil
	}
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

// saves coalesces the writes of the state file. Each change of the store is marked; a change
// is durable once a save that began after its mark has ended, and one save serves every
// change marked before it, so a burst of changes (concurrent requests, a request and what the
// nameserver reports of it) is saved once or twice instead of once each.
type saves struct {
	mu     sync.Mutex
	ended  sync.Cond // broadcast when a save ends
	marked uint64    // the last change marked
	saved  uint64    // the last change the state file holds
	saving bool
}

// mark counts a change of the store and returns its number, for flush.
func (s *saves) mark() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marked++
	return s.marked
}

// flush returns once the state file holds change n: at once when a save since has ended,
// after the save under way when that one began after it, else after a save of its own. A save
// that fails is returned to the change that ran it; a change that waited on it tries its own.
func (s *saves) flush(n uint64, write func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended.L == nil {
		s.ended.L = &s.mu
	}
	for s.saved < n {
		if s.saving {
			s.ended.Wait()
			continue
		}
		s.saving = true
		upto := s.marked // write's snapshot, taken after this, holds every change up to here
		s.mu.Unlock()
		err := write()
		s.mu.Lock()
		s.saving = false
		s.ended.Broadcast()
		if err != nil {
			return err
		}
		s.saved = upto
	}
	return nil
}

// changed tells the nameserver that the store changed and makes the change durable; a failure
// to save is logged, since the write itself succeeded and the next save or the shutdown flush
// tries again.
func (e *Emulator) changed() { e.durable(e.touched()) }

// touched tells the nameserver that the store changed, and marks the change for durable.
func (e *Emulator) touched() uint64 {
	e.ns.ConfigChanged()
	return e.saves.mark()
}

// durable returns once the change touched numbered is in the state file.
func (e *Emulator) durable(n uint64) {
	if err := e.saves.flush(n, e.writeState); err != nil {
		e.log.Error("could not save the state", "path", e.opts.StatePath, "error", err)
	}
}

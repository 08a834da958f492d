package vault

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// Records that can be merged. Every seed, account, factor, key record
// (its serial is its id) and setting carries a stable id and the time it
// was last changed; a deletion leaves a Tombstone. A save stamps these by
// comparing the data with what was last read or written (stamp), so no
// edit can forget to: a changed or new record gets the save's time, a
// record gone a tombstone. Each save also gets a new Revision and keeps
// the revisions it descends from (Ancestors, newest first), so a merge
// can tell when one copy already holds the other and find the version
// both started from.

// TombstoneKeep is how long a deletion is remembered: long enough for
// any copy of the vault to come back from a device left in a drawer.
const TombstoneKeep = 180 * 24 * time.Hour

// clock is the time saves stamp; tests move it.
var clock = time.Now

// maxAncestors bounds the revisions a vault remembers.
const maxAncestors = 64

// RecordKind names a kind of record in a merge report or a tombstone.
type RecordKind string

// The kinds of records.
const (
	SeedRecord          RecordKind = "seed"
	AccountRecord       RecordKind = "account"
	FactorRecord        RecordKind = "factor"
	KeyRecordKind       RecordKind = "key"
	SettingRecord       RecordKind = "setting"
	RecoveryCodesRecord RecordKind = "recovery_codes"
)

// Tombstone says that a record was deleted, and when.
type Tombstone struct {
	Kind    RecordKind `json:"kind"`
	ID      string     `json:"id"`
	Deleted time.Time  `json:"deleted"`
	// In is the revision the deletion was saved in ("" until saved).
	In string `json:"in,omitempty"`
}

// Writer is the device that saved a vault: a random id kept outside the
// synced folder (LocalWriter) and the host name, for display.
type Writer struct {
	Device string `json:"device"`
	Host   string `json:"host,omitempty"`
}

func keyID(serial uint32) string { return strconv.FormatUint(uint64(serial), 10) }

// remember keeps a copy of the data as it is on disk, for the next
// save's stamp.
func (v *Vault) remember() {
	c := v.Data.Clone()
	v.saved = &c
}

// upgrade fills in what an older vault lacks: ids, and modification
// times (the record's own creation time where it has one, else now).
func (d *Data) upgrade(now time.Time) {
	now = now.UTC().Truncate(time.Second)
	first := func(ts ...time.Time) time.Time {
		for _, t := range ts {
			if !t.IsZero() {
				return t
			}
		}
		return now
	}
	for i := range d.Seeds {
		s := &d.Seeds[i]
		if s.ID == "" {
			s.ID = NewID()
		}
		if s.Modified.IsZero() {
			s.Modified = first(s.Added)
		}
	}
	for i := range d.Accounts {
		a := &d.Accounts[i]
		if a.ID == "" {
			a.ID = NewID()
		}
		if a.Modified.IsZero() {
			a.Modified = now
		}
		for j := range a.Factors {
			f := &a.Factors[j]
			if f.ID == "" {
				f.ID = NewID()
			}
			if f.Modified.IsZero() {
				f.Modified = first(f.Registered)
			}
		}
	}
	for i := range d.Keys {
		if d.Keys[i].Modified.IsZero() {
			d.Keys[i].Modified = first(d.Keys[i].FirstSeen)
		}
	}
	for k := range d.Settings {
		if _, ok := d.SettingsModified[k]; !ok {
			if d.SettingsModified == nil {
				d.SettingsModified = map[string]time.Time{}
			}
			d.SettingsModified[k] = now
		}
	}
}

// stamp marks what changed since prev (nil: everything is new) at now:
// changed and new records get now as their modification time, records
// gone a tombstone; tombstones older than TombstoneKeep are pruned, and
// the data gets a new revision, descending from the previous one.
func (d *Data) stamp(prev *Data, now time.Time, w Writer) {
	d.stampRecords(prev, now)
	if d.Revision != "" {
		d.Ancestors = append([]string{d.Revision}, d.Ancestors...)
	}
	d.Ancestors = capAncestors(d.Ancestors)
	d.Revision = NewID()
	d.Writer = w
	for k, in := range d.ChangedIn {
		if in == "" {
			d.ChangedIn[k] = d.Revision
		}
	}
	for i := range d.Tombstones {
		if d.Tombstones[i].In == "" {
			d.Tombstones[i].In = d.Revision
		}
	}
}

// changed marks a record as changed by the coming save.
func (d *Data) changed(kind RecordKind, id string) {
	if d.ChangedIn == nil {
		d.ChangedIn = map[string]string{}
	}
	d.ChangedIn[changeKey(kind, id)] = ""
}

// stampRecords is stamp without the new revision.
func (d *Data) stampRecords(prev *Data, now time.Time) {
	now = now.UTC().Truncate(time.Second)
	if prev == nil {
		prev = &Data{}
	}
	tomb := func(kind RecordKind, id string) {
		if !slices.ContainsFunc(d.Tombstones, func(t Tombstone) bool { return t.Kind == kind && t.ID == id }) {
			d.Tombstones = append(d.Tombstones, Tombstone{Kind: kind, ID: id, Deleted: now})
		}
	}
	stampSlice(d.Seeds, prev.Seeds, seedOps, now, tomb, d.changed)
	stampSlice(d.Accounts, prev.Accounts, accountOps, now, tomb, d.changed)
	for _, a := range d.Accounts {
		var before []inventory.Factor
		if i := slices.IndexFunc(prev.Accounts, func(p inventory.Account) bool { return p.ID == a.ID }); i >= 0 {
			before = prev.Accounts[i].Factors
		}
		stampSlice(a.Factors, before, factorOps, now, tomb, d.changed)
	}
	for _, a := range prev.Accounts { // factors of deleted accounts
		if !slices.ContainsFunc(d.Accounts, func(x inventory.Account) bool { return x.ID == a.ID }) {
			for _, f := range a.Factors {
				tomb(FactorRecord, f.ID)
			}
		}
	}
	stampSlice(d.Keys, prev.Keys, keyOps, now, tomb, d.changed)
	stampSlice(d.RecoveryCodes, prev.RecoveryCodes, codesOps, now, tomb, d.changed)
	for k, v := range d.Settings {
		if old, ok := prev.Settings[k]; !ok || old != v || d.SettingsModified[k].IsZero() {
			if d.SettingsModified == nil {
				d.SettingsModified = map[string]time.Time{}
			}
			if !ok || old != v {
				d.SettingsModified[k] = now
				d.changed(SettingRecord, k)
			} else {
				d.SettingsModified[k] = prev.SettingsModified[k]
			}
		}
	}
	for k := range prev.Settings {
		if _, ok := d.Settings[k]; !ok {
			tomb(SettingRecord, k)
		}
	}
	maps.DeleteFunc(d.SettingsModified, func(k string, _ time.Time) bool { _, ok := d.Settings[k]; return !ok })
	// A record that is back (added again, or revived by a merge) needs no
	// tombstone; old tombstones go.
	present := d.ids()
	d.Tombstones = slices.DeleteFunc(d.Tombstones, func(t Tombstone) bool {
		return present[recordKey{t.Kind, t.ID}] || now.Sub(t.Deleted) > TombstoneKeep
	})
	maps.DeleteFunc(d.ChangedIn, func(k, _ string) bool {
		kind, id, _ := strings.Cut(k, "/")
		return !present[recordKey{RecordKind(kind), id}]
	})
}

func capAncestors(a []string) []string {
	a = dedupe(a)
	if len(a) > maxAncestors {
		a = a[:maxAncestors]
	}
	return a
}

func dedupe(a []string) []string {
	seen := map[string]bool{}
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool {
		if seen[s] {
			return true
		}
		seen[s] = true
		return false
	})
}

type recordKey struct {
	kind RecordKind
	id   string
}

// ids are the records d holds, by kind and id.
func (d *Data) ids() map[recordKey]bool {
	m := map[recordKey]bool{}
	for _, s := range d.Seeds {
		m[recordKey{SeedRecord, s.ID}] = true
	}
	for _, a := range d.Accounts {
		m[recordKey{AccountRecord, a.ID}] = true
		for _, f := range a.Factors {
			m[recordKey{FactorRecord, f.ID}] = true
		}
	}
	for _, k := range d.Keys {
		m[recordKey{KeyRecordKind, keyID(k.Serial)}] = true
	}
	for k := range d.Settings {
		m[recordKey{SettingRecord, k}] = true
	}
	for _, c := range d.RecoveryCodes {
		m[recordKey{RecoveryCodesRecord, c.AccountID}] = true
	}
	return m
}

// recordOps are what stamping and merging need to know of one kind of
// record.
type recordOps[T any] struct {
	kind     RecordKind
	id       func(*T) string
	modified func(*T) *time.Time
	name     func(*T) string
	// skip names fields that are not the record's own (an account's
	// factors, merged as records of their own).
	skip string
}

var seedOps = recordOps[token.Seed]{
	kind: SeedRecord, id: func(s *token.Seed) string { return s.ID },
	modified: func(s *token.Seed) *time.Time { return &s.Modified },
	name:     func(s *token.Seed) string { return s.Label() },
}

var accountOps = recordOps[inventory.Account]{
	kind: AccountRecord, id: func(a *inventory.Account) string { return a.ID },
	modified: func(a *inventory.Account) *time.Time { return &a.Modified },
	name:     func(a *inventory.Account) string { return a.Name },
	skip:     "Factors",
}

var factorOps = recordOps[inventory.Factor]{
	kind: FactorRecord, id: func(f *inventory.Factor) string { return f.ID },
	modified: func(f *inventory.Factor) *time.Time { return &f.Modified },
	name:     func(f *inventory.Factor) string { return f.DescribeWith(nil, nil) },
}

var keyOps = recordOps[inventory.KeyRecord]{
	kind: KeyRecordKind, id: func(k *inventory.KeyRecord) string { return keyID(k.Serial) },
	modified: func(k *inventory.KeyRecord) *time.Time { return &k.Modified },
	name:     func(k *inventory.KeyRecord) string { return keyID(k.Serial) },
}

// Recovery codes have no time of their own: the merge takes their
// list's Added and the codes' Used times (see codesModified).
var codesOps = recordOps[RecoveryCodes]{
	kind: RecoveryCodesRecord, id: func(c *RecoveryCodes) string { return c.AccountID },
	modified: codesModified,
	name:     func(c *RecoveryCodes) string { return c.AccountID },
}

func codesModified(c *RecoveryCodes) *time.Time {
	t := c.Added
	for _, code := range c.Codes {
		if code.Used.After(t) {
			t = code.Used
		}
	}
	return &t
}

// stampSlice gives the records of cur that differ from (or are missing
// in) prev the time now, and a tombstone to those of prev gone from cur.
func stampSlice[T any](cur, prev []T, ops recordOps[T], now time.Time, tomb, changed func(RecordKind, string)) {
	before := map[string]*T{}
	for i := range prev {
		before[ops.id(&prev[i])] = &prev[i]
	}
	seen := map[string]bool{}
	for i := range cur {
		r := &cur[i]
		id := ops.id(r)
		seen[id] = true
		if p, ok := before[id]; ok && sameRecord(p, r, ops) && !ops.modified(r).IsZero() {
			continue
		}
		if ops.kind != RecoveryCodesRecord {
			*ops.modified(r) = now
		}
		changed(ops.kind, id)
	}
	for id := range before {
		if !seen[id] {
			tomb(ops.kind, id)
		}
	}
}

// sameRecord reports whether a and b hold the same own fields (the
// modification time and skipped fields aside).
func sameRecord[T any](a, b *T, ops recordOps[T]) bool {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		f := va.Type().Field(i)
		if !f.IsExported() || f.Name == "Modified" || f.Name == ops.skip {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return true
}

package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"time"

	"github.com/twofoldmfa/twofold/token"
	"github.com/twofoldmfa/twofold/token/inventory"
)

// Merging two copies of a vault (the two sides of a file sync's fork).
//
// Records are matched by id. What either side added is kept. A record
// both sides hold and that differs is merged field by field: where the
// version both started from (the base) is known, a field only one side
// changed takes that side's value; otherwise, or when both changed it,
// the side whose record was modified later wins the field, and the
// losing value is in the report (a secret's never is). A few fields are
// not conflicts: times of use (Verified, LastSeen, Used) take the later,
// FirstSeen the earlier, and an HOTP counter the higher (a lower one
// would give codes already used). A record one side deleted is deleted
// when the other side's copy is not newer than the deletion, and kept
// (said) when it was edited after. Ties are broken by value, the same
// way on both sides, so a merge gives the same vault whichever copy it
// runs on.

// Side is one of the two copies being merged.
type Side int

// The two sides: ours is the vault being merged into.
const (
	Ours Side = iota
	Theirs
)

// ChangeKind is what happened to a record in a merge.
type ChangeKind string

// The kinds of changes a merge reports.
const (
	// Added: the record was only on Side.
	Added ChangeKind = "added"
	// Edited: Side's change of the record was taken.
	Edited ChangeKind = "edited"
	// Deleted: Side deleted the record, the other had not changed it since.
	Deleted ChangeKind = "deleted"
	// KeptOverDeletion: the other side deleted it, Side changed it after.
	KeptOverDeletion ChangeKind = "kept_over_deletion"
	// KeptBoth: both sides changed the seed's secret; Side's seed is kept
	// beside the winner's, as a seed of its own.
	KeptBoth ChangeKind = "kept_both"
)

// Change is one record a merge took from a side.
type Change struct {
	Kind   RecordKind
	ID     string
	Name   string // the record's name as the merged vault has it
	Change ChangeKind
	Side   Side
}

// Conflict is a field both sides changed differently: Winner's value is
// kept, Lost is the other (empty when Secret: a secret is never copied
// into a report).
type Conflict struct {
	Kind   RecordKind
	ID     string
	Name   string
	Field  string // the field's JSON name ("issuer", "account", ...)
	Winner Side
	Lost   string
	Secret bool
}

// MergeReport says what a merge took from each side. Front ends word it.
type MergeReport struct {
	ThreeWay  bool // the base was known
	Changes   []Change
	Conflicts []Conflict
}

// ChangesOurs reports whether the merged vault differs from ours: there
// is something from theirs to save.
func (r MergeReport) ChangesOurs() bool {
	for _, c := range r.Changes {
		if c.Side == Theirs {
			return true
		}
	}
	for _, c := range r.Conflicts {
		if c.Winner == Theirs {
			return true
		}
	}
	return false
}

// secretFields are never quoted in a report.
var secretFields = map[string]bool{"secret": true, "codes": true}

// Merge merges theirs into ours, with base the version both descend from
// when it is known (nil: by id and modification time only). Neither input
// is changed; the result shares the seeds' secrets with them. The result
// descends from both (Ancestors) and has no revision until it is saved.
func Merge(base *Data, ours, theirs Data) (Data, MergeReport) {
	rep := MergeReport{ThreeWay: base != nil}
	if base == nil {
		base = &Data{}
	}
	out := ours.Clone()
	m := &merger{ours: &ours, theirs: &theirs, tombs: mergeTombstones(ours.Tombstones, theirs.Tombstones),
		threeWay: rep.ThreeWay, rep: &rep, changedIn: map[string]string{}}
	tombs := m.tombs
	out.Seeds = mergeSlice(base.Seeds, ours.Seeds, theirs.Seeds, seedOps, m)
	out.Seeds = keepLosingSecrets(out.Seeds, &ours, &theirs, &rep)
	out.Accounts = mergeSlice(base.Accounts, ours.Accounts, theirs.Accounts, accountOps, m)
	for i := range out.Accounts {
		a := &out.Accounts[i]
		find := func(d *Data) []inventory.Factor {
			if j := slices.IndexFunc(d.Accounts, func(x inventory.Account) bool { return x.ID == a.ID }); j >= 0 {
				return d.Accounts[j].Factors
			}
			return nil
		}
		a.Factors = mergeSlice(find(base), find(&ours), find(&theirs), factorOps, m)
	}
	out.Keys = mergeSlice(base.Keys, ours.Keys, theirs.Keys, keyOps, m)
	out.RecoveryCodes = mergeSlice(base.RecoveryCodes, ours.RecoveryCodes, theirs.RecoveryCodes, codesOps, m)
	settings := mergeSlice(settingRecords(base), settingRecords(&ours), settingRecords(&theirs), settingOps, m)
	out.Settings, out.SettingsModified = nil, nil
	for _, s := range settings {
		if out.Settings == nil {
			out.Settings, out.SettingsModified = map[string]string{}, map[string]time.Time{}
		}
		out.Settings[s.Key] = s.Value
		out.SettingsModified[s.Key] = s.Modified
	}
	out.ChangedIn = m.changedIn
	if len(out.ChangedIn) == 0 {
		out.ChangedIn = nil
	}
	present := out.ids()
	out.Tombstones = nil
	for _, t := range tombs {
		if !present[recordKey{t.Kind, t.ID}] {
			out.Tombstones = append(out.Tombstones, t)
		}
	}
	// The result is a version of its own (its revision comes with the
	// save that writes it), descending from both.
	out.Ancestors = capAncestors(append([]string{ours.Revision, theirs.Revision}, interleave(ours.Ancestors, theirs.Ancestors)...))
	out.Ancestors = slices.DeleteFunc(out.Ancestors, func(s string) bool { return s == "" })
	out.Revision = ""
	return out, rep
}

// interleave takes from a and b in turn, so the newest of both come first.
func interleave(a, b []string) []string {
	var out []string
	for i := 0; i < len(a) || i < len(b); i++ {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}

// mergeTombstones is the union, in a stable order, the earlier deletion
// of a record kept (the first time it was deleted).
func mergeTombstones(a, b []Tombstone) []Tombstone {
	var out []Tombstone
	at := map[recordKey]int{}
	for _, t := range append(slices.Clone(a), b...) {
		k := recordKey{t.Kind, t.ID}
		if i, ok := at[k]; ok {
			if t.Deleted.Before(out[i].Deleted) || (t.Deleted.Equal(out[i].Deleted) && t.In < out[i].In) {
				out[i] = t
			}
			continue
		}
		at[k] = len(out)
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(x, y Tombstone) int {
		if c := cmpString(string(x.Kind), string(y.Kind)); c != 0 {
			return c
		}
		return cmpString(x.ID, y.ID)
	})
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// merger is what one merge's record kinds share.
type merger struct {
	ours, theirs *Data
	tombs        []Tombstone
	threeWay     bool
	rep          *MergeReport
	changedIn    map[string]string // the result's Data.ChangedIn
}

// seen reports whether rev, the revision a record was last changed in,
// is one d holds: d's version of the record is then the same or newer.
func seen(d *Data, rev string) bool {
	return rev != "" && (rev == d.Revision || slices.Contains(d.Ancestors, rev))
}

func changeKey(kind RecordKind, id string) string { return string(kind) + "/" + id }

// mergeSlice merges one kind of record: ours' order first, then theirs'
// additions in theirs' order. Where both sides recorded the revision a
// record was last changed in (Data.ChangedIn), a side's version that the
// other side's history holds is older: that needs no clock.
func mergeSlice[T any](base, ours, theirs []T, ops recordOps[T], m *merger) []T {
	index := func(s []T) map[string]int {
		im := map[string]int{}
		for i := range s {
			im[ops.id(&s[i])] = i
		}
		return im
	}
	bi, oi, ti := index(base), index(ours), index(theirs)
	deleted := map[string]Tombstone{}
	for _, t := range m.tombs {
		if t.Kind == ops.kind {
			deleted[t.ID] = t
		}
	}
	rep, threeWay := m.rep, m.threeWay
	var out []T
	keep := func(r T, in string) {
		out = append(out, r)
		if in != "" {
			m.changedIn[changeKey(ops.kind, ops.id(&r))] = in
		}
	}
	one := func(r T, side Side) {
		id := ops.id(&r)
		this, other := m.ours, m.theirs
		if side == Theirs {
			this, other = m.theirs, m.ours
		}
		in := this.ChangedIn[changeKey(ops.kind, id)]
		tomb, tombstoned := deleted[id]
		b, inBase := bi[id]
		untouched := threeWay && inBase && sameRecord(&base[b], &r, ops)
		// With a base, what it lacks was added since, and what it has the
		// other side deleted. Without, the tombstones say: a version the
		// deleting side had seen is deleted; otherwise the later wins.
		var deletedSince bool
		switch {
		case threeWay:
			deletedSince = untouched
		case in != "" && tomb.In != "":
			deletedSince = seen(other, in)
		default:
			deletedSince = !ops.modified(&r).After(tomb.Deleted)
		}
		switch {
		case threeWay && !inBase, !threeWay && !tombstoned:
			keep(r, in)
			rep.Changes = append(rep.Changes, Change{ops.kind, id, ops.name(&r), Added, side})
		case deletedSince:
			rep.Changes = append(rep.Changes, Change{ops.kind, id, ops.name(&r), Deleted, 1 - side})
		default:
			keep(r, in)
			rep.Changes = append(rep.Changes, Change{ops.kind, id, ops.name(&r), KeptOverDeletion, side})
		}
	}
	for i := range ours {
		id := ops.id(&ours[i])
		j, both := ti[id]
		if !both {
			one(ours[i], Ours)
			continue
		}
		key := changeKey(ops.kind, id)
		ro, rt := m.ours.ChangedIn[key], m.theirs.ChangedIn[key]
		var b *T
		switch k, ok := bi[id]; {
		case ok && threeWay:
			b = &base[k]
		case seen(m.theirs, ro) && !seen(m.ours, rt):
			b = &ours[i] // ours' version is in theirs' past
		case seen(m.ours, rt) && !seen(m.theirs, ro):
			b = &theirs[j]
		}
		r := mergeRecord(b, ours[i], theirs[j], ops, rep)
		switch {
		case reflect.DeepEqual(r, ours[i]):
			keep(r, ro)
		case reflect.DeepEqual(r, theirs[j]):
			keep(r, rt)
		default:
			keep(r, "")
			m.changedIn[key] = "" // a version of its own: the next save's
		}
	}
	for j := range theirs {
		if _, both := oi[ops.id(&theirs[j])]; !both {
			one(theirs[j], Theirs)
		}
	}
	return out
}

// mergeRecord merges one record both sides hold.
func mergeRecord[T any](base *T, ours, theirs T, ops recordOps[T], rep *MergeReport) T {
	// A side that left the record as it was takes the other's whole.
	switch {
	case base != nil && reflect.DeepEqual(*base, theirs):
		if !sameRecord(&ours, &theirs, ops) {
			rep.Changes = append(rep.Changes, Change{ops.kind, ops.id(&ours), ops.name(&ours), Edited, Ours})
		}
		return ours
	case base != nil && reflect.DeepEqual(*base, ours):
		if !sameRecord(&ours, &theirs, ops) {
			rep.Changes = append(rep.Changes, Change{ops.kind, ops.id(&theirs), ops.name(&theirs), Edited, Theirs})
		}
		return theirs
	}
	if sameRecord(&ours, &theirs, ops) {
		if ops.modified(&theirs).After(*ops.modified(&ours)) && ops.kind != RecoveryCodesRecord {
			*ops.modified(&ours) = *ops.modified(&theirs)
		}
		return ours
	}
	out := ours
	vo, vt, vr := reflect.ValueOf(&ours).Elem(), reflect.ValueOf(&theirs).Elem(), reflect.ValueOf(&out).Elem()
	var vb reflect.Value
	if base != nil {
		vb = reflect.ValueOf(base).Elem()
	}
	mo, mt := *ops.modified(&ours), *ops.modified(&theirs)
	tookTheirs := false
	for i := range vo.NumField() {
		f := vo.Type().Field(i)
		if !f.IsExported() || f.Name == "Modified" || f.Name == ops.skip || f.Name == "ID" {
			continue
		}
		a, b := vo.Field(i), vt.Field(i)
		if reflect.DeepEqual(a.Interface(), b.Interface()) {
			continue
		}
		if v, ok := mergedByRule(f.Name, a, b); ok {
			vr.Field(i).Set(v)
			continue
		}
		field := jsonName(f)
		switch {
		case vb.IsValid() && reflect.DeepEqual(vb.Field(i).Interface(), a.Interface()):
			vr.Field(i).Set(b)
			tookTheirs = true
			continue
		case vb.IsValid() && reflect.DeepEqual(vb.Field(i).Interface(), b.Interface()):
			continue
		}
		winner := Ours
		if mt.After(mo) || (mt.Equal(mo) && valueString(b) > valueString(a)) {
			winner = Theirs
		}
		lost := b
		if winner == Theirs {
			vr.Field(i).Set(b)
			lost = a
		}
		c := Conflict{Kind: ops.kind, ID: ops.id(&ours), Field: field, Winner: winner, Secret: secretFields[field]}
		if !c.Secret {
			c.Lost = displayValue(lost)
		}
		rep.Conflicts = append(rep.Conflicts, c)
	}
	if mt.After(mo) && ops.kind != RecoveryCodesRecord {
		*ops.modified(&out) = mt
	}
	name := ops.name(&out)
	for i := range rep.Conflicts {
		if rep.Conflicts[i].ID == ops.id(&ours) && rep.Conflicts[i].Kind == ops.kind {
			rep.Conflicts[i].Name = name
		}
	}
	if tookTheirs {
		rep.Changes = append(rep.Changes, Change{ops.kind, ops.id(&ours), name, Edited, Theirs})
	}
	return out
}

// mergedByRule merges the fields that are never conflicts.
func mergedByRule(name string, a, b reflect.Value) (reflect.Value, bool) {
	switch name {
	case "Counter":
		if b.Uint() > a.Uint() {
			return b, true
		}
		return a, true
	case "FirstSeen", "Added":
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if ta.IsZero() || (!tb.IsZero() && tb.Before(ta)) {
			return b, true
		}
		return a, true
	case "Verified", "LastSeen", "AWSUnknown":
		if b.Interface().(time.Time).After(a.Interface().(time.Time)) {
			return b, true
		}
		return a, true
	}
	return reflect.Value{}, false
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	for i := range len(tag) {
		if tag[i] == ',' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" {
		return f.Name
	}
	return tag
}

// valueString orders two values of a field for a tie, the same on both
// sides.
func valueString(v reflect.Value) string {
	b, _ := json.Marshal(v.Interface())
	return string(b)
}

// displayValue is a losing value as a report keeps it: a string as it
// is, anything else as JSON.
func displayValue(v reflect.Value) string {
	if v.Kind() == reflect.String {
		return v.String()
	}
	return valueString(v)
}

// settingRecord is a setting as a record.
type settingRecord struct {
	Key      string
	Value    string
	Modified time.Time
}

var settingOps = recordOps[settingRecord]{
	kind: SettingRecord, id: func(s *settingRecord) string { return s.Key },
	modified: func(s *settingRecord) *time.Time { return &s.Modified },
	name:     func(s *settingRecord) string { return s.Key },
}

func settingRecords(d *Data) []settingRecord {
	var out []settingRecord
	for k, v := range d.Settings {
		out = append(out, settingRecord{k, v, d.SettingsModified[k]})
	}
	slices.SortFunc(out, func(a, b settingRecord) int { return cmpString(a.Key, b.Key) })
	return out
}

// Holds reports whether d is other or descends from it: other has
// nothing d lacks.
func (d *Data) Holds(other *Data) bool {
	return other.Revision != "" && (other.Revision == d.Revision || slices.Contains(d.Ancestors, other.Revision))
}

// MergeWith merges theirs into ours, choosing the base itself: when one
// side holds the other, the older is the base (ours holding theirs is
// ours, unchanged); otherwise the revision both descend from, when it is
// among candidates (earlier versions at hand, such as the vault's .bak).
// Without one, the merge is by id and modification time.
func MergeWith(ours, theirs Data, candidates ...Data) (Data, MergeReport) {
	switch {
	case ours.Holds(&theirs):
		return ours, MergeReport{ThreeWay: true}
	case theirs.Holds(&ours):
		return Merge(&ours, ours, theirs)
	}
	if base := CommonRevision(&ours, &theirs); base != "" {
		for i := range candidates {
			if candidates[i].Revision == base {
				return Merge(&candidates[i], ours, theirs)
			}
		}
	}
	return Merge(nil, ours, theirs)
}

// CommonRevision is the latest revision both a and b descend from, or ""
// when they share none that is remembered.
func CommonRevision(a, b *Data) string {
	theirs := map[string]bool{b.Revision: true}
	for _, r := range b.Ancestors {
		theirs[r] = true
	}
	for _, r := range append([]string{a.Revision}, a.Ancestors...) {
		if r != "" && theirs[r] {
			return r
		}
	}
	return ""
}

// keepLosingSecrets keeps the losing side's seed of every secret
// conflict as a seed of its own: a seed whose secret both sides changed
// (set up again at the service on each computer, say) may be the one
// that works, and a merge never loses a secret. The copy's id is derived
// from the seed's id and its secret, so merging again, or in the other
// order, makes the same copy once.
func keepLosingSecrets(seeds []token.Seed, ours, theirs *Data, rep *MergeReport) []token.Seed {
	for _, c := range rep.Conflicts {
		if c.Kind != SeedRecord || c.Field != "secret" {
			continue
		}
		loser := ours
		side := Ours
		if c.Winner == Ours {
			loser, side = theirs, Theirs
		}
		i := slices.IndexFunc(loser.Seeds, func(s token.Seed) bool { return s.ID == c.ID })
		if i < 0 {
			continue
		}
		kept := loser.Seeds[i]
		sum := sha256.Sum256([]byte(kept.ID + "\x00" + kept.Secret))
		kept.ID = c.ID + "-" + hex.EncodeToString(sum[:6])
		if slices.ContainsFunc(seeds, func(s token.Seed) bool { return s.ID == kept.ID }) {
			continue
		}
		seeds = append(seeds, kept)
		rep.Changes = append(rep.Changes, Change{SeedRecord, kept.ID, kept.Label(), KeptBoth, side})
	}
	return seeds
}

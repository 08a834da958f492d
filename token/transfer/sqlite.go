package transfer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
)

// A read-only reader of SQLite database files, as much as two phone
// apps' databases need: find a table in sqlite_master and read its rows.
// modernc.org/sqlite would do it, at about 7 MB of binary for two formats
// that only a rooted phone gives; the file format is small and documented
// (sqlite.org/fileformat2.html): pages of table B-trees, varints, records,
// overflow pages. No index, no WAL (a database copied with its -wal file
// must be checkpointed first, as SQLite does on close), UTF-8 text only.

const sqliteMagic = "SQLite format 3\x00"

var errSQLite = errors.New("not an SQLite database Twofold can read")

type sqliteDB struct {
	b        []byte
	pageSize int
	usable   int
}

func openSQLite(b []byte) (*sqliteDB, error) {
	if len(b) < 100 || !bytes.HasPrefix(b, []byte(sqliteMagic)) {
		return nil, errSQLite
	}
	ps := int(binary.BigEndian.Uint16(b[16:18]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps&(ps-1) != 0 {
		return nil, fmt.Errorf("%w: page size %d", errSQLite, ps)
	}
	if enc := binary.BigEndian.Uint32(b[56:60]); enc != 0 && enc != 1 {
		return nil, fmt.Errorf("%w: text not in UTF-8", errSQLite)
	}
	usable := ps - int(b[20])
	if usable < 480 {
		return nil, fmt.Errorf("%w: reserved space", errSQLite)
	}
	return &sqliteDB{b: b, pageSize: ps, usable: usable}, nil
}

func (db *sqliteDB) page(n uint32) ([]byte, error) {
	start := int64(n-1) * int64(db.pageSize)
	if n == 0 || start+int64(db.pageSize) > int64(len(db.b)) {
		return nil, fmt.Errorf("%w: page %d out of the file (truncated?)", errSQLite, n)
	}
	return db.b[start : start+int64(db.pageSize)], nil
}

// sqliteRow is one row: its rowid and its values (nil, int64, float64,
// string or []byte).
type sqliteRow struct {
	rowid  int64
	values []any
}

// rows reads every row of the table B-tree rooted at root, in rowid
// order. A page is read at most once, so a looping file ends.
func (db *sqliteDB) rows(root uint32) ([]sqliteRow, error) {
	var out []sqliteRow
	seen := map[uint32]bool{}
	var walk func(n uint32, depth int) error
	walk = func(n uint32, depth int) error {
		if seen[n] || depth > 64 {
			return fmt.Errorf("%w: a B-tree that loops", errSQLite)
		}
		seen[n] = true
		p, err := db.page(n)
		if err != nil {
			return err
		}
		hdr := 0
		if n == 1 {
			hdr = 100
		}
		if len(p) < hdr+8 {
			return errSQLite
		}
		kind, cells := p[hdr], int(binary.BigEndian.Uint16(p[hdr+3:hdr+5]))
		ptrs := hdr + 8
		if kind == 0x05 {
			ptrs = hdr + 12
		} else if kind != 0x0d {
			return fmt.Errorf("%w: page %d is no table page", errSQLite, n)
		}
		if ptrs+2*cells > len(p) {
			return fmt.Errorf("%w: page %d", errSQLite, n)
		}
		for i := range cells {
			off := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
			if off >= len(p) {
				return fmt.Errorf("%w: page %d", errSQLite, n)
			}
			if kind == 0x05 {
				if off+4 > len(p) {
					return errSQLite
				}
				if err := walk(binary.BigEndian.Uint32(p[off:]), depth+1); err != nil {
					return err
				}
				continue
			}
			row, err := db.leafCell(p, off)
			if err != nil {
				return err
			}
			out = append(out, row)
		}
		if kind == 0x05 {
			return walk(binary.BigEndian.Uint32(p[hdr+8:]), depth+1)
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return out, nil
}

func (db *sqliteDB) leafCell(p []byte, off int) (sqliteRow, error) {
	size, n := sqliteVarint(p[off:])
	if n == 0 || size > MaxFileSize {
		return sqliteRow{}, errSQLite
	}
	off += n
	rowid, n := sqliteVarint(p[off:])
	if n == 0 {
		return sqliteRow{}, errSQLite
	}
	off += n
	payload, err := db.payload(p, off, int(size))
	if err != nil {
		return sqliteRow{}, err
	}
	values, err := sqliteRecord(payload)
	return sqliteRow{rowid: int64(rowid), values: values}, err
}

// payload gathers a cell's payload from its page and overflow pages.
func (db *sqliteDB) payload(p []byte, off, size int) ([]byte, error) {
	u := db.usable
	x := u - 35
	local := size
	if size > x {
		m := (u-12)*32/255 - 23
		k := m + (size-m)%(u-4)
		local = m
		if k <= x {
			local = k
		}
	}
	if off+local > len(p) {
		return nil, errSQLite
	}
	out := append([]byte{}, p[off:off+local]...)
	if local == size {
		return out, nil
	}
	if off+local+4 > len(p) {
		return nil, errSQLite
	}
	next := binary.BigEndian.Uint32(p[off+local:])
	seen := map[uint32]bool{}
	for len(out) < size {
		if next == 0 || seen[next] {
			return nil, fmt.Errorf("%w: broken overflow chain", errSQLite)
		}
		seen[next] = true
		op, err := db.page(next)
		if err != nil {
			return nil, err
		}
		take := min(size-len(out), u-4)
		out = append(out, op[4:4+take]...)
		next = binary.BigEndian.Uint32(op[:4])
	}
	return out, nil
}

// sqliteVarint reads SQLite's big-endian varint; n is 0 when b ends first.
func sqliteVarint(b []byte) (v uint64, n int) {
	for i := range min(len(b), 9) {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

func sqliteRecord(b []byte) ([]any, error) {
	hsize, n := sqliteVarint(b)
	if n == 0 || hsize > uint64(len(b)) || hsize < uint64(n) {
		return nil, errSQLite
	}
	header, body := b[n:hsize], b[hsize:]
	var values []any
	for len(header) > 0 {
		t, n := sqliteVarint(header)
		if n == 0 {
			return nil, errSQLite
		}
		header = header[n:]
		var size uint64
		switch {
		case t == 0 || t == 8 || t == 9:
		case t <= 4:
			size = t
		case t == 5:
			size = 6
		case t == 6 || t == 7:
			size = 8
		case t >= 12:
			size = (t - 12) / 2
		default:
			return nil, errSQLite
		}
		if size > uint64(len(body)) {
			return nil, errSQLite
		}
		v := body[:size]
		body = body[size:]
		switch {
		case t == 0:
			values = append(values, nil)
		case t == 8:
			values = append(values, int64(0))
		case t == 9:
			values = append(values, int64(1))
		case t == 7:
			values = append(values, math.Float64frombits(binary.BigEndian.Uint64(v)))
		case t <= 6:
			var x int64
			for _, c := range v {
				x = x<<8 | int64(c)
			}
			shift := 64 - 8*len(v)
			values = append(values, x<<shift>>shift) // sign-extend
		case t%2 == 0:
			values = append(values, append([]byte{}, v...))
		default:
			values = append(values, string(v))
		}
	}
	return values, nil
}

// sqliteTable is a table's rows as maps from column name to value.
func (db *sqliteDB) table(name string) ([]map[string]any, error) {
	master, err := db.rows(1)
	if err != nil {
		return nil, err
	}
	for _, r := range master {
		if len(r.values) < 5 {
			continue
		}
		typ, _ := r.values[0].(string)
		tbl, _ := r.values[1].(string)
		root, _ := r.values[3].(int64)
		sql, _ := r.values[4].(string)
		if typ != "table" || !strings.EqualFold(tbl, name) || root < 1 || root > math.MaxUint32 {
			continue
		}
		cols, rowidCol := sqliteColumns(sql)
		rows, err := db.rows(uint32(root))
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(rows))
		for _, row := range rows {
			m := map[string]any{}
			for i, c := range cols {
				if i < len(row.values) {
					m[c] = row.values[i]
				}
			}
			if rowidCol != "" {
				m[rowidCol] = row.rowid
			}
			out = append(out, m)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: no table %s", errSQLite, name)
}

// sqliteColumns reads the column names of a CREATE TABLE statement, and
// the one that is the rowid (INTEGER PRIMARY KEY), stored as NULL.
func sqliteColumns(sql string) (cols []string, rowid string) {
	open, end := strings.IndexByte(sql, '('), strings.LastIndexByte(sql, ')')
	if open < 0 || end < open {
		return nil, ""
	}
	depth, start := 0, open+1
	var defs []string
	for i := open + 1; i < end; i++ {
		switch sql[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				defs = append(defs, sql[start:i])
				start = i + 1
			}
		}
	}
	defs = append(defs, sql[start:end])
	for _, d := range defs {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		switch strings.ToUpper(f[0]) {
		case "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT":
			continue
		}
		name := strings.Trim(f[0], "\"`[]'")
		cols = append(cols, name)
		if u := strings.ToUpper(strings.Join(f[1:], " ")); strings.HasPrefix(u, "INTEGER") && strings.Contains(u, "PRIMARY KEY") {
			rowid = name
		}
	}
	return cols, rowid
}

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// maxProblems is the most problems a check lists; SQLite stops there too.
const maxProblems = 100

// QuickCheck runs PRAGMA quick_check and returns what it found wrong, nil
// for a sound file. It reads every page but does not compare indexes with
// their tables, so it takes seconds even for a large database.
func (db *DB) QuickCheck(ctx context.Context) ([]string, error) {
	return pragmaCheck(ctx, db.db, "quick_check", "")
}

// historyTables are the tables that grow with the years a ledger is used:
// every year's entries and the audit log. The opening check leaves them to
// HistoryCheck, which the program runs in the background once its window
// is up, so that opening takes as long in the fifth year as in the first.
var historyTables = []string{"audit", "entries"}

// OpenCheck checks, before the ledger is used, what the screens need
// sound, in a time that does not grow with the evidence or the years: the
// schema against the one this version makes, and PRAGMA quick_check of
// every table with its indexes but blob_chunks (the evidence's bytes, for
// FullCheck) and the history tables (for HistoryCheck). It returns the
// problems found, nil for a sound database.
//
// Its quick checks read the pages, records and NOT NULL columns, not the
// CHECK constraints, which cost several times the rest (a substr and a
// printf per row) and which every write has met; FullCheck verifies them.
// On a five-year ledger with 10 GB of evidence the entries and the audit
// log were most of start-up: 1.5 s from a cold disk, their pages lying
// between the evidence's over the whole file.
func (db *DB) OpenCheck(ctx context.Context) ([]string, error) {
	return db.checkTables(ctx, func(t string) bool { return t != "blob_chunks" && !slices.Contains(historyTables, t) })
}

// HistoryCheck is the quick check OpenCheck leaves out: PRAGMA quick_check
// of the history tables (every year's entries, the audit log) with their
// indexes, without CHECK constraints. It takes a fraction of a second, or
// a second or more from a cold disk, and reads on a connection of its own,
// so the program goes on meanwhile. It returns the problems found, nil for
// sound tables.
func (db *DB) HistoryCheck(ctx context.Context) ([]string, error) {
	return db.checkTables(ctx, func(t string) bool { return slices.Contains(historyTables, t) })
}

// checkTables checks the schema and then runs PRAGMA quick_check, without
// CHECK constraints, on each table that check says to, on a connection of
// its own (ignore_check_constraints holds for a whole connection, so the
// one that writes must never have it).
func (db *DB) checkTables(ctx context.Context, check func(table string) bool) ([]string, error) {
	q, err := db.checkConn("ignore_check_constraints(1)")
	if err != nil {
		return nil, err
	}
	defer q.Close()
	problems, err := checkTables(ctx, q, check)
	return problems, db.fault(err)
}

func checkTables(ctx context.Context, q *sql.DB, check func(table string) bool) ([]string, error) {
	problems, err := schemaProblems(ctx, q)
	if err != nil || len(problems) > 0 {
		for i, p := range problems {
			problems[i] = "数据库结构与本版本应有的不符：" + p
		}
		return problems, err
	}
	var tables []string
	err = scanAll(ctx, q, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", nil, func(rs *sql.Rows) error {
		var t string
		err := rs.Scan(&t)
		if check(t) {
			tables = append(tables, t)
		}
		return err
	})
	if err != nil {
		return corruptProblem(err)
	}
	for _, t := range tables {
		ps, err := pragmaCheck(ctx, q, "quick_check", t)
		if err != nil {
			return nil, err
		}
		problems = append(problems, ps...)
	}
	return problems, nil
}

// FullCheck runs PRAGMA integrity_check and foreign_key_check, then reads
// every stored blob and compares its SHA-256 and size with the recorded
// ones. It returns the problems found, in Chinese, nil for a sound
// database. progress, if not nil, is called with the blobs checked so far
// and their total.
//
// It reads on a connection of its own, so the program goes on reading and
// writing while it runs (minutes for gigabytes of evidence).
func (db *DB) FullCheck(ctx context.Context, progress func(done, total int)) ([]string, error) {
	q, err := db.checkConn()
	if err != nil {
		return nil, err
	}
	defer q.Close()
	problems, err := fullCheck(ctx, q, progress)
	return problems, db.fault(err)
}

// checkConn opens a query-only connection of the checks' own to the
// database, with pragmas besides; the caller closes it.
func (db *DB) checkConn(pragmas ...string) (*sql.DB, error) {
	conn := db.readDSN
	if !db.readOnly {
		conn = dsn(db.path, fmt.Sprintf("busy_timeout(%d)", busyTimeout), "query_only(1)")
	}
	for _, p := range pragmas {
		conn += "&_pragma=" + p
	}
	q, err := sql.Open("sqlite", conn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", db.path, err)
	}
	q.SetMaxOpenConns(1)
	return q, nil
}

func fullCheck(ctx context.Context, q *sql.DB, progress func(done, total int)) ([]string, error) {
	problems, err := structureProblems(ctx, q)
	if err != nil {
		return nil, err
	}
	blobs, err := blobProblems(ctx, q, progress)
	if err != nil {
		return nil, err
	}
	return append(problems, blobs...), nil
}

// structureProblems runs PRAGMA integrity_check and foreign_key_check.
func structureProblems(ctx context.Context, q *sql.DB) ([]string, error) {
	problems, err := pragmaCheck(ctx, q, "integrity_check", "")
	if err != nil {
		return nil, err
	}
	fk, err := foreignKeyProblems(ctx, q)
	return append(problems, fk...), err
}

// pragmaCheck runs quick_check or integrity_check, of the table given
// ("" for all of them) or else with the most problems to list; a file too
// damaged to be read is one problem, not an error. Each problem says what
// the damaged table holds (tableWhat).
func pragmaCheck(ctx context.Context, q *sql.DB, pragma, table string) ([]string, error) {
	if table != "" {
		pragma = fmt.Sprintf("%s(%q)", pragma, table) // the schema's own name
	} else {
		pragma = fmt.Sprintf("%s(%d)", pragma, maxProblems)
	}
	var lines []string
	rs, err := q.QueryContext(ctx, "PRAGMA "+pragma)
	if err == nil {
		for rs.Next() {
			var line string
			if err = rs.Scan(&line); err != nil {
				break
			}
			// One row may hold several lines, under a "*** in database main ***" heading.
			for _, l := range strings.Split(line, "\n") {
				if l = strings.TrimSpace(l); l != "" && l != "ok" && !strings.HasPrefix(l, "*** ") && len(lines) < maxProblems {
					lines = append(lines, l)
				}
			}
		}
		if err == nil {
			err = rs.Err()
		}
		rs.Close()
	}
	if err != nil {
		if !isCorrupt(err) {
			return nil, err
		}
		lines = append(lines, cutShort(err.Error()))
	}
	if len(lines) == 0 {
		return nil, nil
	}
	trees := treeTables(ctx, q)
	problems := make([]string, len(lines))
	for i, l := range lines {
		if l == "database disk image is malformed" { // a line of quick_check's
			l = cutShort(l)
		}
		problems[i] = "数据库文件结构损坏" + where(l, table, trees) + "：" + l
	}
	return problems, nil
}

// tableWhat says, for a clerk, what each table of the ledger holds.
var tableWhat = map[string]string{
	"plan": "行动计划", "annexes": "行动计划", "sections": "行动计划", "tasks": "行动计划",
	"measures": "行动计划的措施", "measure_units": "行动计划的措施", "measure_streets": "行动计划的措施",
	"measure_links": "措施的延续关系", "due_overrides": "调整过的完成时限",
	"units": "单位名录", "unit_aliases": "单位名录", "group_members": "单位名录",
	"entries": "填报记录", "district_summaries": "区级汇总", "closed_months": "关账月份",
	"evidence": "佐证材料清单", "blobs": "佐证材料的文件内容", "blob_chunks": "佐证材料的文件内容",
	"indicator_tables": "指标", "indicator_rows": "指标", "indicator_target_edits": "指标",
	"indicator_actuals": "指标", "return_imports": "回执表导入记录", "settings": "设置",
	"audit": "修改记录",
}

// Where SQLite's check lines name the b-tree or table they are about.
var (
	treeRoot  = regexp.MustCompile(`^Tree (\d+) `)
	namedTree = regexp.MustCompile(`(?:index|in) ([A-Za-z_][A-Za-z0-9_]*)`)
)

// where is "（填报记录 entries）" for a check line about the table entries
// or one of its indexes, named in the line (by its root page or its name)
// or else the table checked; "" when neither tells.
func where(line, table string, trees map[string]string) string {
	if m := treeRoot.FindStringSubmatch(line); m != nil && trees[m[1]] != "" {
		table = trees[m[1]]
	} else if m := namedTree.FindStringSubmatch(line); m != nil && trees[m[1]] != "" {
		table = trees[m[1]]
	}
	if table == "" {
		return ""
	}
	what := tableWhat[table]
	if what == "" {
		what = "表"
	}
	return "（" + what + " " + table + "）"
}

// treeTables maps each b-tree's root page and name (tables and indexes)
// to its table, as far as the schema can be read.
func treeTables(ctx context.Context, q *sql.DB) map[string]string {
	trees := map[string]string{}
	scanAll(ctx, q, "SELECT name, tbl_name, rootpage FROM sqlite_schema WHERE rootpage > 0", nil, func(rs *sql.Rows) error {
		var name, table string
		var root int64
		err := rs.Scan(&name, &table, &root)
		trees[name], trees[strconv.FormatInt(root, 10)] = table, table
		return err
	})
	return trees
}

// corruptProblem turns SQLite's "malformed" and "not a database" into one
// problem; other errors pass through.
func corruptProblem(err error) ([]string, error) {
	if isCorrupt(err) {
		return []string{"数据库文件结构损坏：" + cutShort(err.Error())}, nil
	}
	return nil, err
}

// cutShort says that a check stopped at damage SQLite could not read
// past, with SQLite's message.
func cutShort(msg string) string { return "检查读到损坏之处，无法继续（" + msg + "）" }

// isCorrupt reports whether err is SQLite's SQLITE_CORRUPT or SQLITE_NOTADB.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}

// foreignKeyProblems lists rows whose references point nowhere.
func foreignKeyProblems(ctx context.Context, q *sql.DB) ([]string, error) {
	rs, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return corruptProblem(err)
	}
	defer rs.Close()
	var problems []string
	for rs.Next() && len(problems) < maxProblems {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rs.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return corruptProblem(err)
		}
		problems = append(problems, fmt.Sprintf("表 %s 的第 %d 行引用了 %s 中不存在的记录", table, rowid.Int64, parent))
	}
	if err := rs.Err(); err != nil {
		return corruptProblem(err)
	}
	return problems, nil
}

// blobInfo is a stored blob as recorded.
type blobInfo struct {
	id     int64
	sha256 sql.NullString
	size   int64
	chunks int64
}

// blobProblems reads every blob, hashing its chunks, and lists each whose
// content does not match its SHA-256, size or chunk count, naming the
// evidence files that use it.
func blobProblems(ctx context.Context, q *sql.DB, progress func(done, total int)) ([]string, error) {
	var blobs []blobInfo
	err := scanAll(ctx, q, "SELECT id, sha256, size, chunks FROM blobs ORDER BY id", nil, func(rs *sql.Rows) error {
		var b blobInfo
		err := rs.Scan(&b.id, &b.sha256, &b.size, &b.chunks)
		blobs = append(blobs, b)
		return err
	})
	if err != nil {
		return corruptProblem(err)
	}
	var problems []string
	for i, b := range blobs {
		if progress != nil {
			progress(i, len(blobs))
		}
		ok, err := blobSound(ctx, q, b)
		if err != nil && !isCorrupt(err) {
			return nil, err
		}
		if !ok || err != nil {
			names, nerr := blobNames(ctx, q, b.id)
			if nerr != nil && !isCorrupt(nerr) {
				return nil, nerr
			}
			problems = append(problems, fmt.Sprintf("佐证材料%s已损坏：内容与校验值 %s 不符", names, b.sha256.String))
		}
	}
	if progress != nil {
		progress(len(blobs), len(blobs))
	}
	return problems, nil
}

// blobSound reads a blob's chunks in order and compares them with its
// record.
func blobSound(ctx context.Context, q *sql.DB, b blobInfo) (bool, error) {
	if !b.sha256.Valid {
		return false, nil
	}
	h := sha256.New()
	var size, seq int64
	err := scanAll(ctx, q, "SELECT seq, data FROM blob_chunks WHERE blob_id = ? ORDER BY seq", []any{b.id}, func(rs *sql.Rows) error {
		var s int64
		var data sql.RawBytes
		if err := rs.Scan(&s, &data); err != nil {
			return err
		}
		if s != seq {
			seq = -1 << 62 // a missing chunk: never equal to b.chunks
		}
		h.Write(data)
		size += int64(len(data))
		seq++
		return nil
	})
	if err != nil {
		return false, err
	}
	return seq == b.chunks && size == b.size && hex.EncodeToString(h.Sum(nil)) == b.sha256.String, nil
}

// blobNames names the evidence files that use a blob: “a.jpg”、“b.jpg”.
func blobNames(ctx context.Context, q *sql.DB, id int64) (string, error) {
	var names []string
	err := scanAll(ctx, q, "SELECT DISTINCT name FROM evidence WHERE blob_id = ? ORDER BY id", []any{id}, func(rs *sql.Rows) error {
		var n string
		err := rs.Scan(&n)
		names = append(names, "“"+n+"”")
		return err
	})
	return strings.Join(names, "、"), err
}

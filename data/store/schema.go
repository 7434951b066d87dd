package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// schemaObject is one table, index, view or trigger of a schema.
type schemaObject struct {
	kind, name, sql string
}

// readSchema lists the schema's own objects (not SQLite's internal ones),
// their SQL with runs of white space made one space.
func readSchema(ctx context.Context, q *sql.DB) (map[string]schemaObject, error) {
	out := map[string]schemaObject{}
	err := scanAll(ctx, q, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", nil, func(rs *sql.Rows) error {
		var o schemaObject
		if err := rs.Scan(&o.kind, &o.name, &o.sql); err != nil {
			return err
		}
		o.sql = strings.Join(strings.Fields(o.sql), " ")
		out[o.kind+" "+o.name] = o
		return nil
	})
	return out, err
}

// currentSchema is the schema every migration gives a new database, read
// once from one made in memory.
var currentSchema = sync.OnceValues(func() (map[string]schemaObject, error) {
	ctx := context.Background()
	mem, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	db := &DB{db: mem, path: ":memory:"}
	db.oneConn()
	if err := db.migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrate an empty database: %w", err)
	}
	return readSchema(ctx, mem)
})

// schemaProblems compares the schema of q, brought up to date, with the
// one the migrations make, and lists in Chinese the objects missing, added
// or changed: a backup whose triggers were dropped (the audit's guards)
// or whose tables differ from its version must not become the ledger.
func schemaProblems(ctx context.Context, q *sql.DB) ([]string, error) {
	want, err := currentSchema()
	if err != nil {
		return nil, err
	}
	got, err := readSchema(ctx, q)
	if err != nil {
		return corruptProblem(err)
	}
	kinds := map[string]string{"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
	var problems []string
	for _, k := range sortedKeys(want) {
		w, g := want[k], got[k]
		switch {
		case g.name == "":
			problems = append(problems, fmt.Sprintf("缺少%s %s", kinds[w.kind], w.name))
		case g.sql != w.sql:
			problems = append(problems, fmt.Sprintf("%s %s 的定义与本版本不同", kinds[w.kind], w.name))
		}
	}
	for _, k := range sortedKeys(got) {
		if g := got[k]; want[k].name == "" {
			problems = append(problems, fmt.Sprintf("多出%s %s", kinds[g.kind], g.name))
		}
	}
	return problems, nil
}

func sortedKeys(m map[string]schemaObject) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

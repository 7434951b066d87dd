package app

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// dumpDB renders every row of every table of the ledger, in a stable order
// (tables by name, rows by all their columns), blobs as their SHA-256: two
// dumps are equal exactly when the ledger's content is.
func dumpDB(t testing.TB, a *App) string {
	t.Helper()
	conn := a.DBPath() + "?_pragma=query_only(1)"
	if a.ReadOnly() {
		// Read-only in these tests is on a read-only disk, where SQLite
		// cannot make the WAL's shared memory and nobody writes the file.
		conn = "file:" + a.DBPath() + "?mode=ro&immutable=1"
	}
	raw, err := sql.Open("sqlite", conn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var tables []string
	rs, err := raw.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rs.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := raw.Query(fmt.Sprintf("SELECT * FROM %q", table))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var cells []string
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					sum := sha256.Sum256(bs)
					v = "blob:" + hex.EncodeToString(sum[:])
				}
				cells = append(cells, fmt.Sprintf("%v", v))
			}
			lines = append(lines, strings.Join(cells, "|"))
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(&b, "== %s (%d)\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}

// wantSameDB fails the test if the ledger's content differs from before.
func wantSameDB(t testing.TB, a *App, before string) {
	t.Helper()
	if after := dumpDB(t, a); after != before {
		t.Errorf("the ledger changed:\n%s", firstDiff(before, after))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

// templateRows maps each measure ID of the return sheet to its row.
func templateRows(t testing.TB, f *excelize.File) map[string]int {
	t.Helper()
	col, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasureID)
	rows, err := f.GetRows(returns.ReturnSheet)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := excelize.ColumnNameToNumber(col)
	out := map[string]int{}
	for r := header; r < len(rows); r++ {
		if len(rows[r]) >= n && rows[r][n-1] != "" {
			out[rows[r][n-1]] = r + 1
		}
	}
	return out
}

// filled is what fillReturn writes for a measure.
func filled(id string, i int) data.Entry {
	return data.Entry{Status: data.Statuses[i%len(data.Statuses)], Progress: "进展：" + id + "\n第二行",
		Problems: fmt.Sprintf("问题 %d", i), NextSteps: "下步：" + id, EvidenceNote: "照片 " + id}
}

// fillReturn generates the template of unit for m into dir and fills every
// row as filled says; for a street it fills each indicator value with
// values[key]. It returns the path and the entries expected after import.
func fillReturn(t testing.TB, a *App, unit string, m data.Month, dir string, values map[string]string) (string, map[string]data.Entry) {
	t.Helper()
	ctx := context.Background()
	tpl := filepath.Join(dir, TemplateFileName(unit, m))
	if err := a.WriteReturnTemplate(ctx, unit, m, tpl); err != nil {
		t.Fatal(err)
	}
	want := map[string]data.Entry{}
	out := filepath.Join(dir, "filled-"+filepath.Base(tpl))
	datatest.EditWorkbook(t, tpl, out, func(f *excelize.File) {
		st, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
		pr, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
		pb, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldProblems)
		ns, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldNextSteps)
		ev, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldEvidence)
		i := 0
		for id, row := range templateRows(t, f) {
			e := filled(id, i)
			i++
			datatest.SetCell(t, f, returns.ReturnSheet, st, row, string(e.Status))
			datatest.SetCell(t, f, returns.ReturnSheet, pr, row, e.Progress)
			datatest.SetCell(t, f, returns.ReturnSheet, pb, row, e.Problems)
			datatest.SetCell(t, f, returns.ReturnSheet, ns, row, e.NextSteps)
			datatest.SetCell(t, f, returns.ReturnSheet, ev, row, e.EvidenceNote)
			want[id] = e
		}
		if len(values) == 0 {
			return
		}
		key, header := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorKey)
		val, _ := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorValue)
		rows, _ := f.GetRows(returns.IndicatorSheet)
		kn, _ := excelize.ColumnNameToNumber(key)
		for r := header; r < len(rows); r++ {
			if len(rows[r]) >= kn {
				if v, ok := values[rows[r][kn-1]]; ok {
					datatest.SetCell(t, f, returns.IndicatorSheet, val, r+1, v)
				}
			}
		}
	})
	return out, want
}

// wantEntries fails unless the unit's entries of m are exactly want.
func wantEntries(t testing.TB, a *App, unit string, m data.Month, want map[string]data.Entry) {
	t.Helper()
	u, err := a.db.ResolveUnit(context.Background(), unit)
	if err != nil {
		t.Fatal(err)
	}
	es, err := a.db.Entries(context.Background(), data.EntryFilter{Unit: u, Month: m})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != len(want) {
		t.Errorf("%d entries stored, want %d", len(es), len(want))
	}
	for _, e := range es {
		w, ok := want[e.MeasureID]
		if !ok || e.Status != w.Status || e.Progress != w.Progress || e.Problems != w.Problems || e.NextSteps != w.NextSteps || e.EvidenceNote != w.EvidenceNote {
			t.Errorf("entry %s = %q %q %q %q %q, want %+v", e.MeasureID, e.Status, e.Progress, e.Problems, e.NextSteps, e.EvidenceNote, w)
		}
	}
}

// mustPrepare prepares a file and fails on any error.
func mustPrepare(t testing.TB, a *App, path string, target ImportTarget) *ImportPreview {
	t.Helper()
	p, err := a.PrepareImport(context.Background(), path, target)
	if err != nil {
		t.Fatalf("PrepareImport(%s): %v", filepath.Base(path), err)
	}
	return p
}

// mustImport prepares and applies a file, confirming.
func mustImport(t testing.TB, a *App, path string, target ImportTarget) (*ImportPreview, *data.ReturnImport) {
	t.Helper()
	p := mustPrepare(t, a, path, target)
	r, err := a.ApplyImport(context.Background(), p, true)
	if err != nil {
		t.Fatalf("ApplyImport(%s): %v", filepath.Base(path), err)
	}
	return p, r
}

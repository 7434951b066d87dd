package planfile

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode"
)

// documentXML is word/document.xml of a docx fixture.
func documentXML(t testing.TB, name string) []byte {
	t.Helper()
	res := readFixtureBytes(t, name)
	zr, err := zip.NewReader(bytes.NewReader(res), int64(len(res)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return b
		}
	}
	t.Fatalf("%s has no document.xml", name)
	return nil
}

// FuzzDocxTables feeds the Word table reader altered document bodies. It
// must never panic; every problem names the file and says in Chinese what
// is wrong; a plan read without problems is whole: unique measure IDs
// within their annex, each measure with text, deadline and lead unit.
// Seeds: the LibreOffice fixtures (a flat list too) and the corpus in
// testdata/fuzz/FuzzDocxTables.
func FuzzDocxTables(f *testing.F) {
	f.Add(documentXML(f, "plan-merged.docx"))
	f.Add(documentXML(f, "plan-pages.docx"))
	f.Add(documentXML(f, "blind/f1-flat-list.docx"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		items, err := readDocument(bytes.NewReader(doc), nil)
		if err != nil {
			return
		}
		res := Result{Plan: newPlan(2024)}
		readItems(&res, "f.docx", items, Options{Year: 2024})
		res.finish("f.docx")
		for _, p := range res.Problems {
			if p.File != "f.docx" || !strings.ContainsFunc(p.Text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				t.Errorf("problem %+v without file or Chinese text", p)
			}
		}
		if len(res.Problems) > 0 {
			return
		}
		ids := map[string]bool{}
		for _, a := range res.Plan.Annexes {
			for _, s := range a.Sections {
				for _, tk := range s.Tasks {
					for _, m := range tk.Measures {
						if ids[m.ID] || !strings.HasPrefix(m.ID, a.Code+"."+tk.No+".") {
							t.Errorf("measure ID %q repeated or not of annex %s task %s", m.ID, a.Code, tk.No)
						}
						ids[m.ID] = true
						if len(m.Lead) == 0 || m.Deadline.Kind == "" || m.Text == "" {
							t.Errorf("measure %s accepted without lead, deadline or text: %+v", m.ID, m)
						}
					}
				}
			}
		}
	})
}

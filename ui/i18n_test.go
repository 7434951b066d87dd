package ui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2/lang"

	"taizhang/data"
)

// translatedTexts are the Chinese texts that ui/*.go (tests excepted) hand to
// tr or trf, as literals or as package-level string constants, each with the
// place it is used first.
func translatedTexts(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "i18n.go" {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, af)
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[n.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	used := map[string]string{}
	for _, af := range parsed {
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok || (fn.Name != "tr" && fn.Name != "trf" && fn.Name != "trn") {
				return true
			}
			pos := fset.Position(call.Pos()).String()
			text := call.Args[0]
			if fn.Name == "trn" { // trn(n, zh, args...)
				if len(call.Args) < 2 {
					t.Errorf("%s: trn without its text", pos)
					return true
				}
				text = call.Args[1]
			}
			switch a := text.(type) {
			case *ast.BasicLit:
				s, err := strconv.Unquote(a.Value)
				if err != nil {
					t.Fatalf("%s: %v", pos, err)
				}
				if _, ok := used[s]; !ok {
					used[s] = pos
				}
			case *ast.Ident:
				s, ok := consts[a.Name]
				if !ok {
					t.Errorf("%s: %s(%s): only string literals and string constants can be checked", pos, fn.Name, a.Name)
				} else if _, ok := used[s]; !ok {
					used[s] = pos
				}
			default:
				t.Errorf("%s: %s needs a string literal or constant, so that its English can be checked", pos, fn.Name)
			}
			return true
		})
	}
	return used
}

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// verbs are the format verbs of s, in order, without flags and widths:
// "%02d" in the English may stand for "%d" in the Chinese.
func verbs(s string) []string {
	var out []string
	for _, v := range verb.FindAllString(s, -1) {
		out = append(out, v[len(v)-1:])
	}
	return out
}

// TestCatalogs checks that every translated text has English with the same
// format verbs, and that the catalogs hold nothing the code does not use.
func TestCatalogs(t *testing.T) {
	en, err := loadCatalog(englishFS, "i18n/en")
	if err != nil {
		t.Fatal(err)
	}
	used := translatedTexts(t)
	if len(used) < 10 {
		t.Fatalf("found only %d translated texts: the source scan is broken", len(used))
	}
	for zh, pos := range used {
		e, ok := en[zh]
		switch {
		case !ok:
			t.Errorf("%s: no English for %q: add it to ui/i18n/en/<screen>.json", pos, zh)
		case strings.TrimSpace(e) == "":
			t.Errorf("%s: the English for %q is empty", pos, zh)
		default:
			for _, form := range strings.Split(e, "|") { // trn's forms for one and other counts
				if !slices.Equal(verbs(zh), verbs(form)) {
					t.Errorf("%s: %q and its English %q differ in their format verbs", pos, zh, form)
				}
			}
		}
	}
	for zh := range en {
		if _, ok := used[zh]; !ok {
			t.Errorf("the catalogs translate %q, which no tr or trf in ui/*.go asks for", zh)
		}
	}
}

// TestEnglishWords: English months, the count's plural and the message of a
// ledger another program holds.
func TestEnglishWords(t *testing.T) {
	t.Cleanup(func() { setLanguage(langChinese) })
	if got := monthLabel("2023-06"); got != "2023年6月" {
		t.Errorf("monthLabel in Chinese = %q", got)
	}
	if got := trn(1, "共 %d 项工作措施", 1); got != "共 1 项工作措施" {
		t.Errorf("trn in Chinese = %q", got)
	}
	if err := setLanguage(langEnglish); err != nil {
		t.Fatal(err)
	}
	if got := monthLabel("2023-06"); got != "June 2023" {
		t.Errorf("monthLabel in English = %q", got)
	}
	for n, want := range map[int]string{0: "0 measures", 1: "1 measure", 2: "2 measures"} {
		if got := trn(n, "共 %d 项工作措施", n); got != want {
			t.Errorf("trn(%d) = %q, want %q", n, got, want)
		}
	}
	held := &data.HeldError{Path: "/x/taizhang.db", User: "wang", Computer: "PC-7", PID: 4242}
	got := startMessage(fmt.Errorf("open: %w", held))
	for _, want := range []string{"/x/taizhang.db", "user wang", "computer PC-7", "process 4242", "retry"} {
		if !strings.Contains(got, want) {
			t.Errorf("the lock message in English %q lacks %q", got, want)
		}
	}
	if strings.ContainsFunc(got, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("the lock message in English holds Chinese: %q", got)
	}
	if data.ErrorCode(held) != data.ECONFLICT || !strings.Contains(held.Error(), "进程号 4242") {
		t.Errorf("the held error's code %q, message %q", data.ErrorCode(held), held.Error())
	}
}

func TestLoadCatalogRefusesConflicts(t *testing.T) {
	fsys := fstest.MapFS{
		"en/a.json": {Data: []byte(`{"保存": "Save"}`)},
		"en/b.json": {Data: []byte(`{"保存": "Store", "关闭": "Close"}`)},
	}
	if _, err := loadCatalog(fsys, "en"); err == nil || !strings.Contains(err.Error(), "a.json") {
		t.Errorf("two catalogs with different English for one text: err = %v", err)
	}
	fsys["en/b.json"] = &fstest.MapFile{Data: []byte(`{"保存": "Save", "关闭": "Close"}`)}
	c, err := loadCatalog(fsys, "en")
	if err != nil || c["关闭"] != "Close" || len(c) != 2 {
		t.Errorf("merged catalog %v, %v", c, err)
	}
	fsys["en/c.json"] = &fstest.MapFile{Data: []byte(`{"保存": `)}
	if _, err := loadCatalog(fsys, "en"); err == nil || !strings.Contains(err.Error(), "c.json") {
		t.Errorf("broken catalog: err = %v", err)
	}
}

// TestLanguage switches the interface to English and back, Fyne's own
// strings included.
func TestLanguage(t *testing.T) {
	t.Cleanup(func() { setLanguage(langChinese) })
	if err := setLanguage(langEnglish); err != nil {
		t.Fatal(err)
	}
	if got := tr("退出"); got != "Quit" {
		t.Errorf("tr(退出) = %q in English", got)
	}
	if got := tr("没有译文的文字"); got != "没有译文的文字" {
		t.Errorf("text without English: %q", got)
	}
	if got := lang.L("Cancel"); got != "Cancel" {
		t.Errorf("Fyne's Cancel is %q in English", got)
	}
	if err := setLanguage(langChinese); err != nil {
		t.Fatal(err)
	}
	if got := tr("退出"); got != "退出" {
		t.Errorf("tr(退出) = %q in Chinese", got)
	}
	if got := lang.L("Cancel"); got != "取消" {
		t.Errorf("Fyne's Cancel is %q in Chinese", got)
	}
}

func init() {
	// Tests run in Chinese whatever the machine's locale, like the clerks' PCs.
	if err := setLanguage(langChinese); err != nil {
		panic(err)
	}
}

package ui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"taizhang/data"
)

// The interface speaks Chinese; English is its second language. Chinese text
// is the key: tr("保存") is "保存" in the Chinese interface and the English
// catalog's "Save" in the English one. Each screen has its own English
// catalog, ui/i18n/en/<screen>.json, a flat JSON object from the Chinese
// text to the English; the catalogs are merged when the program starts.
// TestCatalogs fails when a tr or trf literal in ui/*.go has no English, or
// when a catalog holds text that no code asks for.
//
// Plan data (measure texts, unit names, the status words stored in the
// ledger) stays Chinese in the English interface: only the chrome is
// translated.

// Interface languages, as stored in the preference prefLanguage.
const (
	langChinese = "zh"
	langEnglish = "en"
)

// prefLanguage is the Fyne preference holding the interface language; a
// change applies when the program starts next.
const prefLanguage = "ui.language"

//go:embed i18n/en/*.json
var englishFS embed.FS

// Fyne's own strings (dialog buttons, the entry's context menu, the file
// dialog) in both languages: copies of fyne/v2@v2.7.1 lang/translations
// base.en.json and base.zh_Hans.json (BSD-3-Clause, like Fyne).
//
//go:embed i18n/fyne/*.json
var fyneFS embed.FS

// english maps Chinese interface text to English; nil while the interface
// speaks Chinese. Set once by setLanguage before any window is built.
var english map[string]string

// tr is the interface text zh in the chosen language.
func tr(zh string) string {
	if en, ok := english[zh]; ok {
		return en
	}
	return zh
}

// trf is fmt.Sprintf of the format zh in the chosen language.
func trf(zh string, args ...any) string { return fmt.Sprintf(tr(zh), args...) }

// setLanguage switches the interface, Fyne's own strings included, to
// language code (langChinese or langEnglish; anything else is Chinese).
func setLanguage(code string) error {
	english = nil
	fyneLang := "zh.json"
	if code == langEnglish {
		c, err := loadCatalog(englishFS, "i18n/en")
		if err != nil {
			return err
		}
		english, fyneLang = c, "en.json"
	}
	return useFyneStrings(fyneLang)
}

// useFyneStrings makes Fyne speak the language of the catalog file name in
// i18n/fyne. Fyne 2.7 has no setting for its language: it follows the
// system's locale. So the chosen language's strings are registered for the
// locales Fyne may pick (the system's, English as its fallback and Chinese),
// replacing what Fyne would show there.
func useFyneStrings(name string) error {
	b, err := fyneFS.ReadFile("i18n/fyne/" + name)
	if err != nil {
		return err
	}
	for _, l := range []fyne.Locale{"en", "zh-Hans", lang.SystemLocale()} {
		if err := lang.AddTranslationsForLocale(b, l); err != nil {
			return fmt.Errorf("无法加载 Fyne 的界面文字（%s）：%w", name, err)
		}
	}
	return nil
}

// loadCatalog merges the JSON catalogs in dir of fsys. The same Chinese text
// in two catalogs must have the same English.
func loadCatalog(fsys fs.FS, dir string) (map[string]string, error) {
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := map[string]string{}
	from := map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var c map[string]string
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("界面文字表 %s 不是有效的 JSON：%w", path.Base(n), err)
		}
		for zh, en := range c {
			if old, ok := all[zh]; ok && old != en {
				return nil, fmt.Errorf("界面文字表 %s 和 %s 把“%s”译得不同：%q、%q",
					path.Base(from[zh]), path.Base(n), zh, old, en)
			}
			all[zh], from[zh] = en, n
		}
	}
	return all, nil
}

// monthLabel is a month for the interface: 2023年6月, or June 2023 in English.
func monthLabel(m data.Month) string {
	if english == nil {
		return m.Label()
	}
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return string(m)
	}
	return t.Format("January 2006")
}

// trn is trf for a count n: an English text may give its forms for one and
// for other counts apart, "%d measure|%d measures", and the form for n is
// used.
func trn(n int, zh string, args ...any) string {
	s := tr(zh)
	if one, other, ok := strings.Cut(s, "|"); ok {
		s = other
		if n == 1 {
			s = one
		}
	}
	return fmt.Sprintf(s, args...)
}

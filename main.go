// Command taizhang is the offline ledger of Xicheng District's annual
// pollution-prevention action plan. Without arguments it opens the GUI;
// with a command it runs the command line (taizhang --help).
package main

import (
	"context"
	_ "embed"
	"os"

	"github.com/BurntSushi/toml"

	"taizhang/app/cli"
	"taizhang/app/sqlite"
	"taizhang/ui"
)

// fyneApp is FyneApp.toml, the program's name, ID and version for the fyne
// tool; it is compiled in so that every build, not only the Makefile's,
// shows its version in 帮助 → 关于台账.
//
//go:embed FyneApp.toml
var fyneApp string

func main() {
	v := version(fyneApp)
	if len(os.Args) > 1 {
		attachConsole()
	}
	st := sqlite.Storage() // the one place the SQLite store is wired in
	gui := func(dbPath string) error { return ui.Run(st, dbPath, v) }
	os.Exit(cli.Main(context.Background(), st, os.Args[1:], os.Stdout, os.Stderr, gui))
}

// version is the Version of FyneApp.toml's [Details], "" if it has none.
func version(fyneAppTOML string) string {
	var m struct{ Details struct{ Version string } }
	if _, err := toml.Decode(fyneAppTOML, &m); err != nil {
		return ""
	}
	return m.Details.Version
}

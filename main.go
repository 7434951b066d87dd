// Command taizhang is the offline ledger of Xicheng District's annual
// pollution-prevention action plan. Without arguments it opens the GUI;
// with a command it runs the command line (taizhang --help).
package main

import (
	"context"
	"os"

	"taizhang/app/cli"
	"taizhang/ui"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr, ui.Run))
}

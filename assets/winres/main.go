// Command winres writes the Windows resources of taizhang.exe from
// FyneApp.toml: the icon (an .ico holding PNG images scaled from the app's
// icon), an application manifest (runs as the invoking user, no admin
// rights; DPI aware) and a resource script naming both with the version
// information. x86_64-w64-mingw32-windres compiles the script to a .syso
// that go build links into the .exe (see `make windows`).
//
//	go run ./assets/winres -toml FyneApp.toml -exe taizhang.exe -out build/windows
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	tomlPath := flag.String("toml", "FyneApp.toml", "the app's `FyneApp.toml`")
	exe := flag.String("exe", "taizhang.exe", "the executable's file name, for the version information")
	out := flag.String("out", "build/windows", "`directory` for taizhang.ico, taizhang.manifest and taizhang.rc")
	flag.Parse()
	if err := run(*tomlPath, *exe, *out); err != nil {
		fmt.Fprintln(os.Stderr, "winres:", err)
		os.Exit(1)
	}
}

func run(tomlPath, exe, out string) error {
	meta, err := readMetadata(tomlPath)
	if err != nil {
		return err
	}
	icon, err := os.ReadFile(filepath.Join(filepath.Dir(tomlPath), meta.Icon))
	if err != nil {
		return err
	}
	ico, err := makeICO(icon, []int{16, 24, 32, 48, 64, 256})
	if err != nil {
		return fmt.Errorf("%s: %w", meta.Icon, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string][]byte{
		"taizhang.ico":      ico,
		"taizhang.manifest": []byte(manifest(meta)),
		"taizhang.rc":       []byte(resourceScript(meta, exe, "taizhang.ico", "taizhang.manifest")),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

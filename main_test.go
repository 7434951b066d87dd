package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMain runs main itself when the test binary is started by
// runProgram, so that a test sees the program's real stderr, Fyne's package
// initialisation included. The program's arguments come in the environment,
// one a line: the test binary's own arguments are its test flags.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(mainArgsEnv); ok {
		os.Args = append(os.Args[:1], strings.Split(args, "\n")...)
		main()
		return
	}
	os.Exit(m.Run())
}

// mainArgsEnv holds the program's arguments for TestMain.
const mainArgsEnv = "TAIZHANG_TEST_MAIN_ARGS"

// runProgram runs the program with args and the environment env added and
// returns its stdout and stderr.
func runProgram(t *testing.T, env []string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), mainArgsEnv+"="+strings.Join(args, "\n")), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut.String())
	}
	return out.String(), errOut.String()
}

// The command line prints nothing of Fyne's: under LANG=C.UTF-8 Fyne's
// lang package complains in its init that C is no language.
func TestQuietUnderCLocale(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, lang := range []string{"C.UTF-8", "C", "POSIX"} {
		out, errOut := runProgram(t, []string{"LANG=" + lang, "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}, "--db", db, "plan", "units")
		if errOut != "" {
			t.Errorf("LANG=%s: stderr %q", lang, errOut)
		}
		if !regexp.MustCompile(`(?m)^区生态环境局 `).MatchString(out) {
			t.Errorf("LANG=%s: plan units printed %q", lang, out)
		}
	}
}

func TestVersionFromFyneApp(t *testing.T) {
	if v := version(fyneApp); !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(v) {
		t.Errorf("version from FyneApp.toml = %q", v)
	}
	if v := version("[Details]\nName = \"台账\"\n"); v != "" {
		t.Errorf("version without Version = %q", v)
	}
	if v := version("[Details\n"); v != "" {
		t.Errorf("version of bad TOML = %q", v)
	}
}

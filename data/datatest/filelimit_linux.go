package datatest

import (
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// limitedEnv marks the child process of a test that limits its own file
// size (InLimitedChild).
const limitedEnv = "TAIZHANG_TEST_FILE_LIMIT"

// InLimitedChild runs the test t again in a child process of the test
// binary and reports false in the parent, failing t if the child's test
// does not pass; in the child it reports true, and the test goes on to
// limit its file size (LimitFileSize), which then holds for no other
// test.
func InLimitedChild(t *testing.T) bool {
	t.Helper()
	if os.Getenv(limitedEnv) != "" {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), limitedEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("the child process: %v\n%s", err, out)
	}
	return false
}

// LimitFileSize sets this process's file size limit (ulimit -f) to n
// bytes: a write past it fails with EFBIG, SIGXFSZ being ignored. Only a
// child of InLimitedChild may call it.
func LimitFileSize(t *testing.T, n int64) {
	t.Helper()
	if os.Getenv(limitedEnv) == "" {
		t.Fatal("LimitFileSize outside InLimitedChild's child process")
	}
	signal.Ignore(syscall.SIGXFSZ)
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &r); err != nil {
		t.Fatal(err)
	}
	r.Cur = uint64(n)
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &r); err != nil {
		t.Fatal(err)
	}
}

// MountImage makes a file system of mb MB with the command mkfs (and its
// arguments; the image's path is added last) in a sparse image file and
// mounts it (mount -t fstype -o loop) on a new folder, unmounted when the
// test ends. It skips the test where it is not root, mkfs is not
// installed, or the kernel cannot mount fstype (as many virtual machines'
// kernels lack vfat).
func MountImage(tb testing.TB, mb int, fstype string, mkfs ...string) string {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skipf("needs root to mount a %s image (mount -o loop)", fstype)
	}
	if _, err := exec.LookPath(mkfs[0]); err != nil {
		tb.Skipf("%s is not installed (make test-deps installs it)", mkfs[0])
	}
	if fs, err := os.ReadFile("/proc/filesystems"); err == nil && !strings.Contains(string(fs), "\t"+fstype+"\n") {
		tb.Skipf("this kernel cannot mount %s (not in /proc/filesystems)", fstype)
	}
	img := filepath.Join(tb.TempDir(), fstype+".img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Truncate(img, int64(mb)<<20); err != nil {
		tb.Fatal(err)
	}
	if out, err := exec.Command(mkfs[0], append(mkfs[1:], img)...).CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v %s", strings.Join(mkfs, " "), err, out)
	}
	dir := tb.TempDir()
	if out, err := exec.Command("mount", "-t", fstype, "-o", "loop", img, dir).CombinedOutput(); err != nil {
		tb.Skipf("cannot mount a %s image here (no loop device?): %v %s", fstype, err, out)
	}
	tb.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

package main

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"strings"
	"testing"
)

func TestReadMetadata(t *testing.T) {
	m, err := readMetadata("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "台账" || m.Icon != "assets/icon.png" || m.ID != "cn.gov.bjxch.taizhang" {
		t.Errorf("metadata %+v", m)
	}
	rc := resourceScript(m, "taizhang.exe", "taizhang.ico", "taizhang.manifest")
	for _, want := range []string{
		"#pragma code_page(65001)", `1 ICON "taizhang.ico"`, `1 24 "taizhang.manifest"`,
		`VALUE "ProductName", "台账"`, `VALUE "ProductVersion", "` + m.Version + `"`, `VALUE "OriginalFilename", "taizhang.exe"`,
	} {
		if !strings.Contains(rc, want) {
			t.Errorf("resource script lacks %s:\n%s", want, rc)
		}
	}
	if !strings.Contains(manifest(m), `level="asInvoker"`) {
		t.Error("the manifest may ask for admin rights")
	}
}

func TestReadMetadataRefusesBadVersion(t *testing.T) {
	p := t.TempDir() + "/FyneApp.toml"
	os.WriteFile(p, []byte("[Details]\nIcon = \"i.png\"\nName = \"x\"\nVersion = \"1.2\"\n"), 0o644)
	if _, err := readMetadata(p); err == nil || !strings.Contains(err.Error(), "1.2") {
		t.Errorf("version 1.2: err = %v", err)
	}
}

// TestMakeICO reads the .ico back: header, one entry per size, each a PNG
// image of that size where the entry points.
func TestMakeICO(t *testing.T) {
	src, err := os.ReadFile("../../assets/icon.png")
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{16, 48, 256}
	ico, err := makeICO(src, sizes)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(ico[0:]) != 0 || le.Uint16(ico[2:]) != 1 || int(le.Uint16(ico[4:])) != len(sizes) {
		t.Fatalf("header % x", ico[:6])
	}
	for i, s := range sizes {
		e := ico[6+16*i:]
		w := int(e[0])
		if w == 0 {
			w = 256
		}
		size, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(ico[off : off+size]))
		if err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if w != s || img.Bounds().Dx() != s || img.Bounds().Dy() != s || le.Uint16(e[6:]) != 32 {
			t.Errorf("image %d: entry says %d px, PNG is %v, want %d", i, w, img.Bounds(), s)
		}
	}
	if _, err := makeICO([]byte("not a png"), sizes); err == nil {
		t.Error("a broken icon was accepted")
	}
}

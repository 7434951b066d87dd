package cli

import (
	"bytes"
	"testing"
)

func TestTableAlignsChinese(t *testing.T) {
	var tw table
	tw.add("单位", "n")
	tw.add("区科技和信息化局", 6)
	tw.add("ab", 12)
	var b bytes.Buffer
	if err := tw.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "单位              n\n区科技和信息化局  6\nab                12\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

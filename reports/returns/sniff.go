package returns

import (
	"archive/zip"
	"bytes"
	"strings"
	"unicode/utf8"

	"taizhang/data"
)

// Limits on what a return may unpack to, checked on the zip's central
// directory before excelize opens it (a template unpacks to well under 1 MiB).
const (
	maxUnzipped    = 64 << 20 // bytes, all parts together
	maxUnzippedXML = 16 << 20 // bytes excelize keeps in memory per part
	maxParts       = 2000     // zip entries
	maxRatio       = 200      // uncompressed / compressed, for parts over 1 MiB
)

var (
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic  = []byte("PK\x03\x04")
	// encryptionInfo is the stream name "EncryptionInfo" in UTF-16LE, as an
	// OLE2 directory holds it when the container is an encrypted xlsx.
	encryptionInfo = utf16le("EncryptionInfo")
)

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

// sniff refuses what is not an .xlsx that is safe to open, saying what to do.
func sniff(name string, b []byte) error {
	switch {
	case len(b) == 0:
		return data.Errorf(data.EINVALID, "文件“%s”是空文件（0 字节），无法导入。请让填报单位重新发送填好的 .xlsx 文件。", name)
	case bytes.HasPrefix(b, ole2Magic):
		if bytes.Contains(b, encryptionInfo) {
			return data.Errorf(data.EINVALID, "文件“%s”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开它，取消密码后另存为 .xlsx 再导入。", name)
		}
		return data.Errorf(data.EINVALID, "文件“%s”是旧版 Excel 97-2003 工作簿（.xls）或其他 Office 旧格式文件，无法读取。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。", name)
	case !bytes.HasPrefix(b, zipMagic):
		if looksLikeText(b) {
			return data.Errorf(data.EINVALID, "文件“%s”是文本文件（如 CSV），不是 Excel 工作簿。请用本月的填报模板（.xlsx）填写后导入。", name)
		}
		return data.Errorf(data.EINVALID, "文件“%s”不是 Excel 工作簿（.xlsx）。请用本月的填报模板填写，在 Excel 或 WPS 中保存为 .xlsx 后导入。", name)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return damaged(name)
	}
	if len(z.File) > maxParts {
		return tooBig(name)
	}
	var total uint64
	workbook, xlsb, ods, word := false, false, false, false
	for _, f := range z.File {
		total += f.UncompressedSize64
		if total > maxUnzipped {
			return tooBig(name)
		}
		if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > maxRatio*max(f.CompressedSize64, 1) {
			return tooBig(name)
		}
		switch strings.ToLower(f.Name) {
		case "xl/workbook.xml":
			workbook = true
		case "xl/workbook.bin":
			xlsb = true
		case "content.xml":
			ods = true
		case "word/document.xml":
			word = true
		}
	}
	switch {
	case workbook:
		return nil
	case xlsb:
		return data.Errorf(data.EINVALID, "文件“%s”是 Excel 二进制工作簿（.xlsb），无法读取。请在 Excel 中另存为 .xlsx 后再导入。", name)
	case ods:
		return data.Errorf(data.EINVALID, "文件“%s”是 OpenDocument 表格（.ods），无法读取。请在 WPS 或 LibreOffice 中另存为 .xlsx 后再导入。", name)
	case word:
		return data.Errorf(data.EINVALID, "文件“%s”是 Word 文档，不是 Excel 工作簿。请用本月的填报模板（.xlsx）填写后导入。", name)
	default:
		return data.Errorf(data.EINVALID, "文件“%s”是压缩包，但不是 Excel 工作簿（.xlsx）。请用本月的填报模板填写，在 Excel 或 WPS 中保存为 .xlsx 后导入。", name)
	}
}

func damaged(name string) error {
	return data.Errorf(data.EINVALID, "文件“%s”已损坏（不是完整的 .xlsx 文件），可能传输或保存不完整。请让填报单位重新发送，或在 Excel 或 WPS 中打开后另存为 .xlsx 再导入。", name)
}

func tooBig(name string) error {
	return data.Errorf(data.EINVALID, "文件“%s”解压后过大（超过 %d MB），不像填报模板，为安全起见不予读取。请用本月的填报模板填写后导入。", name, maxUnzipped>>20)
}

// looksLikeText reports whether the start of b reads as text (UTF-8 or a
// legacy Chinese code page): no NUL and few control bytes.
func looksLikeText(b []byte) bool {
	b = b[:min(len(b), 4096)]
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t':
			ctrl++
		}
	}
	return ctrl*20 < len(b) || utf8.Valid(b) && ctrl == 0
}

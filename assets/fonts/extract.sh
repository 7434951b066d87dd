#!/usr/bin/env bash
# One-time step that produced the fonts in this folder; the build does
# NOT run it and does not need fonttools. Kept to document where the font came
# from and to redo the extraction if the upstream font is ever updated.
#
# Source: Debian package fonts-wqy-microhei (WenQuanYi Micro Hei 0.2.0-beta),
# /usr/share/fonts/truetype/wqy/wqy-microhei.ttc, a TrueType collection of two
# faces: 0 = "WenQuanYi Micro Hei" (proportional), 1 = "... Mono".
# We keep face 0 as a standalone glyf-outline TrueType file, which both Fyne and
# gofpdf can embed (gofpdf cannot embed CFF/OTF or TTC).
#
# Needs (as root on Debian): apt-get install -y fonts-wqy-microhei python3-fonttools
# Licence: Apache-2.0 or GPL-3+ with font exception, see LICENSE-wqy-microhei.txt.
set -euo pipefail
cd "$(dirname "$0")"
src=${1:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
/usr/bin/python3 - "$src" wqy-microhei.ttf <<'PY'
import sys
from fontTools.ttLib import TTCollection
src, out = sys.argv[1], sys.argv[2]
font = TTCollection(src).fonts[0]
assert "glyf" in font and "CFF " not in font, "face 0 must have glyf outlines"
font.save(out)
print(out, font["name"].getDebugName(4), font["maxp"].numGlyphs, "glyphs")
PY
# Licence: Debian's copyright file, plus the full Apache-2.0 text it refers to.
{
  cat /usr/share/doc/fonts-wqy-microhei/copyright
  printf '\n\n===== /usr/share/common-licenses/Apache-2.0 =====\n\n'
  cat /usr/share/common-licenses/Apache-2.0
} >LICENSE-wqy-microhei.txt
ls -l wqy-microhei.ttf LICENSE-wqy-microhei.txt

# The PDF's two further faces, subset with fontTools (needs, as root:
# apt-get install -y fonts-dejavu-core fonts-arphic-gbsn00lp python3-fonttools).
#
# dejavu-sans-symbols.ttf: DejaVu Sans (Debian fonts-dejavu-core) cut to the
# Latin, IPA, Greek, Cyrillic and symbol blocks, the fallback for characters
# WenQuanYi Micro Hei lacks (PM₂.₅'s ₅, the pinyin ɑ ǹ ɡ of GB 2312).
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="U+0020-007E,U+00A0-02FF,U+0370-03FF,U+0400-045F,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-25FF,U+2600-26FF" \
  --no-hinting --output-file=dejavu-sans-symbols.ttf
cp /usr/share/doc/fonts-dejavu-core/copyright LICENSE-dejavu.txt
# arphic-sungti-gb.ttf: AR PL SungtiL GB (Debian fonts-arphic-gbsn00lp), a
# Song (serif) face for the report's title, cut to ASCII and GB 2312's
# symbols and level-1 hanzi (rows 1-9 and 16-55, 4,437 characters); a title
# character outside it prints in the body font.
/usr/bin/python3 - <<'PY'
chars = set()
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xD8)):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
open("/tmp/gb2312-level1.txt", "w").write("".join(sorted(chars)))
PY
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf \
  --text-file=/tmp/gb2312-level1.txt --unicodes=U+0020-007E --no-hinting --output-file=arphic-sungti-gb.ttf
{
  cat /usr/share/doc/fonts-arphic-gbsn00lp/copyright
  printf '\n\n===== /usr/share/doc/fonts-arphic-gbsn00lp/license/english/ARPHICPL.TXT.gz =====\n\n'
  zcat /usr/share/doc/fonts-arphic-gbsn00lp/license/english/ARPHICPL.TXT.gz
} >LICENSE-arphic.txt
ls -l dejavu-sans-symbols.ttf arphic-sungti-gb.ttf

#!/usr/bin/env bash
# One-time step that produced wqy-microhei.ttf in this folder; the build does
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

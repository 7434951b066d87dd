# Rewrites a template into the shape other writers produce: inline strings
# instead of the shared string table, no cell styles, the meta sheet dropped,
# and the row and cell references left out.
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
zin = zipfile.ZipFile(src)
parts = {n: zin.read(n) for n in zin.namelist()}
sst = parts.pop('xl/sharedStrings.xml').decode()
strings = []
for si in re.findall(r'<si>(.*?)</si>', sst, re.S):
    strings.append(''.join(re.findall(r'<t[^>]*>(.*?)</t>', si, re.S)))
wb = parts['xl/workbook.xml'].decode()
rels = parts['xl/_rels/workbook.xml.rels'].decode()
m = re.search(r'<sheet name="taizhang" sheetId="\d+"[^>]*r:id="(rId\d+)"[^>]*>(</sheet>)?', wb)
wb = wb.replace(m.group(0), '')
target = re.search(r'<Relationship Id="%s" Target="([^"]+)"' % m.group(1), rels)
meta_part = 'xl/' + target.group(1).lstrip('/').replace('xl/', '')
rels = re.sub(r'<Relationship Id="%s"[^>]*>(</Relationship>)?' % m.group(1), '', rels)
rels = re.sub(r'<Relationship[^>]*sharedStrings[^>]*>(</Relationship>)?', '', rels)
parts.pop(meta_part)
parts['xl/workbook.xml'] = wb.encode()
parts['xl/_rels/workbook.xml.rels'] = rels.encode()
ct = parts['[Content_Types].xml'].decode()
ct = re.sub(r'<Override PartName="/%s"[^>]*>(</Override>)?' % re.escape(meta_part), '', ct)
ct = re.sub(r'<Override PartName="/xl/sharedStrings.xml"[^>]*>(</Override>)?', '', ct)
parts['[Content_Types].xml'] = ct.encode()
def cell(mo):
    attrs, body = mo.group(1), mo.group(2)
    attrs = re.sub(r'\s(s|r)="[^"]*"', '', attrs)
    if re.search(r'\st="s"', attrs):
        i = int(re.search(r'<v>(\d+)</v>', body).group(1))
        attrs = re.sub(r'\st="s"', ' t="inlineStr"', attrs)
        body = '<is><t xml:space="preserve">%s</t></is>' % strings[i]
    return '<c%s>%s</c>' % (attrs, body)
for n in list(parts):
    if n.startswith('xl/worksheets/sheet'):
        x = parts[n].decode()
        x = re.sub(r'<c([^>]*?)>(.*?)</c>', cell, x, flags=re.S)
        x = re.sub(r'<c([^>]*?)/>', lambda mo: '<c%s/>' % re.sub(r'\s(s|r)="[^"]*"', '', mo.group(1)), x)
        x = re.sub(r'<row([^>]*?)\sr="\d+"', r'<row\1', x)
        parts[n] = x.encode()
zout = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for n, b in parts.items():
    zout.writestr(n, b)
zout.close()

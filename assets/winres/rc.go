package main

import (
	"fmt"
	"strings"
)

// manifest is the application manifest: the program runs with the user's own
// rights (never asks for admin), uses the current common controls and
// handles high-DPI screens itself.
func manifest(m appMetadata) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="%s" version="%d.%d.%d.%d" processorArchitecture="amd64"/>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security><requestedPrivileges>
      <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
    </requestedPrivileges></security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
      <supportedOS Id="{1f676c76-80e1-4239-95bb-83d0f6d0da78}"/>
      <supportedOS Id="{4a2f28e3-53b9-4441-ba9c-d69d4a4a6e38}"/>
      <supportedOS Id="{35138b9a-5d96-4fbd-8e2d-a2440225f93a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">permonitorv2,permonitor</dpiAwareness>
    </windowsSettings>
  </application>
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0" processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/>
  </dependentAssembly></dependency>
</assembly>
`, m.ID, m.Numbers[0], m.Numbers[1], m.Numbers[2], m.Numbers[3])
}

// resourceScript is the .rc file: icon, manifest and version information
// (UTF-8, Chinese as shown in Explorer's file properties).
func resourceScript(m appMetadata, exe, ico, man string) string {
	n := m.Numbers
	version := fmt.Sprintf("%d.%d.%d.%d", n[0], n[1], n[2], n[3])
	return fmt.Sprintf(`#pragma code_page(65001)
1 ICON "%s"
1 24 "%s"
1 VERSIONINFO
FILEVERSION %d,%d,%d,%d
PRODUCTVERSION %d,%d,%d,%d
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "080404b0"
    BEGIN
      VALUE "FileDescription", "%s"
      VALUE "FileVersion", "%s"
      VALUE "InternalName", "%s"
      VALUE "OriginalFilename", "%s"
      VALUE "ProductName", "%s"
      VALUE "ProductVersion", "%s"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x0804, 1200
  END
END
`, ico, man, n[0], n[1], n[2], n[3], n[0], n[1], n[2], n[3],
		rcString(m.Name+" — 西城区污染防治攻坚战行动计划台账"), version,
		rcString(strings.TrimSuffix(exe, ".exe")), rcString(exe), rcString(m.Name), m.Version)
}

// rcString escapes s for a quoted string of a resource script.
func rcString(s string) string { return strings.ReplaceAll(s, `"`, `""`) }

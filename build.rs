//! Windows resources of tiepnhan.exe: the icon Explorer, the Start menu and
//! the taskbar show, the version information of the file's properties, and
//! a manifest (run as the user, never elevated; Windows 10/11; per-monitor
//! DPI; UTF-8 as the process code page). Nothing is done for other targets.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icons/tiepnhan.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets the version");
    let numeric: Vec<&str> = version
        .split(['-', '+'])
        .next()
        .unwrap_or("0.0.0")
        .split('.')
        .collect();
    let four = format!(
        "{}.{}.{}.0",
        numeric.first().unwrap_or(&"0"),
        numeric.get(1).unwrap_or(&"0"),
        numeric.get(2).unwrap_or(&"0")
    );
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="vn.tiepnhan.TiepNhan" version="{four}" processorArchitecture="amd64"/>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security><requestedPrivileges><requestedExecutionLevel level="asInvoker" uiAccess="false"/></requestedPrivileges></security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application><supportedOS Id="{{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}}"/></application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
      <activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>
    </windowsSettings>
  </application>
</assembly>
"#
    );
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icons/tiepnhan.ico")
        .set("ProductName", "TiepNhan")
        .set("FileDescription", "TiepNhan (Tiếp nhận)")
        .set("CompanyName", "TiepNhan developers")
        .set("LegalCopyright", "TiepNhan developers, MIT OR Apache-2.0")
        .set("OriginalFilename", "tiepnhan.exe")
        .set("InternalName", "tiepnhan")
        .set_manifest(&manifest);
    if let Err(e) = res.compile_for("tiepnhan") {
        panic!("the Windows resources did not compile (is mingw's windres installed?): {e}");
    }
}

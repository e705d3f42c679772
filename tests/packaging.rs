//! Packaging: the desktop entry and AppStream data validate, every icon size
//! is the size it says, the window icon decodes, and every file the .deb and
//! the Windows installer take exists.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tool(name: &str) {
    let ok = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{name} is needed by this test (.ci/run installs desktop-file-utils and appstream)"
    );
}

#[test]
fn the_desktop_entry_and_metainfo_validate() {
    tool("desktop-file-validate");
    tool("appstreamcli");
    let desktop = root().join("packaging/linux/vn.tiepnhan.TiepNhan.desktop");
    let out = Command::new("desktop-file-validate")
        .arg(&desktop)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&desktop).unwrap();
    assert!(text.contains("\nExec=tiepnhan\n"));
    assert!(text.contains("\nIcon=vn.tiepnhan.TiepNhan\n"));
    assert!(text.contains("Name[vi]=Tiếp nhận"));
    let meta = root().join("packaging/linux/vn.tiepnhan.TiepNhan.metainfo.xml");
    let out = Command::new("appstreamcli")
        .args(["validate", "--no-net"])
        .arg(&meta)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn every_icon_is_the_size_it_names_and_the_window_icon_decodes() {
    for size in [16u32, 24, 32, 48, 64, 128, 256, 512] {
        let path = root().join(format!("assets/icons/tiepnhan-{size}.png"));
        let file = std::fs::File::open(&path).unwrap();
        let reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let info = reader.info();
        assert_eq!(
            (info.width, info.height),
            (size, size),
            "{}",
            path.display()
        );
        assert_eq!(info.color_type, png::ColorType::Rgba, "{}", path.display());
    }
    let svg = std::fs::read_to_string(root().join("assets/icons/tiepnhan.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("viewBox=\"0 0 512 512\""));
    assert!(
        tiepnhan::ui::window_icon().is_some(),
        "the window icon does not decode"
    );
}

#[test]
fn the_packages_take_only_files_that_exist() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let deb = manifest
        .split("[package.metadata.deb]")
        .nth(1)
        .expect("a [package.metadata.deb] section");
    // Each asset is a line `["source", "destination", "mode"],`.
    let assets: Vec<Vec<&str>> = deb
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("[\""))
        .map(|l| l.split('"').skip(1).step_by(2).collect())
        .collect();
    assert!(assets.len() >= 12, "{assets:?}");
    let mut installs = Vec::new();
    for a in &assets {
        let (src, dst) = (a[0], a[1]);
        installs.push(dst.to_string());
        if src != "target/release/tiepnhan" {
            assert!(root().join(src).exists(), "deb asset {src} is missing");
        }
    }
    for needed in [
        "usr/bin/",
        "usr/share/applications/",
        "usr/share/metainfo/",
        "usr/share/icons/hicolor/256x256/apps/vn.tiepnhan.TiepNhan.png",
        "usr/share/icons/hicolor/scalable/apps/vn.tiepnhan.TiepNhan.svg",
    ] {
        assert!(
            installs.iter().any(|i| i == needed),
            "the .deb does not install {needed}"
        );
    }
    assert!(deb.contains("libxkbcommon-x11-0"));

    let nsi = std::fs::read_to_string(root().join("packaging/windows/tiepnhan.nsi")).unwrap();
    let mut taken = 0;
    for line in nsi.lines().map(str::trim) {
        let quoted: Vec<&str> = line.split('"').skip(1).step_by(2).collect();
        let source = if line.starts_with("File ") {
            quoted.last().copied()
        } else if line.starts_with("!define MUI_ICON") || line.starts_with("!define MUI_UNICON") {
            quoted.first().copied()
        } else {
            None
        };
        let Some(source) = source else { continue };
        if source.starts_with("${EXE}") {
            continue;
        }
        let rel = source
            .strip_prefix("${ROOT}/")
            .unwrap_or_else(|| panic!("the installer takes {source} from outside the repository"));
        taken += 1;
        if let Some(dir) = rel.strip_suffix("/*.txt") {
            let n = std::fs::read_dir(root().join(dir))
                .unwrap()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .count();
            assert!(n >= 1, "the installer takes {rel}, which matches nothing");
        } else {
            assert!(
                root().join(rel).exists(),
                "the installer takes {rel}, which is missing"
            );
        }
    }
    assert!(taken >= 4, "{taken}");
    for needed in [
        "Unicode true",
        "Target amd64-unicode",
        "RequestExecutionLevel user",
        "!insertmacro MUI_LANGUAGEEX \"${LANGDIR}\" \"Vietnamese\"",
        "!insertmacro MUI_LANGUAGE \"English\"",
        "InstallDir \"$LOCALAPPDATA\\Programs\\${APP}\"",
        "File \"${ROOT}/assets/fonts/*.txt\"",
    ] {
        assert!(nsi.contains(needed), "the installer lacks {needed}");
    }
    // The uninstaller never touches the data folder that holds the vaults.
    let uninstall = nsi.split("Section \"Uninstall\"").nth(1).unwrap();
    for line in uninstall.lines().filter(|l| l.contains("DATA_PARENT")) {
        assert!(
            line.contains("\\cache"),
            "the uninstaller touches the data folder: {line}"
        );
    }
}

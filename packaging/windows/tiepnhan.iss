; Inno Setup script for TiepNhan (Inno Setup 6). Build instructions: README.md here.
; Compile from the repository root:  iscc packaging\windows\tiepnhan.iss

#define AppName "TiepNhan"
#define AppVersion "0.1.0"
#define AppExe "tiepnhan.exe"

[Setup]
AppId={{6C1E0F7A-3B58-4D0B-9E52-6A8E2B1D7C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=TiepNhan developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine install; the vault stays in each user's %APPDATA% and is never
; touched by the installer or the uninstaller.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\target\windows
OutputBaseFilename=TiepNhan-{#AppVersion}-setup
SetupIconFile=..\..\assets\icons\tiepnhan.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\target\release\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\assets\icons\tiepnhan.ico"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\assets\fonts\OFL.txt"; DestDir: "{app}\licenses"; DestName: "OFL-BeVietnamPro.txt"
Source: "..\..\README.md"; DestDir: "{app}"; DestName: "README.txt"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\tiepnhan.ico"
Name: "{group}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; IconFilename: "{app}\tiepnhan.ico"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\tiepnhan.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

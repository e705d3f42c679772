; TiepNhan installer for Windows x64 (NSIS 3, Unicode), built on Linux by
; packaging/windows/build.sh:
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DEXE=.../tiepnhan.exe \
;            -DROOT=<repository> -DLANGDIR=<NFC copy of NSIS's Vietnamese files> \
;            -DOUTFILE=.../TiepNhan-Setup-0.1.0-x64.exe tiepnhan.nsi
;
; Per-user: installs into %LOCALAPPDATA%\Programs\TiepNhan without
; administrator rights; Start-menu shortcuts and an optional desktop shortcut;
; Vietnamese and English pages; installing again upgrades in place. The
; uninstaller removes the program and never the vaults, which live in the
; user's data folder (%LOCALAPPDATA%\TiepNhan\TiepNhan\data).

Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS Win10
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!ifndef VERSION
  !error "VERSION is not defined: build with packaging/windows/build.sh"
!endif
!ifndef VERSION4
  !error "VERSION4 is not defined: build with packaging/windows/build.sh"
!endif
!ifndef EXE
  !error "EXE is not defined: build with packaging/windows/build.sh"
!endif
!ifndef ROOT
  !error "ROOT is not defined: build with packaging/windows/build.sh"
!endif
!ifndef OUTFILE
  !error "OUTFILE is not defined: build with packaging/windows/build.sh"
!endif
!ifndef LANGDIR
  !error "LANGDIR is not defined: build with packaging/windows/build.sh"
!endif

!define APP "TiepNhan"
!define PUBLISHER "TiepNhan developers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\TiepNhan"
!define APP_KEY "Software\TiepNhan"
; Where the program keeps its data (vaults, print copies), from the
; `directories` crate: never removed by the uninstaller, except the print
; copies' folder in its cache.
!define DATA_PARENT "$LOCALAPPDATA\TiepNhan\TiepNhan"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} ${VERSION} Setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}, MIT OR Apache-2.0"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ROOT}/assets/icons/tiepnhan.ico"
!define MUI_UNICON "${ROOT}/assets/icons/tiepnhan.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

; The installer's language is remembered for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\tiepnhan.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UnConfirmText)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default. NSIS's own Vietnamese strings are
; written with combining tone marks (decomposed); build.sh passes LANGDIR, a
; copy normalised to NFC (precomposed letters), as all text in TiepNhan is.
!insertmacro MUI_LANGUAGEEX "${LANGDIR}" "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WelcomeText ${LANG_VIETNAMESE} "Trình cài đặt sẽ cài ${APP} ${VERSION} — phần mềm tiếp nhận, sàng lọc và chuyển gửi công dân được bàn giao tại cửa khẩu — cho riêng tài khoản Windows này. Không cần quyền quản trị.$\r$\n$\r$\nDữ liệu (kho dữ liệu đã mã hóa) nằm trong thư mục dữ liệu của tài khoản; cài đặt, cập nhật hay gỡ bỏ phần mềm đều không xóa dữ liệu.$\r$\n$\r$\n$(^ClickNext)"
LangString WelcomeText ${LANG_ENGLISH} "This will install ${APP} ${VERSION} — reception, screening and referral of citizens handed over at the border — for this Windows account only. No administrator rights are needed.$\r$\n$\r$\nThe data (the encrypted vault) lives in this account's data folder; installing, upgrading or uninstalling the program never deletes it.$\r$\n$\r$\n$(^ClickNext)"
LangString FinishText ${LANG_VIETNAMESE} "${APP} đã được cài đặt.$\r$\n$\r$\nLần đầu mở phần mềm, hãy tạo kho dữ liệu của đơn vị và cất mã khôi phục ở nơi an toàn. Sao lưu thường xuyên ra USB trong mục Sao lưu."
LangString FinishText ${LANG_ENGLISH} "${APP} has been installed.$\r$\n$\r$\nOn first start, create your unit's vault and keep the recovery code somewhere safe. Back up to a USB stick regularly from the Backup area."
LangString UnConfirmText ${LANG_VIETNAMESE} "${APP} sẽ được gỡ khỏi máy tính. Kho dữ liệu trong thư mục ${DATA_PARENT}\data được giữ nguyên; chỉ xóa thư mục đó bằng tay, sau khi đã có bản sao lưu đã kiểm tra."
LangString UnConfirmText ${LANG_ENGLISH} "${APP} will be removed from this computer. The vaults in ${DATA_PARENT}\data are kept; delete that folder by hand only after a verified backup."
LangString SecProgram ${LANG_VIETNAMESE} "${APP} (bắt buộc)"
LangString SecProgram ${LANG_ENGLISH} "${APP} (required)"
LangString SecDesktop ${LANG_VIETNAMESE} "Lối tắt trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString DemoShortcut ${LANG_VIETNAMESE} "${APP} (dữ liệu mẫu)"
LangString DemoShortcut ${LANG_ENGLISH} "${APP} (demo)"

Function .onInit
  ; Vietnamese unless the officer chose English before (remembered), also
  ; on an English Windows.
  StrCpy $LANGUAGE ${LANG_VIETNAMESE}
  ${IfNot} ${Silent}
    !insertmacro MUI_LANGDLL_DISPLAY
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!$(SecProgram)" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; Upgrade in place, also while an older copy is running: Windows lets a
  ; running program's file be renamed, not overwritten.
  Delete "$INSTDIR\tiepnhan.exe.old"
  ${If} ${FileExists} "$INSTDIR\tiepnhan.exe"
    Rename "$INSTDIR\tiepnhan.exe" "$INSTDIR\tiepnhan.exe.old"
  ${EndIf}
  File "/oname=tiepnhan.exe" "${EXE}"
  Delete "$INSTDIR\tiepnhan.exe.old"
  File "/oname=tiepnhan.ico" "${ROOT}/assets/icons/tiepnhan.ico"
  File "/oname=README.txt" "${ROOT}/README.md"
  SetOutPath "$INSTDIR\licenses"
  File "${ROOT}/assets/fonts/*.txt"
  SetOutPath "$INSTDIR"

  ; Both languages' demo shortcut names are removed first (a reinstall in
  ; the other language).
  Delete "$SMPROGRAMS\${APP} (dữ liệu mẫu).lnk"
  Delete "$SMPROGRAMS\${APP} (demo).lnk"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\tiepnhan.exe" "" "$INSTDIR\tiepnhan.exe" 0
  CreateShortcut "$SMPROGRAMS\$(DemoShortcut).lnk" "$INSTDIR\tiepnhan.exe" "--demo" "$INSTDIR\tiepnhan.exe" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\tiepnhan.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "$(SecDesktop)" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\tiepnhan.exe" "" "$INSTDIR\tiepnhan.exe" 0
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\tiepnhan.exe"
  Delete "$INSTDIR\tiepnhan.exe.old"
  Delete "$INSTDIR\tiepnhan.ico"
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\licenses\*.txt"
  RMDir "$INSTDIR\licenses"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP} (dữ liệu mẫu).lnk"
  Delete "$SMPROGRAMS\${APP} (demo).lnk"
  Delete "$DESKTOP\${APP}.lnk"
  ; Print copies are wiped by the program itself; their folder goes too.
  ; The data folder (the vaults) is left exactly as it is.
  RMDir /r "${DATA_PARENT}\cache\print"
  RMDir "${DATA_PARENT}\cache"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd

; Inno Setup 6 installer for Chorus Desktop (Windows, 64-bit). Saved as UTF-8 with BOM so that
; Inno Setup reads the accented French texts correctly.
;
;   iscc /DAppVersion=0.1.0 /DDistDir=..\..\dist\chorus-desktop /DOutputDir=..\..\dist packaging\windows\chorus-desktop.iss
;
; packaging/build.py runs this after PyInstaller, with the right values. The installer:
; - installs for the current user only, without administrator rights (PrivilegesRequired=lowest:
;   %LOCALAPPDATA%\Programs\Chorus Desktop, registry keys under HKEY_CURRENT_USER);
; - adds a Start menu entry (and a desktop shortcut if the user ticks it);
; - registers Chorus Desktop for PDF files in Explorer's "Ouvrir avec" menu, without taking over the
;   default PDF reader;
; - on update, replaces the program files but never touches the user's data (invoices, history and
;   settings live in %LOCALAPPDATA%\Chorus Desktop\chorus-desktop, outside {app}).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\dist\chorus-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Chorus Desktop"
#define AppExe "ChorusDesktop.exe"
#define CliExe "chorus-desktop.exe"
#define ProgId "ChorusDesktop.Facture.pdf"

[Setup]
; Never change AppId: Windows uses it to recognise an update of the same application.
AppId={{A30382C3-84F8-4D89-9170-153FE8F2FD3F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Chorus Desktop
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Installation de {#AppName}
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupIconFile=..\..\resources\icons\chorus-desktop.ico
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename=ChorusDesktop-{#AppVersion}-installation
; Close a running Chorus Desktop before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[InstallDelete]
; Files of the previous version that the new one may no longer ship.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Déposer et suivre ses factures sur Chorus Pro"
Name: "{group}\Désinstaller {#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Ouvrir avec" for .pdf, per user (HKA = HKEY_CURRENT_USER in a non-administrative install).
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Facture PDF (Chorus Desktop)"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "Lancer {#AppName}"; Flags: nowait postinstall skipifsilent

; Inno Setup script: a per-user installer of the PyInstaller one-folder build (dist\carapp\).
; Built by .github/workflows/windows.yml:  ISCC.exe /DAppVersion=0.1.0 installer\carapp.iss
; Per-user: no administrator rights (offices' PCs are locked down); the program goes to
; %LOCALAPPDATA%\Programs\carapp, the data stays where carapp puts it with platformdirs
; (%LOCALAPPDATA%\carapp\carapp: the database, its backups) and is NOT removed on uninstall.
; No file association: carapp's packages are plain .zip files that officers must also be able
; to open in Explorer (the human-readable PDFs and Excel files inside); taking over .zip would
; break that, and a package is imported from inside the app, after choosing city or unit.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0F5C8E-3E47-4C55-9A0E-4D4D2A7C1A11}
AppName=carapp — Kế hoạch cải cách hành chính
AppVersion={#AppVersion}
AppPublisher=carapp
DefaultDirName={localappdata}\Programs\carapp
DefaultGroupName=carapp
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DisableProgramGroupPage=yes
OutputBaseFilename=carapp-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\carapp.exe
WizardStyle=modern

[Languages]
; Inno Setup ships no official Vietnamese wizard text; the unofficial Vietnamese.isl can be
; dropped into installer\ and named here. The wizard is in English meanwhile.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\carapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\carapp"; Filename: "{app}\carapp.exe"; Comment: "Kế hoạch cải cách hành chính"
Name: "{userdesktop}\carapp"; Filename: "{app}\carapp.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; Flags: unchecked

[Run]
Filename: "{app}\carapp.exe"; Description: "Mở carapp"; Flags: nowait postinstall skipifsilent

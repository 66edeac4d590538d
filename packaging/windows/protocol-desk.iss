; Inno Setup script: installs the one-folder build dist\protocol-desk for the current user
; (or all users when run elevated), with a Start menu entry and an uninstaller.
; Build on Windows, from the repository root, after `sh packaging/build.sh` (Git Bash) or
; the same PyInstaller command run by hand (see packaging/README.md):
;   iscc packaging\windows\protocol-desk.iss
; The installer is written to dist\ (protocol-desk-<version>-setup.exe).

#define AppName "Protocol Desk"
; Keep in step with pyproject.toml; or pass /DAppVersion=x.y.z to iscc.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F0D5B0E-3C1A-4F7E-9C55-2B7A8E1D4C90}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The Protocol Desk developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequiredOverridesAllowed=dialog
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=protocol-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\Protocol Desk.exe

[Files]
Source: "..\..\dist\protocol-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The windowed twin starts without a console window; protocol-desk.exe is the command line.
Name: "{group}\{#AppName}"; Filename: "{app}\Protocol Desk.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\Protocol Desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\Protocol Desk.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

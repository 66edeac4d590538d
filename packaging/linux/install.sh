#!/bin/sh
# Installs the built program (dist/protocol-desk, from packaging/build.sh) for one user or,
# with PREFIX=/usr/local run as root, for everyone: the program folder, a protocol-desk
# command, the menu entry, the AppStream metainfo and the icon in the hicolor theme.
#   sh packaging/linux/install.sh            into ~/.local
#   PREFIX=/usr/local sh packaging/linux/install.sh
set -eu
cd "$(dirname "$0")/../.."
prefix=${PREFIX:-$HOME/.local}
id=org.protocoldesk.ProtocolDesk
[ -x dist/protocol-desk/protocol-desk ] || { echo "run sh packaging/build.sh first" >&2; exit 1; }

rm -rf "$prefix/lib/protocol-desk"
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications" "$prefix/share/metainfo"
cp -R dist/protocol-desk "$prefix/lib/protocol-desk"
ln -sf "$prefix/lib/protocol-desk/protocol-desk" "$prefix/bin/protocol-desk"
# The menu entry names the command by full path: ~/.local/bin is not always on PATH.
sed -e "s|^Exec=protocol-desk|Exec=$prefix/bin/protocol-desk|" \
  -e "s|^TryExec=protocol-desk|TryExec=$prefix/bin/protocol-desk|" \
  "packaging/linux/$id.desktop" > "$prefix/share/applications/$id.desktop"
cp "packaging/linux/$id.metainfo.xml" "$prefix/share/metainfo/"
for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "$prefix/share/icons/hicolor/${size}x$size/apps"
  cp "resources/icons/protocol-desk-$size.png" "$prefix/share/icons/hicolor/${size}x$size/apps/$id.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp resources/icons/protocol-desk.svg "$prefix/share/icons/hicolor/scalable/apps/$id.svg"
# Menus and icon caches pick the new files up at once where the tools exist.
command -v update-desktop-database >/dev/null 2>&1 \
  && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
  && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "installed $prefix/bin/protocol-desk"

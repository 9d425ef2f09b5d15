#!/bin/sh
# Install (or update) Chorus Desktop for the current user, without root rights.
#
#     ./install.sh             from the unpacked chorus-desktop folder
#     ./install.sh --uninstall
#
# The application goes to ~/.local/opt/chorus-desktop (replaced on update), the command to
# ~/.local/bin/chorus-desktop, the menu entry and the "Ouvrir avec" entry for PDF files to
# ~/.local/share/applications, the icons to ~/.local/share/icons. Invoices, history and settings live
# elsewhere (~/.local/share/chorus-desktop, ~/.config/chorus-desktop): updating or uninstalling keeps them.
set -eu

HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET="$HOME/.local/opt/chorus-desktop"
BIN="$HOME/.local/bin"
APPLICATIONS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPLICATIONS" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$TARGET"
    rm -f "$BIN/chorus-desktop" "$APPLICATIONS/chorus-desktop.desktop"
    find "$ICONS" \( -name chorus-desktop.png -o -name chorus-desktop.svg \) -path '*/apps/*' -delete 2>/dev/null || true
    refresh_caches
    echo "Chorus Desktop est désinstallé (vos factures et réglages sont conservés)."
    exit 0
fi

if [ ! -x "$HERE/chorus-desktop" ]; then
    echo "Lancez ce script depuis le dossier chorus-desktop décompressé." >&2
    exit 1
fi
if [ "$HERE" != "$TARGET" ]; then
    mkdir -p "$(dirname "$TARGET")"
    rm -rf "$TARGET.new"
    cp -R "$HERE" "$TARGET.new"
    rm -rf "$TARGET"
    mv "$TARGET.new" "$TARGET"
fi
mkdir -p "$BIN" "$APPLICATIONS"
ln -sf "$TARGET/chorus-desktop" "$BIN/chorus-desktop"
sed -e "s|^Exec=chorus-desktop|Exec=\"$TARGET/chorus-desktop\"|" \
    -e "s|^TryExec=chorus-desktop|TryExec=$TARGET/chorus-desktop|" \
    "$TARGET/share/applications/chorus-desktop.desktop" > "$APPLICATIONS/chorus-desktop.desktop"
for icon in "$TARGET"/share/icons/chorus-desktop-*.png; do
    size=$(basename "$icon" .png | sed 's/chorus-desktop-//')
    mkdir -p "$ICONS/${size}x${size}/apps"
    cp "$icon" "$ICONS/${size}x${size}/apps/chorus-desktop.png"
done
mkdir -p "$ICONS/scalable/apps"
cp "$TARGET/share/icons/chorus-desktop.svg" "$ICONS/scalable/apps/chorus-desktop.svg"
refresh_caches
echo "Chorus Desktop est installé : menu des applications, ou commande chorus-desktop."

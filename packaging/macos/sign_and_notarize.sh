#!/bin/sh
# Sign "Chorus Desktop.app" with the hardened runtime, notarize it with Apple and staple the ticket,
# then make a signed, notarized .dmg. Run on a Mac, after `python3 packaging/build.py`
# (build.py calls this script itself when CHORUS_MACOS_SIGN_IDENTITY is set).
#
#     packaging/macos/sign_and_notarize.sh "dist/Chorus Desktop.app" dist/ChorusDesktop-0.1.0.dmg
#
# Identities and credentials come ONLY from the environment (CI secrets or the maintainer's shell),
# never from the repository:
#   CHORUS_MACOS_SIGN_IDENTITY   "Developer ID Application: Nom (TEAMID)", a certificate in the keychain
#   and, for notarization, either
#   CHORUS_MACOS_NOTARY_PROFILE  a notarytool keychain profile, created once with
#                                `xcrun notarytool store-credentials <profile> --apple-id ... --team-id ...`
#   or all three of
#   CHORUS_MACOS_NOTARY_APPLE_ID, CHORUS_MACOS_NOTARY_TEAM_ID, CHORUS_MACOS_NOTARY_PASSWORD
#                                (an app-specific password from appleid.apple.com)
# Without notary credentials the app is signed but not notarized (fine for testing on one's own Mac;
# Gatekeeper will warn other users).
set -eu

APP=${1:?usage: sign_and_notarize.sh APP_PATH DMG_PATH}
DMG=${2:?usage: sign_and_notarize.sh APP_PATH DMG_PATH}
IDENTITY=${CHORUS_MACOS_SIGN_IDENTITY:?CHORUS_MACOS_SIGN_IDENTITY must name a Developer ID Application certificate}
ENTITLEMENTS="$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)/entitlements.plist"

notarize() {
    if [ -n "${CHORUS_MACOS_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$1" --keychain-profile "$CHORUS_MACOS_NOTARY_PROFILE" --wait
    elif [ -n "${CHORUS_MACOS_NOTARY_APPLE_ID:-}" ]; then
        xcrun notarytool submit "$1" --apple-id "$CHORUS_MACOS_NOTARY_APPLE_ID" \
            --team-id "${CHORUS_MACOS_NOTARY_TEAM_ID:?}" --password "${CHORUS_MACOS_NOTARY_PASSWORD:?}" --wait
    else
        echo "Pas d'identifiants de notarisation : $1 est signé mais pas notarisé." >&2
        return 1
    fi
}

# 1. Sign from the inside out: every library and executable, then the bundle itself. (PyInstaller
#    already signs when the identity is set at build time; re-signing here makes the script usable
#    on an unsigned build too.) --options runtime = hardened runtime, required by notarization.
find "$APP/Contents" -type f \( -name '*.so' -o -name '*.dylib' -o -perm -u+x \) -print0 |
    xargs -0 codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" --sign "$IDENTITY"
codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" --sign "$IDENTITY" "$APP"
codesign --verify --deep --strict --verbose=2 "$APP"

# 2. Notarize the .app (submitted as a zip), then staple the ticket so it validates offline.
ZIP="${DMG%.dmg}-notarisation.zip"
ditto -c -k --keepParent "$APP" "$ZIP"
if notarize "$ZIP"; then
    xcrun stapler staple "$APP"
    NOTARIZED=1
else
    NOTARIZED=0
fi
rm -f "$ZIP"

# 3. The disk image users download: sign it, and notarize it too so the download itself passes Gatekeeper.
rm -f "$DMG"
hdiutil create -volname "Chorus Desktop" -srcfolder "$APP" -ov -format UDZO "$DMG"
codesign --force --timestamp --sign "$IDENTITY" "$DMG"
if [ "$NOTARIZED" = 1 ] && notarize "$DMG"; then
    xcrun stapler staple "$DMG"
fi
spctl --assess --type execute --verbose "$APP" || true
echo "Prêt : $DMG"

#!/bin/sh
# The deb's after-install script (electron-builder.yml deb.afterInstall; ${executable} and
# ${sanitizedProductName} are filled in by electron-builder). It does what a desktop package needs — the
# command on PATH, the Chromium sandbox helper's mode, the desktop database — and makes the machine's data
# folder with its group (docs/release.md §6).
set -e
APP_DIR='/opt/${sanitizedProductName}'
ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
# The setuid sandbox helper is only wanted where the kernel has no unprivileged user namespaces.
if unshare --user true >/dev/null 2>&1; then chmod 0755 "$APP_DIR/chrome-sandbox" || true; else chmod 4755 "$APP_DIR/chrome-sandbox" || true; fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database /usr/share/applications || true
sh "$APP_DIR/resources/linux-data-folder.sh" /var/lib/etc-counter

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../main/app/renderer-build';

/**
 * The NSIS include of the Windows installer (scripts/installer/windows-installer.nsh, docs/release.md §6,
 * §11) compiled by Debian's makensis inside a small installer that inserts its macros as electron-builder's
 * template does: its syntax and its jumps are checked here; what it does is on the Windows checklist.
 */
const include = join(REPO_ROOT, 'scripts', 'installer', 'windows-installer.nsh');
const makensis = ['/usr/bin/makensis', '/usr/local/bin/makensis'].find((p) => existsSync(p));

describe('the Windows installer\'s NSIS include', () => {
  it('asks the app to close without /F and gives a silent install up with 1618; grants the data folder to the group only', () => {
    const text = readFileSync(include, 'utf8');
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith(';')).join('\n');
    expect(code).toContain('taskkill.exe" /IM');
    expect(code).not.toMatch(/taskkill[^\n]*\/F/);
    expect(text).toContain('SetErrorLevel 1618');
    expect(text).toMatch(/icacls\.exe" "\$R0\\etc-counter" \/inheritance:r \/grant:r "\*S-1-5-18:\(OI\)\(CI\)F" "\*S-1-5-32-544:\(OI\)\(CI\)F" "ETC Counter Users:\(OI\)\(CI\)M"/);
    expect(text).toMatch(/etc-counter\\policy" \/inheritance:r[^\n]*"ETC Counter Users:\(OI\)\(CI\)RX"/);
  });

  it('compiles with makensis as electron-builder inserts it', (ctx) => {
    if (!makensis) {
      process.stdout.write('skipped: makensis is not installed (Debian package nsis; scripts/setup-system.sh installs it)\n');
      ctx.skip();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'etc-nsis-'));
    writeFileSync(join(dir, 'test.nsi'), [
      'Unicode true', 'OutFile "installer.exe"', 'RequestExecutionLevel user',
      'LoadLanguageFile "${NSISDIR}\\Contrib\\Language files\\English.nlf"',
      '!define APP_EXECUTABLE_FILENAME "etc-counter.exe"',
      'LangString appClosing ${LANG_ENGLISH} "Closing the app"', 'LangString appCannotBeClosed ${LANG_ENGLISH} "The app cannot be closed"',
      `!include "${include}"`,
      'Function .onInit', '  !insertmacro customCheckAppRunning', 'FunctionEnd',
      'Function un.onInit', '  !insertmacro customCheckAppRunning', 'FunctionEnd',
      'Section "install"', '  !insertmacro customInstall', '  WriteUninstaller "$TEMP\\u.exe"', 'SectionEnd',
      'Section "Uninstall"', 'SectionEnd', '',
    ].join('\n'));
    const r = spawnSync(makensis, ['-V2', '-WX', 'test.nsi'], { cwd: dir, encoding: 'utf8' });
    expect({ status: r.status, out: r.status === 0 ? '' : `${r.stdout}${r.stderr}` }).toEqual({ status: 0, out: '' });
    expect(execFileSync('file', [join(dir, 'installer.exe')], { encoding: 'utf8' })).toMatch(/PE32/);
  });
});

; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include; docs/release.md §6, §11).
;
; customInstall — the machine's data folder: the local group "ETC Counter Users" (created when missing; the
;   bank's estate tools put the clerks' accounts in it), %ProgramData%\etc-counter with inheritance cut off
;   and Modify for that group only (SYSTEM and Administrators full control, no one else), and its policy\
;   folder that the group may only read (the machine policy, docs/release.md §7). Well-known SIDs, not
;   names: the installer runs on Chinese Windows.
; customCheckAppRunning — replaces electron-builder's check, which in silent mode (/S) force-kills the app
;   (taskkill /F) and so would cut a card write in half. The app is asked to close (taskkill without /F:
;   WM_CLOSE); it lets the card step in progress finish and journals it, then exits. Still running after
;   90 s: a silent install gives up with exit code 1618 (the deployment tool retries in its next window),
;   an interactive one asks to retry or cancel.

!macro customInstall
  ReadEnvStr $R0 PROGRAMDATA
  nsExec::Exec `"$SYSDIR\net.exe" localgroup "ETC Counter Users" /add /comment:"ETC counter clerks"`
  Pop $R1
  CreateDirectory "$R0\etc-counter"
  nsExec::ExecToLog `"$SYSDIR\icacls.exe" "$R0\etc-counter" /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "ETC Counter Users:(OI)(CI)M"`
  Pop $R1
  CreateDirectory "$R0\etc-counter\policy"
  nsExec::ExecToLog `"$SYSDIR\icacls.exe" "$R0\etc-counter\policy" /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "ETC Counter Users:(OI)(CI)RX"`
  Pop $R1
!macroend

!macro customCheckAppRunning
  StrCpy $R1 0
  etc_check_running:
    nsExec::Exec `"$SYSDIR\cmd.exe" /C tasklist /FI "IMAGENAME eq ${APP_EXECUTABLE_FILENAME}" /FO CSV /NH | "$SYSDIR\findstr.exe" /B /I /C:"\"${APP_EXECUTABLE_FILENAME}\""`
    Pop $R0
    StrCmp $R0 0 0 etc_not_running
    StrCmp $R1 0 0 +4
      DetailPrint "$(appClosing)"
      nsExec::Exec `"$SYSDIR\taskkill.exe" /IM "${APP_EXECUTABLE_FILENAME}"`
      Pop $R2
    IntOp $R1 $R1 + 1
    IntCmp $R1 90 0 etc_wait
      IfSilent 0 +3
        SetErrorLevel 1618
        Quit
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(appCannotBeClosed)" IDRETRY etc_retry
      Quit
    etc_retry:
      StrCpy $R1 0
      Goto etc_check_running
    etc_wait:
      Sleep 1000
      Goto etc_check_running
  etc_not_running:
!macroend

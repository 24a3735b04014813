@echo off
rem The installed app's command line (docs/release.md §9): etc-counter.exe is a windows program, so cmd.exe
rem would not wait for it nor show what it prints; from a batch file it waits, and the output is passed on.
rem   etc-counter-cli journal verify --operator S01
"%~dp0etc-counter.exe" %*
exit /b %ERRORLEVEL%

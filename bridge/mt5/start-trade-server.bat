@echo off
rem HYDRA MT5 bridge: the trade server (REP). See README.md in this folder.
rem Settings come from the environment (set them in the system settings or in a local, uncommitted
rem env.bat next to this file, which is run first when present): FTMO_LOGIN, FTMO_PASS, FTMO_SERVER,
rem HYDRA_BRIDGE_REP, HYDRA_BRIDGE_PUB, HYDRA_BRIDGE_SYMBOLS, HYDRA_BRIDGE_SERVER_OFFSET_HOURS, ...
setlocal
set "BRIDGE_DIR=%~dp0"
cd /d "%BRIDGE_DIR%"
if exist "%BRIDGE_DIR%env.bat" call "%BRIDGE_DIR%env.bat"
if exist "%BRIDGE_DIR%.venv\Scripts\activate.bat" call "%BRIDGE_DIR%.venv\Scripts\activate.bat"
set "PYTHONPATH=%BRIDGE_DIR%;%PYTHONPATH%"
set "PYTHONUNBUFFERED=1"
:loop
python -m hydra_bridge trade %*
if errorlevel 2 (
  echo hydra_bridge: configuration error, not restarting.
  pause
  exit /b 2
)
echo hydra_bridge trade exited; restarting in 5 seconds (Ctrl-C to stop)...
timeout /t 5 /nobreak >nul
goto loop

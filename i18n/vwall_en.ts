<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CameraTree</name>
    <message>
        <source>Search code or name</source>
        <translation>Search code or name</translation>
    </message>
    <message>
        <source>By territory</source>
        <translation>By territory</translation>
    </message>
    <message>
        <source>By operating unit</source>
        <translation>By operating unit</translation>
    </message>
    <message>
        <source>By domain</source>
        <translation>By domain</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Degraded</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Traffic</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Education</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Industrial zones</source>
        <translation>Industrial zones</translation>
    </message>
    <message>
        <source>Urban management</source>
        <translation>Urban management</translation>
    </message>
    <message>
        <source>Security and order</source>
        <translation>Security and order</translation>
    </message>
    <message>
        <source>Tourism</source>
        <translation>Tourism</translation>
    </message>
    <message>
        <source>No domain</source>
        <translation>No domain</translation>
    </message>
    <message>
        <source>Last seen: %1</source>
        <translation>Last seen: %1</translation>
    </message>
    <message>
        <source>Never seen</source>
        <translation>Never seen</translation>
    </message>
    <message>
        <source>Clock offset: %1 s</source>
        <translation>Clock offset: %1 s</translation>
    </message>
    <message>
        <source>the camera&apos;s clock is wrong</source>
        <translation>the camera&apos;s clock is wrong</translation>
    </message>
    <message>
        <source>No territory</source>
        <translation>No territory</translation>
    </message>
    <message>
        <source>No unit</source>
        <translation>No unit</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Favourites</translation>
    </message>
    <message>
        <source>Remove from favourites</source>
        <translation>Remove from favourites</translation>
    </message>
    <message>
        <source>Add to favourites</source>
        <translation>Add to favourites</translation>
    </message>
    <message>
        <source>Open on the selected tile</source>
        <translation>Open on the selected tile</translation>
    </message>
</context>
<context>
    <name>ConsoleApp</name>
    <message>
        <source>Starting the local hub…</source>
        <translation>Starting the local hub…</translation>
    </message>
    <message>
        <source>The local hub did not start: %1</source>
        <translation>The local hub did not start: %1</translation>
    </message>
</context>
<context>
    <name>CustomLayoutDialog</name>
    <message>
        <source>Custom layout</source>
        <translation>Custom layout</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Large tile (cells per side)</source>
        <translation>Large tile (cells per side)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DisplayController</name>
    <message>
        <source>Display revoked — contact the administrator</source>
        <translation>Display revoked — contact the administrator</translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <source>vwall display</source>
        <translation>vwall display</translation>
    </message>
    <message>
        <source>Waiting for a wall…</source>
        <translation>Waiting for a wall…</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Your one-time code was reset. Log out and log in again.</source>
        <translation>Your one-time code was reset. Log out and log in again.</translation>
    </message>
    <message>
        <source>Check the values entered.</source>
        <translation>Check the values entered.</translation>
    </message>
    <message>
        <source>Wrong password or one-time code.</source>
        <translation>Wrong password or one-time code.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Too many failed attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Cannot reach the hub. Check the network.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>Console locked</source>
        <translation>Console locked</translation>
    </message>
    <message>
        <source>The console is locked</source>
        <translation>The console is locked</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>One-time code (OTP)</source>
        <translation>One-time code (OTP)</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
    <message>
        <source>Enter your password and the one-time code.</source>
        <translation>Enter your password and the one-time code.</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <source>Enter the one-time code (OTP).</source>
        <translation>Enter the one-time code (OTP).</translation>
    </message>
    <message>
        <source>The one-time code has 6 digits.</source>
        <translation>The one-time code has 6 digits.</translation>
    </message>
    <message>
        <source>Password changed. Log in again with the new password and the next one-time code.</source>
        <translation>Password changed. Log in again with the new password and the next one-time code.</translation>
    </message>
    <message>
        <source>The hub address is not valid.</source>
        <translation>The hub address is not valid.</translation>
    </message>
    <message>
        <source>The one-time code is wrong. Check that the device&apos;s clock is right and enter the code on show now.</source>
        <translation>The one-time code is wrong. Check that the device&apos;s clock is right and enter the code on show now.</translation>
    </message>
    <message>
        <source>Check the values entered: some are too long or not allowed.</source>
        <translation>Check the values entered: some are too long or not allowed.</translation>
    </message>
    <message>
        <source>Wrong user name, password or one-time code. After repeated failures the account is locked: then ask your administrator to unlock it.</source>
        <translation>Wrong user name, password or one-time code. After repeated failures the account is locked: then ask your administrator to unlock it.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 seconds.</source>
        <translation>Too many failed attempts. Try again in %1 seconds.</translation>
    </message>
    <message>
        <source>Cannot reach the hub at %1. Check the address and the network.</source>
        <translation>Cannot reach the hub at %1. Check the address and the network.</translation>
    </message>
    <message>
        <source>The login session has expired. Log in again.</source>
        <translation>The login session has expired. Log in again.</translation>
    </message>
    <message>
        <source>The hub cannot read its stored one-time code keys. Ask the administrator to restore the hub&apos;s key file.</source>
        <translation>The hub cannot read its stored one-time code keys. Ask the administrator to restore the hub&apos;s key file.</translation>
    </message>
    <message>
        <source>You must change your password before continuing.</source>
        <translation>You must change your password before continuing.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <source>The new password needs at least 12 characters.</source>
        <translation>The new password needs at least 12 characters.</translation>
    </message>
    <message>
        <source>The new password is too long.</source>
        <translation>The new password is too long.</translation>
    </message>
    <message>
        <source>The new password is too common; choose another.</source>
        <translation>The new password is too common; choose another.</translation>
    </message>
    <message>
        <source>The new password must not contain your user name.</source>
        <translation>The new password must not contain your user name.</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>The new password must differ from the current one.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>vwall — Log in</source>
        <translation>vwall — Log in</translation>
    </message>
    <message>
        <source>Log in to the control-room hub</source>
        <translation>Log in to the control-room hub</translation>
    </message>
    <message>
        <source>6 digits, or a recovery code</source>
        <translation>6 digits, or a recovery code</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Hub address</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>One-time code (OTP)</source>
        <translation>One-time code (OTP)</translation>
    </message>
    <message>
        <source>First login: set up multi-factor authentication (MFA). Scan the QR code with an authenticator app, or type the secret key by hand, then enter the first code it shows.</source>
        <translation>First login: set up multi-factor authentication (MFA). Scan the QR code with an authenticator app, or type the secret key by hand, then enter the first code it shows.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Secret key</translation>
    </message>
    <message>
        <source>These ten recovery codes are shown only once. Store them in a safe place: each one replaces a one-time code once if the authenticator is lost.</source>
        <translation>These ten recovery codes are shown only once. Store them in a safe place: each one replaces a one-time code once if the authenticator is lost.</translation>
    </message>
    <message>
        <source>I have stored the codes</source>
        <translation>I have stored the codes</translation>
    </message>
    <message>
        <source>Your password must be changed before you continue. The new password needs at least 12 characters and must not contain your user name.</source>
        <translation>Your password must be changed before you continue. The new password needs at least 12 characters and must not contain your user name.</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Repeat the new password</translation>
    </message>
    <message>
        <source>Enter the hub address, your user name and password.</source>
        <translation>Enter the hub address, your user name and password.</translation>
    </message>
    <message>
        <source>The two new passwords do not match.</source>
        <translation>The two new passwords do not match.</translation>
    </message>
    <message>
        <source>Contacting the hub…</source>
        <translation>Contacting the hub…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>vwall — Video wall</source>
        <translation>vwall — Video wall</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>Wall</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>Move to screen</source>
        <translation>Move to screen</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Screen</translation>
    </message>
    <message>
        <source>Watermark</source>
        <translation>Watermark</translation>
    </message>
    <message>
        <source>Show your user name and the time over the video</source>
        <translation>Show your user name and the time over the video</translation>
    </message>
    <message>
        <source>Clear tile</source>
        <translation>Clear tile</translation>
    </message>
    <message>
        <source>Clear wall</source>
        <translation>Clear wall</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>Lock now</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Layout: %1</source>
        <translation>Layout: %1</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>Custom layout…</source>
        <translation>Custom layout…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Connection lost</translation>
    </message>
    <message>
        <source>Hub %1: %2</source>
        <translation>Hub %1: %2</translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation>User: %1</translation>
    </message>
</context>
<context>
    <name>OperatorPanels</name>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>Keep the selected tile&apos;s picture on the hub as evidence</source>
        <translation>Keep the selected tile&apos;s picture on the hub as evidence</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Playback</translation>
    </message>
    <message>
        <source>Switch the selected tile between live video and its recordings</source>
        <translation>Switch the selected tile between live video and its recordings</translation>
    </message>
    <message>
        <source>Select a tile with a camera to play its recordings.</source>
        <translation>Select a tile with a camera to play its recordings.</translation>
    </message>
    <message>
        <source>That time is older than your archive limit.</source>
        <translation>That time is older than your archive limit.</translation>
    </message>
    <message>
        <source>You may not view this camera&apos;s recordings.</source>
        <translation>You may not view this camera&apos;s recordings.</translation>
    </message>
    <message>
        <source>The hub refused the recording (%1).</source>
        <translation>The hub refused the recording (%1).</translation>
    </message>
    <message>
        <source>The recordings could not be loaded (%1).</source>
        <translation>The recordings could not be loaded (%1).</translation>
    </message>
    <message>
        <source>Select a tile with a camera.</source>
        <translation>Select a tile with a camera.</translation>
    </message>
    <message>
        <source>Taking a snapshot…</source>
        <translation>Taking a snapshot…</translation>
    </message>
    <message>
        <source>You may not take a snapshot of this camera.</source>
        <translation>You may not take a snapshot of this camera.</translation>
    </message>
    <message>
        <source>The snapshot failed (%1).</source>
        <translation>The snapshot failed (%1).</translation>
    </message>
    <message>
        <source>Snapshot kept as evidence: SHA-256 %1…</source>
        <translation>Snapshot kept as evidence: SHA-256 %1…</translation>
    </message>
</context>
<context>
    <name>PtzController</name>
    <message>
        <source>The camera was stopped by the hub.</source>
        <translation>The camera was stopped by the hub.</translation>
    </message>
    <message>
        <source>Free: nobody controls this camera</source>
        <translation>Free: nobody controls this camera</translation>
    </message>
    <message>
        <source>You have reserved this camera until %1</source>
        <translation>You have reserved this camera until %1</translation>
    </message>
    <message>
        <source>You control this camera</source>
        <translation>You control this camera</translation>
    </message>
    <message>
        <source>Reserved by %1 until %2: %3</source>
        <translation>Reserved by %1 until %2: %3</translation>
    </message>
    <message>
        <source>Controlled by %1</source>
        <translation>Controlled by %1</translation>
    </message>
    <message>
        <source>%1 is controlling this camera.</source>
        <translation>%1 is controlling this camera.</translation>
    </message>
    <message>
        <source>%1 has reserved this camera: %2</source>
        <translation>%1 has reserved this camera: %2</translation>
    </message>
    <message>
        <source>This camera cannot pan, tilt or zoom.</source>
        <translation>This camera cannot pan, tilt or zoom.</translation>
    </message>
    <message>
        <source>Too many PTZ commands; wait a moment.</source>
        <translation>Too many PTZ commands; wait a moment.</translation>
    </message>
    <message>
        <source>The camera did not carry out the command. Try again or report it.</source>
        <translation>The camera did not carry out the command. Try again or report it.</translation>
    </message>
    <message>
        <source>A preset with this name already exists.</source>
        <translation>A preset with this name already exists.</translation>
    </message>
    <message>
        <source>This preset no longer exists.</source>
        <translation>This preset no longer exists.</translation>
    </message>
    <message>
        <source>The camera has no room for another preset.</source>
        <translation>The camera has no room for another preset.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>You do not have the right to do this.</translation>
    </message>
    <message>
        <source>This camera is outside your scope.</source>
        <translation>This camera is outside your scope.</translation>
    </message>
    <message>
        <source>This camera no longer exists.</source>
        <translation>This camera no longer exists.</translation>
    </message>
    <message>
        <source>The hub cannot be reached.</source>
        <translation>The hub cannot be reached.</translation>
    </message>
    <message>
        <source>The PTZ command failed (%1).</source>
        <translation>The PTZ command failed (%1).</translation>
    </message>
    <message>
        <source>PTZ</source>
        <translation>PTZ</translation>
    </message>
</context>
<context>
    <name>PtzPad</name>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Zoom +</source>
        <translation>Zoom +</translation>
    </message>
    <message>
        <source>Zoom −</source>
        <translation>Zoom −</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>Preset name</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>Presets</translation>
    </message>
    <message>
        <source>No PTZ camera selected</source>
        <translation>No PTZ camera selected</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>−10 s</source>
        <translation>−10 s</translation>
    </message>
    <message>
        <source>Jump back 10 seconds</source>
        <translation>Jump back 10 seconds</translation>
    </message>
    <message>
        <source>+10 s</source>
        <translation>+10 s</translation>
    </message>
    <message>
        <source>Jump forward 10 seconds</source>
        <translation>Jump forward 10 seconds</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Playback speed</translation>
    </message>
    <message>
        <source>Date and time to go to</source>
        <translation>Date and time to go to</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>Go</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Back to live video</source>
        <translation>Back to live video</translation>
    </message>
    <message>
        <source>Archive: no limit</source>
        <translation>Archive: no limit</translation>
    </message>
    <message numerus="yes">
        <source>Archive: last %n day(s)</source>
        <translation>
            <numerusform>Archive: last %n day</numerusform>
            <numerusform>Archive: last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Pause playback</source>
        <translation>Pause playback</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Resume playback</source>
        <translation>Resume playback</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Archive timeline</source>
        <translation>Archive timeline</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>Camera clock %1 s ahead</source>
        <translation>Camera clock %1 s ahead</translation>
    </message>
    <message>
        <source>Camera clock %1 s behind</source>
        <translation>Camera clock %1 s behind</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>No signal — reconnecting</source>
        <translation>No signal — reconnecting</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>No permission</source>
        <translation>No permission</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Drop a camera here</source>
        <translation>Drop a camera here</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>Playing</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
</context>
<context>
    <name>WallController</name>
    <message>
        <source>The camera list could not be loaded (%1).</source>
        <translation>The camera list could not be loaded (%1).</translation>
    </message>
</context>
<context>
    <name>WallView</name>
    <message>
        <source>Video wall</source>
        <translation>Video wall</translation>
    </message>
</context>
<context>
    <name>WallsController</name>
    <message>
        <source>Walls</source>
        <translation>Walls</translation>
    </message>
    <message>
        <source>Saved walls…</source>
        <translation>Saved walls…</translation>
    </message>
    <message>
        <source>This wall no longer exists.</source>
        <translation>This wall no longer exists.</translation>
    </message>
    <message>
        <source>This wall cannot be shown: its layout is damaged.</source>
        <translation>This wall cannot be shown: its layout is damaged.</translation>
    </message>
    <message>
        <source>Wall of %1</source>
        <translation>Wall of %1</translation>
    </message>
    <message>
        <source>You already have a wall with this name.</source>
        <translation>You already have a wall with this name.</translation>
    </message>
    <message>
        <source>Only the owner can change this wall.</source>
        <translation>Only the owner can change this wall.</translation>
    </message>
    <message>
        <source>You can share only with your own unit.</source>
        <translation>You can share only with your own unit.</translation>
    </message>
    <message>
        <source>A camera of this wall is no longer in the list.</source>
        <translation>A camera of this wall is no longer in the list.</translation>
    </message>
    <message>
        <source>This display no longer exists.</source>
        <translation>This display no longer exists.</translation>
    </message>
    <message>
        <source>This display has been revoked.</source>
        <translation>This display has been revoked.</translation>
    </message>
    <message>
        <source>This display is outside your scope.</source>
        <translation>This display is outside your scope.</translation>
    </message>
    <message>
        <source>You do not have the right to do this.</source>
        <translation>You do not have the right to do this.</translation>
    </message>
    <message>
        <source>Cannot reach the hub. Check the network.</source>
        <translation>Cannot reach the hub. Check the network.</translation>
    </message>
    <message>
        <source>Check the name: it is empty, too long or not allowed.</source>
        <translation>Check the name: it is empty, too long or not allowed.</translation>
    </message>
    <message>
        <source>The hub refused the request (%1).</source>
        <translation>The hub refused the request (%1).</translation>
    </message>
</context>
<context>
    <name>WallsDialog</name>
    <message>
        <source>Saved walls</source>
        <translation>Saved walls</translation>
    </message>
    <message>
        <source>Name of the current wall</source>
        <translation>Name of the current wall</translation>
    </message>
    <message>
        <source>Share with my unit</source>
        <translation>Share with my unit</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Stop sharing</source>
        <translation>Stop sharing</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Display:</source>
        <translation>Display:</translation>
    </message>
    <message>
        <source>Show selected wall</source>
        <translation>Show selected wall</translation>
    </message>
    <message>
        <source>Show current wall</source>
        <translation>Show current wall</translation>
    </message>
    <message>
        <source>(shared)</source>
        <translation>(shared)</translation>
    </message>
    <message>
        <source>Give the wall a name.</source>
        <translation>Give the wall a name.</translation>
    </message>
    <message>
        <source>Select a wall first.</source>
        <translation>Select a wall first.</translation>
    </message>
    <message>
        <source>No display to show it on.</source>
        <translation>No display to show it on.</translation>
    </message>
</context>
</TS>
